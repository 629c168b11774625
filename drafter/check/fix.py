"""`drafter check --fix OUT`: apply the safe fixes to a new file, never in place.

Safe = a finding whose rule says its replacements are always right (``Rule.fixes``: full-width
punctuation, date padding, renumbering, the 必错 lexicon entries …) and that carries a ``fix``.
Everything else is left for a person, and said so.

- a .txt: OUT is the text with those characters replaced, every other byte of every line as it
  was (line breaks, indentation, trailing spaces), written as UTF-8 (with a BOM when the input had one);
- a .docx: OUT is the document with the replacements made inside the runs; a replacement that
  spans runs goes into the first run (its formatting), the other runs lose those characters.
  Characters Word numbers itself (automatic numbering) are not in the text: left for a person;
- a config: a fix inside a value (the finding points at the config line that gives the value)
  changes that value in a copy of the config (OUT), written through
  :class:`drafter.yamlio.YamlDocument`, so its comments and layout stay; a fix in a block's text
  is not applied — the block file is shared by other configs — but reported with its place
  ("需在块文件中修改：blocks/x.yaml 第12行 …").

Two fixes that touch the same characters are both left (neither can be trusted to be the one
meant), except that ``numbering.sequence`` wins: its label is the right number with the right
delimiter, so it replaces a ``numbering.mixed`` (or any other) fix of the same label. Two rules
proposing the same replacement of the same characters count as one.
"""

from __future__ import annotations

import codecs
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DrafterError
from ..findings import Finding
from ..model import Value
from .comments import Char, WordMap, align, check_output, finding_para
from .document import CheckDoc, Para

WINNER = "numbering.sequence"


@dataclass
class Left:
    """A safe fix not applied, and why."""

    finding: Finding
    reason: str


@dataclass
class FixOutcome:
    """What --fix did."""

    out: Path
    kind: str
    applied: list[Finding] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    unsafe: int = 0  # findings without a safe fix: for a person anyway
    notes: list[str] = field(default_factory=list)


@dataclass
class _Fix:
    finding: Finding
    para: Para
    start: int
    end: int
    text: str

    def overlaps(self, other: "_Fix") -> bool:
        if self.para.index != other.para.index:
            return False
        if self.start == self.end or other.start == other.end:  # an insertion: at or inside the other
            return other.start <= self.start <= other.end if self.start == self.end else \
                self.start <= other.start <= self.end
        return self.start < other.end and other.start < self.end

    def same(self, other: "_Fix") -> bool:
        return (self.para.index, self.start, self.end, self.text) == (other.para.index, other.start, other.end, other.text)


def _safe(f: Finding) -> bool:
    from .engine import RULES

    r = RULES.get(f.rule)
    return r is not None and r.fixes and f.fix is not None


def plan(doc: CheckDoc, findings: list[Finding]) -> tuple[list[_Fix], list[Left], int]:
    """The fixes to apply (one per distinct change), those left with a reason, and how many
    findings have no safe fix at all."""
    candidates: list[_Fix] = []
    left: list[Left] = []
    unsafe = 0
    for f in findings:
        if not _safe(f):
            unsafe += 1
            continue
        para = finding_para(doc, f)
        if para is None:
            left.append(Left(f, "找不到它所在的段落"))
            continue
        candidates.append(_Fix(f, para, f.start, f.end, f.fix))
    chosen: list[_Fix] = []
    for fix in sorted(candidates, key=lambda c: c.finding.rule != WINNER):  # the renumbering first
        if any(c.same(fix) for c in chosen):
            continue  # another rule's identical change: made once
        rivals = [o for o in candidates if o is not fix and fix.overlaps(o) and not fix.same(o)]
        winners = [o for o in rivals if o.finding.rule == WINNER]
        if not rivals or (fix.finding.rule == WINNER and not winners):
            chosen.append(fix)
        elif winners and fix.finding.rule != WINNER:
            left.append(Left(fix.finding, f"与 {WINNER} 的修改重叠，以编号顺序的修改为准"))
        else:
            names = "、".join(sorted({o.finding.rule for o in rivals}))
            left.append(Left(fix.finding, f"与 {names} 对同一处的修改不同，两者都未改"))
    return chosen, left, unsafe


