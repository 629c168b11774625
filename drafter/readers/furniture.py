"""The official document around the text, recognised in flat paragraphs: 版头 (红头), the 印发通知
(its title, 主送, body, 附件说明, 署名 and date), the 附件 pages (the document itself, the 任务分解表)
and the 版记 — read into the model's official parts, so that import writes them into the config's
``header``, ``recipients``, ``wrapper: notice``, ``notice``, ``cover``, ``tasks``, ``imprint`` and
each item's ``task``.

Parts are told by their words and shapes, as GB/T 9704 prints them, so that a file from another
office (no drafter styles) reads like drafter's own; styles and colour only help:

- 版头: 份号 (6 digits), 密级 (秘密★1年), 紧急程度 (特急), then the 发文机关标志 — a short line
  ending with 文件, or printed in red, or styled 发文机关标志 — followed by the 发文字号
  (县政党发〔2023〕5号, perhaps with 签发人：… on its line) or by the notice's title
- 印发通知: a title "…关于印发《X》的通知" (over up to three short lines), a 主送 line ending with
  "：", the body, the 附件说明 (附件：1.… 2.…), 署名 and date
- 附件: pages opening with 附件1, 附件2 … (附件 alone when there is one), each with its title. The
  first attachment is the document itself (``wrapper: notice``): titled X as a rule (else the
  notice's title is not drafter's usual one, and the config writes it out); one whose content is a
  table headed 序号/工作任务/牵头单位/责任单位/完成时限 (any order, the header repeated or not, a
  section's row merged across the columns) is the 任务分解表 (``tasks: appendix``), its rows
  becoming the tasks of the items whose task text (title sentence) they name
- 版记 at the end: 抄送：…。 and "印发机关 2023年2月10日印发" (paragraphs, a table, or — in
  drafter's own .docx — the last page's footer)
- a 红头 document that is not a notice: its title, a 主送 line under it, the text, the 附件说明 of
  its 任务分解表, 署名 and date

Nothing is guessed: every part must be there as the model prints it. The model is then printed
(``drafter build -f txt``) and compared with the input, spaces and tabs aside (a tab or the
gap between 印发机关 and date is layout), the 任务分解表 in drafter's column order and without
repeated header rows; when anything differs — or a part has no place in the model (a third
attachment, a 发文字号 written 〔2023〕第5号, a table row that names no item) — the reason is
returned and the document is read as plain text instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import official as wording
from ..findings import Finding, Severity
from ..flow import flow
from ..model import (Attachment, AttachmentKind, Document, Header, Imprint, Item, Notice, Paragraph, Role, Task,
                     walk)
from ..numbering import LabelStyle, parse_label
from ..tasks import COLUMNS, task_text
from .structure import (DATE_PATTERN, TITLE_MAX, FlatParagraph, TextParts, _short_unpunctuated,
                        _split_signature, _Texts, fill_text, find_placeholders, is_date, split_text)

ORGAN_STYLE = "发文机关标志"
# drafter's own styles of the official parts (the docx reader passes these names on)
OFFICIAL_STYLES = frozenset({ORGAN_STYLE, "发文字号", "主送机关", "附件说明", "附件标识", "版记"})

_COPY_NUMBER = re.compile(r"^[0-9]{6}$")
_SECRECY = re.compile(r"^(?:绝密|机密|秘密)(?:★.{1,10})?$")
_URGENCY = re.compile(r"^(?:特急|加急|特提|平急)$")
# a 发文字号's shape, loosely (its exact form is checked apart, to say what is wrong with it)
_NUMBER_SHAPE = re.compile(r"^\S{0,30}?[〔\[(（【［][^〔〕\[\]]{2,8}[〕\])）】］]\s*第?\s*\S{1,8}?号$")
_SIGNERS = re.compile(r"^(?P<number>.+?号)\s*签发人\s*[：:]\s*(?P<names>\S.*)$")
_NOTICE_TITLE = re.compile(r"^.*?关于.*?《(?P<title>[^《》]+)》.*的通知$")
_LABEL = re.compile(r"^附件(?P<n>[0-9]*)$")
_NOTE_FIRST = re.compile(r"^附件\s*[：:]\s*(?:(?P<n>[0-9]+)[.．]\s*)?(?P<name>\S.*)$")
_NOTE_NEXT = re.compile(r"^(?P<n>[0-9]+)[.．]\s*(?P<name>\S.*)$")
_CC = re.compile(r"^抄送\s*[：:]\s*(?P<names>\S.*)$")
_PRINTED = re.compile(rf"^(?P<printer>\S.*?)\s*(?P<date>{DATE_PATTERN})\s*印发$")
_COLUMN_KEYS = dict(zip(COLUMNS, ("number", "task", "lead", "units", "due")))
_CELL_SEPARATOR = "\u241f"  # tabs between cells kept apart from other spaces when lines are compared
_NOTICE_TITLE_LINES = 3


class _Refused(Exception):
    """Why the official parts cannot go into the model (the message, in Chinese)."""


@dataclass
class Official:
    """The document with its official parts, and what the reader should know besides."""

    document: Document
    findings: list[Finding] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@dataclass
class _TaskRow:
    section: str | None  # a section's row: its text; a task's row: None
    cells: dict[str, str] = field(default_factory=dict)  # number, task, lead, units, due
    where: int = 0  # the row's number in the table (the header is row 1)


def recognise(paras: list[FlatParagraph], source: str = "") -> Official | str | None:
    """The document with its official parts; the reason (a Chinese sentence) when it has some but
    they cannot be read into the model; None when it has none (a plain document)."""
    try:
        return _Reader(paras, source).read()
    except _Refused as why:
        return str(why)


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_text(p: FlatParagraph) -> bool:
    return p.table is None


def _stripped(p: FlatParagraph) -> str:
    return p.text.strip()


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


class _Reader:
    def __init__(self, paras: list[FlatParagraph], source: str) -> None:
        self.paras = _imprint_tables(list(paras))
        self.source = source
        self.texts = _Texts(source)
        self.expected: dict[int, list[str]] = {}  # id(paragraph) → the lines it stands for, when not its text
        self.findings: list[Finding] = []
        self.dropped: list[str] = []

    # -- the parts ------------------------------------------------------------------------------
    def read(self) -> Official | None:
        paras = self.paras
        header, paras = _split_header(paras)
        imprint, paras = _split_imprint(paras)
        main, attachments = _split_attachments(paras)
        if header is None and imprint is None and not attachments:
            return None
        doc = Document()
        texts = self.texts
        if header is not None:
            doc.header = self._header(header)
        notice = self._notice_title(main)
        if attachments and notice is not None:
            self._notice(doc, notice, main, attachments)
        elif attachments:
            if main and _is_recipients(main[0]):
                raise _Refused("印发通知没有标题（主送机关之前应有“…关于印发《…》的通知”）")
            self._document(doc, main, attachments)
        else:
            self._document(doc, main, [])
        if imprint is not None:
            cc, printed = imprint
            m = _PRINTED.match(_stripped(printed))
            cc_names = _CC.match(_stripped(cc))["names"] if cc is not None else None
            doc.imprint = Imprint(
                printer=Paragraph(texts(m["printer"].strip()), texts.origin(printed)),
                date=Paragraph(texts(m["date"].strip() + wording.PRINTED_SUFFIX), texts.origin(printed)),
                cc=Paragraph(texts(cc_names.strip()), texts.origin(cc)) if cc is not None else None)
        for p in self.paras:  # tables the official parts do not use: left out, as before
            if p.table is not None and id(p) not in self.expected:
                self.expected[id(p)] = []
                self.findings.append(Finding("import.table", Severity.WARNING,
                                             p.left_out or "表格的内容没有导入（导入只识别正文段落），请核对后手工补上",
                                             file=self.source or None, text=p.text or None))
                if p.text:
                    self.dropped.append(p.text)
        self._verify(doc)
        return Official(doc, self.findings, self.dropped)

    def _header(self, header: dict) -> Header:
        texts = self.texts

        def one(name: str) -> Paragraph | None:
            p = header.get(name)
            return texts.paragraph(p, _stripped(p)) if p is not None else None

        number = signers = None
        if "number" in header:
            p, text, names = header["number"]
            if not find_placeholders(text):
                problem = wording.doc_number_problem(text)
                if problem is not None:
                    message, fixed = problem
                    message = message.removeprefix("发文字号格式不对：")
                    raise _Refused(f"发文字号「{text}」不合 GB/T 9704 的写法（{message}"
                                   + (f"，应为“{fixed}”" if fixed else "") + "），配置中写不下原文")
            number = Paragraph(texts(text), texts.origin(p))
            if names:
                signers = Paragraph(texts(wording.SIGNER_SEPARATOR.join(names)), texts.origin(p))
        return Header(organ=one("organ"), number=number, signers=signers, copy_number=one("copy_number"),
                      secrecy=one("secrecy"), urgency=one("urgency"))

    def _notice_title(self, main: list[FlatParagraph]) -> tuple[FlatParagraph, str, int] | None:
        """The 印发通知's title at the top of *main* (over up to three short lines, joined), its 《X》,
        and how many paragraphs it takes."""
        joined = ""
        for n, p in enumerate(main[:_NOTICE_TITLE_LINES], start=1):
            text = _stripped(p)
            if not _is_text(p) or parse_label(text) is not None or is_date(text) or len(text) > TITLE_MAX * 2:
                return None
            joined += text
            m = _NOTICE_TITLE.match(joined)
            if m:
                first = main[0]
                return FlatParagraph(joined, title=first.title, line=first.line, paragraph=first.paragraph), \
                    m["title"], n
            if joined.endswith("通知"):
                return None
        return None

    def _notice(self, doc: Document, notice: tuple[FlatParagraph, str, int], main: list[FlatParagraph],
                attachments: list[tuple[FlatParagraph, list[FlatParagraph]]]) -> None:
        """The 印发通知 (``wrapper: notice``): the document is its first attachment."""
        texts = self.texts
        title_p, issued, taken = notice
        if taken > 1:  # the lines read as one title, as the rebuild prints it
            self.expected[id(main[0])] = [title_p.text]
            for p in main[1:taken]:
                self.expected[id(p)] = []
        rest = main[taken:]
        recipients = None
        if rest and _is_text(rest[0]) and _is_recipients(rest[0]):
            recipients, rest = rest[0], rest[1:]
        signature, rest = _split_signature(rest)
        body, notes = _split_notes(rest)
        if not body:
            raise _Refused("印发通知没有正文（主送机关之后、附件说明之前）")
        if any(not _is_text(p) for p in body):
            raise _Refused("印发通知的正文中有表格")
        label, content = attachments[0]
        text = [p for p in content if _is_text(p)]  # a table in the text: left out, as in a plain document
        parts = split_text(text, cover=False, signature=False)
        if not parts.title:  # 《X》 names it as a rule; if not, the notice's title is written out in the config
            shown = _stripped(text[0]) if text else ""
            raise _Refused(f"印发通知印发的是《{issued}》，附件1却没有标题（第一段是「{_short(shown)}」）")
        doc.notice = Notice(title=texts.paragraph(title_p))
        if recipients is not None:
            doc.recipients = texts.paragraph(recipients, _stripped(recipients))
        fill_text(doc, TextParts(body, parts.title, parts.body, signature), texts)
        doc.attachments.append(Attachment(name=Paragraph(doc.title, doc.title_origin), kind=AttachmentKind.DOCUMENT))
        for label, content in attachments[1:]:
            doc.attachments.append(self._tasks_attachment(doc, label, content, len(doc.attachments) + 1))
        self._check_notes(doc, notes, attachments)

    def _document(self, doc: Document, main: list[FlatParagraph],
                  attachments: list[tuple[FlatParagraph, list[FlatParagraph]]]) -> None:
        """A document that is not issued by a notice: its own title, 主送, text, 附件说明 and 署名 (or, with
        no attachment, a cover notice before its title, as a plain document has it)."""
        if any(not _is_text(p) for p in main):
            text = [p for p in main if _is_text(p)]  # a table in the text: left out, as in a plain document
        else:
            text = main
        cover = bool(text) and not attachments and (
            _is_recipients(text[0]) or self._notice_title(text) is not None)
        parts = split_text(text, cover=cover)
        if not parts.title and not cover:
            raise _Refused("版头之后没有文件标题")
        if not cover and parts.body and _is_recipients(parts.body[0]):
            doc.recipients = self.texts.paragraph(parts.body[0], _stripped(parts.body[0]))
            parts.body = parts.body[1:]
        notes: list[tuple[FlatParagraph, str]] = []
        if attachments:
            parts.body, notes = _split_notes(parts.body)
        fill_text(doc, parts, self.texts)
        for label, content in attachments:
            doc.attachments.append(self._tasks_attachment(doc, label, content, len(doc.attachments) + 1))
        self._check_notes(doc, notes, attachments)

    def _check_notes(self, doc: Document, notes: list[tuple[FlatParagraph, str]],
                     attachments: list[tuple[FlatParagraph, list[FlatParagraph]]]) -> None:
        """The 附件说明 names each attachment by its title, in order."""
        if len(notes) != len(attachments):
            raise _Refused(f"附件说明列了 {len(notes)} 个附件，文中却有 {len(attachments)} 个附件页")
        for n, ((p, name), attachment) in enumerate(zip(notes, doc.attachments), start=1):
            title = attachment.name.text
            if _bare(name) != _bare(str(title)):
                raise _Refused(f"附件说明第{n}项「{_short(name)}」与附件{n}的标题「{_short(str(title))}」不同")
            attachment.name = Paragraph(title, self.texts.origin(p))

    def _tasks_attachment(self, doc: Document, label: FlatParagraph, content: list[FlatParagraph],
                          index: int) -> Attachment:
        """A 任务分解表 attachment: its title, and its rows as the items' tasks."""
        if any(a.kind is AttachmentKind.TASKS for a in doc.attachments):
            raise _Refused(f"附件{index}是第二个任务分解表（配置中只有一个 tasks）")
        if not content or not _is_text(content[0]):
            raise _Refused(f"附件{index}没有标题")
        title_p, rest = content[0], content[1:]
        rows = _table_rows(rest)
        if rows is None:
            raise _Refused(f"附件{index}「{_short(_stripped(title_p))}」不是任务分解表（表头应为"
                           + "、".join(COLUMNS) + "），配置中没有它的位置")
        header, task_rows, lines = rows
        for p in rest:
            self.expected[id(p)] = []
        self.expected[id(rest[0])] = lines
        self._assign_tasks(doc, task_rows, index)
        paragraph = self.texts.paragraph(title_p, _stripped(title_p))
        return Attachment(name=paragraph, kind=AttachmentKind.TASKS, title=paragraph)

    def _assign_tasks(self, doc: Document, rows: list[_TaskRow], index: int) -> None:
        """Each task row → the task of the item whose task text it names (in document order)."""
        items: list[tuple[str, Item]] = []
        for node, line in zip(walk(doc), flow(doc)):
            if node.role is Role.ITEM and node.section is not None:
                items.append((_bare(task_text(line)), node.owner))
        taken: set[int] = set()
        at = 0
        unmatched = []
        for row in rows:
            if row.section is not None:
                continue
            want = _bare(row.cells.get("task", ""))
            order = list(range(at, len(items))) + list(range(at))
            found = next((k for k in order if items[k][0] == want and k not in taken), None)
            if found is None or not want:
                unmatched.append(row)
                continue
            taken.add(found)
            at = found + 1
            cells = row.cells
            items[found][1].task = Task(lead=cells.get("lead", "").strip(), units=cells.get("units", "").strip(),
                                        due=cells.get("due", "").strip()) or None
        if unmatched:
            shown = "、".join(f"第{r.where}行「{_short(r.cells.get('task', ''), 16)}」" for r in unmatched[:3])
            more = f"等 {len(unmatched)} 行" if len(unmatched) > 3 else ""
            raise _Refused(f"附件{index}任务分解表的{shown}{more}对应不到要点中的条目"
                           "（“工作任务”应与条目的标题句相同）")

    # -- the check -------------------------------------------------------------------------------
    def _verify(self, doc: Document) -> None:
        """The model must print the input again (spaces and tabs aside, the table in drafter's order)."""
        from ..writers.txt import text_lines  # the txt writer: what drafter build -f txt prints

        want: list[str] = []
        for p in self.paras:
            want.extend(self.expected.get(id(p), [p.text]))
        want = [line for line in (_comparable(_blanks_read(line)) for line in want) if line]
        got = [line for line in map(_comparable, text_lines(doc)) if line]
        if got == want:
            return
        n = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
        was = want[n] if n < len(want) else "（原文到此为止）"
        now = got[n] if n < len(got) else "（没有这一行）"
        raise _Refused(f"按正式公文重建后第{n + 1}行与原文不同：原文「{_short(_shown(was))}」，"
                       f"重建为「{_short(_shown(now))}」")


