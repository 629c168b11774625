"""The official document's own parts in Word: 版头 (红头), 主送, 附件说明, attachments, the
任务分解表 and the 版记 (GB/T 9704-2012 7.2, 7.3.2, 7.3.4, 7.4, 10.1).

:mod:`drafter.writers.docx` writes the text of every document; it hands the lines of these
parts to :class:`OfficialParts`, which is only loaded for a document that has them. As
everywhere in the docx writer, formatting lives in named styles (发文机关标志, 发文字号, 主送机关,
附件说明, 附件标识, 版记, 表格文字 …) so that an office can restyle them in Word; the numbers come
from :mod:`drafter.layout`, the wording from :mod:`drafter.official`.

Three layout decisions, each because Word and LibreOffice must agree without laying out pages
when the file is written:

- Vertical positions in the 版头 are paragraph spacings (the 标志's top 35 mm below the 版心
  top; the 字号 two lines below it; the red rule a bottom border 4 mm under the 字号), not
  floating frames, so that a user editing the 版头 in Word moves ordinary paragraphs.
- The 任务分解表 is a section of its own, turned landscape, with its header row repeated on
  every page (``w:tblHeader``) and rows that do not break across pages.
- The 版记 is a section of its own that starts on an even page (``w:type evenPage``), whose
  footers hold the 版记 instead of a page number (the 版记 page, and a blank page put before
  it, carry none, 7.5). The footer's bottom edge is set as far above the page edge as the
  bottom margin, so the 版记's last rule lies on the 版心's bottom edge however many lines the
  抄送 takes (a table floating to the bottom would do the same in Word, but LibreOffice 7.4
  leaves it at the top). The cost: when the text ends on an even page with room to spare, the
  版记 still goes on the next even page. LibreOffice 7.4 ignores ``evenPage`` and starts the
  section on the next page, whatever its number.
"""

from __future__ import annotations

import copy

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.shared import Twips
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from .. import layout, official
from ..flow import Line, Role
from ..layout import FontSet
from ..model import Document, Text
from ..tasks import COLUMNS, task_rows
from . import docx_oxml as ox
from . import wml
from .docx import STYLE_BODY, STYLE_TITLE, _add_runs, _add_title, paragraph_style

STYLE_HEAD_INFO = ("版头信息", "DrafterHeadInfo")  # 份号, 密级, 紧急程度: top left of the 版心
STYLE_ORGAN = ("发文机关标志", "DrafterOrgan")
STYLE_DOC_NUMBER = ("发文字号", "DrafterDocNumber")
STYLE_RECIPIENTS = ("主送机关", "DrafterRecipients")
STYLE_NOTE = ("附件说明", "DrafterAttachmentNote")
STYLE_ATTACHMENT_LABEL = ("附件标识", "DrafterAttachmentLabel")
STYLE_IMPRINT = ("版记", "DrafterImprint")
STYLE_TABLE_HEAD = ("表头", "DrafterTableHead")
STYLE_TABLE_TEXT = ("表格文字", "DrafterTableText")

HEADER_ROLES = {Role.COPY_NUMBER, Role.SECRECY, Role.URGENCY, Role.ORGAN, Role.DOC_NUMBER, Role.SIGNERS}
IMPRINT_ROLES = {Role.CC, Role.PRINTER, Role.PRINTED}


def add_styles(document, fonts: FontSet) -> None:
    """The styles of the official parts (only in a document that has them)."""
    common = {"latin": fonts.latin, "size": layout.SIZE_3HAO}
    paragraph_style(document, STYLE_HEAD_INFO, east_asia=fonts.level1, jc="left", **common)
    organ = paragraph_style(document, STYLE_ORGAN, east_asia=fonts.title, latin=fonts.latin, size=layout.SIZE_ORGAN,
                            jc="center", line=round(layout.SIZE_ORGAN * layout.TWIPS_PER_PT), grid=False)
    ox.rpr_child(organ.element.get_or_add_rPr(), "color", val=layout.RED)
    paragraph_style(document, STYLE_DOC_NUMBER, east_asia=fonts.body, jc="center", **common)
    paragraph_style(document, STYLE_RECIPIENTS, east_asia=fonts.body, jc="left", **common)
    paragraph_style(document, STYLE_NOTE, east_asia=fonts.body, jc="left", **common)
    paragraph_style(document, STYLE_ATTACHMENT_LABEL, east_asia=fonts.level1, jc="left", keep_next=True, **common)
    paragraph_style(document, STYLE_IMPRINT, east_asia=fonts.body, latin=fonts.latin, size=layout.SIZE_4HAO,
                    jc="left", line=layout.IMPRINT_LINE, grid=False)
    cells = {"latin": fonts.latin, "size": layout.TASK_CELL_SIZE, "line": layout.TASK_CELL_LINE, "grid": False}
    paragraph_style(document, STYLE_TABLE_HEAD, east_asia=fonts.level1, jc="center", **cells)
    paragraph_style(document, STYLE_TABLE_TEXT, east_asia=fonts.body, jc="left", **cells)


