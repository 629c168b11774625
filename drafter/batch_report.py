"""Text for people about a batch build: a progress bar while it runs, a table when it is done.

Kept out of :mod:`drafter.batch` (which only builds) and :mod:`drafter.cli` (which only wires).
rich draws both. The progress bar goes to stderr and only to a terminal: a log or a pipe gets
the table alone. It is redrawn from the main thread when a build finishes or the batch
ticks, never by a thread of rich's own (see :mod:`drafter.batch` on forking).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import IO

from .batch import BatchResult, Outcome

_REDRAW = 0.1  # seconds between redraws of the progress bar

# A table written to a file or a pipe is as wide as its rows: a Chinese message wrapped
# inside a cell at 80 columns could no longer be searched for or copied.
_UNWRAPPED = 100_000


class ProgressDisplay:
    """``with ProgressDisplay(total) as show:`` … ``show.done(outcome)``, ``show.tick()``."""

    def __init__(self, total: int, file: IO[str] | None = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=file, stderr=file is None)
        self._progress = Progress(
            TextColumn("正在生成"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[failed]}"),
            TimeElapsedColumn(), TextColumn("{task.description}"),
            console=console, auto_refresh=False, transient=True, disable=not _is_terminal(console))
        self._task = self._progress.add_task("", total=total, failed="")
        self._failed = 0
        self._drawn = 0.0

    def __enter__(self) -> "ProgressDisplay":
        self._progress.start()
        self._progress.refresh()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    def done(self, outcome: Outcome) -> None:
        self._failed += not outcome.ok
        self._progress.update(self._task, advance=1, description=outcome.job.config.name,
                              failed=f"失败 {self._failed}" if self._failed else "")
        self._refresh(force=not outcome.ok)

    def tick(self) -> None:
        self._refresh()

    def _refresh(self, force: bool = False) -> None:
        """Redraw at most ten times a second (a failure at once): redrawing after every one of
        hundreds of quick builds cost the main process more than handing out the work."""
        now = time.monotonic()
        if force or now - self._drawn >= _REDRAW:
            self._progress.refresh()
            self._drawn = now


def summary_line(result: BatchResult) -> str:
    built = sum(o.ok for o in result.outcomes)
    failed = len(result.outcomes) - built
    line = f"共 {len(result.outcomes)} 份：{built} 份已生成" + (f"，{failed} 份未生成" if failed else "")
    if result.interrupted:
        line += "（已中断：未开始的没有生成，已生成的都是完整的）"
    return line


def summary_table(result: BatchResult):
    """One row per config, in the order given: 已生成 with the output and its blanks, or 未生成
    with the reason (the whole message, with the file and line it names)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True)
    table.add_column("配置", overflow="fold")
    table.add_column("结果", no_wrap=True)
    table.add_column("输出文件或原因", overflow="fold")
    table.add_column("待填", justify="right", no_wrap=True)
    for outcome in result.outcomes:
        if outcome.ok:
            where = _shown(outcome.path)
            if outcome.kept:
                where += f"\n原文件有手工修改，已先保存到 {_shown(outcome.kept)}"
            table.add_row(str(outcome.job.config), Text("已生成", style="green"), where,
                          f"{outcome.blanks}处" if outcome.blanks else "")
        else:
            table.add_row(str(outcome.job.config), Text("未生成", style="bold red"), Text(outcome.error or ""), "")
    return table


def print_summary(result: BatchResult, file: IO[str]) -> None:
    from rich.console import Console

    console = Console(file=file, highlight=False)
    if not _is_terminal(console):
        console = Console(file=file, highlight=False, width=_UNWRAPPED)
    console.print(summary_table(result))
    console.print(summary_line(result), style="red" if result.failed else None)


def _is_terminal(console) -> bool:
    """A terminal a person watches. rich alone also says so for a log or a pipe when FORCE_COLOR
    is set (as CI services do): colours are then welcome, a redrawn bar and wrapped lines not."""
    if not console.is_terminal:
        return False
    isatty = getattr(console.file, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _shown(path: Path | None) -> str:
    """A path relative to the current folder when it is inside it, else as it is."""
    if path is None:
        return ""
    try:
        return Path(os.path.relpath(Path(path).resolve(), Path.cwd())).as_posix() if _inside_cwd(path) else str(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def _inside_cwd(path: Path) -> bool:
    try:
        Path(path).resolve().relative_to(Path.cwd().resolve())
        return True
    except ValueError:
        return False
