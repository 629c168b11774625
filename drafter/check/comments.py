"""`drafter check --docx-comments OUT`: the Word document with every finding as a comment
(批注) on exactly the flawed characters, so that the office reads them in Word's review pane.

For a .docx the copy is of the input (never modified); for a config it is the draft build
(the same paragraphs the checker read). Each comment is anchored on the characters
[start, end) of its finding: runs are split at those offsets and the characters framed by
``w:commentRangeStart``/``w:commentRangeEnd``, followed by the ``w:commentReference`` run,
as Word writes them. A finding about the whole document (a margin, the page size) goes on
the first paragraph. The comment reads ``[必错] 编号应为 6，这里是 8 ——应为「6、」``, by author
``drafter check``.

This module also knows where each character of a checked paragraph is in the Word XML
(:class:`WordMap`), which ``--fix`` and the format rules use too:

- a .docx's paragraph text as the reader builds it is the label Word numbers itself (not in
  any run: those characters have no place), then the runs' text with tabs dropped or made a
  space, each line stripped, and lines broken by ``w:br`` joined or split into several checked
  paragraphs; the characters are aligned with the runs' characters, skipping what the reader
  dropped;
- a config's build has one Word paragraph per checked paragraph, in order, plus empty ones
  (the blank line after the title, before the 署名, a page break): empty paragraphs are skipped.

Comments are added with python-docx's comments support (python-docx ≥ 1.2); with an older
python-docx the comments part is written here.
"""

from __future__ import annotations

import datetime as dt
import io
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from ..errors import DrafterError
from ..findings import Finding, Severity
from .document import CheckDoc, Para

AUTHOR = "drafter check"
INITIALS = "DC"
LEVEL = {Severity.ERROR: "必错", Severity.WARNING: "疑似", Severity.HINT: "提示"}

_T, _R, _P, _TBL, _RPR = qn("w:t"), qn("w:r"), qn("w:p"), qn("w:tbl"), qn("w:rPr")
_TABS, _BREAKS = {qn("w:tab"), qn("w:ptab")}, {qn("w:br"), qn("w:cr")}
_SKIPPABLE = set(" \t\n\r\f\v\u3000\xa0\u2028\u2029\x85\x1c\x1d\x1e\ufeff\u200b\u200c\u200d\u2060")


# -- where a checked paragraph's characters are ------------------------------------------------------
@dataclass(frozen=True)
class Char:
    """One visible character of a Word paragraph: the element it comes from (a ``w:t``, or a
    ``w:tab``, ``w:br``, ``w:sym`` …), its offset in that ``w:t``'s text and its run."""

    ch: str
    el: object
    offset: int
    run: object

    @property
    def in_text(self) -> bool:
        return self.el.tag == _T


def run_chars(el, out: list[Char] | None = None) -> list[Char]:
    """The characters of paragraph *el* in the order the reader reads them (see
    :func:`drafter.readers.docx._run_text`: runs, and runs inside hyperlinks, insertions, fields …)."""
    from ..readers.docx import _CONTAINERS

    out = [] if out is None else out
    for child in el:
        if child.tag == _R:
            for c in child:
                tag = c.tag
                if tag == _T:
                    out.extend(Char(ch, c, i, child) for i, ch in enumerate(c.text or ""))
                elif tag in _TABS:
                    out.append(Char("\t", c, 0, child))
                elif tag in _BREAKS:
                    out.append(Char("\n", c, 0, child))
                elif tag == qn("w:noBreakHyphen"):
                    out.append(Char("-", c, 0, child))
                elif tag == qn("w:sym"):
                    try:
                        code = int(c.get(qn("w:char"), "0"), 16)
                    except ValueError:
                        code = 0
                    if 0 < code < 0x110000 and not 0xE000 <= code <= 0xF8FF:
                        out.append(Char(chr(code), c, 0, child))
        elif child.tag in _CONTAINERS:
            run_chars(child, out)
    return out