def _blanks_read(line: str) -> str:
    """*line* with its placeholders (XX, ____ …) as the model prints its blanks: **."""
    for start, end in reversed(find_placeholders(line)):
        line = line[:start] + "**" + line[end:]
    return line


def _comparable(line: str) -> str:
    return _bare(line.replace("\t", _CELL_SEPARATOR)).strip(_CELL_SEPARATOR)


def _shown(line: str) -> str:
    return line.replace(_CELL_SEPARATOR, " ")


# -- the parts of the page ---------------------------------------------------------------------------
RECIPIENTS_MAX = 200  # a 主送 line naming every kind of unit runs long
_LEAD_IN = re.compile(r"^(?:为|根据|按照|依据|经)|如下|现将|现就|提出|要求")  # 为做好……，现提出如下意见：


def _is_recipients(p: FlatParagraph) -> bool:
    """A 主送 line: ends with "：", no sentence inside, not numbered, not a lead-in to what follows."""
    text = _stripped(p)
    return (_is_text(p) and text.endswith(("：", ":")) and len(text) <= RECIPIENTS_MAX
            and parse_label(text) is None and not any(ch in text for ch in "。；！？")
            and not _LEAD_IN.search(text))


def _organ_like(p: FlatParagraph) -> bool:
    text = _stripped(p)
    if not _is_text(p) or p.footer or not text or parse_label(text) is not None or is_date(text):
        return False
    if not _short_unpunctuated(text, TITLE_MAX):
        return False
    return text.endswith("文件") or p.red or p.style == ORGAN_STYLE


