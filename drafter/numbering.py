"""Chinese document numbering: numbers ↔ labels such as 一、（一）1.（1）一是.

The model stores levels and counters, never label text; this module alone turns
them into labels (for every writer) and parses labels back (for readers), so that
"十一、" and "（二十）" are made and recognised in exactly one place.
"""

from __future__ import annotations

import re
from enum import Enum

_DIGITS = "零一二三四五六七八九"
_UNITS = ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"))


def chinese_numeral(n: int) -> str:
    """Write a positive integer the way documents do: 1→一, 10→十, 11→十一, 20→二十, 105→一百零五."""
    if n <= 0:
        raise ValueError(f"chinese numerals start at 1, got {n}")
    if n >= 100000:
        raise ValueError(f"number too large for a heading label: {n}")
    out = []
    rest = n
    zero_pending = False
    for value, unit in _UNITS:
        q, rest = divmod(rest, value)
        if q:
            if zero_pending:
                out.append("零")
            zero_pending = False
            # 十一 not 一十一 when ten leads; 一百一十 keeps the 一 inside a larger number
            if not (value == 10 and q == 1 and not out):
                out.append(_DIGITS[q])
            out.append(unit)
        elif out:
            zero_pending = True
    if rest:
        if zero_pending:
            out.append("零")
        out.append(_DIGITS[rest])
    return "".join(out)


def parse_chinese_numeral(text: str) -> int:
    """Inverse of :func:`chinese_numeral`; accepts 〇/零 and the 两 of speech is refused."""
    if not text or any(ch not in _DIGITS + "〇十百千万" for ch in text):
        raise ValueError(f"not a chinese numeral: {text!r}")
    text = text.replace("〇", "零")
    total = 0
    section = 0
    digit = None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS.index(ch)
        else:
            value = {"十": 10, "百": 100, "千": 1000, "万": 10000}[ch]
            if value == 10000:
                total += (section + (digit or 0)) * value
                section = 0
            else:
                section += (1 if digit is None else digit) * value
            digit = None
    return total + section + (digit or 0)


class LabelStyle(str, Enum):
    """The label shapes of 党政机关公文 (GB/T 9704 7.3.3 and common practice)."""

    CN_COMMA = "一、"  # level 1
    CN_PAREN = "（一）"  # level 2
    DIGIT_DOT = "1."  # level 3
    DIGIT_COMMA = "1、"  # level 3, common variant
    DIGIT_PAREN = "（1）"  # level 4
    CN_SHI = "一是"  # inline enumeration 一是…二是…

    def label(self, n: int) -> str:
        """The label for the *n*-th entry, e.g. LabelStyle.CN_PAREN.label(12) == '（十二）'."""
        cn = chinese_numeral(n)
        return {
            LabelStyle.CN_COMMA: f"{cn}、",
            LabelStyle.CN_PAREN: f"（{cn}）",
            LabelStyle.DIGIT_DOT: f"{n}.",
            LabelStyle.DIGIT_COMMA: f"{n}、",
            LabelStyle.DIGIT_PAREN: f"（{n}）",
            LabelStyle.CN_SHI: f"{cn}是",
        }[self]


# Label styles that may number the items directly under a section heading, and what
# their sub-items use (一、 → （一） → 1. → （1）; with two levels 一、 → 1. is allowed).
ITEM_STYLES = (LabelStyle.CN_PAREN, LabelStyle.DIGIT_DOT, LabelStyle.DIGIT_COMMA)
_NEXT_LEVEL = {
    LabelStyle.CN_COMMA: LabelStyle.CN_PAREN,
    LabelStyle.CN_PAREN: LabelStyle.DIGIT_DOT,
    LabelStyle.DIGIT_DOT: LabelStyle.DIGIT_PAREN,
    LabelStyle.DIGIT_COMMA: LabelStyle.DIGIT_PAREN,
    LabelStyle.DIGIT_PAREN: LabelStyle.DIGIT_PAREN,
}


def item_styles(first: LabelStyle, depth: int) -> list[LabelStyle]:
    """Styles for item depths 0..depth-1 when the top items use *first*."""
    styles = [first]
    while len(styles) < depth:
        styles.append(_NEXT_LEVEL[styles[-1]])
    return styles


# Document levels of each style: 1 = 一、, 2 = （一）, 3 = 1. / 1、, 4 = （1）.
STYLE_LEVEL = {
    LabelStyle.CN_COMMA: 1,
    LabelStyle.CN_PAREN: 2,
    LabelStyle.DIGIT_DOT: 3,
    LabelStyle.DIGIT_COMMA: 3,
    LabelStyle.DIGIT_PAREN: 4,
    LabelStyle.CN_SHI: 0,
}

_CN = "[一二三四五六七八九十百零〇]+"
_LABEL_PATTERNS = (
    (LabelStyle.CN_COMMA, re.compile(rf"^({_CN})、")),
    (LabelStyle.CN_PAREN, re.compile(rf"^[（(]({_CN})[）)]")),
    (LabelStyle.DIGIT_PAREN, re.compile(r"^[（(](\d+)[）)]")),
    (LabelStyle.DIGIT_DOT, re.compile(r"^(\d+)[.．](?!\d)")),
    (LabelStyle.DIGIT_COMMA, re.compile(r"^(\d+)、")),
    (LabelStyle.CN_SHI, re.compile(rf"^({_CN})是")),
)


def parse_label(text: str) -> tuple[LabelStyle, int, str] | None:
    """Recognise a label at the start of *text*: (style, number, label text) or None.

    "6." and "6．" are both DIGIT_DOT; half-width parentheses count as full-width ones.
    一是 is only recognised for 一 … 十九 to avoid reading 十分是 etc. as a label.
    """
    for style, pattern in _LABEL_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        raw = m.group(1)
        n = int(raw) if raw.isdigit() else parse_chinese_numeral(raw)
        if style is LabelStyle.CN_SHI and not 1 <= n <= 19:
            continue
        return style, n, m.group(0)
    return None
