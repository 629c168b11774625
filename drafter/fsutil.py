"""Writing files so that a user never finds one half-written: temp file + rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what the umask gives a new file (usually 0644)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* in one step: either the old file or the complete new one exists."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(f"无法写入：{e.strerror}", file=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain save would
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        hint = "文件可能正在 Word/WPS 中打开，请关闭后重试" if isinstance(e, PermissionError) else None
        raise OutputError(f"无法写入：{e.strerror}", file=str(path), hint=hint) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
