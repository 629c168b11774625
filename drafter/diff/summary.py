"""What changed, for people (Chinese lines for the terminal) and for programs (JSON).

The lines go in reading order: sections and items added, removed, moved, changed, with the
character edits of a changed paragraph (「旧」→「新」) or, when both sides are configs and a
paragraph differs only inside parameter values, the values by name
(值「地区生产总值增长率」6.5 → 7). A section added or removed with everything under it is one
line. Document-wide value changes by parameter come first. Nothing here prints.
"""

from __future__ import annotations

import json
import re

from ..model import Role
from ..numbering import chinese_numeral
from .align import CHANGED, DELETED, EQUAL, INSERTED, MOVED, Alignment, Op, Para, ValueChange

__all__ = ["describe_path", "redline_line", "summary_json", "summary_lines", "summary_data"]

EXCERPT = 24  # characters of a paragraph quoted in a line
EDIT_EXCERPT = 20  # characters of one side of an edit
MAX_EDITS_SHOWN = 4  # edits listed for one paragraph
KIND_ZH = {CHANGED: "改动", INSERTED: "新增", DELETED: "删除", MOVED: "移动", EQUAL: "相同"}

_STEP = re.compile(r"(\w+)(?:\[(\d+)\])?")


def describe_path(path: str, passages: int = 1) -> str:
    """A model path in words: ``sections[2].items[3].more[1]`` → 第二部分第3条的第2段.

    *passages*: how many closing passages the document has (with one, it is simply 结尾)."""
    if path == "title":
        return "标题"
    if path == "signature.issuer":
        return "署名"
    if path == "signature.date":
        return "成文日期"
    out = []
    depth = 0
    for name, number in _STEP.findall(path):
        n = int(number) if number else 0
        if name == "cover":
            out.append(f"封面第{n}段")
        elif name == "preamble":
            out.append(f"开头第{n}段")
        elif name == "sections":
            out.append(f"第{chinese_numeral(n)}部分")
        elif name == "heading":
            out.append("标题")
        elif name == "lead":
            out.append(f"第{n}段" if out and out[0].startswith("结尾") else f"导语第{n}段")
        elif name == "closing":
            out.append("结尾" if passages <= 1 else f"结尾第{n}部分")
        elif name == "items":
            out.append(("第{}条", "第{}项", "第{}小项")[min(depth, 2)].format(n))
            depth += 1
        elif name == "points":
            out.append(f"第{n}点")
            depth += 1
        elif name == "more":
            out.append(f"的第{n + 1}段")
    return "".join(out) or path


def _excerpt(text: str, limit: int = EXCERPT) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _value(text: str | None) -> str:
    return "**（未填）" if text is None else text


def value_line(change: ValueChange, count: bool = False) -> str:
    """值「年度」2022 → 2023, with the number of paragraphs when asked."""
    where = f"（{len(change.paths)} 段）" if count and len(change.paths) > 1 else ""
    return f"值「{change.param}」{_value(change.old)} → {_value(change.new)}{where}"


def _edits_text(op: Op) -> str:
    parts = []
    for e in op.edits[:MAX_EDITS_SHOWN]:
        if e.op == "replace":
            parts.append(f"「{_excerpt(e.old, EDIT_EXCERPT)}」→「{_excerpt(e.new, EDIT_EXCERPT)}」")
        elif e.op == "delete":
            parts.append(f"删去「{_excerpt(e.old, EDIT_EXCERPT)}」")
        else:
            parts.append(f"加上「{_excerpt(e.new, EDIT_EXCERPT)}」")
    if len(op.edits) > MAX_EDITS_SHOWN:
        parts.append(f"等 {len(op.edits)} 处")
    if op.label == "changed":
        parts.insert(0, f"编号「{op.old.label}」→「{op.new.label}」")
    return "；".join(parts)


def _quote(para: Para) -> str:
    return f"「{_excerpt(para.full)}」"


def _section_of(para: Para) -> str | None:
    m = re.match(r"(sections\[\d+\]|closing\[\d+\])", para.path)
    return m.group(1) if m else None