def _mm(mm: float) -> int:
    return round(mm * layout.TWIPS_PER_MM)


class OfficialParts:
    """Writes the lines of the official parts; :mod:`drafter.writers.docx` calls :meth:`write`
    for every line of these parts and :meth:`before` for every other."""

    def __init__(self, document, doc: Document, fonts: FontSet) -> None:
        self.document = document
        self.doc = doc
        self.fonts = fonts
        self.header_lines = 0  # lines of 份号/密级/紧急程度 above the 标志
        self.last_header = None  # the paragraph under which the red rule goes
        self.rule_drawn = False
        self.imprint_lines: list[Line] = []
        self.landscape = False

    # -- the running order ---------------------------------------------------------
    def before(self, line: Line) -> None:
        """Called before a line of the text: closes the 版头 with its red rule and two blank lines."""
        self._close_header()

    def write(self, line: Line) -> None:
        role = line.role
        if role not in HEADER_ROLES:
            self._close_header()
        if role in (Role.COPY_NUMBER, Role.SECRECY, Role.URGENCY):
            _add_runs(self._paragraph(STYLE_HEAD_INFO), line.body)
            self.header_lines += 1
        elif role is Role.ORGAN:
            self._organ(line)
        elif role is Role.DOC_NUMBER:
            self._doc_number(line)
        elif role is Role.SIGNERS:
            if self.doc.header is None or self.doc.header.number is None:  # else written with the 字号
                p = self._paragraph(STYLE_DOC_NUMBER)
                _add_runs(p, line.body, prefix=line.label)
                self.last_header = p
        elif role is Role.NOTICE_TITLE:
            _add_title(self._paragraph(STYLE_TITLE), line.body)
            self._paragraph(STYLE_BODY)  # one blank line below the title (7.3.2)
        elif role is Role.RECIPIENTS:
            _add_runs(self._paragraph(STYLE_RECIPIENTS), line.body)
        elif role is Role.ATTACHMENT_NOTE:
            self._note(line)
        elif role is Role.ATTACHMENT_LABEL:
            self._attachment_label(line)
        elif role is Role.ATTACHMENT_TITLE:
            _add_title(self._paragraph(STYLE_TITLE), line.body)
            self._paragraph(STYLE_BODY)
        elif role is Role.TASK_TABLE:
            self._task_table()
        elif role in IMPRINT_ROLES:
            self._imprint(line)

    def _paragraph(self, style: tuple[str, str]):
        """A python-docx Paragraph over a ``w:p`` made with the style id (drafter.writers.wml)."""
        return Paragraph(wml.add_paragraph(self.document.element.body, style[1]), self.document._body)

    # -- 版头 ------------------------------------------------------------------------
    def _organ(self, line: Line) -> None:
        """The 标志: its top 35 mm below the 版心 top, less the lines of 份号 … above it."""
        p = self._paragraph(STYLE_ORGAN)
        _add_runs(p, line.body)
        ppr = p._p.get_or_add_pPr()
        before = _mm(layout.ORGAN_TOP_MM) - self.header_lines * layout.LINE_PITCH
        ox.ppr_child(ppr, "spacing", before=str(max(0, before)), after="0",
                     line=str(round(layout.SIZE_ORGAN * layout.TWIPS_PER_PT)), lineRule="exact")
        size = _organ_size(str(line.body))
        if size < layout.SIZE_ORGAN:  # a long name: smaller, still one line of the 版心
            for run in p.runs:
                ox.set_size(run._r.get_or_add_rPr(), size)
            ox.ppr_child(ppr, "spacing", before=str(max(0, before)), after="0",
                         line=str(round(size * layout.TWIPS_PER_PT)), lineRule="exact")
        self.last_header = p

    def _doc_number(self, line: Line) -> None:
        """The 字号 two lines below the 标志, centred; with 签发人 (上行文) one character in on the
        left, the 签发人 on the same line one character in from the right."""
        p = self._paragraph(STYLE_DOC_NUMBER)
        ppr = p._p.get_or_add_pPr()
        ox.ppr_child(ppr, "spacing", before=str(layout.NUMBER_BELOW_ORGAN_LINES * layout.LINE_PITCH), after="0",
                     line=str(layout.LINE_PITCH), lineRule="exact")
        signers = self.doc.header.signers if self.doc.header is not None else None
        if signers is None:
            _add_runs(p, line.body)
        else:
            ox.set_jc(ppr, "left")
            ox.set_indent(ppr, left=layout.SIGNERS_INDENT, right=layout.SIGNERS_INDENT)
            tabs = ox.ppr_child(ppr, "tabs")
            tab = OxmlElement("w:tab")
            tab.set(ox.qn("w:val"), "right")
            tab.set(ox.qn("w:pos"), str(layout.TEXT_WIDTH - layout.SIGNERS_INDENT))  # from the margin, not the indent
            tabs.append(tab)
            _add_runs(p, line.body)
            p.add_run("\t" + official.SIGNERS_LABEL)
            first = len(p.runs)
            _add_runs(p, signers.text)
            for run in p.runs[first:]:  # the names in 3号楷体 (7.2.5)
                ox.set_rfonts(run._r.get_or_add_rPr(), self.fonts.level2, self.fonts.latin)
        self.last_header = p

    def _close_header(self) -> None:
        """The red rule under the 字号 (or the 标志), then two blank lines above the title (7.3.1)."""
        if self.last_header is None or self.rule_drawn:
            return
        self.rule_drawn = True
        ppr = self.last_header._p.get_or_add_pPr()
        ox.border(ox.ppr_child(ppr, "pBdr"), "bottom", layout.RED_RULE_WIDTH, layout.RED, layout.RED_RULE_SPACE)
        for _ in range(layout.TITLE_BELOW_RULE_LINES):
            self._paragraph(STYLE_BODY)

    # -- 附件说明 and attachments ------------------------------------------------------
    def _note(self, line: Line) -> None:
        """``附件：1.名称``: one blank line above, two characters in, a wrapped line aligned
        with the first character of the name (7.3.4)."""
        if line.index == 1:
            self._paragraph(STYLE_BODY)
        p = self._paragraph(STYLE_NOTE)
        lead = official.NOTE_LABEL if line.index > 1 else ""
        label_width = layout.text_width_chars(line.label)
        left = layout.NOTE_INDENT + round((layout.text_width_chars(lead) + label_width) * layout.BODY_ADVANCE)
        hanging = round(label_width * layout.BODY_ADVANCE)
        ppr = p._p.get_or_add_pPr()
        ox.ppr_child(ppr, "ind", left=str(left), hanging=str(hanging))
        _add_runs(p, line.body, prefix=line.label)

    def _attachment_label(self, line: Line) -> None:
        """``附件1`` on the first line of a new page (a landscape section for the 任务分解表),
        黑体 flush left; the title follows on the third line."""
        attachment = self.doc.attachments[line.index - 1]
        landscape = attachment.kind.value == "tasks"
        if landscape != self.landscape:
            self._new_section(WD_SECTION.NEW_PAGE, landscape)
            p = self._paragraph(STYLE_ATTACHMENT_LABEL)
        else:
            p = self._paragraph(STYLE_ATTACHMENT_LABEL)
            p.paragraph_format.page_break_before = True
        p.add_run(line.label)
        self._paragraph(STYLE_BODY)

    def _new_section(self, start, landscape: bool):
        section = self.document.add_section(start)
        sect = section._sectPr
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            margins = layout.LANDSCAPE_MARGINS
            ox.set_page(sect, width=layout.PAGE_HEIGHT, height=layout.PAGE_WIDTH, top=margins["top"],
                        right=margins["right"], bottom=margins["bottom"], left=margins["left"],
                        header=layout.HEADER_DISTANCE, footer=layout.LANDSCAPE_FOOTER_DISTANCE)
            ox.sectpr_child(sect, "pgSz", w=str(layout.PAGE_HEIGHT), h=str(layout.PAGE_WIDTH), orient="landscape")
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            ox.set_page(sect, width=layout.PAGE_WIDTH, height=layout.PAGE_HEIGHT, top=layout.MARGIN_TOP,
                        right=layout.MARGIN_RIGHT, bottom=layout.MARGIN_BOTTOM, left=layout.MARGIN_LEFT,
                        header=layout.HEADER_DISTANCE, footer=layout.FOOTER_DISTANCE)
        ox.set_doc_grid(sect, layout.LINE_PITCH)
        self.landscape = landscape
        return section

    # -- 任务分解表 ----------------------------------------------------------------------
    def _task_table(self) -> None:
        rows = task_rows(self.doc)
        table = self.document.add_table(rows=0, cols=len(COLUMNS))
        width = layout.LANDSCAPE_TEXT_WIDTH
        widths = [round(width * share) for share in layout.TASK_COLUMN_SHARES]
        widths[1] += width - sum(widths)
        _table_frame(table, width, widths, layout.TASK_TABLE_BORDER, layout.TASK_CELL_MARGIN)
        new_row = _Rows(table)
        head = self._row(new_row, COLUMNS, STYLE_TABLE_HEAD)
        _tr_flag(head, "tblHeader")  # repeated at the top of every page of the table
        for row in rows:
            if row.is_section:
                tr = new_row(merged=True)
                _cell_text(_Cell(tr.tc_lst[0], table), row.task, STYLE_TABLE_HEAD, jc="left")
                _tr_flag(tr, "cantSplit")
                continue
            tr = self._row(new_row, row.cells(), STYLE_TABLE_TEXT)
            ox.set_jc(tr.tc_lst[0].find(ox.qn("w:p")).get_or_add_pPr(), "center")  # centred 序号
        if not rows:
            self._row(new_row, ("", "", "", "", ""), STYLE_TABLE_TEXT)

    @staticmethod
    def _row(new_row: "_Rows", texts, style):
        tr = new_row()
        _tr_flag(tr, "cantSplit")
        for tc, text in zip(tr.tc_lst, texts):
            _cell_text(_Cell(tc, new_row.table), text, style)
        return tr

    # -- 版记 --------------------------------------------------------------------------
    def _imprint(self, line: Line) -> None:
        """Collects the 版记's lines; the 印发日期 comes last (walk order) and writes them all."""
        self.imprint_lines.append(line)
        if line.role is Role.PRINTED:
            self._imprint_page()

    def _imprint_page(self) -> None:
        """The 版记's own even page, with no page number: the 版记 is that page's footer.

        A footer grows upwards from its bottom edge, which sits ``footer`` twips above the page
        edge; set to the bottom margin, the 版记's last rule lies on the bottom edge of the 版心
        however many lines the 抄送 takes (Word and LibreOffice alike; a floating table placed
        at the bottom is left at the top by LibreOffice 7.4).
        """
        section = self._new_section(WD_SECTION.EVEN_PAGE, False)
        ox.sectpr_child(section._sectPr, "pgMar", top=str(layout.MARGIN_TOP), right=str(layout.MARGIN_RIGHT),
                        bottom=str(layout.MARGIN_BOTTOM), left=str(layout.MARGIN_LEFT),
                        header=str(layout.HEADER_DISTANCE), footer=str(layout.IMPRINT_FOOTER_DISTANCE), gutter="0")
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False
            self._imprint_table(footer)

    def _imprint_table(self, footer) -> None:
        by_role = {line.role: line for line in self.imprint_lines}
        cc = by_role.get(Role.CC)
        width = layout.TEXT_WIDTH
        table = footer.add_table(rows=2 if cc else 1, cols=1, width=Twips(width))
        _table_frame(table, width, [width], None, 0)
        borders = ox.tblpr_child(table._tbl.tblPr, "tblBorders")
        for edge, size in (("top", layout.IMPRINT_RULE_THICK), ("bottom", layout.IMPRINT_RULE_THICK),
                           ("insideH", layout.IMPRINT_RULE_THIN)):
            ox.border(borders, edge, size)
        # the footer's own empty paragraph goes after the table (a footer ends with a paragraph), as thin as can be
        last = footer.paragraphs[0]._p
        last.getparent().remove(last)
        footer._element.append(last)
        ox.ppr_child(last.get_or_add_pPr(), "spacing", before="0", after="0", line=str(layout.IMPRINT_TAIL),
                     lineRule="exact")
        cells = [row.cells[0] for row in table.rows]
        for cell in cells:
            wml.set_paragraph_style(cell.paragraphs[0]._p, STYLE_IMPRINT[1])
        if cc:  # 抄送：names, one character in on each side, wrapped lines after the colon
            p = cells[0].paragraphs[0]
            label = round(layout.text_width_chars(cc.label) * layout.FOOTER_ADVANCE)
            ox.ppr_child(p._p.get_or_add_pPr(), "ind", left=str(layout.IMPRINT_INDENT + label),
                         right=str(layout.IMPRINT_INDENT), hanging=str(label))
            _add_runs(p, cc.body, prefix=cc.label)
        printed = cells[-1].paragraphs[0]  # 印发机关 one character in on the left, 印发日期 on the right
        ppr = printed._p.get_or_add_pPr()
        ox.set_indent(ppr, left=layout.IMPRINT_INDENT, right=layout.IMPRINT_INDENT)
        tab = OxmlElement("w:tab")
        tab.set(ox.qn("w:val"), "right")
        tab.set(ox.qn("w:pos"), str(width - layout.IMPRINT_INDENT))  # measured from the cell's edge, not the indent
        ox.ppr_child(ppr, "tabs").append(tab)
        if Role.PRINTER in by_role:
            _add_runs(printed, by_role[Role.PRINTER].body)
        printed.add_run("\t")
        _add_runs(printed, by_role[Role.PRINTED].body)


