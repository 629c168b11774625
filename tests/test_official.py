"""The official document around the text: 版头, 主送, the 印发通知, 附件说明 and attachments, the
任务分解表, 版记 — their wording against GB/T 9704-2012 (shared/spec/gbt9704.md), their order in
the txt, json and md outputs, and the located Chinese messages for what a user gets wrong.

The expected strings are written out from the standard, not copied from the output: 发文字号
``县政党发〔2023〕5号`` (六角括号, no 第, no zero padding), ``附件：1.…`` with later names aligned
under the first, ``附件1`` on an attachment's first line, ``抄送：…，…。``, ``2023年2月10日印发``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from conftest import REPO
from drafter import DrafterError, assemble, load_config, load_library
from drafter import official
from drafter.cli import app
from drafter.config import ConfigSpec
from drafter.model import AttachmentKind, Blank, Role, Task, Text, Value, walk
from drafter.tasks import task_rows
from drafter.writers.txt import text_lines

NOTICE = "configs/gov-party-group-party-building-2023-notice.yaml"
PLAIN = "configs/gov-party-group-party-building-2023.yaml"
ENGLISH = re.compile(r"Traceback|Error|error:|Exception|[Nn]ot (?:found|allowed)|[Ii]nvalid|expected|unexpected")
W = "\u3000"  # a full-width space

TITLE = "2023年县政府党组党建工作要点"
TASKS_TITLE = TITLE + "任务分解表"
SECTION_1 = "一、聚焦“两个确立”，全面加强党的政治建设"


@pytest.fixture(scope="module")
def library():
    return load_library(REPO)


def build(library, path: str, *, draft: bool = False):
    return assemble(load_config(REPO / path, path), library, draft=draft)


@pytest.fixture
def ws(tmp_path, monkeypatch):
    """A copy of the shipped workspace, the current folder (as a user has it)."""
    root = tmp_path / "ws"
    for name in ("blocks", "configs", "templates"):
        shutil.copytree(REPO / name, root / name)
    (root / "output").mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("COLUMNS", "200")
    return root


def cli(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output
    return result.output


def refused(root: Path, config_text: str, *fragments: str) -> str:
    """Build *config_text* as configs/x.yaml: exit 2, Chinese message with the fragments, nothing written."""
    (root / "configs" / "x.yaml").write_text(config_text, encoding="utf-8")
    out = cli("build", "configs/x.yaml", "-f", "txt", "-o", "output/x.txt", code=2)
    assert "configs/x.yaml" in out, out
    for fragment in fragments:
        assert fragment in out, f"{fragment!r} not in:\n{out}"
    assert not ENGLISH.search(out), out
    assert list((root / "output").iterdir()) == []
    return out


def line_of(text: str, start: str) -> int:
    """The 1-based line of *text* that starts with *start*."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if line.startswith(start))


# -- 发文字号 (GB/T 9704 7.2.4) ----------------------------------------------------------------------
def test_a_right_number_passes():
    for number in ("县政党发〔2023〕5号", "县委发〔2022〕120号", "〔2023〕1号"):
        assert official.doc_number_problem(number) is None, number


@pytest.mark.parametrize("number, reason", [
    ("县政党发[2023]5号", "年份用六角括号〔〕括入"),
    ("县政党发（2023）5号", "年份用六角括号〔〕括入"),
    ("县政党发(2023)5号", "年份用六角括号〔〕括入"),
    ("县政党发【2023】5号", "年份用六角括号〔〕括入"),
    ("县政党发〔2023〕第5号", "序号前不加“第”"),
    ("县政党发〔2023〕05号", "序号不编虚位（不写成 05）"),
    ("县政党发〔2023〕005号", "序号不编虚位（不写成 05）"),
    ("县政党发〔2023〕5", "序号后加“号”"),
    ("县政党发 〔2023〕5号", "中间不留空格"),
    ("县政党发〔2023〕 5号", "中间不留空格"),
    ("县政党发〔２０２３〕５号", "年份和序号用半角阿拉伯数字"),
])
def test_a_wrong_number_is_told_why_and_the_right_form(number, reason):
    message, fixed = official.doc_number_problem(number)
    assert message == "发文字号格式不对：" + reason
    assert fixed == "县政党发〔2023〕5号"
    assert official.doc_number_problem(fixed) is None