def _split_header(paras: list[FlatParagraph]) -> tuple[dict | None, list[FlatParagraph]]:
    """The 版头's paragraphs by name (``number`` as (paragraph, 字号, 签发人 names)), and the rest."""
    found: dict = {}
    i = 0
    for name, shape in (("copy_number", _COPY_NUMBER), ("secrecy", _SECRECY), ("urgency", _URGENCY)):
        if i < len(paras) and _is_text(paras[i]) and shape.match(_bare(paras[i].text)):
            found[name] = paras[i]
            i += 1
    if i >= len(paras) or not _organ_like(paras[i]):
        return None, paras
    organ = paras[i]
    found["organ"] = organ
    i += 1
    if i < len(paras) and _is_text(paras[i]):
        text = _stripped(paras[i])
        signers = _SIGNERS.match(text)
        number = signers["number"].strip() if signers else text
        if _NUMBER_SHAPE.match(number):
            names = signers["names"].split() if signers else []
            found["number"] = (paras[i], number, names)
            i += 1
    if "number" not in found and organ.style != ORGAN_STYLE and not (
            i < len(paras) and _is_text(paras[i]) and _NOTICE_TITLE.match(_stripped(paras[i]))):
        return None, paras  # a short line ending with 文件 is no 红头 without a 字号 or a notice under it
    return found, paras[i:]


