"""`drafter diff`: compare two configs or two documents, and write NEW with tracked changes.

    from drafter.diff import compare, redline, summary_lines
    alignment = compare("configs/要点-2022.yaml", "configs/要点-2023.yaml")
    print("\\n".join(summary_lines(alignment)))
    data = redline(alignment, author="办公室")  # .docx bytes: NEW with w:ins/w:del/moves against OLD

Either side may be a config (built in draft mode: a missing value shows as **), a .docx or a
.txt, from any source. The pieces: :mod:`.align` pairs the paragraphs (and is what
``drafter absorb`` builds on: :func:`align_edited`), :mod:`.textdiff` diffs characters,
:mod:`.summary` words the result, :mod:`.redline` writes the Word document.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DrafterError
from .align import (CHANGED, DELETED, EQUAL, INSERTED, MOVED, Alignment, Op, Para, Side, ValueChange, align,
                    align_edited, label_change, touched_values)
from .redline import AUTHOR, redline
from .summary import describe_path, summary_data, summary_json, summary_lines
from .textdiff import Edit, TextDiff, diff, similarity

__all__ = [
    "AUTHOR", "Alignment", "CHANGED", "DELETED", "EQUAL", "Edit", "INSERTED", "MOVED", "Op", "Para", "Side",
    "TextDiff", "ValueChange", "align", "align_edited", "check_author", "check_redline_output", "compare", "describe_path", "diff",
    "label_change", "load_side", "redline", "similarity", "summary_data", "summary_json", "summary_lines",
    "touched_values", "write_redline",
]

CONFIG_SUFFIXES = (".yaml", ".yml")
DOCUMENT_SUFFIXES = (".docx", ".txt")


def load_side(path: Path | str, *, libraries: dict | None = None) -> Side:
    """One side of a comparison from a file: a config (its draft build) or a .docx/.txt read back.

    *libraries* caches block libraries by workspace root, so two configs of one workspace
    load it once."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in CONFIG_SUFFIXES:
        from ..assembler import assemble
        from ..blocks import load_library
        from ..builder import load, writer_options
        from ..workspace import root_for

        libraries = {} if libraries is None else libraries
        root = root_for(path)
        if root not in libraries:
            libraries[root] = load_library(root)
        config, library = load(path, library=libraries[root])
        document = assemble(config, library, draft=True)
        return Side(document, source=str(path), kind="config", options=writer_options(config))
    if suffix in DOCUMENT_SUFFIXES:
        from ..readers import read_path

        return Side(read_path(path).document, source=str(path), kind=suffix.lstrip("."))
    raise DrafterError("只能对比配置文件（.yaml）或文件（.docx、.txt）", file=str(path),
                       hint="如 drafter diff configs/要点-2022.yaml configs/要点-2023.yaml，或两份 .docx")


def compare(old: Path | str, new: Path | str) -> Alignment:
    """Load both files and align them."""
    libraries: dict = {}
    return align(load_side(old, libraries=libraries), load_side(new, libraries=libraries))


def check_redline_output(inputs: list[Path | str], out: Path | str) -> None:
    """Refuse, before anything is compared, an OUT that is not a .docx, is a folder or is one of the inputs."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise DrafterError("--docx 的输出文件扩展名应为 .docx", file=str(out), key="--docx",
                           hint="如 --docx 修订稿.docx")
    if out.is_dir():
        raise DrafterError("输出是一个文件夹", file=str(out), key="--docx", hint="请给出文件名")
    for source in map(Path, inputs):
        same = out.resolve() == source.resolve()
        if not same and out.exists() and source.exists():
            try:
                same = out.samefile(source)
            except OSError:
                same = False
        if same:
            raise DrafterError("不能把修订稿写到被对比的文件上", file=str(out), key="--docx",
                               hint="请另给一个文件名，原文件保持不变")


def check_author(author: str) -> str:
    """The author name for the changes, or an error for one Word cannot hold (empty, control characters)."""
    if not author.strip():
        raise DrafterError("修订的作者名不能为空", key="--author", hint="如 --author 办公室")
    if any(ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF or ch in "\ufffe\uffff" for ch in author) or len(author) > 255:
        raise DrafterError("修订的作者名含有不能写入 Word 的字符，或超过 255 个字", key="--author",
                           hint="请用普通的文字，如 --author 办公室")
    return author


def write_redline(alignment: Alignment, out: Path | str, *, author: str = AUTHOR) -> Path:
    """Write the redline of *alignment* to *out* atomically (after :func:`check_redline_output`)."""
    from ..fsutil import write_atomic

    out = Path(out)
    check_author(author)
    check_redline_output([alignment.old.source, alignment.new.source], out)
    write_atomic(out, redline(alignment, author=author))
    return out
