"""`drafter import` reusing library blocks: exactly, nearly (a few words edited), or not at all;
and the import report that says which, paragraph by paragraph (terminal and --json).

The edited documents are the seed configs' own builds with a few words changed in several items
(never inside a parameter's value): those items must come back as text ``based_on`` the block they
were (the representation ``drafter absorb`` writes for a leader's edit), with their parameters kept
as parameters, and the rebuild must still be exactly the edited text.
"""

import json
import shutil
import time

import pytest
import yaml
from typer.testing import CliRunner

from conftest import REPO, SEEDS, output_lines, seed_as_imported
from drafter import render
from drafter.assembler import assemble
from drafter.blocks import Kind, load_library
from drafter.builder import load
from drafter.cli import app
from drafter.import_report import import_lines
from drafter.importer import import_document, plan_import
from drafter.matching import NEAR_CANDIDATES, NEAR_THRESHOLD, NearMatcher
from drafter.model import Text, walk
from drafter.readers import read_path

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
INTEGRITY = REPO / "configs" / "gov-integrity-2022.yaml"

# A few words changed in four items of gov-integrity-2022 (none inside a parameter's value): the path
# of the item in the document → (words as built, words as edited).
EDITS = {
    "sections[1].items[1]": ("倡导清清爽爽的同志关系", "倡导清清白白的同志关系"),
    "sections[2].items[2]": ("规范约谈工作", "认真规范约谈工作"),  # an item holding eight figures and 县名
    "sections[3].items[1]": ("坚决反对特权思想和特权现象", "坚决反对各种特权思想和特权现象"),
    "sections[4].items[2]": ("打破部门间“数据壁垒”和“信息孤岛”", "打破部门之间的“数据壁垒”"),
}
NEW_ITEM = "5.加强廉政文化建设。深入开展廉政文化进机关活动，组织观看警示教育片，营造崇廉尚洁的良好氛围。"
JUNK_LINE = "更多范文请访问 www.example.com"
JUNK_INLINE = "笔杆儿网www.bgzjy.cn"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A user's workspace holding the shipped library."""
    for name in ("blocks", "configs", "schemas"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _built_blocks(config_path) -> dict[str, str]:
    """The block each paragraph of a config's build comes from, by the paragraph's path."""
    config, library = load(config_path)
    return {node.path: node.origin.block for node in walk(assemble(config, library, draft=True))
            if node.origin is not None and node.origin.block}


def _edited_integrity(tmp_path, *, new_item=False, junk=False):
    lines = output_lines(render(INTEGRITY, fmt="txt", draft=True).data)
    text = "\n".join(lines)
    library = load_library(REPO)
    built = _built_blocks(INTEGRITY)
    for path, (old, new) in EDITS.items():
        assert text.count(old) == 1, old
        block = library.get(built[path])
        assert old in block.body_source  # the block's own words, not a value
        text = text.replace(old, new)
    if new_item:
        text += "\n" + NEW_ITEM  # the last item of the last section
    expected = text.splitlines()
    if junk:
        text = text.replace("\n一、", f"\n{JUNK_LINE}\n一、", 1)
        text = text.replace("着力发展积极健康的党内政治文化，", f"着力发展积极健康的党内政治文化，{JUNK_INLINE}", 1)
    source = tmp_path / "edited.txt"
    source.write_text(text + "\n", encoding="utf-8")
    return source, expected, built


def _rebuild(root, name):
    return output_lines(render(root / "configs" / f"{name}.yaml", fmt="txt", draft=True).data)


def _entry(config, path):
    """The config entry at a document path such as sections[2].items[1]."""
    node = config
    for part in path.split("."):
        key, index = part.rstrip("]").split("[")
        node = node[key][int(index) - 1]
    return node


# -- near matches ----------------------------------------------------------------------------------
def test_items_with_a_few_words_changed_are_near_matches_of_their_blocks(workspace, tmp_path):
    source, expected, built = _edited_integrity(tmp_path, new_item=True)
    report = import_document(source, workspace, name="edited")
    assert _rebuild(workspace, "edited") == expected
    by_path = {p.path: p for p in report.paragraphs}
    for path in EDITS:
        entry = by_path[path]
        assert entry.match == "near" and entry.block == built[path]
        assert NEAR_THRESHOLD <= entry.similarity < 1
    # every other paragraph of the document is still the library block, exactly
    others = [p for p in report.paragraphs if p.path not in EDITS and p.match != "text"]
    new = [p for p in others if p.match == "new"]
    assert [p.path for p in new] == ["sections[4].items[5]"] and new[0].label == "5."
    assert all(p.match == "exact" and p.block == built[p.path] for p in others if p not in new)
    assert report.counts == {"exact": len(others) - 1, "near": 4, "new": 1}
    assert report.created == [new[0].block] and new[0].block.startswith("导入/edited/")


def test_a_near_match_is_written_as_absorb_writes_an_edit(workspace, tmp_path):
    """text (and the item's title) with based_on naming the block; its parameters stay parameters."""
    source, _, built = _edited_integrity(tmp_path)
    import_document(source, workspace, name="edited")
    config = yaml.safe_load((workspace / "configs" / "edited.yaml").read_text(encoding="utf-8"))
    for path, (_, new) in EDITS.items():
        entry = _entry(config, path)
        assert set(entry) == {"title", "text", "based_on"}
        assert entry["based_on"] == built[path] and new in entry["text"]
    figures = _entry(config, "sections[2].items[2]")
    assert figures["title"] == "全面落实主要负责人第一责任。"
    for name in ("主要负责人部署次数", "主要负责人专题调研次数", "主要负责人约谈面", "县名"):
        assert "{{ " + name + " }}" in figures["text"]
    assert config["targets"]["主要负责人部署次数"] == 4 and config["targets"]["主要负责人约谈面"] == 100
    assert config["variables"]["县名"] is None  # the seed leaves the county blank: still a blank
    # the keys read in absorb's order
    text = (workspace / "configs" / "edited.yaml").read_text(encoding="utf-8")
    assert "- title: 突出抓好政治建设。\n        text: " in text


def test_near_text_keeps_the_next_years_values(workspace, tmp_path):
    """A parameter kept in the near text takes the config's value: changing it changes the text."""
    source, _, _ = _edited_integrity(tmp_path)
    import_document(source, workspace, name="edited")
    path = workspace / "configs" / "edited.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("主要负责人部署次数: 4", "主要负责人部署次数: 6"),
                    encoding="utf-8")
    rebuilt = "\n".join(_rebuild(workspace, "edited"))
    assert "认真规范约谈工作" in rebuilt and "反腐败工作不少于6次，专题调研" in rebuilt


