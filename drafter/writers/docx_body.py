"""The text of a docx: the flow's lines as paragraphs and runs, without python-docx.

:class:`_Body` writes every line of the document into a ``w:body`` — of a python-docx
document (:mod:`drafter.writers.docx`, for documents with official parts, which it hands to
:class:`drafter.writers.docx_official.OfficialParts`) or of a document.xml parsed with lxml
alone (:mod:`drafter.writers.docx_package`, for every other document). The style names and
ids are here so that both share them.
"""

from __future__ import annotations

from lxml import etree

from .. import layout
from ..flow import Line, Role
from ..model import Blank, Document, Text
from . import wml
from .title_lines import title_lines

# Style name (what the user sees in Word) → style id (ASCII, stable).
STYLE_TITLE = ("公文标题", "DrafterTitle")
STYLE_BODY = ("正文", "DrafterBody")
STYLE_HEADINGS = {
    1: ("一级标题", "DrafterHeading1"),
    2: ("二级标题", "DrafterHeading2"),
    3: ("三级标题", "DrafterHeading3"),
    4: ("四级标题", "DrafterHeading4"),
}
STYLE_ISSUER = ("署名", "DrafterIssuer")
STYLE_DATE = ("成文日期", "DrafterDate")
# Character styles for the label and title sentence at the start of an item paragraph.
STYLE_LEVEL2_CHARS = ("二级标题文字", "DrafterHeading2Char")
STYLE_ITEM_TITLE = ("条目标题句", "DrafterItemTitle")


# -- body ------------------------------------------------------------------------------------
# Paragraphs and runs are made by drafter.writers.wml with the style *ids* (the second of each
# pair above): python-docx's add_paragraph(style=name)/add_run(style=name) looks every id up
# by name through styles.xml, which was half the time of writing a document. Same XML.
def _add_runs(paragraph, text: Text, style: tuple[str, str] | None = None, prefix: str = "") -> None:
    """Append *text* as runs: the label, then one run for each stretch of plain text (values
    read like the words around them), a highlighted one for each draft blank so nobody misses it.
    *paragraph* is a ``w:p`` element or a python-docx Paragraph; *style* a character style."""
    p = getattr(paragraph, "_p", paragraph)
    style_id = style[1] if style else None
    if prefix:
        wml.add_run(p, prefix, style_id)
    pending = ""
    for part in text.parts:
        if isinstance(part, Blank):
            if pending:
                wml.add_run(p, pending, style_id)
                pending = ""
            wml.add_run(p, Blank.TEXT, style_id, highlight="yellow")
        else:
            pending += str(part)
    if pending:
        wml.add_run(p, pending, style_id)


def _add_title(paragraph, title: Text) -> None:
    """The title with line breaks where title_lines puts them (a balanced trapezoid)."""
    p = getattr(paragraph, "_p", paragraph)
    lines = title_lines(str(title))
    breaks, offset = set(), 0
    for line in lines[:-1]:
        offset += len(line)
        breaks.add(offset)
    position = 0
    for part in title.parts:
        if isinstance(part, Blank):
            _add_runs(p, Text.of(part))
            position += len(Blank.TEXT)
            continue
        part = str(part)
        start = 0
        for cut in sorted(b - position for b in breaks if position < b < position + len(part)):
            wml.add_break(wml.add_run(p, part[start:cut]))
            start = cut
        last = wml.add_run(p, part[start:])
        if position + len(part) in breaks:
            wml.add_break(last)
        position += len(part)


def _twips_xml(twips: float) -> int:
    """A length in twips as python-docx writes ``Twips(n)`` (through EMU, rounded)."""
    return int(round(int(round(twips * 635)) / 635))


# Roles written by docx_official (版头, 主送, 附件, 版记).
_OFFICIAL_ROLES = {
    Role.COPY_NUMBER, Role.SECRECY, Role.URGENCY, Role.ORGAN, Role.DOC_NUMBER, Role.SIGNERS, Role.NOTICE_TITLE,
    Role.RECIPIENTS, Role.ATTACHMENT_NOTE, Role.ATTACHMENT_LABEL, Role.ATTACHMENT_TITLE, Role.TASK_TABLE,
    Role.CC, Role.PRINTER, Role.PRINTED,
}


class _Body:
    """Writes the flow's lines into the document body, one paragraph each.

    *document* is a python-docx Document, or (:func:`_write_plain`) the ``w:body`` element of
    a document.xml parsed with lxml alone."""

    def __init__(self, document, doc: Document | None = None, official=None) -> None:
        self.document = document
        self.body = document if etree.iselement(document) else document.element.body
        self.issuer = ""  # the date line is placed relative to the 署名 above it
        self.after_cover = False
        self.notice = doc is not None and doc.notice is not None  # then the cover is the notice's body
        self.official = official  # writes the official parts (docx_official.OfficialParts)

    def paragraph(self, style: tuple[str, str]):
        return wml.add_paragraph(self.body, style[1])

    def write(self, line: Line) -> None:
        role = line.role
        if self.official is not None:
            if role in _OFFICIAL_ROLES:
                self.official.write(line)
                return
            self.official.before(line)
        if self.after_cover and role is not Role.COVER:
            # the document itself starts on a new page after its cover notice (python-docx's
            # add_page_break(): a paragraph of its own holding a page break)
            wml.add_break(wml.add_run(wml.add_paragraph(self.body)), "page")
            self.after_cover = False
        if role is Role.COVER:
            _add_runs(self.paragraph(STYLE_BODY), line.body)
            self.after_cover = not self.notice
        elif role is Role.TITLE:
            _add_title(self.paragraph(STYLE_TITLE), line.body)
            self.paragraph(STYLE_BODY)  # one blank line below the title
        elif role is Role.HEADING:
            _add_runs(self.paragraph(STYLE_HEADINGS[1]), line.body, prefix=line.label)
        elif role is Role.ITEM:
            self.item(line)
        elif role is Role.POINT:
            p = self.paragraph(STYLE_BODY)
            _add_runs(p, line.title, style=STYLE_ITEM_TITLE if line.title else None, prefix=line.label)
            _add_runs(p, line.body)
        elif role is Role.ISSUER:
            self.paragraph(STYLE_BODY)  # one blank line above the 署名 (7.3.5.2)
            p = self.paragraph(STYLE_ISSUER)
            _add_runs(p, line.body)
            self.issuer = str(line.body)
            wml.set_right_indent(p, _twips_xml(layout.signature_indents(self.issuer, "")[0]))
        elif role is Role.DATE:
            p = self.paragraph(STYLE_DATE)
            _add_runs(p, line.body)
            wml.set_right_indent(p, _twips_xml(layout.signature_indents(self.issuer, str(line.body))[1]))
        else:
            _add_runs(self.paragraph(STYLE_BODY), line.body)

    def item(self, line: Line) -> None:
        level = min(max(line.level, 2), 4)
        if not line.body:
            # a title-only item is a heading of its level: it shows in the navigation pane
            _add_runs(self.paragraph(STYLE_HEADINGS[level]), line.title, prefix=line.label)
            return
        p = self.paragraph(STYLE_BODY)
        if level == 2:
            head_style = STYLE_LEVEL2_CHARS
        else:
            head_style = STYLE_ITEM_TITLE if line.title else None
        _add_runs(p, line.title, style=head_style, prefix=line.label)
        _add_runs(p, line.body)
