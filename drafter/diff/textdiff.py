"""Character diffs for Chinese text, read as whole phrases replaced rather than confetti.

Chinese has no spaces, so a "word" diff that splits on ``\\w+`` sees a whole clause as one
token (the known failure of the Python redline tools). Here every Chinese character is a
token of its own, while a number ("6.5", "2023") and a Latin word stay whole, so that
6.5 → 7 reads as one replacement, not "6" kept and ".5" → "". The diff is Myers' O(ND)
algorithm on those tokens, fast when the texts are close (what a redline mostly compares);
past a bound on the edits, difflib's matching blocks, quicker for texts far apart. A
semantic clean-up then folds the short equalities that a character diff finds inside a
rewritten clause (的, 和, 党) into the replacement around them, so the redline shows
"巩固拓展党史学习教育成果" → "深入学习宣传贯彻党的二十大精神" and not alternating fragments.

:func:`diff` gives opcodes over character offsets (like difflib's ``get_opcodes``);
:func:`similarity` is the ratio 2·matches / (len(a) + len(b)) or None below a threshold,
computed with the bound, for the alignment to call on many candidate pairs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["Edit", "TextDiff", "diff", "matching_pairs", "similarity", "tokenize"]

# A run of Latin letters and digits (half- or full-width: 2023, 5G, PDF), with a decimal part
# (6.5), is one token; anything else is one character.
_TOKEN = re.compile(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ]+(?:[.．][0-9０-９]+)*")
# Multi-character tokens are mapped to characters of Unicode plane 15 (private use), so
# the diff runs on plain strings: slicing and comparing them is done in C.
_PRIVATE = 0xF0000
_CLAUSE_MARKS = "，。；：！？,;:!?"
MAX_EDITS = 400  # beyond this many token insertions + deletions, difflib's matching blocks instead of Myers


@dataclass(frozen=True)
class Edit:
    """One opcode: ``old[old_start:old_end]`` becomes ``new[new_start:new_end]``.

    ``op`` is "equal", "replace", "delete" or "insert"; offsets are in characters.
    """

    op: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old: str = ""
    new: str = ""

    def as_dict(self) -> dict:
        return {"op": self.op, "old_start": self.old_start, "old_end": self.old_end, "new_start": self.new_start,
                "new_end": self.new_end, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class TextDiff:
    """The diff of two texts: every opcode (equal ones too) in order, and the similarity."""

    old: str
    new: str
    opcodes: tuple[Edit, ...]
    ratio: float

    @property
    def changes(self) -> list[Edit]:
        """The opcodes that are not equal."""
        return [e for e in self.opcodes if e.op != "equal"]

    @property
    def same(self) -> bool:
        return self.old == self.new


def tokenize(text: str, codes: dict[str, str] | None = None) -> tuple[str, list[int]]:
    """*text* as one character per token, and the character offset where each token starts.

    *codes* maps multi-character tokens to their stand-in characters; pass the same dict
    for both texts of a diff so that equal tokens get equal stand-ins."""
    codes = {} if codes is None else codes
    out: list[str] = []
    starts: list[int] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        for i in range(pos, m.start()):
            out.append(text[i])
            starts.append(i)
        token = m.group()
        if len(token) == 1:
            out.append(token)
        else:
            code = codes.get(token)
            if code is None:
                # past 65,533 distinct tokens the stand-ins wrap: two different numbers may then
                # compare equal inside the diff, and _check turns the result into one replacement
                code = codes[token] = chr(_PRIVATE + len(codes) % 0xFFFD)
            out.append(code)
        starts.append(m.start())
        pos = m.end()
    for i in range(pos, len(text)):
        out.append(text[i])
        starts.append(i)
    return "".join(out), starts


def _snake(a: str, x: int, b: str, y: int) -> int:
    """The length of the common run of a[x:] and b[y:]."""
    n, m = len(a), len(b)
    k = 0
    while x + k < n and y + k < m and a[x + k] == b[y + k]:
        k += 1
        if k == 8:  # a long run: gallop with slices, compared in C
            step = 16
            while x + k + step <= n and y + k + step <= m and a[x + k:x + k + step] == b[y + k:y + k + step]:
                k += step
                step *= 2
            while step > 1:
                step //= 2
                if x + k + step <= n and y + k + step <= m and a[x + k:x + k + step] == b[y + k:y + k + step]:
                    k += step
            while x + k < n and y + k < m and a[x + k] == b[y + k]:
                k += 1
            break
    return k


def _myers(a: str, b: str, max_d: int) -> list[tuple[str, int]] | None:
    """The shortest edit script of *a* → *b* as runs ("=", "-", "+", length), or None when it
    needs more than *max_d* insertions and deletions."""
    n, m = len(a), len(b)
    max_d = min(max_d, n + m)
    offset = max_d + 1
    v = [0] * (2 * max_d + 3)
    trace: list[list[int]] = []
    for d in range(max_d + 1):
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1]):
                x = v[offset + k + 1]
            else:
                x = v[offset + k - 1] + 1
            y = x - k
            if x < n and y < m and a[x] == b[y]:
                x += _snake(a, x, b, y)
            v[offset + k] = x
            if x >= n and x - k >= m:
                trace.append(v[offset - d:offset + d + 1])
                return _backtrack(trace, n, m)
        trace.append(v[offset - d:offset + d + 1])
    return None


def _backtrack(trace: list[list[int]], n: int, m: int) -> list[tuple[str, int]]:
    """Runs of the edit script from Myers' trace (trace[d][k + d] = furthest x on diagonal k)."""
    runs: list[tuple[str, int]] = []

    def push(kind: str, length: int) -> None:
        if length <= 0:
            return
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + length)
        else:
            runs.append((kind, length))

    x, y = n, m
    for d in range(len(trace) - 1, 0, -1):
        prev = trace[d - 1]
        k = x - y

        def at(kk: int) -> int:
            return prev[kk + d - 1]

        if k == -d or (k != d and at(k - 1) < at(k + 1)):
            prev_k = k + 1  # came down: an insertion
        else:
            prev_k = k - 1  # came right: a deletion
        prev_x = at(prev_k)
        prev_y = prev_x - prev_k
        start_x = prev_x if prev_k == k + 1 else prev_x + 1
        push("=", x - start_x)
        if prev_k == k + 1:
            push("+", 1)
        else:
            push("-", 1)
        x, y = prev_x, prev_y
    push("=", x)
    runs.reverse()
    return runs