def _applied_too(chosen: list[_Fix], findings: list[Finding], doc: CheckDoc) -> list[Finding]:
    """Every finding whose change was made (identical changes of several rules count for each)."""
    done = {(c.para.index, c.start, c.end, c.text) for c in chosen}
    out = []
    for f in findings:
        if not _safe(f):
            continue
        para = finding_para(doc, f)
        if para is not None and (para.index, f.start, f.end, f.fix) in done:
            out.append(f)
    return out


# -- .txt ------------------------------------------------------------------------------------------
def _txt(doc: CheckDoc, source: Path, fixes: list[_Fix], outcome: FixOutcome) -> tuple[bytes, list[_Fix]]:
    from ..fsutil import read_input
    from ..limits import MAX_TEXT_BYTES
    from ..readers.txt import decode

    data = read_input(source, str(source), MAX_TEXT_BYTES)
    text = decode(data, str(source))
    if _encoding(data) != "UTF-8":
        outcome.notes.append(f"原文件编码为 {_encoding(data)}，已按 UTF-8 写出")
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    where: dict[int, list[int | None]] = {}
    for para in doc.paragraphs:
        line = para.origin.line if para.origin else None
        if line is None or line > len(starts) - 1:
            continue
        found = align(para.text, text, starts[line - 1])
        if found is not None:
            where[para.index] = found[0]
    done, edits = [], []
    for fix in fixes:
        span = _span(where.get(fix.para.index), fix, len(text))
        if isinstance(span, str):
            outcome.left.append(Left(fix.finding, span))
            continue
        edits.append((span[0], span[1], fix.text))
        done.append(fix)
    for a, b, new in sorted(edits, reverse=True):
        text = text[:a] + new + text[b:]
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    return bom + text.encode("utf-8"), done


def _encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    try:
        data.decode("utf-8")
        return "UTF-8"
    except UnicodeDecodeError:
        return "GB18030"


def _span(positions: list[int | None] | None, fix: _Fix, size: int) -> tuple[int, int] | str:
    """Characters [a, b) of the source that fix's characters are, or why there are none."""
    if positions is None:
        return "无法在原文中定位这一段"
    inside = positions[fix.start:fix.end]
    if any(p is None for p in inside):
        return "要改的字符不在原文中（如自动编号）"
    if inside:
        if inside[-1] - inside[0] != len(inside) - 1:
            return "要改的字符在原文中不相连（中间有换行）"
        return inside[0], inside[-1] + 1
    if fix.start < len(positions) and positions[fix.start] is not None:
        return positions[fix.start], positions[fix.start]
    if fix.start > 0 and positions[fix.start - 1] is not None:
        return positions[fix.start - 1] + 1, positions[fix.start - 1] + 1
    return "无法在原文中定位插入处"


# -- .docx -----------------------------------------------------------------------------------------
def _docx(doc: CheckDoc, fixes: list[_Fix], outcome: FixOutcome) -> tuple[bytes, list[_Fix]]:
    import docx

    document = docx.Document(io.BytesIO(doc.data))
    words = WordMap(doc, document)
    positions = {index: words.positions(index) for index in {f.para.index for f in fixes}}
    done = []
    # right to left within each paragraph: a change moves only the characters after it
    for fix in sorted(fixes, key=lambda f: (f.para.index, f.start, f.end), reverse=True):
        reason = _replace(positions.get(fix.para.index), fix)
        if reason:
            outcome.left.append(Left(fix.finding, reason))
        else:
            done.append(fix)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), done


