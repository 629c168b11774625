"""Build many configs at once (``drafter build configs/``): a process pool on all cores.

A build is mostly CPU (assembly and the docx writer) after the block library is loaded, so
each worker process loads the library of each workspace once (in the pool's initializer)
and then builds config after config with it. With one worker — one config, one core or
``-j 1`` — everything runs in this process: no pool is started for nothing.

- One failing config does not stop the others: its :class:`Outcome` carries the Chinese
  reason (the DrafterError message with file and line) instead of a path.
- Outputs stay safe under concurrency: every output is written atomically and has its own
  fingerprint file (:mod:`drafter.outputs`); two configs that would write the same output
  (same name, from two folders) are both refused before anything runs, rather than raced.
- Ctrl-C: the workers ignore it, so the builds already running finish (their outputs are
  whole) and are reported; the builds not started are cancelled and reported as such.
- A worker that dies (killed for memory, a crash in a library) takes the pool down with
  every build queued in it; those builds are run again, each in a process of its own, so
  that only the config that kills its process is reported, and the others are built.
- Progress is reported through callbacks, all made in this process's main thread (no
  thread of our own: the pool forks its workers, which must not inherit a running thread).
"""

from __future__ import annotations

import os
import signal
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .errors import DrafterError, OutputError, os_message
from .workspace import EXTENSIONS, default_output, output_format, root_for

INTERRUPTED = "已中断，未生成"
BROKEN = "生成这份文件的进程意外退出（可能是内存不足），未生成"


@dataclass(frozen=True)
class Job:
    """One config to build and where its output goes (None: the default ``output/<name>.<ext>``)."""

    config: Path
    output: Path | None = None


@dataclass
class Outcome:
    """What became of one config: the output written, or the reason it was not."""

    job: Job
    path: Path | None = None
    blanks: int = 0
    kept: Path | None = None  # a hand-edited old output saved to output/.history/ first
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Batch:
    """The configs to build, and those refused before building (clashing outputs, no workspace)."""

    configs: list[Path]  # in the order given
    jobs: list[Job] = field(default_factory=list)
    refused: list[Outcome] = field(default_factory=list)
    fmt: str = "docx"

    def __len__(self) -> int:
        return len(self.configs)


@dataclass
class BatchResult:
    outcomes: list[Outcome]  # in the order the configs were given
    interrupted: bool = False

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def exit_code(self) -> int:
        return 130 if self.interrupted else 1 if self.failed else 0


def is_batch(paths: Sequence[Path]) -> bool:
    """Several configs, or a folder of them (a single config builds as it always has)."""
    return len(paths) > 1 or any(Path(p).is_dir() for p in paths)


def collect_configs(paths: Iterable[Path]) -> list[Path]:
    """The configs named: a folder stands for its ``*.yaml`` (not its subfolders), a file for
    itself; the same file named twice is built once. A path that does not exist is kept, so
    that its build fails with the usual message and the others go on."""
    found: list[Path] = []
    seen: set[Path] = set()
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.glob("*.yaml") if not p.name.startswith((".", "_")) and p.is_file())
            if not inside:
                raise DrafterError("文件夹中没有配置文件（.yaml）", file=str(path),
                                   hint="请给出配置文件或含配置文件的文件夹，如 drafter build configs/")
        else:
            inside = [path]
        for config in inside:
            key = config.resolve()
            if key not in seen:
                seen.add(key)
                found.append(config)
    return found


def plan(paths: Sequence[Path], *, fmt: str | None = None, output: Path | None = None) -> Batch:
    """The jobs for *paths* (see :func:`collect_configs`), each with its output path.

    *output*, when given, is a folder (existing or new) that receives ``<config name>.<ext>``
    for every config; a file name is refused. A pdf batch checks for LibreOffice once, here.
    """
    fmt = output_format(fmt, None)
    if output is not None:
        check_output_folder(Path(output))
    if fmt == "pdf":
        from .writers.pdf import find_soffice

        find_soffice()
    configs = collect_configs(paths)
    batch = Batch(configs, fmt=fmt)
    targets: dict[Path, list[Job]] = {}
    for config in configs:
        job = Job(config, Path(output) / f"{config.stem}.{EXTENSIONS[fmt]}" if output is not None else None)
        try:
            target = job.output or default_output(root_for(config), config, fmt)
        except DrafterError as e:
            batch.refused.append(Outcome(job, error=str(e)))
            continue
        targets.setdefault(target.resolve(), []).append(job)
    for target, jobs in targets.items():
        if len(jobs) == 1:
            batch.jobs.append(jobs[0])
            continue
        names = "、".join(str(j.config) for j in jobs)
        for job in jobs:
            batch.refused.append(Outcome(job, error=str(OutputError(
                f"{names} 都要写到 {_shown(target)}，为免互相覆盖，都未生成",
                key="--output" if output is not None else None,
                hint="请把其中一份改名，或分别生成，用 -o 给出不同的文件名"))))
    return batch


