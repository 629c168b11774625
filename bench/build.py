"""How long does building one document take, and how does that compare with pandoc?

    python bench/build.py [--runs N] [--config CONFIG]

Measured on the example config (built with --draft, since its figures are blank):

(a) in-process ``drafter.render(config, fmt="docx", draft=True)``:
    - the first, cold call, including ``import drafter`` and everything it pulls in
      (python-docx, pydantic, jinja2, yaml) — what a one-off script pays once;
    - then N warm calls: median and min. Each call still loads the block library and
      the config from disk, as the CLI does; only the imports are already paid.
(b) the whole ``drafter build CONFIG --draft -o TMP.docx`` process: interpreter start-up,
    imports, build, atomic write — what a user waits for at the command line. Median of N.
(c) the peer: pandoc turning the same document's Markdown (``drafter build --format md``,
    generated once beforehand) into a docx, with the docx drafter produced as
    ``--reference-doc`` so both sides write the same styles. Median of N.

The ratio (b) / (c) compares two whole processes doing the same job (text in, styled docx
out). pandoc is a compiled binary, so a ratio well above 1 mostly measures Python start-up
and imports, which (a)'s cold figure shows separately. Medians are reported because single
runs on a shared machine are noisy; min is the best case with warm caches. No assertions:
this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = REPO / "configs" / "gov-party-group-party-building-2022.yaml"


def ms(seconds: float) -> float:
    return seconds * 1000


def time_call(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def time_runs(func, runs: int, warmup: int = 1) -> list[float]:
    """Run *func* warmup times untimed (file caches, lazy imports), then time *runs* calls."""
    for _ in range(warmup):
        func()
    return [time_call(func) for _ in range(runs)]


def drafter_command() -> list[str]:
    """The `drafter` console script of this interpreter, falling back to `python -m drafter`."""
    script = Path(sys.executable).with_name("drafter")
    if script.exists():
        return [str(script)]
    found = shutil.which("drafter")
    return [found] if found else [sys.executable, "-m", "drafter"]


def run(cmd: list[str]) -> None:
    # a failing command must not be timed as if it were fast: stop and show why
    proc = subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit(f"command failed (exit {proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per figure (default 10)")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="config to build")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    config = args.config.resolve()

    rows: list[tuple[str, float | None, float | None]] = []  # (what, median ms, min ms)

    # (a) in-process. drafter is imported here, inside the timed cold call, not at the top.
    start = time.perf_counter()
    import drafter

    drafter.render(config, fmt="docx", draft=True)
    cold = time.perf_counter() - start
    rows.append(("(a) render in-process, cold (imports + first call)", ms(cold), None))
    # the cold call above was the warm-up
    warm = time_runs(lambda: drafter.render(config, fmt="docx", draft=True), runs, warmup=0)
    rows.append(("(a) render in-process, warm", ms(statistics.median(warm)), ms(min(warm))))

    drafter_cmd = drafter_command()
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory(prefix="drafter-bench-") as tmp:
        tmp = Path(tmp)
        out_docx, in_md, pandoc_docx = tmp / "drafter.docx", tmp / "doc.md", tmp / "pandoc.docx"

        # (b) the whole CLI process
        build_cmd = [*drafter_cmd, "build", str(config), "--draft", "-o", str(out_docx)]
        proc = time_runs(lambda: run(build_cmd), runs)
        rows.append(("(b) drafter build process", ms(statistics.median(proc)), ms(min(proc))))

        # (c) the peer, on the same text, with drafter's docx as the style reference
        if pandoc:
            run([*drafter_cmd, "build", str(config), "--format", "md", "--draft", "-o", str(in_md)])
            pandoc_cmd = [pandoc, "-f", "markdown", "-t", "docx", "--reference-doc", str(out_docx),
                          "-o", str(pandoc_docx), str(in_md)]
            peer = time_runs(lambda: run(pandoc_cmd), runs)
            rows.append(("(c) pandoc md -> docx process", ms(statistics.median(peer)), ms(min(peer))))
            pandoc_version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        else:
            peer = None
            pandoc_version = "pandoc not found on PATH: peer comparison (c) skipped"

    print(f"config:  {config.relative_to(REPO) if config.is_relative_to(REPO) else config}")
    print(f"python:  {sys.version.split()[0]}, drafter {drafter.__version__}, process: {' '.join(drafter_cmd)} build …")
    print(f"peer:    {pandoc_version}")
    print(f"runs:    {runs} timed per figure, after one untimed warm-up\n")
    width = max(len(what) for what, _, _ in rows)
    print(f"{'':{width}}  {'median ms':>10}  {'min ms':>8}")
    for what, med, low in rows:
        low_text = f"{low:8.1f}" if low is not None else f"{'':8}"
        print(f"{what:{width}}  {med:10.1f}  {low_text}")
    if peer:
        ratio = statistics.median(proc) / statistics.median(peer)
        print(f"\nratio drafter build process / pandoc (medians): {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