def align(text: str, source: Sequence[str], start: int = 0, virtual: int = 0) -> tuple[list[int | None], int] | None:
    """For each character of *text*, its index in *source* (from *start*), or None for the first
    *virtual* characters (a label Word numbers itself) and for a space the reader put in (a tab
    or a line break between two Latin words). Whitespace and invisible characters of *source*
    that *text* lacks are skipped. Returns (indices, where *source* goes on), or None when
    *text* is not in *source*."""
    out: list[int | None] = [None] * virtual
    j, n = start, len(source)
    for ch in text[virtual:]:
        while True:
            if j < n and source[j] == ch:
                out.append(j)
                j += 1
                break
            if j < n and source[j] in _SKIPPABLE:
                j += 1
                continue
            if ch == " ":
                out.append(None)
                break
            return None
    return out, j


@dataclass
class WordPara:
    """A body paragraph of the Word document: its number as the reader counts them (1-based,
    tables not counted), the ``w:p`` and the label Word's automatic numbering shows before it."""

    number: int
    p: object
    label: str = ""


def word_paragraphs(document) -> list[WordPara]:
    """The body paragraphs of a python-docx Document, counted and numbered exactly as
    :mod:`drafter.readers.docx` counts them."""
    from ..readers.docx import _Numbering, _Styles, _blocks, _label, _numbering_root

    styles = _Styles(document.styles.element)
    numbering = _Numbering(_numbering_root(document))
    out, count = [], 0
    for block in _blocks(document.element.body):
        if block.tag == _TBL:
            for p in block.iter(_P):  # Word counts numbered paragraphs inside tables too
                _label(p, styles, numbering)
            continue
        count += 1
        out.append(WordPara(count, block, _label(block, styles, numbering)))
    return out


class WordMap:
    """Which Word paragraph each checked paragraph is, and where its characters are.

    :meth:`positions` reads the XML afresh on every call, so it stays right after runs were
    split or markers inserted (those change no text)."""

    def __init__(self, doc: CheckDoc, document) -> None:
        self.doc = doc
        self.document = document
        self.words = word_paragraphs(document)
        self.word_of: dict[int, WordPara] = {}
        self.group: dict[int, list[int]] = {}  # id(word) → the checked paragraphs in it, in order
        if doc.kind == "docx":
            by_number = {w.number: w for w in self.words}
            for para in doc.paragraphs:
                word = by_number.get(para.number) if para.number is not None else None
                if word is not None:
                    self._pair(para, word)
        else:  # a config's build: one Word paragraph per checked paragraph, empty ones between
            written = [w for w in self.words if any(c.ch not in _SKIPPABLE for c in run_chars(w.p))]
            checked = [p for p in doc.paragraphs if p.text.strip()]
            for para, word in zip(checked, written):
                self._pair(para, word)

    def _pair(self, para: Para, word: WordPara) -> None:
        self.word_of[para.index] = word
        self.group.setdefault(id(word), []).append(para.index)

    def positions(self, index: int) -> list[Char | None] | None:
        """For each character of checked paragraph *index*, its :class:`Char` (None for Word's
        numbering label and for spaces the reader put in); None when it cannot be placed."""
        word = self.word_of.get(index)
        if word is None:
            return None
        chars = run_chars(word.p)
        source = [c.ch for c in chars]
        j = 0
        for k, member in enumerate(self.group[id(word)]):
            text = self.doc.paragraphs[member].text
            virtual = len(word.label) if k == 0 and word.label and text.startswith(word.label) else 0
            found = align(text, source, j, virtual)
            if found is None:
                return None
            indices, j = found
            if member == index:
                return [chars[i] if i is not None else None for i in indices]
        return None

    def first_paragraph(self) -> WordPara | None:
        """The first body paragraph that has text (document-level comments go there)."""
        return next((w for w in self.words if any(c.ch not in _SKIPPABLE for c in run_chars(w.p))), None)