class _Rows:
    """New rows of *table*, exactly as python-docx's ``table.add_row()`` makes them — and, with
    ``merged=True``, with all their cells merged into one as ``cells[0].merge(cells[-1])`` does.

    python-docx walks the table's grid for every ``add_row()``, ``row.cells`` and ``merge()``,
    which made the 任务分解表 the slowest part of writing a document (half of the notice
    example's time). A new row depends only on the grid, so each kind is made once with
    python-docx, taken out again, and copied (lxml's deepcopy keeps python-docx's element
    classes) for every row; tests/test_official_docx.py compares the XML with python-docx's.
    """

    def __init__(self, table) -> None:
        self.table = table
        tbl = table._tbl
        self.plain = table.add_row()._tr
        tbl.remove(self.plain)
        cells = table.add_row().cells
        cells[0].merge(cells[-1])
        self.merged = tbl.tr_lst[-1]
        tbl.remove(self.merged)

    def __call__(self, merged: bool = False):
        tr = copy.deepcopy(self.merged if merged else self.plain)
        self.table._tbl.append(tr)
        return tr


def _organ_size(text: str) -> float:
    """The 标志's size: 小初, or smaller in half points so that a long name fits one line."""
    width = layout.text_width_chars(text)
    if width * layout.SIZE_ORGAN * layout.TWIPS_PER_PT <= layout.TEXT_WIDTH:
        return layout.SIZE_ORGAN
    return int(layout.TEXT_WIDTH / layout.TWIPS_PER_PT / max(width, 1) * 2) / 2


