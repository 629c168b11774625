"""Plain text → flat paragraphs: decode, split into lines, mend hard line breaks.

Offices save .txt from Notepad (UTF-8 with a BOM, or "Unicode" = UTF-16), from WPS
(often GBK) or paste text copied out of a PDF, where every printed line ends in a
line break. This module only finds the paragraphs; :mod:`.structure` decides what
they are.

  [X] UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 (covers GBK/GB2312)
  [X] a Word file (.docx/.doc) renamed .txt, or other binary data → a clear ReadError
  [X] one paragraph per line; blank lines and indentation always start a paragraph
  [X] hard breaks inside a paragraph (PDF copies) joined when the line is full width,
      does not end a sentence and the next line does not open a numbered paragraph;
      never to or from a line that is website junk or a byline (作者：… 发布时间：…)
  [X] spaces inside a line (PDF copies: 党的 二十 大, 。 把) kept as they are
  [X] a line with a tab inside is a table row (drafter's -f txt writes the 任务分解表 so): never
      joined with its neighbours, nor counted for the line width
  [ ] paragraphs separated only by blank lines with short lines inside (poems, lists)
"""

from __future__ import annotations

import codecs

from ..errors import ReadError
from ..numbering import LabelStyle, parse_label
from .structure import FlatParagraph, ReadResult, build_document, is_date, is_junk_paragraph

_INDENT = (" ", "\t", "\u3000", "\xa0")
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
FULL_LINE = 0.9  # a line at least this share of the text width was wrapped, not ended
_CLOSERS = "”’」』）)》】\"'"
_FINAL = "。！？；：…!?;:"
_SENTENCE_INSIDE = "。！？；"


def read_txt(data: bytes, source: str = "<文本>") -> ReadResult:
    """Read a plain-text document (bytes) into the model."""
    return build_document(split_paragraphs(decode(data, source)), source)


def decode(data: bytes, source: str = "<文本>") -> str:
    """Decode text the way Chinese offices save it: UTF-8 first (strict), else GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8):]
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ReadError("文件开头标明是 UTF-8 编码，但内容无法按此解码", file=source,
                            line=body[: err.start].count(b"\n") + 1) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError("文件开头标明是 UTF-16（Unicode）编码，但内容无法按此解码", file=source) from None
    _refuse_binary(data, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err.start
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as err:
        # the encoding that got further is likelier the right one: name its bad line
        line = data[: max(utf8_error, err.start)].count(b"\n") + 1
        raise ReadError(
            "无法识别文件的文字编码：既不是 UTF-8，也不是 GBK/GB18030",
            file=source,
            line=line,
            hint="请用记事本或 WPS 打开后“另存为”，编码选 UTF-8，再导入",
        ) from None


def _refuse_binary(data: bytes, source: str) -> None:
    if data.startswith(b"PK\x03\x04"):
        raise ReadError("这不是纯文本文件，而是 Word 文档（.docx）或压缩包", file=source,
                        hint="请把文件扩展名改为 .docx 后再导入")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("这不是纯文本文件，而是旧版 Word 文档（.doc）", file=source,
                        hint="请先在 Word 或 WPS 中另存为 .docx 后再导入")
    if b"\x00" in data[:4096]:
        raise ReadError("这不是纯文本文件（含有二进制内容）", file=source,
                        hint="请导入 .txt 或 .docx 文件")


def split_paragraphs(text: str) -> list[FlatParagraph]:
    """Lines → paragraphs, joining the lines a hard break split (see module docstring)."""
    lines = text.splitlines()
    stripped = [_strip(line) for line in lines]
    full = FULL_LINE * _text_width([s for s in stripped if s and not _bare_label(s) and "\t" not in s])
    paragraphs: list[FlatParagraph] = []
    current, first_line, prev = "", 0, ""
    for number, (raw, line) in enumerate(zip(lines, stripped), start=1):
        if (current and line and not raw.startswith(_INDENT) and "\t" not in line + prev and width(prev) >= full
                and continues(prev, line)):
            current = join_lines(current, line)
        else:
            if current:
                paragraphs.append(FlatParagraph(current, line=first_line))
            current, first_line = line, number
        prev = line
    if current:
        paragraphs.append(FlatParagraph(current, line=first_line))
    return paragraphs


def ends_sentence(text: str) -> bool:
    """True when *text* ends a sentence (。！？；： or … before closing quotes)."""
    t = text.rstrip().rstrip(_CLOSERS)
    if not t:
        return False
    return t[-1] in _FINAL or (t[-1] == "." and len(t) > 1 and not t[-2].isascii())


def is_heading_like(text: str) -> bool:
    """A numbered line without sentence punctuation inside: a heading, which ends there."""
    label = parse_label(text)
    if not label or label[0] is LabelStyle.CN_SHI:
        return False
    return not any(ch in text[len(label[2]):] for ch in _SENTENCE_INSIDE)


def continues(prev: str, nxt: str) -> bool:
    """Whether line *nxt* may be the rest of the paragraph ending with *prev* (a hard
    break): not after a sentence end, a heading or a date, nor before a label or a date.
    The docx reader uses it for line breaks (w:br) inside a paragraph too."""
    if ends_sentence(prev) or is_heading_like(prev) or is_date(prev):
        return False
    if parse_label(nxt) is not None or is_date(nxt):
        return False
    return not (is_junk_paragraph(prev) or is_junk_paragraph(nxt))  # a byline is a line of its own


def join_lines(prev: str, nxt: str) -> str:
    """Join a broken line: no space in Chinese, one space between two Latin words."""
    sep = " " if prev[-1:].isascii() and prev[-1:].isalpha() and nxt[:1].isascii() and nxt[:1].isalpha() else ""
    return prev + sep + nxt


def _bare_label(line: str) -> bool:
    """A label alone on its line (1. with its text on the next line): no measure of the text width."""
    label = parse_label(line)
    return label is not None and not line[len(label[2]):].strip()


def _strip(line: str) -> str:
    return line.strip().strip(_INVISIBLE).strip()


def width(text: str) -> float:
    """Printed width in Chinese characters: Latin letters and digits take half a cell."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _text_width(lines: list[str]) -> float:
    """The width of a full line: the upper quartile of line widths.

    In a PDF copy most lines are full, so the quartile is the page width; in a file
    with one paragraph per line it is far wider than any heading, so nothing joins.
    """
    if not lines:
        return 0.0
    widths = sorted(width(line) for line in lines)
    if len(widths) < 3:
        return widths[-1]
    return widths[(len(widths) * 3) // 4]

