"""Old Word (.doc), WPS (.wps) and RTF → .docx by LibreOffice → the docx reader.

Offices still keep last year's file as .doc or .wps. Reading those formats is LibreOffice's
job (:mod:`drafter.soffice`: a private profile, a time limit, the process group killed); the
converted .docx is read by :mod:`.docx` as if the user had saved it as .docx, and lives only
in a temporary folder that is removed afterwards.

  [X] the file's content decides, not its name: a .docx renamed .doc is read directly; an
      OLE file (Word 97–2003, WPS), RTF, or the HTML/XML/MHT that web systems save as .doc go
      to LibreOffice; anything else (a text file, a PDF renamed .doc) → ReadError
  [X] no LibreOffice → ReadError naming what to install, and saying how to do without it
      (另存为 .docx); failure or timeout → ReadError; nothing left behind
  [ ] password-protected .doc: LibreOffice fails (or times out) and the user is told to save as .docx
"""

from __future__ import annotations

from .. import soffice as lo
from ..errors import ReadError
from .structure import ReadResult

_SAVE_AS = {"wps": "请在 WPS 中打开，“另存为” .docx 后再导入",
            "rtf": "请在 Word 或 WPS 中打开，“另存为” .docx 后再导入"}
_SAVE_AS_DEFAULT = "请在 Word 或 WPS 中打开，“另存为” .docx 后再导入"
_NAMES = {"doc": "旧版 Word 文档（.doc）", "wps": "WPS 文档（.wps）", "rtf": "RTF 文档（.rtf）"}


def read_doc(data: bytes, source: str = "<文档>", kind: str = "doc") -> ReadResult:
    """Read a .doc/.wps/.rtf file (bytes): converted to .docx by LibreOffice, then read as .docx."""
    from .docx import read_docx

    save_as = _SAVE_AS.get(kind, _SAVE_AS_DEFAULT)
    name = _NAMES.get(kind, f".{kind} 文件")
    if data.startswith(b"PK\x03\x04"):  # a .docx under an old name: no conversion needed
        return read_docx(data, source)
    if not _convertible(data):
        raise ReadError(f"这不是{name}：文件内容不是 Word 或 WPS 文档的格式", file=source,
                        hint="文件可能已损坏，或扩展名不对；" + save_as)
    try:
        program = lo.find()
    except lo.NotFound as e:
        if e.explicit:
            raise ReadError(f"环境变量 DRAFTER_SOFFICE 指向的「{e.explicit}」不存在或不能运行，无法导入{name}",
                            file=source, hint="请改为 soffice 的完整路径，或删去这个环境变量；也可以" + save_as) from None
        raise ReadError(f"导入{name}需要 LibreOffice 把它转换为 .docx，但没有找到它（soffice）", file=source,
                        hint=f"{save_as}；或者安装 LibreOffice：{lo.INSTALL_HINT}") from None
    try:
        converted = lo.convert(data, f".{kind}", "docx:MS Word 2007 XML", program=program, prefix="drafter-import-")
    except lo.CannotStart as e:
        raise ReadError(f"无法启动 LibreOffice（{e.program}：{e.reason}），未导入", file=source,
                        hint=f"{save_as}；或者检查 LibreOffice 的安装：{lo.INSTALL_HINT}") from None
    except lo.TimedOut as e:
        raise ReadError(f"LibreOffice 在 {e.seconds:g} 秒内没有把文件转换为 .docx，已停止它，未导入", file=source,
                        hint=f"{lo.TIMEOUT_HINT}；文件设了密码时，{save_as}") from None
    except lo.Failed as e:
        said = f"（LibreOffice 的输出：{e.said}）" if e.said else ""
        raise ReadError(f"LibreOffice 未能把文件转换为 .docx（退出码 {e.code}），未导入{said}", file=source,
                        hint=f"文件可能已损坏或设了密码；{save_as}") from None
    return read_docx(converted, source)


def _convertible(data: bytes) -> bool:
    """An OLE compound file (.doc, .wps), RTF, or a web page / Word XML saved as .doc."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or data.startswith(b"{\\rtf"):
        return True
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<", b"mime-version:")) and any(
        mark in head for mark in (b"<html", b"<?xml", b"<!doctype html", b"mime-version", b"<w:worddocument"))