def finding_para(doc: CheckDoc, f: Finding) -> Para | None:
    """The checked paragraph a finding is about (None for a document-level one)."""
    if f.start is None or f.end is None:
        return None

    def same(para: Para) -> bool:
        if para.text[f.start:f.end] != (f.text or ""):
            return False
        if f.context is None:
            return True
        from .engine import CONTEXT

        before = para.text[max(0, f.start - CONTEXT):f.start]
        after = para.text[f.end:f.end + CONTEXT]
        return f.context == f"{before}【{f.text}】{after}"

    if doc.kind == "config":
        keyed = [p for p in doc.paragraphs if f.path is not None and p.path == f.path]
    elif doc.kind == "docx":
        keyed = [p for p in doc.paragraphs if f.paragraph is not None and p.number == f.paragraph]
    else:
        keyed = [p for p in doc.paragraphs if p.origin is not None and p.origin.line == f.line]
    return next((p for p in keyed if same(p)), None) or next((p for p in doc.paragraphs if same(p)), None)


# -- splitting runs and framing characters ---------------------------------------------------------
def _content_before(run, el) -> bool:
    for child in run:
        if child is el:
            return False
        if child.tag != _RPR:
            return True
    return False


def _split_run_before(run, el):
    """Split *run* so that *el* (a child) and what follows it form a new run with the same
    formatting; returns the run that now starts with *el*."""
    if not _content_before(run, el):
        return run
    new = OxmlElement("w:r")
    for name, value in run.attrib.items():
        new.set(name, value)
    rpr = run.find(_RPR)
    if rpr is not None:
        new.append(deepcopy(rpr))
    moving = []
    node = el
    while node is not None:
        moving.append(node)
        node = node.getnext()
    for node in moving:
        new.append(node)
    run.addnext(new)
    return new


def _preserve(t) -> None:
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def cut_before(c: Char):
    """Make a run boundary right before character *c*; returns the run that starts with it."""
    el = c.el
    if c.in_text and c.offset > 0:
        text = el.text or ""
        tail = deepcopy(el)
        tail.text = text[c.offset:]
        el.text = text[:c.offset]
        _preserve(el)
        _preserve(tail)
        el.addnext(tail)
        el = tail
    return _split_run_before(c.run, el)


def cut_after(c: Char):
    """Make a run boundary right after character *c*; returns the run that starts after it,
    or None when *c* ends its run."""
    el = c.el
    if c.in_text and c.offset + 1 < len(el.text or ""):
        return cut_before(Char("", el, c.offset + 1, c.run))
    nxt = el.getnext()
    if nxt is None:
        return None
    return _split_run_before(c.run, nxt)


def _marker(tag: str, cid: int):
    return OxmlElement(f"w:{tag}", attrs={qn("w:id"): str(cid)})


def _reference_run(cid: int):
    run = OxmlElement("w:r")
    run.append(_marker("commentReference", cid))
    return run


