"""`drafter import`: a .txt or .docx → config (+ new blocks) that rebuilds it, reusing the library.

Round trips compare the rebuilt text with the input's own lines: import never edits the
user's words. Two things are normalised, both by design of the issue: website junk is
dropped, and placeholders (**, ****, X, XX, ×) come back as the draft blank **.
"""

import io
import re
import shutil
import subprocess

import docx
import pytest
import yaml
from typer.testing import CliRunner

from conftest import REPO, SEEDS, as_imported, output_lines, seed_as_imported, seed_lines
from drafter import render
from drafter.cli import app
from drafter.errors import DrafterError
from drafter.importer import blank_name, import_document

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
SEED_CONFIG = {name: REPO / "configs" / name.replace(".txt", ".yaml") for name in SEED_NAMES}


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A user's workspace holding the shipped library."""
    for name in ("blocks", "configs", "schemas"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _rebuild(root, name):
    return output_lines(render(root / "configs" / f"{name}.yaml", fmt="txt", draft=True).data)


# -- round trips of the five seeds ---------------------------------------------------------------
@pytest.mark.parametrize("seed", SEED_NAMES)
def test_seed_txt_round_trip(seed, workspace):
    report = import_document(SEEDS / seed, workspace, name="imported")
    assert _rebuild(workspace, "imported") == seed_as_imported(seed)
    # the library already holds these documents: only paragraphs with slips become new blocks
    assert len(report.reused) > 3 * len(report.created)


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_docx_written_by_drafter_round_trip_reuses_every_block(seed, workspace, tmp_path):
    source = tmp_path / f"{seed}.docx"
    source.write_bytes(render(SEED_CONFIG[seed], fmt="docx", draft=True).data)
    report = import_document(source, workspace, name="from-docx")
    assert report.created == []  # every paragraph is a library block
    built = output_lines(render(SEED_CONFIG[seed], fmt="txt", draft=True).data)
    assert _rebuild(workspace, "from-docx") == as_imported(built)


@pytest.fixture(scope="module")
def libreoffice_docx(tmp_path_factory):
    """Every seed converted to .docx by LibreOffice itself, in one run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        from test_render import skip_or_fail

        skip_or_fail("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")
    work = tmp_path_factory.mktemp("lo-import")
    for seed in SEED_NAMES:
        shutil.copy(SEEDS / seed, work / seed)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless",
         "--infilter=Text (encoded):UTF8,LF,,,", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work),
         *[str(work / seed) for seed in SEED_NAMES]],
        check=True, capture_output=True, timeout=600,
    )
    return work


@pytest.mark.render
@pytest.mark.parametrize("seed", SEED_NAMES)
def test_docx_converted_by_libreoffice_round_trip(seed, libreoffice_docx, workspace):
    import_document(libreoffice_docx / seed.replace(".txt", ".docx"), workspace, name="lo")
    assert _rebuild(workspace, "lo") == seed_as_imported(seed)


def test_docx_with_word_automatic_numbering(workspace, tmp_path):
    """Labels that Word generates itself (w:numPr) are not in the text: they must still come back."""
    from drafter.numbering import LabelStyle
    from readers.test_docx import auto_numbered_docx

    lines = seed_lines("gov-party-group-party-building-2022.txt", corrected=False)
    data = auto_numbered_docx(lines, "multilevel", LabelStyle.DIGIT_DOT)
    assert "1.旗帜鲜明讲政治" not in "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    source = tmp_path / "numbered.docx"
    source.write_bytes(data)
    import_document(source, workspace, name="numbered")
    assert _rebuild(workspace, "numbered") == seed_as_imported("gov-party-group-party-building-2022.txt")


# -- reuse of library blocks ------------------------------------------------------------------------
def test_reuse_with_other_county_year_and_numbers(workspace, tmp_path):
    """A seed written for another county and year, with its figures filled in: every paragraph is a
    library block, and the values come back as config values, not as copies of the blocks."""
    text = "\n".join(seed_lines("gov-party-group-party-building-2022.txt"))
    text = text.replace("2022年", "2024年").replace("甘肃", "青海").replace("党的十九大和十九届历次全会精神", "党的二十大精神")
    # the seed's 16 blanks in reading order
    figures = iter(["12", "3", "意识形态", "7", "11", "25", "16", "40", "9", "52.5", "10", "55", "98", "门源", "18", "门源"])
    text = re.sub(r"\*\*", lambda m: next(figures), text)
    source = tmp_path / "门源2024.txt"
    source.write_text(text, encoding="utf-8")
    report = import_document(source, workspace)
    assert report.created == [] and report.blocks_path is None
    assert len(report.reused) == 26
    config = yaml.safe_load((workspace / "configs" / "门源2024.yaml").read_text(encoding="utf-8"))
    values = {**config["variables"], **config.get("targets", {})}
    assert values["年度"] == 2024 and values["省名"] == "青海" and values["县名"] == "门源"
    assert values["贯彻会议精神"] == "党的二十大精神"
    assert values["粮食播种面积"] == 52.5 and values["开工重点项目个数"] == 40 and values["优化营商环境措施条数"] == 18
    assert values["地区生产总值增长率"] == 7 and values["在职党员社区报到率"] == 98
    # the config builds as a finished document: nothing left blank
    assert output_lines(render(workspace / "configs" / "门源2024.yaml", fmt="txt").data) == text.splitlines()


def test_next_year_examples_import_back_to_their_values(workspace, tmp_path):
    """Import of what a config built gives that config's values back."""
    config_path = REPO / "configs" / "gov-integrity-2023.yaml"
    source = tmp_path / "integrity.txt"
    source.write_bytes(render(config_path, fmt="txt").data)
    import_document(source, workspace, name="again")
    original = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    again = yaml.safe_load((workspace / "configs" / "again.yaml").read_text(encoding="utf-8"))
    merged = {**again.get("variables", {}), **again.get("targets", {})}
    for key, value in {**original["variables"], **original["targets"]}.items():
        assert merged.get(key, value) == value
    assert output_lines(render(workspace / "configs" / "again.yaml", fmt="txt").data) == output_lines(source.read_bytes())


# -- junk, placeholders and odd shapes ----------------------------------------------------------------
MESSY = """关于印发《2023年机关党建工作要点》的通知

各党支部：
　　现将《2023年机关党建工作要点》印发给你们，请结合实际认真贯彻落实。
中共某某局机关委员会
2023年2月10日

2023年机关党建工作要点
更多范文请访问 www.example.com
2023年机关党建工作的总体思路是：坚持以习近平新时代中国特色社会主义思想为指导，全年开展主题党日**次。
一、加强政治建设
（一）强化理论武装。每月集中学习不少于XX次，全年专题研讨**次。
1.抓好中心组学习。全年开展集中学习12次。
2.抓好支部学习。每季度至少1次。
（二）严肃组织生活。认真落实“三会一课”制度，党员参学率达到**%。
二、加强作风建设
一是改进文风会风。二是严格督查检查。三是狠抓工作落实。
三、存在问题和下一步打算
一年来，机关党建工作取得了一定成效，但也存在一些问题：
一是学习不够深入。部分党员学用脱节。
二是制度执行不严。个别支部组织生活不规范。
中共某某局机关委员会
2023年3月1日
"""


# What the import must rebuild, written out by hand: the junk line gone, XX and ** read as **.
MESSY_REBUILT = [
    line.replace("XX", "**")
    for line in MESSY.splitlines()
    if line.strip() and line != "更多范文请访问 www.example.com"
]
MESSY_REBUILT = [line.strip() for line in MESSY_REBUILT]


def test_messy_document_with_cover_three_levels_junk_and_placeholders(workspace, tmp_path):
    source = tmp_path / "机关党建.txt"
    source.write_bytes(MESSY.encode("gb18030"))  # many offices still save .txt as GBK
    report = import_document(source, workspace, name="messy")
    assert _rebuild(workspace, "messy") == MESSY_REBUILT
    assert any("www.example.com" in text for text in report.dropped)
    config = yaml.safe_load((workspace / "configs" / "messy.yaml").read_text(encoding="utf-8"))
    assert config["cover"] and config["signature"]["issuer"] == "中共某某局机关委员会"
    blocks = yaml.safe_load(next((workspace / "blocks" / "imported" / "messy").glob("*.yaml")).read_text(encoding="utf-8"))
    params = {name: spec["type"] for b in blocks["blocks"] for name, spec in b.get("params", {}).items()}
    assert params.get("党员参学率") == "percent"
    assert "主题党日次数" in params or any(p.endswith("次数") for p in params)
    # blanks are named parameters left empty, so the finished build lists them
    with pytest.raises(DrafterError) as info:
        render(workspace / "configs" / "messy.yaml", fmt="txt")
    assert "党员参学率" in str(info.value)


def test_missing_title_and_flat_list(workspace, tmp_path):
    text = "1、加强学习。每周学习一次。\n2、加强管理。严格考勤。\n3、加强服务。提升群众满意度。\n"
    source = tmp_path / "flat.txt"
    source.write_text(text, encoding="utf-8")
    import_document(source, workspace, name="flat")
    assert _rebuild(workspace, "flat") == text.splitlines()


@pytest.mark.parametrize(
    "before, after, expected",
    [
        ("确保全县粮食播种面积稳定在", "万亩以上", ("粮食播种面积", "number")),
        ("确保实现地区生产总值增长", "%的目标", ("地区生产总值增长率", "percent")),
        ("力争年内签约重点招商项目", "个以上", ("签约重点招商项目个数", "int")),
        ("严格按照《", "县落实全面从严治党", ("待填县名", "str")),
    ],
)
def test_blanks_are_named_after_their_context(before, after, expected):
    assert blank_name(before, after) == expected


# -- nothing overwritten --------------------------------------------------------------------------------
def test_refuses_to_overwrite_and_force_keeps_a_backup(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    source = tmp_path / "doc.txt"
    source.write_text(MESSY, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["import", str(source), "--name", "同名"])
    assert first.exit_code == 0, first.output
    assert "已导入" in first.output and first.output.rstrip().splitlines()[-1].startswith("共 ")
    assert "完全复用" in first.output and "删去的网页残留（1 处）" in first.output
    config = workspace / "configs" / "同名.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "# 我的修改\n", encoding="utf-8")
    again = runner.invoke(app, ["import", str(source), "--name", "同名"])
    assert again.exit_code == 2
    assert "已存在 configs/同名.yaml、blocks/imported/同名，未做任何改动" in again.output
    assert config.read_text(encoding="utf-8").endswith("# 我的修改\n")
    forced = runner.invoke(app, ["import", str(source), "--name", "同名", "--force"])
    assert forced.exit_code == 0, forced.output
    backups = sorted(p.name for p in (workspace / "configs").glob("同名.yaml.bak-*"))
    assert len(backups) == 1
    assert (workspace / "configs" / backups[0]).read_text(encoding="utf-8").endswith("# 我的修改\n")
    assert list((workspace / "blocks" / "imported").glob("同名.bak-*"))


def test_import_errors_are_chinese_with_exit_2(workspace, tmp_path):
    runner = CliRunner()
    missing = runner.invoke(app, ["import", str(tmp_path / "没有.docx")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    doc = tmp_path / "旧格式.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    old = runner.invoke(app, ["import", str(doc)])
    assert old.exit_code == 2 and ".docx" in old.output
    assert not list((workspace / "configs").glob("旧格式*"))
    empty = tmp_path / "空.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    nothing = runner.invoke(app, ["import", str(empty)])
    assert nothing.exit_code == 2 and "文件中没有可导入的文字" in nothing.output
    assert not (workspace / "configs" / "空.yaml").exists()


def test_report_ending_in_a_problems_section_keeps_it_a_section(workspace, tmp_path):
    source = tmp_path / "总结.txt"
    source.write_text("\n".join([
        "2023年工作总结",
        "今年以来，我们坚持稳中求进，各项工作取得新成效。",
        "一、主要工作",
        "（一）抓好党建。全年召开专题会议12次，研究解决重点问题。",
        "二、存在问题和下一步打算",
        "一年来，工作取得了一定成效，但也存在一些问题。",
        "一是责任落实还有差距。",
        "下一步，我们将重点抓好以下工作：",
        "一是强化责任。层层压实。",
    ]), encoding="utf-8")
    import_document(source, workspace, name="总结")
    from drafter.yamlio import load_yaml_file

    config = load_yaml_file(workspace / "configs" / "总结.yaml")
    assert len(config["sections"]) == 2 and "closing" not in config
    assert len(config["sections"][1]["lead"]) == 4
    assert _rebuild(workspace, "总结") == as_imported(source.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("text", [
    "{% endraw %}{{ 7 * 7 }}", "{{ 县名 }}", "{% for x in range(9) %}x{% endfor %}", "{# 注释 #}", "{%", "{{", "{#",
    "{% raw %}", "{%- raw -%}{{ '{' }}", "}}{{", "{{{{", "左花括号{右花括号}",
])
def test_imported_text_is_data_whatever_template_syntax_it_holds(text, workspace, tmp_path):
    source = tmp_path / "模板.txt"
    lines = ["2023年工作要点", f"全年工作的总体要求是：坚持稳中求进{text}，推动高质量发展。",
             "一、加强建设", f"1.完善制度。认真落实{text}各项制度。"]
    source.write_text("\n".join(lines), encoding="utf-8")
    import_document(source, workspace, name="模板")
    assert _rebuild(workspace, "模板") == lines
