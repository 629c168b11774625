"""The document as a flat sequence of labelled paragraphs: what every writer consumes.

Numbering is decided here, once, from the model's levels and the numbering settings,
so the txt, markdown and docx outputs can never disagree about a label.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterator

from .model import Document, Item, Text
from .numbering import STYLE_LEVEL, LabelStyle, item_styles


class Role(str, Enum):
    COVER = "cover"  # the cover notice before the title
    TITLE = "title"
    PREAMBLE = "preamble"
    HEADING = "heading"  # section heading, level 1
    LEAD = "lead"
    ITEM = "item"
    MORE = "more"  # a further paragraph of the item above
    CLOSING = "closing"
    POINT = "point"  # 一是…二是… in a closing passage
    ISSUER = "issuer"
    DATE = "date"


@dataclass(frozen=True)
class Line:
    """One output paragraph. ``level`` is the document level (1 = 一、, 2 = （一）, 3 = 1./1、, 4 = （1））."""

    role: Role
    body: Text
    label: str = ""
    title: Text = Text()
    level: int = 0

    @property
    def text(self) -> str:
        """The paragraph exactly as printed: label, title sentence, body."""
        return f"{self.label}{self.title}{self.body}"


def _max_depth(items: list[Item]) -> int:
    return max((1 + _max_depth(i.children) for i in items), default=0)


def flow(doc: Document) -> Iterator[Line]:
    """Yield the document's paragraphs in order with their labels."""
    for p in doc.cover:
        yield Line(Role.COVER, p.text)
    if doc.title:
        yield Line(Role.TITLE, doc.title)
    for p in doc.preamble:
        yield Line(Role.PREAMBLE, p.text)
    depth = max((_max_depth(s.items) for s in doc.sections), default=0)
    styles = item_styles(doc.numbering.items, max(depth, 1))
    counter = 0  # top-level items, when numbering runs on through the document
    for n, section in enumerate(doc.sections, start=1):
        yield Line(Role.HEADING, section.heading, section.label or LabelStyle.CN_COMMA.label(n), level=1)
        for p in section.lead:
            yield Line(Role.LEAD, p.text)
        if doc.numbering.restart:
            counter = 0
        for item in section.items:
            counter += 1
            yield from _item_lines(item, counter, 0, styles)
    for passage in doc.closing:
        for p in passage.lead:
            yield Line(Role.CLOSING, p.text)
        for k, point in enumerate(passage.points, start=1):
            label = point.label if point.label is not None else LabelStyle.CN_SHI.label(k)
            yield Line(Role.POINT, point.body, label, point.title)
            for more in point.more:
                yield Line(Role.MORE, more)
    if doc.signature:
        yield Line(Role.ISSUER, doc.signature.issuer)
        yield Line(Role.DATE, doc.signature.date)


def _item_lines(item: Item, n: int, depth: int, styles: list[LabelStyle]) -> Iterator[Line]:
    style = styles[depth]
    label = item.label if item.label is not None else style.label(n)
    yield Line(Role.ITEM, item.body, label, item.title, STYLE_LEVEL[style])
    for more in item.more:
        yield Line(Role.MORE, more)
    for k, child in enumerate(item.children, start=1):
        yield from _item_lines(child, k, depth + 1, styles)
