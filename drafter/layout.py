"""The GB/T 9704-2012 format numbers: the one place drafter keeps them.

Every length is in twentieths of a point (twips, the unit of most WordprocessingML
attributes) or half-points (font sizes), each with the clause or measurement it
comes from (see shared/spec/gbt9704.md). Writers read these names; no other module
spells a format number.
"""

from __future__ import annotations

from dataclasses import dataclass

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4

# Font sizes in points (号 → pt).
SIZE_2HAO = 22.0  # 二号: title
SIZE_3HAO = 16.0  # 三号: body and headings
SIZE_4HAO = 14.0  # 四号: page numbers, 版记

# --- Page (GB/T 9704 5.2.1, 5.2.2) -------------------------------------------------
PAGE_WIDTH = 11906  # A4 210 mm
PAGE_HEIGHT = 16838  # A4 297 mm
MARGIN_TOP = 2098  # 天头 37 mm
MARGIN_BOTTOM = 1984  # 35 mm (297 − 37 − 225 版心)
MARGIN_LEFT = 1587  # 订口 28 mm
MARGIN_RIGHT = 1474  # 26 mm (210 − 28 − 156 版心)
HEADER_DISTANCE = 850
FOOTER_DISTANCE = 1227  # puts "— N —" about 7 mm below the 版心 (5.2.4)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 版心宽 156 mm

# --- Grid: 22 lines × 28 characters (5.2.3) -----------------------------------------
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = 579  # 225 mm / 22 = 28.95 pt; 580 already gives 21 lines (measured)
# 28 × 16 pt = 448 pt does not fit 442.2 pt; −0.25 pt per character is the least that does.
CHAR_CONDENSE = -5  # w:spacing w:val in twips
# For LibreOffice (the PDF writer) the same fit by narrowing the glyphs to 98 % (w:w): with negative
# spacing LibreOffice 7.4 loses full-width commas at line ends (see drafter.writers.pdf).
LIBREOFFICE_CHAR_SCALE = 98

# One character of body text (3号) and of the page number (4号), in twips.
BODY_CHAR = int(SIZE_3HAO * TWIPS_PER_PT)  # 320
FOOTER_CHAR = int(SIZE_4HAO * TWIPS_PER_PT)  # 280

# What a character really advances, condensed: a label's width, for text that must line up after it.
BODY_ADVANCE = BODY_CHAR + CHAR_CONDENSE  # 315
FOOTER_ADVANCE = FOOTER_CHAR + CHAR_CONDENSE  # 275

FIRST_LINE_INDENT = 2 * BODY_CHAR  # 首行缩进 2 字 (5.2.3 practice, 7.3)

# Title (7.2): 二号 characters across the 版心: 442.2 pt / 22 pt = 20 per line.
TITLE_CHARS_PER_LINE = int(TEXT_WIDTH / (SIZE_2HAO * TWIPS_PER_PT))

# --- Signature and date, not stamped (7.3.5.2) ----------------------------------------
SIGNATURE_RIGHT_CHARS = 2  # 署名右空二字
DATE_OFFSET_CHARS = 2  # 成文日期首字比署名首字右移二字

# --- Page numbers (7.5) ---------------------------------------------------------------
PAGE_NUMBER_DASH = "\u2014"  # 一字线 either side: "— 1 —"
PAGE_NUMBER_INDENT = FOOTER_CHAR  # one character in from the edge
PAGE_NUMBER_FONT = "宋体"


@dataclass(frozen=True)
class FontSet:
    """Which font names the document asks for (Word substitutes what is installed)."""

    title: str
    body: str
    level1: str
    level2: str
    latin: str = "Times New Roman"


FONT_SETS: dict[str, FontSet] = {
    # What offices with the GB2312 fonts installed expect (the default).
    "gb2312": FontSet(title="方正小标宋简体", body="仿宋_GB2312", level1="黑体", level2="楷体_GB2312"),
    # Current Windows ships 仿宋/楷体 without the _GB2312 suffix.
    "windows": FontSet(title="方正小标宋简体", body="仿宋", level1="黑体", level2="楷体"),
}
DEFAULT_FONT_SET = "gb2312"


