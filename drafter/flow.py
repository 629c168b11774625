"""The document as a flat sequence of labelled paragraphs: what every writer consumes.

Numbering is decided here, once, from the model's levels and the numbering settings,
so the txt, markdown, json and docx outputs can never disagree about a label. The
paragraphs come from :func:`drafter.model.walk`, so each line keeps the path and the
origin of its node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from . import official
from .model import Document, Item, Node, Origin, Role, Text, walk
from .numbering import STYLE_LEVEL, LabelStyle, item_styles

__all__ = ["Line", "Role", "flow"]

# Sub-items of a 一是 point have no place in the 一、（一）1.（1） ladder: they are numbered （1）.
_POINT_CHILD_STYLE = LabelStyle.DIGIT_PAREN


@dataclass(frozen=True)
class Line:
    """One output paragraph. ``level`` is the document level (1 = 一、, 2 = （一）, 3 = 1./1、, 4 = （1））,
    0 for unnumbered paragraphs and 一是 points."""

    role: Role
    body: Text
    label: str = ""
    title: Text = Text()
    level: int = 0
    path: str = ""
    origin: Origin | None = None
    index: int = 0  # 1-based position among its siblings (the model's Node.index)

    @property
    def text(self) -> str:
        """The paragraph exactly as printed: label, title sentence, body."""
        return f"{self.label}{self.title}{self.body}"


def _max_depth(items: list[Item]) -> int:
    return max((1 + _max_depth(i.children) for i in items), default=0)


def flow(doc: Document) -> Iterator[Line]:
    """Yield the document's paragraphs in order with their labels."""
    depth = max((_max_depth(s.items) for s in doc.sections), default=0)
    styles = item_styles(doc.numbering.items, max(depth, 1))
    counter = 0  # top-level items, when numbering runs on through the document
    for node in walk(doc):
        label, level = "", 0
        if node.role is Role.HEADING:
            label, level = node.owner.label or LabelStyle.CN_COMMA.label(node.index), 1
            if doc.numbering.restart:
                counter = 0
        elif node.role is Role.ITEM and node.section is not None:
            n = node.index
            if node.depth == 0:
                counter += 1
                n = counter
            style = styles[node.depth]
            label, level = _label(node, style, n), STYLE_LEVEL[style]
        elif node.role is Role.ITEM:  # under a 一是 point
            label, level = _label(node, _POINT_CHILD_STYLE, node.index), STYLE_LEVEL[_POINT_CHILD_STYLE]
        elif node.role is Role.POINT:
            label = _label(node, LabelStyle.CN_SHI, node.index)
        elif node.role in _OFFICIAL_LABELS:
            label = _OFFICIAL_LABELS[node.role](node.index, len(doc.attachments))
        yield _line(node, label, level)


# The fixed words before the official document's parts (drafter.official spells them).
_OFFICIAL_LABELS = {
    Role.SIGNERS: lambda index, count: official.SIGNERS_LABEL,
    Role.CC: lambda index, count: official.CC_LABEL,
    Role.ATTACHMENT_NOTE: official.note_label,
    Role.ATTACHMENT_LABEL: official.attachment_label,
}


def _label(node: Node, style: LabelStyle, n: int) -> str:
    return node.owner.label if node.owner.label is not None else style.label(n)


def _line(node: Node, label: str, level: int) -> Line:
    return Line(node.role, node.text, label, node.title, level, node.path, node.origin, node.index)
