"""PDF (with a text layer) → flat paragraphs, from where each character is printed.

A PDF has no paragraphs, only characters at positions. pdfplumber (imported when a PDF is
read) gives every character with its box, font size and colour; this module groups them into
printed lines, takes out what the printer added, and rebuilds the paragraphs the way a 公文 is
laid out (GB/T 9704: body lines of one width, each paragraph's first line indented two
characters, the title centred in a larger size). :mod:`.structure` then recognises the
document, as for .txt and .docx.

  [X] lines from characters: grouped by their vertical centre, ordered left to right; no space
      between Chinese characters (pdfplumber's own text puts one between 2023 and 年), one space
      between two Latin words, a space character kept next to a Latin word; Kangxi radicals and
      compatibility ideographs (⼀ ⽂, which some PDF makers emit) read as the ordinary
      characters; characters printed twice (fake bold) read once
  [X] page numbers taken out (— 3 —, -3-, 3, 第3页, 第3页 共10页, 3/10, Page 3 of 10) when they are
      the first or last line of a page; running headers and footers taken out: the same text
      (digits aside) at the same height at the top or bottom of most pages
  [X] paragraphs: a line starts one when it is indented (≈ 2 characters), centred, in another
      size, after a wider gap than the lines of a paragraph, or after a line that ended well
      before the right edge; otherwise it continues the line before, across page breaks too.
      A full line ending a sentence also ends the paragraph when the next line opens a numbered
      one (一、 2. （三）, not 一是); block paragraphs (no indents) rely on that, on short last
      lines and on the space between paragraphs
  [X] title: centred lines in the largest size of the document (二号 小标宋), not coloured (the red
      红头 is not a title), joined and passed as the title hint, as the docx reader passes a title
      style; centred lines in a smaller size (a subtitle) are paragraphs of their own
  [X] tables (ruled, at least 2×2): passed on as rows of cell texts where they stand (a merged
      cell's text in its first column), as the docx reader does; the recogniser reads a 任务分解表
      from them (one table per page, the header repeated) and leaves any other out with a warning,
      its text in ``dropped``; landscape pages are read like any other page
  [X] red lines (the 发文机关标志) passed on as a hint
  [X] text turned 90°/180° read in its own direction (the page's main direction wins; text
      set in other directions, e.g. a diagonal watermark, is left out with a warning)
  [X] no text at all (a scan) → ReadError saying to OCR it; some pages without text but with
      pictures → a warning naming them; text in fonts without a character map ((cid:12)) →
      ReadError when most of the text is such, else a warning
  [X] password-protected, damaged, not-a-PDF → ReadError; more than MAX_PDF_PAGES pages or
      MAX_PDF_CHARS characters → ReadError
  [ ] two-column layouts (read across both columns); footnotes are read as body paragraphs (the
      版记 too, and the recogniser finds it there); hanging indents (each continuation line starts a paragraph);
      hyphenated Latin words; punctuation the PDF maker did not print cannot come back
      (LibreOffice 7.4 leaves out punctuation hung into the right margin)
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
import warnings
from collections import Counter
from dataclasses import dataclass, field

from ..errors import ReadError
from ..findings import Finding, Severity
from ..numbering import LabelStyle, parse_label
from .structure import FlatParagraph, ReadResult, build_document
from .txt import ends_sentence, join_lines

MAX_PDF_PAGES = 1000  # a long work report is 30 pages
MAX_PDF_CHARS = 2_000_000  # characters on all pages (30,000 in a long report)

SCANNED_MESSAGE = "这是扫描件（图片），没有可提取的文字"
SCANNED_HINT = "请用 OCR 软件（如 WPS 的“图片转文字”、微信或 QQ 的“提取文字”）识别后另存为 .docx 或 .txt，再导入"
_DAMAGED_HINT = "请用 PDF 阅读器打开确认；能打开时，用 WPS 或 Word 把它转换为 .docx 后再导入"

# Page numbers as printed at the top or bottom of a page (spaces removed first).
_PAGE_NUMBER = re.compile(
    r"^(?:[-－—–‒―−~～·•]*\d{1,4}[-－—–‒―−~～·•]*"  # 3, -3-, — 3 —, ·3·
    r"|第\d{1,4}页(?:[,，/／]?共\d{1,4}页)?|共\d{1,4}页[,，/／]?第\d{1,4}页"  # 第3页, 第3页 共10页
    r"|\d{1,4}[/／]\d{1,4}"  # 3/10
    r"|(?:page|p\.?)\d{1,4}(?:(?:of|/)\d{1,4})?)$",  # Page 3 of 10
    re.IGNORECASE,
)


@dataclass
class _Line:
    """One printed line, in its page's reading frame (text runs left to right, lines go down)."""

    page: int  # 0-based
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size most of its characters have
    coloured: bool  # most characters neither black nor grey (a red 红头)
    frame: tuple[int, int]  # the page's size in its reading frame, rounded: lines are measured per frame
    lead: float = 0.0  # width of what the line opens with that cannot be split: a Latin word, or a
    # character with the punctuation that may not start a line after it
    table: tuple[tuple[str, ...], ...] | None = None  # a table standing here: its rows (text: as " | " lines)
    left_out: str = ""  # the table's warning when the import leaves it out


