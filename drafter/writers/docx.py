"""Word (.docx) in the official layout of GB/T 9704-2012.

Formatting lives in named styles (公文标题, 一级标题 … 正文, 署名, 成文日期) so that a user
can restyle a whole document in Word; paragraphs carry only a style and, for
draft blanks, a highlight. Numbers come from :mod:`drafter.layout`; raw XML from
:mod:`drafter.writers.docx_oxml`.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from lxml import etree

from .. import layout
from ..flow import Line, Role, flow
from ..layout import FONT_SETS, FontSet
from ..model import Blank, Document, Text
from . import WriterOptions, timestamp
from . import docx_oxml as ox
from . import wml
from .ziputil import repack
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
# The template's own styles that a 公文 uses (the rest of python-docx's ~170 are dropped).
TEMPLATE_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Header", "HeaderChar", "Footer",
                   "FooterChar"}
# Character styles for the label and title sentence at the start of an item paragraph.
STYLE_LEVEL2_CHARS = ("二级标题文字", "DrafterHeading2Char")
STYLE_ITEM_TITLE = ("条目标题句", "DrafterItemTitle")


def write_docx(doc: Document, options: WriterOptions | None = None) -> bytes:
    options = options or WriterOptions()
    if doc.header is not None and doc.header.template is not None:
        from .docx_template import write_with_template  # the office's own 红头

        return write_with_template(doc, options)
    fonts = FONT_SETS[options.fonts]
    document = docx.Document()
    _drop_styles_with_effects(document)
    ox.keep_only_styles(document.styles.element, TEMPLATE_STYLES)
    ox.strip_theme_fonts(document.styles.element)
    _set_defaults(document, fonts)
    _add_styles(document, fonts, options)
    official = None
    if _has_official_parts(doc):
        from .docx_official import OfficialParts, add_styles

        add_styles(document, fonts)
        official = OfficialParts(document, doc, fonts)
    _set_page(document)
    _add_page_numbers(document)
    body = _Body(document, doc, official)
    for line in flow(doc):
        body.write(line)
    when = timestamp(options.date)
    _set_properties(document, doc, when)
    out = BytesIO()
    document.save(out)
    return repack(out.getvalue(), when)


def _has_official_parts(doc: Document) -> bool:
    """红头, 主送, a notice, attachments or a 版记: their writer is loaded only when needed."""
    return any(x is not None for x in (doc.header, doc.recipients, doc.notice, doc.imprint)) or bool(doc.attachments)


def _drop_styles_with_effects(document) -> None:
    """python-docx's template carries word/stylesWithEffects.xml (a Word 2010 leftover) that a
    validator flags as content Word may call unreadable; drafter's styles are in styles.xml."""
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel_id)


# -- document-wide settings ----------------------------------------------------------------
def _set_defaults(document, fonts: FontSet) -> None:
    """docDefaults and Normal: 3号仿宋 on eastAsia, TNR for Latin, condensed, exact 579 lines."""
    styles = document.styles.element
    defaults = ox.get_or_add(styles, "docDefaults")
    rpr = ox.get_or_add(ox.get_or_add(defaults, "rPrDefault"), "rPr")
    ppr = ox.get_or_add(ox.get_or_add(defaults, "pPrDefault", first=False), "pPr")
    for target in (rpr, document.styles["Normal"].element.get_or_add_rPr()):
        ox.set_rfonts(target, fonts.body, fonts.latin)
        ox.set_char_spacing(target, layout.CHAR_CONDENSE)
        ox.set_size(target, layout.SIZE_3HAO)
        ox.set_lang_zh(target)
    for target in (ppr, document.styles["Normal"].element.get_or_add_pPr()):
        ox.set_widow_control(target, False)
        ox.set_line_spacing_exact(target, layout.LINE_PITCH)


def _set_page(document) -> None:
    section = document.sections[0]
    sect = section._sectPr
    ox.set_page(
        sect,
        width=layout.PAGE_WIDTH,
        height=layout.PAGE_HEIGHT,
        top=layout.MARGIN_TOP,
        right=layout.MARGIN_RIGHT,
        bottom=layout.MARGIN_BOTTOM,
        left=layout.MARGIN_LEFT,
        header=layout.HEADER_DISTANCE,
        footer=layout.FOOTER_DISTANCE,
    )
    ox.set_doc_grid(sect, layout.LINE_PITCH)


