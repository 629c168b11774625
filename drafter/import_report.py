"""The import report: what ``drafter import`` did with every paragraph, for people and for programs.

Kept out of :mod:`drafter.cli` (as :mod:`drafter.report` and :mod:`drafter.roll_report` are) so that
the command line and any other front end say the same things; the functions return text and print
nothing.

``drafter import FILE --json`` prints :func:`import_json`: one JSON object with these keys, always
all of them, in this order (new keys may be added at the end, none removed or renamed)::

    source        the file imported, as given
    config        the config written, relative to the workspace (configs/<名称>.yaml)
    blocks        the new blocks' file (blocks/imported/<名称>/<名称>.yaml), or null when none is new
    backups       files moved aside by --force
    counts        {"exact": N, "near": M, "new": K}: paragraphs that reused a library block as it is
                  (only values differ), with a few words edited, or became a new block
    paragraphs    every paragraph in reading order (an item with its further paragraphs is one), each
                  {"path": "sections[2].items[1]", "role": "item", "label": "1.", "text": "…",
                   "match": "exact" | "near" | "new" | "text", "block": id or null,
                   "similarity": 0.9721 (near only, else null), "values": {参数: 取值},
                   "paragraphs": 1}
                  ``block`` is the library block used (exact), the block the text was rewritten from
                  (near: the config entry is ``text`` with ``based_on`` that block), or the new block;
                  ``text`` marks the title, 署名 and date and an official document's parts (版头, 主送,
                  通知标题, 版记 …; ``role`` says which), written in the config itself; ``values``
                  are the values recovered for the block's parameters (null: a blank ** in the original)
    junk          website junk removed: {"text", "reason", "rule", "file", "line", "paragraph"}
    unrecognised  what could not be read or placed (tables, pictures, notes, …), same keys
    findings      every finding of the reader, as in ``drafter check --json``
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from .report import finding_lines

ROLE_NAMES = {"cover": "印发通知", "title": "标题", "preamble": "开头", "heading": "一级标题", "lead": "导语",
              "item": "条目", "point": "分项", "closing": "结尾", "issuer": "署名", "date": "成文日期",
              "copy_number": "份号", "secrecy": "密级", "urgency": "紧急程度", "organ": "发文机关标志",
              "doc_number": "发文字号", "signers": "签发人", "notice_title": "通知标题", "recipients": "主送机关",
              "attachment_title": "附件标题", "cc": "抄送", "printer": "印发机关", "printed": "印发日期"}
# config keys whose text drafter writes itself, the same as the original's
_GENERATED = {"wrapper": "由配置的 wrapper: notice 生成，与原文相同", "tasks": "由配置的 tasks: appendix 生成，与原文相同"}
_PREVIEW = 18


def _relative(path: Path | None, root: Path) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _shown(value: Any) -> str:
    if value is None:
        return "**"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def percent(similarity: float) -> str:
    """0.97214 → "97.2%"; never 100.0% for text that is not the block (rounded down below 1)."""
    shown = int(similarity * 1000) / 10
    return f"{shown:.1f}%"


def _preview(text: str) -> str:
    text = text.replace("\n", "")
    return text if len(text) <= _PREVIEW else text[:_PREVIEW] + "…"


def _where(entry) -> str:
    if entry.line is not None:
        return f"第{entry.line}行"
    if entry.paragraph is not None:
        return f"第{entry.paragraph}段"
    return ""


def _values(values: dict[str, Any]) -> str:
    """Given values shown, blanks counted: an old document leaves many figures as **."""
    given = "，".join(f"{k}={_shown(v)}" for k, v in values.items() if v is not None)
    blanks = sum(v is None for v in values.values())
    parts = ([f"取值：{given}"] if given else []) + ([f"待填 {blanks} 处"] if blanks else [])
    return "；" + "；".join(parts) if parts else ""


def paragraph_line(p) -> str:
    """One paragraph of the report: role and label, the start of its words, what was done with it."""
    role = ROLE_NAMES.get(p.role, p.role)
    head = f"{role} {p.label}" if p.label else role
    more = f"（共{p.paragraphs}段）" if p.paragraphs > 1 else ""
    if p.match == "exact":
        done = f"完全复用「{p.block}」{_values(p.values)}"
    elif p.match == "near":
        done = (f"近似复用「{p.block}」，相似度 {percent(p.similarity)}（改动后的文字写作 text，based_on 记下原块）"
                f"{_values(p.values)}")
    elif p.match == "new":
        done = f"新建块「{p.block}」"
    else:
        key = getattr(p, "key", "") or ("title" if p.role == "title" else "signature")
        done = _GENERATED.get(key) or f"写在配置的 {key} 中"
    return f"  {head}「{_preview(p.text)}」{more}：{done}"


def count_line(report) -> str:
    """The closing count: 完全复用 N 段、近似复用 M 段（相似度 …）、新建 K 段."""
    counts = report.counts
    similar = "、".join(percent(p.similarity) for p in report.near)
    near = f"近似复用 {counts['near']} 段" + (f"（相似度 {similar}）" if similar else "")
    total = sum(counts.values())
    return f"共 {total} 段：完全复用 {counts['exact']} 段、{near}、新建 {counts['new']} 段"


def import_lines(report, root: Path) -> list[str]:
    """What an import did, paragraph by paragraph, in Chinese; the last line counts the reuse."""
    lines = [f"已备份原有文件：{_relative(backup, root)}" for backup in report.backups]
    config = _relative(report.config_path, root)
    lines.append(f"已导入 {report.source} → {config}")
    if report.blocks_path is not None:
        lines.append(f"新块写在 {_relative(report.blocks_path, root)}")
    lines.append("逐段情况：")
    lines += [paragraph_line(p) for p in report.paragraphs]
    if report.junk:
        lines.append(f"删去的网页残留（{len(report.junk)} 处）：")
        lines += [f"  {_where(j)}「{j.text}」：{j.why}" for j in report.junk]
    if report.unrecognised:
        lines.append(f"未能识别、没有导入的内容（{len(report.unrecognised)} 处，请核对后手工补上）：")
        for u in report.unrecognised:
            where = _where(u) + (f"「{_preview(u.text)}」" if u.text else "")
            lines.append(f"  {where}：{u.why}" if where else f"  {u.why}")  # 没有按正式公文导入：… names no place
    others = [f for f in report.findings if not f.rule.startswith("import.")]
    lines += finding_lines(others, indent="  ")
    lines.append(f"检查：drafter build {config} --draft -f txt")
    lines.append(count_line(report))
    return lines


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def import_data(report, root: Path) -> dict[str, Any]:
    """The report as plain JSON-ready data (keys as in the module docstring)."""
    def dropped(entry) -> dict[str, Any]:
        return {"text": entry.text, "reason": entry.why,
                "rule": entry.rule, "file": entry.file, "line": entry.line, "paragraph": entry.paragraph}

    return {
        "source": report.source,
        "config": _relative(report.config_path, root),
        "blocks": _relative(report.blocks_path, root),
        "backups": [_relative(b, root) for b in report.backups],
        "counts": report.counts,
        "paragraphs": [
            {"path": p.path, "role": p.role, "label": p.label, "text": p.text, "match": p.match, "block": p.block,
             "similarity": round(p.similarity, 4) if p.similarity is not None else None,
             "values": {k: _json_value(v) for k, v in p.values.items()}, "paragraphs": p.paragraphs}
            for p in report.paragraphs
        ],
        "junk": [dropped(j) for j in report.junk],
        "unrecognised": [dropped(u) for u in report.unrecognised],
        "findings": [f.as_dict() for f in report.findings],
    }


def import_json(report, root: Path) -> str:
    return json.dumps(import_data(report, root), ensure_ascii=False, indent=2, default=str) + "\n"