@dataclass
class _Page:
    lines: list[_Line] = field(default_factory=list)
    pictures: bool = False
    text: bool = False  # any character at all, before anything was taken out


def read_pdf(data: bytes, source: str = "<PDF>") -> ReadResult:
    """Read a PDF with a text layer (bytes) into the model."""
    if b"%PDF-" not in data[:1024]:
        raise ReadError("这不是 PDF 文件：文件内容不是 PDF 的格式", file=source, hint=_DAMAGED_HINT)
    try:
        import pdfplumber  # an optional dependency, imported only when a PDF is read
    except ImportError:
        raise ReadError("导入 PDF 需要 pdfplumber，但没有安装它", file=source,
                        hint="请运行 pip install pdfplumber；或用 WPS/Word 把 PDF 转换为 .docx 后再导入") from None
    findings: list[Finding] = []
    _quiet_logs()
    with warnings.catch_warnings():  # pdfminer's warnings about odd files are not the user's business
        warnings.simplefilter("ignore")
        pages = _read_pages(pdfplumber, data, source, findings)
    lines = _strip_furniture(pages)
    paragraphs = _paragraphs(lines)
    result = build_document(paragraphs, source)
    result.findings[:0] = findings
    if result.plain is not None:
        result.plain.findings[:0] = findings
    return result


