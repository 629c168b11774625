"""The page as it will print, for a browser: the flow's lines cut into rows of the 22 × 28 grid.

A browser cannot be told to break lines as Word does, so the rows are decided here: body
text 28 characters a line (Latin letters and digits count half), first lines indented two
characters, a closing punctuation mark hanging at a line's end rather than opening the next;
22 rows a page, the title in 二号 on its own rows, the 红头 35 mm down, the 版记 at the foot of
an even page, the task table on a landscape page. Each character keeps what it is — a
value (its parameter named), a draft blank (highlighted), a proofreader's finding — so the
page can show them where they stand. Nothing here decides what the document says: the lines
come from :func:`drafter.flow.flow`, the numbers from :mod:`drafter.layout`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .. import layout
from ..flow import Line, flow
from ..model import Blank, Document, Role, Value
from ..writers import WriterOptions
from ..writers.title_lines import title_lines

LINES = layout.LINES_PER_PAGE
CHARS = layout.CHARS_PER_LINE
# a closing mark may hang past the line's end (Word compresses it in); it never opens a line
_NO_START = set("，。、；：？！）》」』”’…%．,.;:?!)]")
_HEADER_INFO = (Role.COPY_NUMBER, Role.SECRECY, Role.URGENCY)
_IMPRINT = (Role.CC, Role.PRINTER, Role.PRINTED)


@dataclass
class Run:
    text: str
    cls: str = ""
    tip: str = ""


@dataclass
class Row:
    runs: list[Run] = field(default_factory=list)
    cls: str = "body"
    full: bool = False  # justified to both edges (not a paragraph's last row)
    indent: float = 0.0  # characters from the left edge
    right: float = 0.0  # characters from the right edge
    height: float = 1.0  # in grid rows
    path: str = ""  # the paragraph's path in the document (sections[1].items[2])
    first: bool = False  # the paragraph's first row
    href: str = ""  # where to edit it

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Page:
    number: int
    rows: list[Row] = field(default_factory=list)
    used: float = 0.0
    landscape: bool = False
    table: list | None = None  # TaskRow list for the task table
    table_title: list[Row] = field(default_factory=list)
    imprint: list[Row] = field(default_factory=list)
    folio: bool = True

    @property
    def even(self) -> bool:
        return self.number % 2 == 0


@dataclass
class Mark:
    """A finding on a paragraph: characters [start, end) of the printed text (label included)."""

    start: int
    end: int
    index: int  # the finding's number on the page
    severity: str


def width(ch: str) -> float:
    return layout.text_width_chars(ch)


@dataclass
class _Char:
    ch: str
    cls: str
    tip: str


def _chars(line: Line, options: WriterOptions, marks: list[Mark], title_cls: str = "", body_cls: str = "",
           label_cls: str | None = None) -> list[_Char]:
    """Each printed character of *line* with its classes: label, title sentence, body; values,
    blanks and findings marked."""
    out: list[_Char] = []
    for ch in line.label:
        out.append(_Char(ch, label_cls if label_cls is not None else title_cls, ""))
    for parts, base in ((line.title.parts, title_cls), (line.body.parts, body_cls)):
        for part in parts:
            if isinstance(part, Blank):
                out.extend(_Char(ch, f"{base} blank".strip(), f"待填：{part.name}") for ch in str(part))
            elif isinstance(part, Value):
                out.extend(_Char(ch, f"{base} val".strip(), f"取值：{part.param}") for ch in part.text)
            else:
                out.extend(_Char(ch, base, "") for ch in str(part))
    for mark in marks:
        start, end = max(0, mark.start), min(len(out), mark.end)
        if end <= start:  # an insertion point: mark the character before it
            start, end = max(0, start - 1), max(0, start - 1) + 1 if out else 0
        for c in out[start:end]:
            c.cls = f"{c.cls} find sev-{mark.severity}".strip()
            c.tip = (c.tip + "；" if c.tip else "") + f"问题{mark.index}"
    return out


def _runs(chars: list[_Char]) -> list[Run]:
    runs: list[Run] = []
    for c in chars:
        if runs and runs[-1].cls == c.cls and runs[-1].tip == c.tip:
            runs[-1].text += c.ch
        else:
            runs.append(Run(c.ch, c.cls, c.tip))
    return runs


def wrap(chars: list[_Char], first: float, rest: float, right: float = 0.0, per_line: float = CHARS) -> list[list[_Char]]:
    """Cut characters into lines: *first*/*rest* characters of indent, a closing mark hanging."""
    lines: list[list[_Char]] = []
    current: list[_Char] = []
    used = 0.0
    room = per_line - first - right
    for c in chars:
        w = width(c.ch)
        if current and used + w > room + 1e-6 and not (c.ch in _NO_START and used <= room + 1e-6):
            lines.append(current)
            current, used, room = [], 0.0, per_line - rest - right
        current.append(c)
        used += w
    if current or not lines:
        lines.append(current)
    return lines


class _Pages:
    def __init__(self) -> None:
        self.pages: list[Page] = [Page(1)]

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self, **kw) -> Page:
        page = Page(len(self.pages) + 1, **kw)
        self.pages.append(page)
        return page

    def add(self, row: Row) -> None:
        if self.page.used + row.height > LINES + 1e-6 and self.page.rows:
            self.new_page()
        self.page.rows.append(row)
        self.page.used += row.height

    def blank(self, height: float = 1.0) -> None:
        if self.page.used + height <= LINES + 1e-6:
            self.page.rows.append(Row(cls="blank", height=height))
            self.page.used += height

    def paragraph(self, chars: list[_Char], *, cls: str, first: float = 2, rest: float = 0, right: float = 0,
                  path: str = "", href: str = "", align: str = "") -> None:
        lines = wrap(chars, first, rest, right)
        for i, part in enumerate(lines):
            last = i == len(lines) - 1
            self.add(Row(_runs(part), f"{cls} {align}".strip(), full=not last and not align,
                         indent=first if i == 0 else rest, right=right, path=path, first=i == 0, href=href))


def pages(doc: Document, options: WriterOptions, *, marks: dict[str, list[Mark]] | None = None,
          href: Callable[[Line], str] | None = None) -> list[Page]:
    """The document laid out in pages of rows."""
    marks = marks or {}
    href = href or (lambda line: "")
    out = _Pages()
    bold = "b" if options.bold_item_titles else ""
    level2 = "k b" if options.bold_level2 else "k"
    issuer = ""
    header_rows = 0
    rule_pending = False
    notes_started = False
    imprint_lines: list[Line] = []
    header = doc.header

    def close_header() -> None:
        nonlocal rule_pending
        if rule_pending:
            out.page.rows[-1].cls += " rule"
            out.blank(2)
            rule_pending = False

    for line in flow(doc):
        role = line.role
        m = marks.get(line.path, [])
        link = href(line)
        if role not in (*_HEADER_INFO, Role.ORGAN, Role.DOC_NUMBER, Role.SIGNERS):
            close_header()
        if role in _HEADER_INFO:
            out.paragraph(_chars(line, options, m, body_cls="h"), cls="info", first=0, path=line.path, href=link)
            header_rows += 1
        elif role is Role.ORGAN:
            # its top 35 mm below the top of the 版心
            before = layout.ORGAN_TOP_MM / (225 / LINES) - header_rows
            if before > 0:
                out.blank(before)
            out.add(Row(_runs(_chars(line, options, m)), "organ", height=2, path=line.path, first=True, href=link))
            out.blank(layout.NUMBER_BELOW_ORGAN_LINES)
            rule_pending = True
        elif role is Role.DOC_NUMBER:
            chars = _chars(line, options, m)
            if header is not None and header.signers is not None:
                row = Row(_runs(chars), "docnumber split", path=line.path, first=True, href=link, indent=1)
            else:
                row = Row(_runs(chars), "docnumber center", path=line.path, first=True, href=link)
            out.add(row)
            rule_pending = True
        elif role is Role.SIGNERS:
            chars = _chars(line, options, m, label_cls="", body_cls="k")
            last = out.page.rows[-1] if out.page.rows else None
            if last is not None and "docnumber" in last.cls:
                last.runs.append(Run("", "gap"))
                last.runs.append(Run("".join(c.ch for c in chars), "signers"))
            else:
                out.add(Row(_runs(chars), "docnumber center", path=line.path, first=True, href=link))
            rule_pending = True
        elif role in (Role.TITLE, Role.NOTICE_TITLE, Role.ATTACHMENT_TITLE):
            text = str(line.body)
            chars = _chars(line, options, m)
            at = 0
            for i, piece in enumerate(title_lines(text) if text else [""]):
                out.add(Row(_runs(chars[at:at + len(piece)]), "title", path=line.path, first=i == 0, href=link))
                at += len(piece)
            out.blank()
        elif role is Role.RECIPIENTS:
            out.paragraph(_chars(line, options, m), cls="body", first=0, path=line.path, href=link)
        elif role is Role.HEADING:
            out.paragraph(_chars(line, options, m, title_cls="h", body_cls="h"), cls="body", path=line.path, href=link)
        elif role is Role.ITEM:
            title_cls = level2 if line.level == 2 else bold
            body_cls = title_cls if not line.body else ""
            out.paragraph(_chars(line, options, m, title_cls=title_cls, body_cls=body_cls), cls="body",
                          path=line.path, href=link)
        elif role is Role.POINT:
            out.paragraph(_chars(line, options, m, title_cls=bold, label_cls=""), cls="body", path=line.path, href=link)
        elif role is Role.ATTACHMENT_NOTE:
            if not notes_started:
                out.blank()
                notes_started = True
            label = line.label
            hang = 2 + layout.text_width_chars(label)
            out.paragraph(_chars(line, options, m), cls="body", first=2, rest=hang, path=line.path, href=link)
        elif role is Role.ISSUER:
            out.blank()
            issuer = str(line.body)
            right = layout.signature_indents(issuer, "")[0] / layout.BODY_CHAR
            out.paragraph(_chars(line, options, m), cls="body", first=0, right=right, align="right",
                          path=line.path, href=link)
        elif role is Role.DATE:
            right = layout.signature_indents(issuer, str(line.body))[1] / layout.BODY_CHAR
            out.paragraph(_chars(line, options, m), cls="body", first=0, right=right, align="right",
                          path=line.path, href=link)
        elif role is Role.ATTACHMENT_LABEL:
            if out.page.rows:
                out.new_page()
            out.add(Row(_runs(_chars(line, options, m, body_cls="h", label_cls="h")), "body", path=line.path,
                        first=True, href=link))
        elif role is Role.TASK_TABLE:
            from ..tasks import task_rows

            page = out.page  # the 附件 label and the table's title opened it: it turns landscape
            page.landscape = True
            page.table = task_rows(doc)
            page.table_title, page.rows = page.rows, []
        elif role in _IMPRINT:
            imprint_lines.append(line)
        else:  # cover, preamble, lead, more, closing
            out.paragraph(_chars(line, options, m), cls="body", path=line.path, href=link)
    close_header()
    if imprint_lines:
        _imprint(out, imprint_lines, options, marks, href)
    return out.pages


def _imprint(out: _Pages, lines: list[Line], options: WriterOptions, marks: dict[str, list[Mark]],
             href: Callable[[Line], str]) -> None:
    """The 版记 at the foot of an even page (a page of its own, without a page number, when the
    text ends on an odd page or leaves no room)."""
    rows = []
    for line in lines:
        chars = _chars(line, options, marks.get(line.path, []))
        cls = "imprint" + (" cc" if line.role is Role.CC else "")
        if line.role is Role.PRINTED and rows and "printer" in rows[-1].cls:
            rows[-1].runs.append(Run("", "gap"))
            rows[-1].runs.extend(_runs(chars))
            continue
        rows.append(Row(_runs(chars), cls + (" printer" if line.role is Role.PRINTER else ""), path=line.path,
                        first=True, href=href(line), height=layout.IMPRINT_LINE / layout.LINE_PITCH))
    need = sum(r.height for r in rows) + 0.5
    page = out.page
    if page.landscape or not page.even or page.used + need > LINES:
        page = out.new_page()
        if not page.even:  # an odd page left blank before it, as Word's even-page section break leaves it
            page.folio = False
            page = out.new_page()
        page.folio = False
    page.imprint = rows
