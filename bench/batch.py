"""How many documents per second does ``drafter build <folder>`` make, on all cores and on one?

    python bench/batch.py [--n 100] [--runs 3] [--jobs K]

Generates N configs (default 100) in a temporary workspace holding a copy of the block
library: copies of the 2023 example configs (``configs/*-2023*.yaml``), each with its own
title (``（第k稿）`` appended) and 年度 (2021–2025 in turn), so that no two documents are
the same. Then, each with the YAML cache warm (a temporary ``DRAFTER_CACHE_DIR`` filled by an
untimed build of the whole folder first; never the user's cache):

- the whole ``drafter build FOLDER --draft -j K -o OUT`` process, K = the usable cores (or
  ``--jobs``): interpreter start-up, imports, the pool, every worker loading the library
  once, all N builds, the summary table. Median of ``--runs``;
- the same with ``-j 1``: every build in the one process, no pool;
- in this process, with the library already loaded once: ``drafter.builder.build()`` of
  each config in turn (assemble, docx writer, atomic write, fingerprint): the per-document
  cost a worker pays after its initializer. Median and mean over the N configs.

Documents per second are N divided by the wall-clock time. The CPU column (user + system
seconds of the process and its workers; of this process for the in-process row) tells how
much work there was: on a shared machine where other work takes cores, the wall-clock time
of the parallel run suffers first, and the load average is printed for that reason.
``--draft`` keeps a generated
year that leaves a value blank from refusing the build; a draft costs the same as a final
build. No assertions: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
YEARS = (2021, 2022, 2023, 2024, 2025)


def drafter_command() -> list[str]:
    """The `drafter` console script of this interpreter, falling back to `python -m drafter`."""
    script = Path(sys.executable).with_name("drafter")
    if script.exists():
        return [str(script)]
    found = shutil.which("drafter")
    return [found] if found else [sys.executable, "-m", "drafter"]


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_workspace(root: Path, n: int) -> list[Path]:
    """A workspace under *root* with the block library and *n* generated configs in configs/."""
    shutil.copytree(REPO / "blocks", root / "blocks")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", root / "templates")
    folder = root / "configs"
    folder.mkdir()
    sources = sorted((REPO / "configs").glob("*-2023*.yaml"))
    if not sources:
        sys.exit("no 2023 example configs in configs/")
    written = []
    for k in range(n):
        source = sources[k % len(sources)]
        year = YEARS[(k // len(sources)) % len(YEARS)]
        text = source.read_text(encoding="utf-8")
        text, titled = re.subn(r'^title: "(.*)"$', rf'title: "\1（第{k + 1}稿）"', text, count=1, flags=re.M)
        text, dated = re.subn(r"^  年度: 2023$", f"  年度: {year}", text, count=1, flags=re.M)
        if not (titled and dated):
            sys.exit(f"{source.name}: no title or 年度 line to vary")
        config = folder / f"{k + 1:03d}-{source.stem.replace('2023', str(year))}.yaml"
        config.write_text(text, encoding="utf-8")
        written.append(config)
    return written


def cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # finished children, their workers included
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of *cmd*; a failing command must not be timed as if it were fast."""
    cpu = cpu_children()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-20:])
        sys.exit(f"command failed (exit {proc.returncode}): {' '.join(cmd)}\n{tail}")
    return elapsed, cpu_children() - cpu


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not available
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="configs to generate (default 100)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each whole process (default 3)")
    parser.add_argument("--jobs", type=int, default=None, help="-j for the parallel run (default: the usable cores)")
    args = parser.parse_args(argv)
    n, runs = max(1, args.n), max(1, args.runs)
    jobs = args.jobs or cores()
    drafter_cmd = drafter_command()

    with tempfile.TemporaryDirectory(prefix="drafter-bench-batch-") as tmp:
        tmp = Path(tmp)
        ws = tmp / "ws"
        configs = make_workspace(ws, n)
        env = {k: v for k, v in os.environ.items() if k not in ("DRAFTER_NO_CACHE", "DRAFTER_JOBS")}
        env["DRAFTER_CACHE_DIR"] = str(tmp / "cache")
        os.environ.update({"DRAFTER_CACHE_DIR": env["DRAFTER_CACHE_DIR"]})
        os.environ.pop("DRAFTER_NO_CACHE", None)

        def build_folder(j: int) -> tuple[float, float]:
            return run([*drafter_cmd, "build", "configs", "--draft", "-j", str(j), "-o", str(tmp / f"out-j{j}")], ws, env)

        load_before = load_average()
        build_folder(jobs)  # untimed: fills the YAML cache, and the output folder
        rows: list[tuple[str, float, float, float]] = []  # (what, wall s, CPU s, documents per second)
        for j in (jobs, 1):
            timed = sorted(build_folder(j) for _ in range(runs))  # by wall-clock time
            seconds, cpu = timed[len(timed) // 2]  # the median run
            rows.append((f"drafter build <folder> -j {j} (whole process)", seconds, cpu, n / seconds))

        # in this process, the library loaded once (untimed), as a worker has it after its initializer
        from drafter import __version__
        from drafter.blocks import load_library
        from drafter.builder import build

        library = load_library(ws)
        out = tmp / "in-process"
        build(configs[0], output=out / "warm-up.docx", draft=True, library=library, force=True)
        each = []
        cpu = time.process_time()
        for config in configs:
            start = time.perf_counter()
            build(config, output=out / f"{config.stem}.docx", draft=True, library=library, force=True)
            each.append(time.perf_counter() - start)
        total = sum(each)
        rows.append(("build() in-process, library loaded (all N)", total, time.process_time() - cpu, n / total))
        load_after = load_average()

    sources = sorted(p.name for p in (REPO / "configs").glob("*-2023*.yaml"))
    print(f"python:   {sys.version.split()[0]}, drafter {__version__}, process: {' '.join(drafter_cmd)} build …")
    print(f"machine:  {cores()} usable cores; parallel run with -j {jobs}")
    print(f"configs:  {n}, generated from {len(sources)} examples ({', '.join(sources)}), years {YEARS[0]}–{YEARS[-1]}")
    print(f"runs:     median of {runs} per process row, YAML cache warm")
    print(f"load:     {load_before} before, {load_after} after (1, 5, 15 min)\n")
    width = max(len(row[0]) for row in rows)
    print(f"{'':{width}}  {'wall s':>7}  {'CPU s':>6}  {'docs/s':>7}")
    for what, seconds, cpu, rate in rows:
        print(f"{what:{width}}  {seconds:7.2f}  {cpu:6.2f}  {rate:7.1f}")
    parallel, serial = rows[0][1], rows[1][1]
    print(f"\nspeed-up -j {jobs} over -j 1: {serial / parallel:.2f}x (ideal {jobs}x)")
    print(f"in-process per document: median {statistics.median(each) * 1000:.1f} ms, "
          f"mean {statistics.mean(each) * 1000:.1f} ms, min {min(each) * 1000:.1f} ms, max {max(each) * 1000:.1f} ms")
    print(f"-j 1 process per document (all included): {serial / n * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
