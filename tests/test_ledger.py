"""drafter tasks: the 任务台账 as an .xlsx an office keeps through the year, read back with openpyxl."""

import shutil

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import REPO
from drafter.assembler import assemble
from drafter.builder import load
from drafter.cli import app
from drafter.ledger import HEADER, display_width, sheet_name
from drafter.tasks import COLUMNS, PROGRESS, task_rows

NOTICE = "configs/gov-party-group-party-building-2023-notice.yaml"
LEDGER = "output/gov-party-group-party-building-2023-notice-任务台账.xlsx"
NO_TASKS = "configs/gov-party-group-party-building-2023.yaml"


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return CliRunner()


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A copy of the repository's library and configs, as a user's workspace."""
    for name in ("blocks", "configs"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _rows(config):
    cfg, library = load(config)
    return task_rows(assemble(cfg, library))


def _tasks(runner, *args):
    result = runner.invoke(app, ["tasks", *args])
    assert "Traceback" not in result.output
    return result


def _validation(sheet):
    [dv] = sheet.data_validations.dataValidation
    return dv, {str(r) for r in dv.sqref.ranges}


def _check_sheet(sheet, rows):
    """The sheet holds exactly *rows* under a frozen bold header, 进展 validated on every task row."""
    assert [c.value for c in sheet[1]] == list(HEADER)
    assert list(HEADER[:5]) == list(COLUMNS)
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    dv, covered = _validation(sheet)
    assert dv.type == "list" and dv.formula1 == '"' + ",".join(PROGRESS) + '"'
    assert dv.showErrorMessage and "进展只能填" in dv.error and "未启动" in dv.error
    task_cells = set()
    for r, row in enumerate(rows, 2):
        cells = [sheet.cell(r, c).value for c in range(1, len(HEADER) + 1)]
        if row.is_section:
            assert cells[0] == row.task and f"A{r}:G{r}" in merged
            assert sheet.cell(r, 1).fill.fgColor.rgb.endswith("F2F2F2") and sheet.cell(r, 1).font.b
        else:
            assert cells[0] == row.number and tuple("" if v is None else str(v) for v in cells[:5]) == row.cells()
            assert cells[5:] == [None, None]
            task_cells.add(f"F{r}")
    assert sheet.max_row == len(rows) + 1
    assert covered == task_cells
    assert len(merged) == sum(row.is_section for row in rows)


def test_ledger_of_the_example_config(runner, workspace):
    result = _tasks(runner, NOTICE)
    assert result.exit_code == 0, result.output
    assert "已生成任务台账" in result.output and "19项任务" in result.output
    book = openpyxl.load_workbook(workspace / LEDGER)
    assert book.sheetnames == ["任务台账"]
    assert book.properties.title == "2023年县政府党组党建工作要点"
    sheet = book["任务台账"]
    rows = _rows(workspace / NOTICE)
    _check_sheet(sheet, rows)
    # the rows as the example gives them
    assert sheet["A2"].value == "一、聚焦“两个确立”，全面加强党的政治建设"
    assert [c.value for c in sheet[3]][:5] == [1, "旗帜鲜明讲政治", "县政府党组", "县政府各部门党组（党委）", "全年"]
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert widths["B"] > widths["A"]  # 工作任务 wider than 序号
    assert widths["B"] >= display_width("深入学习宣传贯彻党的二十大精神")  # the longest task fits
    assert widths["D"] >= display_width("县商务局、县工业和信息化局")
    assert sheet.auto_filter.ref == f"A1:G{len(rows) + 1}"


def test_by_section_a_sheet_per_section(runner, workspace):
    result = _tasks(runner, NOTICE, "--by-section", "-o", "台账/分部分.xlsx")
    assert result.exit_code == 0, result.output
    assert "分6个工作表" in result.output
    book = openpyxl.load_workbook(workspace / "台账" / "分部分.xlsx")
    assert book.sheetnames == ["聚焦“两个确立”，全面加强党的政治建设", "聚焦“国之大者”，全面加强党的思想建设",
                               "聚焦发展要务，全面发挥党建引领作用", "聚焦基层基础，全面加强党的组织建设",
                               "聚焦效能提升，全面加强能力作风建设", "聚焦正风肃纪，全面加强党风廉政建设"]
    rows = _rows(workspace / NOTICE)
    starts = [i for i, row in enumerate(rows) if row.is_section] + [len(rows)]
    for sheet, (a, b) in zip(book.worksheets, zip(starts, starts[1:])):
        _check_sheet(sheet, rows[a:b])  # each sheet: its own header, frozen pane and validation
    assert book.worksheets[1]["A3"].value == 4  # numbers run on through the table, as in the 任务分解表


def test_same_config_same_bytes(runner, workspace):
    assert _tasks(runner, NOTICE, "-o", "a.xlsx").exit_code == 0
    assert _tasks(runner, NOTICE, "-o", "b.xlsx").exit_code == 0
    assert (workspace / "a.xlsx").read_bytes() == (workspace / "b.xlsx").read_bytes()
    book = openpyxl.load_workbook(workspace / "a.xlsx")
    assert book.properties.created == book.properties.modified
    assert book.properties.created.date().isoformat() == "2023-02-10"  # the notice's 成文日期, not the clock


def test_no_tasks_is_a_chinese_refusal(runner, workspace):
    result = _tasks(runner, NO_TASKS)
    assert result.exit_code == 2
    assert NO_TASKS in result.output
    assert "没有任何条目写明牵头单位、责任单位或完成时限" in result.output
    assert "task:" in result.output and "牵头单位、责任单位、完成时限" in result.output
    assert not (workspace / "output").exists()


@pytest.mark.parametrize("target", ["台账.csv", "台账", "output/台账.xls"])
def test_output_must_be_xlsx(runner, workspace, target):
    result = _tasks(runner, NOTICE, "-o", target)
    assert result.exit_code == 2
    assert "--output" in result.output and ".xlsx" in result.output and "未生成文件" in result.output
    assert not (workspace / target).exists()


def test_output_not_among_the_configs(runner, workspace):
    result = _tasks(runner, NOTICE, "-o", "configs/台账.xlsx")
    assert result.exit_code == 2 and "configs/" in result.output
    assert not (workspace / "configs" / "台账.xlsx").exists()


def test_a_filled_in_ledger_is_kept(runner, workspace):
    assert _tasks(runner, NOTICE).exit_code == 0
    assert _tasks(runner, NOTICE).exit_code == 0  # unchanged since written: rebuilt freely
    path = workspace / LEDGER
    book = openpyxl.load_workbook(path)
    book["任务台账"]["F3"] = "推进中"
    book.save(path)
    filled = path.read_bytes()
    result = _tasks(runner, NOTICE)
    assert result.exit_code == 2 and "被修改过" in result.output and "--force" in result.output
    assert path.read_bytes() == filled
    result = _tasks(runner, NOTICE, "--force")
    assert result.exit_code == 0 and "已先保存到" in result.output
    [kept] = (workspace / "output" / ".history").iterdir()
    assert kept.read_bytes() == filled
    assert openpyxl.load_workbook(path)["任务台账"]["F3"].value is None


def test_help_is_chinese(runner):
    result = runner.invoke(app, ["tasks", "--help"])
    assert result.exit_code == 0
    assert "用法：" in result.output and "--by-section" in result.output and "任务台账" in result.output
    assert "Usage:" not in result.output and "Options" not in result.output
    assert "tasks" in runner.invoke(app, ["--help"]).output


# -- tasks from block parameters ---------------------------------------------------------------------
LONG = "统筹推进全县重点项目谋划储备、要素保障、开工建设和竣工投产全过程跟踪服务工作"
PARAM_BLOCKS = {
    "blocks/_params.yaml": """
        params:
          年度: {type: int, description: 年度}
    """,
    "blocks/测试.yaml": f"""
        blocks:
          - id: 测试/标题
            kind: heading
            body: |
              聚焦发展
          - id: 测试/投资
            kind: item
            title: 扩大有效投资。
            body: |
              {{{{ 年度 }}}}年由{{{{ 牵头单位 }}}}牵头，{{{{ 责任单位 }}}}配合，{{{{ 完成时限 }}}}完成。
            params:
              牵头单位: {{type: str, description: 牵头单位, default: 县发展和改革局}}
              责任单位: {{type: str, description: 责任单位}}
              完成时限: {{type: str, description: 完成时限, default: 全年}}
          - id: 测试/长任务
            kind: item
            body: |
              {LONG}。由{{{{ 牵头单位 }}}}负责。
            params:
              牵头单位: {{type: str, description: 牵头单位}}
    """,
}
PARAM_CONFIG = """
    kind: 工作要点
    title: "{{ 年度 }}年工作要点"
    variables: {年度: 2024}
    sections:
      - heading: 测试/标题
        items:
          - block: 测试/投资
            values: {责任单位: 县商务局}
          - block: 测试/长任务
            values: {牵头单位: 县住房和城乡建设局}
            task: {lead: 县重点项目办, due: 2024年12月底前}
