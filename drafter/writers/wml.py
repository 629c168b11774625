"""Paragraphs and runs of WordprocessingML, made with lxml alone (no python-docx on this path).

Why not ``document.add_paragraph(style=name)`` and ``paragraph.add_run(text, style=name)``:
python-docx finds a style id from its name by walking every ``w:style`` of styles.xml, and
builds each child through its generic, schema-ordered element machinery — together about
half the time of writing a document. drafter names its own styles with fixed ids
(:data:`drafter.writers.docx.STYLE_BODY` …), so the writer puts the id straight in, and makes
the few elements a paragraph has with lxml.

The XML is exactly what python-docx makes for the same calls (tests/test_golden.py compares
it, and tests/test_docx.py compares the two ways on awkward texts):

- ``add_paragraph(style=…)``: ``<w:p><w:pPr><w:pStyle w:val="ID"/></w:pPr></w:p>``, inserted
  before the body's closing ``w:sectPr``;
- ``add_run(text, style=…)``: ``<w:r>``, appended; its ``w:rPr`` (``w:rStyle``, then
  ``w:highlight``) first; the text split as python-docx's Run.text does: a tab is ``<w:tab/>``,
  CR or LF ``<w:br/>``, every other stretch a ``<w:t>``, with ``xml:space="preserve"`` when
  ``str.strip`` would change it; an empty text makes an empty run.

Elements are made with ``SubElement``/``makeelement``, which create them in the parent's
document, so that inside a python-docx document they are python-docx's own element classes.
"""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

W_P = f"{{{W_NS}}}p"
W_PPR = f"{{{W_NS}}}pPr"
W_PSTYLE = f"{{{W_NS}}}pStyle"
W_IND = f"{{{W_NS}}}ind"
W_R = f"{{{W_NS}}}r"
W_RPR = f"{{{W_NS}}}rPr"
W_RSTYLE = f"{{{W_NS}}}rStyle"
W_HIGHLIGHT = f"{{{W_NS}}}highlight"
W_T = f"{{{W_NS}}}t"
W_TAB = f"{{{W_NS}}}tab"
W_BR = f"{{{W_NS}}}br"
W_SECTPR = f"{{{W_NS}}}sectPr"
W_VAL = f"{{{W_NS}}}val"
W_TYPE = f"{{{W_NS}}}type"
W_RIGHT = f"{{{W_NS}}}right"

SubElement = etree.SubElement


def add_paragraph(body, style_id: str | None = None):
    """A new ``w:p`` (with ``w:pStyle`` *style_id*) before the body's final ``w:sectPr``."""
    p = body.makeelement(W_P, {})
    last = body[-1] if len(body) else None
    if last is not None and last.tag == W_SECTPR:
        last.addprevious(p)
    else:
        body.append(p)
    if style_id is not None:
        SubElement(SubElement(p, W_PPR), W_PSTYLE).set(W_VAL, style_id)
    return p


def set_paragraph_style(p, style_id: str) -> None:
    """``w:pStyle`` of an existing paragraph (python-docx's ``paragraph.style = …``, by id)."""
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = p.makeelement(W_PPR, {})
        p.insert(0, ppr)
    pstyle = ppr.find(W_PSTYLE)
    if pstyle is None:
        pstyle = ppr.makeelement(W_PSTYLE, {})
        ppr.insert(0, pstyle)
    pstyle.set(W_VAL, style_id)


def set_right_indent(p, twips: int) -> None:
    """``w:ind w:right`` of a paragraph that has only its ``w:pStyle`` (the 署名 and the date)."""
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = p.makeelement(W_PPR, {})
        p.insert(0, ppr)
    ind = ppr.find(W_IND)
    if ind is None:
        ind = SubElement(ppr, W_IND)
    ind.set(W_RIGHT, str(int(twips)))


def add_run(p, text: str = "", style_id: str | None = None, *, highlight: str | None = None):
    """A new ``w:r`` at the end of paragraph *p*."""
    r = SubElement(p, W_R)
    if style_id is not None or highlight is not None:
        rpr = SubElement(r, W_RPR)
        if style_id is not None:
            SubElement(rpr, W_RSTYLE).set(W_VAL, style_id)
        if highlight is not None:
            SubElement(rpr, W_HIGHLIGHT).set(W_VAL, highlight)
    if text:
        set_run_text(r, text)
    return r


def set_run_text(r, text: str) -> None:
    """Append *text* to run *r* as python-docx's ``Run.text`` writes it."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        _add_t(r, text)
        return
    start = 0
    for i, ch in enumerate(text):
        if ch in "\t\r\n":
            if i > start:
                _add_t(r, text[start:i])
            SubElement(r, W_TAB if ch == "\t" else W_BR)
            start = i + 1
    if start < len(text):
        _add_t(r, text[start:])


def _add_t(r, text: str) -> None:
    t = SubElement(r, W_T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(XML_SPACE, "preserve")


def add_break(r, kind: str | None = None) -> None:
    """``<w:br/>`` (a line break) or ``<w:br w:type="page"/>`` at the end of run *r*."""
    br = SubElement(r, W_BR)
    if kind is not None:
        br.set(W_TYPE, kind)