def _quiet_logs() -> None:
    """pdfminer logs warnings for harmless oddities; without a handler Python would print them."""
    for name in ("pdfminer", "pdfplumber"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _read_pages(pdfplumber, data: bytes, source: str, findings: list[Finding]) -> list[_Page]:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        count = len(pdf.pages)
    except Exception as e:  # noqa: BLE001 - a damaged file fails in many ways inside pdfminer
        raise _unreadable(e, source) from None
    with pdf:
        if count > MAX_PDF_PAGES:
            raise ReadError(f"PDF 有 {count} 页，超过 {MAX_PDF_PAGES} 页的上限，不导入", file=source,
                            hint="请确认这是一份工作文件；很长的材料请分成几份导入")
        pages, total, cid, tables = [], 0, 0, 0
        for number, page in enumerate(pdf.pages):
            try:  # pdfminer parses a page when its objects are first asked for
                chars, pictures, found = page.chars, bool(page.images), _tables(page)
                size = (float(page.width), float(page.height))
            except Exception as e:  # noqa: BLE001 - as above
                raise _unreadable(e, source) from None
            read = _read_page(number, chars, pictures, found, size)
            total += read.count
            if total > MAX_PDF_CHARS:
                raise ReadError(f"PDF 的文字超过 {MAX_PDF_CHARS} 个字符的上限，不导入", file=source,
                                hint="请确认这是一份工作文件；很长的材料请分成几份导入")
            cid += read.cid
            for rows, text, top in read.tables:
                tables += 1
                marker = _Line(number, text, 0.0, 0.0, top, top, 0.0, False, (round(size[0]), round(size[1])),
                               table=rows, left_out=f"第{number + 1}页的表格（第{tables}个）内容没有导入"
                                                    "（导入只识别正文段落），请核对后手工补上")
                lines = read.page.lines
                at = next((k for k, line in enumerate(lines) if line.top > top), len(lines))
                lines.insert(at, marker)
            if read.turned:
                findings.append(Finding("import.turned-text", Severity.WARNING,
                                        f"第{number + 1}页有 {read.turned} 个旋转或斜排的字（如水印）没有导入", file=source))
            pages.append(read.page)
    if not any(p.text for p in pages):
        if any(p.pictures for p in pages):
            raise ReadError(SCANNED_MESSAGE, file=source, hint=SCANNED_HINT)
        raise ReadError("PDF 中没有可提取的文字（页面是空白的，或文字是画成图形的）", file=source,
                        hint="请用生成这个 PDF 的原文件（.docx/.wps）导入；或用 OCR 软件识别后另存为 .docx 或 .txt，再导入")
    if cid and cid * 2 >= total:
        raise ReadError("PDF 中的文字无法提取：所用字体没有字符编码，提取出来是乱码", file=source,
                        hint="请用生成这个 PDF 的原文件（.docx/.wps）导入，或用 OCR 软件识别后另存为 .docx 再导入")
    if cid:
        findings.insert(0, Finding("import.unmapped-text", Severity.WARNING,
                                   f"PDF 中有 {cid} 个字的字体没有字符编码，无法提取，已略去；请对照原件补上",
                                   file=source))
    scanned = [n + 1 for n, p in enumerate(pages) if p.pictures and not p.text]
    if scanned:
        findings.insert(0, Finding("import.scanned-page", Severity.WARNING,
                                   "第" + "、".join(map(str, scanned)) + "页没有可提取的文字（是扫描的图片），这些页的内容没有导入",
                                   file=source, hint=SCANNED_HINT))
    return pages


def _unreadable(error: BaseException, source: str) -> ReadError:
    """The ReadError for pdfminer failing on a file: encrypted, or damaged."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = error.args[0] if type(error).__name__ == "PdfminerException" and error.args else error  # pdfplumber wraps
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return ReadError("PDF 设置了密码或加密，无法读取其中的文字", file=source,
                         hint="请用 PDF 阅读器输入密码打开后“另存为”不加密的 PDF，或转换为 .docx 后再导入")
    if isinstance(cause, RecursionError):
        return ReadError("PDF 的结构嵌套过深，无法导入", file=source, hint=_DAMAGED_HINT)
    return ReadError("无法读取 PDF：文件已损坏或不完整", file=source, hint=_DAMAGED_HINT)


@dataclass
class _PageRead:
    page: _Page
    count: int = 0  # characters
    cid: int = 0  # characters without a character map
    turned: int = 0  # characters left out: set in another direction than the page's
    tables: list[tuple] = field(default_factory=list)  # each table: (rows, text, top)


# -- one page ----------------------------------------------------------------------------------
def _read_page(number: int, chars: list[dict], pictures: bool, tables: list, size: tuple[float, float]) -> _PageRead:
    chars = _dedupe([c for c in chars if c.get("text")])
    read = _PageRead(_Page(pictures=pictures, text=any(not c["text"].isspace() for c in chars)))
    read.count = len(chars)
    read.cid = sum(1 for c in chars if c["text"].startswith("(cid:"))
    chars = [c for c in chars if not c["text"].startswith("(cid:")]
    width, height = size
    if tables:
        read.tables = [(*_table_rows(table, chars, number, width, height), table.bbox[1]) for table in tables]
        chars = [c for c in chars if not any(_inside(c, table.bbox) for table in tables)]
    read.page.lines, read.turned = _lines(chars, number, width, height)
    return read


def _dedupe(chars: list[dict]) -> list[dict]:
    """The characters without the copies printed over them (fake bold draws a character two or
    three times, a point apart); pdfplumber's own dedupe_chars takes seconds on a dense page."""
    kept: list[dict] = []
    last: dict[tuple, list[dict]] = {}
    for c in sorted(chars, key=lambda c: (c["text"], float(c.get("size") or 0), c["top"], c["x0"])):
        key = (c["text"], round(float(c.get("size") or 0), 1))
        near = last.setdefault(key, [])
        near[:] = [k for k in near if c["top"] - k["top"] <= 1.5]
        if any(abs(c["x0"] - k["x0"]) <= 1.5 and abs(c["top"] - k["top"]) <= 1.5 for k in near):
            continue
        near.append(c)
        kept.append(c)
    kept.sort(key=lambda c: (c["top"], c["x0"]))
    return kept


def _tables(page) -> list:
    """The ruled tables on *page* (two rows and two columns at least: a frame round the page,
    or a rule under a 红头, is no table)."""
    if len(page.lines) + len(page.rects) + len(page.curves) < 4:
        return []
    try:
        found = page.find_tables()
    except Exception:  # noqa: BLE001 - an odd drawing must not stop the import; read it as text
        return []
    return [t for t in found if len(t.rows) >= 2 and len(t.columns) >= 2]


def _table_rows(table, chars: list[dict], number: int, width: float,
                height: float) -> tuple[tuple[tuple[str, ...], ...], str]:
    """A table's rows of cell texts (a merged cell's text in its first column, "" in the others it
    covers), and its text as the docx reader gives it: a row a line, cells apart by " | "."""
    rows = []
    for row in table.rows:
        cells = []
        for box in row.cells:
            inside = [c for c in chars if box is not None and c.get("text") and _inside(c, box)]
            cells.append("".join(line.text for line in _lines(inside, number, width, height)[0]))
        rows.append(tuple(cells))
    text = "\n".join(r for r in (" | ".join(row) for row in rows) if r.strip(" |"))
    return tuple(rows), text


def _inside(c: dict, box: tuple[float, float, float, float]) -> bool:
    x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


_DIRECTIONS = ("right", "up", "left", "down")


def _direction(c: dict) -> str | None:
    """Which way the text runs (None: slanted)."""
    matrix = c.get("matrix")
    if not matrix:
        return "right" if c.get("upright", True) else "up"
    a, b = matrix[0], matrix[1]
    if abs(b) <= 1e-3 * abs(a):
        return "right" if a > 0 else "left"
    if abs(a) <= 1e-3 * abs(b):
        return "up" if b > 0 else "down"
    return None


def _framed(c: dict, direction: str, width: float, height: float) -> tuple[float, float, float, float]:
    """(x0, x1, top, bottom) of a character in the frame where its text runs left to right."""
    x0, x1, top, bottom = c["x0"], c["x1"], c["top"], c["bottom"]
    if direction == "up":  # turned 90° anticlockwise: reads upwards, lines go rightwards
        return height - bottom, height - top, x0, x1
    if direction == "down":  # turned 90° clockwise: reads downwards, lines go leftwards
        return top, bottom, width - x1, width - x0
    if direction == "left":  # upside down
        return width - x1, width - x0, height - bottom, height - top
    return x0, x1, top, bottom


def _lines(chars: list[dict], number: int, width: float, height: float) -> tuple[list[_Line], int]:
    """The printed lines of one page, top to bottom, and how many characters were left out."""
    directions = Counter(_direction(c) for c in chars if not c["text"].isspace())
    main = max(_DIRECTIONS, key=lambda d: directions.get(d, 0))
    turned = sum(n for d, n in directions.items() if d != main)
    frame = (width, height) if main in ("right", "left") else (height, width)
    framed = []
    for c in chars:
        if _direction(c) != main:
            continue
        x0, x1, top, bottom = _framed(c, main, width, height)
        framed.append((x0, x1, top, bottom, c))
    framed.sort(key=lambda f: ((f[2] + f[3]) / 2, f[0]))
    groups: list[list[tuple]] = []
    centre = size = 0.0
    for f in framed:
        mid, h = (f[2] + f[3]) / 2, max(f[3] - f[2], 1.0)
        if groups and abs(mid - centre) <= 0.45 * max(size, h):
            groups[-1].append(f)
            continue
        groups.append([f])
        centre, size = mid, h
    lines = []
    for group in groups:
        group.sort(key=lambda f: f[0])
        line = _line(group, number, (round(frame[0]), round(frame[1])))
        if line is not None:
            lines.append(line)
    return lines, turned


def _line(group: list[tuple], number: int, frame: tuple[int, int]) -> _Line | None:
    visible = [f for f in group if not f[4]["text"].isspace()]
    if not visible:
        return None
    sizes = Counter(round(float(f[4].get("size") or (f[3] - f[2])), 1) for f in visible)
    size = sizes.most_common(1)[0][0]
    coloured = sum(1 for f in visible if _coloured(f[4].get("non_stroking_color"))) * 2 > len(visible)
    out: list[str] = []
    prev = None  # the last visible character: (its frame tuple, its text)
    space = False
    for f in group:
        text = _normal(f[4]["text"])
        if text.isspace():
            space = True
            continue
        if prev is not None:
            before, after = _latin(prev[1][-1]), _latin(text[0])
            # a space character stays next to a Latin letter or digit (Type X 型号), not between two
            # Chinese characters (标题 spaced out as 通 知); a mere gap is a space only between Latin
            # letters (LibreOffice sets 2023 and 年 apart by a quarter em, with no space)
            if (space and (before or after)) or (before and after and f[0] - prev[0][1] > 0.15 * size):
                out.append(" ")
        out.append(text)
        prev, space = (f, text), False
    return _Line(number, "".join(out), visible[0][0], visible[-1][1], min(f[2] for f in visible),
                 max(f[3] for f in visible), size, coloured, frame, _lead(visible, size))


_NO_START = "，。、；：？！,.;:?!”’）)》」』】〕…—%"  # may not open a line: they go with the character before
_NO_END = "“‘（(《「『【〔"  # may not end a line: they go with the character after


def _lead(visible: list[tuple], size: float) -> float:
    """Width of the line's unbreakable start: a Latin word (characters without a gap), or the
    first character and the punctuation after it that may not start a line."""
    first = _normal(visible[0][4]["text"])
    end = visible[0][1]
    opening = first[:1] in _NO_END
    for f in visible[1:]:
        text = _normal(f[4]["text"])
        if opening or text[0] in _NO_START or (_latin(first[-1]) and _latin(text[0]) and f[0] - end <= 0.15 * size):
            end, opening = f[1], text[0] in _NO_END
        else:
            break
    return end - visible[0][0]


def _latin(ch: str) -> bool:
    """Latin letters, digits and ASCII punctuation: the characters between which a space is a space."""
    return ch.isascii() and not ch.isspace() or ("\u00c0" <= ch <= "\u024f")


def _normal(text: str) -> str:
    """Kangxi radicals, CJK radicals and compatibility ideographs, ligatures → ordinary characters."""
    return "".join(unicodedata.normalize("NFKC", ch)
                   if "\u2e80" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff" or "\ufb00" <= ch <= "\ufb06" else ch
                   for ch in text)


def _coloured(colour) -> bool:
    """Neither black nor grey: RGB or CMYK with distinct components (a red 红头 is coloured)."""
    if not isinstance(colour, (tuple, list)) or len(colour) not in (3, 4):
        return False
    try:
        parts = [float(v) for v in colour[:3]]
    except (TypeError, ValueError):
        return False
    return max(parts) - min(parts) > 0.25


# -- what the printer added ------------------------------------------------------------------------
def _strip_furniture(pages: list[_Page]) -> list[_Line]:
    """All body lines in reading order: page numbers and running headers/footers taken out."""
    for page in pages:
        for end in (0, -1):
            if page.lines and _is_page_number(page.lines[end].text):
                page.lines.pop(end)
    _strip_running(pages)
    for page in pages:  # a page number under a running footer (or over a header)
        for end in (0, -1):
            if page.lines and _is_page_number(page.lines[end].text):
                page.lines.pop(end)
    return [line for page in pages for line in page.lines]


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(re.sub(r"\s+", "", text)))