def _shown(path: Path) -> str:
    """*path* relative to the current folder when inside it (as the user typed the configs), else whole."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def check_output_folder(folder: Path) -> None:
    """``-o`` with several configs: an existing folder, or a new one — not a file."""
    if folder.is_dir():
        return
    if folder.exists():
        reason = "是一个已有的文件"
    elif folder.suffix.lower().lstrip(".") in EXTENSIONS:
        reason = "看起来是文件名"
    else:
        return  # a new folder, made when the first output is written
    raise DrafterError(f"生成多份文件时，-o 须是文件夹，「{folder}」{reason}", key="--output",
                       hint="请给出文件夹，如 -o output/2023/，各文件以配置名命名")


def worker_count(requested: int | None, jobs: int) -> int:
    """How many processes: ``-j``, else ``$DRAFTER_JOBS``, else the usable cores — never more
    than there are configs, and 1 means no pool at all."""
    if requested is None:
        value = os.environ.get("DRAFTER_JOBS", "").strip()
        if value:
            if not value.isdigit() or int(value) < 1:
                raise DrafterError(f"环境变量 DRAFTER_JOBS 的值「{value}」不是正整数", key="DRAFTER_JOBS",
                                   hint="请写同时生成的份数，如 4；不设时用全部处理器核心")
            requested = int(value)
    elif requested < 1:
        raise DrafterError(f"--jobs 须是正整数，现在是 {requested}", key="--jobs")
    if requested is None:
        try:
            requested = len(os.sched_getaffinity(0))  # the cores this process may use
        except AttributeError:  # pragma: no cover - not on Linux
            requested = os.cpu_count() or 1
    return max(1, min(requested, jobs))


def run(batch: Batch, *, draft: bool = False, force: bool = False, workers: int = 1,
        on_done: Callable[[Outcome], None] | None = None, tick: Callable[[], None] | None = None) -> BatchResult:
    """Build every job of *batch*; *on_done* is called with each outcome as it comes, *tick*
    now and then while waiting (to redraw a progress display)."""
    on_done = on_done or (lambda outcome: None)
    for outcome in batch.refused:
        on_done(outcome)
    options = {"fmt": batch.fmt, "draft": draft, "force": force}
    if workers <= 1 or len(batch.jobs) <= 1:
        done, interrupted = _run_here(batch.jobs, options, on_done)
    else:
        done, interrupted = _run_pool(batch.jobs, options, workers, on_done, tick or (lambda: None))
    by_config = {o.job.config: o for o in [*batch.refused, *done]}
    not_built = {job.config: Outcome(job, error=INTERRUPTED) for job in batch.jobs}
    return BatchResult([by_config.get(c) or not_built[c] for c in batch.configs], interrupted)


# -- building one config (in a worker, or here) ------------------------------------------------------
# In a worker: workspace root → its Library, or the DrafterError loading it gave. A worker
# lives for one batch; a batch run in this process keeps its own (the blocks may change between runs).
_worker_libraries: dict[Path, object] = {}


def _library_at(root: Path, libraries: dict[Path, object]):
    from .blocks import load_library

    if root not in libraries:
        try:
            libraries[root] = load_library(root)
        except DrafterError as e:
            libraries[root] = e
    library = libraries[root]
    if isinstance(library, DrafterError):
        raise library
    return library


def build_one(job: Job, fmt: str, draft: bool, force: bool, libraries: dict[Path, object] | None = None) -> Outcome:
    """Build one config with its workspace's library, loaded once per process (per batch)."""
    from .builder import build

    try:
        library = _library_at(root_for(job.config), _worker_libraries if libraries is None else libraries)
        result = build(job.config, fmt=fmt, output=job.output, draft=draft, force=force, library=library)
    except DrafterError as e:
        return Outcome(job, error=str(e))
    except OSError as e:
        where = f"{e.filename}：" if e.filename else ""
        return Outcome(job, error=f"{where}文件操作失败（{os_message(e)}）")
    except Exception as e:  # a bug in drafter: say so for this config, go on with the others (also with -j 1)
        return Outcome(job, error=_internal(e))
    return Outcome(job, path=result.path, blanks=result.blanks, kept=result.kept)


def _internal(e: BaseException) -> str:
    return f"内部错误（请报告）：{type(e).__name__}: {e}"