def _tr_flag(tr, tag: str) -> None:
    trpr = tr.get_or_add_trPr()
    if trpr.find(ox.qn(f"w:{tag}")) is None:
        trpr.append(OxmlElement(f"w:{tag}"))


def _table_frame(table, width: int, widths: list[int], border: int | None, cell_margin: int) -> None:
    """Fixed column widths for a table as wide as the 版心, its borders and cell margins."""
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(ox.qn("w:tblStyle")):
        tbl_pr.remove(old)
    ox.tblpr_child(tbl_pr, "tblW", w=str(width), type="dxa")
    ox.tblpr_child(tbl_pr, "jc", val="center")
    if border is not None:
        borders = ox.tblpr_child(tbl_pr, "tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            ox.border(borders, edge, border)
    ox.tblpr_child(tbl_pr, "tblLayout", type="fixed")
    margins = ox.tblpr_child(tbl_pr, "tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(ox.qn("w:w"), str(cell_margin))
        el.set(ox.qn("w:type"), "dxa")
        margins.append(el)
    for col, w in zip(table._tbl.tblGrid.findall(ox.qn("w:gridCol")), widths):
        col.set(ox.qn("w:w"), str(w))
    table.autofit = False


def _cell_text(cell, text, style, jc: str | None = None) -> None:
    """A new cell's paragraph: style, alignment, text (runs made by drafter.writers.wml), centred."""
    p = cell._tc.find(ox.qn("w:p"))
    wml.set_paragraph_style(p, style[1])
    if jc:
        ox.set_jc(p.get_or_add_pPr(), jc)
    if isinstance(text, Text):
        _add_runs(p, text)
    elif text:
        wml.add_run(p, str(text))
    tc_pr = cell._tc.get_or_add_tcPr()
    ox.get_or_add(tc_pr, "vAlign", first=False).set(ox.qn("w:val"), "center")