def _imprint_tables(paras: list[FlatParagraph]) -> list[FlatParagraph]:
    """A 版记 typed as a table at the end (a row for 抄送, a row for 印发机关 and date): its rows as lines."""
    if not paras or paras[-1].table is None:
        return paras
    table = paras[-1]
    rows = ["".join(cell.strip() for cell in row) for row in table.table]
    rows = [row for row in rows if row]
    if not rows or not _PRINTED.match(rows[-1]) or not all(_CC.match(r) or _PRINTED.match(r) for r in rows):
        return paras
    lines = [FlatParagraph(row, paragraph=table.paragraph, footer=table.footer) for row in rows]
    return paras[:-1] + lines


def _split_imprint(paras: list[FlatParagraph]) -> tuple[tuple[FlatParagraph | None, FlatParagraph] | None,
                                                         list[FlatParagraph]]:
    """The 版记 at the end: (抄送 or None, the 印发 line), and the rest."""
    if not paras or not _is_text(paras[-1]) or not _PRINTED.match(_stripped(paras[-1])):
        return None, paras
    if len(paras) >= 2 and _is_text(paras[-2]) and _CC.match(_stripped(paras[-2])):
        return (paras[-2], paras[-1]), paras[:-2]
    return (None, paras[-1]), paras[:-1]