def test_several_slips_are_all_named():
    message, fixed = official.doc_number_problem("县政党发[2023]第05号")
    assert message == "发文字号格式不对：年份用六角括号〔〕括入，序号前不加“第”，序号不编虚位（不写成 05）"
    assert fixed == "县政党发〔2023〕5号"


@pytest.mark.parametrize("number", ["县政党发〔2023〕0号", "县政党发〔23〕5号", "5号", "县政党发2023年5号", ""])
def test_a_number_that_cannot_be_mended_gets_the_pattern(number):
    assert official.doc_number_problem(number) == (
        "发文字号应写成“机关代字〔年份〕序号号”，如“县政党发〔2023〕5号”", None)


def test_the_example_number_is_built(ws):
    cli("build", NOTICE, "-f", "txt", "-o", "output/n.txt")
    assert "县政党发〔2023〕5号" in (ws / "output/n.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("number", ["县政党发[{{ 年度 }}]5号", "县政党发〔{{ 年度 }}〕第5号", "县政党发〔{{ 年度 }}〕05号",
                                    "县政党发（{{ 年度 }}）5号", "县政党发[2023]5号"])
def test_build_refuses_a_wrong_number(ws, number):
    text = (ws / NOTICE).read_text(encoding="utf-8")
    line = line_of(text, "  number:")
    text = re.sub(r"(?m)^  number: .*$", f"  number: {number}", text)
    out = refused(ws, text, f"configs/x.yaml 第{line}行", "header.number", "发文字号格式不对",
                  "写成“县政党发〔2023〕5号”")
    assert out.count("header.number") == 1


# -- the example notice as text: the whole document in reading order ---------------------------------
NOTICE_HEAD = [
    "中共永昌县人民政府党组文件",  # 发文机关标志
    "县政党发〔2023〕5号",  # 发文字号
    "",  # the red rule
    f"中共永昌县人民政府党组关于印发《{TITLE}》的通知",
    "",
    "各乡镇党委，县政府各部门党组（党委），县直各单位党组织：",  # 主送, ending with a full-width colon
    f"现将《{TITLE}》印发给你们，请结合实际认真贯彻落实。",
    "",  # 附件说明: one empty line below the body
    f"附件：1.{TITLE}",
    f"{W * 3}2.{TASKS_TITLE}",  # aligned under the first name: as wide as 附件：
    "",
    "中共永昌县人民政府党组",  # 署名
    "2023年2月10日",  # 成文日期: Arabic numerals, no zero padding
    "",
    "附件1",  # the attachment's first line
    "",
    TITLE,  # its title on the third line
    "",
]

NOTICE_TAIL = [
    "19\t加强廉洁自律意识\t县政府党组\t县政府各部门党组（党委）\t长期坚持",
    "",
    "抄送：县委办公室，县人大常委会办公室，县纪委监委。",
    "县政府党组办公室" + W * 2 + "2023年2月10日印发",
]


def test_notice_txt_reads_in_paper_order(ws):
    cli("build", NOTICE, "-f", "txt", "-o", "output/n.txt")
    lines = (ws / "output/n.txt").read_text(encoding="utf-8").splitlines()
    assert len("附件：") == 3  # the later lines of the 附件说明 start under the first name
    assert lines[:len(NOTICE_HEAD)] == NOTICE_HEAD
    assert lines[len(NOTICE_HEAD)].startswith("2023年县政府党组党建工作的总体要求是：")
    assert lines[len(NOTICE_HEAD) + 1] == SECTION_1
    assert lines[len(NOTICE_HEAD) + 2].startswith("1.旗帜鲜明讲政治。认真贯彻")
    assert lines[-len(NOTICE_TAIL):] == NOTICE_TAIL

    second = lines.index("附件2")
    assert lines[second - 1:second + 6] == [
        "", "附件2", "", TASKS_TITLE, "",
        "序号\t工作任务\t牵头单位\t责任单位\t完成时限",
        SECTION_1,
    ]
    assert lines[second + 6] == "1\t旗帜鲜明讲政治\t县政府党组\t县政府各部门党组（党委）\t全年"
    assert lines[second - 2].startswith("3.加强廉洁自律意识。")  # the document's last item ends 附件1
    table = lines[second + 4:len(lines) - 3]
    numbers = [int(row.split("\t")[0]) for row in table[1:] if row[:1].isdigit()]
    assert numbers == list(range(1, 20))
    headings = [row for row in table[1:] if "\t" not in row]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert "12\t加强党建基础保障\t县政府党组办公室\t县财政局\t2023年6月底前" in table
    # no signature after the document inside the notice: the notice's is the only one
    assert lines.count("中共永昌县人民政府党组") == 1