def _hunks(runs: list[tuple[str, int]], a_base: int = 0, b_base: int = 0) -> list[list[int]]:
    """Runs as alternating hunks [is_change, a_start, a_end, b_start, b_end] (token offsets)."""
    hunks: list[list[int]] = []
    i, j = a_base, b_base
    for kind, length in runs:
        if kind == "=":
            hunks.append([0, i, i + length, j, j + length])
            i += length
            j += length
            continue
        if not hunks or hunks[-1][0] == 0:
            hunks.append([1, i, i, j, j])
        if kind == "-":
            i += length
        else:
            j += length
        hunks[-1][2], hunks[-1][4] = i, j
    return hunks


def _cleanup(hunks: list[list[int]], a: str, b: str, old: str, a_starts: list[int],
             numbers: set[str]) -> list[list[int]]:
    """Fold short equalities between two changes into them (diff-match-patch's semantic
    clean-up): an equality no longer, in tokens, than the larger side of the change before it
    and of the change after it is noise inside a rewritten phrase (the 十 and 大 of
    十九大和十九届历次全会 → 二十大). Two kinds stay: an equality that holds a clause mark
    (，。；), where the clauses of a rewrite meet, and one beside a number changed into another
    number (绿春 + 县 + 2022→2023): a changed value reads best on its own."""

    def size(h: list[int]) -> int:
        return max(h[2] - h[1], h[4] - h[3])

    def clause(h: list[int]) -> bool:
        text = old[_offset(a_starts, h[1], len(old)):_offset(a_starts, h[2], len(old))]
        return any(ch in _CLAUSE_MARKS for ch in text)

    def number(h: list[int]) -> bool:
        return h[2] - h[1] == 1 and h[4] - h[3] == 1 and a[h[1]] in numbers and b[h[3]] in numbers

    changed = True
    while changed:
        changed = False
        out: list[list[int]] = []
        i = 0
        while i < len(hunks):
            h = hunks[i]
            if (h[0] == 0 and out and out[-1][0] == 1 and i + 1 < len(hunks) and hunks[i + 1][0] == 1
                    and size(h) <= size(out[-1]) and size(h) <= size(hunks[i + 1]) and not clause(h)
                    and not number(out[-1]) and not number(hunks[i + 1])):
                nxt = hunks[i + 1]
                out[-1] = [1, out[-1][1], nxt[2], out[-1][3], nxt[4]]
                i += 2
                changed = True
                continue
            out.append(h)
            i += 1
        hunks = out
    return hunks


