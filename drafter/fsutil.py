"""Reading and writing files so that nothing a user had is lost or half-written.

- :func:`read_input` reads only regular files and only up to a limit: a FIFO, a device
  (``/dev/zero``) or a 5 GB file given by mistake ends in a clear message, not a hang.
- :func:`write_atomic` writes one file through a temp file and a rename: either the old
  file or the complete new one exists, whatever happens (Ctrl-C, kill -9, a full disk).
  Temp files carry the writer's process id; a later run removes those whose writer is
  gone.
- :func:`write_all` writes several files all-or-nothing (import: a block file and a
  config). A journal lists what is being replaced while the renames happen; if the
  process dies between two renames, the next run that writes in the same workspace
  (:func:`recover`) puts everything back as it was before.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from pathlib import Path

from .errors import DrafterError, OutputError, os_message
from .limits import MB

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")
JOURNAL_DIR = ".drafter"


# -- reading ---------------------------------------------------------------------------------------
def read_input(path: Path | str, name: str, limit: int, error: type[DrafterError] = DrafterError) -> bytes:
    """The bytes of a regular file no larger than *limit*, or a located Chinese error."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block the open
    except FileNotFoundError:
        raise error("文件不存在", file=name) from None
    except IsADirectoryError:
        raise error("这是一个文件夹，不是文件", file=name) from None
    except OSError as e:
        raise error(f"无法读取（{os_message(e)}）", file=name) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error("这是一个文件夹，不是文件", file=name)
        if not stat.S_ISREG(info.st_mode):
            raise error("这不是普通文件（可能是设备或管道），不能读取", file=name)
        if info.st_size > limit:
            raise error(f"文件有 {_size(info.st_size)}，超过了 {_size(limit)} 的上限", file=name,
                        hint="请确认选对了文件")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1024 * 1024)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # the file grew while being read
                raise error(f"文件超过了 {_size(limit)} 的上限", file=name)
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise error(f"无法读取（{os_message(e)}）", file=name) from None
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} 字节"


# -- writing one file ------------------------------------------------------------------------------
def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what the umask gives a new file (usually 0644)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours to signal
    return True


def remove_stale_temps(folder: Path) -> None:
    """Delete temp files left in *folder* by a writer that no longer runs (killed mid-write)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m and not _alive(int(m.group("pid"))):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def _temp_for(path: Path) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)


def _write_temp(path: Path, data: bytes) -> str:
    """*data* in a new temp file beside *path*, flushed to disk, with the mode *path* will have."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(path.parent)
        fd, tmp = _temp_for(path)
    except OSError as e:
        raise OutputError(f"无法写入（{os_message(e)}）", file=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain save would
        os.chmod(tmp, _mode_for(path))
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise OutputError(f"无法写入（{os_message(e)}）", file=str(path)) from None
        raise
    return tmp


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write *data* to *path* in one step: either the old file or the complete new one exists."""
    path = Path(path)
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            hint = "文件可能正在 Word/WPS 中打开，请关闭后重试" if isinstance(e, PermissionError) else None
            raise OutputError(f"无法写入（{os_message(e)}）", file=str(path), hint=hint) from None
        raise


# -- writing several files, all or nothing ----------------------------------------------------------
def write_all(files: dict[Path, bytes], root: Path) -> None:
    """Write every file of *files* or none of them (*root*: the workspace, which keeps the journal).

    New files only: a target that exists is refused (callers move old files aside first).
    """
    root = Path(root)
    recover(root)
    clash = [p for p in files if p.exists()]
    if clash:
        raise OutputError("文件已存在，未做任何改动", file=str(clash[0]))
    temps: dict[Path, str] = {}
    journal = None
    try:
        for path, data in files.items():
            temps[path] = _write_temp(path, data)
        journal = _write_journal(root, [str(p) for p in files], list(temps.values()))
        for path, tmp in temps.items():
            os.rename(tmp, path)
    except BaseException as e:
        for path, tmp in temps.items():
            if os.path.exists(tmp):
                _unlink_quietly(Path(tmp))
            else:  # renamed already: take it back
                _unlink_quietly(path)
        if journal is not None:
            _unlink_quietly(journal)
        if isinstance(e, OSError):
            raise OutputError(f"无法写入，未做任何改动（{os_message(e)}）", file=str(e.filename or root)) from None
        raise
    _unlink_quietly(journal)


def _write_journal(root: Path, targets: list[str], temps: list[str]) -> Path:
    folder = root / JOURNAL_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"write-{os.getpid()}.json"
    write_atomic(path, json.dumps({"pid": os.getpid(), "targets": targets, "temps": temps},
                                  ensure_ascii=False).encode("utf-8"))
    return path


def recover(root: Path) -> list[str]:
    """Undo the writes of an all-or-nothing write whose process died half-way (kill -9, power
    cut): the files it had already put in place are removed. Returns what was removed."""
    folder = Path(root) / JOURNAL_DIR
    undone: list[str] = []
    try:
        journals = sorted(folder.glob("write-*.json"))
    except OSError:
        return undone
    for journal in journals:
        try:
            entry = json.loads(journal.read_text(encoding="utf-8"))
            pid, targets, temps = int(entry["pid"]), list(entry["targets"]), list(entry["temps"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not ours to judge
        if _alive(pid):
            continue
        for target, tmp in zip(targets, temps):
            if os.path.exists(tmp):
                _unlink_quietly(Path(tmp))
            elif os.path.exists(target):
                _unlink_quietly(Path(target))
                _rmdir_if_empty(Path(target).parent)
                undone.append(target)
        _unlink_quietly(journal)
    return undone


def _rmdir_if_empty(folder: Path) -> None:
    """Remove a folder the undone write had made for its file (an empty one only)."""
    try:
        folder.rmdir()
    except OSError:
        pass


def _unlink_quietly(path: Path | None) -> None:
    if path is None:
        return
    try:
        os.unlink(path)
    except OSError:
        pass
