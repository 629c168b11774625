"""Where a long title breaks: balanced lines in a trapezoid or diamond, never inside a word.

GB/T 9704 7.2: a title over several lines is arranged as a trapezoid (upper lines
longer) or a diamond (middle line longest), and a line break must not split a word.
Word wraps at the last character that fits instead, leaving a full line over a stub,
so the docx writer puts explicit line breaks where this module says.

Without a dictionary, word boundaries come from what titles are made of: a break may
follow punctuation, the function words 年/的/和/与/及/暨, or one of the common title
words below, and may never fall inside a run of digits or Latin letters.

Which breaks: of the splits into the fewest lines the width allows (or one more, if that
scores better by more than _EXTRA_LINE), the one with the lowest _score: lines close to
their mean width, in a trapezoid or diamond (an inverted shape costs _INVERTED). Trying
every combination of break positions, as this module first did, is exponential in the
number of lines: seconds to minutes for a 150-character title, and a pasted paragraph
never finished. Users paste long titles, so the search is a dynamic programme
(_Splitter), linear in the title's length:

- With the number of lines n fixed, the mean is total/n, so the squared deviations sum
  to sum(w²) - total²/n: each line adds its own w², independently of the others.
- The shape is the only coupling between lines, and it needs just the line above: its
  width and whether the widths have started to fall (rising then falling is a diamond,
  falling from the start a trapezoid). That goes into the DP state.
- Only lines that fit are transitions, a line's worth of break positions per position,
  and line k can only end where k lines hold what precedes and n - k lines what follows,
  a window about a line wide. The work is thus about lines × window × positions per line.
- Before any of it, one greedy pass gives the fewest lines that fit: a paragraph that
  needs more than one line over the minimum is left to Word at once.

Widths are counted in half characters, so the DP's sums are exact integers: an equal
score is a real tie, and ties go to the split with the earliest breaks, the one the
exhaustive search would have met first.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from itertools import accumulate

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
        if before in _AFTER_CHARS or title.endswith(_AFTER_WORDS, 0, i):  # no copy of title[:i]
            out.append(i)
    return out


_INVERTED = 100  # an inverted trapezoid only when nothing else fits
_EXTRA_LINE = 50  # one line more than needed only if it looks better by this much
_INF = math.inf


def _score(widths: list[float]) -> float:
    """Lower is better: balanced lines, upper ones not shorter (trapezoid) or a diamond.

    The definition of the best split; _Splitter finds its minimum without trying every split.
    """
    mean = sum(widths) / len(widths)
    score = sum((w - mean) ** 2 for w in widths)
    decreasing = all(a >= b for a, b in zip(widths, widths[1:]))
    middle = widths.index(max(widths))
    diamond = len(widths) >= 3 and 0 < middle < len(widths) - 1 and all(
        a <= b for a, b in zip(widths[:middle], widths[1 : middle + 1])
    ) and all(a >= b for a, b in zip(widths[middle:], widths[middle + 1 :]))
    if not (decreasing or diamond):
        score += _INVERTED
    return score


def title_lines(title: str, per_line: float = TITLE_CHARS_PER_LINE) -> list[str]:
    """The title split into lines for the docx (one line when it fits)."""
    total = text_width_chars(title)
    if total <= per_line:
        return [title]
    count = math.ceil(total / per_line)
    splitter = _Splitter(title, per_line)
    fewest = splitter.fewest()
    best: tuple[float, list[str]] | None = None
    if fewest is not None:
        for n in range(max(count, fewest), min(count + 1, splitter.most()) + 1):
            if best is not None and best[0] <= _EXTRA_LINE:
                break  # no score is negative: one line more cannot win
            lines = splitter.best(n)
            score = _score([text_width_chars(line) for line in lines]) + (_EXTRA_LINE if n > count else 0)
            if best is None or score < best[0]:
                best = (score, lines)
    return best[1] if best else [title]  # no good break: let Word wrap it


class _Splitter:
    """The best split of one title into n lines that fit, by dynamic programming.

    Nodes are where lines may start and end (0, every break position, len(title)); x[j]
    is the width of the title before node j, in half characters.
    """

    def __init__(self, title: str, per_line: float):
        self.title = title
        self.nodes = [0, *break_positions(title), len(title)]
        half = {ch: round(2 * text_width_chars(ch)) for ch in set(title)}
        upto = [0]
        for ch in title:
            upto.append(upto[-1] + half[ch])
        self.x = x = [upto[i] for i in self.nodes]
        cap = 2 * per_line
        # A line from node j may end at nodes j+1 .. reach[j]-1, and a line ending at node j
        # may start at nodes back[j] .. j-1: only lines that fit, a bounded number per node.
        self.reach = [bisect_right(x, xj + cap) for xj in x]
        self.back = [bisect_left(x, xj - cap) for xj in x]

    def fewest(self) -> int | None:
        """The fewest lines that fit (each as long as fits), None if the text between two
        breaks is wider than a line. Any number from this up to most() fits too."""
        j, lines, last = 0, 0, len(self.x) - 1
        while j < last:
            if self.reach[j] - 1 == j:
                return None
            j, lines = self.reach[j] - 1, lines + 1
        return lines

    def most(self) -> int:
        """The most lines: one between every two breaks."""
        return len(self.x) - 1

    def best(self, n: int) -> list[str]:
        """The best split into n lines, for fewest() <= n <= most()."""
        x, reach, last = self.x, self.reach, len(self.x) - 1
        # Line k can end at node j only if k lines can hold what comes before and n - k lines
        # what comes after: j no further than k greedy (as long as fits) lines reach from
        # the start, and no nearer than n - k greedy lines reach back from the end. With n
        # at most one more than needed, that window is about a line wide however long the
        # title, so the tables below grow linearly with it.
        ahead, behind = [0], [last]
        for _ in range(n):
            ahead.append(reach[ahead[-1]] - 1)
            behind.append(self.back[behind[-1]])
        window = [range(max(behind[n - k], k), min(ahead[k], last - (n - k)) + 1) for k in range(n + 1)]

        def ends(k: int, j: int) -> range:
            """Where line k + 1 may end when it starts at node j."""
            return range(max(j + 1, window[k + 1].start), min(reach[j], window[k + 1].stop))

        # With n fixed, the mean width total/n is fixed too and sum((w - mean)²) equals
        # sum(w²) - total²/n: the best split has the least sum of squared widths. The tables
        # hold, for line k ending at node j, the least sum(w²) of the lines after it (the
        # cost to go), filled from the last line up.
        steps = self._shaped(n, window, ends)

        def shaped_after(k: int, j: int, h: int, rising: bool) -> float:
            """The cost to go after line k, which ends at node j and is h wide."""
            if k == n:
                return 0
            if j not in steps[k]:
                return _INF
            widths, narrowest, risen = steps[k][j]
            if rising and k < n - 1:
                return risen[bisect_left(widths, h)]
            return narrowest[bisect_right(widths, h)]

        firsts = [(q, x[q]) for q in ends(0, 0)]
        shaped = min(w * w + shaped_after(1, q, w, True) for q, w in firsts)
        candidates = []  # both if they tie: then the earlier breaks, as in the exhaustive search
        if shaped < _INF:
            candidates.append((shaped, self._walk(n, shaped, ends, shaped_after)))
        # An inverted shape costs _INVERTED more, and no split has a smaller sum(w²) than
        # total²/n (all lines equal): only a shaped split that far off balance can lose.
        if shaped == _INF or n * shaped - x[last] ** 2 >= 4 * _INVERTED * n:
            free = self._free(n, window, ends)

            def free_after(k: int, j: int, h: int, rising: bool) -> float:
                return free[k].get(j, _INF)

            anyhow = min(w * w + free[1].get(q, _INF) for q, w in firsts)
            cuts = self._walk(n, anyhow, ends, free_after, shaped=False)
            candidates.append((anyhow + 4 * _INVERTED, cuts))
        cuts = min(candidates)[1]
        bounds = [self.nodes[j] for j in (0, *cuts, last)]
        return [self.title[a:b] for a, b in zip(bounds, bounds[1:])]

    def _shaped(self, n: int, window: list[range], ends) -> list[dict]:
        """Cost-to-go tables for splits in a trapezoid or diamond.

        Whether the next line may be wider depends on line k's width h: as long as the widths
        have not fallen, the next line may be as wide or wider (still rising) or narrower
        (now falling); once they have fallen, no line may be wider than the one above; and
        the last line is never wider than the one above (that would be an inverted trapezoid,
        or a diamond with its widest line at the bottom). So the cost to go after (k, j) is a
        step function of h, kept in steps[k][j] as the widths of the possible next lines
        (ascending) with, for each count of them, the best continuation using only lines up
        to that (narrowest: what a fallen shape may take), and the best for a still-rising
        shape (risen): narrower ones fall, the rest keep rising. A bisection at h reads it.
        """
        x, last = self.x, len(self.x) - 1
        steps: list[dict[int, tuple[list[int], list[float], list[float]]]] = [{} for _ in range(n + 1)]
        for j in window[n - 1]:  # the last line
            if self.reach[j] > last:
                w = x[last] - x[j]
                steps[n - 1][j] = ([w], [_INF, w * w], [_INF, w * w])
        for k in range(n - 2, 0, -1):
            then, then_last = steps[k + 1], k + 1 == n - 1
            for j in window[k]:
                qs = ends(k, j)
                if not qs:
                    continue
                xj = x[j]
                widths = [x[q] - xj for q in qs]
                fallen, rising = [], []
                for w, q in zip(widths, qs):  # the hot loop: shaped_after() written out
                    step = then.get(q)
                    if step is None:
                        fallen.append(_INF)
                        rising.append(_INF)
                        continue
                    ws, narrowest, risen = step
                    fallen.append(w * w + narrowest[bisect_right(ws, w)])
                    if then_last:  # the last line: not wider than this one, rising or not
                        rising.append(fallen[-1])
                    else:
                        rising.append(w * w + risen[bisect_left(ws, w)])
                narrowest = list(accumulate(fallen, min, initial=_INF))
                widest = list(accumulate(reversed(rising), min, initial=_INF))
                steps[k][j] = (widths, narrowest, list(map(min, narrowest, reversed(widest))))
        return steps

    def _free(self, n: int, window: list[range], ends) -> list[dict[int, float]]:
        """Cost-to-go tables for splits in any shape."""
        x, last = self.x, len(self.x) - 1
        free: list[dict[int, float]] = [{} for _ in range(n + 1)]
        free[n][last] = 0
        for k in range(n - 1, 0, -1):
            below = free[k + 1]
            for j in window[k]:
                costs = [(x[q] - x[j]) ** 2 + below.get(q, _INF) for q in ends(k, j)]
                if costs:
                    free[k][j] = min(costs)
        return free

    def _walk(self, n: int, target: float, ends, after, shaped: bool = True) -> list[int]:
        """The inner break nodes of a split whose cost by the tables (read through *after*)
        is *target*: at each line the earliest end that still reaches it, so the first of
        equally good splits."""
        x = self.x
        cuts, j, h, rising = [], 0, 0, True
        for k in range(n):
            for q in ends(k, j):
                w = x[q] - x[j]
                if shaped and k > 0 and (not rising or k == n - 1) and w > h:
                    continue  # wider than the line above
                keep = k == 0 or (rising and w >= h)
                rest = after(k + 1, q, w, keep)
                if w * w + rest == target:
                    break
            else:
                raise AssertionError("the cost tables and the walk disagree")
            cuts.append(q)
            j, h, rising, target = q, w, keep, rest
        return cuts[:-1]
