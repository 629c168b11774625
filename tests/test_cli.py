"""The command line as a user runs it: Chinese help, outputs, exit codes, nothing half-written."""

import os
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import REPO, output_lines, seed_lines
from drafter.cli import app

SEED_CONFIG = "configs/gov-party-group-party-building-2022.yaml"


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    return CliRunner()


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A copy of the repository's library and configs, as a user's workspace."""
    for name in ("blocks", "configs"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [["--help"], ["build", "--help"], ["init", "--help"], ["import", "--help"], ["blocks", "--help"],
     ["blocks", "list", "--help"], ["blocks", "show", "--help"]],
)
def test_help_is_chinese(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    out = result.output
    assert "用法：" in out and "显示本帮助并退出。" in out
    for english in ("Usage:", "Show this message", "Options", "Arguments", "Commands"):
        assert english not in out


def test_build_txt_to_default_output(runner, workspace):
    result = runner.invoke(app, ["build", SEED_CONFIG, "--draft", "--format", "txt"])
    assert result.exit_code == 0, result.output
    out = workspace / "output" / "gov-party-group-party-building-2022.txt"
    assert "已生成" in result.output and "16处待填" in result.output
    assert output_lines(out.read_bytes()) == seed_lines("gov-party-group-party-building-2022.txt")


def test_build_docx_to_given_path(runner, workspace):
    target = workspace / "出件" / "要点.docx"
    result = runner.invoke(app, ["build", SEED_CONFIG, "--draft", "-o", str(target)])
    assert result.exit_code == 0, result.output
    import docx

    assert docx.Document(str(target)).paragraphs[0].text.startswith("2022年县政府党组党建工作的总体要求是")


def test_missing_values_refuse_and_keep_the_old_output(runner, workspace):
    out = workspace / "output" / "gov-party-group-party-building-2022.docx"
    out.parent.mkdir()
    out.write_bytes(b"last good build")
    result = runner.invoke(app, ["build", SEED_CONFIG])
    assert result.exit_code == 2
    assert "发现15个问题，未生成文件" in result.output
    assert "缺少「地区生产总值增长率」（地区生产总值的年度增长目标）的值" in result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == b"last good build"
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temp file left behind


def test_bad_yaml_exit_2_with_location(runner, workspace):
    bad = workspace / "configs" / "坏.yaml"
    bad.write_text("kind: 工作要点\nsections:\n  - heading: [\n", encoding="utf-8")
    result = runner.invoke(app, ["build", "configs/坏.yaml"])
    assert result.exit_code == 2
    assert result.output.startswith("configs/坏.yaml 第4行第1列：YAML 格式错误")
    assert not (workspace / "output").exists()


def test_unknown_format(runner, workspace):
    result = runner.invoke(app, ["build", SEED_CONFIG, "--draft", "-f", "odt"])
    assert result.exit_code == 2
    assert "不支持的输出格式「odt」" in result.output


def test_blocks_list_by_tag_and_words(runner, workspace):
    result = runner.invoke(app, ["blocks", "list", "--tag", "意识形态"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "思想建设/落实意识形态责任制  [条目]  落实意识形态责任制。  #思想建设 #意识形态 #党建工作要点" in lines
    assert len(lines) > 1 and all(" #意识形态" in line for line in lines)
    assert f"共 {len(lines)} 个块" in result.output
    result = runner.invoke(app, ["blocks", "list", "--search", "廉洁 家风 社交圈"])
    ids = [line.split()[0] for line in result.stdout.splitlines()]
    assert "党风廉政/加强廉洁自律意识" in ids
    for block_id in ids:
        shown = runner.invoke(app, ["blocks", "show", block_id]).stdout
        assert all(word in shown for word in ("廉洁", "家风", "社交圈"))


def test_blocks_show(runner, workspace):
    result = runner.invoke(app, ["blocks", "show", "发展/持续扩大有效投资"])
    assert result.exit_code == 0
    out = result.stdout
    assert "类型：条目（编号的段落）" in out
    assert "  固定资产投资增长率（百分数（不含%号））：固定资产投资的年度增长目标；示例 8" in out
    assert "出处：gov-party-group-party-building-2022.txt 第12行" in out
    assert "configs/gov-party-group-party-building-2022.yaml 第58行" in out


def test_blocks_show_unknown_id_suggests(runner, workspace):
    result = runner.invoke(app, ["blocks", "show", "发展/持续扩大投资"])
    assert result.exit_code == 2
    assert "您是不是想用「发展/持续扩大有效投资」？" in result.output


def test_console_script_runs_as_a_process(workspace):
    """The installed entry point, as README runs it: a separate process, exit code, no traceback."""
    exe = shutil.which("drafter")
    cmd = [exe] if exe else [sys.executable, "-m", "drafter"]
    env = {**os.environ, "COLUMNS": "100"}
    ok = subprocess.run([*cmd, "build", SEED_CONFIG, "--draft"], capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert (workspace / "output" / "gov-party-group-party-building-2022.docx").stat().st_size > 10000
    bad = subprocess.run([*cmd, "build", "configs/没有.yaml"], capture_output=True, text=True, env=env)
    assert bad.returncode == 2
    assert "文件不存在" in bad.stderr and "Traceback" not in bad.stderr


def test_outputs_get_ordinary_permissions(runner, workspace):
    """Atomic writes go through a private temp file; the result must still be readable by colleagues."""
    import stat

    result = runner.invoke(app, ["build", SEED_CONFIG, "--draft", "-f", "txt"])
    assert result.exit_code == 0
    out = workspace / "output" / "gov-party-group-party-building-2022.txt"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    out.chmod(0o640)  # a mode the user chose survives a rebuild
    runner.invoke(app, ["build", SEED_CONFIG, "--draft", "-f", "txt"])
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_blocks_show_sees_every_slot_cover_included(runner, workspace):
    config = workspace / "configs" / "with-cover.yaml"
    config.write_text(
        "kind: 工作要点\nvariables: {年度: 2023, 单位: 县政府党组}\ncover:\n  - 总体要求/机关党建总体要求\n", encoding="utf-8")
    result = runner.invoke(app, ["blocks", "show", "总体要求/机关党建总体要求"])
    assert result.exit_code == 0, result.output
    assert "  configs/with-cover.yaml 第4行（cover）" in result.stdout


# -- start-up: what --help does not import (drafter.cli_i18n defers rich's Markdown and Traceback) ------------
def test_help_imports_neither_markdown_nor_pygments_nor_click_itself():
    script = ("import sys\nsys.argv = ['drafter', '--help']\nfrom drafter.entry import main\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              "print(sorted(m for m in ('rich.markdown', 'rich.traceback', 'markdown_it', 'pygments', 'click')"
              " if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0 and "用法： drafter" in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_the_deferred_rich_classes_hand_over_to_the_real_ones():
    import rich.text

    from drafter.cli_i18n import _deferred_class

    Markdown = _deferred_class("rich.markdown", "Markdown")
    Traceback = _deferred_class("rich.traceback", "Traceback")
    import rich.markdown
    import rich.traceback

    made = Markdown("# 标题", style="bold")
    assert type(made) is rich.markdown.Markdown and made.markup == "# 标题"
    assert isinstance(made, Markdown) and not isinstance(rich.text.Text("x"), Markdown)
    assert Traceback.from_exception == rich.traceback.Traceback.from_exception
    assert (Markdown | rich.text.Text) is not None  # typer's annotations, evaluated


def test_after_help_the_real_rich_modules_are_imported(monkeypatch):
    import importlib
    import sys

    from drafter import cli_i18n

    for name in ("typer.rich_utils", "rich.markdown", "rich.traceback"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    cli_i18n.install()
    rich_utils = importlib.import_module("typer.rich_utils")
    assert "rich.markdown" not in sys.modules and "rich.traceback" not in sys.modules
    assert rich_utils.RICH_HELP != "" and rich_utils.Markdown.__name__ == "Markdown"
    import rich.markdown

    assert type(rich.markdown) is type(sys) and hasattr(rich.markdown, "MarkdownIt")  # the real module


def test_one_build_does_not_import_the_batch_and_cli_agrees_with_batch_on_what_is_one(tmp_path):
    from pathlib import Path

    from drafter.batch import is_batch
    from drafter.cli import _is_batch

    (tmp_path / "folder").mkdir()
    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    for paths in ([tmp_path / "a.yaml"], [tmp_path / "folder"], [tmp_path / "a.yaml", tmp_path / "a.yaml"],
                  [tmp_path / "missing.yaml"], [tmp_path / "a.yaml", tmp_path / "folder"], [Path(".")]):
        assert _is_batch(paths) == is_batch(paths), paths
    script = ("import sys\nsys.argv = ['drafter', 'build', 'configs/gov-integrity-2023.yaml', '--draft', '-o', sys.argv[1]]\n"
              "from drafter.entry import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
              "print(sorted(m for m in ('drafter.batch', 'multiprocessing', 'concurrent.futures.process')"
              " if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / "out.docx")], cwd=REPO, capture_output=True,
                          text=True)
    assert (tmp_path / "out.docx").exists(), proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_the_last_garbage_collection_is_spared_whatever_way_the_command_ends(tmp_path):
    """drafter.entry freezes the objects on the way out (the interpreter's final collection over a
    build's modules was a tenth of the process) — after a plain build, a typer command and an error."""
    script = ("import gc, sys\nsys.argv = ['drafter', *sys.argv[1:]]\nfrom drafter.entry import main\n"
              "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
              "print(code, gc.get_freeze_count() > 1000, file=sys.stderr)")
    for args, code in ((["build", "configs/gov-integrity-2023.yaml", "--draft", "-o", str(tmp_path / "a.docx")], 0),
                       (["blocks", "list"], 0), (["build", "configs/没有.yaml"], 2)):
        proc = subprocess.run([sys.executable, "-c", script, *args], cwd=REPO, capture_output=True, text=True)
        assert proc.stderr.strip().splitlines()[-1] == f"{code} True", proc.stderr
    assert (tmp_path / "a.docx").stat().st_size > 10000
