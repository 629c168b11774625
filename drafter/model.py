"""The document model: plain data, no I/O, no templates, no formatting.

Every reader produces it and every writer consumes it (like pandoc's AST). Numbering
is stored as levels and an optional explicit label, never as label text; the
:mod:`drafter.numbering` module turns it into 一、（一）1.（1）for all writers alike.

Every paragraph knows where it came from (:class:`Origin`) and which characters are a
parameter's value (:class:`Value` spans), so that a checker can say which line of which
file to fix and a diff can say "value 增长率 6.5 → 7". :func:`walk` is the one traversal:
it yields each paragraph-level node in reading order with its path in the document
(``sections[2].items[1]``); labels (:mod:`drafter.flow`), ``iter_texts`` and the readers'
walks are all derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import Enum
from pathlib import Path
from typing import Any, Iterator, Union

from .numbering import LabelStyle


@dataclass(frozen=True)
class Blank:
    """A value still to be filled in (draft mode): shown as ``**`` and highlighted."""

    name: str

    TEXT = "**"

    def __str__(self) -> str:
        return self.TEXT


@dataclass(frozen=True)
class Value:
    """Characters that are the value of parameter *param*, as printed ("6.5", "2023年2月10日").

    The surrounding words (the block's fixed text, a "%" after the number) stay plain
    strings, so a finding or a diff can tell a value from the text around it.
    """

    text: str
    param: str
    # where the value was given (config file and line), for a checker to point at
    origin: "Origin | None" = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.text


Span = Union[str, Blank, Value]


@dataclass(frozen=True)
class Text:
    """A run of text: plain strings, parameter values and draft blanks."""

    parts: tuple[Span, ...] = ()

    @classmethod
    def of(cls, *parts: Span) -> "Text":
        """Adjacent plain strings are merged; empty strings and empty values dropped."""
        merged: list[Span] = []
        for p in parts:
            if isinstance(p, str):
                if not p:
                    continue
                if merged and type(merged[-1]) is str:
                    merged[-1] += p
                    continue
                p = str(p)  # a str subclass (e.g. from a template) becomes a plain string
            elif isinstance(p, Value) and not p.text:
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

    @property
    def values(self) -> list[Value]:
        return [p for p in self.parts if isinstance(p, Value)]


@dataclass(frozen=True)
class Origin:
    """Where a paragraph came from.

    Built from a config: ``file`` and ``line`` of the config entry (paths relative to the
    workspace, lines 1-based) and, when a block was used, its id, file and the line of its
    ``id:``. Read from a document: ``file`` is the input and ``paragraph`` its paragraph
    number there (``line`` too, for a text file).
    """

    file: str | None = None
    line: int | None = None
    block: str | None = None
    block_file: str | None = None
    block_line: int | None = None
    paragraph: int | None = None
    based_on: str | None = None  # one-off text rewritten from this block (absorb, near-match import)

    def as_dict(self) -> dict[str, Any]:
        """The fields that are set, in declaration order (for JSON and dumps)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


@dataclass
class Paragraph:
    """A plain body paragraph (cover, preamble, lead, closing, a further paragraph of an item)."""

    text: Text
    origin: Origin | None = None

    def __str__(self) -> str:
        return str(self.text)


@dataclass(frozen=True)
class Task:
    """Who carries out an item and by when (a row of the 任务分解表): plain strings, any may be empty."""

    lead: str = ""  # 牵头单位
    units: str = ""  # 责任单位
    due: str = ""  # 完成时限

    def __bool__(self) -> bool:
        return bool(self.lead or self.units or self.due)


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
    more: list[Paragraph] = field(default_factory=list)
    label: str | None = None
    origin: Origin | None = None
    task: Task | None = None


@dataclass
class Section:
    """A level-1 part: heading (一、…), unnumbered lead paragraphs, then items."""

    heading: Text
    lead: list[Paragraph] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    label: str | None = None
    origin: Origin | None = None  # of the heading


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
    issuer_origin: Origin | None = None
    date_origin: Origin | None = None


@dataclass
class Header:
    """The 版头 (红头): 发文机关标志 and 发文字号, with 签发人, 份号, 密级, 紧急程度 where given.
    Each is a Paragraph so that it keeps where it was written; labels such as 签发人： are the
    flow's, like item numbers."""

    organ: Paragraph
    number: Paragraph | None = None
    signers: Paragraph | None = None  # the names, separated by a full-width space
    copy_number: Paragraph | None = None
    secrecy: Paragraph | None = None
    urgency: Paragraph | None = None
    template: Path | None = None  # the office's own 红头 (.docx with placeholders), when it has one


@dataclass
class Notice:
    """The 印发通知 that issues the document: its title; its body is ``Document.cover``, its
    署名 and date ``Document.signature``, and the document itself is its first attachment."""

    title: Paragraph


class AttachmentKind(str, Enum):
    DOCUMENT = "document"  # the document itself, issued by a notice
    TASKS = "tasks"  # the 任务分解表 made from the items' tasks


@dataclass
class Attachment:
    """An attachment (附件): its name in the 附件说明, and what it holds. The title of a DOCUMENT
    attachment is the document's title; a TASKS attachment has its own."""

    name: Paragraph
    kind: AttachmentKind
    title: Paragraph | None = None


@dataclass
class Imprint:
    """The 版记 at the foot of the last page: 抄送 (names joined, ending with 。), 印发机关, 印发日期."""

    printer: Paragraph
    date: Paragraph  # as printed: "2023年2月10日印发"
    cc: Paragraph | None = None


@dataclass
class Numbering:
    """How labels are generated: the style of the items under a section, and whether
    item numbers restart in each section or run on through the document."""

    items: LabelStyle = LabelStyle.DIGIT_DOT
    restart: bool = True


@dataclass
class Document:
    """A whole document, with the parts of an official one where given: 版头 (``header``),
    主送, attachments and 版记 (``imprint``).

    With a ``notice`` the document is issued as the first attachment of a 印发通知 whose
    body is ``cover`` and whose 署名 and date are ``signature``. Without one, ``cover`` is a
    page of text before the title (an imported cover notice, as written).
    """

    cover: list[Paragraph] = field(default_factory=list)
    title: Text = field(default_factory=Text)
    preamble: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Passage] = field(default_factory=list)
    signature: Signature | None = None
    numbering: Numbering = field(default_factory=Numbering)
    kind: str | None = None  # 文种, e.g. 党建工作要点
    year: int | None = None  # the document's year (年度), when known
    title_origin: Origin | None = None
    header: Header | None = None  # 版头 (红头)
    recipients: Paragraph | None = None  # 主送机关, ending with ：
    notice: Notice | None = None  # when set, the document is issued as 附件1 of this notice
    attachments: list[Attachment] = field(default_factory=list)
    imprint: Imprint | None = None  # 版记

    def blanks(self) -> list[Blank]:
        """Every draft blank in reading order."""
        out: list[Blank] = []
        for text in iter_texts(self):
            out.extend(text.blanks)
        return out