def test_the_document_inside_the_notice_is_the_plain_document(ws, library):
    """附件1 is word for word the 2023 要点 built without the official parts."""
    lines = text_lines(build(library, NOTICE))
    inside = lines[lines.index("附件1") + 2:lines.index("附件2") - 1]
    plain = text_lines(build(library, PLAIN))
    assert plain[-3:] == ["", "中共永昌县人民政府党组", "2023年2月10日"]
    assert inside == plain[:-3]


def test_plain_documents_have_none_of_the_official_parts(ws):
    cli("build", PLAIN, "-f", "txt", "-o", "output/p.txt")
    text = (ws / "output/p.txt").read_text(encoding="utf-8")
    for word in ("附件", "抄送", "签发人", "印发", "〔", "任务分解表", "主送"):
        assert word not in text, word
    assert text.splitlines()[0] == TITLE


def test_notice_walk_order(library):
    roles = [node.role for node in walk(build(library, NOTICE))]
    order = [Role.ORGAN, Role.DOC_NUMBER, Role.NOTICE_TITLE, Role.RECIPIENTS, Role.COVER,
             Role.ATTACHMENT_NOTE, Role.ATTACHMENT_NOTE, Role.ISSUER, Role.DATE, Role.ATTACHMENT_LABEL, Role.TITLE,
             Role.PREAMBLE, Role.HEADING]
    assert roles[:len(order)] == order
    assert roles[-6:] == [Role.ATTACHMENT_LABEL, Role.ATTACHMENT_TITLE, Role.TASK_TABLE, Role.CC, Role.PRINTER,
                          Role.PRINTED]
    assert roles.count(Role.ISSUER) == 1


# -- json ------------------------------------------------------------------------------------------
def test_notice_json_has_the_official_parts(ws):
    cli("build", NOTICE, "-f", "json", "-o", "output/n.json")
    data = json.loads((ws / "output/n.json").read_text(encoding="utf-8"))
    assert data["header"] == {"organ": "中共永昌县人民政府党组文件", "number": "县政党发〔2023〕5号"}
    assert data["recipients"] == "各乡镇党委，县政府各部门党组（党委），县直各单位党组织："
    assert data["notice"] == {"title": f"中共永昌县人民政府党组关于印发《{TITLE}》的通知"}
    assert data["attachments"] == [
        {"label": "附件1", "name": TITLE, "kind": "document"},
        {"label": "附件2", "name": TASKS_TITLE, "kind": "tasks"},
    ]
    assert data["imprint"] == {"cc": "县委办公室，县人大常委会办公室，县纪委监委。", "printer": "县政府党组办公室",
                               "date": "2023年2月10日印发"}
    tasks = data["tasks"]
    assert len(tasks) == 6 + 19
    assert tasks[0] == {"number": None, "task": SECTION_1, "lead": "", "units": "", "due": "", "section": SECTION_1,
                        "path": "sections[1].heading"}
    assert tasks[1] == {"number": 1, "task": "旗帜鲜明讲政治", "lead": "县政府党组", "units": "县政府各部门党组（党委）",
                        "due": "全年", "section": SECTION_1, "path": "sections[1].items[1]"}
    assert [t["number"] for t in tasks if t["number"] is not None] == list(range(1, 20))
    assert tasks[-1]["task"] == "加强廉洁自律意识" and tasks[-1]["due"] == "长期坚持"
    by_path = {p["path"]: p for p in data["paragraphs"]}
    assert by_path["attachments[1].name"]["label"] == "附件：1."
    assert by_path["attachments[1].name"]["text"] == f"附件：1.{TITLE}"
    assert by_path["attachments[2].name"]["text"] == f"2.{TASKS_TITLE}"
    assert by_path["attachments[2].label"]["text"] == "附件2"
    assert by_path["imprint.cc"]["text"] == "抄送：县委办公室，县人大常委会办公室，县纪委监委。"
    assert by_path["header.number"]["spans"] == [
        {"text": "县政党发〔", "part": "body"},
        {"text": "2023", "part": "body", "param": "年度", "given": {"file": NOTICE, "line": line_of(
            (REPO / NOTICE).read_text(encoding="utf-8"), "  年度:")}},
        {"text": "〕5号", "part": "body"},
    ]


