"""The text of a roll's summary: what changed, what the user must still do, the next commands.

Kept out of :mod:`drafter.cli` (as :mod:`drafter.report` is) so that the command line and any
other front end say the same things; every function returns lines of Chinese and prints nothing.
"""

from __future__ import annotations

from typing import Any

from .roll import RollReport, StaleBlockText, ToRewrite, shown_value


def _at(line: int | None) -> str:
    return f"第{line}行 " if line else ""


def _value(value: Any) -> str:
    return shown_value(value)


def _judged(status: str, level: str, years: str, year: int) -> str:
    if status == "early":
        return f"是 {years}的提法（{level}），{year} 年的文件还不应出现"
    return f"是 {years}的提法（{level}），{year} 年已过时"


def _suggested(suggestions: tuple[str, ...], year: int) -> str:
    if not suggestions:
        return ""
    return "，可写「" + "」或「".join(suggestions) + "」"


def rewrite_line(item: ToRewrite, year: int) -> str:
    why = f"（未自动替换：{item.why}）" if item.why else ""
    return (f"{_at(item.line)}{item.key}：「{item.text}」{_judged(item.status, item.level, item.years, year)}"
            f"{_suggested(item.suggestions, year)}{why}")


def _block_lines(items: list[StaleBlockText], year: int) -> list[str]:
    first = items[0]
    uses = "、".join(f"第{line}行" for _, line in first.used_at if line) or "配置中"
    lines = [f"     {uses}的块「{first.block}」（{first.file}）："]
    for item in items:
        place = f"第{item.line}行" + (f"第{item.column}列" if item.column else "") if item.line else ""
        lines.append(f"       {place}「{item.text}」{_judged(item.status, item.level, item.years, year)}"
                     f"{_suggested(item.suggestions, year)}")
    if first.alternatives:
        lines.append("       可换用（主题相同、没有过时提法的块）：")
        lines += [f"         {a.id}  {a.title}" for a in first.alternatives]
        if first.more:
            lines.append(f"         另有 {first.more} 个，可用 drafter blocks list --tag {first.topic} 查看")
    else:
        lines.append("       块库中没有可替换的块：请改写块文件中的这段文字，或在配置中改用 text: 直接写")
    return lines


def roll_lines(report: RollReport) -> list[str]:
    """The summary of a roll, in Chinese: one line each."""
    year = report.to_year
    out = [f"已把 {report.source_name}（{report.from_year} 年）滚动到 {year} 年，写成 {report.output_name}；原文件未改动。"]
    if report.backup is not None:
        out.append(f"原有的 {report.output_name} 已改名备份为 {report.backup.name}。")

    # -- what changed
    out.append("")
    out.append("改动了什么：")
    years = [c for c in report.changes if c.kind == "year"]
    phrases = [c for c in report.changes if c.kind == "phrase"]
    cleared = [c for c in report.changes if c.kind == "cleared"]
    for c in years:
        if c.key.endswith("年度") and isinstance(c.old, int):
            out.append(f"  {_at(c.line)}{c.key}：{c.old} → {c.new}")
        else:
            out.append(f"  {_at(c.line)}{c.key}：年份「{_value(c.old)}」→「{_value(c.new)}」")
    if phrases:
        out.append(f"  按 drafter check 的时效性提法数据替换了 {len(phrases)} 处提法：")
        out += [f"    {_at(c.line)}{c.key}：「{c.old}」→「{c.new}」" for c in phrases]
    if cleared:  # each one is listed once, with what to fill in, below
        out.append(f"  清空了 {len(cleared)} 个每年要重新填写的值（指标、次数等），去年的值留在行尾的注释中"
                   "（逐项见下面“填写”一项）")
    if report.date is not None:
        d = report.date
        out.append(f"  {_at(d.line)}成文日期：{_value(d.old)} → {_value(d.new)}（暂定，去年的日期留在注释中）")

    # -- what is left to do
    todo: list[list[str]] = []
    if report.to_fill:
        lines = [f"填写 {len(report.to_fill)} 个空着的值（不填就不能生成正式文件；草稿中显示为 **）："]
        for item in report.to_fill:
            last = f"（去年：{_value(item.last)}）" if item.last is not None else "（原本就空着）"
            desc = f"：{item.description}" if item.description else ""
            lines.append(f"     {_at(item.line)}{item.key}{desc}{last}")
        todo.append(lines)
    if report.to_rewrite:
        lines = [f"改写 {len(report.to_rewrite)} 处不合 {year} 年的提法（drafter check 也会指出）："]
        lines += [f"     {rewrite_line(item, year)}" for item in report.to_rewrite]
        todo.append(lines)
    if report.stale_blocks:
        by_block: dict[str, list[StaleBlockText]] = {}
        for item in report.stale_blocks:
            by_block.setdefault(item.block, []).append(item)
        lines = [f"换掉 {len(by_block)} 个块中不合 {year} 年的固定文字（roll 不改块文件）：在配置中换用下列块之一，"
                 "或改写块文件中的文字"]
        for items in by_block.values():
            lines += _block_lines(items, year)
        todo.append(lines)
    if report.years_left:
        lines = [f"核对 {len(report.years_left)} 处仍写着 {report.from_year} 的文字（不是“{report.from_year}年”这样明确指年度的写法，"
                 "没有自动改）："]
        lines += [f"     {_at(line)}{key}：「{value}」" for key, value, line in report.years_left]
        todo.append(lines)
    if report.date is not None:
        todo.append([f"把成文日期改为实际日期（{_at(report.date.line).strip() or report.date.key}，现暂定为 "
                     f"{_value(report.date.new)}）"])
    out.append("")
    if todo:
        out.append("还需要您做的：")
        for number, lines in enumerate(todo, start=1):
            out.append(f"  {number}. {lines[0]}")
            out += lines[1:]
    else:
        out.append("没有需要您再改的地方。")

    # -- next commands
    name = report.output_name
    out.append("")
    out.append("下一步：")
    out.append(f"  drafter build {name} --draft    # 生成草稿，待填的值显示为 **")
    out.append(f"  drafter check {name}            # 校对：过时的提法、数字、标点……")
    out.append(f"  drafter build {name}            # 全部填好后生成正式文件")
    return out


__all__ = ["roll_lines", "rewrite_line"]
