"""Hand edits are never lost: what a build wrote is fingerprinted, and a changed output is not overwritten.

People open the built .docx and type into it. A rebuild that silently replaced it would
throw that work away, so every build records a fingerprint of what it wrote (in the
workspace's ``.drafter/outputs/``, one small file per output, so two builds at once do
not race over one list). Before writing, the file on disk is compared with it:

- unchanged since drafter wrote it (or not there) → written;
- changed, or a file drafter never wrote → refused, naming ``drafter absorb`` (carry the
  edits into the config) and ``--force``;
- with ``--force`` (or after absorb) → the old file is first copied to ``output/.history/``
  with the time in its name, then written. Nothing is ever deleted or overwritten silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import OutputError, os_message
from .fsutil import JOURNAL_DIR, write_atomic

HISTORY = ".history"


@dataclass
class Guard:
    """What protecting one output found: whether its old content was saved, and where."""

    path: Path
    kept: Path | None = None  # the copy in the history folder, when the old file was changed by hand


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record_path(root: Path, output: Path) -> Path:
    key = hashlib.sha1(str(output.resolve()).encode("utf-8")).hexdigest()[:20]
    return root / JOURNAL_DIR / "outputs" / f"{key}.json"


def _entry(root: Path, output: Path) -> dict:
    try:
        entry = json.loads(_record_path(root, output).read_text(encoding="utf-8"))
        return entry if isinstance(entry, dict) and entry.get("path") == str(output.resolve()) else {}
    except (OSError, ValueError):
        return {}


def recorded(root: Path, output: Path) -> str | None:
    """The digest drafter recorded when it last wrote *output*, or None."""
    return _entry(root, output).get("sha256")


def mark_absorbed(root: Path, output: Path, data: bytes) -> None:
    """Record that *output*, as it is now (*data*), has had its edits carried into the config by
    ``drafter absorb``: the next build may replace it (keeping a copy) without ``--force``."""
    entry = _entry(root, output) or {"path": str(Path(output).resolve()), "sha256": None}
    entry["absorbed"] = _digest(data)
    try:
        write_atomic(_record_path(root, Path(output)), json.dumps(entry, ensure_ascii=False).encode("utf-8"))
    except OutputError:
        pass


def absorbed(root: Path, output: Path) -> bool:
    """True when *output* is exactly what ``drafter absorb`` took the edits from."""
    digest = _entry(root, output).get("absorbed")
    try:
        return digest is not None and _digest(Path(output).read_bytes()) == digest
    except OSError:
        return False


def changed_since_built(root: Path, output: Path) -> bool:
    """True when *output* exists and is not what drafter last wrote there (edited, or someone else's)."""
    try:
        current = output.read_bytes()
    except FileNotFoundError:
        return False
    except OSError as e:
        raise OutputError(f"无法读取（{os_message(e)}）", file=str(output)) from None
    return recorded(root, output) != _digest(current)


def keep_in_history(root: Path, output: Path) -> Path:
    """Copy *output* to ``output/.history/`` under a name with the time; return the copy.

    The name is claimed by creating the file exclusively, not by looking first: two builds
    keeping outputs of the same name in the same second (a batch, two terminals) each get
    their own copy instead of one overwriting the other's.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = root / "output" / HISTORY
    target = folder / f"{output.stem}.{stamp}{output.suffix}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        n = 2
        while True:
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
                break
            except FileExistsError:
                target = folder / f"{output.stem}.{stamp}-{n}{output.suffix}"
                n += 1
        try:
            with os.fdopen(fd, "wb") as copy, open(output, "rb") as original:
                shutil.copyfileobj(original, copy)
            shutil.copystat(output, target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    except OSError as e:
        raise OutputError(f"无法保存原文件的副本（{os_message(e)}），未生成文件", file=str(target)) from None
    return target


def guard(root: Path, output: Path, *, force: bool = False, config: str = "") -> Guard:
    """Check *output* before a build writes it; with *force* keep a changed one in the history folder."""
    output = Path(output)
    if not changed_since_built(root, output):
        return Guard(output)
    if not force and not absorbed(root, output):
        shown = _shown(root, output)
        raise OutputError(
            f"{shown} 在上次生成之后被修改过（或不是 drafter 生成的），为免丢失修改，未覆盖它",
            file=None, key="--output",
            hint=(f"如果修改是要保留的，请先运行 drafter absorb {config or '配置文件'} {shown} 把修改写回配置；"
                  f"确定不要这些修改时加 --force（原文件会先保存到 output/{HISTORY}/）"),
        )
    return Guard(output, keep_in_history(root, output))


@contextmanager
def one_writer(root: Path, output: Path) -> Iterator[None]:
    """Builds writing into one workspace at once (two terminals, a watch loop and a build by hand,
    a batch's workers) take turns from the check of an output to its record: otherwise one could
    find the file another has just written, not yet recorded, and take it for a hand edit.

    An advisory lock on the workspace folder itself (it always exists, and nothing is created
    for the lock: a build that fails leaves the workspace as it was), released when the process
    ends however it ends; the turn is a few milliseconds (check, atomic write, record). Where
    there is no such lock (Windows) or the folder cannot be opened, the build goes on unlocked."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        fd = os.open(root, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks: unlocked, as before
        yield
    finally:
        os.close(fd)


def remember(root: Path, output: Path, data: bytes, config: str = "") -> None:
    """Record what was just written to *output* (a failure to record is not a failure to build)."""
    entry = {"path": str(Path(output).resolve()), "sha256": _digest(data), "size": len(data), "config": config}
    try:
        write_atomic(_record_path(root, Path(output)), json.dumps(entry, ensure_ascii=False).encode("utf-8"))
    except OutputError:
        pass


def _shown(root: Path, output: Path) -> str:
    try:
        return output.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(output)
