"""Rule 2: numbering — gaps, repeats, a skipped level, mixed 1./1、/1． at one level, a heading
ending with 。 (or run together with its first paragraph), restart and continuous mixed.

Levels are decided as the reader decides them (the order in which label styles first
appear), so a document whose sections are 1、 and items 1. is judged on its own terms.
Labels are compared with what the numbering would give: the fix of a gap renumbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterator

from ...findings import Severity
from ...numbering import STYLE_LEVEL, LabelStyle, parse_label
from ...readers.structure import label_depths
from ..document import CheckDoc
from ..engine import Hit, rule


@dataclass
class _Numbered:
    para: int
    style: LabelStyle
    n: int
    written: str  # the label as written: "6．"
    depth: int
    parent: int | None  # index into the list of numbered paragraphs, None at the top


def _numbered(doc: CheckDoc) -> list[_Numbered]:
    depths = label_depths([p.text for p in doc.paragraphs])
    out: list[_Numbered] = []
    open_at: dict[int, int] = {}  # depth → index in out of the paragraph open at that depth
    for index, depth in sorted(depths.items()):
        label = parse_label(doc.paragraphs[index].text)
        if label is None:
            continue
        style, n, written = label
        parent = open_at.get(depth - 1) if depth > 0 else None
        out.append(_Numbered(index, style, n, written, depth, parent))
        open_at[depth] = len(out) - 1
        for deeper in [d for d in open_at if d > depth]:
            del open_at[deeper]
    return out


def _delimiter(written: str) -> str:
    return written.rstrip("0123456789一二三四五六七八九十百零〇（）()")[-1:] or written[-1:]


def _relabel(entry: _Numbered, n: int, delimiter: str | None = None) -> str:
    """The label *entry* should have with number *n*, keeping the delimiter the level uses."""
    label = entry.style.label(n)
    if delimiter and entry.style in (LabelStyle.DIGIT_DOT, LabelStyle.DIGIT_COMMA):
        label = f"{n}{delimiter}"
    return label


@rule("numbering.sequence", "numbering", Severity.ERROR, "编号跳号、重号或顺序错乱", fixes=True)
def sequence(doc: CheckDoc) -> Iterator[Hit]:
    entries = _numbered(doc)
    restart = _restarts(entries)
    delimiters = _level_delimiters(entries)
    by_parent: dict[tuple[int, int | None], list[_Numbered]] = defaultdict(list)
    for e in entries:
        by_parent[(e.depth, e.parent)].append(e)
    last: dict[int, int] = {}  # depth → the last number a group at that depth should have ended on
    first_of: dict[tuple[int, int | None], int] = {}
    for e in entries:
        group = (e.depth, e.parent)
        siblings = by_parent[group]
        k = siblings.index(e)
        if k == 0:
            if e.depth == 0 or restart.get(e.depth, True):
                first_of[group] = 1
            else:  # numbering runs on: a part's first item continues the last part's numbers
                first_of[group] = 1 if e.n == 1 and last.get(e.depth) else last.get(e.depth, 0) + 1
        expected = first_of[group] + k  # every label is judged by its place: the fix renumbers
        last[e.depth] = expected
        if e.n == expected:
            continue
        prev = siblings[k - 1] if k else None
        message = (f"编号重号：与上一条同为「{e.written}」，应为「{_relabel(e, expected, delimiters.get(e.depth))}」"
                   if prev is not None and prev.n == e.n else f"编号应为 {expected}，这里是 {e.n}")
        text = doc.paragraphs[e.para].text
        at = text.find(e.written)
        yield Hit(e.para, at, at + len(e.written), message, fix=_relabel(e, expected, delimiters.get(e.depth)))


def _restarts(entries: list[_Numbered]) -> dict[int, bool]:
    """Per depth below the top: True when most groups of siblings after the first start again at 1."""
    votes: dict[int, Counter] = defaultdict(Counter)
    last: dict[int, int] = {}
    seen: set[tuple[int, int | None]] = set()
    for e in entries:
        if e.depth == 0:
            continue
        key = (e.depth, e.parent)
        if key not in seen:
            seen.add(key)
            if e.depth in last:
                votes[e.depth]["restart" if e.n == 1 else "continue" if e.n == last[e.depth] + 1 else "other"] += 1
        last[e.depth] = e.n
    return {d: v["restart"] >= v["continue"] for d, v in votes.items()}


@rule("numbering.restart", "numbering", Severity.WARNING, "各部分编号方式不一致（有的重新编号，有的连续编号）")
def restart_mixed(doc: CheckDoc) -> Iterator[Hit]:
    entries = _numbered(doc)
    restart = _restarts(entries)
    last: dict[int, int] = {}
    seen: set[tuple[int, int | None]] = set()
    for e in entries:
        if e.depth == 0:
            continue
        key = (e.depth, e.parent)
        if key not in seen:
            seen.add(key)
            if e.depth in last and restart.get(e.depth) is False and e.n == 1:
                text = doc.paragraphs[e.para].text
                yield Hit(e.para, 0, len(e.written), "其他部分的条目是连续编号，这一部分却重新从 1 开始",
                          hint=f"按全文连续编号应为「{_relabel(e, last[e.depth] + 1)}」" if text else None)
        last[e.depth] = e.n


def _level_delimiters(entries: list[_Numbered]) -> dict[int, str]:
    """The delimiter most labels of each Arabic-numbered level use: . 、 or ．"""
    counts: dict[int, Counter] = defaultdict(Counter)
    for e in entries:
        if e.style in (LabelStyle.DIGIT_DOT, LabelStyle.DIGIT_COMMA):
            counts[e.depth][_delimiter(e.written)] += 1
    return {d: c.most_common(1)[0][0] for d, c in counts.items()}


@rule("numbering.mixed", "numbering", Severity.ERROR, "同一层次的编号混用“1.”“1、”“1．”", fixes=True)
def mixed_delimiters(doc: CheckDoc) -> Iterator[Hit]:
    entries = _numbered(doc)
    majority = _level_delimiters(entries)
    for e in entries:
        if e.style not in (LabelStyle.DIGIT_DOT, LabelStyle.DIGIT_COMMA):
            continue
        mark = _delimiter(e.written)
        want = majority.get(e.depth)
        if want and mark != want:
            text = doc.paragraphs[e.para].text
            at = text.find(e.written)
            yield Hit(e.para, at, at + len(e.written), f"同一层次的编号多用「{want}」，这里用了「{mark}」",
                      fix=f"{e.n}{want}")


@rule("numbering.skipped-level", "numbering", Severity.WARNING, "层次跳级（一、之下直接用（1））")
def skipped_level(doc: CheckDoc) -> Iterator[Hit]:
    entries = _numbered(doc)
    for e in entries:
        if e.parent is None:
            continue
        parent = entries[e.parent]
        gap = STYLE_LEVEL[e.style] - STYLE_LEVEL[parent.style]
        # 一、 → 1. is common practice (two levels); 一、 → （1） or （一） → （1） skips a level
        if gap > 1 and not (parent.style is LabelStyle.CN_COMMA and e.style in (LabelStyle.DIGIT_DOT,
                                                                                LabelStyle.DIGIT_COMMA)):
            yield Hit(e.para, 0, len(e.written), f"层次跳级：「{parent.written}」之下直接用了「{e.written}」",
                      hint="结构层次依次为 一、（一）1.（1）")


@rule("numbering.heading-end", "numbering", Severity.ERROR, "一级标题末尾加了句号，或与正文连在一起", fixes=True)
def heading_end(doc: CheckDoc) -> Iterator[Hit]:
    for e in _numbered(doc):
        if e.depth != 0:
            continue
        text = doc.paragraphs[e.para].text
        body = text[len(e.written):]
        first = body.find("。")
        if first < 0:
            continue
        start = len(e.written)
        if len(body) > HEADING_MAX:  # too long for a heading: its first paragraph runs on in it
            yield Hit(e.para, start, start + first + 1, "一级标题与正文连在了一起", hint="请把标题单独作为一段，正文另起一段")
        elif first == len(body) - 1:
            yield Hit(e.para, start + first, start + first + 1, "一级标题末尾不加句号", fix="")


HEADING_MAX = 40  # characters: a level-1 heading ("聚焦“两个确立”，全面加强政治建设") is far shorter