def _trim(a: str, b: str) -> tuple[int, int]:
    """The lengths of the common prefix and (after it) the common suffix of *a* and *b*."""
    top = min(len(a), len(b))
    pre = _snake(a, 0, b, 0)
    suf = 0
    while suf < top - pre and a[len(a) - 1 - suf] == b[len(b) - 1 - suf]:
        suf += 1
    return pre, suf


def _runs(a: str, b: str, max_edits: int) -> list[tuple[str, int]]:
    """The edit script of *a* → *b*: Myers' when it needs at most *max_edits* edits, else
    difflib's matching blocks (far-apart texts: quicker there, and about as readable once
    the clean-up has folded the small equalities)."""
    if not a or not b:
        return [("-", len(a)), ("+", len(b))]
    runs = _myers(a, b, max_edits)
    if runs is not None:
        return runs
    from difflib import SequenceMatcher

    out: list[tuple[str, int]] = []
    i = j = 0
    for bi, bj, size in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        out += [("-", bi - i), ("+", bj - j), ("=", size)]
        i, j = bi + size, bj + size
    return [r for r in out if r[1]]


def diff(old: str, new: str, *, max_edits: int = MAX_EDITS) -> TextDiff:
    """The character diff of *old* → *new*, numbers and Latin words kept whole."""
    if old == new:
        ops = (Edit("equal", 0, len(old), 0, len(new), old, new),) if old else ()
        return TextDiff(old, new, ops, 1.0)
    codes: dict[str, str] = {}
    a, a_starts = tokenize(old, codes)
    b, b_starts = tokenize(new, codes)
    pre, suf = _trim(a, b)  # the common ends first: the diff then works on the middle only
    runs = _runs(a[pre:len(a) - suf], b[pre:len(b) - suf], max_edits)
    hunks = ([[0, 0, pre, 0, pre]] if pre else []) + _hunks(runs, pre, pre)
    if suf:
        hunks.append([0, len(a) - suf, len(a), len(b) - suf, len(b)])
    # the similarity is that of the shortest edit script, before the clean-up folds equalities
    raw = [h for h in hunks if h[0] == 0]
    matched = sum(_offset(a_starts, h[2], len(old)) - _offset(a_starts, h[1], len(old)) for h in raw)
    numbers = {code for token, code in codes.items() if token[0].isdigit()} | set("0123456789０１２３４５６７８９")
    hunks = _merge(_cleanup(_merge(hunks), a, b, old, a_starts, numbers))
    ops = []
    for is_change, i1, i2, j1, j2 in hunks:
        o1, o2 = _offset(a_starts, i1, len(old)), _offset(a_starts, i2, len(old))
        n1, n2 = _offset(b_starts, j1, len(new)), _offset(b_starts, j2, len(new))
        if o1 == o2 and n1 == n2:
            continue
        op = "equal" if not is_change else "replace" if o1 < o2 and n1 < n2 else "delete" if o1 < o2 else "insert"
        ops.append(Edit(op, o1, o2, n1, n2, old[o1:o2], new[n1:n2]))
    if _check(old, new, ops) is not ops:
        ops, matched = _check(old, new, ops), 0
    return TextDiff(old, new, tuple(ops), 2 * matched / (len(old) + len(new)))