def test_plain_json_has_no_official_keys(ws):
    cli("build", PLAIN, "-f", "json", "-o", "output/p.json")
    data = json.loads((ws / "output/p.json").read_text(encoding="utf-8"))
    for key in ("header", "recipients", "notice", "attachments", "tasks", "imprint"):
        assert key not in data, key


# -- markdown ----------------------------------------------------------------------------------------
def test_notice_markdown_shows_the_labels(ws):
    cli("build", NOTICE, "-f", "md", "-o", "output/n.md")
    blocks = (ws / "output/n.md").read_text(encoding="utf-8").strip().split("\n\n")
    assert f"附件：1.{TITLE}" in blocks
    assert f"2\\.{TASKS_TITLE}" in blocks  # not an ordered list
    assert "抄送：县委办公室，县人大常委会办公室，县纪委监委。" in blocks
    assert "县政府党组办公室" in blocks and "2023年2月10日印发" in blocks
    assert "---\n\n附件1" in "\n\n".join(blocks)
    assert "| 1 | 旗帜鲜明讲政治 | 县政府党组 | 县政府各部门党组（党委） | 全年 |" in "\n\n".join(blocks)
    assert f"| | **{SECTION_1}** | | | |" in "\n\n".join(blocks)


# -- a 上行文's 版头: 份号, 密级, 紧急程度, 字号 with 签发人 ---------------------------------------------------
REPORT = """\
title: 关于2023年党建工作情况的报告
kind: 工作报告
header:
  copy_number: 000001
  secrecy: 秘密★1年
  urgency: 特急
  organ: 永昌县人民政府文件
  number: 永政发〔2023〕12号
  signers: [张三, 李四]
recipients: 市人民政府
preamble:
  - text: 现将有关情况报告如下。
signature:
  issuer: 永昌县人民政府
  date: 2023-03-01
imprint:
  printer: 永昌县人民政府办公室
  date: 2023-03-02
"""


def test_upward_header_in_txt(ws):
    (ws / "configs/r.yaml").write_text(REPORT, encoding="utf-8")
    cli("build", "configs/r.yaml", "-f", "txt", "-o", "output/r.txt")
    assert (ws / "output/r.txt").read_text(encoding="utf-8").splitlines() == [
        "000001",  # 份号: six digits, though YAML read 000001 as the number 1
        "秘密★1年",
        "特急",
        "永昌县人民政府文件",
        f"永政发〔2023〕12号{W * 2}签发人：张三{W}李四",  # the 字号 on the left, 签发人 on the right
        "",
        "关于2023年党建工作情况的报告",
        "",
        "市人民政府：",
        "现将有关情况报告如下。",
        "",
        "永昌县人民政府",
        "2023年3月1日",
        "",  # the 版记 stands apart, 抄送 or not
        f"永昌县人民政府办公室{W * 2}2023年3月2日印发",
    ]