# -- the one traversal ------------------------------------------------------------------------
class Role(str, Enum):
    """What a paragraph is in the document."""

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
    # the official document around the text (GB/T 9704 7.2, 7.3.3, 7.3.4, 7.4)
    COPY_NUMBER = "copy_number"  # 份号
    SECRECY = "secrecy"  # 密级和保密期限
    URGENCY = "urgency"  # 紧急程度
    ORGAN = "organ"  # 发文机关标志
    DOC_NUMBER = "doc_number"  # 发文字号
    SIGNERS = "signers"  # 签发人
    NOTICE_TITLE = "notice_title"  # the 印发通知's title
    RECIPIENTS = "recipients"  # 主送机关
    ATTACHMENT_NOTE = "attachment_note"  # one attachment's line of the 附件说明
    ATTACHMENT_LABEL = "attachment_label"  # 附件1, first line of an attachment's page
    ATTACHMENT_TITLE = "attachment_title"  # the title of an attachment other than the document
    TASK_TABLE = "task_table"  # the 任务分解表 (its rows come from the items: drafter.tasks)
    CC = "cc"  # 抄送
    PRINTER = "printer"  # 印发机关
    PRINTED = "printed"  # 印发日期


@dataclass(frozen=True)
class Node:
    """One paragraph-level node in reading order.

    ``path`` names its place in the document with 1-based indexes, e.g.
    ``sections[2].items[1].more[1]``; it is what findings and diffs use to say which
    paragraph they mean. ``owner`` is the model object (the Section of a heading, the Item
    of an item or point) so that numbering can read its explicit label; ``index`` is its
    1-based position among its siblings and ``depth`` its item depth (0 = directly under
    a section or a passage). ``section`` is the section number, None outside sections;
    ``passage`` the closing passage's number, None outside them.
    """

    path: str
    role: Role
    text: Text
    title: Text = Text()
    origin: Origin | None = None
    index: int = 0
    depth: int = 0
    section: int | None = None
    passage: int | None = None
    owner: Any = field(default=None, compare=False, repr=False)


