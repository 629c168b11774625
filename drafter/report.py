"""Text for people: findings, block descriptions, build summaries (the import report: :mod:`drafter.import_report`).

Presentation lives here, not in :mod:`drafter.cli`, so that the command line and a web
page say the same things in the same words. Every function returns lines (or a line)
of plain Chinese text and prints nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .blocks import PARAM_TYPE_NAMES, Block, Library
from .findings import Finding, sort_findings


def finding_lines(findings: Iterable[Finding], indent: str = "") -> list[str]:
    """One line per finding, in file order: ``注意：file 第N行：message，hint``."""
    return [f"{indent}{f.severity.zh}：{f}" for f in sort_findings(findings)]


def build_summary(path: Path | str, blanks: int, kept: Path | None = None) -> str:
    note = f"（草稿：{blanks}处待填，显示为 **）" if blanks else ""
    saved = f"\n原文件有手工修改，已先保存到 {kept}" if kept else ""
    return f"已生成 {path}{note}{saved}"


def block_list_line(block: Block) -> str:
    """``id  [类型]  开头的文字…  #标签``."""
    title = (block.title_source or block.body_source).strip().splitlines()[0]
    if len(title) > 30:
        title = title[:30] + "…"
    tags = " ".join(f"#{t}" for t in block.tags)
    return f"{block.id}  [{block.kind.zh.split('（')[0]}]  {title}  {tags}".rstrip()


def block_lines(block: Block, library: Library, uses: list) -> list[str]:
    """Everything about one block: text, parameters with types and defaults, tags, origin,
    and the configs that use it (``uses``: :class:`drafter.browse.Usage` entries)."""
    lines = [
        f"编号：{block.id}",
        f"类型：{block.kind.zh}",
        f"位置：{block.file} 第{block.line}行",
    ]
    if block.title_source:
        lines.append(f"标题句：{block.title_source.strip()}")
    lines.append("正文：")
    lines += [f"  {line}" for line in block.body_source.strip().splitlines()]
    lines.append("参数：" if block.variables else "参数：无")
    for name in block.variables_in_order():
        param = block.param(name, library.common)
        if param is None:
            continue
        extra = []
        if param.default is not None:
            extra.append(f"默认 {param.default}")
        if param.example is not None:
            extra.append(f"示例 {param.example}")
        scope = "（通用参数）" if param.common else ""
        suffix = f"；{'；'.join(extra)}" if extra else ""
        lines.append(f"  {name}（{PARAM_TYPE_NAMES[param.type]}）{scope}：{param.description}{suffix}")
    lines.append(f"标签：{'、'.join(block.tags) if block.tags else '无'}")
    lines.append(f"出处：{block.source or '未注明'}")
    lines.append("使用它的配置：" + ("无" if not uses else ""))
    lines += [f"  {use.config} 第{use.line}行（{use.slot}）" if use.slot else f"  {use.config} 第{use.line}行"
              for use in uses]
    return lines


def absorb_lines(report) -> list[str]:
    """What ``drafter absorb`` changed in the config, what it left alone, and what to do next."""
    done = [c for c in report.changes if c.done]
    left = [c for c in report.changes if not c.done]
    lines = []
    if not report.changes:
        return [f"{report.edited} 与 {report.config} 生成的文字相同，没有要写回的修改。"]
    verb = "已写回" if report.written else "将写回"
    lines.append(f"{verb} {report.config}（{len(done)} 处，来自 {report.edited}）：")
    lines += [f"  {c.what}" for c in done]
    if left:
        lines.append(f"未能写回（{len(left)} 处，请手工处理）：")
        lines += [f"  {c.what}" for c in left]
    if report.not_carried:
        lines.append(f"写回后重新生成，下列 {len(report.not_carried)} 段与修改稿仍不相同，请核对：")
        lines += [f"  「{t[:40]}{'…' if len(t) > 40 else ''}」" for t in report.not_carried]
    if report.written:
        lines.append(f"下一步：drafter build {report.config}（修改稿会先保存到 output/.history/）")
    return lines