def summary_lines(alignment: Alignment) -> list[str]:
    """The summary for the terminal, one string per line."""
    old, new = alignment.old, alignment.new
    old_passages, new_passages = len(old.document.closing), len(new.document.closing)

    def where(para: Para, side: str) -> str:
        return describe_path(para.path, old_passages if side == "old" else new_passages)

    lines = [f"对比：旧 {old.source or '（旧）'}（{len(old.paragraphs)} 段）→ 新 {new.source or '（新）'}"
             f"（{len(new.paragraphs)} 段）"]
    if alignment.same:
        lines.append("两份文件的文字相同。")
        return lines
    counts = alignment.counts()
    lines.append(f"共 {counts[CHANGED]} 段改动、{counts[INSERTED]} 段新增、{counts[DELETED]} 段删除、"
                 f"{counts[MOVED]} 段移动。")
    if alignment.values:
        lines.append("取值变化（按参数）：")
        lines += [f"  {value_line(v, count=True)}" for v in alignment.values]
    lines.append("逐段：")
    ops = [op for op in alignment.ops if op.kind != EQUAL or op.label == "changed"]
    i = 0
    while i < len(ops):
        op = ops[i]
        para = op.new if op.kind != DELETED else op.old
        side = "old" if op.kind == DELETED else "new"
        # a section added or removed with all that is under it: one line
        if op.kind in (INSERTED, DELETED) and para.role is Role.HEADING:
            section = _section_of(para)
            j = i + 1
            while j < len(ops) and ops[j].kind == op.kind:
                other = ops[j].new if op.kind == INSERTED else ops[j].old
                if _section_of(other) != section or other.role is Role.HEADING:
                    break
                j += 1
            under = f"（连同其下 {j - i - 1} 段）" if j - i > 1 else ""
            lines.append(f"  {KIND_ZH[op.kind]} {where(para, side)}{_quote(para)}{under}")
            i = j
            continue
        if op.kind in (INSERTED, DELETED):
            lines.append(f"  {KIND_ZH[op.kind]} {where(para, side)}{_quote(para)}")
        elif op.kind == MOVED:
            extra = "，并有改动：" + _edits_text(op) if op.text_changed else ""
            lines.append(f"  移动 {where(op.old, 'old')}{_quote(op.old)} → {where(op.new, 'new')}{extra}")
        else:
            if op.values:
                detail = "；".join(value_line(v) for v in op.values)
            else:
                detail = _edits_text(op)
            lines.append(f"  改动 {where(op.new, 'new')}{_quote(op.new)}：{detail}")
        i += 1
    return lines


def _para_data(para: Para | None) -> dict | None:
    if para is None:
        return None
    origin = para.line.origin
    return {"path": para.path, "role": para.role.value, "label": para.label, "text": para.text,
            "origin": origin.as_dict() if origin is not None else None}


def summary_data(alignment: Alignment) -> dict:
    """The whole comparison as plain data (what ``--json`` prints)."""
    old, new = alignment.old, alignment.new
    operations = []
    for op in alignment.ops:
        entry = {"op": op.kind, "old": _para_data(op.old), "new": _para_data(op.new)}
        if op.old is not None and op.new is not None:
            entry["label"] = op.label
            entry["ratio"] = round(op.ratio, 4)
            entry["edits"] = [e.as_dict() for e in op.edits]
        if op.values:
            entry["values"] = [v.as_dict() for v in op.values]
        if op.move is not None:
            entry["move"] = op.move
        operations.append(entry)
    return {
        "old": {"source": old.source, "kind": old.kind, "paragraphs": len(old.paragraphs)},
        "new": {"source": new.source, "kind": new.kind, "paragraphs": len(new.paragraphs)},
        "same": alignment.same,
        "counts": alignment.counts(),
        "values": [v.as_dict() for v in alignment.values],
        "operations": operations,
    }


def summary_json(alignment: Alignment) -> str:
    return json.dumps(summary_data(alignment), ensure_ascii=False, indent=2) + "\n"


def redline_line(alignment: Alignment, out, author: str) -> str:
    """What --docx wrote."""
    counts = alignment.counts()
    revised = counts[CHANGED] + counts[INSERTED] + counts[DELETED] + counts[MOVED]
    if not revised:
        return f"已写出 {out}：与旧版相同，没有修订。"
    return (f"已写出 {out}：新版，{revised} 段有修订（作者“{author}”），"
            "可在 Word 或 WPS 的“审阅”中逐条接受或拒绝。")