def _merge(hunks: list[list[int]]) -> list[list[int]]:
    """Adjacent hunks of the same kind as one."""
    out: list[list[int]] = []
    for h in hunks:
        if h[1] == h[2] and h[3] == h[4]:
            continue
        if out and out[-1][0] == h[0]:
            out[-1] = [h[0], out[-1][1], h[2], out[-1][3], h[4]]
        else:
            out.append(list(h))
    return out


def _offset(starts: list[int], token: int, total: int) -> int:
    return starts[token] if token < len(starts) else total


def _check(old: str, new: str, ops: list[Edit]) -> list[Edit]:
    """Equal opcodes must be equal text (a wrapped token code could fake one): else one replacement."""
    if all(e.old == e.new for e in ops if e.op == "equal"):
        return ops
    return [Edit("replace", 0, len(old), 0, len(new), old, new)]


def similarity(old: str, new: str, threshold: float = 0.0) -> float | None:
    """2·(matching characters) / (len(old) + len(new)), or None when that is below *threshold*.

    Found without finishing a diff that cannot reach the threshold: an upper bound from the
    lengths and the characters the texts share first, then Myers bounded by the edits the
    threshold allows (beyond :data:`MAX_EDITS`, difflib's ratio of the middle)."""
    total = len(old) + len(new)
    if old == new:
        return 1.0
    if 2 * min(len(old), len(new)) / total < threshold:
        return None
    if threshold > 0:
        shared = Counter(old) & Counter(new)
        if 2 * sum(shared.values()) / total < threshold:
            return None
    codes: dict[str, str] = {}
    a, a_starts = tokenize(old, codes)
    b, b_starts = tokenize(new, codes)
    pre, suf = _trim(a, b)
    mid_a, mid_b = a[pre:len(a) - suf], b[pre:len(b) - suf]
    # a bound on the edits: a token is at least one character, so more token edits than the
    # threshold allows in characters cannot reach it
    max_d = int((1 - threshold) * total) + 1
    if mid_a and mid_b:
        runs = _myers(mid_a, mid_b, min(max_d, MAX_EDITS))
        if runs is None and max_d <= MAX_EDITS:
            return None
        if runs is None:
            runs = _runs(mid_a, mid_b, 0)
    else:
        runs = [("-", len(mid_a)), ("+", len(mid_b))]
    matched = _offset(a_starts, pre, len(old)) + (len(old) - _offset(a_starts, len(a) - suf, len(old)))
    i = pre
    for kind, n in runs:
        if kind == "=":
            matched += _offset(a_starts, i + n, len(old)) - _offset(a_starts, i, len(old))
        if kind != "+":
            i += n
    ratio = 2 * matched / total
    return ratio if ratio >= threshold else None


def matching_pairs(a: list[str], b: list[str], max_edits: int = MAX_EDITS) -> list[tuple[int, int]]:
    """The pairs (i, j) of a longest common subsequence of the lists *a* and *b* (equal items,
    in order): Myers on the lists, each distinct item one character; past *max_edits*
    insertions and deletions, difflib's matching blocks. A true LCS keeps a repeated item
    paired with its own copy where difflib's longest-block-first may shift a whole period."""
    codes: dict[str, str] = {}
    for item in a + b:
        if item not in codes:
            codes[item] = chr(_PRIVATE + len(codes)) if len(codes) < 0xFFFD else chr(0x10000 + len(codes))
    x = "".join(codes[item] for item in a)
    y = "".join(codes[item] for item in b)
    pre, suf = _trim(x, y)
    out = [(k, k) for k in range(pre)]
    i = j = pre
    for kind, n in _runs(x[pre:len(x) - suf], y[pre:len(y) - suf], max_edits):
        if kind == "=":
            out += [(i + k, j + k) for k in range(n)]
            i, j = i + n, j + n
        elif kind == "-":
            i += n
        else:
            j += n
    out += [(len(x) - suf + k, len(y) - suf + k) for k in range(suf)]
    return out