def test_upward_header_in_md_and_json(ws):
    (ws / "configs/r.yaml").write_text(REPORT, encoding="utf-8")
    cli("build", "configs/r.yaml", "-f", "md", "-o", "output/r.md")
    blocks = (ws / "output/r.md").read_text(encoding="utf-8").strip().split("\n\n")
    assert f"签发人：张三{W}李四" in blocks
    assert "永政发〔2023〕12号" in blocks
    cli("build", "configs/r.yaml", "-f", "json", "-o", "output/r.json")
    data = json.loads((ws / "output/r.json").read_text(encoding="utf-8"))
    assert data["header"] == {"organ": "永昌县人民政府文件", "number": "永政发〔2023〕12号", "signers": f"张三{W}李四",
                              "copy_number": "000001", "secrecy": "秘密★1年", "urgency": "特急"}
    assert data["imprint"] == {"cc": "", "printer": "永昌县人民政府办公室", "date": "2023年3月2日印发"}
    assert "attachments" not in data and "notice" not in data


# -- the 任务分解表 -------------------------------------------------------------------------------------
TASK_BLOCKS = {
    "blocks/任务.yaml": """
        blocks:
          - id: 任务/标题甲
            kind: heading
            body: |
              第一部分
          - id: 任务/标题乙
            kind: heading
            body: |
              第二部分
          - id: 任务/印出
            kind: item
            title: 做好甲项工作。
            body: |
              由{{ 牵头单位 }}牵头，{{ 完成时限 }}前完成。
            params:
              牵头单位: {type: str, description: 牵头单位, default: 县委办}
              完成时限: {type: date, description: 完成时限, default: 2023-06-30}
          - id: 任务/不印
            kind: item
            title: 做好乙项工作。
            body: |
              乙项内容。
            params:
              牵头单位: {type: str, description: 牵头单位, default: 县政府办}
              责任单位: {type: str, description: 责任单位, default: 各乡镇}
              完成时限: {type: str, description: 完成时限, default: 长期坚持}
          - id: 任务/无
            kind: item
            title: 做好丙项工作。
            body: |
              丙项内容；另有说明。
    """,
}


def _tasks_doc(make_workspace, config: str, draft: bool = False):
    root = make_workspace({**TASK_BLOCKS, "configs/c.yaml": "title: 测试要点\nkind: 工作要点\n" + config})
    return assemble(load_config(root / "configs/c.yaml", "configs/c.yaml"), load_library(root), draft=draft)


def test_task_rows_from_block_parameters(make_workspace):
    doc = _tasks_doc(make_workspace, """
tasks: appendix
sections:
  - heading: 任务/标题甲
    items:
      - 任务/印出
      - block: 任务/印出
        values: {牵头单位: 县财政局}
      - 任务/不印
      - block: 任务/不印
        values: {责任单位: 县直各部门, 完成时限: 2023年9月底前}
""")
    rows = [row.cells() for row in task_rows(doc)]
    assert rows == [
        ("", "一、第一部分", "", "", ""),
        # a date parameter reads as the text prints it (GB/T 9704: 2023年6月30日), not 2023-06-30
        ("1", "做好甲项工作", "县委办", "", "2023年6月30日"),
        ("2", "做好甲项工作", "县财政局", "", "2023年6月30日"),
        # declared, not printed: the block's task
        ("3", "做好乙项工作", "县政府办", "各乡镇", "长期坚持"),
        ("4", "做好乙项工作", "县政府办", "县直各部门", "2023年9月底前"),
    ]
    assert text_lines(doc)[3:7] == ["1.做好甲项工作。由县委办牵头，2023年6月30日前完成。",
                                    "2.做好甲项工作。由县财政局牵头，2023年6月30日前完成。",
                                    "3.做好乙项工作。乙项内容。", "4.做好乙项工作。乙项内容。"]