def _replace(positions: list[Char | None] | None, fix: _Fix) -> str | None:
    """Replace the fix's characters inside the runs; None when done, else why not."""
    from .comments import _preserve

    if positions is None:
        return "无法在 Word 文档中定位这一段"
    chars = positions[fix.start:fix.end]
    if any(c is None for c in chars):
        return "要改的是 Word 自动编号（不在文字中），请在 Word 中调整编号"
    if any(not c.in_text for c in chars):
        return "要改的字符含制表符或换行，请手工修改"
    if not chars:  # an insertion: before the character at start, else after the one before it
        after = positions[fix.start] if fix.start < len(positions) else None
        before = positions[fix.start - 1] if fix.start > 0 else None
        if after is not None and after.in_text:
            t, at = after.el, after.offset
        elif before is not None and before.in_text:
            t, at = before.el, before.offset + 1
        else:
            return "无法在 Word 文档中定位插入处"
        t.text = (t.text or "")[:at] + fix.text + (t.text or "")[at:]
        _preserve(t)
        return None
    by_el: dict[object, list[int]] = defaultdict(list)
    order = []
    for c in chars:
        if c.el not in by_el:
            order.append(c.el)
        by_el[c.el].append(c.offset)
    for k, el in enumerate(order):
        offsets = by_el[el]
        a, b = min(offsets), max(offsets) + 1
        text = el.text or ""
        el.text = text[:a] + (fix.text if k == 0 else "") + text[b:]
        _preserve(el)
    return None


# -- a config --------------------------------------------------------------------------------------
def _config(doc: CheckDoc, source: Path, fixes: list[_Fix], outcome: FixOutcome):
    from ..yamlio import YamlDocument

    yaml = YamlDocument.load(source)
    scalars = list(_scalars(yaml.tree))
    edits: dict[tuple, list[tuple[int, int, str, _Fix]]] = defaultdict(list)
    for fix in fixes:
        f = fix.finding
        if f.file != doc.source:
            outcome.left.append(Left(f, f"需在块文件中修改：{f.where}" if _is_block(f.file) else f"需在 {f.where} 中修改"))
            continue
        target = _value_edit(fix, scalars)
        if isinstance(target, str):
            outcome.left.append(Left(f, target))
            continue
        path, a, b = target
        edits[path].append((a, b, fix.text, fix))
    done = []
    for path, changes in edits.items():
        value = yaml.get(path)
        kept: list[tuple[int, int, str, _Fix]] = []
        for change in sorted(changes, key=lambda c: (c[0], c[1])):
            if any(k[:3] == change[:3] for k in kept):
                done.append(change[3])  # the same value used in two paragraphs: one change
                continue
            if any(k[0] < change[1] and change[0] < k[1] or (k[0] == change[0] == change[1]) for k in kept):
                outcome.left.append(Left(change[3].finding, "与同一取值中的另一处修改重叠"))
                continue
            kept.append(change)
        for a, b, new, fix in sorted(kept, key=lambda c: (c[0], c[1]), reverse=True):
            value = value[:a] + new + value[b:]
            done.append(fix)
        yaml.set(path, value)
    return yaml, done


def _is_block(file: str | None) -> bool:
    return bool(file) and Path(file).parts[:1] == ("blocks",)


def _scalars(node, path: tuple = ()):
    """(path, text, first line, last line) of every string in the round-trip tree."""
    if isinstance(node, dict):
        items = [(k, v, _line(node, k)) for k, v in node.items()]
    elif isinstance(node, list):
        items = [(i, v, _line(node, i)) for i, v in enumerate(node)]
    else:
        return
    for key, value, line in items:
        if isinstance(value, (dict, list)):
            yield from _scalars(value, (*path, key))
        elif isinstance(value, str) and line is not None:
            # a block scalar's line is its | or >; its text runs on the lines below
            yield (*path, key), str(value), line, line + str(value).count("\n")


def _line(node, key) -> int | None:
    try:
        if isinstance(node, dict):
            return node.lc.value(key)[0] + 1
        return node.lc.item(key)[0] + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return None


