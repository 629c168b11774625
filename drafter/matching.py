"""Recognise library blocks in finished text and recover the values they were filled with.

Two matchers: :class:`Matcher`, the exact one (the text *is* the block, only values differ), and
:class:`NearMatcher` for what the exact one leaves (the block with a few words edited).

A block's template (title sentence + body) becomes a regular expression: its literal
text must match exactly, each ``{{ 参数 }}`` captures the text in its place (the same
parameter twice must capture the same text), and any other expression
(``{{ 年度 + 1 }}``) matches without being captured. The captured text is converted to
the parameter's type; a draft blank in the text gives the value ``None``. This is how
import reuses library blocks instead of copying them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .blocks import Block, Kind, Library, Param
from .model import Blank, Text, Value

BLANK_MARK = "\ue000"  # stands for a draft blank while matching
_EXPR = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_NAME = re.compile(r"^[^\W\d][\w]*$")
_STATEMENT = re.compile(r"\{%|\{#")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A match must be mostly the block's own words, not its parameters.
MIN_LITERAL_SHARE = 0.6


@dataclass
class Pattern:
    """A compiled block: the regex, its named groups → parameters, and its literal length."""

    block: Block
    regex: re.Pattern
    groups: dict[str, str]  # regex group name → parameter name
    literal_chars: int


@dataclass
class Match:
    block: Block
    values: dict[str, Any] = field(default_factory=dict)
    score: int = 0  # literal characters matched: the more, the surer


def _normalise(source: str) -> str:
    """The template text laid out the way rendering lays out text: lines joined, paragraphs by \\n\\n."""
    paragraphs = _PARAGRAPH_BREAK.split(source.strip())
    return "\n\n".join("".join(line.strip() for line in p.splitlines()) for p in paragraphs if p.strip())


def compile_block(block: Block) -> Pattern | None:
    """The pattern of *block*, or None for blocks that cannot be matched (control statements)."""
    if block.title_source:
        source = _normalise(block.title_source) + _normalise(block.body_source)
    else:
        source = _normalise(block.body_source)
    if _STATEMENT.search(source):
        return None
    parts: list[str] = []
    groups: dict[str, str] = {}
    seen: dict[str, str] = {}
    literal = 0
    pos = 0
    for m in _EXPR.finditer(source):
        text = source[pos : m.start()]
        parts.append(re.escape(text))
        literal += len(text)
        expr = m.group(1)
        if _NAME.match(expr):
            if expr in seen:
                parts.append(f"(?P={seen[expr]})")
            else:
                group = f"g{len(groups)}"
                groups[group] = expr
                seen[expr] = group
                parts.append(f"(?P<{group}>.+?)")
        else:
            parts.append(".+?")
        pos = m.end()
    tail = source[pos:]
    parts.append(re.escape(tail))
    literal += len(tail)
    return Pattern(block, re.compile("".join(parts) + r"\Z", re.S), groups, literal)


def text_for_matching(*paragraphs: Text) -> str:
    """Paragraphs as one string, blanks as BLANK_MARK, paragraphs separated like rendered blocks."""
    return "\n\n".join("".join(BLANK_MARK if isinstance(p, Blank) else str(p) for p in t.parts) for t in paragraphs)


def convert(param: Param | None, raw: str) -> tuple[bool, Any]:
    """Captured text → (ok, value) for the parameter's type; a lone blank → None."""
    if raw == BLANK_MARK:
        return True, None
    if BLANK_MARK in raw:
        return False, None
    kind = param.type if param else "str"
    if kind == "str":
        return True, raw
    # only text that renders back to itself: no 08, no 8.50
    if kind == "int":
        return (True, int(raw)) if re.fullmatch(r"0|[1-9]\d*", raw) else (False, None)
    if kind in ("number", "percent"):
        if re.fullmatch(r"0|[1-9]\d*", raw):
            return True, int(raw)
        if re.fullmatch(r"(0|[1-9]\d*)\.\d*[1-9]", raw):
            return True, float(raw)
        return False, None
    if kind == "date":
        m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", raw)
        if m and not any(g.startswith("0") for g in m.groups()[1:]):
            try:
                return True, dt.date(*map(int, m.groups()))
            except ValueError:
                return False, None
    return False, None