def walk(doc: Document) -> Iterator[Node]:
    """Every paragraph of *doc* in reading order, with its path and origin.

    A plain document reads 版头, cover page, title, 主送, body, 附件说明, 署名 and date, the
    attachments, 版记. Issued by a notice, it reads 版头, the notice (title, 主送, body,
    附件说明, 署名 and date), then the attachments, the document itself being 附件1, then 版记.
    """
    if doc.header is not None:
        yield from _walk_header(doc.header)
    if doc.notice is not None:
        yield _node("notice.title", Role.NOTICE_TITLE, doc.notice.title, doc.notice)
        yield from _walk_recipients(doc)
        yield from _walk_cover(doc)
        yield from _walk_notes(doc)
        yield from _walk_signature(doc)
        yield from _walk_attachments(doc)
    else:
        yield from _walk_cover(doc)
        yield from _walk_text(doc, recipients=True)
        yield from _walk_notes(doc)
        yield from _walk_signature(doc)
        yield from _walk_attachments(doc)
    if doc.imprint is not None:
        imprint = doc.imprint
        if imprint.cc is not None:
            yield _node("imprint.cc", Role.CC, imprint.cc, imprint)
        yield _node("imprint.printer", Role.PRINTER, imprint.printer, imprint)
        yield _node("imprint.date", Role.PRINTED, imprint.date, imprint)


def _node(path: str, role: Role, paragraph: Paragraph, owner: Any, index: int = 0) -> Node:
    return Node(path, role, paragraph.text, origin=paragraph.origin, index=index, owner=owner)


_HEADER_ROLES = (("copy_number", Role.COPY_NUMBER), ("secrecy", Role.SECRECY), ("urgency", Role.URGENCY),
                 ("organ", Role.ORGAN), ("number", Role.DOC_NUMBER), ("signers", Role.SIGNERS))


def _walk_header(header: Header) -> Iterator[Node]:
    for name, role in _HEADER_ROLES:
        paragraph = getattr(header, name)
        if paragraph is not None:
            yield _node(f"header.{name}", role, paragraph, header)


def _walk_cover(doc: Document) -> Iterator[Node]:
    for i, p in enumerate(doc.cover, start=1):
        yield Node(f"cover[{i}]", Role.COVER, p.text, origin=p.origin, index=i, owner=p)


def _walk_recipients(doc: Document) -> Iterator[Node]:
    if doc.recipients is not None:
        yield _node("recipients", Role.RECIPIENTS, doc.recipients, doc)