def test_task_rows_from_the_config_entry(make_workspace):
    doc = _tasks_doc(make_workspace, """
variables: {单位: 县委组织部}
tasks: appendix
sections:
  - heading: 任务/标题甲
    items:
      - block: 任务/不印
        task: {lead: "{{ 单位 }}", due: 2023-12-31}
      - block: 任务/无
        task: {units: 各乡镇}
      - text: 做好丁项工作。丁项内容。
  - heading: 任务/标题乙
    items:
      - block: 任务/无
        items:
          - text: 子项一。
            task: {lead: 县教育局, units: 各学校, due: 2023年秋季学期}
          - text: 子项二，不单列。
""")
    assert [row.cells() for row in task_rows(doc)] == [
        ("", "一、第一部分", "", "", ""),
        ("1", "做好乙项工作", "县委组织部", "各乡镇", "2023年12月31日"),  # the config wins, the block fills the rest
        ("2", "做好丙项工作", "", "各乡镇", ""),
        ("3", "做好丁项工作", "", "", ""),  # one-off text: its first sentence
        ("", "二、第二部分", "", "", ""),
        ("4", "做好丙项工作", "", "", ""),  # numbered on through the sections
        ("5", "子项一", "县教育局", "各学校", "2023年秋季学期"),  # a deeper item with its own task
    ]
    rows = task_rows(doc)
    assert rows[1].section == "一、第一部分" and rows[1].path == "sections[1].items[1]"
    assert rows[6].path == "sections[2].items[1].items[1]"
    assert doc.sections[0].items[0].task == Task("县委组织部", "各乡镇", "2023年12月31日")
    assert doc.sections[0].items[2].task is None


def test_a_task_value_nobody_gave_is_a_blank_in_a_draft(make_workspace):
    blocks = dict(TASK_BLOCKS)
    blocks["blocks/任务.yaml"] = blocks["blocks/任务.yaml"].replace(
        "完成时限: {type: str, description: 完成时限, default: 长期坚持}", "完成时限: {type: str, description: 完成时限}")
    root = make_workspace({**blocks, "configs/c.yaml": """
        title: 测试要点
        kind: 工作要点
        tasks: appendix
        sections:
          - heading: 任务/标题甲
            items: [任务/不印]
    """})
    config = load_config(root / "configs/c.yaml", "configs/c.yaml")
    with pytest.raises(DrafterError) as info:
        assemble(config, load_library(root))
    assert "缺少「完成时限」（完成时限）的值，用于 sections[1].items[1]（块「任务/不印」）" in str(info.value)
    doc = assemble(config, load_library(root), draft=True)
    assert task_rows(doc)[1].cells() == ("1", "做好乙项工作", "县政府办", "各乡镇", Blank.TEXT)


def test_tasks_appendix_alone_is_the_only_attachment(make_workspace):
    doc = _tasks_doc(make_workspace, """
tasks: appendix
sections:
  - heading: 任务/标题甲
    items: [任务/印出]
signature: {issuer: 县委办公室, date: 2023-02-10}
""")
    assert [a.kind for a in doc.attachments] == [AttachmentKind.TASKS]
    assert text_lines(doc) == [
        "测试要点", "",
        "一、第一部分",
        "1.做好甲项工作。由县委办牵头，2023年6月30日前完成。",
        "",
        "附件：测试要点任务分解表",  # one attachment: no number
        "",
        "县委办公室", "2023年2月10日",
        "",
        "附件",  # its page opens with 附件, no number
        "",
        "测试要点任务分解表",
        "",
        "序号\t工作任务\t牵头单位\t责任单位\t完成时限",
        "一、第一部分",
        "1\t做好甲项工作\t县委办\t\t2023年6月30日",
    ]


def test_tasks_with_a_title_asks_for_the_table(make_workspace):
    doc = _tasks_doc(make_workspace, """
tasks: {title: 重点任务分工}
sections:
  - heading: 任务/标题甲
    items: [任务/印出]
""")
    assert [(a.kind, str(a.name.text)) for a in doc.attachments] == [(AttachmentKind.TASKS, "重点任务分工")]
    lines = text_lines(doc)
    assert "附件：重点任务分工" in lines
    assert lines[lines.index("附件"):lines.index("附件") + 3] == ["附件", "", "重点任务分工"]


def test_tasks_appendix_false_leaves_the_table_out(make_workspace):
    doc = _tasks_doc(make_workspace, """
tasks: {appendix: false}
sections:
  - heading: 任务/标题甲
    items: [任务/印出]
""")
    assert doc.attachments == []
    assert doc.sections[0].items[0].task == Task("县委办", "", "2023年6月30日")  # the ledger still has it


