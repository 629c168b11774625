"""drafter's speed targets (issue 13), measured in one run with the peers and floors beside them.

    python bench/run.py [--runs 7] [--batch 500] [--sizes 100,1000,10000,50000] [--only CASES]

Prints one table — case, drafter, peer or floor, ratio, target, met? — as Markdown, after a
header naming the machine, the versions and the load average before and after. Every figure is
the median of ``--runs`` timed runs (at least 7 for the process figures) after an untimed
warm-up; times are wall-clock. No assertions: a measurement, not a test.

The cases:

1. ``drafter build`` of the 2023 example (``configs/gov-party-group-party-building-2023.yaml``,
   docx, ``--draft``) as a whole process, against (a) pandoc converting the same document's text
   (``drafter build --format md``) to docx with drafter's docx as ``--reference-doc``, and (b) the
   import floor, ``python -c "import typer, docx, jinja2, yaml"``.
2. The in-process build (``drafter.builder.build``: config, assembly, docx, atomic write, output
   record) of each seed document (``configs/*-2022.yaml``, the five documents of shared/seeds),
   the library loaded once; the slowest seed's median is the figure. Peer: docxtpl rendering
   the same document (the same paragraphs, each in drafter's paragraph style, the item
   titles not set apart) through an equivalent template made from drafter's own docx, in-process
   (template loaded, rendered, saved each time).
3. ``drafter --help`` and ``drafter blocks list`` as whole processes (floor: ``python -c "import
   typer"``).
4. ``drafter check`` of the largest seed .txt (shared/seeds) as a whole process; ``drafter diff``
   of two 250-paragraph documents with its Word redline, in-process (bench/diff.py: alignment +
   redline, the builds of the two documents excluded).
5. ``drafter build FOLDER -j 2`` of ``--batch`` (500) configs generated over the library
   (bench/batch.py's generator), with the progress bar on (stderr is a pseudo-terminal).
6. A generated library (bench/scale.py) of 100, 1,000, 10,000 and 50,000 blocks: the whole
   ``drafter build`` of a 50-item document, the library's cache warm; the last row says whether
   the time per block stays flat (linear) from the smallest to the largest library.

Environment of every process: a temporary ``DRAFTER_CACHE_DIR`` (warmed by the untimed first
run; never the user's cache) and a temporary ``PYTHONPYCACHEPREFIX`` with bytecode writing
allowed, so that drafter's modules are compiled once as in an installed package (a checkout
with ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile every module in every process).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

EXAMPLE = REPO / "configs" / "gov-party-group-party-building-2023.yaml"
SEEDS = Path(os.environ.get("DRAFTER_SHARED", REPO.parent / "shared")) / "seeds"
CASES = ("build", "inprocess", "cli", "check", "diff", "batch", "scale")


@dataclass
class Row:
    case: str
    drafter: float | None  # seconds, or documents per second when rate
    peer: float | None = None
    peer_name: str = ""
    target: str = ""
    met: bool | None = None
    rate: bool = False
    ratio_target: bool = False  # the target is on the ratio

    def cells(self) -> list[str]:
        def fmt(v: float | None) -> str:
            if v is None:
                return "—"
            return f"{v:.1f} docs/s" if self.rate else (f"{v * 1000:.0f} ms" if v < 10 else f"{v:.1f} s")

        ratio = f"{self.drafter / self.peer:.2f}" if self.drafter is not None and self.peer else "—"
        peer = f"{fmt(self.peer)} ({self.peer_name})" if self.peer is not None else (self.peer_name or "—")
        met = "—" if self.met is None else ("yes" if self.met else "**no**")
        return [self.case, fmt(self.drafter), peer, ratio, self.target or "—", met]


# -- running things ----------------------------------------------------------------------------------
def drafter_command() -> list[str]:
    script = Path(sys.executable).with_name("drafter")
    if script.exists():
        return [str(script)]
    found = shutil.which("drafter")
    return [found] if found else [sys.executable, "-m", "drafter"]


class Env:
    """The environment of every timed process (see the module docstring)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.vars = {k: v for k, v in os.environ.items()
                     if k not in ("DRAFTER_NO_CACHE", "PYTHONDONTWRITEBYTECODE", "DRAFTER_JOBS")}
        self.vars["DRAFTER_CACHE_DIR"] = str(tmp / "cache")
        self.vars["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        # this process builds in-process with the same cache
        os.environ["DRAFTER_CACHE_DIR"] = self.vars["DRAFTER_CACHE_DIR"]
        os.environ.pop("DRAFTER_NO_CACHE", None)


def run_once(cmd: list[str], env: Env, cwd: Path = REPO, ok: tuple[int, ...] = (0,), tty: bool = False) -> float:
    """Wall-clock seconds of *cmd*; a command that fails is not timed as if it were fast."""
    if tty:
        return _run_on_pty(cmd, env, cwd, ok)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env.vars, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        sys.exit(f"command failed (exit {proc.returncode}): {' '.join(map(str, cmd))}\n"
                 f"{proc.stderr.decode('utf-8', 'replace')[-3000:]}")
    return elapsed


def _run_on_pty(cmd: list[str], env: Env, cwd: Path, ok: tuple[int, ...]) -> float:
    """As run_once, with stderr a pseudo-terminal (drafter's batch progress bar draws only on a terminal)."""
    master, slave = pty.openpty()
    seen: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            seen.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env.vars, stdout=subprocess.PIPE, stderr=slave)
    elapsed = time.perf_counter() - start
    os.close(slave)
    reader.join(5)
    os.close(master)
    if proc.returncode not in ok:
        sys.exit(f"command failed (exit {proc.returncode}): {' '.join(map(str, cmd))}\n"
                 f"{b''.join(seen).decode('utf-8', 'replace')[-3000:]}")
    if b"\xe6\xad\xa3\xe5\x9c\xa8\xe7\x94\x9f\xe6\x88\x90" not in b"".join(seen):  # 正在生成: the bar was drawn
        sys.exit("the batch's progress bar was not drawn on the pseudo-terminal")
    return elapsed


