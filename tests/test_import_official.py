"""Importing a whole official document: 红头, 印发通知, 主送, 附件说明, the 要点 as 附件1, the 任务分解表
and the 版记 go into the config's official fields (header, recipients, wrapper: notice, notice,
cover, tasks, imprint, each item's task), not into the body text, and the config rebuilds the input.

The example (configs/gov-party-group-party-building-2023-notice.yaml) is built, imported from its
.txt, .docx and .pdf, and built again; files made elsewhere (another office's notice without
drafter's styles, a task table written by LibreOffice in another column order) import the same
way; what the model cannot hold falls back to plain text, saying why.
"""

from __future__ import annotations

import io
import shutil

import docx
import pytest
import yaml
from docx.shared import Pt, RGBColor

from conftest import REPO, output_lines
from drafter import build, render
from drafter import soffice as lo
from drafter import importer
from drafter.importer import import_document
from drafter.readers import read_path
from test_render import skip_or_fail

EXAMPLE = REPO / "configs" / "gov-party-group-party-building-2023-notice.yaml"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A user's workspace holding the shipped library."""
    for name in ("blocks", "configs", "schemas"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _config(root, name: str) -> dict:
    return yaml.safe_load((root / "configs" / f"{name}.yaml").read_text(encoding="utf-8"))


def _rebuild(root, name: str) -> list[str]:
    return output_lines(render(root / "configs" / f"{name}.yaml", fmt="txt", draft=True).data)


def _tasks(config: dict) -> list:
    return [item.get("task") if isinstance(item, dict) else None
            for section in config["sections"] for item in section["items"]]


def _require_libreoffice() -> None:
    try:
        lo.find()
    except lo.NotFound:
        skip_or_fail("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")


# -- the example, built and imported ---------------------------------------------------------------
@pytest.fixture(scope="module")
def example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def example_txt() -> list[str]:
    return output_lines(render(EXAMPLE, fmt="txt").data)


def _assert_official_fields(config: dict, example: dict) -> None:
    """The official fields as the example writes them (the 字号's year as {{ 年度 }}, as in the example)."""
    assert config["header"] == example["header"] == {"organ": "中共永昌县人民政府党组文件",
                                                     "number": "县政党发〔{{ 年度 }}〕5号"}
    assert config["recipients"] == example["recipients"]
    assert config["wrapper"] == "notice"
    assert config["tasks"] == "appendix"
    assert "notice" not in config and "cover" not in config  # drafter's usual notice title and sentence
    assert config["imprint"] == example["imprint"]
    assert config["imprint"]["cc"] == ["县委办公室", "县人大常委会办公室", "县纪委监委"]
    assert _tasks(config) == _tasks(example)
    assert config["signature"]["issuer"] == example["signature"]["issuer"]
    assert config["title"] == example["title"]
    # nothing of the notice, the attachments or the 版记 is left in the body text
    body = yaml.safe_dump(config.get("preamble", []) + config.get("closing", []), allow_unicode=True)
    for words in ("抄送", "印发", "附件", "任务分解表", "县政党发"):
        assert words not in body


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_example_round_trip(fmt, workspace, tmp_path, example, example_txt):
    source = tmp_path / f"原文.{fmt}"
    source.write_bytes(render(EXAMPLE, fmt=fmt).data)
    report = import_document(source, workspace, name="imported")
    assert _rebuild(workspace, "imported") == example_txt
    config = _config(workspace, "imported")
    _assert_official_fields(config, example)
    assert report.created == [] and report.unrecognised == []
    assert not [f for f in report.findings if f.rule == "import.official"]
    keys = {p.role: p.key for p in report.paragraphs if p.match == "text"}
    assert keys["organ"] == "header.organ" and keys["cc"] == "imprint.cc" and keys["notice_title"] == "wrapper"


@pytest.mark.render
def test_example_round_trip_via_pdf(workspace, tmp_path, example, example_txt):
    """drafter build -f pdf (LibreOffice), drafter import the PDF: the 版记 printed at the foot of the last
    page and the 任务分解表 over three landscape pages (its header on each) read into the fields."""
    _require_libreoffice()
    pdf = tmp_path / "原文.pdf"
    build(EXAMPLE, fmt="pdf", output=pdf)
    import_document(pdf, workspace, name="from-pdf")
    assert _rebuild(workspace, "from-pdf") == example_txt
    _assert_official_fields(_config(workspace, "from-pdf"), example)


def test_docx_reader_finds_the_footer_imprint_and_the_task_table(tmp_path):
    """drafter's own .docx: the 版记 is in the last section's footer, the 任务分解表 a real table."""
    source = tmp_path / "原文.docx"
    source.write_bytes(render(EXAMPLE, fmt="docx").data)
    result = read_path(source)
    doc = result.document
    assert str(doc.imprint.cc.text) == "县委办公室，县人大常委会办公室，县纪委监委。"
    assert str(doc.imprint.printer.text) == "县政府党组办公室"
    assert str(doc.imprint.date.text) == "2023年2月10日印发"
    assert [a.kind.value for a in doc.attachments] == ["document", "tasks"]
    assert not [f for f in result.findings if f.rule == "import.table"]
    assert result.plain is not None  # the plain reading, for the import to fall back to
    assert not result.plain.document.header and not result.plain.document.imprint
    assert [f.rule for f in result.plain.findings] == ["import.table", "import.footer"]


def test_every_part_of_the_head_and_signers_via_txt(workspace, tmp_path):
    """份号, 密级, 紧急程度 and 签发人 (a 上行文's 字号 line) come back as header fields."""
    config = EXAMPLE.read_text(encoding="utf-8").replace(
        "header:                       # 版头（红头）\n",
        'header:\n  copy_number: "000123"\n  secrecy: 秘密★1年\n  urgency: 特急\n  signers: [张三, 李四]\n')
    (workspace / "configs" / "with-signers.yaml").write_text(config, encoding="utf-8")
    built = render(workspace / "configs" / "with-signers.yaml", fmt="txt").data
    (tmp_path / "原文.txt").write_bytes(built)
    import_document(tmp_path / "原文.txt", workspace, name="imported")
    assert _rebuild(workspace, "imported") == output_lines(built)
    assert _config(workspace, "imported")["header"] == {
        "organ": "中共永昌县人民政府党组文件", "number": "县政党发〔{{ 年度 }}〕5号", "signers": ["张三", "李四"],
        "copy_number": "000123", "secrecy": "秘密★1年", "urgency": "特急"}


# -- files made elsewhere ----------------------------------------------------------------------------------
TEXT = ["一、加强政治建设", "1.坚定理想信念。深入学习党的创新理论，筑牢信仰之基。", "2.严明政治纪律。严格执行请示报告制度。",
        "二、加强组织建设", "1.建强基层组织。推进支部标准化规范化建设。"]
TITLE = "2023年青山县机关党建工作要点"


def _other_office_notice() -> bytes:
    """A notice typed in Word by another office: plain paragraphs, the 发文机关标志 in red (without
    文件), empty paragraphs for spacing, a notice title without the issuer, its own wording, one
    attachment, the 版记 as body paragraphs."""
    document = docx.Document()
    organ = document.add_paragraph().add_run("中共青山县委办公室")
    organ.font.color.rgb = RGBColor(0xFF, 0, 0)
    organ.font.size = Pt(36)
    for text in ["", "青办发〔2023〕12号", "", f"关于印发《{TITLE}》", "的通知", "各乡镇党委，县直各部门党组（党委）：",
                 f"现将《{TITLE}》印发给你们，请认真抓好落实。", f"附件：{TITLE}", "中共青山县委办公室", "2023年3月1日",
                 "附件", TITLE, *TEXT, "抄送：县委组织部，县纪委监委。", "中共青山县委办公室　　　　2023年3月1日印发"]:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_another_offices_notice_without_styles(workspace, tmp_path):
    source = tmp_path / "青办发12号.docx"
    source.write_bytes(_other_office_notice())
    report = import_document(source, workspace, name="qingshan")
    config = _config(workspace, "qingshan")
    assert config["header"] == {"organ": "中共青山县委办公室", "number": "青办发〔2023〕12号"}
    assert config["recipients"] == "各乡镇党委，县直各部门党组（党委）"
    assert config["wrapper"] == "notice"
    assert config["notice"] == {"title": f"关于印发《{TITLE}》的通知"}  # not drafter's usual title: written out
    assert len(config["cover"]) == 1  # its own sentence, as a paragraph block
    assert config["imprint"] == {"cc": ["县委组织部", "县纪委监委"], "printer": "中共青山县委办公室",
                                 "date": __import__("datetime").date(2023, 3, 1)}
    assert "tasks" not in config
    rebuilt = _rebuild(workspace, "qingshan")
    assert rebuilt[:4] == ["中共青山县委办公室", "青办发〔2023〕12号", f"关于印发《{TITLE}》的通知",
                           "各乡镇党委，县直各部门党组（党委）："]
    assert rebuilt[-2:] == ["抄送：县委组织部，县纪委监委。", "中共青山县委办公室　　2023年3月1日印发"]
    assert [p.role for p in report.paragraphs][:3] == ["organ", "doc_number", "notice_title"]


def test_imprint_typed_as_a_table_and_a_blank_in_the_doc_number(workspace, tmp_path):
    """Another office's 版记 is often a two-row table at the end (印发机关 and date in two cells); a
    draft's 字号 may be left blank (**)."""
    document = docx.Document()
    for text in ["中共青山县委办公室文件", "青办发〔2023〕**号", f"关于印发《{TITLE}》的通知",
                 "各乡镇党委、人民政府，县委各部门，县直各部门党组（党委），县级国家机关各部门党组（党委），"
                 "各人民团体党组，县属各企事业单位党组织，驻县各单位党组织，各社会组织党组织：",
                 f"现将《{TITLE}》印发给你们，请结合实际认真贯彻落实。", f"附件：{TITLE}", "中共青山县委办公室",
                 "2023年3月1日", "附件", TITLE, *TEXT]:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "抄送：县委组织部，县纪委监委。"
    table.cell(1, 0).text = "中共青山县委办公室"
    table.cell(1, 1).text = "2023年3月1日印发"
    document.save(tmp_path / "原文.docx")
    result = read_path(tmp_path / "原文.docx")
    doc = result.document
    assert str(doc.header.number.text) == "青办发〔2023〕**号" and doc.header.number.text.blanks
    assert str(doc.recipients.text).startswith("各乡镇党委") and len(str(doc.recipients.text)) > 80
    assert str(doc.imprint.printer.text) == "中共青山县委办公室" and str(doc.imprint.date.text) == "2023年3月1日印发"
    assert not [f for f in result.findings if f.rule in ("import.table", "import.official")]
    import_document(tmp_path / "原文.docx", workspace, name="with-blank")
    config = _config(workspace, "with-blank")
    assert config["imprint"]["printer"] == "中共青山县委办公室" and "cover" not in config
    assert _rebuild(workspace, "with-blank")[1] == "青办发〔2023〕**号"


def _task_table_document() -> bytes:
    """A 要点 with its 任务分解表 as the one attachment, the table's columns in another order, its
    header row typed again in the middle and each section's row merged across the table."""
    document = docx.Document()
    for text in [TITLE, *TEXT, f"附件：{TITLE}任务分解表", "中共青山县直属机关工作委员会", "2023年3月1日", "附件",
                 f"{TITLE}任务分解表"]:
        document.add_paragraph(text)
    header = ["序号", "牵头单位", "工作任务", "完成时限", "责任单位"]
    rows = [header, ["一、加强政治建设"], ["1", "县直机关工委", "坚定理想信念", "全年", "各机关党组织"], header,
            ["2", "县直机关工委办公室", "严明政治纪律", "2023年6月底前", "各机关党组织"],
            ["二、加强组织建设"], ["3", "县直机关工委组织科", "建强基层组织", "2023年12月底前", "各机关党支部"]]
    table = document.add_table(rows=len(rows), cols=len(header))
    for r, row in enumerate(rows):
        if len(row) == 1:
            table.cell(r, 0).merge(table.cell(r, len(header) - 1)).text = row[0]
        else:
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.render
def test_task_table_in_a_word_file_made_by_libreoffice(workspace, tmp_path):
    _require_libreoffice()
    source = tmp_path / "任务分解.docx"
    source.write_bytes(lo.convert(_task_table_document(), ".docx", "docx:MS Word 2007 XML"))
    import_document(source, workspace, name="qingshan-tasks")
    config = _config(workspace, "qingshan-tasks")
    assert config["tasks"] == "appendix"
    assert _tasks(config) == [
        {"lead": "县直机关工委", "units": "各机关党组织", "due": "全年"},
        {"lead": "县直机关工委办公室", "units": "各机关党组织", "due": "2023年6月底前"},
        {"lead": "县直机关工委组织科", "units": "各机关党支部", "due": "2023年12月底前"}]
    rebuilt = _rebuild(workspace, "qingshan-tasks")
    table = rebuilt[rebuilt.index("序号\t工作任务\t牵头单位\t责任单位\t完成时限"):]
    assert table == ["序号\t工作任务\t牵头单位\t责任单位\t完成时限", "一、加强政治建设",
                     "1\t坚定理想信念\t县直机关工委\t各机关党组织\t全年",
                     "2\t严明政治纪律\t县直机关工委办公室\t各机关党组织\t2023年6月底前", "二、加强组织建设",
                     "3\t建强基层组织\t县直机关工委组织科\t各机关党支部\t2023年12月底前"]


def test_notice_title_over_two_lines_via_txt(workspace, tmp_path):
    lines = ["中共青山县委办公室文件", "青办发〔2023〕12号", "中共青山县委办公室关于印发", f"《{TITLE}》的通知",
             "各乡镇党委：", f"现将《{TITLE}》印发给你们，请结合实际认真贯彻落实。", f"附件：{TITLE}",
             "中共青山县委办公室", "2023年3月1日", "附件", TITLE, *TEXT]
    (tmp_path / "原文.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    import_document(tmp_path / "原文.txt", workspace, name="two-lines")
    config = _config(workspace, "two-lines")
    assert config["wrapper"] == "notice" and "notice" not in config and "cover" not in config
    assert _rebuild(workspace, "two-lines")[2] == f"中共青山县委办公室关于印发《{TITLE}》的通知"


# -- what falls back to plain text ---------------------------------------------------------------------------
def test_a_task_row_naming_no_item_falls_back_to_plain_text(workspace, tmp_path):
    built = render(EXAMPLE, fmt="txt").data.decode("utf-8").replace("\t旗帜鲜明讲政治\t", "\t讲政治\t")
    (tmp_path / "原文.txt").write_text(built, encoding="utf-8")
    report = import_document(tmp_path / "原文.txt", workspace, name="plain")
    config = _config(workspace, "plain")
    assert not {"header", "recipients", "wrapper", "tasks", "imprint"} & set(config)
    why = [u.why for u in report.unrecognised if u.rule == "import.official"]
    assert len(why) == 1 and "第3行「讲政治」" in why[0] and "对应不到要点中的条目" in why[0]
    # as before: every line comes back, the 版头 and the table as plain paragraphs
    assert _rebuild(workspace, "plain") == output_lines(built.encode("utf-8"))


def test_a_doc_number_against_the_standard_falls_back(workspace, tmp_path):
    built = render(EXAMPLE, fmt="txt").data.decode("utf-8").replace("〔2023〕5号", "〔2023〕第5号")
    (tmp_path / "原文.txt").write_text(built, encoding="utf-8")
    report = import_document(tmp_path / "原文.txt", workspace, name="plain")
    assert "header" not in _config(workspace, "plain")
    why = [u.why for u in report.unrecognised if u.rule == "import.official"]
    assert "序号前不加“第”" in why[0] and "县政党发〔2023〕5号" in why[0]


def test_a_config_that_would_not_rebuild_falls_back(workspace, tmp_path, monkeypatch):
    """The official config is checked like any import: if its rebuild differed, the plain reading is
    imported instead (never a config that rebuilds wrongly), and the report says why."""
    (tmp_path / "原文.txt").write_bytes(render(EXAMPLE, fmt="txt").data)
    check = importer._check_round_trip
    calls = []

    def first_fails(config_text, *args):
        calls.append(config_text)
        return ["第3段重建后与原文不同"] if len(calls) == 1 else check(config_text, *args)

    monkeypatch.setattr(importer, "_check_round_trip", first_fails)
    report = import_document(tmp_path / "原文.txt", workspace, name="plain")
    assert "wrapper: notice" in calls[0] and "wrapper" not in calls[1]
    assert "header" not in _config(workspace, "plain")
    why = [u.why for u in report.unrecognised if u.rule == "import.official"]
    assert len(why) == 1 and "第3段重建后与原文不同" in why[0]