def _strip_running(pages: list[_Page]) -> None:
    """Take out running headers and footers: among the first two and last two lines of each page,
    the same text (digits aside) at about the same height on at least 40% of the pages (two at least)."""
    with_text = [p for p in pages if p.lines]
    if len(with_text) < 2:
        return
    seen: dict[str, list[tuple[_Page, _Line]]] = {}
    for page in with_text:
        ends = page.lines[:2] + page.lines[2:][-2:]
        for line in ends:
            if line.table is not None:
                continue
            seen.setdefault(re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)), []).append((page, line))
    need = max(2, 0.4 * len(with_text))
    for key, found in seen.items():
        if len({id(page) for page, _ in found}) < need:
            continue
        top = statistics.median(line.top for _, line in found)
        near = [(page, line) for page, line in found if abs(line.top - top) <= 3]
        if len({id(page) for page, _ in near}) < need:
            continue
        for page, line in near:
            if line in page.lines:
                page.lines.remove(line)


# -- paragraphs --------------------------------------------------------------------------------------
@dataclass
class _Frame:
    """The body text's measures on pages of one size: left and right edge, body size, line gap."""

    left: float
    right: float
    size: float
    gap: float


def _frames(lines: list[_Line]) -> dict[tuple[int, int], _Frame]:
    by_frame: dict[tuple[int, int], list[_Line]] = {}
    for line in lines:
        by_frame.setdefault(line.frame, []).append(line)
    everything = _measure(lines, None)
    return {frame: _measure(group, everything) for frame, group in by_frame.items()}


