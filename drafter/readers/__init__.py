"""Readers: bytes of one input format → the document model, looked up by name.

Like pandoc's ``Readers.hs``: a name → function registry, and :func:`get_reader`
raising our error for a format we cannot read (with the hint that matters most in an
office: save as .docx). Every reader returns a :class:`ReadResult`. A text PDF is read
with pdfplumber; .doc, .wps and .rtf are converted to .docx by LibreOffice first.
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


def _pdf(data: bytes, source: str = "<PDF>") -> ReadResult:
    from .pdf import read_pdf  # pdfplumber is imported only when a PDF is read

    return read_pdf(data, source)


def _converted(kind: str) -> Reader:
    """A reader of an old format that LibreOffice converts to .docx (.doc, .wps, .rtf)."""

    def read(data: bytes, source: str = "<文档>") -> ReadResult:
        from .doc import read_doc

        return read_doc(data, source, kind)

    return read


READERS: dict[str, Reader] = {"txt": _txt, "docx": _docx, "pdf": _pdf,
                              "doc": _converted("doc"), "wps": _converted("wps"), "rtf": _converted("rtf")}

# Binary formats: read up to the .docx size limit (text files have their own)
_BINARY = {"docx", "pdf", "doc", "wps", "rtf"}

# Formats people will try, and what to do instead.
_HINTS = {
    "docm": "请在 Word 中“另存为” .docx（不含宏）后再导入",
    "odt": "请在 LibreOffice 或 WPS 中打开，“另存为” .docx 后再导入",
    "ofd": "请用 OFD 阅读器（如数科阅读器）打开，导出为 PDF 后再导入",
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
    limit = MAX_DOCX_BYTES if path.suffix.lower().lstrip(".") in _BINARY else MAX_TEXT_BYTES
    return reader(read_input(path, str(path), limit, ReadError), str(path))


__all__ = ["READERS", "FlatParagraph", "ReadResult", "build_document", "get_reader", "read_path"]
