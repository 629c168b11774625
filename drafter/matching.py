"""Recognise library blocks in finished text and recover the values they were filled with.

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
from dataclasses import dataclass, field
from typing import Any

from .blocks import Block, Kind, Library, Param
from .model import Blank, Text

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
