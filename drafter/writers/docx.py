"""Word (.docx) in the official layout of GB/T 9704-2012.

Formatting lives in named styles (公文标题, 一级标题 … 正文, 署名, 成文日期) so that a user
can restyle a whole document in Word; paragraphs carry only a style and, for
draft blanks, a highlight. Numbers come from :mod:`drafter.layout`; raw XML from
:mod:`drafter.writers.docx_oxml`.
"""

from __future__ import annotations

import datetime as dt
import functools
import zipfile
from io import BytesIO

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement

from .. import layout
from ..flow import flow
from ..layout import FONT_SETS, FontSet
from ..model import Document
from . import WriterOptions, timestamp
from . import docx_oxml as ox
from .docx_body import (  # noqa: F401 - the body's writer and the style names, here for callers
    _OFFICIAL_ROLES, STYLE_BODY, STYLE_DATE, STYLE_HEADINGS, STYLE_ISSUER, STYLE_ITEM_TITLE, STYLE_LEVEL2_CHARS,
    STYLE_TITLE, _add_runs, _add_title, _Body, _twips_xml)
from .docx_package import has_official_parts as _has_official_parts
from .docx_package import write_docx  # noqa: F401 - the entry point, which comes back here when it must
from .ziputil import write_package

# The template's own styles that a 公文 uses (the rest of python-docx's ~170 are dropped).
TEMPLATE_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Header", "HeaderChar", "Footer",
                   "FooterChar"}


def write_with_python_docx(doc: Document, options: WriterOptions) -> bytes:
    """The whole document through python-docx: for a document with official parts (红头, 主送,
    a notice, attachments, a 版记), whose tables, sections and footers need its API. Every
    other document is written by :func:`drafter.writers.docx_package.write_docx` into a
    package made here once (:func:`new_document`)."""
    fonts = FONT_SETS[options.fonts]
    official = None
    if _has_official_parts(doc):
        from .docx_official import OfficialParts

        document = _official_base(options)
        official = OfficialParts(document, doc, fonts)
    else:  # only if docx_package could not use python-docx's empty document
        document = new_document(options)
        finish_document(document)
    body = _Body(document, doc, official)
    for line in flow(doc):
        body.write(line)
    when = timestamp(options.date)
    _set_properties(document, str(doc.title), doc.kind or "", when)
    return write_package(package_entries(document), when)


def package_entries(document) -> list[tuple[str, bytes]]:
    """The zip entries ``document.save()`` would write, in its order, without zipping them:
    python-docx's own PackageWriter steps with a writer that collects. Saving zipped every
    part, and repack unzipped and zipped them again (3 ms of a document with official parts);
    write_package zips once, keeping the parts that do not change. Should python-docx's
    writer change shape, the package is saved and read back as before."""
    package = document.part.package
    try:
        from docx.opc.pkgwriter import PackageWriter

        steps = (PackageWriter._write_content_types_stream, PackageWriter._write_pkg_rels,
                 PackageWriter._write_parts)
    except (ImportError, AttributeError):  # pragma: no cover - another python-docx
        out = BytesIO()
        document.save(out)
        with zipfile.ZipFile(BytesIO(out.getvalue())) as saved:
            return [(info.filename, saved.read(info)) for info in saved.infolist()]
    parts = package.parts
    for part in parts:  # as OpcPackage.save does first
        part.before_marshal()
    entries: list[tuple[str, bytes]] = []

    class _Collect:
        @staticmethod
        def write(pack_uri, blob: bytes) -> None:
            entries.append((pack_uri.membername, blob))

    steps[0](_Collect, parts)
    steps[1](_Collect, package.rels)
    steps[2](_Collect, parts)
    return entries


def new_document(options: WriterOptions):
    """python-docx's template with drafter's styles and defaults (nothing in the body yet)."""
    fonts = FONT_SETS[options.fonts]
    document = docx.Document()
    _drop_styles_with_effects(document)
    ox.keep_only_styles(document.styles.element, TEMPLATE_STYLES)
    ox.strip_theme_fonts(document.styles.element)
    _set_defaults(document, fonts)
    _add_styles(document, fonts, options)
    return document


def finish_document(document) -> None:
    """The page: A4 with the 版心's margins and line grid, and the page numbers in the footers."""
    _set_page(document)
    _add_page_numbers(document)


def _official_base(options: WriterOptions):
    """A fresh python-docx Document with drafter's styles, the official parts' styles, the page
    and the page numbers: opened from the package saved once per set of options (in this
    process and in the disk cache, like docx_package's empty package), which takes a tenth of
    making it again (python-docx's template, 170 styles dropped, drafter's added). Opening a
    saved package gives the same parts, part names and relationship ids, hence the same bytes;
    tests/test_docx.py compares it with making the document anew."""
    key = (options.fonts, options.bold_item_titles, options.bold_level2)
    try:
        return docx.Document(BytesIO(official_base(*key)))
    except Exception:  # a damaged cache entry that still unpickled as bytes: made and kept anew
        official_base.cache_clear()
        data = make_official_base(options)
        _cache().store_keyed("docx", _official_key(*key), data)
        return docx.Document(BytesIO(data))


@functools.lru_cache(maxsize=16)
def official_base(fonts: str, bold_item_titles: bool, bold_level2: bool) -> bytes:
    key = _official_key(fonts, bold_item_titles, bold_level2)
    data = _cache().lookup_keyed("docx", key)
    if isinstance(data, bytes):
        return data
    data = make_official_base(WriterOptions(fonts=fonts, bold_item_titles=bold_item_titles, bold_level2=bold_level2))
    _cache().store_keyed("docx", key, data)
    return data


def _official_key(fonts: str, bold_item_titles: bool, bold_level2: bool) -> tuple:
    from .docx_package import writer_stamp

    return ("official-docx", writer_stamp(), fonts, bold_item_titles, bold_level2)


def _cache():
    from .. import cache

    return cache


def make_official_base(options: WriterOptions) -> bytes:
    """The package write_with_python_docx starts a document with official parts from, saved."""
    from .docx_official import add_styles

    document = new_document(options)
    add_styles(document, FONT_SETS[options.fonts])
    finish_document(document)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


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


def _set_properties(document, title: str, subject: str, when: dt.datetime) -> None:
    """core.xml; drafter.writers.docx_package sets the same four fields of a copy per document."""
    props = document.core_properties
    props.title = title
    props.subject = subject
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


