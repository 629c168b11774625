"""`drafter build --watch`: rebuild when the config or a block it uses changes, and proofread each time.

For the editing loop: the config open in one window, the built document (or its text)
in another. Changes are found by polling the files' modification times and sizes —
simple, no dependency, and the same on every system; a poll every half second costs
nothing. A build that fails prints its messages and the watch goes on; Ctrl-C stops it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from .errors import DrafterError

INTERVAL = float(os.environ.get("DRAFTER_WATCH_INTERVAL", "0.5"))


def watched_files(config_path: Path) -> list[Path]:
    """The config, the block files its blocks live in and _params.yaml (all of blocks/ when the
    config cannot be read: a broken config may name any block once it is fixed)."""
    from .blocks import COMMON_PARAMS_FILE
    from .config import iter_block_refs
    from .workspace import root_for
    from .yamlio import load_yaml_file

    root = root_for(config_path)
    files = {Path(config_path).resolve(), (root / "blocks" / COMMON_PARAMS_FILE).resolve()}
    try:
        from .blocks import load_library

        library = load_library(root)
        uses = list(iter_block_refs(load_yaml_file(config_path)))
    except DrafterError:
        return sorted(files | {p.resolve() for p in (root / "blocks").rglob("*.yaml")})
    for use in uses:
        block = library.get(use.block)
        if block is not None:
            files.add((root / block.file).resolve())
    return sorted(files)


def _state(files: list[Path]) -> dict[Path, tuple[int, int] | None]:
    out: dict[Path, tuple[int, int] | None] = {}
    for path in files:
        try:
            info = path.stat()
            out[path] = (info.st_mtime_ns, info.st_size)
        except OSError:
            out[path] = None
    return out


def watch(config_path: Path, *, echo: Callable[[str], None], build_once: Callable[[], list[str]],
          rounds: int | None = None) -> None:
    """Run *build_once* now and after every change; *echo* each line it returns. *rounds* stops
    after that many builds (for tests); otherwise only Ctrl-C stops it."""
    config_path = Path(config_path)
    done = 0
    while rounds is None or done < rounds:
        files = watched_files(config_path)
        state = _state(files)
        for line in build_once():
            echo(line)
        done += 1
        if rounds is not None and done >= rounds:
            return
        echo(f"正在监视 {len(files)} 个文件，修改后自动重新生成（按 Ctrl-C 停止）……")
        while _state(files) == state:
            time.sleep(INTERVAL)
        echo("")
        echo("检测到修改，重新生成：")


def build_and_check(config_path: Path, **build_options) -> list[str]:
    """One round of the watch: build, then proofread; the lines to show (errors included)."""
    from .builder import build
    from .check import check_path
    from .check.report import check_text
    from .report import build_summary

    try:
        result = build(config_path, **build_options)
    except DrafterError as e:
        return [str(e)]
    lines = [build_summary(result.path, result.blanks, result.kept)]
    try:
        checked = check_path(config_path)
    except DrafterError as e:
        return lines + [str(e)]
    return lines + check_text(checked)
