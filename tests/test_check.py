"""drafter check: every slip of the seeds found where it is; each rule on a positive and a negative case;
findings in a config located in the config or the block file; the command line's exit codes."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import FOUND_SLIPS, REPO, SEEDS, read_slips
from drafter.check import all_rules, check_path
from drafter.cli import app


def _line_and_offset(seed: str, wrong: str) -> tuple[int, int]:
    for number, line in enumerate((SEEDS / seed).read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if wrong.split("\n")[0] in stripped:
            return number, stripped.index(wrong.split("\n")[0])
    raise AssertionError(f"{wrong!r} not in {seed}")


@pytest.fixture(scope="module")
def seed_findings():
    return {name: check_path(SEEDS / name).findings for name in {row[0] for row in read_slips() + read_slips(FOUND_SLIPS)}}


# slips.tsv, and the slips drafter check found that it does not list (tests/seed_slips_found.tsv)
@pytest.mark.parametrize("seed, wrong, right", read_slips() + read_slips(FOUND_SLIPS), ids=lambda v: str(v)[:20])
def test_every_slip_of_the_seeds_is_found_where_it_is(seed, wrong, right, seed_findings):
    line, offset = _line_and_offset(seed, wrong)
    end = offset + len(wrong.split("\n")[0])
    hits = [f for f in seed_findings[seed] if f.line == line and f.start is not None and f.start < end and offset < f.end]
    assert hits, f"{seed} 第{line}行 「{wrong}」 not found; findings on that line: " + \
        str([(f.rule, f.text) for f in seed_findings[seed] if f.line == line])


# -- each rule: a positive and a negative case, on a .txt ------------------------------------------
CASES = [
    ("placeholder.unfilled", "全年完成投资**亿元。", "全年完成投资12亿元。"),
    ("placeholder.unfilled", "由某某同志负责。", "由办公室负责。"),
    ("numbering.sequence", "一、加强建设\n1.完善制度。内容。\n3.健全机制。内容。", "一、加强建设\n1.完善制度。内容。\n2.健全机制。内容。"),
    ("numbering.mixed", "一、加强建设\n1、完善制度。内容。\n2、健全机制。内容。\n3.强化落实。内容。",
     "一、加强建设\n1、完善制度。内容。\n2、健全机制。内容。\n3、强化落实。内容。"),
    ("numbering.skipped-level", "一、加强建设\n（1）完善制度。内容。", "一、加强建设\n（一）完善制度。内容。"),
    ("numbering.heading-end", "一、加强政治建设。\n1.完善制度。内容。", "一、加强政治建设\n1.完善制度。内容。"),
    ("numbering.restart", "一、甲\n1.一。内容。\n2.二。内容。\n二、乙\n3.三。内容。\n4.四。内容。\n三、丙\n5.五。内容。"
     "\n四、丁\n1.六。内容。",
     "一、甲\n1.一。内容。\n2.二。内容。\n二、乙\n3.三。内容。\n4.四。内容。\n三、丙\n5.五。内容。\n四、丁\n6.六。内容。"),
    ("punct.half-width", "各党组(党委)主要负责人要履行第一责任人职责。", "各党组（党委）主要负责人要履行第一责任人职责。"),
    ("punct.straight-quotes", '坚决做到"两个维护"。', "坚决做到“两个维护”。"),
    ("punct.unmatched", "增强“四个意识，坚定“四个自信”。", "增强“四个意识”，坚定“四个自信”。"),
    ("punct.doubled", "认真落实，，各项制度。", "认真落实，各项制度。"),
    ("punct.space", "认真落实 各项制度。", "认真落实各项制度。Word 文档。"),
    ("punct.doubled-word", "加强党员教育教育管理。", "加强党员教育管理，认真研究研究。"),
    ("number.date-padding", "会议于2023年02月05日召开。", "会议于2023年2月5日召开。"),
    ("number.doc-number", "根据县委发[2023]5号文件精神。", "根据县委发〔2023〕5号文件精神。"),
    ("number.full-width-digits", "全年召开会议１２次。", "全年召开会议12次。"),
    ("number.range", "每季度开展3-5次。", "每季度开展3～5次，编号ISO-9001。"),
    ("number.missing-unit", "工业增加值增长8以上。", "工业增加值增长8%以上。"),
    ("junk.web", "加强理论学习。本文来源于笔杆儿网www.bgzjy.cn", "加强理论学习，访问中国政府网www.gov.cn。"),
    # residue without a URL, as import cuts it: a byline, 【打印】【关闭】
    ("junk.web", "作者：办公室 发布时间：2023-01-05 浏览：123次", "作者要深入基层，发布时间表。"),
    ("junk.web", "认真学习。【打印】【关闭】", "认真学习，打印材料。"),
    ("replace.place-suffix", "督促在职党员到社县报到。", "督促在职党员到社区报到，合作社县级联合社。"),
]


@pytest.mark.parametrize("rule, bad, good", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_positive_and_negative(rule, bad, good, tmp_path):
    for text, expected in ((bad, True), (good, False)):
        path = tmp_path / "doc.txt"
        path.write_text("2023年工作要点\n" + text + "\n", encoding="utf-8")
        found = [f for f in check_path(path, only=(rule,)).findings]
        assert bool(found) is expected, (rule, text, [(f.message, f.text) for f in found])


def test_every_rule_has_a_case():
    """A rule without a positive and a negative case is a defect (data-driven rules have their own tests)."""
    tested = {c[0] for c in CASES}
    own_tests = {"lexicon", "stale", "format"}  # tests/test_lexicon.py, test_stale.py, test_check_docx.py
    document_rules = {"document.title", "document.year", "document.empty-section", "document.item-title",
                      "number.date-forms", "replace.value-fit", "punct.no-final"}  # tested below
    missing = [r.id for r in all_rules() if r.id not in tested | document_rules and r.group not in own_tests]
    assert not missing, missing


def test_document_rules(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("\n".join([
        "2023年县政府党组党建工作要点",
        "2023年全县工作的总体要求是：坚持稳中求进，推动高质量发展，全面落实各项工作任务和要求。",
        "一、加强政治建设",
        "1.完善制度。认真落实各项制度。",
        "2.健全机制。认真落实各项机制。",
        "3.认真落实各项要求，确保工作取得实效，各项任务全面完成，群众满意度明显提高",
        "二、加强思想建设",
        "县政府党组",
        "2019年2月5日",
    ]), encoding="utf-8")
    result = check_path(path)
    rules = {f.rule for f in result.findings}
    assert {"document.year", "document.empty-section", "document.item-title", "punct.no-final"} <= rules
    assert "document.title" not in rules
    assert check_path(path, year=2019).findings != result.findings


def test_date_forms_flag_the_odd_one_out(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("2023年工作要点\n会议于2023年2月5日召开，于2023-03-01前完成。\n", encoding="utf-8")
    [finding] = check_path(path, only=("number.date-forms",)).findings
    assert finding.text == "2023-03-01" and finding.fix == "2023年3月1日"


# -- a config: where to fix it ------------------------------------------------------------------------
@pytest.fixture
def ws(tmp_path, monkeypatch):
    for name in ("blocks", "configs"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_slip_in_a_value_points_at_the_config_line(ws):
    config = ws / "configs" / "gov-integrity-2023.yaml"
    text = config.read_text(encoding="utf-8")
    value_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.strip().startswith("工作范围:"))
    lines = text.splitlines()
    lines[value_line - 1] = lines[value_line - 1].split(":")[0] + ": 县政府系统(各部门)"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings = check_path(config, only=("punct.half-width",)).findings
    assert findings and all(f.file == "configs/gov-integrity-2023.yaml" and f.line == value_line for f in findings)
    assert {f.fix for f in findings} == {"（", "）"}


def test_a_slip_in_a_block_points_at_the_block_line(ws):
    block_file = ws / "blocks" / "纪律建设.yaml"
    text = block_file.read_text(encoding="utf-8")
    target = "养成纪律自觉"
    assert target in text
    block_file.write_text(text.replace(target, target + ",", 1), encoding="utf-8")
    line = next(i for i, l in enumerate(block_file.read_text(encoding="utf-8").splitlines(), 1) if target + "," in l)
    configs = [c for c in (ws / "configs").glob("*.yaml") if "纪律建设/" in c.read_text(encoding="utf-8")]
    found = []
    for config in configs:
        found += [f for f in check_path(config, only=("punct.half-width",)).findings if f.file == "blocks/纪律建设.yaml"]
    assert found and {f.line for f in found} == {line}
    column = block_file.read_text(encoding="utf-8").splitlines()[line - 1].index(",") + 1
    assert {f.column for f in found} == {column}


def test_blanks_of_a_draft_are_placeholders_at_the_config(ws):
    findings = check_path(ws / "configs" / "gov-party-group-party-building-2022.yaml", only=("placeholder",)).findings
    assert findings and all(f.file == "configs/gov-party-group-party-building-2022.yaml" for f in findings)
    assert any("地区生产总值增长率" in f.message for f in findings)


# -- the command ---------------------------------------------------------------------------------------
def test_cli_exit_codes_and_json(ws, tmp_path):
    runner = CliRunner()
    clean = tmp_path / "clean.txt"
    clean.write_text("2023年工作要点\n一、加强建设\n1.完善制度。认真落实各项制度。\n", encoding="utf-8")
    assert runner.invoke(app, ["check", str(clean)]).exit_code == 0
    result = runner.invoke(app, ["check", str(SEEDS / "gov-integrity-2022.txt"), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data and {"rule", "severity", "file", "line", "path", "text", "message", "hint", "start", "end"} <= set(data[0])
    assert runner.invoke(app, ["check", str(tmp_path / "没有.txt")]).exit_code == 2
    bad = runner.invoke(app, ["check", str(clean), "--rules", "没有这个规则"])
    assert bad.exit_code == 2 and "没有名为「没有这个规则」的检查规则" in bad.output


def test_rules_can_be_switched_off_per_workspace_and_config(ws):
    config = ws / "configs" / "gov-party-group-party-building-2022.yaml"
    assert check_path(config, only=("placeholder",)).findings
    (ws / "check.yaml").write_text("off: [placeholder]\n", encoding="utf-8")
    assert not check_path(config, only=("placeholder",)).findings
    (ws / "check.yaml").unlink()
    config.write_text(config.read_text(encoding="utf-8") + "check:\n  off: [placeholder.unfilled]\n", encoding="utf-8")
    assert not check_path(config, only=("placeholder",)).findings
