"""How long does building one document take, and how does that compare with pandoc?

    python bench/build.py [--runs N] [--config CONFIG]

Measured on the example config (built with --draft, since its figures are blank), each
figure twice: with the YAML cache cold (an empty ``DRAFTER_CACHE_DIR``: every block file
and the config are parsed by ruamel.yaml and the cache is written) and warm (the same
cache directory after a build: the files come from drafter.cache). The cache directory is
a temporary one inside the bench, never the user's.

(a) cold: a fresh ``python`` process times ``import drafter`` and everything it pulls in
    (python-docx, pydantic, jinja2, …) plus its first ``drafter.render(config,
    fmt="docx", draft=True)`` — what a one-off script pays once. Median of N.
(a) warm: in this process, with the imports already paid, ``render()`` again: median and
    min of N. Each call still loads the block library and the config from disk (through
    the cache), as the CLI does.
(b) the whole ``drafter build CONFIG --draft -o TMP.docx`` process: interpreter start-up,
    imports, build, atomic write — what a user waits for at the command line. Median of N.
(c) the peer: pandoc turning the same document's Markdown (``drafter build --format md``,
    generated once beforehand) into a docx, with the docx drafter produced as
    ``--reference-doc`` so both sides write the same styles. Median of N.

The ratio (b, cache warm) / (c) compares two whole processes doing the same job (text in,
styled docx out). pandoc is a compiled binary, so a ratio well above 1 mostly measures
Python start-up and imports, which (a)'s cold figures show separately. Medians are reported
because single runs on a shared machine are noisy; min is the best case. No assertions:
this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import itertools
import os
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


def run(cmd: list[str], env: dict[str, str] | None = None) -> str:
    # a failing command must not be timed as if it were fast: stop and show why
    proc = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"command failed (exit {proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    return proc.stdout


# what a one-off script pays: imports and the first render, timed inside a fresh process
FIRST_CALL = """\
import sys, time
start = time.perf_counter()
import drafter
drafter.render(sys.argv[1], fmt="docx", draft=True)
print(time.perf_counter() - start)
"""


class CacheDirs:
    """Cache directories under the bench's temporary directory: one that stays warm, and a
    new empty one whenever a cold cache is wanted."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.warm = root / "warm"
        self._fresh = itertools.count()

    def cold(self) -> Path:
        return self.root / f"cold-{next(self._fresh)}"

    @staticmethod
    def env(cache_dir: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DRAFTER_NO_CACHE"}
        env["DRAFTER_CACHE_DIR"] = str(cache_dir)
        return env

    def use(self, cache_dir: Path) -> None:
        """Point this process's drafter at *cache_dir* (it reads the variable on every load)."""
        os.environ.pop("DRAFTER_NO_CACHE", None)
        os.environ["DRAFTER_CACHE_DIR"] = str(cache_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per figure (default 10)")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="config to build")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    config = args.config.resolve()

    rows: list[tuple[str, float | None, float | None]] = []  # (what, median ms, min ms)

    def add(what: str, seconds: list[float]) -> None:
        rows.append((what, ms(statistics.median(seconds)), ms(min(seconds))))

    drafter_cmd = drafter_command()
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory(prefix="drafter-bench-") as tmp:
        tmp = Path(tmp)
        out_docx, in_md, pandoc_docx = tmp / "drafter.docx", tmp / "doc.md", tmp / "pandoc.docx"
        caches = CacheDirs(tmp / "cache")

        # (a) cold: imports + first call in a fresh process, timed by the process itself
        def first_call(cache_dir: Path) -> float:
            return float(run([sys.executable, "-c", FIRST_CALL, str(config)], caches.env(cache_dir)))

        add("(a) cold: import + first render, cache cold", [first_call(caches.cold()) for _ in range(runs)])
        first_call(caches.warm)  # fills the warm cache
        add("(a) cold: import + first render, cache warm", [first_call(caches.warm) for _ in range(runs)])

        # (a) warm: in this process, imports already paid (the import is the untimed warm-up)
        import drafter

        def render_with(cache_dir: Path) -> float:
            caches.use(cache_dir)
            return time_call(lambda: drafter.render(config, fmt="docx", draft=True))

        render_with(caches.warm)
        add("(a) warm: render in-process, cache cold", [render_with(caches.cold()) for _ in range(runs)])
        add("(a) warm: render in-process, cache warm", [render_with(caches.warm) for _ in range(runs)])

        # (b) the whole CLI process
        build_cmd = [*drafter_cmd, "build", str(config), "--draft", "-o", str(out_docx)]
        add("(b) drafter build process, cache cold", [time_call(lambda: run(build_cmd, caches.env(caches.cold())))
                                                       for _ in range(runs)])
        warm_env = caches.env(caches.warm)
        proc = time_runs(lambda: run(build_cmd, warm_env), runs)
        add("(b) drafter build process, cache warm", proc)

        # (c) the peer, on the same text, with drafter's docx as the style reference
        if pandoc:
            run([*drafter_cmd, "build", str(config), "--format", "md", "--draft", "-o", str(in_md)], warm_env)
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
    has_cache = (Path(drafter.__file__).parent / "cache.py").is_file()
    print(f"cache:   {'a temporary DRAFTER_CACHE_DIR' if has_cache else 'none in this drafter: cold and warm rows measure the same'}")
    print(f"runs:    {runs} timed per figure (the warm-cache rows after one untimed warm-up)\n")
    width = max(len(what) for what, _, _ in rows)
    print(f"{'':{width}}  {'median ms':>10}  {'min ms':>8}")
    for what, med, low in rows:
        low_text = f"{low:8.1f}" if low is not None else f"{'':8}"
        print(f"{what:{width}}  {med:10.1f}  {low_text}")
    if peer:
        ratio = statistics.median(proc) / statistics.median(peer)
        print(f"\nratio drafter build process (cache warm) / pandoc (medians): {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