class Matcher:
    """Finds the library block that renders to a given text, with its values."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.patterns: dict[Kind, list[Pattern]] = {}
        for block in library.blocks.values():
            pattern = compile_block(block)
            if pattern is not None:
                self.patterns.setdefault(block.kind, []).append(pattern)
        for patterns in self.patterns.values():
            patterns.sort(key=lambda p: -p.literal_chars)

    def match(self, kinds: set[Kind], *paragraphs: Text) -> Match | None:
        """The best block of one of *kinds* whose rendering can be exactly *paragraphs*."""
        text = text_for_matching(*paragraphs)
        if not text:
            return None
        best: Match | None = None
        for kind in kinds:
            for pattern in self.patterns.get(kind, []):
                if best and pattern.literal_chars <= best.score:
                    break
                if pattern.literal_chars < MIN_LITERAL_SHARE * len(text):
                    break
                found = self._try(pattern, text)
                if found and (best is None or found.score > best.score):
                    best = found
        return best

    def _try(self, pattern: Pattern, text: str) -> Match | None:
        m = pattern.regex.match(text)
        if not m:
            return None
        values: dict[str, Any] = {}
        for group, name in pattern.groups.items():
            ok, value = convert(pattern.block.param(name, self.library.common), m.group(group))
            if not ok:
                return None
            values[name] = value
        return Match(pattern.block, values, pattern.literal_chars)


# -- near matches: a block with a few words edited ----------------------------------------------------
# The bar for "the same block with a few words edited": the ratio 2·(matching characters) /
# (len(a) + len(b)) of :func:`drafter.diff.similarity`, characters compared one by one (numbers
# and Latin words whole). Measured on the five seeds against the shipped library (120 blocks):
# - the paragraphs the exact matcher cannot place because of a seed's slips (社县, 两个确定, 平合 …)
#   are 0.97–0.999 similar to the block they are (0.90 before the item's own figures are recovered);
# - a paragraph is never more than 0.49 similar to any *other* block of its kind, except the short
#   parallel section headings (聚焦X，全面加强Y / 始终坚持X), which reach 0.70 with one another;
# - with 2 % of an item's characters rewritten every block is still found, with 10 % all but one
#   short heading, with 20 % five in six; never a wrong block.
# 0.8 sits in the middle of the gap between 0.70 (another block) and 0.90 (the same block edited).
NEAR_THRESHOLD = 0.8
# How many of the blocks that pass the cheap bounds are compared in full, best-ranked first.
NEAR_CANDIDATES = 3


@dataclass(frozen=True)
class Sketch:
    """A block as it would read in this document: rendered with the values known so far, each
    unknown parameter as one :data:`BLANK_MARK`, paragraphs separated as in :func:`text_for_matching`.
    ``spans`` are (start, end, parameter, unknown) of every printed parameter; ``grams`` its character
    pairs but those touching an unknown value (whatever the value is, they cannot be compared)."""

    block: Block
    text: str
    spans: tuple[tuple[int, int, str, bool], ...]
    grams: Counter

    @property
    def literal_chars(self) -> int:
        return len(self.text) - sum(end - start for start, end, _, _ in self.spans)


@dataclass
class NearMatch:
    """A block that *text* is, with a few words edited: its similarity, and the parameters that the
    edited text still holds unchanged, as (start, end, parameter) spans of *text* with their values."""

    block: Block
    similarity: float
    text: str  # the paragraph(s) as matched: text_for_matching
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def _grams(text: str, skip: frozenset[int] = frozenset()) -> Counter:
    """The character pairs of *text*, but those touching a position in *skip* (a value not known yet)."""
    return Counter(text[i:i + 2] for i in range(len(text) - 1) if i not in skip and i + 1 not in skip)


def _flatten(paragraphs: list[Text]) -> tuple[str, list[tuple[int, int, str, bool]]]:
    out: list[str] = []
    spans: list[tuple[int, int, str, bool]] = []
    pos = 0
    for i, paragraph in enumerate(paragraphs):
        if i:
            out.append("\n\n")
            pos += 2
        for part in paragraph.parts:
            if isinstance(part, Blank):
                piece = BLANK_MARK
                spans.append((pos, pos + 1, part.name, True))
            elif isinstance(part, Value):
                piece = part.text
                spans.append((pos, pos + len(piece), part.param, False))
            else:
                piece = part
            out.append(piece)
            pos += len(piece)
    return "".join(out), spans


def _plain_sketch(block: Block, values: dict[str, Any]) -> tuple[str, list[tuple[int, int, str, bool]]] | None:
    """The block's words with each ``{{ 参数 }}`` filled from *values* (a blank when absent), as
    rendering would print them; None for a block with anything else in it (statements, filters,
    expressions), which only the template engine can render. This keeps import from compiling the
    whole library: most blocks hold nothing but names."""
    from .templating import format_value

    source = (_normalise(block.title_source) if block.title_source else "") + _normalise(block.body_source)
    if _STATEMENT.search(source):
        return None
    out: list[str] = []
    spans: list[tuple[int, int, str, bool]] = []
    pos = length = 0
    for m in _EXPR.finditer(source):
        name = m.group(1)
        if not _NAME.match(name):
            return None
        out.append(source[pos:m.start()])
        length += m.start() - pos
        value = values.get(name)
        piece = BLANK_MARK if value is None else str(format_value(value))
        if piece:
            spans.append((length, length + len(piece), name, value is None))
        out.append(piece)
        length += len(piece)
        pos = m.end()
    out.append(source[pos:])
    return "".join(out), spans


def _source_sketch(block: Block) -> tuple[str, list[tuple[int, int, str, bool]]]:
    """The block's own words with every ``{{ … }}`` as a blank (when it cannot be rendered)."""
    source = (_normalise(block.title_source) if block.title_source else "") + _normalise(block.body_source)
    source = re.sub(r"\{%.*?%\}|\{#.*?#\}", "", source, flags=re.S)
    out: list[str] = []
    spans: list[tuple[int, int, str, bool]] = []
    pos = length = 0
    for m in _EXPR.finditer(source):
        out.append(source[pos:m.start()])
        length += m.start() - pos
        if _NAME.match(m.group(1)):
            spans.append((length, length + 1, m.group(1), True))
        out.append(BLANK_MARK)
        length += 1
        pos = m.end()
    out.append(source[pos:])
    return "".join(out), spans