# -- the comments themselves ----------------------------------------------------------------------
class _Comments:
    """Adds comments to the document's comments part: python-docx's when it has comments
    support (≥ 1.2), else a part written here."""

    def __init__(self, document, use_python_docx: bool = True) -> None:
        self.document = document
        self.native = use_python_docx and hasattr(document, "comments")
        self.root = self.part = None
        if not self.native:
            self._open_part()

    def _open_part(self) -> None:
        part = next((rel.target_part for rel in self.document.part.rels.values()
                     if rel.reltype == RT.COMMENTS and not rel.is_external), None)
        if part is not None:
            element = getattr(part, "_element", None)
            self.root = element if element is not None else etree.fromstring(part.blob)
            self.part = part
        else:
            self.root = etree.Element(qn("w:comments"), nsmap={"w": nsmap["w"]})
        ids = [int(c.get(qn("w:id"))) for c in self.root.findall(qn("w:comment"))
               if (c.get(qn("w:id")) or "").isdigit()]
        self.next_id = max(ids, default=-1) + 1

    def add(self, text: str) -> int:
        if self.native:
            return self.document.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS).comment_id
        cid = self.next_id
        self.next_id += 1
        comment = etree.SubElement(self.root, qn("w:comment"))
        comment.set(qn("w:id"), str(cid))
        comment.set(qn("w:author"), AUTHOR)
        comment.set(qn("w:initials"), INITIALS)
        comment.set(qn("w:date"), dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        for line in text.split("\n"):
            p = etree.SubElement(comment, _P)
            t = etree.SubElement(etree.SubElement(p, _R), _T)
            t.text = line
            _preserve(t)
        return cid

    def finish(self) -> None:
        if self.native:
            return
        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if self.part is None:
            from docx.opc.packuri import PackURI
            from docx.opc.part import Part

            package = self.document.part.package
            self.part = Part(PackURI("/word/comments.xml"), CT.WML_COMMENTS, blob, package)
            self.document.part.relate_to(self.part, RT.COMMENTS)
        elif getattr(self.part, "_element", None) is None:
            self.part._blob = blob


def comment_text(f: Finding, doc_kind: str = "docx") -> str:
    """"[必错] 编号应为 6，这里是 8 ——应为「6、」", and for a config where to edit it."""
    text = f"[{LEVEL[f.severity]}] {f.message}"
    if f.hint:
        text += f" ——{f.hint}"
    if doc_kind == "config" and f.file and f.line is not None:
        text += f"（改 {f.where}）"
    return text


@dataclass
class CommentsOutcome:
    """What --docx-comments wrote."""

    out: Path
    added: int = 0
    exact: int = 0  # anchored on exactly the finding's characters
    inexact: list[Finding] = field(default_factory=list)  # on the whole paragraph, or a point (Word's numbering)
    document_level: int = 0


def _frame(chars: list[Char], cid: int) -> None:
    """Frame characters chars[0] … chars[-1] of one paragraph with the comment's markers
    (the end first: cutting there leaves the characters before it where they were)."""
    after = cut_after(chars[-1])
    end = _marker("commentRangeEnd", cid)
    if after is not None:
        after.addprevious(end)
    else:
        chars[-1].run.addnext(end)
    end.addnext(_reference_run(cid))
    first = cut_before(chars[0])
    first.addprevious(_marker("commentRangeStart", cid))


def _point(p, before: Char | None, cid: int) -> None:
    """A comment on a point (the characters have no place of their own: Word's numbering label)."""
    markers = [_marker("commentRangeStart", cid), _marker("commentRangeEnd", cid), _reference_run(cid)]
    if before is not None:
        run = cut_before(before)
        for m in markers:
            run.addprevious(m)
    else:
        for m in markers:
            p.append(m)


def _point_after(c: Char, cid: int) -> None:
    markers = [_marker("commentRangeStart", cid), _marker("commentRangeEnd", cid), _reference_run(cid)]
    after = cut_after(c)
    for m in markers:
        if after is not None:
            after.addprevious(m)
        else:
            c.run.addnext(m)
            c = Char(c.ch, c.el, c.offset, m)  # the next marker goes after this one


def _whole(p, cid: int) -> None:
    chars = [c for c in run_chars(p) if c.ch not in _SKIPPABLE]
    if chars:
        _frame(chars, cid)
    else:
        _point(p, None, cid)


def add_comments(doc: CheckDoc, findings: list[Finding], data: bytes, *,
                 use_python_docx: bool = True) -> tuple[bytes, CommentsOutcome]:
    """*data* (a .docx) with each finding as a comment; returns the new bytes and what was done."""
    import docx

    document = docx.Document(io.BytesIO(data))
    words = WordMap(doc, document)
    comments = _Comments(document, use_python_docx)
    outcome = CommentsOutcome(Path())
    for f in findings:
        cid = comments.add(comment_text(f, doc.kind))
        outcome.added += 1
        para = finding_para(doc, f)
        if para is None:
            if f.start is not None:
                outcome.inexact.append(f)
            else:
                outcome.document_level += 1
            first = words.first_paragraph()
            if first is not None:
                _whole(first.p, cid)
            continue
        positions = words.positions(para.index)
        if positions is None:
            outcome.inexact.append(f)
            word = words.word_of.get(para.index) or words.first_paragraph()
            if word is not None:
                _whole(word.p, cid)
            continue
        chars = [c for c in positions[f.start:f.end] if c is not None]
        if chars:
            _frame(chars, cid)
            outcome.exact += 1
            continue
        # something missing (a point where to insert), or only characters Word numbers itself:
        # a point before the text that follows
        if f.start == f.end:
            outcome.exact += 1
        else:
            outcome.inexact.append(f)
        after = next((c for c in positions[f.end:] if c is not None), None)
        p = words.word_of[para.index].p
        if after is None and f.start > 0 and positions[f.start - 1] is not None:
            _point_after(positions[f.start - 1], cid)
        else:
            _point(p, after, cid)
    comments.finish()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), outcome


