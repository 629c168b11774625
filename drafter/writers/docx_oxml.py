"""Raw WordprocessingML for what python-docx has no API for.

Each function is named after the element it sets: east-Asian fonts (``w:rFonts``),
the line grid (``w:docGrid``), character condensing (``w:spacing``), outline levels,
PAGE fields in footers, highlights. Values come from :mod:`drafter.layout`.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

# Children of w:rPr / w:pPr must appear in schema order or Word refuses the file.
_RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()
_PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
_SECTPR_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType "
    "cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings sectPrChange"
).split()
_TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd "
    "tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
).split()


def _set_child(parent: BaseOxmlElement, tag: str, order: list[str], **attrs: str) -> BaseOxmlElement:
    """Replace (or create) the child *tag* of *parent* at its schema position."""
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    el = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), str(value))
    position = order.index(tag)
    for i, child in enumerate(parent):
        local = child.tag.rsplit("}", 1)[-1]
        if local in order and order.index(local) > position:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def rpr_child(rpr: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    return _set_child(rpr, tag, _RPR_ORDER, **attrs)


def ppr_child(ppr: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    return _set_child(ppr, tag, _PPR_ORDER, **attrs)


def sectpr_child(sect: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    return _set_child(sect, tag, _SECTPR_ORDER, **attrs)


def tblpr_child(tblpr: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    return _set_child(tblpr, tag, _TBLPR_ORDER, **attrs)


def border(parent: BaseOxmlElement, edge: str, size: int, color: str = "000000", space: int = 0) -> None:
    """A single line on one edge (w:top, w:bottom, w:insideH …) of a border group; *size* in
    eighths of a point, *space* in points."""
    el = OxmlElement(f"w:{edge}")
    for name, value in (("val", "single"), ("sz", size), ("space", space), ("color", color)):
        el.set(qn(f"w:{name}"), str(value))
    parent.append(el)


def get_or_add(parent: BaseOxmlElement, tag: str, first: bool = True) -> BaseOxmlElement:
    el = parent.find(qn(f"w:{tag}"))
    if el is None:
        el = OxmlElement(f"w:{tag}")
        if first:
            parent.insert(0, el)
        else:
            parent.append(el)
    return el


def set_rfonts(rpr: BaseOxmlElement, east_asia: str, latin: str) -> None:
    """w:rFonts with the Chinese font on eastAsia and the Latin one on ascii/hAnsi/cs.

    python-docx's ``font.name`` sets only ascii/hAnsi, and theme attributes
    (asciiTheme …) would override explicit names, so the element is written whole.
    """
    rpr_child(rpr, "rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin, hint="eastAsia")


def set_size(rpr: BaseOxmlElement, points: float) -> None:
    half_points = str(round(points * 2))
    rpr_child(rpr, "sz", val=half_points)
    rpr_child(rpr, "szCs", val=half_points)


def set_char_spacing(rpr: BaseOxmlElement, twips: int) -> None:
    """w:spacing on a run: negative condenses every character by |twips|/20 pt."""
    rpr_child(rpr, "spacing", val=str(twips))


def set_lang_zh(rpr: BaseOxmlElement) -> None:
    rpr_child(rpr, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")


def set_bold(rpr: BaseOxmlElement, on: bool) -> None:
    rpr_child(rpr, "b", val="1" if on else "0")
    rpr_child(rpr, "bCs", val="1" if on else "0")


def set_highlight(rpr: BaseOxmlElement, color: str = "yellow") -> None:
    rpr_child(rpr, "highlight", val=color)


def set_line_spacing_exact(ppr: BaseOxmlElement, twips: int) -> None:
    ppr_child(ppr, "spacing", before="0", after="0", line=str(twips), lineRule="exact")


def set_line_spacing_single(ppr: BaseOxmlElement) -> None:
    ppr_child(ppr, "spacing", before="0", after="0", line="240", lineRule="auto")


def set_indent(ppr: BaseOxmlElement, *, first_line: int = 0, left: int = 0, right: int = 0) -> None:
    ppr_child(ppr, "ind", left=str(left), right=str(right), firstLine=str(first_line))


def set_jc(ppr: BaseOxmlElement, value: str) -> None:
    ppr_child(ppr, "jc", val=value)


def set_widow_control(ppr: BaseOxmlElement, on: bool) -> None:
    """Off by default: widow control moves lines between pages (21-line pages)."""
    ppr_child(ppr, "widowControl", val="1" if on else "0")


def set_keep_next(ppr: BaseOxmlElement) -> None:
    ppr_child(ppr, "keepNext")


def set_outline_level(ppr: BaseOxmlElement, level: int) -> None:
    """0-based outline level: the paragraph shows in Word's and WPS's navigation pane."""
    ppr_child(ppr, "outlineLvl", val=str(level))


def strip_theme_fonts(root: BaseOxmlElement) -> None:
    """Remove w:asciiTheme etc. everywhere: they override the explicit font names."""
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(qn(f"w:{attr}"), None)


def keep_only_styles(root: BaseOxmlElement, keep: set[str]) -> None:
    """Remove every w:style whose id is not in *keep* (python-docx's template brings ~170,
    mostly table designs a 公文 never uses; Word still offers its built-ins via latentStyles)."""
    for style in list(root.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) not in keep:
            root.remove(style)


def set_page(sect: BaseOxmlElement, *, width: int, height: int, top: int, right: int, bottom: int, left: int,
             header: int, footer: int) -> None:
    sectpr_child(sect, "pgSz", w=str(width), h=str(height))
    sectpr_child(sect, "pgMar", top=str(top), right=str(right), bottom=str(bottom), left=str(left),
                 header=str(header), footer=str(footer), gutter="0")


def set_doc_grid(sect: BaseOxmlElement, line_pitch: int) -> None:
    """A line grid only: a linesAndChars grid with negative charSpace gives 14 characters in LibreOffice."""
    sectpr_child(sect, "docGrid", type="lines", linePitch=str(line_pitch))


def add_page_field(paragraph: BaseOxmlElement, rpr_factory) -> None:
    """Append the runs of a PAGE field (begin, instruction, separate, "1", end)."""
    def run(child: BaseOxmlElement) -> None:
        r = OxmlElement("w:r")
        r.append(rpr_factory())
        r.append(child)
        paragraph.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run(sep)
    num = OxmlElement("w:t")
    num.text = "1"
    run(num)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run(end)


def add_text_run(paragraph: BaseOxmlElement, text: str, rpr: BaseOxmlElement) -> None:
    r = OxmlElement("w:r")
    r.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    paragraph.append(r)
