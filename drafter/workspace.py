"""Where things live: the workspace root (the folder holding ``blocks/``) and output paths."""

from __future__ import annotations

from pathlib import Path

from .errors import DrafterError

EXTENSIONS = {"docx": "docx", "txt": "txt", "md": "md", "json": "json"}


def find_root(start: Path | str) -> Path | None:
    """The nearest folder at or above *start* that holds ``blocks/``."""
    start = Path(start).resolve()
    if start.is_file():
        start = start.parent
    for folder in (start, *start.parents):
        if (folder / "blocks").is_dir():
            return folder
    return None


def root_for(config_path: Path | str) -> Path:
    """The workspace of a config: found from the config's folder, else from the current folder."""
    config_path = Path(config_path)
    root = find_root(config_path) or find_root(Path.cwd())
    if root is None:
        raise DrafterError(
            "找不到块库：配置文件所在文件夹及其上级都没有 blocks/ 文件夹",
            file=str(config_path),
            hint="请在工作区（含 blocks/ 和 configs/ 的文件夹）中运行",
        )
    return root


def display_path(path: Path, root: Path) -> str:
    """*path* as shown in messages: relative to the workspace root when inside it."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def default_output(root: Path, config_path: Path, fmt: str) -> Path:
    return root / "output" / f"{config_path.stem}.{EXTENSIONS[fmt]}"