def _measure(lines: list[_Line], fallback: _Frame | None) -> _Frame:
    weights = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    size = weights.most_common(1)[0][0] if weights else 12.0
    body = [line for line in lines if abs(line.size - size) <= 0.1 * size]
    if len(body) < 3 and fallback is not None:
        size = fallback.size if not body else size
        return _Frame(fallback.left, fallback.right, size, fallback.gap)
    left = _edge([line.x0 for line in body], low=True)
    right = _edge([line.x1 for line in body], low=False)
    # Margins are about equal on both sides (GB/T 9704: 28 and 26 mm; Word: 3.17 cm): a right edge
    # far left of the left margin's mirror only means no line was full (short paragraphs)
    width = lines[0].frame[0] if lines else 0
    right = max(right, width - left - 3 * size)
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:]) if a.page == b.page and 0 <= b.top - a.bottom < 3 * size]
    gap = statistics.median(gaps) if gaps else 0.6 * size
    return _Frame(left, right, size, gap)


def _edge(values: list[float], low: bool) -> float:
    """The left (*low*) or right edge of the text: where most lines of the outer half begin or end
    (full lines end at one place, wrapped lines begin at one place); without such a place, the
    10% quantile from that side."""
    values = sorted(values, reverse=not low)
    if not values:
        return 0.0
    outer = values[: max(1, (len(values) + 1) // 2)]
    common = Counter(round(v) for v in outer).most_common()
    if common and common[0][1] >= 2:
        best = max(n for _, n in common)
        place = min(v for v, n in common if n == best) if low else max(v for v, n in common if n == best)
        near = [v for v in outer if abs(v - place) <= 1]
        return min(near) if low else max(near)
    return values[min(len(values) - 1, len(values) // 10)]


@dataclass
class _Shape:
    """A line's place relative to the body text."""

    line: _Line
    indented: bool
    centred: bool
    short: bool  # ends well before the right edge
    big: bool  # larger than the body text


def _shape(line: _Line, frame: _Frame) -> _Shape:
    unit = line.size
    left_gap, right_gap = line.x0 - frame.left, frame.right - line.x1
    balanced = abs(left_gap - right_gap) <= max(0.5 * unit, 2.0)
    big = line.size > 1.15 * frame.size
    # a body line a character short at both ends is no centred line; a title line may be
    # nearly as wide as the text
    margin = 0.0 if big else unit
    centred = balanced and left_gap > margin and right_gap > margin
    return _Shape(line, indented=left_gap > 0.8 * unit, centred=centred, short=right_gap > 1.5 * unit, big=big)


def _paragraphs(lines: list[_Line]) -> list[FlatParagraph]:
    """Printed lines → paragraphs (see the module docstring for when a line starts one)."""
    printed = [line for line in lines if line.table is None]
    frames = _frames(printed) if printed else {}
    uncoloured = [line.size for line in printed if not line.coloured]
    largest = max(uncoloured) if uncoloured else 0
    paragraphs: list[FlatParagraph] = []
    text, title, red = "", False, False
    prev: _Shape | None = None
    for line in lines:
        if line.table is not None:  # a table ends the paragraph before it and stands on its own
            if text:
                paragraphs.append(FlatParagraph(text, title=title, red=red))
            text, prev = "", None
            paragraphs.append(FlatParagraph(line.text, table=line.table, left_out=line.left_out))
            continue
        frame = frames[line.frame]
        shape = _shape(line, frame)
        if prev is not None and not _starts(prev, shape, frame, text):
            text = join_lines(text, shape.line.text)
            prev = shape
            continue
        if text:
            paragraphs.append(FlatParagraph(text, title=title, red=red))
        text, red = shape.line.text, shape.line.coloured
        # the title hint: centred in the largest size (the title's 二号 小标宋), not the red 红头
        title = shape.big and shape.centred and not shape.line.coloured and shape.line.size >= largest - 0.5
        prev = shape
    if text:
        paragraphs.append(FlatParagraph(text, title=title, red=red))
    return paragraphs


def _starts(prev: _Shape, cur: _Shape, frame: _Frame, text: str) -> bool:
    """Whether line *cur* starts a new paragraph after *prev* (*text*: the paragraph so far)."""
    a, b = prev.line, cur.line
    if abs(a.size - b.size) > 0.1 * frame.size or a.coloured != b.coloured:
        return True
    if a.page == b.page and b.top - a.bottom > frame.gap + max(0.35 * frame.size, 3.0):
        return True
    if prev.centred or cur.centred:
        # a title over two lines: centred lines in the title's size run on
        return not (prev.centred and cur.centred and prev.big and cur.big)
    if cur.indented:
        return True
    if prev.short and frame.right - a.x1 >= b.lead + 0.5 * b.size:
        # ended early, unless the next line's first word would not have fitted in the space left
        # (a long Latin word or URL carried over to the next line)
        return True
    label = parse_label(b.text)
    opens = label is not None and label[0] is not LabelStyle.CN_SHI
    # an unindented numbered paragraph after a full last line (a line ending a sentence inside a
    # paragraph is far commoner than a paragraph ending at the right edge, so that alone is no break)
    return opens and ends_sentence(text)