def _value_edit(fix: _Fix, scalars) -> tuple[tuple, int, int] | str:
    """(path of the string to change, [a, b) in it) for a fix at a config line, or why not."""
    f, para = fix.finding, fix.para
    quoted = para.text[fix.start:fix.end]
    span = para.span_at(fix.start, fix.end)
    value = span.span if span is not None and isinstance(span.span, Value) else None
    near = [s for s in scalars if s[2] <= f.line <= s[3] or s[2] == f.line]
    if value is not None:
        offset = fix.start - span.start
        exact = [s for s in near if s[1] == value.text]
        if exact:
            return exact[0][0], offset, offset + len(quoted)
    # the quoted characters with their neighbours in the paragraph, found once in a string on that line
    for back in range(0, 7):
        for ahead in range(0, 7):
            a, b = max(0, fix.start - back), min(len(para.text), fix.end + ahead)
            probe = para.text[a:b]
            if not probe:
                continue
            hits = [(s, at) for s in near for at in occurrences(s[1], probe)]
            if len(hits) == 1:
                s, at = hits[0]
                return s[0], at + (fix.start - a), at + (fix.start - a) + len(quoted)
    if value is None:
        return "这段文字由 drafter 生成（如编号），不在配置的取值中，请手工修改"
    return "配置中的取值与文中显示的不同（如日期、数字的写法），请手工修改"


def occurrences(text: str, probe: str) -> list[int]:
    """Every index where *probe* starts in *text*, overlapping ones included."""
    out, at = [], text.find(probe)
    while at >= 0:
        out.append(at)
        at = text.find(probe, at + 1)
    return out


# -- the command -----------------------------------------------------------------------------------
SUFFIXES = {"txt": (".txt",), "docx": (".docx",), "config": (".yaml", ".yml")}


def kind_of(source: Path) -> str:
    suffix = source.suffix.lower()
    return "config" if suffix in SUFFIXES["config"] else suffix.lstrip(".")


def check_fix_output(source: Path | str, out: Path | str) -> None:
    """Refuse, before checking anything, an OUT that is the input or of another kind than it."""
    source, out = Path(source), Path(out)
    kind = kind_of(source)
    if kind in SUFFIXES:
        check_output(source, out, SUFFIXES[kind], "--fix")


def write_fixed(result, source: Path | str, out: Path | str) -> FixOutcome:
    """`--fix OUT`: apply the safe fixes of *result* (the check of *source*) to a copy written to OUT."""
    from ..fsutil import write_atomic

    doc: CheckDoc = result.doc
    source, out = Path(source), Path(out)
    check_output(source, out, SUFFIXES[doc.kind], "--fix")
    chosen, left, unsafe = plan(doc, result.findings)
    outcome = FixOutcome(out, doc.kind, left=left, unsafe=unsafe)
    if doc.kind == "txt":
        data, done = _txt(doc, source, chosen, outcome)
        write_atomic(out, data)
    elif doc.kind == "docx":
        data, done = _docx(doc, chosen, outcome)
        write_atomic(out, data)
    elif doc.kind == "config":
        yaml, done = _config(doc, source, chosen, outcome)
        yaml.save(out)
    else:  # pragma: no cover - check_path knows no other kind
        raise DrafterError(f"不能修正这种文件：{doc.source}")
    outcome.applied = _applied_too(done, result.findings, doc)
    return outcome


def fix_text(outcome: FixOutcome) -> list[str]:
    """What to tell the user: how many fixes were made per rule, what is left for a person."""
    counts = Counter(f.rule for f in outcome.applied)
    per_rule = "，".join(f"{rule} {n}" for rule, n in sorted(counts.items()))
    lines = [f"已写出 {outcome.out}：自动修正 {len(outcome.applied)} 处" + (f"（{per_rule}）" if per_rule else "") + "。"]
    lines += [f"  {note}" for note in outcome.notes]
    if outcome.left:
        lines.append(f"可自动修正但未改的 {len(outcome.left)} 处，请人工处理：")
        for item in outcome.left:
            f = item.finding
            change = (f"「{f.text}」→「{f.fix}」" if f.fix else f"删去「{f.text}」") + f"（{f.rule}）"
            if item.reason.startswith("需在"):  # the reason names the place
                lines.append(f"  {item.reason} {change}")
            else:
                lines.append(f"  {f.where + ' ' if f.where else ''}{change}：{item.reason}")
    if outcome.unsafe:
        lines.append(f"另有 {outcome.unsafe} 处发现没有可靠的自动修正，请按检查结果逐一处理。")
    return lines