def test_tasks_shorthand_in_the_schema_and_the_loader():
    schema = json.loads((REPO / "schemas/config.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for tasks in ("appendix", {"appendix": True}, {"title": "分工"}, {"appendix": True, "title": "分工"}):
        assert validator.is_valid({"kind": "工作要点", "tasks": tasks}), tasks
        assert ConfigSpec.model_validate({"kind": "工作要点", "tasks": tasks}).tasks.appendix
    for tasks in ("appendx", "yes", True, {"apendix": True}):
        assert not validator.is_valid({"kind": "工作要点", "tasks": tasks}), tasks
        with pytest.raises(ValidationError):
            ConfigSpec.model_validate({"kind": "工作要点", "tasks": tasks})
    assert not ConfigSpec.model_validate({"kind": "工作要点", "tasks": {"appendix": False}}).tasks.appendix
    assert validator.is_valid({"kind": "工作要点", "header": {"organ": "x", "copy_number": 1}})
    example = yaml.safe_load((REPO / NOTICE).read_text(encoding="utf-8"))
    example["signature"]["date"] = example["imprint"]["date"] = "2023-02-10"  # as an editor sees them
    assert validator.is_valid(example)


# -- the notice's own title and body ------------------------------------------------------------------
NOTICE_CONFIG = """
header: {organ: 永昌县人民政府文件}
wrapper: notice
recipients: 各乡镇人民政府，县直各部门
sections:
  - heading: 任务/标题甲
    items: [任务/印出]
"""


def test_notice_default_title_from_the_organ_and_default_sentence(make_workspace):
    doc = _tasks_doc(make_workspace, NOTICE_CONFIG)
    assert text_lines(doc) == [
        "永昌县人民政府文件",
        "",
        "永昌县人民政府关于印发《测试要点》的通知",  # no 署名: the organ without 文件
        "",
        "各乡镇人民政府，县直各部门：",
        "现将《测试要点》印发给你们，请结合实际认真贯彻落实。",
        "",
        "附件：测试要点",  # the only attachment: no number
        "",
        "附件",
        "",
        "测试要点",
        "",
        "一、第一部分",
        "1.做好甲项工作。由县委办牵头，2023年6月30日前完成。",
    ]


def test_notice_title_and_cover_from_the_config(make_workspace):
    doc = _tasks_doc(make_workspace, NOTICE_CONFIG + """
notice: {title: 关于印发《测试要点》的通知}
cover:
  - text: 现将《测试要点》印发给你们，请认真抓好落实。
signature: {issuer: 永昌县人民政府办公室, date: 2023-02-10}
""")
    lines = text_lines(doc)
    assert lines[2] == "关于印发《测试要点》的通知"
    assert lines[5] == "现将《测试要点》印发给你们，请认真抓好落实。"
    assert "现将《测试要点》印发给你们，请结合实际认真贯彻落实。" not in lines
    assert lines[6:12] == ["", "附件：测试要点", "", "永昌县人民政府办公室", "2023年2月10日", ""]
    assert lines[12] == "附件"


# -- the wording helpers ----------------------------------------------------------------------------
def test_cc_text_joins_with_commas_and_ends_with_a_full_stop():
    names = [Text.of("县委办公室，"), Text.of("县人大常委会办公室。"), Text.of("县纪委监委、"), Text.of("县法院 ")]
    assert str(official.cc_text(names)) == "县委办公室，县人大常委会办公室，县纪委监委，县法院。"
    assert str(official.cc_text([Text.of("县委办公室")])) == "县委办公室。"
    assert official.cc_text([]) == Text()
    assert official.cc_text([Text.of("。")]) == Text()
    value = Value("县政协办公室", "政协")
    assert official.cc_text([Text.of(value)]).parts == (value, "。")  # a value keeps its span


def test_printed_text_says_yinfa_once():
    assert str(official.printed_text(Text.of("2023年2月10日"))) == "2023年2月10日印发"
    assert str(official.printed_text(Text.of("2023年2月10日印发"))) == "2023年2月10日印发"
    twice = official.printed_text(official.printed_text(Text.of("2023年2月10日")))
    assert str(twice) == "2023年2月10日印发"


def test_recipients_text_ends_with_one_full_width_colon():
    for given in ("市人民政府", "市人民政府：", "市人民政府:", "市人民政府：：", "市人民政府： ", "市人民政府。"):
        assert str(official.recipients_text(Text.of(given))) == "市人民政府：", given
    assert official.recipients_text(Text()) == Text()


def test_organ_name_drops_wenjian():
    assert str(official.organ_name(Text.of("中共永昌县人民政府党组文件"))) == "中共永昌县人民政府党组"
    assert str(official.organ_name(Text.of("永昌县人民政府"))) == "永昌县人民政府"
    assert str(official.organ_name(Text.of("文件"))) == "文件"
    organ = Text.of(Value("永昌县", "县名"), "人民政府文件")
    assert official.organ_name(organ).parts == (Value("永昌县", "县名"), "人民政府")


def test_attachment_labels():
    assert official.note_label(1, 1) == "附件："
    assert official.attachment_label(1, 1) == "附件"
    assert [official.note_label(i, 3) for i in (1, 2, 3)] == ["附件：1.", "2.", "3."]
    assert [official.attachment_label(i, 3) for i in (1, 2, 3)] == ["附件1", "附件2", "附件3"]
    assert official.signers_text([Text.of("张三"), Text.of("李四")]) == Text.of(f"张三{W}李四")


# -- what a user gets wrong ---------------------------------------------------------------------------
@pytest.fixture
def notice_text(ws):
    return (ws / NOTICE).read_text(encoding="utf-8")


def test_unknown_key_under_header(ws, notice_text):
    line = line_of(notice_text, "  number:")
    refused(ws, notice_text.replace("  number:", "  numbr:"),
            f"configs/x.yaml 第{line}行第3列 header.numbr：未知的键「numbr」", "您是不是想用「number」")


def test_wrapper_other_than_notice(ws, notice_text):
    line = line_of(notice_text, "wrapper:")
    refused(ws, re.sub(r"(?m)^wrapper: notice", "wrapper: letter", notice_text),
            f"configs/x.yaml 第{line}行", "wrapper", "取值「letter」无效，可选：none、notice")


def test_notice_without_a_title(ws, notice_text):
    line = line_of(notice_text, "wrapper:")
    refused(ws, re.sub(r"(?m)^title: .*$", "", notice_text),
            f"configs/x.yaml 第{line}行", "title", "wrapper: notice 需要文件标题", "请在文件顶部写 title")


def test_notice_settings_without_the_wrapper(ws, notice_text):
    line = line_of(notice_text, "wrapper:")
    refused(ws, re.sub(r"(?m)^wrapper: notice .*$", "notice: {title: 关于印发要点的通知}", notice_text),
            f"configs/x.yaml 第{line}行", "notice：", "wrapper: notice")


@pytest.mark.parametrize("missing", ["printer", "date"])
def test_imprint_without_printer_or_date(ws, notice_text, missing):
    text = re.sub(rf"(?m)^  {missing}: .*\n(?=(?:  \S.*\n)*\Z)", "", notice_text)
    assert text != notice_text
    refused(ws, text, f"configs/x.yaml 第{line_of(notice_text, '  cc:')}行", f"imprint.{missing}",
            f"缺少必填的键「{missing}」")


def test_tasks_misspelt(ws, notice_text):
    line = line_of(notice_text, "tasks:")
    refused(ws, re.sub(r"(?m)^tasks: appendix", "tasks: appendx", notice_text),
            f"configs/x.yaml 第{line}行", "tasks：", "tasks 写 appendix")


def test_header_without_organ(ws, notice_text):
    refused(ws, re.sub(r"(?m)^  organ: .*\n", "", notice_text), "header.organ", "缺少必填的键「organ」")


@pytest.mark.parametrize("copy_number", ["-1", "true"])
def test_a_copy_number_that_is_no_number(ws, notice_text, copy_number):
    line = line_of(notice_text, "  organ:")
    refused(ws, notice_text.replace("  organ:", f"  copy_number: {copy_number}\n  organ:"),
            f"configs/x.yaml 第{line}行", "header.copy_number", "份号应为6位阿拉伯数字")
