"""Make templates/红头模板.docx, the default 红头 template (GB/T 9704-2012 7.2), from layout.py.

    .venv/bin/python templates/make_default_template.py

The .docx is committed: it is a source that an office opens in Word and edits into its own
红头 (templates/README.md says how). This script is how the default one was made, so that it
can be made again when a number in :mod:`drafter.layout` changes; it writes the same bytes
every time.

What it holds, top to bottom, each line a plain paragraph with direct formatting (no styles of
its own, so that drafter's styles of the body never clash with it):

- three lines at the top left of the 版心: ``{{ 份号 }}``, ``{{ 密级 }}``, ``{{ 紧急程度 }}``
  (empty when the config gives none; they keep their lines, so the 标志 never moves);
- ``{{ 发文机关标志 }}``: centred, red, 方正小标宋简体 小初 (36 pt), its top 35 mm below the top
  of the 版心 — spacing before it of 35 mm less the three lines above, on an exact line as
  high as the characters;
- ``{{ 发文字号 }}``: centred, 3号仿宋, two lines below the 标志, with the red rule the full
  版心 width as its bottom border, 4 mm under the characters;
- two blank lines (the title goes 空二行 below the red rule, 7.3.1);
- ``{{p 正文 }}``: where drafter puts the body.

The page is the GB/T 9704 page (A4, 37/35/28/26 mm margins, 22-line grid); drafter writes the
page setup and page numbers of its body over it in any case.
"""

from __future__ import annotations

import datetime as dt
import sys
from io import BytesIO
from pathlib import Path

import docx
from docx.oxml import OxmlElement

from drafter import layout
from drafter.writers import docx_oxml as ox
from drafter.writers.ziputil import repack

OUT = Path(__file__).resolve().parent / "红头模板.docx"
# Fixed stamps: the same bytes on every run (the file is committed).
STAMP = dt.datetime(2023, 1, 1)
FONTS = layout.FONT_SETS[layout.DEFAULT_FONT_SET]
HEAD_INFO = ("份号", "密级", "紧急程度")  # 7.2.1–7.2.3, one line each at the top left


def mm(value: float) -> int:
    return round(value * layout.TWIPS_PER_MM)


def make() -> bytes:
    document = docx.Document()
    for rel_id, rel in list(document.part.rels.items()):  # a Word 2010 leftover of python-docx's template
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel_id)
    styles = document.styles.element
    ox.keep_only_styles(styles, {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"})
    ox.strip_theme_fonts(styles)
    _normal(document)
    _page(document)
    body = document.element.body
    for p in list(body.iterchildren(ox.qn("w:p"))):
        body.remove(p)

    for name in HEAD_INFO:
        # 份号 in 3号 Arabic digits, 密级 and 紧急程度 in 3号黑体, flush left
        _line(document, f"{{{{ {name} }}}}", east_asia=FONTS.level1, size=layout.SIZE_3HAO, jc="left")

    organ_line = round(layout.SIZE_ORGAN * layout.TWIPS_PER_PT)
    before = mm(layout.ORGAN_TOP_MM) - len(HEAD_INFO) * layout.LINE_PITCH
    _line(document, "{{ 发文机关标志 }}", east_asia=FONTS.title, size=layout.SIZE_ORGAN, jc="center",
          before=before, line=organ_line, color=layout.RED)

    number = _line(document, "{{ 发文字号 }}", east_asia=FONTS.body, size=layout.SIZE_3HAO, jc="center",
                   before=layout.NUMBER_BELOW_ORGAN_LINES * layout.LINE_PITCH)
    ppr = number.get_or_add_pPr()
    ox.border(ox.ppr_child(ppr, "pBdr"), "bottom", layout.RED_RULE_WIDTH, layout.RED, layout.RED_RULE_SPACE)

    for _ in range(layout.TITLE_BELOW_RULE_LINES):
        _line(document, "", east_asia=FONTS.body, size=layout.SIZE_3HAO, jc="both")
    _line(document, "{{p 正文 }}", east_asia=FONTS.body, size=layout.SIZE_3HAO, jc="both")

    props = document.core_properties
    props.title = "红头模板"
    props.subject = "drafter 红头模板"  # no placeholders here: docxtpl renders the properties too
    props.author = ""
    props.comments = "用法见 templates/README.md"
    props.keywords = ""
    props.last_modified_by = "drafter"
    props.created = STAMP
    props.modified = STAMP
    props.revision = 1
    out = BytesIO()
    document.save(out)
    return repack(out.getvalue(), STAMP)


def _normal(document) -> None:
    """Normal and the document defaults as in drafter's body: 3号仿宋, exact 28.95 pt lines, condensed."""
    styles = document.styles.element
    defaults = ox.get_or_add(styles, "docDefaults")
    rpr = ox.get_or_add(ox.get_or_add(defaults, "rPrDefault"), "rPr")
    ppr = ox.get_or_add(ox.get_or_add(defaults, "pPrDefault", first=False), "pPr")
    normal = document.styles["Normal"].element
    for target in (rpr, normal.get_or_add_rPr()):
        ox.set_rfonts(target, FONTS.body, FONTS.latin)
        ox.set_char_spacing(target, layout.CHAR_CONDENSE)
        ox.set_size(target, layout.SIZE_3HAO)
        ox.set_lang_zh(target)
    for target in (ppr, normal.get_or_add_pPr()):
        ox.set_widow_control(target, False)
        ox.set_line_spacing_exact(target, layout.LINE_PITCH)


def _page(document) -> None:
    sect = document.sections[0]._sectPr
    ox.set_page(sect, width=layout.PAGE_WIDTH, height=layout.PAGE_HEIGHT, top=layout.MARGIN_TOP,
                right=layout.MARGIN_RIGHT, bottom=layout.MARGIN_BOTTOM, left=layout.MARGIN_LEFT,
                header=layout.HEADER_DISTANCE, footer=layout.FOOTER_DISTANCE)
    ox.set_doc_grid(sect, layout.LINE_PITCH)


def _line(document, text: str, *, east_asia: str, size: float, jc: str, before: int = 0,
          line: int = layout.LINE_PITCH, color: str | None = None):
    """One paragraph of the 版头 with its formatting written on it (Word shows it as direct
    formatting); a line higher than the grid's keeps its own spacing (snapToGrid off)."""
    p = document.add_paragraph()._p
    ppr = p.get_or_add_pPr()
    ox.set_widow_control(ppr, False)
    if line != layout.LINE_PITCH:
        ox.ppr_child(ppr, "snapToGrid", val="0")
    ox.ppr_child(ppr, "spacing", before=str(max(0, before)), after="0", line=str(line), lineRule="exact")
    ox.set_indent(ppr)
    ox.set_jc(ppr, jc)
    if text:
        rpr = OxmlElement("w:rPr")
        ox.set_rfonts(rpr, east_asia, FONTS.latin)
        if color:
            ox.rpr_child(rpr, "color", val=color)
        ox.set_size(rpr, size)
        ox.add_text_run(p, text, rpr)
    return p


def main() -> int:
    data = make()
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
