"""Where things live: the workspace root (the folder holding ``blocks/``) and output paths."""

from __future__ import annotations

from pathlib import Path

from .errors import DrafterError, OutputError

EXTENSIONS = {"docx": "docx", "txt": "txt", "md": "md", "json": "json", "pdf": "pdf"}


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


# Where the user's own sources live: no output may be written there.
PROTECTED_FOLDERS = ("blocks", "configs", "templates")


def output_format(fmt: str | None, output: Path | str | None) -> str:
    """The format to write: ``-f`` when given, else the output's extension, else docx.

    A ``-f`` that disagrees with the extension is refused rather than followed, so that
    ``-f txt -o 要点.docx`` never leaves plain text under a Word name.
    """
    from .writers import get_writer

    by_extension = {ext: name for name, ext in EXTENSIONS.items()}
    suffix = Path(output).suffix if output is not None else ""
    if fmt is None:
        if output is None:
            return "docx"
        if suffix.lower().lstrip(".") in by_extension:
            return by_extension[suffix.lower().lstrip(".")]
        raise DrafterError(f"无法从文件名的扩展名「{suffix or '（无）'}」判断输出格式", key="--output",
                           hint="请以 " + "、".join(f".{ext}" for ext in EXTENSIONS.values()) + " 结尾，或用 -f 指定格式")
    get_writer(fmt)
    if output is not None and suffix.lower() != f".{EXTENSIONS[fmt]}":
        raise DrafterError(f"输出格式是 {fmt}，文件名却以「{suffix or '（无扩展名）'}」结尾，未生成文件", key="--output",
                           hint=f"请改用 .{EXTENSIONS[fmt]} 结尾，或去掉 -f，由扩展名决定格式")
    return fmt


def check_output(path: Path, root: Path, inputs: list[Path]) -> None:
    """Refuse an output path that would overwrite an input, or land among the user's
    blocks, configs or templates, or is a folder."""
    target = Path(path).resolve()
    for source in inputs:
        if target == Path(source).resolve():
            raise OutputError("输出路径就是配置文件本身：生成结果会覆盖它，未生成文件", file=str(path), key="--output")
    for name in PROTECTED_FOLDERS:
        folder = (Path(root) / name).resolve()
        if target == folder or folder in target.parents:
            raise OutputError(f"不能把生成结果写进 {name}/ 文件夹（那里是块库、配置和模板），未生成文件",
                              file=str(path), key="--output", hint="请写到 output/ 或其他文件夹")
    if target.is_dir():
        raise OutputError("输出路径是一个文件夹", file=str(path), key="--output", hint="请给出文件名，如 output/要点.docx")