def docx_of(doc: CheckDoc) -> bytes:
    """The Word document the findings are about: the .docx checked, or a config's draft build."""
    if doc.kind == "docx" and doc.data is not None:
        return doc.data
    if doc.kind == "config":
        from ..builder import writer_options
        from ..writers.docx import write_docx

        return write_docx(doc.document, writer_options(doc.config))
    raise DrafterError("只有 Word 文档（.docx）和配置文件能写出带批注的文档", file=doc.source,
                       hint="纯文本没有批注；可先导入为配置，或直接检查 .docx")


def check_output(source: Path, out: Path, suffixes: tuple[str, ...], option: str) -> None:
    """Refuse an output that is the input, or whose extension is not one of *suffixes*."""
    if out.suffix.lower() not in suffixes:
        raise DrafterError(f"输出文件的扩展名应为 {' 或 '.join(suffixes)}", file=str(out), key=option,
                           hint="与被检查的文件同类" if option == "--fix" else None)
    same = out.resolve() == source.resolve()
    if not same and out.exists() and source.exists():
        try:
            same = out.samefile(source)
        except OSError:
            same = False
    if same:
        raise DrafterError("不能写回被检查的文件本身", file=str(out), key=option,
                           hint="请另给一个文件名，原文件保持不变")
    if out.is_dir():
        raise DrafterError("输出是一个文件夹", file=str(out), key=option, hint="请给出文件名")


def check_comments_output(source: Path | str, out: Path | str) -> None:
    """Refuse, before checking anything, a plain-text input or an OUT that is the input or not a .docx."""
    source, out = Path(source), Path(out)
    if source.suffix.lower() == ".txt":
        raise DrafterError("纯文本没有批注，--docx-comments 只用于 Word 文档（.docx）和配置文件", file=str(source),
                           key="--docx-comments", hint="可用 --fix 另存修正后的文本，或检查 .docx")
    check_output(source, out, (".docx",), "--docx-comments")


def write_comments(result, source: Path | str, out: Path | str, *, use_python_docx: bool = True) -> CommentsOutcome:
    """`--docx-comments OUT`: write the commented copy atomically."""
    from ..fsutil import write_atomic

    source, out = Path(source), Path(out)
    check_output(source, out, (".docx",), "--docx-comments")
    data, outcome = add_comments(result.doc, result.findings, docx_of(result.doc), use_python_docx=use_python_docx)
    write_atomic(out, data)
    outcome.out = out
    return outcome


def comments_text(outcome: CommentsOutcome) -> list[str]:
    """What to tell the user."""
    if not outcome.added:
        return [f"已写出 {outcome.out}：没有发现，未加批注。"]
    lines = [f"已写出 {outcome.out}：加了 {outcome.added} 条批注（作者“{AUTHOR}”），在 Word 的“审阅”窗格中查看。"]
    if outcome.document_level:
        lines.append(f"  其中 {outcome.document_level} 条关于全文（如页边距），加在第一段上。")
    if outcome.inexact:
        lines.append(f"  其中 {len(outcome.inexact)} 条无法对应到字符（如 Word 自动编号），加在所在段落或编号处。")
    return lines