def _add_page_numbers(document) -> None:
    """"— N —" in 4号宋体: odd pages right, even pages left, one character in (7.5)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]._p
        ppr = p.get_or_add_pPr()
        ox.set_line_spacing_single(ppr)
        if align == "right":
            ox.set_indent(ppr, right=layout.PAGE_NUMBER_INDENT)
        else:
            ox.set_indent(ppr, left=layout.PAGE_NUMBER_INDENT)
        ox.set_jc(ppr, align)

        def rpr():
            r = OxmlElement("w:rPr")
            ox.rpr_child(r, "rFonts", ascii=layout.PAGE_NUMBER_FONT, hAnsi=layout.PAGE_NUMBER_FONT,
                         eastAsia=layout.PAGE_NUMBER_FONT, cs=layout.PAGE_NUMBER_FONT)
            ox.set_size(r, layout.SIZE_4HAO)
            return r

        ox.add_text_run(p, f"{layout.PAGE_NUMBER_DASH} ", rpr())
        ox.add_page_field(p, rpr)
        ox.add_text_run(p, f" {layout.PAGE_NUMBER_DASH}", rpr())


def _set_properties(document, doc: Document, when: dt.datetime) -> None:
    props = document.core_properties
    props.title = str(doc.title)
    props.subject = doc.kind or ""
    props.author = ""
    props.comments = ""
    props.keywords = ""
    props.last_modified_by = "drafter"
    props.created = when
    props.modified = when
    props.revision = 1


# -- styles ----------------------------------------------------------------------------------
def paragraph_style(document, names: tuple[str, str], *, east_asia: str, latin: str, size: float,
                    first_line: int = 0, jc: str = "both", outline: int | None = None,
                    keep_next: bool = False, bold: bool = False, line: int = layout.LINE_PITCH, grid: bool = True):
    """A paragraph style on Normal. *line* is its exact line spacing; ``grid=False`` for a size
    that would take two cells of the 28.95 pt grid (titles, the 标志, 4号 text in tables and the 版记)."""
    name, style_id = names
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(ox.qn("w:styleId"), style_id)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    ppr = style.element.get_or_add_pPr()
    if keep_next:
        ox.set_keep_next(ppr)
    ox.set_widow_control(ppr, False)
    if not grid:
        ox.ppr_child(ppr, "snapToGrid", val="0")
    ox.set_line_spacing_exact(ppr, line)
    ox.set_indent(ppr, first_line=first_line)
    ox.set_jc(ppr, jc)
    if outline is not None:
        ox.set_outline_level(ppr, outline)
    rpr = style.element.get_or_add_rPr()
    ox.set_rfonts(rpr, east_asia, latin)
    ox.set_size(rpr, size)
    if bold:
        ox.set_bold(rpr, True)
    return style


def _character_style(document, names: tuple[str, str], *, east_asia: str, latin: str, bold: bool):
    name, style_id = names
    style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.element.set(ox.qn("w:styleId"), style_id)
    style.quick_style = True
    rpr = style.element.get_or_add_rPr()
    ox.set_rfonts(rpr, east_asia, latin)
    if bold:
        ox.set_bold(rpr, True)
    return style


def _add_styles(document, fonts: FontSet, options: WriterOptions) -> None:
    indent = layout.FIRST_LINE_INDENT
    common = {"latin": fonts.latin, "size": layout.SIZE_3HAO}
    # a 22 pt line would take two cells of the 28.95 pt grid: the title keeps its exact spacing instead
    paragraph_style(document, STYLE_TITLE, east_asia=fonts.title, latin=fonts.latin, size=layout.SIZE_2HAO,
                    jc="center", keep_next=True, grid=False)
    paragraph_style(document, STYLE_BODY, east_asia=fonts.body, first_line=indent, **common)
    paragraph_style(document, STYLE_HEADINGS[1], east_asia=fonts.level1, first_line=indent, outline=0,
                     keep_next=True, **common)
    paragraph_style(document, STYLE_HEADINGS[2], east_asia=fonts.level2, first_line=indent, outline=1,
                     keep_next=True, bold=options.bold_level2, **common)
    for level in (3, 4):
        paragraph_style(document, STYLE_HEADINGS[level], east_asia=fonts.body, first_line=indent,
                         outline=level - 1, keep_next=True, bold=options.bold_item_titles, **common)
    paragraph_style(document, STYLE_ISSUER, east_asia=fonts.body, jc="right", **common)
    paragraph_style(document, STYLE_DATE, east_asia=fonts.body, jc="right", **common)
    _character_style(document, STYLE_LEVEL2_CHARS, east_asia=fonts.level2, latin=fonts.latin,
                     bold=options.bold_level2)
    _character_style(document, STYLE_ITEM_TITLE, east_asia=fonts.body, latin=fonts.latin,
                     bold=options.bold_item_titles)


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
