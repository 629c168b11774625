"""A Word document of NEW in the official layout, with real tracked changes against OLD.

NEW is written by drafter's own docx writer (:func:`drafter.writers.docx.write_docx`: the
same styles, page, fonts and spacer paragraphs as an ordinary build) and its body is then
revised in the XML; OLD is written the same way when its paragraphs are needed, so a
deleted heading keeps the heading's formatting. Each changed paragraph is rebuilt from the
writer's own runs, split at the diff's character offsets, so every character keeps its
run properties (the label's and title sentence's character style, a blank's highlight):

- a changed paragraph: equal text as plain runs, deleted characters in ``w:del`` (text in
  ``w:delText``), inserted ones in ``w:ins``, character by character
  (:mod:`drafter.diff.textdiff`);
- an inserted (deleted) paragraph: every run in ``w:ins`` (``w:del``) and its paragraph mark
  too (``w:pPr/w:rPr/w:ins``, ``…/w:del``), so accepting (rejecting) leaves no empty paragraph;
- a moved paragraph that is mostly unchanged: at its old place, a paragraph whose runs and mark
  are ``w:moveFrom`` (characters that were also deleted: ``w:del``), inside
  ``w:moveFromRangeStart``/``w:moveFromRangeEnd``; at its new place, ``w:moveTo`` (inserted
  characters: ``w:ins``) inside ``w:moveToRangeStart``/``End``; both ranges share one
  ``w:name`` (ECMA-376 Part 1 §17.13.5.21–28) and stand in the body just before the first
  and after the last paragraph of the move, so that the paragraph marks are inside them too.
  Paragraphs that moved together are one move.
  A paragraph that moved and was largely rewritten is a deletion plus an insertion;
- labels: drafter writes labels as text, so a label that only counts differently (2. → 3.,
  because an item before it was added or moved) is NEW's label, unmarked; a label of another
  style (1. → 1、) is an edit.

Every change has ``w:id`` (unique in the document), ``w:author`` and ``w:date``. Accepting all
changes gives NEW's text paragraph by paragraph; rejecting all gives OLD's, with NEW's numbers
in the labels that only renumbered.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from ..errors import DrafterError
from ..model import Role
from .align import CHANGED, MOVED, Alignment, Op, Para, Side

__all__ = ["AUTHOR", "redline", "revision_time"]

AUTHOR = "drafter"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_P, _R, _T, _BR, _PPR, _RPR = W + "p", W + "r", W + "t", W + "br", W + "pPr", W + "rPr"
_TAB, _CR = W + "tab", W + "cr"
# children of w:pPr that come after w:rPr in the schema (CT_PPr): the mark's rPr goes before them
_AFTER_RPR = {W + "sectPr", W + "pPrChange"}

_CONTROL = re.compile("([\t\n])")  # a tab and a line break are elements of a run, not text

# kinds of content in a rebuilt paragraph
PLAIN, INS, DEL, MOVE_FROM, MOVE_TO = "plain", "ins", "del", "moveFrom", "moveTo"


def revision_time(date: dt.date | None) -> dt.datetime:
    """When the changes were made: ``SOURCE_DATE_EPOCH`` when set (reproducible output), else
    NEW's own date (a config's 成文日期 or year), else now."""
    from ..writers import timestamp

    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit() or date is not None:
        return timestamp(date)
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


# -- the paragraphs the writer wrote ------------------------------------------------------------------
@dataclass
class _Written:
    """One paragraph as the writer wrote it: the ``w:p``, each character's run, and the line
    breaks (a title's), as the number of characters before each."""

    p: object
    text: str
    runs: list  # the w:r of each character
    breaks: dict[int, list]  # characters before the break → the w:br elements

    @property
    def ppr(self):
        return self.p.find(_PPR)


def _read_paragraph(p, newlines: bool = False) -> tuple[str, _Written]:
    """The text of a written paragraph and where each character is. A tab in the text is a
    ``w:tab`` (python-docx writes it so); a line break is a character ("\n") when *newlines*,
    else a break of the layout (the title's lines), kept aside."""
    runs: list = []
    text: list[str] = []
    breaks: dict[int, list] = {}
    for r in p.iter(_R):
        for child in r:
            if child.tag == _T:
                t = child.text or ""
                text.append(t)
                runs.extend([r] * len(t))
            elif child.tag == _TAB:
                text.append("\t")
                runs.append(r)
            elif child.tag in (_BR, _CR) and child.get(W + "type") in (None, "textWrapping"):
                if newlines:
                    text.append("\n")
                    runs.append(r)
                else:
                    breaks.setdefault(len(runs), []).append(child)
    joined = "".join(text)
    return joined, _Written(p, joined, runs, breaks)


def _document_root(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _written(root, paragraphs: list[Para]) -> list[_Written]:
    """For each paragraph, where the writer put it in the document.xml *root*: the next ``w:p``
    with its text (the others are the spacers after the title, before the 署名, page breaks)."""
    body = root.find(W + "body")
    out: list[_Written] = []
    ps = [child for child in body if child.tag == _P]
    k = 0
    for para in paragraphs:
        while k < len(ps):
            text, written = _read_paragraph(ps[k], "\n" in para.full)
            k += 1
            if text == para.full:
                out.append(written)
                break
        else:
            raise DrafterError(f"内部错误：在写出的文档中找不到段落 {para.path}", hint="请报告这个问题")
    return out


def _written_old(side: Side, indexes: set[int]) -> dict[int, _Written]:
    """OLD's paragraphs *indexes* as the writer writes them, by index.

    Only those paragraphs are written (the writer's per-line code, :class:`drafter.writers.docx._Body`,
    on an empty document with the writer's styles), which costs a tenth of writing all of OLD
    when a tenth changed. Should the writer's internals change shape, the whole of OLD is
    written instead (the same paragraphs, slower); tests/test_redline.py compares the two."""
    from ..writers import WriterOptions
    from ..writers.docx import write_docx

    options = side.options or WriterOptions()
    wanted = sorted(indexes)
    if any(side.paragraphs[i].role is Role.DATE for i in wanted):
        # the date's indent is measured from the 署名 above it
        wanted = sorted(set(wanted) | {p.index for p in side.paragraphs if p.role is Role.ISSUER})
    paras = [side.paragraphs[i] for i in wanted]
    root = _write_lines([p.line for p in paras], options)
    if root is None:
        root, paras = _document_root(write_docx(side.document, options)), side.paragraphs
    return {p.index: w for p, w in zip(paras, _written(root, paras))}


def _write_lines(lines: list, options):
    """The document.xml root of an otherwise empty document holding just *lines*, or None."""
    import docx

    from ..layout import FONT_SETS
    from ..writers import docx as writer

    try:
        document = docx.Document()
        writer.ox.keep_only_styles(document.styles.element, writer.TEMPLATE_STYLES)
        writer._add_styles(document, FONT_SETS[options.fonts], options)
        body = writer._Body(document)
        for line in lines:
            body.write(line)
    except (AttributeError, TypeError, KeyError, ValueError):
        return None
    return etree.fromstring(etree.tostring(document.element))


# -- building the revised paragraphs -----------------------------------------------------------------
class _Builder:
    """Makes the revised paragraphs, numbering every change."""

    def __init__(self, author: str, when: dt.datetime) -> None:
        self.author = author
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1

    def _id(self) -> str:
        n = self.next_id
        self.next_id += 1
        return str(n)

    def mark(self, tag: str):
        el = etree.Element(W + tag)
        el.set(W + "id", self._id())
        el.set(W + "author", self.author)
        el.set(W + "date", self.date)
        return el

    def range_marker(self, tag: str, rid: str, name: str | None = None):
        el = etree.Element(W + tag)
        el.set(W + "id", rid)
        if name is not None:
            el.set(W + "author", self.author)
            el.set(W + "date", self.date)
            el.set(W + "name", name)
        return el

    def paragraph(self, ppr_source: _Written, pieces: list[tuple[str, _Written, int, int, bool]], mark: str | None):
        """A new ``w:p``: *ppr_source*'s properties, the paragraph mark revised as *mark* (or not),
        and *pieces* (kind, written paragraph, start, end, keep line breaks) as runs."""
        p = etree.Element(_P)
        ppr = ppr_source.ppr
        ppr = deepcopy(ppr) if ppr is not None else etree.Element(_PPR)
        p.append(ppr)
        if mark is not None:
            rpr = ppr.find(_RPR)
            if rpr is None:
                rpr = etree.Element(_RPR)
                tail = next((c for c in ppr if c.tag in _AFTER_RPR), None)
                if tail is not None:
                    tail.addprevious(rpr)
                else:
                    ppr.append(rpr)
            rpr.insert(0, self.mark(mark))
        container = None
        container_kind = None
        for kind, written, start, end, keep_breaks in pieces:
            if start >= end:
                continue
            if kind != container_kind:
                container_kind = kind
                if kind == PLAIN:
                    container = p
                else:
                    container = self.mark(kind)
                    p.append(container)
            for run in _runs(written, start, end, deleted=kind == DEL, keep_breaks=keep_breaks):
                container.append(run)
        return p


def _runs(written: _Written, start: int, end: int, *, deleted: bool, keep_breaks: bool) -> list:
    """Characters [start, end) of a written paragraph as new runs with their runs' properties;
    deleted text goes in ``w:delText``; a title's line breaks follow the character before them."""
    out = []
    text_tag = W + ("delText" if deleted else "t")
    i = start
    while i < end:
        run = written.runs[i]
        j = i + 1
        while j < end and written.runs[j] is run and not (keep_breaks and j in written.breaks):
            j += 1
        r = etree.Element(_R)
        rpr = run.find(_RPR)
        if rpr is not None:
            r.append(deepcopy(rpr))
        for piece in _CONTROL.split(written.text[i:j]):
            if piece == "\t":
                etree.SubElement(r, _TAB)
            elif piece == "\n":
                etree.SubElement(r, _BR)
            elif piece:
                t = etree.SubElement(r, text_tag)
                t.set(XML_SPACE, "preserve")
                t.text = piece
        if keep_breaks and j in written.breaks:
            for br in written.breaks[j]:
                r.append(deepcopy(br))
        out.append(r)
        i = j
    return out


# -- the revision of each paragraph ------------------------------------------------------------------
def _pieces_changed(op: Op, old: _Written, new: _Written, *, keep: str, insert: str, delete: str,
                    with_old: bool = True, with_new: bool = True) -> list:
    """The pieces of a paired paragraph: the label, then the text diff's opcodes. *keep*,
    *insert*, *delete* name the kind each stretch gets; *with_old*/*with_new* say which side's
    characters this paragraph shows (a move's source shows OLD's, its destination NEW's)."""
    pieces = []
    old_label, new_label = len(op.old.label), len(op.new.label)
    if op.label in ("same", "renumbered") and with_new and with_old:
        pieces.append((keep, new, 0, new_label, True))
    else:
        if with_old:
            pieces.append((keep if not with_new else delete, old, 0, old_label, False))
        if with_new:
            pieces.append((keep if not with_old else insert, new, 0, new_label, True))
    for e in op.diff.opcodes:
        if e.op == "equal":
            if with_new:
                pieces.append((keep, new, new_label + e.new_start, new_label + e.new_end, True))
            else:
                pieces.append((keep, old, old_label + e.old_start, old_label + e.old_end, False))
            continue
        if with_old and e.old_end > e.old_start:
            pieces.append((delete, old, old_label + e.old_start, old_label + e.old_end, False))
        if with_new and e.new_end > e.new_start:
            pieces.append((insert, new, new_label + e.new_start, new_label + e.new_end, True))
    return pieces


def _whole(written: _Written, kind: str, keep_breaks: bool) -> list:
    return [(kind, written, 0, len(written.runs), keep_breaks)]


def redline(alignment: Alignment, *, author: str = AUTHOR, when: dt.datetime | None = None) -> bytes:
    """The .docx of NEW with the changes from OLD tracked (see the module docstring)."""
    from ..writers import WriterOptions, timestamp
    from ..writers.docx import write_docx

    old, new = alignment.old, alignment.new
    new_options = new.options or WriterOptions()
    when = when or revision_time(getattr(new_options, "date", None))
    data = write_docx(new.document, new_options)
    root = _document_root(data)
    new_written = _written(root, new.paragraphs)
    # OLD's paragraphs whose characters show: deleted, moved, changed with deletions
    needed = {op.old.index for where, op in alignment.sequence
              if where == "old" or (op.kind == MOVED and op.as_move)
              or (op.kind == CHANGED and (any(e.old_end > e.old_start for e in op.edits) or op.label == "changed"))}
    old_written = _written_old(old, needed) if needed else {}
    build = _Builder(author, when)

    replaced: dict[int, object] = {}  # NEW paragraph index → its revised w:p
    before: dict[int, list] = {}  # NEW paragraph index → OLD paragraphs shown before it
    pending: list = []
    moves_from: dict[int, list] = {}  # move number → its source paragraphs, in order
    moves_to: dict[int, list] = {}
    for where, op in alignment.sequence:
        if where == "old":
            o = old_written[op.old.index]
            if op.kind == MOVED and op.as_move:
                p = build.paragraph(o, _pieces_changed(op, o, new_written[op.new.index], keep=MOVE_FROM, insert=INS,
                                                       delete=DEL, with_new=False), MOVE_FROM)
                moves_from.setdefault(op.move, []).append(p)
            else:  # deleted, or moved and rewritten: a deletion here
                p = build.paragraph(o, _whole(o, DEL, False), DEL)
            pending.append(p)
            continue
        n_index = op.new.index
        n = new_written[n_index]
        if pending:
            before[n_index] = pending
            pending = []
        if where == "new":
            if op.kind == MOVED and op.as_move:
                p = build.paragraph(n, _pieces_changed(op, old_written.get(op.old.index), n, keep=MOVE_TO, insert=INS,
                                                       delete=DEL, with_old=False), MOVE_TO)
                moves_to.setdefault(op.move, []).append(p)
            else:  # inserted, or moved and rewritten: an insertion here
                p = build.paragraph(n, _whole(n, INS, True), INS)
            replaced[n_index] = p
        elif op.kind == CHANGED:
            replaced[n_index] = build.paragraph(n, _pieces_changed(op, old_written.get(op.old.index), n, keep=PLAIN,
                                                                   insert=INS, delete=DEL), None)
        # equal (or only renumbered): the writer's paragraph stays as it is

    body = root.find(W + "body")
    for index, written in enumerate(new_written):
        anchor = written.p
        if index in before:
            spot = anchor
            if new.paragraphs[index].role is Role.ISSUER:
                # OLD's closing paragraphs go above the blank line before the 署名
                while spot.getprevious() is not None and _empty(spot.getprevious()):
                    spot = spot.getprevious()
            for p in before[index]:
                spot.addprevious(p)
        if index in replaced:
            anchor.addprevious(replaced[index])
            body.remove(anchor)
    if pending:  # OLD's paragraphs after NEW's last one
        end = body.find(W + "sectPr")
        for p in pending:
            if end is not None:
                end.addprevious(p)
            else:
                body.append(p)
    # each move's range encloses its paragraphs, marks included: before the first, after the last
    # (as in ECMA-376 Part 1 §17.13.5.21's example of a moved paragraph)
    for number in sorted(moves_from):
        name = f"move{number}"
        for tag, group in (("moveFrom", moves_from[number]), ("moveTo", moves_to[number])):
            rid = build._id()
            group[0].addprevious(build.range_marker(f"{tag}RangeStart", rid, name))
            group[-1].addnext(build.range_marker(f"{tag}RangeEnd", rid))
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _replace_part(data, "word/document.xml", xml, timestamp(getattr(new_options, "date", None)))


def _empty(p) -> bool:
    return p.tag == _P and not any((t.text or "") for t in p.iter(_T)) and p.find(f".//{_BR}") is None


def _replace_part(data: bytes, name: str, blob: bytes, stamp: dt.datetime) -> bytes:
    """The package with part *name* replaced, entries in the same order with fixed times and
    attributes (as the writer stamps them), so equal input gives equal bytes."""
    out = io.BytesIO()
    date_time = stamp.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0o644 << 16
            target.writestr(entry, blob if info.filename == name else source.read(info))
    return out.getvalue()