def _init_worker(roots: list[Path]) -> None:
    """Each worker: leave Ctrl-C to the parent, and load the block libraries once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for root in roots:
        try:
            _library_at(root, _worker_libraries)
        except Exception:  # noqa: BLE001 - an initializer that raises breaks the whole pool
            pass  # a DrafterError is kept, anything else is met again: either way each config that needs it reports it


def _run_here(jobs: list[Job], options: dict, on_done: Callable[[Outcome], None]) -> tuple[list[Outcome], bool]:
    done: list[Outcome] = []
    libraries: dict[Path, object] = {}
    try:
        for job in jobs:
            outcome = build_one(job, **options, libraries=libraries)
            done.append(outcome)
            on_done(outcome)
    except KeyboardInterrupt:
        return done, True
    return done, False


def _run_pool(jobs: list[Job], options: dict, workers: int, on_done: Callable[[Outcome], None],
              tick: Callable[[], None]) -> tuple[list[Outcome], bool]:
    roots = []
    for job in jobs:
        try:
            root = root_for(job.config)
        except DrafterError:
            continue
        if root not in roots:
            roots.append(root)
    done: list[Outcome] = []
    broken: list[Job] = []  # taken down by a worker that died: run again, each alone
    executor = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(roots,),
                                   mp_context=_context())
    pending: dict[Future, Job] = {}
    interrupted = False
    try:
        # The workers start with the submits (all at the first one when forking, one by one
        # otherwise): born ignoring Ctrl-C, until their initializer says so for good.
        with _sigint_ignored():
            for i, job in enumerate(jobs):
                try:
                    pending[executor.submit(build_one, job, **options)] = job
                except BrokenProcessPool:  # a worker died already: the rest cannot be queued
                    broken.extend(jobs[i:])
                    break
        while pending:
            finished, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in finished:
                job = pending.pop(future)
                if isinstance(future.exception(), BrokenProcessPool):
                    broken.append(job)
                    continue
                outcome = _outcome(future, job)
                done.append(outcome)
                on_done(outcome)
            tick()
    except KeyboardInterrupt:
        interrupted = True
        for future in pending:
            future.cancel()
        _finish_running(pending, done, on_done)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    if broken and not interrupted:
        order = {job: i for i, job in enumerate(jobs)}
        interrupted = _run_alone(sorted(broken, key=order.__getitem__), options, done, on_done, tick)
    return done, interrupted


def _run_alone(jobs: list[Job], options: dict, done: list[Outcome], on_done: Callable[[Outcome], None],
               tick: Callable[[], None]) -> bool:
    """The builds a dying worker took down, again, one at a time, each in a new process: a
    config that kills its process again is reported as such, the others are built. True when
    interrupted (the jobs not run are then reported as not built)."""
    for job in jobs:
        executor = ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=([],), mp_context=_context())
        future = None
        try:
            with _sigint_ignored():
                future = executor.submit(build_one, job, **options)
            while not future.done():
                wait([future], timeout=0.1)
                tick()
            outcome = _outcome(future, job)
        except KeyboardInterrupt:
            if future is not None:
                _finish_running({future: job}, done, on_done)
            return True
        finally:
            executor.shutdown(wait=True, cancel_futures=True)  # a running build finishes: its output is whole
        done.append(outcome)
        on_done(outcome)
    return False


def _finish_running(pending: dict[Future, Job], done: list[Outcome], on_done: Callable[[Outcome], None]) -> None:
    """After Ctrl-C: wait for the builds already running (workers ignore Ctrl-C; each takes a
    moment) and report them; a second Ctrl-C stops waiting."""
    running = {f: job for f, job in pending.items() if not f.cancelled()}
    try:
        for future in wait(running).done:
            if not future.cancelled():
                outcome = _outcome(future, running[future])
                done.append(outcome)
                on_done(outcome)
    except KeyboardInterrupt:
        pass


def _outcome(future: Future, job: Job) -> Outcome:
    try:
        return future.result()
    except BrokenProcessPool:
        return Outcome(job, error=BROKEN)
    except Exception as e:  # e.g. an outcome that could not be sent back: say so for this config, go on
        return Outcome(job, error=_internal(e))


def _context():
    """How workers are started. From the main thread of a command, fork (fast: the workers
    start with drafter already imported). From another thread (``drafter serve`` runs a batch
    from a request), spawn fresh interpreters: forking a process that has other threads
    running can copy a lock held by one of them and hang the child."""
    import multiprocessing

    if threading.current_thread() is threading.main_thread() and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class _sigint_ignored:
    """Ignore Ctrl-C for a moment in this process (only the main thread may change signals)."""

    def __enter__(self):
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        return False