def _label_number(p: FlatParagraph) -> str | None:
    if not _is_text(p):
        return None
    m = _LABEL.match(_bare(p.text))
    return m["n"] if m else None


def _split_attachments(paras: list[FlatParagraph]) -> tuple[list[FlatParagraph],
                                                             list[tuple[FlatParagraph, list[FlatParagraph]]]]:
    """The text before the attachments, and each attachment's label and content. Attachments are the
    run of pages labelled 附件1, 附件2 … (附件 alone for one) that ends the document, after a 附件说明."""
    labels = [i for i, p in enumerate(paras) if _label_number(p) is not None]
    for k, first in enumerate(labels):
        run = labels[k:]
        numbers = [_label_number(paras[i]) for i in run]
        if numbers == [str(n) for n in range(1, len(run) + 1)] or numbers == [""]:
            break
    else:
        return paras, []
    main = paras[:first]
    if not any(_is_text(p) and _NOTE_FIRST.match(_stripped(p)) for p in main):
        return paras, []
    ends = run[1:] + [len(paras)]
    return main, [(paras[i], paras[i + 1:end]) for i, end in zip(run, ends)]


def _split_notes(paras: list[FlatParagraph]) -> tuple[list[FlatParagraph], list[tuple[FlatParagraph, str]]]:
    """The 附件说明 at the end of *paras* (附件：1.… then 2.…, or 附件：… alone): the rest, and each line
    with the attachment's name."""
    start = next((i for i in range(len(paras) - 1, -1, -1)
                  if _is_text(paras[i]) and _NOTE_FIRST.match(_stripped(paras[i]))), None)
    if start is None:
        return paras, []
    first = _NOTE_FIRST.match(_stripped(paras[start]))
    notes = [(paras[start], first["name"].strip())]
    for n, p in enumerate(paras[start + 1:], start=2):
        m = _NOTE_NEXT.match(_stripped(p)) if _is_text(p) else None
        if m is None or int(m["n"]) != n or first["n"] is None:
            raise _Refused(f"附件说明之后的「{_short(_stripped(p))}」不是附件说明的一项，也不是署名或日期")
        notes.append((p, m["name"].strip()))
    return paras[:start], notes