def test_a_completely_new_paragraph_becomes_a_new_block(workspace, tmp_path):
    source = tmp_path / "新.txt"
    lines = ["2023年工作要点", "一、加强建设", "1.完善值班制度。节假日安排专人值守，做好应急物资储备和信息报送工作。"]
    source.write_text("\n".join(lines), encoding="utf-8")
    report = import_document(source, workspace, name="新")
    assert report.counts == {"exact": 0, "near": 0, "new": 2}
    assert [p.match for p in report.paragraphs] == ["text", "new", "new"]
    assert _rebuild(workspace, "新") == lines


def test_below_the_threshold_is_a_new_block(workspace, tmp_path):
    """The same item with half of it rewritten is not the block any more."""
    lines = output_lines(render(INTEGRITY, fmt="txt", draft=True).data)
    item = next(line for line in lines if line.startswith("2.着力增强法治建设。"))
    rewritten = item[:len(item) // 2] + "坚持依法行政，严格规范公正文明执法，全面落实行政执法责任制和执法过错追究制度。"
    source = tmp_path / "rewritten.txt"
    source.write_text("\n".join(line if line != item else rewritten for line in lines), encoding="utf-8")
    report = import_document(source, workspace, name="rewritten")
    entry = next(p for p in report.paragraphs if p.text.startswith("着力增强法治建设。"))
    assert entry.match == "new"
    assert report.counts["near"] == 0


# -- the seeds ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEED_NAMES)
def test_seed_builds_import_back_exactly(seed, workspace, tmp_path):
    """No regression: what a seed config builds imports back as the very same blocks, all exact."""
    config = REPO / "configs" / seed.replace(".txt", ".yaml")
    source = tmp_path / seed
    source.write_bytes(render(config, fmt="txt", draft=True).data)
    report = import_document(source, workspace, name="again")
    assert report.counts["near"] == 0 and report.counts["new"] == 0 and report.created == []
    built = _built_blocks(config)
    assert all(p.block == built[p.path] for p in report.paragraphs if p.match == "exact")


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_seed_slips_are_near_matches_of_the_corrected_blocks(seed, workspace):
    """The original seeds hold slips (社县, 两个确定 …) that the library has corrected: those paragraphs
    are near matches of the very block the seed config uses there, and they rebuild as written."""
    report = import_document(SEEDS / seed, workspace, name="seed")
    assert _rebuild(workspace, "seed") == seed_as_imported(seed)
    built = _built_blocks(REPO / "configs" / seed.replace(".txt", ".yaml"))
    near = report.near
    assert near, "every seed has a slip in some item"
    for entry in near:
        assert entry.block == built[entry.path]
        assert 0.95 < entry.similarity < 1
    # only the heading run together with its paragraph (county report, section 四) is new
    new = [p.path for p in report.paragraphs if p.match == "new"]
    assert new == (["sections[4].heading"] if seed.startswith("county") else [])


def test_a_seed_imports_well_under_a_second(workspace):
    seed = "county-party-building-report-2022.txt"  # the longest seed
    library = load_library(workspace)
    result = read_path(SEEDS / seed)
    plan_import(result, library, "warm", seed)
    start = time.perf_counter()
    plan_import(result, library, "timed", seed)
    assert time.perf_counter() - start < 1.0


def test_candidates_are_cut_down_before_any_diff(monkeypatch):
    """Of the library's item blocks, only a few reach a (bounded) comparison, and one a full diff."""
    import drafter.diff.textdiff as textdiff

    library = load_library(REPO)
    items = [b for b in library.blocks.values() if b.kind is Kind.ITEM]
    matcher = NearMatcher(library, {"县名": "某"})
    lines = output_lines(render(INTEGRITY, fmt="txt", draft=True).data)
    item = next(line for line in lines if line.startswith("3.全面落实班子成员分管责任。"))[2:]
    assert "**" not in item
    edited = item.replace("一岗双责", "一岗多责")
    candidates = matcher.candidates({Kind.ITEM}, edited)
    assert len(items) > 40 and 1 <= len(candidates) <= NEAR_CANDIDATES
    assert candidates[0].block.id == "党风廉政/全面落实班子成员分管责任"
    calls = {"similarity": 0, "diff": 0}
    for name in calls:
        def counted(*args, _name=name, _real=getattr(textdiff, name), **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)
        monkeypatch.setattr(textdiff, name, counted)
    found = matcher.match({Kind.ITEM}, Text.of(edited))
    assert calls["similarity"] <= NEAR_CANDIDATES and calls["diff"] <= 2  # the best, and again with its values
    assert found is not None and found.block.id == "党风廉政/全面落实班子成员分管责任"
    assert NEAR_THRESHOLD < found.similarity < 1
    # the figures of the item, not known to the matcher, are recovered from the edited text
    assert found.values["分管领导督促整改问题件数"] == 4 and found.values["报告履责情况次数"] == 2


# -- the report ---------------------------------------------------------------------------------------
def test_report_lists_every_paragraph_junk_and_ends_with_the_counts(workspace, tmp_path):
    source, expected, built = _edited_integrity(tmp_path, new_item=True, junk=True)
    report = import_document(source, workspace, name="edited")
    assert _rebuild(workspace, "edited") == expected  # the junk is gone, the edits kept
    assert {(j.text, j.rule) for j in report.junk} == {(JUNK_LINE, "import.junk-paragraph"),
                                                       (JUNK_INLINE, "import.website-junk")}
    assert all("网页残留" in j.why and j.line for j in report.junk)
    # the item that held the inline junk is still the library block, exactly
    assert next(p for p in report.paragraphs if p.path == "sections[1].items[1]").match == "near"
    assert next(p for p in report.paragraphs if p.path == "sections[1].items[2]").match == "exact"
    lines = import_lines(report, workspace)
    assert lines[-1] == ("共 19 段：完全复用 14 段、近似复用 4 段（相似度 "
                         + "、".join(f"{int(p.similarity * 1000) / 10:.1f}%" for p in report.near) + "）、新建 1 段")
    text = "\n".join(lines)
    assert f"「{JUNK_LINE}」" in text and f"「{JUNK_INLINE}」" in text and "删去的网页残留（2 处）" in text
    assert "近似复用「党风廉政/全面落实主要负责人第一责任」，相似度" in text
    assert "条目 2.「全面落实主要负责人第一责任。" in text
    assert "新建块「导入/edited/加强廉政文化建设」" in text
    assert len([line for line in lines if line.startswith("  ") and "「" in line]) >= len(report.paragraphs)


def test_cli_prints_the_report_and_json(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    source, _, built = _edited_integrity(tmp_path, new_item=True, junk=True)
    runner = CliRunner()
    shown = runner.invoke(app, ["import", str(source), "--name", "终端"])
    assert shown.exit_code == 0, shown.output
    assert shown.output.rstrip().splitlines()[-1].startswith("共 19 段：完全复用 14 段、近似复用 4 段（相似度 ")
    other = tmp_path / "另一个工作区"  # the first import's new block is in the library now
    for name in ("blocks", "configs", "schemas"):
        shutil.copytree(REPO / name, other / name)
    monkeypatch.chdir(other)
    as_json = runner.invoke(app, ["import", str(source), "--name", "机读", "--json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert list(data) == ["source", "config", "blocks", "backups", "counts", "paragraphs", "junk", "unrecognised",
                          "findings"]
    assert data["config"] == "configs/机读.yaml" and data["blocks"] == "blocks/imported/机读/机读.yaml"
    assert data["counts"] == {"exact": 14, "near": 4, "new": 1}
    for entry in data["paragraphs"]:
        assert list(entry) == ["path", "role", "label", "text", "match", "block", "similarity", "values", "paragraphs"]
    near = {p["path"]: p for p in data["paragraphs"] if p["match"] == "near"}
    assert set(near) == set(EDITS)
    assert all(p["block"] == built[path] and NEAR_THRESHOLD <= p["similarity"] < 1 for path, p in near.items())
    assert near["sections[2].items[2]"]["values"]["主要负责人部署次数"] == 4
    assert near["sections[2].items[2]"]["role"] == "item" and near["sections[2].items[2]"]["label"] == "2."
    assert all(p["similarity"] is None for p in data["paragraphs"] if p["match"] != "near")
    assert {j["text"] for j in data["junk"]} == {JUNK_LINE, JUNK_INLINE}
    assert set(data["junk"][0]) == {"text", "reason", "rule", "file", "line", "paragraph"}
    assert data["unrecognised"] == []
    assert {f["rule"] for f in data["findings"]} == {"import.junk-paragraph", "import.website-junk"}


def test_cli_json_bad_input_is_chinese_with_exit_2(workspace, tmp_path):
    result = CliRunner().invoke(app, ["import", str(tmp_path / "没有.txt"), "--json"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_unrecognised_parts_of_a_docx_are_listed(workspace, tmp_path):
    """A table in a .docx is not text the import can place: it is listed as unrecognised."""
    import docx

    document = docx.Document()
    for line in ["2023年工作要点", "一、加强建设", "1.完善制度。认真落实各项制度。"]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "任务"
    table.cell(0, 1).text = "责任单位"
    source = tmp_path / "表格.docx"
    document.save(source)
    report = import_document(source, workspace, name="表格")
    assert [u.rule for u in report.unrecognised] == ["import.table"]
    assert "任务" in report.unrecognised[0].text
    assert "未能识别、没有导入的内容（1 处" in "\n".join(import_lines(report, workspace))
