"""Pair the paragraphs of two documents and say what happened to each: the heart of `drafter diff`.

Both sides are flows of labelled paragraphs (:func:`drafter.flow.flow`), whatever they were
made from: a config's build, a .docx or a .txt read back. Paragraphs are paired in four
passes, each only among those still unpaired:

1. identity, when both sides are configs: the same block (``origin.block``, and for the
   further paragraphs of an item their place in it) is the same paragraph even when its text
   changed (2022's 增长6.5% and 2023's 增长7%); the title and the signature lines by their role;
2. the same text (without the label), in order (a longest common subsequence, so that a text
   repeated in the document pairs with its own copy), then anywhere (unchanged, moved);
3. similar text inside each gap between the pairs found so far that keep their order: an
   order-keeping alignment that maximises the summed similarity (paragraphs edited in place);
4. similar text anywhere, best pairs first (paragraphs that moved and changed), candidates
   found through the character pairs (bigrams) they share.

The order then tells kept from moved: the heaviest chain of pairs in the same order on both
sides (a longest increasing subsequence weighted by text length, so the shorter side of a
swap is the one that moved) is kept; every other pair moved. Unpaired paragraphs were
deleted or inserted.

:func:`align` returns an :class:`Alignment`: the operations (equal, changed, inserted,
deleted, moved, each with its character diff) and the merged sequence of paragraphs a
redline shows. :func:`align_edited` is the same for a config's build against a document a
leader edited, for carrying the edits back into the config (``drafter absorb``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..flow import Line, flow
from ..model import Blank, Document, Role, Text, Value
from ..numbering import parse_label
from .textdiff import TextDiff, diff, matching_pairs, similarity

__all__ = [
    "EQUAL", "CHANGED", "INSERTED", "DELETED", "MOVED", "PAIR_MIN", "MOVE_MIN",
    "Para", "Side", "Op", "ValueChange", "Alignment", "align", "align_edited", "label_change", "touched_values",
]

EQUAL, CHANGED, INSERTED, DELETED, MOVED = "equal", "changed", "inserted", "deleted", "moved"
PAIR_MIN = 0.5  # paragraphs at least this similar may be the same paragraph edited
MOVE_MIN = 0.75  # a moved paragraph at least this similar is shown as a move, else as delete + insert
_GAP_DP_MAX = 2500  # an in-gap alignment compares every pair only up to this many pairs
_CANDIDATES = 5  # the best candidates by shared bigrams whose similarity is computed, per paragraph


@dataclass(frozen=True)
class Para:
    """One paragraph of one side: its position (0-based, reading order) and its flow line."""

    index: int
    line: Line

    @property
    def label(self) -> str:
        return self.line.label

    @property
    def text(self) -> str:
        """The paragraph without its label: title sentence and body."""
        return f"{self.line.title}{self.line.body}"

    @property
    def full(self) -> str:
        """The paragraph as printed, label included."""
        return self.line.text

    @property
    def path(self) -> str:
        return self.line.path

    @property
    def role(self) -> Role:
        return self.line.role

    @property
    def content(self) -> Text:
        """Title and body as one Text (its Value spans name the parameters)."""
        return self.line.title + self.line.body


@dataclass
class Side:
    """One side of a comparison: the document, its paragraphs and where it came from.

    ``kind`` is "config" for a config's build (its paragraphs know their blocks and values),
    else the format read ("docx", "txt") or "model". ``options`` are the writer options a
    redline of this side is written with (a config's fonts and date), None for the defaults.
    """

    document: Document
    source: str = ""
    kind: str = "model"
    options: object = None
    paragraphs: list[Para] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.paragraphs:
            self.paragraphs = [Para(i, line) for i, line in enumerate(flow(self.document))]


@dataclass(frozen=True)
class ValueChange:
    """A parameter whose value differs: ``old``/``new`` as printed, None for a draft blank."""

    param: str
    old: str | None
    new: str | None
    paths: tuple[str, ...] = ()  # the NEW paragraphs where it shows (document-wide changes)

    def as_dict(self) -> dict:
        return {"param": self.param, "old": self.old, "new": self.new, "paths": list(self.paths)}


@dataclass
class Op:
    """What happened to one paragraph.

    ``kind`` is one of EQUAL, CHANGED, INSERTED, DELETED, MOVED. ``diff`` is the character diff
    of the text without labels (paired paragraphs only); ``label`` compares the labels:
    "same", "renumbered" (same style, another number: moves and insertions renumber items, no
    edit) or "changed". ``values``: when both sides are configs and the paragraph differs only
    inside values of the same parameters, those values. ``move``: the tracked move it belongs
    to (1-based) when it is shown as a move.
    """

    kind: str
    old: Para | None = None
    new: Para | None = None
    diff: TextDiff | None = None
    label: str = ""
    values: list[ValueChange] | None = None
    move: int | None = None

    @property
    def ratio(self) -> float:
        return self.diff.ratio if self.diff is not None else 0.0

    @property
    def edits(self):
        """The character edits (not the equal stretches) of the text without labels."""
        return self.diff.changes if self.diff is not None else []

    @property
    def text_changed(self) -> bool:
        return self.diff is not None and not self.diff.same

    @property
    def as_move(self) -> bool:
        """A moved paragraph shown as a tracked move (mostly unchanged), not delete + insert."""
        return self.kind == MOVED and self.ratio >= MOVE_MIN

    @property
    def path(self) -> str:
        return (self.new or self.old).path


@dataclass
class Alignment:
    """The result of :func:`align`.

    ``ops``: one operation per paragraph pair or unpaired paragraph, in reading order of the
    redline (NEW's order, a deleted paragraph where it stood in OLD, a moved one where it
    went). ``sequence``: the redline's paragraphs in order as ("old" | "new" | "both", op): a
    move appears twice, at its source ("old") and its destination ("new"), and so does a
    moved paragraph shown as delete + insert. ``values``: document-wide value changes by
    parameter (both sides configs).
    """

    old: Side
    new: Side
    ops: list[Op]
    sequence: list[tuple[str, Op]]
    values: list[ValueChange] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return all(op.kind == EQUAL and op.label == "same" for op in self.ops)

    def counts(self) -> dict[str, int]:
        out = Counter(op.kind for op in self.ops)
        return {k: out.get(k, 0) for k in (EQUAL, CHANGED, INSERTED, DELETED, MOVED)}


# -- labels and values -------------------------------------------------------------------------------
def label_change(old: str, new: str) -> str:
    """"same", "renumbered" (same numbering style, another number) or "changed"."""
    if old == new:
        return "same"
    a, b = parse_label(old) if old else None, parse_label(new) if new else None
    if a and b and a[0] is b[0] and a[2] == old and b[2] == new:
        return "renumbered"
    return "changed"


def _skeleton(text: Text) -> list:
    return [p if isinstance(p, str) else ("\0", p.param if isinstance(p, Value) else p.name) for p in text.parts]


def _value_text(part) -> str | None:
    return None if isinstance(part, Blank) else part.text


def value_changes(old: Text, new: Text) -> list[ValueChange] | None:
    """The values that differ when *old* and *new* differ only inside values of the same
    parameters, in the same places; else None."""
    if _skeleton(old) != _skeleton(new):
        return None
    out = []
    for a, b in zip(old.parts, new.parts):
        if isinstance(a, str):
            continue
        if str(a) != str(b) or type(a) is not type(b):
            param = a.param if isinstance(a, Value) else a.name
            change = ValueChange(param, _value_text(a), _value_text(b))
            if change not in out:
                out.append(change)
    return out


def _document_values(side: Side) -> dict[str, tuple[list[str | None], list[str]]]:
    """param → (its distinct values in reading order, the paths where it shows)."""
    out: dict[str, tuple[list[str | None], list[str]]] = {}
    for para in side.paragraphs:
        for part in para.content.parts:
            if isinstance(part, str):
                continue
            param = part.param if isinstance(part, Value) else part.name
            values, paths = out.setdefault(param, ([], []))
            text = _value_text(part)
            if text not in values:
                values.append(text)
            if para.path not in paths:
                paths.append(para.path)
    return out


def document_value_changes(old: Side, new: Side) -> list[ValueChange]:
    """Parameters present on both sides whose values differ, in NEW's reading order."""
    a, b = _document_values(old), _document_values(new)
    out = []
    for param, (values, paths) in b.items():
        if param in a and a[param][0] != values:
            before = "、".join("**" if v is None else v for v in a[param][0]) if len(a[param][0]) > 1 else a[param][0][0]
            after = "、".join("**" if v is None else v for v in values) if len(values) > 1 else values[0]
            out.append(ValueChange(param, before, after, tuple(paths)))
    return out


def touched_values(text: Text, start: int, end: int) -> list[tuple[Value, int, int]]:
    """The Value spans of *text* that the characters [start, end) touch, with each span's own
    offsets in the text (for carrying an edit back to a parameter: ``drafter absorb``).
    An insertion (start == end) touches a value it falls inside or at either end of."""
    out = []
    pos = 0
    for part in text.parts:
        length = len(str(part))
        if isinstance(part, Value):
            inside = start < pos + length and end > pos if start < end else pos <= start <= pos + length
            if inside:
                out.append((part, pos, pos + length))
        pos += length
    return out


# -- the passes --------------------------------------------------------------------------------------
_MORE = re.compile(r"(\.more\[\d+\])$")


def _identity(para: Para):
    """The key that names the same paragraph in two builds of configs, or None."""
    role = para.role
    if role in (Role.TITLE, Role.ISSUER, Role.DATE):
        return (role.value,)
    origin = para.line.origin
    if origin is None or not origin.block:
        return None
    more = _MORE.search(para.path)
    return ("block", origin.block, more.group(1) if more else "")


def _pair_in_order(old: list[Para], new: list[Para], key, pairs: dict[int, int], used: set[int]) -> None:
    """Pair unpaired paragraphs with equal keys, the n-th of OLD with the n-th of NEW."""
    waiting: dict[object, list[int]] = defaultdict(list)
    for p in new:
        if p.index not in used:
            k = key(p)
            if k is not None:
                waiting[k].append(p.index)
    taken: dict[object, int] = defaultdict(int)
    for p in old:
        if p.index in pairs:
            continue
        k = key(p)
        if k is None or k not in waiting:
            continue
        queue = waiting[k]
        n = taken[k]
        if n < len(queue):
            pairs[p.index] = queue[n]
            used.add(queue[n])
            taken[k] = n + 1


def _pair_equal_text(old: list[Para], new: list[Para], pairs: dict[int, int], used: set[int]) -> None:
    """Pass 2: unchanged paragraphs in order, a longest common subsequence of the two lists of
    texts: a text repeated in the document pairs with its own copy (the n-th occurrence in OLD
    is not the n-th in NEW when one copy was edited)."""
    rest_old = [p for p in old if p.index not in pairs]
    rest_new = [p for p in new if p.index not in used]
    for i, j in matching_pairs([p.text for p in rest_old], [p.text for p in rest_new]):
        pairs[rest_old[i].index] = rest_new[j].index
        used.add(rest_new[j].index)


def _heaviest_chain(pairs: list[tuple[int, int]], weight) -> set[tuple[int, int]]:
    """The pairs (old, new) that form the heaviest chain increasing on both sides.

    *pairs* sorted by new index; a Fenwick tree over old indexes gives, for each pair, the
    best chain ending below its old index: O(n log n)."""
    if not pairs:
        return set()
    size = max(o for o, _ in pairs) + 2
    tree_w = [0.0] * (size + 1)
    tree_i = [-1] * (size + 1)
    best_w = [0.0] * len(pairs)
    back = [-1] * len(pairs)
    for idx, (o, n) in enumerate(pairs):
        # prefix max over old indexes < o
        i, w, arg = o, 0.0, -1
        while i > 0:
            if tree_w[i] > w:
                w, arg = tree_w[i], tree_i[i]
            i -= i & -i
        best_w[idx] = w + weight(o, n)
        back[idx] = arg
        i = o + 1
        while i <= size:
            if best_w[idx] > tree_w[i]:
                tree_w[i], tree_i[i] = best_w[idx], idx
            i += i & -i
    end = max(range(len(pairs)), key=lambda k: best_w[k])
    chain = set()
    while end != -1:
        chain.add(pairs[end])
        end = back[end]
    return chain


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def _pair_gaps(old: list[Para], new: list[Para], pairs: dict[int, int], used: set[int]) -> None:
    """Pass 3: inside each gap between kept pairs, align the unpaired paragraphs in order."""
    anchors = sorted(_heaviest_chain(sorted(((o, n) for o, n in pairs.items()), key=lambda p: p[1]),
                                     lambda o, n: 1 + len(old[o].text)))
    anchors = [(-1, -1)] + anchors + [(len(old), len(new))]
    for (o1, n1), (o2, n2) in zip(anchors, anchors[1:]):
        gap_old = [p for p in old[o1 + 1:o2] if p.index not in pairs]
        gap_new = [p for p in new[n1 + 1:n2] if p.index not in used]
        if not gap_old or not gap_new or len(gap_old) * len(gap_new) > _GAP_DP_MAX:
            continue
        score = [[similarity(a.text, b.text, PAIR_MIN) or 0.0 for b in gap_new] for a in gap_old]
        # an order-keeping alignment with the largest summed similarity (Needleman–Wunsch without gap costs)
        rows, cols = len(gap_old), len(gap_new)
        best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
        for i in range(rows - 1, -1, -1):
            for j in range(cols - 1, -1, -1):
                take = best[i + 1][j + 1] + score[i][j] if score[i][j] else 0.0
                best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
        i = j = 0
        while i < rows and j < cols:
            if score[i][j] and best[i][j] == best[i + 1][j + 1] + score[i][j]:
                pairs[gap_old[i].index] = gap_new[j].index
                used.add(gap_new[j].index)
                i += 1
                j += 1
            elif best[i][j] == best[i + 1][j]:
                i += 1
            else:
                j += 1


def _pair_similar(old: list[Para], new: list[Para], pairs: dict[int, int], used: set[int]) -> None:
    """Pass 4: the remaining paragraphs, best pairs first, wherever they are."""
    rest_old = [p for p in old if p.index not in pairs and p.text]
    rest_new = [p for p in new if p.index not in used and p.text]
    if not rest_old or not rest_new:
        return
    grams = {p.index: _bigrams(p.text) for p in rest_new}
    index: dict[str, list[int]] = defaultdict(list)
    for n, gs in grams.items():
        for g in gs:
            index[g].append(n)
    common = max(3, len(rest_new) // 2)  # bigrams in most paragraphs (工作, 党的) say nothing
    found = []
    for a in rest_old:
        mine = _bigrams(a.text)
        shared: Counter = Counter()
        for g in mine:
            hits = index.get(g)
            if hits and len(hits) <= common:
                shared.update(hits)
        ranked = sorted(shared.items(), key=lambda kv: -2 * kv[1] / (len(mine) + len(grams[kv[0]])))
        for n, _ in ranked[:_CANDIDATES]:
            ratio = similarity(a.text, new[n].text, PAIR_MIN)
            if ratio is not None:
                found.append((ratio, -abs(a.index - n), a.index, n))
    for ratio, _, o, n in sorted(found, reverse=True):
        if o not in pairs and n not in used:
            pairs[o] = n
            used.add(n)


# -- the whole -------------------------------------------------------------------------------------------
def align(old: Side | Document, new: Side | Document) -> Alignment:
    """Pair the paragraphs of *old* and *new* and classify each (see the module docstring)."""
    old = old if isinstance(old, Side) else Side(old)
    new = new if isinstance(new, Side) else Side(new)
    a, b = old.paragraphs, new.paragraphs
    pairs: dict[int, int] = {}
    used: set[int] = set()
    configs = old.kind == "config" and new.kind == "config"
    if configs:
        _pair_in_order(a, b, _identity, pairs, used)
    _pair_equal_text(a, b, pairs, used)
    _pair_in_order(a, b, lambda p: p.text, pairs, used)  # unchanged paragraphs that moved
    _pair_gaps(a, b, pairs, used)
    _pair_similar(a, b, pairs, used)
    ordered = sorted(pairs.items(), key=lambda p: p[1])
    kept = _heaviest_chain(ordered, lambda o, n: 1 + len(a[o].text))

    ops_by_old: dict[int, Op] = {}
    ops_by_new: dict[int, Op] = {}
    for o, n in ordered:
        op = _paired(a[o], b[n], (o, n) in kept, configs)
        ops_by_old[o] = ops_by_new[n] = op
    for p in a:
        if p.index not in ops_by_old:
            ops_by_old[p.index] = Op(DELETED, old=p)
    for p in b:
        if p.index not in ops_by_new:
            ops_by_new[p.index] = Op(INSERTED, new=p)

    sequence = _merge(a, b, sorted(kept, key=lambda p: p[1]), ops_by_old, ops_by_new)
    _number_moves(sequence)
    ops = []
    for where, op in sequence:
        if where == "both" or (where == "new" and op.kind in (INSERTED, MOVED)) or (where == "old" and op.kind == DELETED):
            ops.append(op)
    values = document_value_changes(old, new) if configs else []
    return Alignment(old, new, ops, sequence, values)


def _paired(p: Para, q: Para, kept: bool, configs: bool) -> Op:
    d = diff(p.text, q.text)
    label = label_change(p.label, q.label)
    kind = MOVED if not kept else EQUAL if d.same and label != "changed" else CHANGED
    values = value_changes(p.content, q.content) if configs and not d.same else None
    return Op(kind, p, q, d, label, values or None)


def _merge(a: list[Para], b: list[Para], kept: list[tuple[int, int]], ops_by_old: dict[int, Op],
           ops_by_new: dict[int, Op]) -> list[tuple[str, Op]]:
    """The redline's paragraphs: between two kept pairs, OLD's paragraphs there (deleted or moved
    away) then NEW's (inserted or moved here), then the kept pair."""
    out: list[tuple[str, Op]] = []
    i = j = 0
    for o, n in kept + [(len(a), len(b))]:
        out += [("old", ops_by_old[k]) for k in range(i, o)]
        out += [("new", ops_by_new[k]) for k in range(j, n)]
        if o < len(a):
            out.append(("both", ops_by_old[o]))
        i, j = o + 1, n + 1
    return out


def _number_moves(sequence: list[tuple[str, Op]]) -> None:
    """Number the moves shown as moves: paragraphs that moved together (next to each other on
    both sides) are one move, so a moved item with its sub-items is one named range."""
    count = 0
    previous: Op | None = None
    for where, op in sequence:
        if where != "new" or not op.as_move:
            if where == "new" or where == "both":
                previous = None
            continue
        if previous is not None and previous.old.index + 1 == op.old.index and previous.new.index + 1 == op.new.index:
            op.move = previous.move
        else:
            count += 1
            op.move = count
        previous = op


def align_edited(config_document: Document | Side, edited: Document | Side) -> Alignment:
    """Align a config's build with a document a leader edited (a model from drafter.readers).

    Each op pairs a config-side paragraph (``op.old.line``: its path, origin — config file and
    line, block id, file and line — and its Text with Value spans) with the edited paragraph
    (``op.new.line``: origin file and paragraph number; ``op.new.text``: the edited text
    without its label), with the character edits between them (``op.edits``, offsets in
    ``op.old.text``; :func:`touched_values` says which parameter values an edit falls in).
    INSERTED ops are paragraphs the leader added, DELETED ones paragraphs the leader removed.
    """
    old = config_document if isinstance(config_document, Side) else Side(config_document, kind="config")
    new = edited if isinstance(edited, Side) else Side(edited, kind="document")
    return align(old, new)
