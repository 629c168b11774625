"""How does loading the library and building one document grow with the size of the library?

    python bench/scale.py [--sizes 100,1000,10000,50000] [--runs 3] [--items 50]

For each size N a workspace is generated in a temporary directory (never committed): the
real ``blocks/_params.yaml``, and N blocks in files of ``--per-file`` (50) blocks each, made
from the real library's blocks (the same kinds, texts, parameters and tags, each with an id of
its own: ``生成/文件0007/块0012-旗帜鲜明讲政治``), plus one config of ``--items`` (50) items in
five sections, whose blocks are spread over the whole library. Then, with the YAML cache
warm (a temporary ``DRAFTER_CACHE_DIR``, filled by one untimed build; never the user's):

- the whole ``drafter build CONFIG --draft -o OUT.docx`` process, median of ``--runs``;
- in this process: ``load_library()`` alone, median of ``--runs``.

and the first build, with the cache still empty (it parses every file and fills the cache): the
whole process.

Printed: one row per size, with the time per 1,000 blocks, so that a linear curve shows as a
constant (or falling) column. No assertions: a measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZES = (100, 1_000, 10_000, 50_000)
TARGET_SIZE, TARGET = 10_000, 1.0  # the target: 10,000 blocks load and a 50-item document builds in 1 s


def drafter_command() -> list[str]:
    """The `drafter` console script of this interpreter, falling back to `python -m drafter`."""
    script = Path(sys.executable).with_name("drafter")
    if script.exists():
        return [str(script)]
    found = shutil.which("drafter")
    return [found] if found else [sys.executable, "-m", "drafter"]


def _quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _block_yaml(block: dict, new_id: str) -> list[str]:
    """One block as YAML lines, from the plain data of a real block, under a new id."""
    out = [f"  - id: {_quote(new_id)}", f"    kind: {block['kind']}"]
    if block.get("title") is not None:
        out.append(f"    title: {_quote(block['title'])}")
    out.append("    body: |")
    out += [f"      {line}" if line else "" for line in str(block["body"]).rstrip("\n").split("\n")]
    params = block.get("params") or {}
    if params:
        out.append("    params:")
        for name, spec in params.items():
            out.append(f"      {_quote(name)}:")
            for key, value in spec.items():
                if isinstance(value, bool):
                    value = "true" if value else "false"
                elif isinstance(value, str):
                    value = _quote(value)
                out.append(f"        {key}: {value}")
    if block.get("tags"):
        out.append("    tags: [" + ", ".join(_quote(t) for t in block["tags"]) + "]")
    return out


def real_blocks() -> list[dict]:
    """The real library's blocks as plain data (parsed with drafter's own YAML layer)."""
    from drafter.yamlio import load_yaml_file

    blocks = []
    for path in sorted((REPO / "blocks").rglob("*.yaml")):
        if not path.name.startswith("_"):
            blocks += [dict(b) for b in load_yaml_file(path)["blocks"]]
    return blocks


def make_workspace(root: Path, size: int, *, items: int = 50, per_file: int = 50,
                   sources: list[dict] | None = None) -> Path:
    """A workspace of *size* generated blocks under *root*; returns its config of *items* items."""
    sources = sources if sources is not None else real_blocks()
    (root / "blocks" / "生成").mkdir(parents=True)
    (root / "configs").mkdir()
    shutil.copy(REPO / "blocks" / "_params.yaml", root / "blocks" / "_params.yaml")
    by_kind: dict[str, list[str]] = {}
    for file_no in range((size + per_file - 1) // per_file):
        lines = ["blocks:"]
        for k in range(per_file):
            n = file_no * per_file + k
            if n >= size:
                break
            block = sources[n % len(sources)]
            new_id = f"生成/文件{file_no:04d}/块{k:04d}-{block['id'].rsplit('/', 1)[-1]}"
            by_kind.setdefault(block["kind"], []).append(new_id)
            lines += _block_yaml(block, new_id)
        (root / "blocks" / "生成" / f"文件{file_no:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # five sections of items/5 items each, spread evenly over the library
    chosen = by_kind["item"][:: max(1, len(by_kind["item"]) // items)][:items]
    headings = by_kind["heading"][:: max(1, len(by_kind["heading"]) // 5)][:5]
    per_section = max(1, len(chosen) // len(headings))
    config = ["title: \"{{ 年度 }}年生成的工作要点\"", "kind: 工作要点", "variables:", "  年度: 2023",
              "  单位: 县政府党组", "  县名: 永昌", "  省名: 甘肃", "sections:"]
    for s, heading in enumerate(headings):
        config += [f"  - heading: {_quote(heading)}", "    items:"]
        config += [f"      - {_quote(i)}" for i in chosen[s * per_section:(s + 1) * per_section]]
    path = root / "configs" / "generated.yaml"
    path.write_text("\n".join(config) + "\n", encoding="utf-8")
    return path


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"command failed (exit {proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    return elapsed


def measure(size: int, runs: int, tmp: Path, env: dict[str, str], *, items: int = 50, per_file: int = 50,
            sources: list[dict] | None = None) -> dict[str, float]:
    """Seconds (medians): the whole build process with the cache warm, load_library in-process, and
    the first (cold) build, which parses every file and fills the cache."""
    ws = tmp / f"ws-{size}"
    config = make_workspace(ws, size, items=items, per_file=per_file, sources=sources)
    out = tmp / f"out-{size}.docx"
    cmd = [*drafter_command(), "build", str(config), "--draft", "-o", str(out)]
    warm_env = {**env, "DRAFTER_CACHE_DIR": str(tmp / f"cache-{size}")}
    cold_s = _run(cmd, warm_env, ws)  # cold: fills the cache
    process = statistics.median(_run(cmd, warm_env, ws) for _ in range(runs))
    loads = []
    saved = os.environ.get("DRAFTER_CACHE_DIR")
    os.environ["DRAFTER_CACHE_DIR"] = warm_env["DRAFTER_CACHE_DIR"]
    try:
        from drafter.blocks import load_library

        for _ in range(runs):
            start = time.perf_counter()
            library = load_library(ws)
            loads.append(time.perf_counter() - start)
        assert len(library.blocks) == size
    finally:
        if saved is None:
            os.environ.pop("DRAFTER_CACHE_DIR", None)
        else:
            os.environ["DRAFTER_CACHE_DIR"] = saved
    shutil.rmtree(ws, ignore_errors=True)
    return {"process": process, "cold": cold_s, "load": statistics.median(loads)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="library sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per figure (default 3)")
    parser.add_argument("--items", type=int, default=50, help="items in the generated document (default 50)")
    parser.add_argument("--per-file", type=int, default=50, help="blocks per generated file (default 50)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    env = {k: v for k, v in os.environ.items() if k != "DRAFTER_NO_CACHE"}
    sources = real_blocks()
    print(f"{'blocks':>8} {'files':>6} {'build warm s':>13} {'per 1k':>7} {'build cold s':>13} "
          f"{'load_library s':>15} {'per 1k':>7}")
    with tempfile.TemporaryDirectory(prefix="drafter-bench-scale-") as tmp:
        for size in sizes:
            r = measure(size, max(1, args.runs), Path(tmp), env, items=args.items, per_file=args.per_file,
                        sources=sources)
            files = (size + args.per_file - 1) // args.per_file
            print(f"{size:>8} {files:>6} {r['process']:>13.3f} {r['process'] / size * 1000:>7.3f} "
                  f"{r['cold']:>13.3f} {r['load']:>15.3f} {r['load'] / size * 1000:>7.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