def _walk_notes(doc: Document) -> Iterator[Node]:
    """The 附件说明: one line per attachment."""
    for i, attachment in enumerate(doc.attachments, start=1):
        yield _node(f"attachments[{i}].name", Role.ATTACHMENT_NOTE, attachment.name, attachment, i)


def _walk_signature(doc: Document) -> Iterator[Node]:
    if doc.signature:
        sig = doc.signature
        yield Node("signature.issuer", Role.ISSUER, sig.issuer, origin=sig.issuer_origin, owner=sig)
        yield Node("signature.date", Role.DATE, sig.date, origin=sig.date_origin, owner=sig)


def _walk_attachments(doc: Document) -> Iterator[Node]:
    for i, attachment in enumerate(doc.attachments, start=1):
        path = f"attachments[{i}]"
        # the label and the table are drafter's own: they come from where the attachment is asked for
        where = attachment.name.origin
        yield Node(f"{path}.label", Role.ATTACHMENT_LABEL, Text(), origin=where, index=i, owner=attachment)
        if attachment.kind is AttachmentKind.DOCUMENT:
            yield from _walk_text(doc, recipients=False)
        else:
            if attachment.title is not None:
                yield _node(f"{path}.title", Role.ATTACHMENT_TITLE, attachment.title, attachment, i)
            yield Node(f"{path}.table", Role.TASK_TABLE, Text(), origin=where, index=i, owner=attachment)


def _walk_text(doc: Document, *, recipients: bool) -> Iterator[Node]:
    """The document's own text: title, 主送 (when it is not a notice's), preamble, sections, closing."""
    if doc.title:
        yield Node("title", Role.TITLE, doc.title, origin=doc.title_origin, owner=doc)
    if recipients:
        yield from _walk_recipients(doc)
    for i, p in enumerate(doc.preamble, start=1):
        yield Node(f"preamble[{i}]", Role.PREAMBLE, p.text, origin=p.origin, index=i, owner=p)
    for n, section in enumerate(doc.sections, start=1):
        path = f"sections[{n}]"
        yield Node(f"{path}.heading", Role.HEADING, section.heading, origin=section.origin, index=n, section=n,
                   owner=section)
        for i, p in enumerate(section.lead, start=1):
            yield Node(f"{path}.lead[{i}]", Role.LEAD, p.text, origin=p.origin, index=i, section=n, owner=p)
        yield from _walk_items(section.items, f"{path}.items", Role.ITEM, 0, n)
    for k, passage in enumerate(doc.closing, start=1):
        path = f"closing[{k}]"
        for i, p in enumerate(passage.lead, start=1):
            yield Node(f"{path}.lead[{i}]", Role.CLOSING, p.text, origin=p.origin, index=i, passage=k, owner=p)
        yield from _walk_items(passage.points, f"{path}.points", Role.POINT, 0, None, k)


def _walk_items(items: list[Item], path: str, role: Role, depth: int, section: int | None,
                passage: int | None = None) -> Iterator[Node]:
    for i, item in enumerate(items, start=1):
        here = f"{path}[{i}]"
        yield Node(here, role, item.body, item.title, item.origin, i, depth, section, passage, item)
        for j, p in enumerate(item.more, start=1):
            yield Node(f"{here}.more[{j}]", Role.MORE, p.text, origin=p.origin or item.origin, index=j, depth=depth,
                       section=section, passage=passage, owner=p)
        yield from _walk_items(item.children, f"{here}.items", Role.ITEM, depth + 1, section, passage)


def iter_items(items: list[Item], depth: int = 0) -> Iterator[tuple[int, Item]]:
    """Walk items depth-first, yielding (depth, item); depth 0 is directly under a section."""
    for item in items:
        yield depth, item
        yield from iter_items(item.children, depth + 1)


def iter_texts(doc: Document) -> Iterator[Text]:
    """Every Text of the document in reading order (title sentences before their bodies)."""
    for node in walk(doc):
        if node.title:
            yield node.title
        yield node.text
