"""PDF: drafter's own docx, laid out and converted by LibreOffice, with the fonts embedded.

Why LibreOffice and not a PDF library: the GB/T 9704 layout lives in the docx writer; laying
the document out a second time for PDF would give two layouts to keep equal. LibreOffice lays
out the docx much as Word does (the rendering tests measure exactly these PDFs) and embeds a
subset of every font it uses.

- LibreOffice itself — which soffice, a private profile per conversion, the time limit
  (``$DRAFTER_PDF_TIMEOUT``) and killing its process group — is :mod:`drafter.soffice`, shared
  with the readers of .doc/.wps files; this module words its errors for 生成 PDF.
- Fonts: the docx names the official fonts (仿宋_GB2312, 方正小标宋简体 …), which Linux lacks, and
  fontconfig would set all of them in one sans face. Unless ``FONTCONFIG_FILE`` is already set,
  LibreOffice gets a fontconfig file mapping each official name to a free font of the same style
  (Debian: fonts-noto-cjk, fonts-arphic-gkai00mp). Elsewhere (Windows, macOS) fontconfig is not
  used and the file is harmless.
- Reproducible: LibreOffice stamps the clock into /CreationDate and derives the trailer's /ID
  and /DocChecksum from it. They are replaced by values of the same length (the date drafter
  stamps into the docx, a digest of the rest of the file), so the cross-reference offsets stay
  valid and the same config gives the same bytes. When LibreOffice writes them differently
  (another version), the PDF is left as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from xml.sax.saxutils import escape

from .. import layout
from .. import soffice as lo
from ..errors import DrafterError
from ..model import Document
from ..soffice import DEFAULT_TIMEOUT, INSTALL_HINT, timeout_seconds  # noqa: F401 - part of this module's API
from . import WriterOptions, timestamp

# The official font names a docx may carry, by style, and the free fonts that stand in for
# them (in order of preference). Debian has no complete simplified-Chinese 仿宋, so the serif
# Noto face stands in for it; 小标宋 is a heavy 宋, hence Noto Serif forced to bold.
FONT_STYLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    # style: (official names, free substitutes, force bold)
    "仿宋": (("仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "方正仿宋_GBK", "方正仿宋简体", "华文仿宋",
             "STFangsong"), ("Noto Serif CJK SC", "cwTeXFangSong"), False),
    "黑体": (("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体"), ("Noto Sans CJK SC", "WenQuanYi Zen Hei"), False),
    "楷体": (("楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312", "方正楷体_GBK", "方正楷体简体", "华文楷体", "STKaiti"),
             ("AR PL KaitiM GB", "AR PL UKai CN", "Noto Serif CJK SC"), False),
    "宋体": (("宋体", "SimSun", "新宋体", "NSimSun", "方正书宋_GBK", "STSong"),
             ("Noto Serif CJK SC", "AR PL SungtiL GB"), False),
    "小标宋": (("方正小标宋简体", "方正小标宋_GBK", "方正小标宋", "小标宋", "小标宋体", "FZXiaoBiaoSong-B05S"),
              ("Noto Serif CJK SC",), True),
}


def write_pdf(doc: Document, options: WriterOptions) -> bytes:
    """The document as PDF: :func:`write_docx`, then LibreOffice."""
    soffice = find_soffice()  # before the docx is made: a missing LibreOffice is said at once
    from .docx import write_docx

    return convert(for_libreoffice(write_docx(doc, options)), soffice=soffice, when=timestamp(options.date))


def for_libreoffice(docx: bytes) -> bytes:
    """The docx as LibreOffice needs it to print every character.

    drafter's docx fits 28 characters a line by condensing each by 0.25 pt (``w:spacing``, what
    Word lays out as GB/T 9704 wants). LibreOffice 7.4 then drops a full-width comma that falls
    at the end of a justified line (neither hung in the margin nor carried over, just not
    painted). Narrowing the characters instead (``w:w``, 98 %) gives LibreOffice the same 22 lines
    of 28 characters and loses nothing. Only the PDF's copy changes: the .docx is left as Word
    wants it.
    """
    from .ziputil import rewrite

    condensed = f'<w:spacing w:val="{layout.CHAR_CONDENSE}"/>'.encode()
    narrowed = f'<w:w w:val="{layout.LIBREOFFICE_CHAR_SCALE}"/>'.encode()
    return rewrite(docx, {"word/styles.xml": lambda xml: xml.replace(condensed, narrowed)})


def find_soffice() -> str:
    """The LibreOffice program to run, or a Chinese error saying what to install."""
    try:
        return lo.find()
    except lo.NotFound as e:
        if e.explicit:
            raise DrafterError(f"环境变量 DRAFTER_SOFFICE 指向的「{e.explicit}」不存在或不能运行，无法生成 PDF",
                               key="DRAFTER_SOFFICE", hint="请改为 soffice 的完整路径，或删去这个环境变量") from None
        raise DrafterError("生成 PDF 需要 LibreOffice，但没有找到它（soffice），未生成文件", key="--format",
                           hint=INSTALL_HINT) from None


def convert(docx: bytes, *, soffice: str | None = None, when: dt.datetime | None = None) -> bytes:
    """*docx* converted to PDF by LibreOffice in a private, temporary profile (see the module)."""
    soffice = soffice or find_soffice()
    try:
        pdf = lo.convert(docx, ".docx", "pdf:writer_pdf_Export", program=soffice, fontconfig=fontconfig(),
                         prefix="drafter-pdf-")
    except lo.CannotStart as e:
        raise DrafterError(f"无法启动 LibreOffice（{e.program}：{e.reason}），未生成文件", key="--format",
                           hint=INSTALL_HINT) from None
    except lo.TimedOut as e:
        raise DrafterError(f"LibreOffice 在 {e.seconds:g} 秒内没有完成转换，已停止它，未生成文件", key="--format",
                           hint=lo.TIMEOUT_HINT) from None
    except lo.Failed as e:
        raise DrafterError(f"LibreOffice 未能把文件转换为 PDF（退出码 {e.code}），未生成文件",
                           key="--format", hint=f"LibreOffice 的输出：{e.said}" if e.said else None) from None
    return stamp(pdf, when) if when is not None else pdf


def fontconfig() -> str:
    """A fontconfig file: the system's own configuration, then each official font name
    strongly bound to its free substitutes (see :data:`FONT_STYLES`)."""
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">', "<fontconfig>",
             '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>']
    for names, substitutes, bold in FONT_STYLES.values():
        for name in names:
            lines.append("  <match target=\"pattern\">")
            lines.append(f'    <test name="family" compare="eq" qual="any"><string>{escape(name)}</string></test>')
            for family in reversed(substitutes):  # each prepend goes first: the preferred one last
                lines.append(f'    <edit name="family" mode="prepend" binding="strong"><string>{escape(family)}</string></edit>')
            if bold:
                lines.append('    <edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>')
            lines.append("  </match>")
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


_CREATION = re.compile(rb"/CreationDate\(D:(\d{14})")
_ID = re.compile(rb"/ID \[ <([0-9A-F]{32})>\s*<([0-9A-F]{32})> \]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-F]{32})")


def stamp(pdf: bytes, when: dt.datetime) -> bytes:
    """*pdf* with LibreOffice's clock-derived values replaced by same-length reproducible ones:
    /CreationDate by *when*, /ID and /DocChecksum by a digest of everything else."""
    found = [list(p.finditer(pdf)) for p in (_CREATION, _ID, _CHECKSUM)]
    if any(len(matches) != 1 for matches in found):
        return pdf  # not the layout this was written for: better unstamped than damaged
    data = bytearray(pdf)
    spans = [found[0][0].span(1), found[1][0].span(1), found[1][0].span(2), found[2][0].span(1)]
    data[slice(*spans[0])] = when.strftime("%Y%m%d%H%M%S").encode("ascii")
    for start, end in spans[1:]:
        data[start:end] = b"0" * (end - start)
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest().upper().encode("ascii")
    for start, end in spans[1:]:
        data[start:end] = digest
    return bytes(data)
