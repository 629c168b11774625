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

# One character of body text (3号) and of the page number (4号), in twips.
BODY_CHAR = int(SIZE_3HAO * TWIPS_PER_PT)  # 320
FOOTER_CHAR = int(SIZE_4HAO * TWIPS_PER_PT)  # 280

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