def text_width_chars(text: str) -> float:
    """Width of *text* in body characters: CJK and full-width count 1, ASCII ½."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "—“”‘’…" else 1.0 for ch in text)


def signature_indents(issuer: str, date: str) -> tuple[int, int]:
    """Right indents (twips) for the 署名 and 成文日期 lines, both right-aligned.

    The 署名 ends 2 characters from the right edge; the date starts 2 characters
    right of where the 署名 starts, i.e. its right edge sits
    (width(署名) − 2 − width(date)) characters further in than the 署名's.
    A date wider than that simply reaches the right edge.
    """
    issuer_right = SIGNATURE_RIGHT_CHARS * BODY_CHAR
    date_right_chars = SIGNATURE_RIGHT_CHARS + text_width_chars(issuer) - DATE_OFFSET_CHARS - text_width_chars(date)
    return issuer_right, max(0, round(date_right_chars * BODY_CHAR))


# --- 版头 (红头) (7.2) --------------------------------------------------------------------
# The 发文机关标志's top sits 35 mm below the top of the 版心 (the 2012 edition; 1999 said 25 mm).
ORGAN_TOP_MM = 35.0
# Its size is the office's choice ("醒目、美观、庄重"); 小初 (36 pt) red 小标宋 is the common one,
# shrunk for a long name so that it stays on one line of the 版心.
SIZE_ORGAN = 36.0
RED = "FF0000"
NUMBER_BELOW_ORGAN_LINES = 2  # 发文字号 "编排在发文机关标志下空二行位置"
# The red rule (红色分隔线): the full 版心 width, 4 mm below the 发文字号.
RED_RULE_BELOW_NUMBER_MM = 4.0
RED_RULE_WIDTH = 12  # eighths of a point: 1.5 pt
# w:space of the 字号's bottom border, in points: how far below the 字号's line box the rule is
# drawn. Tuned by measurement (LibreOffice 7.4, the free fonts of the rendering tests): 3 pt puts
# the rule 4 mm below the glyphs of the 字号. The glyphs' place in an exact-height line depends on
# the font's descent, so Word with 仿宋_GB2312 may differ by about a millimetre.
RED_RULE_SPACE = 3
TITLE_BELOW_RULE_LINES = 2  # the title "编排于红色分隔线下空二行位置" (7.3.1)
# 上行文: 发文字号 one character in on the left, 签发人 one character in on the right.
SIGNERS_INDENT = BODY_CHAR

# --- 附件说明 (7.3.4): two characters in, wrapped lines under the first character of the name.
NOTE_INDENT = 2 * BODY_CHAR

# --- 版记 (7.4) ---------------------------------------------------------------------------
# Rules in eighths of a point (the unit of w:sz on borders): 0.35 mm ≈ 1 pt, 0.25 mm ≈ 0.75 pt.
IMPRINT_RULE_THICK = 8
IMPRINT_RULE_THIN = 6
IMPRINT_INDENT = FOOTER_CHAR  # 抄送, 印发机关 and 印发日期 one 4号 character in from each side
IMPRINT_LINE = 560  # 4号 lines of the 版记 (exact, twips): 28 pt
# The 版记 is the footer of its page, whose bottom edge is this far above the page's: the
# bottom edge of the 版心, less the thin paragraph a footer must end with (IMPRINT_TAIL).
IMPRINT_TAIL = 20  # twips: 1 pt
IMPRINT_FOOTER_DISTANCE = MARGIN_BOTTOM - IMPRINT_TAIL

# --- 任务分解表 (the task attachment, a landscape section; GB/T 9704 10.1) ------------------
# The landscape page is the portrait page turned: the 订口 (28 mm) is the top edge of an odd page.
LANDSCAPE_MARGINS = {"top": MARGIN_LEFT, "bottom": MARGIN_RIGHT, "left": MARGIN_TOP, "right": MARGIN_BOTTOM}
LANDSCAPE_TEXT_WIDTH = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 225 mm
# Column widths as shares of the table width: 序号, 工作任务, 牵头单位, 责任单位, 完成时限.
TASK_COLUMN_SHARES = (0.07, 0.41, 0.16, 0.22, 0.14)
TASK_CELL_SIZE = SIZE_4HAO  # 仿宋 4号 in the cells, 黑体 in the header row
TASK_CELL_LINE = 400  # exact line spacing in the cells: 20 pt
TASK_CELL_MARGIN = 85  # 1.5 mm left and right inside each cell
TASK_TABLE_BORDER = 4  # eighths of a point: 0.5 pt lines
# The landscape page's bottom margin is 26 mm: the footer moves with it, keeping the page number
# as far below the 版心 as on the portrait pages.
LANDSCAPE_FOOTER_DISTANCE = LANDSCAPE_MARGINS["bottom"] - (MARGIN_BOTTOM - FOOTER_DISTANCE)
