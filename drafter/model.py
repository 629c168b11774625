"""The document model: plain data, no I/O, no templates, no formatting.

Every reader produces it and every writer consumes it (like pandoc's AST). Numbering
is stored as levels and an optional explicit label, never as label text; the
:mod:`drafter.numbering` module turns it into 一、（一）1.（1）for all writers alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union

from .numbering import LabelStyle


@dataclass(frozen=True)
class Blank:
    """A value still to be filled in (draft mode): shown as ``**`` and highlighted."""

    name: str

    TEXT = "**"

    def __str__(self) -> str:
        return self.TEXT


Span = Union[str, Blank]


@dataclass(frozen=True)
class Text:
    """A run of text that may contain draft blanks."""

    parts: tuple[Span, ...] = ()

    @classmethod
    def of(cls, *parts: Span) -> "Text":
        merged: list[Span] = []
        for p in parts:
            if isinstance(p, str):
                if not p:
                    continue
                if merged and isinstance(merged[-1], str):
                    merged[-1] += p
                    continue
            merged.append(p)
        return cls(tuple(merged))

    def __str__(self) -> str:
        return "".join(str(p) for p in self.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __add__(self, other: "Text") -> "Text":
        return Text.of(*self.parts, *other.parts)

    @property
    def blanks(self) -> list[Blank]:
        return [p for p in self.parts if isinstance(p, Blank)]


@dataclass
class Paragraph:
    """A plain body paragraph (preamble, lead, closing)."""

    text: Text
    source: str | None = None  # where it came from, e.g. the block id


@dataclass
class Item:
    """A numbered entry: optional title sentence (e.g. "旗帜鲜明讲政治。") then body, with sub-items.

    ``label`` overrides the generated label (imported documents with odd numbering
    keep theirs). ``more`` holds further unnumbered paragraphs of the same item (a body
    that runs over several paragraphs).
    """

    body: Text = field(default_factory=Text)
    title: Text = field(default_factory=Text)
    children: list["Item"] = field(default_factory=list)
    more: list[Text] = field(default_factory=list)
    label: str | None = None
    source: str | None = None


@dataclass
class Section:
    """A level-1 part: heading (一、…), unnumbered lead paragraphs, then items."""

    heading: Text
    lead: list[Paragraph] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    label: str | None = None
    source: str | None = None


@dataclass
class Passage:
    """An unnumbered passage: lead paragraphs, then points labelled 一是、二是…

    Reports close with these (存在问题, 下一步打算); a passage without points is
    simply a run of paragraphs.
    """

    lead: list[Paragraph] = field(default_factory=list)
    points: list[Item] = field(default_factory=list)


@dataclass
class Signature:
    """署名 and 成文日期 at the end of the body (not stamped)."""

    issuer: Text
    date: Text


@dataclass
class Numbering:
    """How labels are generated: the style of the items under a section, and whether
    item numbers restart in each section or run on through the document."""

    items: LabelStyle = LabelStyle.DIGIT_DOT
    restart: bool = True


@dataclass
class Document:
    """A whole document. ``cover`` is a cover notice before the title (主送, a line or two
    saying the document is issued, 署名, date), as when a 要点 is sent as an attachment."""

    cover: list[Paragraph] = field(default_factory=list)
    title: Text = field(default_factory=Text)
    preamble: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Passage] = field(default_factory=list)
    signature: Signature | None = None
    numbering: Numbering = field(default_factory=Numbering)
    kind: str | None = None  # 文种, e.g. 党建工作要点

    def blanks(self) -> list[Blank]:
        """Every draft blank in reading order."""
        out: list[Blank] = []
        for text in iter_texts(self):
            out.extend(text.blanks)
        return out


def iter_items(items: list[Item], depth: int = 0) -> Iterator[tuple[int, Item]]:
    """Walk items depth-first, yielding (depth, item); depth 0 is directly under a section."""
    for item in items:
        yield depth, item
        yield from iter_items(item.children, depth + 1)


def _item_texts(items: list[Item]) -> Iterator[Text]:
    for _, item in iter_items(items):
        if item.title:
            yield item.title
        yield item.body
        yield from item.more


def iter_texts(doc: Document) -> Iterator[Text]:
    """Every Text of the document in reading order (shared by lint, diff and tests)."""
    for p in doc.cover:
        yield p.text
    if doc.title:
        yield doc.title
    for p in doc.preamble:
        yield p.text
    for section in doc.sections:
        yield section.heading
        for p in section.lead:
            yield p.text
        yield from _item_texts(section.items)
    for passage in doc.closing:
        for p in passage.lead:
            yield p.text
        yield from _item_texts(passage.points)
    if doc.signature:
        yield doc.signature.issuer
        yield doc.signature.date
