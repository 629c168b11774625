"""What `drafter check` shows: findings grouped by paragraph, the flawed characters highlighted.

Shared by the command line and (later) the web page: :func:`check_text` gives plain
lines, :func:`print_check` prints them with rich (colour and highlight in a terminal that
has them, plain text otherwise), :func:`check_json` gives the data.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..findings import Finding, Severity
from . import CheckResult

LEVEL = {Severity.ERROR: "必错", Severity.WARNING: "疑似", Severity.HINT: "提示"}
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.HINT: "cyan"}


def summary(result: CheckResult) -> str:
    if not result.findings:
        return f"{result.doc.source}：未发现问题（检查了 {len(result.rules)} 条规则）。"
    counts = Counter(f.severity for f in result.findings)
    parts = "，".join(f"{LEVEL[s]} {counts[s]}" for s in (Severity.ERROR, Severity.WARNING, Severity.HINT) if counts[s])
    return f"{result.doc.source}：发现 {len(result.findings)} 处问题（{parts}）。"


def _groups(result: CheckResult) -> list[tuple[str, list[Finding]]]:
    """Findings per paragraph, in document order; the heading names the paragraph."""
    by_para: dict[Any, list[Finding]] = {}
    order: list[Any] = []
    for f in result.findings:
        key = (f.path, f.paragraph, f.line if result.doc.kind == "txt" else None) if f.start is not None else None
        if key not in by_para:
            by_para[key] = []
            order.append(key)
        by_para[key].append(f)
    out = []
    for key in order:
        items = by_para[key]
        first = items[0]
        if key is None:
            heading = "全文"
        else:
            heading = " ".join(x for x in (first.path or "", f"第{first.paragraph}段" if first.paragraph else "",
                                           f"第{first.line}行" if result.doc.kind == "txt" and first.line else "") if x)
        out.append((heading or "段落", items))
    return out


def _fix_place(f: Finding, doc_kind: str) -> str:
    """Where to edit, when that is another file than the one checked (a block, a config line)."""
    if doc_kind == "config" and f.file:
        return f.where
    return ""


def check_text(result: CheckResult) -> list[str]:
    """Plain lines: a summary, then per paragraph each finding with the text around it."""
    lines = [summary(result)]
    for heading, items in _groups(result):
        lines.append("")
        lines.append(heading)
        for f in items:
            place = _fix_place(f, result.doc.kind)
            lines.append(f"  {LEVEL[f.severity]} [{f.rule}] {f.message}" + (f"，{f.hint}" if f.hint else "")
                         + (f"（改 {place}）" if place else ""))
            if f.context:
                lines.append(f"      {f.context}")
    return lines


def print_check(result: CheckResult, console=None) -> None:
    """The same as :func:`check_text`, with colour and the flawed characters highlighted in a
    terminal; plain lines into a pipe or a file (without loading rich at all)."""
    import sys

    if console is None and not sys.stdout.isatty():
        sys.stdout.write("\n".join(check_text(result)) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = console or Console(highlight=False, soft_wrap=True)
    console.print(Text(summary(result), style="bold"))
    for heading, items in _groups(result):
        console.print()
        console.print(Text(heading, style="bold"))
        for f in items:
            place = _fix_place(f, result.doc.kind)
            line = Text("  ")
            line.append(LEVEL[f.severity], style=STYLE[f.severity])
            line.append(f" [{f.rule}] ", style="dim")
            line.append(f.message + (f"，{f.hint}" if f.hint else ""))
            if place:
                line.append(f"（改 {place}）", style="dim")
            console.print(line)
            if f.context:
                before, _, rest = f.context.partition("【")
                quoted, _, after = rest.rpartition("】")
                shown = Text("      " + before)
                shown.append(quoted, style="reverse " + STYLE[f.severity])
                shown.append(after)
                console.print(shown)


def check_json(result: CheckResult) -> str:
    return json.dumps([f.as_dict() for f in result.findings], ensure_ascii=False, indent=2) + "\n"


def rules_text(rules) -> list[str]:
    from .engine import GROUPS

    lines = []
    for group, zh in GROUPS.items():
        members = [r for r in rules if r.group == group]
        if not members:
            continue
        lines.append(f"{group}（{zh}）")
        for r in members:
            lines.append(f"  {r.id}  {LEVEL[r.severity]}  {r.title}" + ("  [可自动修正]" if r.fixes else ""))
    return lines
