"""Readers: bytes of one input format → the document model, looked up by name.

Like pandoc's ``Readers.hs``: a name → function registry, and :func:`get_reader`
raising our error for a format we cannot read (with the hint that matters most in an
office: save a .doc as .docx). Every reader returns a :class:`ReadResult`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import ReadError, did_you_mean
from ..fsutil import read_input
from ..limits import MAX_DOCX_BYTES, MAX_TEXT_BYTES
from .structure import FlatParagraph, ReadResult, build_document

Reader = Callable[[bytes, str], ReadResult]


def _txt(data: bytes, source: str = "<文本>") -> ReadResult:
    from .txt import read_txt

    return read_txt(data, source)


def _docx(data: bytes, source: str = "<文档>") -> ReadResult:
    from .docx import read_docx  # python-docx is imported only when a docx is read

    return read_docx(data, source)


READERS: dict[str, Reader] = {"txt": _txt, "docx": _docx}

# Formats people will try, and what to do instead.
_HINTS = {
    "doc": "请先在 Word 或 WPS 中打开，“另存为” .docx 后再导入",
    "wps": "请先在 WPS 中打开，“另存为” .docx 后再导入",
    "rtf": "请先在 Word 或 WPS 中打开，“另存为” .docx 后再导入",
    "pdf": "请把 PDF 中的文字复制到 .txt 文件（或用 Word 打开后另存为 .docx）再导入",
}


def get_reader(name: str) -> Reader:
    """The reader for a format name or file extension ("txt", ".docx", "DOCX")."""
    key = name.lower().lstrip(".")
    try:
        return READERS[key]
    except KeyError:
        hint = _HINTS.get(key) or did_you_mean(key, READERS) or "可导入的格式：" + "、".join(READERS)
        raise ReadError(f"不能导入「{name}」格式的文件", hint=hint) from None


def read_path(path: str | Path) -> ReadResult:
    """Read a file, choosing the reader by its extension."""
    path = Path(path)
    if not path.suffix:
        raise ReadError("文件没有扩展名，无法判断格式", file=str(path), hint="可导入的格式：" + "、".join(READERS))
    reader = get_reader(path.suffix)
    limit = MAX_DOCX_BYTES if path.suffix.lower() == ".docx" else MAX_TEXT_BYTES
    return reader(read_input(path, str(path), limit, ReadError), str(path))


__all__ = ["READERS", "FlatParagraph", "ReadResult", "build_document", "get_reader", "read_path"]