"""


def test_tasks_from_block_parameters(runner, make_workspace, monkeypatch):
    root = make_workspace({**PARAM_BLOCKS, "configs/c.yaml": PARAM_CONFIG})
    monkeypatch.chdir(root)
    result = _tasks(runner, "configs/c.yaml")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(root / "output" / "c-任务台账.xlsx")["任务台账"]
    rows = [[c.value for c in row][:5] for row in sheet.iter_rows(min_row=2)]
    assert rows == [
        ["一、聚焦发展", None, None, None, None],
        [1, "扩大有效投资", "县发展和改革局", "县商务局", "全年"],  # defaults and values of the block's parameters
        [2, LONG, "县重点项目办", None, "2024年12月底前"],  # task: in the config wins over the block's 牵头单位
    ]
    _check_sheet(sheet, _rows(root / "configs/c.yaml"))
    # a long task wraps in a column no wider than the cap; short ones do not
    assert display_width(LONG) > sheet.column_dimensions["B"].width == 50
    assert sheet["B4"].alignment.wrap_text and not sheet["B3"].alignment.wrap_text


def test_missing_values_refuse_unless_draft(runner, make_workspace, monkeypatch):
    config = PARAM_CONFIG.replace("\n            values: {责任单位: 县商务局}", "")
    root = make_workspace({**PARAM_BLOCKS, "configs/c.yaml": config})
    monkeypatch.chdir(root)
    result = _tasks(runner, "configs/c.yaml")
    assert result.exit_code == 2 and "责任单位" in result.output
    assert not (root / "output").exists()
    result = _tasks(runner, "configs/c.yaml", "--draft")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(root / "output" / "c-任务台账.xlsx")["任务台账"]
    row = [c.value for c in sheet[3]][:5]
    assert row[:3] + row[4:] == [1, "扩大有效投资", "县发展和改革局", "全年"]
    assert row[3] in (None, "**")  # the missing 责任单位: left empty, or shown as the draft blank


# -- sheet names -------------------------------------------------------------------------------------
def test_sheet_names_excel_accepts():
    assert sheet_name("一、聚焦发展要务") == "聚焦发展要务"
    assert sheet_name("十二、A/B:C*D?E[F]G\\H") == "A-B-C-D-E-F-G-H"
    long = sheet_name("聚焦" * 30)
    assert len(long) == 31
    assert sheet_name("聚焦" * 30, {long.casefold()}) == long[:28] + "（2）"
    assert sheet_name("部分", {"部分", "部分（2）"}) == "部分（3）"
    assert sheet_name("'History'") == "History部分"
    assert sheet_name("一、") == "部分"
