"""The `drafter` command: a thin layer of typer commands over the library.

Every command calls one library function; :func:`_reported` turns a DrafterError into
a Chinese message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Callable, Optional

from . import cli_i18n

import typer  # noqa: E402

cli_i18n.install()
ZhCommand, ZhGroup = cli_i18n.zh_command_classes()

from .entry import say_interrupted as _say_interrupted  # noqa: E402
from .errors import DrafterError  # noqa: E402
from .quick import DRAFT, FORCE, FORMAT, OUTPUT, build_one, failure  # noqa: E402

APP_HELP = """drafter：用块库和配置文件起草党政机关工作文件（党建工作要点、工作要点、工作报告等），
输出符合 GB/T 9704-2012《党政机关公文格式》的 Word 文档。"""

BUILD_HELP = """生成一份文件，或一次生成多份。

默认写到工作区的 output/<配置名>.<扩展名>；工作区是向上最近的含 blocks/ 的文件夹。
缺少取值时拒绝生成并列出所有缺少的变量；加 --draft 则把缺少的值留作高亮的“**”。

给出多份配置（如 configs/*.yaml）或一个文件夹（其中全部 .yaml）时，用全部处理器核心同时生成，
显示进度，最后列表说明每份的结果；一份出错不影响其他各份，有未生成的时退出码为 1。"""

app = typer.Typer(
    help=APP_HELP,
    cls=ZhGroup,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
blocks_app = typer.Typer(help="浏览块库：列出、搜索、查看块。", cls=ZhGroup, no_args_is_help=True)
app.add_typer(blocks_app, name="blocks")


def _err(message: str) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)


def _reported(func: Callable) -> Callable:
    """Run a command; report DrafterErrors in Chinese with exit code 2, no traceback
    (:func:`drafter.quick.failure`: the plain build reports the same way)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (DrafterError, OSError, KeyboardInterrupt) as e:
            raise typer.Exit(failure(e, _err)) from None

    return wrapper


def _is_batch(configs: list[Path]) -> bool:
    """drafter.batch.is_batch, without importing drafter.batch — and with it the process pool
    and multiprocessing, 10 ms — for the build of one config (tests/test_cli.py: they agree)."""
    return len(configs) > 1 or any(Path(p).is_dir() for p in configs)


@app.command("build", help=BUILD_HELP, cls=ZhCommand)
@_reported
def build_cmd(
    configs: list[Path] = typer.Argument(..., metavar="配置文件...", help="配置文件，如 configs/gov-party-group-party-building-2023.yaml；可给多份，或给文件夹", show_default=False),
    output: Optional[Path] = typer.Option(None, *OUTPUT, help="输出文件路径（默认 output/<配置名>.<扩展名>）；生成多份时是输出文件夹"),
    fmt: Optional[str] = typer.Option(None, *FORMAT, help="输出格式：docx（Word）、pdf（由 LibreOffice 转换，嵌入字体）、txt（纯文本，每段一行）、md（Markdown）、json（文档数据，供其他程序使用）；不写时按 -o 的扩展名，默认 docx", show_default=False),
    draft: bool = typer.Option(False, DRAFT, help="草稿模式：缺少的值显示为“**”（Word 中高亮），不报错"),
    force: bool = typer.Option(False, FORCE, help="输出文件在上次生成后被手工修改过时，仍然覆盖（原文件先保存到 output/.history/）"),
    watch: bool = typer.Option(False, "--watch", help="监视配置和它用到的块，修改后自动重新生成并校对（按 Ctrl-C 停止）"),
    jobs: Optional[int] = typer.Option(None, "-j", "--jobs", metavar="份数", help="生成多份时同时生成几份（默认：环境变量 DRAFTER_JOBS，否则处理器核心数）", show_default=False),
) -> None:
    if _is_batch(configs):
        if watch:
            raise DrafterError("--watch 只能监视一份配置", key="--watch", hint="请只给一份配置文件")
        from .batch import plan, run, worker_count
        from .batch_report import ProgressDisplay, print_summary

        batch = plan(configs, fmt=fmt, output=output)
        with ProgressDisplay(len(batch)) as show:
            result = run(batch, draft=draft, force=force, workers=worker_count(jobs, len(batch.jobs)),
                         on_done=show.done, tick=show.tick)
        print_summary(result, sys.stdout)
        raise typer.Exit(result.exit_code)
    [config] = configs
    if watch:
        from .watch import build_and_check, watch as watch_files

        options = {"fmt": fmt, "output": output, "draft": draft, "force": force}
        try:
            watch_files(config, echo=typer.echo, build_once=lambda: build_and_check(config, **options))
        except KeyboardInterrupt:
            typer.echo("已停止监视。")
        return
    typer.echo(build_one(config, fmt=fmt, output=output, draft=draft, force=force))


@app.command("init", cls=ZhCommand, help="新建工作区：复制随 drafter 安装的块库、示例配置、模式文件和模板。")
@_reported
def init_cmd(
    folder: Path = typer.Argument(..., metavar="文件夹", help="新工作区的位置（不存在时自动创建）", show_default=False),
) -> None:
    from .scaffold import create_workspace

    written = create_workspace(folder)
    blocks = sum(1 for p in written if "blocks" in p.relative_to(folder).parts[:1])
    configs = [p for p in written if p.parent.name == "configs"]
    typer.echo(f"已在 {folder} 新建工作区：{blocks} 个块文件、{len(configs)} 个示例配置。")
    if configs:
        from .scaffold import FIRST_EXAMPLE

        first = next((p for p in configs if p.name == FIRST_EXAMPLE), configs[0])
        typer.echo(f"试试：cd {folder} && drafter build configs/{first.name}")


IMPORT_HELP = """导入去年的文件（.docx、.txt、有文字的 PDF，或经 LibreOffice 转换的 .doc/.wps/.rtf），生成可重建它的配置 configs/<名称>.yaml。

与块库中的块相同（只是县名、年度、数字不同）的段落沿用块库的块并填入这些取值；与某个块只差几处字词的段落
写作改动后的文字（text），并用 based_on 记下原来的块；其余段落成为新块，写在 blocks/imported/<名称>/ 下。
原文的“**”“XX”等占位符成为待填参数。最后报告每一段的用法，以及删去的网页残留。不会覆盖已有文件。"""


@app.command("import", help=IMPORT_HELP, cls=ZhCommand)
@_reported
def import_cmd(
    path: Path = typer.Argument(..., metavar="文件", help="要导入的 .docx、.txt、.pdf、.doc、.wps 或 .rtf 文件", show_default=False),
    name: Optional[str] = typer.Option(None, "--name", "-n", help="导入后的名称（默认取文件名）"),
    force: bool = typer.Option(False, "--force", help="同名配置或块已存在时，先把原文件改名备份再写入"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出导入报告：逐段的用法（完全复用、近似复用、新建）、取值、删去的网页残留、未能识别的内容"),
) -> None:
    from .importer import import_document
    from .workspace import find_root

    root = find_root(Path.cwd())
    if root is None:
        raise DrafterError("当前文件夹及其上级都没有 blocks/ 文件夹", hint="请在工作区中运行，或先用 drafter init 新建工作区")
    report = import_document(path, root, name=name, force=force)
    from .import_report import import_json, import_lines

    if as_json:
        typer.echo(import_json(report, root), nl=False)
        return
    for line in import_lines(report, root):
        typer.echo(line)


CHECK_HELP = """校对一份文件：配置文件，或任何 .docx / .txt。

指出未填的占位符、编号错乱、半角标点、日期写法、过时的提法、常见错别字、替换地名造成的错字、
网页残留等，并说明在哪里改：配置中的取值给出配置文件的行，块中的文字给出块文件的行，
.docx/.txt 给出第几段、第几个字。没有问题时退出码为 0，发现问题时为 1，输入有误时为 2。"""


@app.command("check", help=CHECK_HELP, cls=ZhCommand)
@_reported
def check_cmd(
    path: Optional[Path] = typer.Argument(None, metavar="文件", help="配置文件、.docx 或 .txt", show_default=False),
    year: Optional[int] = typer.Option(None, "--year", help="文件所属年度（默认取配置的年度或标题中的年份）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出全部发现"),
    rules: Optional[str] = typer.Option(None, "--rules", help="只用这些规则或分组（逗号分隔），如 punctuation,numbering"),
    off: Optional[str] = typer.Option(None, "--off", help="不用这些规则或分组（逗号分隔）"),
    strict: bool = typer.Option(False, "--strict", help="“提示”级别的发现也算问题（退出码 1）"),
    list_rules: bool = typer.Option(False, "--list-rules", help="列出全部规则及其分组"),
    docx_comments: Optional[Path] = typer.Option(
        None, "--docx-comments", metavar="输出.docx", show_default=False,
        help="另存带批注的 Word 文档，每处发现标在出错的字上（配置文件：批注在生成的文档上）"),
    fix: Optional[Path] = typer.Option(
        None, "--fix", metavar="输出", show_default=False,
        help="把可放心自动修正的问题（半角标点、日期补零、编号等）改好，另存为新文件；原文件不变，块文件中的只列出"),
) -> None:
    from .check import all_rules, check_path
    from .check.report import check_json, print_check, rules_text

    if list_rules:
        for line in rules_text(all_rules()):
            typer.echo(line)
        return
    if path is None:
        raise DrafterError("请给出要检查的文件", hint="如 drafter check configs/要点.yaml 或 drafter check 去年的文件.docx")
    if docx_comments is not None:
        from .check.comments import check_comments_output

        check_comments_output(path, docx_comments)
    if fix is not None:
        from .check.fix import check_fix_output

        check_fix_output(path, fix)
    result = check_path(path, year=year, only=_names(rules), off=_names(off))
    if as_json:
        typer.echo(check_json(result), nl=False)
    else:
        print_check(result)
    if docx_comments is not None:
        from .check.comments import comments_text, write_comments

        for line in comments_text(write_comments(result, path, docx_comments)):
            typer.echo(line, err=as_json)
    if fix is not None:
        from .check.fix import fix_text, write_fixed

        for line in fix_text(write_fixed(result, path, fix)):
            typer.echo(line, err=as_json)
    if result.failed(strict):
        raise typer.Exit(1)


def _names(option: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (option or "").replace("，", ",").split(",") if n.strip())


ROLL_HELP = """把配置滚动到下一年，写成新文件（原文件不动；默认文件名中的年份换成新的年度）。

年度和由它推出的年份随之更新；过时的会议提法按 drafter check 的提法数据替换；每年都要重新填写的指标、次数等清空为 ~，去年的值留在注释中（填好之前不能生成正式文件，草稿中显示为 **）。

最后列出改动了什么、还要您做什么（要填的值、要改写的提法、块中过时的文字及可换用的块）。"""


@app.command("roll", help=ROLL_HELP, cls=ZhCommand)
@_reported
def roll_cmd(
    config: Path = typer.Argument(..., metavar="配置文件", help="今年的配置，如 configs/gov-integrity-2023.yaml", show_default=False),
    to: Optional[int] = typer.Option(None, "--to", metavar="年度", help="滚动到哪一年（默认配置年度的下一年）", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="新配置的路径（默认：原文件名中的年份换成新年度）"),
    force: bool = typer.Option(False, "--force", help="新配置已存在时，先把它改名备份再写入"),
) -> None:
    from .roll import roll_config
    from .roll_report import roll_lines

    for line in roll_lines(roll_config(config, to, output, force=force)):
        typer.echo(line)


ABSORB_HELP = """把领导在 Word 里对生成文件的修改写回配置。

把生成的 .docx（或 .txt）与配置重新生成的结果逐段对照：只改了数字或名称的，改配置中的取值；
改了文字的，这一条改为直接写的文字（并记下原来的块）；删去的条目从配置中删去；新增的段落按位置
写进配置。写回时保留配置中的注释和顺序；写回后再生成一遍，列出没能照原样写回的段落。
修订（修改痕迹）请先在 Word 中接受或拒绝；没处理的按“接受全部修订”后的文字写回。"""


@app.command("absorb", help=ABSORB_HELP, cls=ZhCommand)
@_reported
def absorb_cmd(
    config: Path = typer.Argument(..., metavar="配置文件", help="生成这份文件的配置", show_default=False),
    edited: Path = typer.Argument(..., metavar="修改后的文件", help="领导改过的 .docx（或 .txt）", show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", help="只列出要做的修改，不写配置"),
) -> None:
    from .absorb import absorb
    from .report import absorb_lines

    for line in absorb_lines(absorb(config, edited, dry_run=dry_run)):
        typer.echo(line)


TASKS_HELP = """把各条目的任务分工（牵头单位、责任单位、完成时限）写成全年的任务台账（Excel .xlsx）。

默认写到工作区的 output/<配置名>-任务台账.xlsx。表头冻结，各部分标题各占一行；
“进展”一列从下拉列表中选择：未启动、推进中、已完成、滞后。加 --by-section 则每个部分一个工作表。

任务分工写在配置中条目的 task: 下，或作为块的参数 牵头单位、责任单位、完成时限。
台账在上次生成后被修改过（如已填写进展）时不覆盖，除非加 --force。"""


@app.command("tasks", help=TASKS_HELP, cls=ZhCommand)
@_reported
def tasks_cmd(
    config: Path = typer.Argument(..., metavar="配置文件", help="配置文件，如 configs/gov-party-group-party-building-2023-notice.yaml", show_default=False),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出文件路径，以 .xlsx 结尾（默认 output/<配置名>-任务台账.xlsx）"),
    by_section: bool = typer.Option(False, "--by-section", help="每个部分一个工作表，以部分标题命名（默认全部任务在一个工作表“任务台账”中）"),
    draft: bool = typer.Option(False, "--draft", help="草稿模式：缺少的值显示为“**”，不报错"),
    force: bool = typer.Option(False, "--force", help="台账在上次生成后被修改过时，仍然覆盖（原文件先保存到 output/.history/）"),
) -> None:
    from .ledger import build_ledger, ledger_summary

    typer.echo(ledger_summary(build_ledger(config, output=output, by_section=by_section, draft=draft, force=force)))


def _library():
    from .blocks import load_library
    from .workspace import find_root

    root = find_root(Path.cwd())
    if root is None:
        raise DrafterError("当前文件夹及其上级都没有 blocks/ 文件夹", hint="请在工作区中运行")
    return load_library(root)


@blocks_app.command("list", cls=ZhCommand, help="列出块库中的块，可按标签或关键词筛选。")
@_reported
def blocks_list(
    tag: Optional[str] = typer.Option(None, "--tag", "-t", help="只列出带此标签的块，如 意识形态"),
    search: Optional[str] = typer.Option(None, "--search", "-s", help="只列出含这些词的块（空格分隔，须全部包含）"),
) -> None:
    from .browse import find_blocks
    from .report import block_list_line

    found = find_blocks(_library(), tag, search)
    for block in found:
        typer.echo(block_list_line(block))
    typer.echo(f"共 {len(found)} 个块", err=True)


@blocks_app.command("show", cls=ZhCommand, help="显示一个块的全部信息：文字、参数（说明、类型、默认值）、标签、出处、哪些配置在用。")
@_reported
def blocks_show(block_id: str = typer.Argument(..., metavar="块编号", help="块编号，如 政治建设/旗帜鲜明讲政治", show_default=False)) -> None:
    from .browse import usages
    from .report import block_lines

    library = _library()
    block = library.get(block_id)
    if block is None:
        raise DrafterError(f"块库中没有编号为「{block_id}」的块", hint=library.suggest(block_id) or "可用 drafter blocks list 查看")
    for line in block_lines(block, library, usages(library).get(block.id, [])):
        typer.echo(line)


DIFF_HELP = """对比两份配置文件，或两份文件（.docx、.txt，来源不限），列出改动：部分和条目的新增、删除、移动、
改动（逐字列出改了什么）；两份都是配置文件时，还按参数名列出取值的变化，如 值「地区生产总值增长率」6.5 → 7。

加 --docx 另存一份 Word 修订稿：按公文格式排版的新版，相对旧版的改动标为修订（插入、删除、移动），
逐字标注，可在 Word 或 WPS 的“审阅”中逐条接受或拒绝；只因前面的条目增删或移动而改变的序号不标为改动。
配置文件按草稿生成（缺少的值显示为“**”）。两份相同时退出码为 0，不同时为 1，输入有误时为 2。"""


@app.command("diff", help=DIFF_HELP, cls=ZhCommand)
@_reported
def diff_cmd(
    old: Path = typer.Argument(..., metavar="旧版", help="旧版：配置文件、.docx 或 .txt", show_default=False),
    new: Path = typer.Argument(..., metavar="新版", help="新版：配置文件、.docx 或 .txt", show_default=False),
    docx_out: Optional[Path] = typer.Option(
        None, "--docx", metavar="输出.docx", show_default=False,
        help="另存新版的 Word 修订稿，相对旧版的改动标为修订"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出全部段落的对比结果"),
    author: str = typer.Option("drafter", "--author", metavar="作者", help="修订稿中修订的作者名"),
) -> None:
    from .diff import check_author, check_redline_output, compare, write_redline
    from .diff.summary import redline_line, summary_json, summary_lines

    if docx_out is not None:
        check_author(author)
        check_redline_output([old, new], docx_out)
    alignment = compare(old, new)
    if as_json:
        typer.echo(summary_json(alignment), nl=False)
    else:
        for line in summary_lines(alignment):
            typer.echo(line)
    if docx_out is not None:
        typer.echo(redline_line(alignment, write_redline(alignment, docx_out, author=author), author), err=as_json)
    if not alignment.same:
        raise typer.Exit(1)


SERVE_HELP = """在浏览器中起草和修改：打开本机的网页界面，管理工作区中的文件。

列出全部配置；打开一份可看大纲（含编号）、增删和调整条目、从块库中搜索添加、填写取值、修改文字，右边是按公文格式排版的预览，校对的发现标在出错的字上；可与去年的文件对比（修订稿），下载 Word、PDF 和任务台账，浏览和修改块库。改动都写回同样的 YAML 配置文件（注释和顺序保留），命令行、git 照常使用。

只接受本机（127.0.0.1）访问；打印的地址中带有本次运行的访问令牌。按 Ctrl-C 停止。"""


@app.command("serve", help=SERVE_HELP, cls=ZhCommand)
@_reported
def serve_cmd(
    workspace: Optional[Path] = typer.Argument(None, metavar="工作区", help="工作区文件夹（含 blocks/；默认：当前文件夹或其上级）", show_default=False),
    port: Optional[int] = typer.Option(None, "--port", "-p", metavar="端口", help="端口（默认从 8765 起找一个空闲的）", show_default=False),
    no_browser: bool = typer.Option(False, "--no-browser", help="不自动打开浏览器，只打印地址"),
) -> None:
    from .workspace import find_root

    start = workspace if workspace is not None else Path.cwd()
    if workspace is not None and not workspace.is_dir():
        raise DrafterError("工作区文件夹不存在", file=str(workspace), hint="请给出含 blocks/ 的文件夹，或先用 drafter init 新建工作区")
    root = find_root(start)
    if root is None:
        raise DrafterError(f"{start} 及其上级都没有 blocks/ 文件夹", hint="请在工作区中运行，或先用 drafter init 新建工作区")
    if port is not None and not 0 < port < 65536:
        raise DrafterError(f"端口应在 1 到 65535 之间，实际是 {port}", key="--port")
    from .web.server import serve

    serve(root, port=port, open_browser=not no_browser, echo=typer.echo)


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="drafter")
    except DrafterError as e:  # pragma: no cover - commands report their own errors
        _err(str(e))
        sys.exit(e.exit_code)
    except SystemExit as e:
        if e.code == 130:  # typer turns a Ctrl-C outside a command's body into a silent exit 130
            _say_interrupted()
        raise
