"""Rules, what they find, and where the user has to go to fix it.

A rule looks at a :class:`~drafter.check.document.CheckDoc` and yields :class:`Hit`s —
characters [start, end) of one paragraph, what is wrong, what to write instead and,
for the few slips that are always wrong, a safe replacement. The engine turns hits into
:class:`~drafter.findings.Finding`s located where the fix belongs:

- in a config's build: inside a parameter's value → the config line that gives the value;
  in a block's fixed text → the block file and the line of that text; in one-off text or a
  generated label → the config entry's line;
- in a .txt or .docx: the paragraph number (and the line of a .txt) with character offsets.

Rule policy (from the best Chinese 公文 proofreaders): better to miss than to raise a
false alarm. A rule that cannot tell a slip from correct text says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator

from ..findings import Finding, Severity
from ..model import Value
from .document import CheckDoc, Para


@dataclass(frozen=True)
class Hit:
    """What a rule found: characters [start, end) of paragraph *para* (None: the whole document)."""

    para: int | None
    start: int
    end: int
    message: str
    hint: str | None = None
    fix: str | None = None  # a safe replacement for text[start:end] (applied by --fix)
    rule: str = ""  # set by the engine


@dataclass(frozen=True)
class Rule:
    """A proofreading rule. ``id`` is stable (users switch rules off by it, or by its group)."""

    id: str
    group: str
    severity: Severity
    title: str  # what it checks, in Chinese
    run: Callable[[CheckDoc], Iterable[Hit]]
    fixes: bool = False  # its replacements are safe to apply without a person (--fix)


GROUPS = {
    "placeholder": "未填的占位符",
    "numbering": "编号",
    "punctuation": "标点",
    "number": "数字和日期",
    "stale": "过时的提法",
    "lexicon": "常见差错",
    "replace": "替换造成的错误",
    "junk": "网页残留",
    "format": "版式",
    "document": "文种和结构",
}

RULES: dict[str, Rule] = {}


def rule(id: str, group: str, severity: Severity, title: str, *, fixes: bool = False):
    """Register the decorated function as a rule; *fixes*: its replacements are always right."""
    assert group in GROUPS, group

    def register(run: Callable[[CheckDoc], Iterable[Hit]]) -> Callable[[CheckDoc], Iterable[Hit]]:
        RULES[id] = Rule(id, group, severity, title, run, fixes)
        return run

    return register


def selected(off: Iterable[str] = (), only: Iterable[str] = ()) -> list[Rule]:
    """The rules to run: all but those switched off (by id or group), or only those named."""
    off, only = set(off), set(only)
    return [r for r in RULES.values()
            if not ({r.id, r.group} & off) and (not only or {r.id, r.group} & only)]


def run_rules(doc: CheckDoc, rules: list[Rule]) -> list[tuple[Rule, Hit]]:
    """Every hit of every rule, in document order; the same characters flagged twice by one rule count once."""
    found: dict[tuple, tuple[Rule, Hit]] = {}
    for r in rules:
        for hit in r.run(doc):
            key = (r.id, hit.para, hit.start, hit.end)
            found.setdefault(key, (r, replace(hit, rule=r.id)))
    return sorted(found.values(), key=lambda rh: (rh[1].para if rh[1].para is not None else -1, rh[1].start,
                                                   rh[0].id))


# -- where to fix it ---------------------------------------------------------------------------------
CONTEXT = 6  # characters of context on each side of the quoted text


def to_finding(doc: CheckDoc, r: Rule, hit: Hit) -> Finding:
    para = doc.paragraphs[hit.para] if hit.para is not None else None
    quoted = para.text[hit.start:hit.end] if para else None
    context = None
    if para is not None:
        before = para.text[max(0, hit.start - CONTEXT):hit.start]
        after = para.text[hit.end:hit.end + CONTEXT]
        context = f"{before}【{quoted}】{after}"
    file, line, column = _place(doc, para, hit)
    return Finding(
        r.id, r.severity, hit.message, file=file, line=line, column=column,
        path=para.path if para else None, text=quoted, hint=hint_with_fix(hit),
        paragraph=para.number if para and doc.kind == "docx" else None,
        start=hit.start if para else None, end=hit.end if para else None, context=context, fix=hit.fix,
    )


def hint_with_fix(hit: Hit) -> str | None:
    """The hint, or what to write instead when the message does not already say it."""
    if hit.hint:
        return hit.hint
    if hit.fix is not None and (not hit.fix or f"「{hit.fix}」" not in hit.message):
        return f"应为「{hit.fix}」" if hit.fix else "应删去"
    return None


def _place(doc: CheckDoc, para: Para | None, hit: Hit) -> tuple[str | None, int | None, int | None]:
    """(file, line, column) where the user fixes it."""
    if para is None:
        return doc.source, None, None
    origin = para.origin
    if doc.kind != "config":
        return doc.source, origin.line if origin else None, None
    span = para.span_at(hit.start, hit.end)
    if span is not None and isinstance(span.span, Value) and span.span.origin is not None:
        given = span.span.origin
        return given.file, given.line, None
    if origin is None:
        return doc.source, None, None
    if origin.block and hit.start >= len(para.label) and span is None:
        located = _in_block(doc, para, hit)
        if located is not None:
            return located
    return origin.file, origin.line, None


def _in_block(doc: CheckDoc, para: Para, hit: Hit) -> tuple[str, int, int] | None:
    """The block file, line and column of fixed text [start, end) of *para*."""
    block = doc.library.get(para.origin.block) if doc.library else None
    if block is None:
        return None
    in_title = hit.start < para.title_end
    source = block.title_source if in_title else block.body_source
    first = block.title_line if in_title else block.body_line
    if source is None or first is None:
        return None
    joined, where = _joined(source, first)
    quoted = para.text[hit.start:hit.end]
    file_lines = _file_lines(doc.library.root / block.file)
    # the quoted text with as much of the text before it as the block has, to pick the right occurrence
    for back in range(min(hit.start - (para.title_end if not in_title else len(para.label)), 12), -1, -1):
        probe = para.text[hit.start - back:hit.end]
        if not quoted or _crosses_span(para, hit.start - back, hit.end):
            continue
        at = joined.find(probe)
        if at >= 0 and joined.find(probe, at + 1) < 0:
            line = where[at + back][0]
            return block.file, line, _column_in(file_lines, line, quoted)
    at = joined.find(quoted)
    if at >= 0:
        line = where[at][0]
        return block.file, line, _column_in(file_lines, line, quoted)
    return block.file, first, None


def _file_lines(path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _column_in(lines: list[str], line: int, quoted: str) -> int | None:
    """1-based column of *quoted* on file line *line* (its first character, if it runs on)."""
    if not 0 < line <= len(lines):
        return None
    at = lines[line - 1].find(quoted) if quoted else -1
    if at < 0 and quoted:
        at = lines[line - 1].find(quoted[0])
    return at + 1 if at >= 0 else None


def _crosses_span(para: Para, start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in para.spans)


def _joined(source: str, first_line: int) -> tuple[str, list[tuple[int, int]]]:
    """The template source with its lines joined as rendering joins them, and for each character
    of that the (file line, 0) it came from; ``{{ … }}`` expressions are left in (they never match)."""
    out: list[str] = []
    where: list[tuple[int, int]] = []
    for offset, raw in enumerate(source.splitlines()):
        for ch in raw.strip():
            out.append(ch)
            where.append((first_line + offset, 0))
    return "".join(out), where


def findings(doc: CheckDoc, rules: list[Rule]) -> list[Finding]:
    return [to_finding(doc, r, hit) for r, hit in run_rules(doc, rules)]


def paragraphs_with(doc: CheckDoc, roles=None) -> Iterator[Para]:
    for para in doc.paragraphs:
        if roles is None or para.role in roles:
            yield para


def in_value(para: Para, start: int, end: int) -> bool:
    """True when [start, end) lies inside a value or blank span."""
    return para.span_at(start, end) is not None