def median_process(cmd: list[str], env: Env, runs: int, **kwargs) -> float:
    run_once(cmd, env, **kwargs)  # warm-up: the cache, the bytecode, the page cache
    return statistics.median(run_once(cmd, env, **kwargs) for _ in range(runs))


def median_call(func, runs: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# -- the cases ---------------------------------------------------------------------------------------------
def case_build(env: Env, runs: int) -> list[Row]:
    tmp = env.tmp
    out, md, peer_out = tmp / "example.docx", tmp / "example.md", tmp / "pandoc.docx"
    build = [*drafter_command(), "build", str(EXAMPLE), "--draft", "-o", str(out)]
    drafter = median_process(build, env, runs)
    floor = median_process([sys.executable, "-c", "import typer, docx, jinja2, yaml"], env, runs)
    rows = []
    pandoc = shutil.which("pandoc")
    if pandoc:
        run_once([*drafter_command(), "build", str(EXAMPLE), "--draft", "-f", "md", "-o", str(md)], env)
        peer = median_process([pandoc, "-f", "markdown", "-t", "docx", "--reference-doc", str(out), "-o",
                               str(peer_out), str(md)], env, runs)
        rows.append(Row("1. `drafter build` 2023 example, whole process — vs pandoc (md → docx)", drafter, peer,
                        "pandoc", "≤ 0.8 × pandoc", drafter <= 0.8 * peer, ratio_target=True))
    else:
        rows.append(Row("1. `drafter build` 2023 example, whole process — vs pandoc", drafter, None,
                        "pandoc not installed", "≤ 0.8 × pandoc"))
    rows.append(Row("1. `drafter build` 2023 example, whole process — vs import floor", drafter, floor,
                    "import typer, docx, jinja2, yaml", "≤ 1.2 × floor", drafter <= 1.2 * floor, ratio_target=True))
    return rows


def _docxtpl_peer(doc, styled_docx: bytes, tmp: Path):
    """A render function: docxtpl filling an equivalent template with *doc*'s paragraphs."""
    import docx
    from docxtpl import DocxTemplate

    from drafter.flow import Role, flow

    try:
        from drafter.writers.docx_body import STYLE_BODY, STYLE_DATE, STYLE_HEADINGS, STYLE_ISSUER, STYLE_TITLE
    except ImportError:  # a drafter from before docx_body (to measure an older commit)
        from drafter.writers.docx import STYLE_BODY, STYLE_DATE, STYLE_HEADINGS, STYLE_ISSUER, STYLE_TITLE

    styles = {"title": STYLE_TITLE, "heading": STYLE_HEADINGS[1], "issuer": STYLE_ISSUER, "date": STYLE_DATE,
              "body": STYLE_BODY}
    template = docx.Document(io.BytesIO(styled_docx))  # drafter's styles, page and footers
    body = template.element.body
    for p in list(body.iterchildren()):
        if not p.tag.endswith("}sectPr"):
            body.remove(p)
    template.add_paragraph("{%p for p in paragraphs %}", style=STYLE_BODY[0])
    first = True
    for kind, style in styles.items():
        template.add_paragraph(("{%p if p.kind == '" if first else "{%p elif p.kind == '") + kind + "' %}",
                               style=STYLE_BODY[0])
        template.add_paragraph("{{ p.text }}", style=style[0])
        first = False
    template.add_paragraph("{%p endif %}", style=STYLE_BODY[0])
    template.add_paragraph("{%p endfor %}", style=STYLE_BODY[0])
    path = tmp / "docxtpl-template.docx"
    template.save(path)
    kinds = {Role.TITLE: "title", Role.HEADING: "heading", Role.ISSUER: "issuer", Role.DATE: "date"}
    paragraphs = [{"kind": kinds.get(line.role, "body"),
                   "text": (line.label or "") + str(line.title) + str(line.body)} for line in flow(doc)]
    context = {"paragraphs": paragraphs}

    def render() -> bytes:
        tpl = DocxTemplate(path)
        tpl.render(context)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    return render


def case_inprocess(env: Env, runs: int) -> list[Row]:
    from drafter.blocks import load_library
    from drafter.builder import build

    library = load_library(REPO)
    out = env.tmp / "inprocess"
    medians = {}
    for config in sorted((REPO / "configs").glob("*-2022.yaml")):
        target = out / f"{config.stem}.docx"
        medians[config.stem] = median_call(
            lambda: build(config, output=target, draft=True, library=library, force=True), max(runs, 20))
    slowest = max(medians, key=medians.get)
    result = build(REPO / "configs" / f"{slowest}.yaml", output=out / "peer-style.docx", draft=True,
                   library=library, force=True)
    peer = median_call(_docxtpl_peer(result.document, result.data, env.tmp), max(runs, 20))
    return [Row(f"2. in-process build of a seed document, library loaded (slowest of "
                f"{len(medians)}: {slowest})", medians[slowest], peer, "docxtpl, same paragraphs",
                "≤ 20 ms", medians[slowest] <= 0.020)]


def case_cli(env: Env, runs: int) -> list[Row]:
    floor = median_process([sys.executable, "-c", "import typer"], env, runs)
    helped = median_process([*drafter_command(), "--help"], env, runs)
    listed = median_process([*drafter_command(), "blocks", "list"], env, runs)
    return [Row("3. `drafter --help`, whole process", helped, floor, "import typer", "≤ 150 ms", helped <= 0.150),
            Row("3. `drafter blocks list`, whole process", listed, floor, "import typer", "≤ 150 ms", listed <= 0.150)]


def case_check(env: Env, runs: int) -> list[Row]:
    seeds = sorted(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size) if SEEDS.is_dir() else []
    if not seeds:
        return [Row("4. `drafter check` of a seed .txt, whole process", None, None, f"no seeds in {SEEDS}",
                    "≤ 300 ms")]
    seed = seeds[-1]
    checked = median_process([*drafter_command(), "check", str(seed)], env, runs, ok=(0, 1))
    return [Row(f"4. `drafter check` of a seed .txt ({seed.name}, the largest), whole process", checked, None, "",
                "≤ 300 ms", checked <= 0.300)]


def case_diff(env: Env, runs: int) -> list[Row]:
    import diff as diff_bench

    from drafter.diff import align, redline
    from drafter.diff.align import Side

    old_doc = diff_bench.big_document(diff_bench.DEFAULT_CONFIG, 250)
    new_doc = diff_bench.perturb(old_doc, 2023)
    old, new = Side(old_doc, source="OLD"), Side(new_doc, source="NEW")
    seconds = median_call(lambda: redline(align(old, new)), max(runs, 10))
    return [Row(f"4. `drafter diff --docx` of two {len(old.paragraphs)}-paragraph documents, in-process "
                "(align + redline)", seconds, None, "", "≤ 0.5 s", seconds <= 0.5)]


def case_batch(env: Env, runs: int, n: int) -> list[Row]:
    import batch as batch_bench

    ws = env.tmp / "batch-ws"
    configs = batch_bench.make_workspace(ws, n)
    cmd = [*drafter_command(), "build", "configs", "--draft", "-j", "2", "-o", str(env.tmp / "batch-out")]
    seconds = median_process(cmd, env, max(3, min(runs, 5)), cwd=ws, tty=True)
    rate = len(configs) / seconds
    return [Row(f"5. batch: `drafter build` of {len(configs)} generated configs, -j 2, progress bar on",
                rate, None, "", "≥ 100 docs/s", rate >= 100, rate=True)]


def case_scale(env: Env, runs: int, sizes: list[int]) -> list[Row]:
    import scale as scale_bench

    rows = []
    sources = scale_bench.real_blocks()
    figures = {}
    for size in sorted(sizes):
        figures[size] = scale_bench.measure(size, max(runs, 7), env.tmp, env.vars, sources=sources)
        f = figures[size]
        target = "≤ 1 s" if size == scale_bench.TARGET_SIZE else ""
        rows.append(Row(f"6. {size:,} generated blocks: whole `drafter build` of a 50-item document, cache warm "
                        f"(load_library alone {f['load'] * 1000:.0f} ms = {f['load'] / size * 1e6:.1f} µs/block; "
                        f"the first build, filling the cache, {f['cold']:.1f} s)", f["process"], None, "", target,
                        f["process"] <= scale_bench.TARGET if target else None))
    ordered = sorted(figures)
    if len(ordered) >= 2:
        # The process time is a constant start-up plus the library: linear means a constant cost per
        # block added. Shown per step; judged on load_library's time per block, which must not grow
        # from the smallest library of 1,000 blocks or more to the largest (25 % allowed for noise).
        steps = ", ".join(f"{a:,}→{b:,}: {(figures[b]['process'] - figures[a]['process']) / (b - a) * 1e6:.1f}"
                          for a, b in zip(ordered, ordered[1:]))
        base = next((n for n in ordered if n >= 1000), ordered[0])
        per = {n: figures[n]["load"] / n for n in ordered}
        rows.append(Row(f"6. the curve: ms of the whole build per 1,000 blocks added ({steps}); load_library "
                        f"{per[base] * 1e6:.1f} µs/block at {base:,}, {per[ordered[-1]] * 1e6:.1f} at {ordered[-1]:,}",
                        None, None, "", "linear or better", per[ordered[-1]] <= 1.25 * per[base]))
    return rows


# -- the report --------------------------------------------------------------------------------------------
def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return f"{model}, {cores} usable cores, {platform.system()} {platform.release()}"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def versions() -> str:
    from importlib import metadata

    import drafter

    parts = [f"Python {platform.python_version()}", f"drafter {drafter.__version__}"]
    for dist in ("typer", "pydantic", "python-docx", "jinja2", "lxml", "docxtpl"):
        try:
            parts.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    pandoc = shutil.which("pandoc")
    if pandoc:
        parts.append(subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0])
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    if commit.strip():
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "drafter"], cwd=REPO, capture_output=True,
                               text=True).stdout.strip()
        parts.append(f"commit {commit.strip()}{' + uncommitted changes under drafter/' if dirty else ''}")
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per figure (default 7, the least)")
    parser.add_argument("--batch", type=int, default=500, help="configs in the batch case (default 500)")
    parser.add_argument("--sizes", default="100,1000,10000,50000", help="library sizes of the scale case")
    parser.add_argument("--only", default=",".join(CASES), help=f"cases to run, of {', '.join(CASES)}")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    only = {c.strip() for c in args.only.split(",") if c.strip()}
    unknown = only - set(CASES)
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    started, load_before = dt.datetime.now(), load()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="drafter-bench-run-") as tmp:
        env = Env(Path(tmp))
        for case in CASES:
            if case not in only:
                continue
            print(f"… {case}", file=sys.stderr, flush=True)
            if case == "build":
                rows += case_build(env, runs)
            elif case == "inprocess":
                rows += case_inprocess(env, runs)
            elif case == "cli":
                rows += case_cli(env, runs)
            elif case == "check":
                rows += case_check(env, runs)
            elif case == "diff":
                rows += case_diff(env, runs)
            elif case == "batch":
                rows += case_batch(env, runs, args.batch)
            elif case == "scale":
                rows += case_scale(env, runs, sizes)
    took = dt.datetime.now() - started
    print(f"- date: {started:%Y-%m-%d %H:%M} ({took.seconds // 60} min {took.seconds % 60} s)")
    print(f"- machine: {machine()}")
    print(f"- versions: {versions()}")
    print(f"- load average (1, 5, 15 min): {load_before} before, {load()} after")
    print(f"- runs: median of {runs} (processes, after one untimed warm-up), of ≥ 20 (in-process calls)\n")
    header = ["case", "drafter", "peer or floor", "ratio", "target", "met?"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row.cells()) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