def sketch(block: Block, library: Library, values: dict[str, Any]) -> Sketch:
    """*block* rendered with *values* (else the parameters' defaults; else a blank each)."""
    from .templating import Missing, TemplateError, render_inline, render_paragraphs

    known: dict[str, Any] = {}
    for name in block.variables:
        value = values.get(name)
        if value is None:
            param = block.param(name, library.common)
            value = param.default if param is not None else None
        if value is not None:
            known[name] = value
    plain = _plain_sketch(block, known)
    if plain is not None:
        text, spans = plain
        return _sketch(block, text, spans)
    context = {name: known.get(name, Missing(name)) for name in block.variables}
    try:
        title = render_inline(block.title_template, context) if block.title_template is not None else Text()
        body = render_paragraphs(block.body_template, context) if block.body_template is not None else []
        text, spans = _flatten([title + body[0], *body[1:]] if body else [title])
    except (TemplateError, RecursionError):  # an untrusted template that does not render: its words
        text, spans = _source_sketch(block)
    return _sketch(block, text, spans)


def _sketch(block: Block, text: str, spans: list[tuple[int, int, str, bool]]) -> Sketch:
    return Sketch(block, text, tuple(spans), _grams(text, frozenset(start for start, _, _, unknown in spans if unknown)))


def _replaced(ops, start: int, end: int, old: str) -> str | None:
    """The new text that took the place of old[start:end] in the diff *ops*, when one opcode holds
    it with only unchanged words around it (``replace`` of exactly the span, or of literal + span +
    literal whose literals stay at the ends of the new text)."""
    for op in ops:
        if op.op != "replace" or not (op.old_start <= start and end <= op.old_end):
            continue
        before, after = old[op.old_start:start], old[end:op.old_end]
        if op.new.startswith(before) and op.new.endswith(after) and len(op.new) > len(before) + len(after):
            return op.new[len(before):len(op.new) - len(after)]
        return None
    return None


