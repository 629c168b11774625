"""Where a long title breaks: balanced lines in a trapezoid or diamond, never inside a word.

GB/T 9704 7.2: a title over several lines is arranged as a trapezoid (upper lines
longer) or a diamond (middle line longest), and a line break must not split a word.
Word wraps at the last character that fits instead, leaving a full line over a stub,
so the docx writer puts explicit line breaks where this module says.

Without a dictionary, word boundaries come from what titles are made of: a break may
follow punctuation, the function words 年/的/和/与/及/暨, or one of the common title
words below, and may never fall inside a run of digits or Latin letters.
"""

from __future__ import annotations

import itertools
import math

from ..layout import TITLE_CHARS_PER_LINE, text_width_chars

# A break may come after these (the end of a word in a title).
_AFTER_WORDS = (
    "关于", "系统", "党组", "党委", "政府", "县委", "市委", "工作", "建设", "要点", "报告", "专题", "会议",
    "精神", "意见", "方案", "办法", "规定", "实施", "办公室", "领导小组", "委员会", "机关", "中心", "全县",
    "全市", "贯彻", "落实", "学习", "年度",
)
# Fixed terms a break must not fall inside, though a boundary rule would allow it (党的|建设).
_TERMS = ("党的建设", "党的政治建设", "党的二十大", "党的十九大", "党的领导", "党风廉政建设", "全面从严治党",
          "意识形态", "主题教育", "专题报告", "工作要点", "反腐败")
_AFTER_CHARS = "，、：；）》”年的和与及暨"
_NO_LINE_START = "，。、：；！？）》”’"
_NO_LINE_END = "（《“‘"


def break_positions(title: str) -> list[int]:
    """Indices where a line may break (the break comes before title[i])."""
    inside = set()
    for term in _TERMS:
        start = title.find(term)
        while start >= 0:
            inside.update(range(start + 1, start + len(term)))
            start = title.find(term, start + 1)
    out = []
    for i in range(1, len(title)):
        if i in inside:
            continue
        before, after = title[i - 1], title[i]
        if after in _NO_LINE_START or before in _NO_LINE_END:
            continue
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            continue
        head = title[:i]
        if before in _AFTER_CHARS or head.endswith(_AFTER_WORDS):
            out.append(i)
    return out


def _score(widths: list[float]) -> float:
    """Lower is better: balanced lines, upper ones not shorter (trapezoid) or a diamond."""
    mean = sum(widths) / len(widths)
    score = sum((w - mean) ** 2 for w in widths)
    decreasing = all(a >= b for a, b in zip(widths, widths[1:]))
    middle = widths.index(max(widths))
    diamond = len(widths) >= 3 and 0 < middle < len(widths) - 1 and all(
        a <= b for a, b in zip(widths[:middle], widths[1 : middle + 1])
    ) and all(a >= b for a, b in zip(widths[middle:], widths[middle + 1 :]))
    if not (decreasing or diamond):
        score += 100  # an inverted trapezoid only when nothing else fits
    return score


def title_lines(title: str, per_line: float = TITLE_CHARS_PER_LINE) -> list[str]:
    """The title split into lines for the docx (one line when it fits)."""
    total = text_width_chars(title)
    if total <= per_line:
        return [title]
    count = math.ceil(total / per_line)
    positions = break_positions(title)
    best: tuple[float, list[str]] | None = None
    for n in (count, count + 1):
        if len(positions) < n - 1:
            continue
        for cut in itertools.combinations(positions, n - 1):
            bounds = (0, *cut, len(title))
            lines = [title[a:b] for a, b in zip(bounds, bounds[1:])]
            widths = [text_width_chars(line) for line in lines]
            if max(widths) > per_line:
                continue
            score = _score(widths) + (50 if n > count else 0)  # one line more only if it looks better
            if best is None or score < best[0]:
                best = (score, lines)
    return best[1] if best else [title]  # no good break: let Word wrap it