def _table_rows(paras: list[FlatParagraph]) -> tuple[list[str], list[_TaskRow], list[str]] | None:
    """A 任务分解表 from tables (a .docx, a PDF: one per page) or tab-separated lines (.txt): its header,
    rows, and the lines drafter prints for it; None when it is no 任务分解表."""
    rows: list[tuple[str, ...]] = []
    for p in paras:
        if p.table is not None:
            rows.extend(p.table)
        else:
            rows.append(tuple(p.text.split("\t")))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return None
    header = [_bare(cell) for cell in rows[0]]
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        if name not in _COLUMN_KEYS or _COLUMN_KEYS[name] in columns:
            return None
        columns[_COLUMN_KEYS[name]] = i
    if "task" not in columns:
        return None
    out: list[_TaskRow] = []
    lines = ["\t".join(COLUMNS)]
    for where, row in enumerate(rows[1:], start=2):
        bare = [_bare(cell) for cell in row]
        if [c for c in bare if c] == [c for c in header if c]:
            continue  # the header again (repeated on each page, or typed again)
        cells = {key: row[i].strip() if i < len(row) else "" for key, i in columns.items()}
        filled = [key for key in cells if cells[key]]
        spread = [cell.strip() for cell in row if cell.strip()]
        if len(spread) == 1 and (len(filled) != 1 or filled[0] != "task" or _is_heading(cells["task"])):
            out.append(_TaskRow(section=spread[0], where=where))
            lines.append(spread[0])
            continue
        out.append(_TaskRow(section=None, cells=cells, where=where))
        lines.append("\t".join(cells.get(key, "") for key in ("number", "task", "lead", "units", "due")))
    return header, out, lines


def _is_heading(text: str) -> bool:
    label = parse_label(text)
    return label is not None and label[0] is LabelStyle.CN_COMMA