class NearMatcher:
    """Finds the library block that a paragraph is, with a few words edited.

    Only for paragraphs the exact :class:`Matcher` did not place. Every block is sketched once
    (rendered with the document's values: those recovered by exact matches elsewhere in it), then
    for each paragraph the candidates of the right kinds are cut down cheaply before any diff:

    - length: two texts of lengths *n* and *m* cannot be more similar than 2·min(n, m)/(n + m);
    - the block's own words must be at least :data:`MIN_LITERAL_SHARE` of the paragraph;
    - shared character pairs: a similarity *r* means at least *M* = r·(n + m)/2 matching
      characters; each unmatched character of the paragraph breaks at most two of its pairs and
      each run inserted in the block one more, so they share at least 3M − n − m − 1 pairs (two
      fewer for each value not known yet, whose pairs are not counted).

    Of those, the :data:`NEAR_CANDIDATES` that share the most character pairs with the paragraph
    (for its length, or the block's words when longer) are compared with
    :func:`drafter.diff.similarity`, bounded by the bar each must reach (:meth:`first_bar`). On the
    seeds' paragraphs, with up to a fifth of their characters rewritten and values known or not,
    the block they are always ranked first (952 of 952). The best is diffed, and the values it
    holds recovered: a parameter of the sketch whose
    characters lie inside unchanged text keeps its place in the paragraph, and a blank (a value
    not known yet) replaced by text of the right type gives that value, after which the block is
    sketched again with it and compared again.
    """

    def __init__(self, library: Library, values: dict[str, Any] | None = None, *,
                 threshold: float = NEAR_THRESHOLD) -> None:
        self.library = library
        self.values = dict(values or {})
        self.threshold = threshold
        self.blocks: dict[Kind, list[Block]] = {}
        for block in sorted(library.blocks.values(), key=lambda b: b.id):
            self.blocks.setdefault(block.kind, []).append(block)
        self._sketches: dict[str, Sketch] = {}

    def sketch(self, block: Block) -> Sketch:
        found = self._sketches.get(block.id)
        if found is None:
            found = self._sketches[block.id] = sketch(block, self.library, self.values)
        return found

    def first_bar(self, sk: Sketch, n: int) -> float | None:
        """The similarity *sk* must reach with a text of *n* characters before its values are recovered,
        or None when it can never be a match.

        A sketch whose values are all known must reach the threshold itself. One with *u* values still
        blanks (one character each) is short of their length: if the text holds them, they are about
        V = max(u, n − m + u) characters, and once recovered the ratio is at most
        2(M + V)/(n + m − u + V) for the M characters matched now, which asks of the first comparison
        only r ≥ (t·(n + m − u + V) − 2V)/(n + m). A block whose own words are less than
        :data:`MIN_LITERAL_SHARE` of the text is never a match (values do not change that)."""
        t = self.threshold
        if sk.literal_chars < MIN_LITERAL_SHARE * n:
            return None
        u = sum(1 for span in sk.spans if span[3])
        if not u:
            return t
        m = len(sk.text)
        v = max(u, n - m + u)
        return max(0.0, min(t, (t * (n + m - u + v) - 2 * v) / (n + m)))

    def candidates(self, kinds: set[Kind], text: str) -> list[Sketch]:
        """The (at most :data:`NEAR_CANDIDATES`) sketches that may reach the threshold, most shared
        character pairs first."""
        n = len(text)
        grams = _grams(text)
        out: list[tuple[float, str, Sketch]] = []
        for kind in sorted(kinds, key=lambda k: k.value):
            for block in self.blocks.get(kind, []):
                sk = self.sketch(block)
                m = len(sk.text)
                low = self.first_bar(sk, n)
                if low is None or not m or 2 * min(n, m) / (n + m) < low:
                    continue
                shared = sum((grams & sk.grams).values())
                unknown = sum(1 for span in sk.spans if span[3])
                if shared < 3 * low * (n + m) / 2 - n - m - 1 - 2 * unknown:
                    continue
                out.append((-shared / max(n - 1, sum(sk.grams.values()), 1), block.id, sk))
        out.sort(key=lambda t: (t[0], t[1]))
        return [sk for _, _, sk in out[:NEAR_CANDIDATES]]

    def match(self, kinds: set[Kind], *paragraphs: Text) -> NearMatch | None:
        """The block of one of *kinds* most similar to *paragraphs*, at or above the threshold."""
        from .diff.textdiff import similarity

        text = text_for_matching(*paragraphs)
        if not text.strip(BLANK_MARK):
            return None
        best: NearMatch | None = None
        for sk in self.candidates(kinds, text):
            unknown = any(s[3] for s in sk.spans)
            ratio = similarity(sk.text, text, self.first_bar(sk, len(text)))
            if ratio is None or (best is not None and not unknown and ratio < best.similarity):
                continue
            found = self._refine(sk, text)
            if found is None:
                continue
            if best is None or (found.similarity, self.sketch(found.block).literal_chars) > (
                    best.similarity, self.sketch(best.block).literal_chars):
                best = found
        return best

    def _refine(self, sk: Sketch, text: str) -> NearMatch | None:
        from .diff.textdiff import diff

        block = sk.block
        d = diff(sk.text, text)
        recovered: dict[str, Any] = {}
        for start, end, name, unknown in sk.spans:
            if not unknown:
                continue
            raw = _replaced(d.opcodes, start, end, sk.text)
            if raw is None or "\n" in raw:
                continue
            ok, value = convert(block.param(name, self.library.common), raw)
            if not ok or value is None or recovered.get(name, value) != value:
                recovered.pop(name, None)
                continue
            recovered[name] = value
        if recovered:
            sk = sketch(block, self.library, {**self.values, **recovered})
            d = diff(sk.text, text)
        # mostly the block's own words, not its parameters (as for exact matches)
        if sk.literal_chars < MIN_LITERAL_SHARE * len(text) or d.ratio < self.threshold:
            return None
        spans: list[tuple[int, int, str]] = []
        values: dict[str, Any] = {}
        equal = [op for op in d.opcodes if op.op == "equal"]
        for start, end, name, unknown in sk.spans:
            op = next((o for o in equal if o.old_start <= start and end <= o.old_end), None)
            if op is None:
                continue
            value = None if unknown else self._value(block, name, recovered)
            if name in values and repr(values[name]) != repr(value):
                continue
            shift = op.new_start - op.old_start
            spans.append((start + shift, end + shift, name))
            values[name] = value
        return NearMatch(block, d.ratio, text, spans, values)

    def _value(self, block: Block, name: str, recovered: dict[str, Any]) -> Any:
        if name in recovered:
            return recovered[name]
        if self.values.get(name) is not None:
            return self.values[name]
        param = block.param(name, self.library.common)
        return param.default if param is not None else None
