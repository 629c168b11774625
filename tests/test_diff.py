"""`drafter diff`: the character diff, the alignment of paragraphs, the summaries and the command.

The year-over-year pairs of example configs (configs/*-2022.yaml → *-2023.yaml) are the
real cases: values changed by parameter name, blocks swapped for newer ones, a title and a
signature added. Moves, renumbering and edited documents are made from them in the tests.
"""

from __future__ import annotations

import copy
import io
import json
import shutil

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import REPO, SEEDS
from drafter.cli import app
from drafter.diff import (CHANGED, DELETED, EQUAL, INSERTED, MOVED, Side, align, align_edited, compare,
                          describe_path, diff, label_change, similarity, summary_data, summary_json, summary_lines,
                          touched_values)
from drafter.diff.textdiff import matching_pairs
from drafter.errors import DrafterError
from drafter.model import Value
from drafter.readers.docx import read_docx

CONFIGS = REPO / "configs"
PAIRS = sorted((p, p.with_name(p.name.replace("-2022", "-2023"))) for p in CONFIGS.glob("*-2022.yaml"))


@pytest.fixture(scope="module")
def sides():
    """Every example config loaded once, as a side of a comparison."""
    from drafter.diff import load_side

    libraries: dict = {}
    return {p.name: load_side(p, libraries=libraries) for pair in PAIRS for p in pair}


def _fresh(side: Side) -> Side:
    """A side over a copy of the document (tests edit it)."""
    return Side(copy.deepcopy(side.document), source=side.source, kind=side.kind, options=side.options)


# -- the character diff --------------------------------------------------------------------------------
def test_numbers_and_latin_words_change_whole():
    d = diff("地区生产总值增长6.5%的目标，推进5G建设", "地区生产总值增长7.5%的目标，推进6G建设")
    assert [(e.op, e.old, e.new) for e in d.changes] == [("replace", "6.5", "7.5"), ("replace", "5G", "6G")]
    assert [(e.old, e.new) for e in diff("ABC", "ABD").changes] == [("ABC", "ABD")]


def test_a_rewritten_phrase_is_one_replacement_not_confetti():
    old = "全面贯彻党的十九大和十九届历次全会精神，巩固拓展党史学习教育成果。"
    new = "全面贯彻党的二十大精神，深入学习宣传贯彻党的二十大精神。"
    changes = diff(old, new).changes
    assert [(e.old, e.new) for e in changes] == [("十九大和十九届历次全会", "二十大"),
                                                ("巩固拓展党史学习教育成果", "深入学习宣传贯彻党的二十大精神")]


def test_an_insertion_beside_a_changed_number_stays_apart():
    # 绿春 added, 县 kept, 2022 → 2023: one character kept between two edits is not folded away
    changes = diff("县2022年党的建设工作专题报告", "绿春县2023年党的建设工作专题报告").changes
    assert [(e.op, e.old, e.new) for e in changes] == [("insert", "", "绿春"), ("replace", "2022", "2023")]


def test_offsets_are_characters():
    d = diff("一二三四五", "一二X四五")
    (e,) = d.changes
    assert (e.old_start, e.old_end, e.new_start, e.new_end) == (2, 3, 2, 3)
    assert d.ratio == pytest.approx(0.8)


TEXT = st.lists(st.sampled_from(list("党的建设工作要点年度县委政府，。、") + ["12", "6.5", "ab"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, st.sampled_from([0, 2, 400]))
def test_diff_rebuilds_both_texts(old, new, max_edits):
    """Whatever the texts (and with Myers' bound forcing the difflib fallback), the opcodes
    cover both texts in order, equal ones are equal, and the similarity agrees with the bound."""
    d = diff(old, new, max_edits=max_edits)
    assert "".join(e.old for e in d.opcodes) == old and "".join(e.new for e in d.opcodes) == new
    i = j = 0
    for e in d.opcodes:
        assert (e.old_start, e.new_start) == (i, j) and e.old == old[e.old_start:e.old_end]
        assert e.op != "equal" or e.old == e.new
        i, j = e.old_end, e.new_end
    full = similarity(old, new)
    assert 0 <= full <= 1
    half = similarity(old, new, 0.5)
    assert (half is None) == (full < 0.5) and (half is None or half == pytest.approx(full))


def test_matching_pairs_keeps_repeated_items_with_their_own_copy():
    # A B C A B C with the first B edited: the second copy's A B C stay with the second copy
    old = ["A", "B", "C", "A", "B", "C"]
    new = ["A", "B2", "C", "A", "B", "C"]
    assert matching_pairs(old, new) == [(0, 0), (2, 2), (3, 3), (4, 4), (5, 5)]


# -- labels, values, paths -----------------------------------------------------------------------------
@pytest.mark.parametrize("old, new, expected", [
    ("1.", "1.", "same"), ("2.", "3.", "renumbered"), ("一、", "三、", "renumbered"), ("（二）", "（五）", "renumbered"),
    ("1.", "1、", "changed"), ("1.", "（一）", "changed"), ("", "1.", "changed"), ("一是", "二是", "renumbered"),
])
def test_label_change(old, new, expected):
    assert label_change(old, new) == expected


@pytest.mark.parametrize("path, expected", [
    ("title", "标题"), ("preamble[1]", "开头第1段"), ("sections[2].heading", "第二部分标题"),
    ("sections[3].lead[1]", "第三部分导语第1段"), ("sections[2].items[3]", "第二部分第3条"),
    ("sections[2].items[3].items[1]", "第二部分第3条第1项"), ("sections[1].items[2].more[1]", "第一部分第2条的第2段"),
    ("closing[1].lead[2]", "结尾第2段"), ("closing[1].points[3]", "结尾第3点"), ("signature.issuer", "署名"),
    ("signature.date", "成文日期"), ("cover[1]", "封面第1段"),
])
def test_describe_path(path, expected):
    assert describe_path(path) == expected


def test_closing_passages_are_numbered_when_there_are_several():
    assert describe_path("closing[2].points[1]", passages=2) == "结尾第2部分第1点"


def test_touched_values():
    from drafter.model import Text

    text = Text.of("增长", Value("6.5", "增长率"), "%以上")
    assert [v.param for v, _, _ in touched_values(text, 2, 5)] == ["增长率"]
    assert touched_values(text, 0, 2) == []
    assert [v.param for v, _, _ in touched_values(text, 5, 5)] == ["增长率"]  # an insertion right after it


# -- the year-over-year configs ----------------------------------------------------------------------------
@pytest.mark.parametrize("old, new", PAIRS, ids=[p[0].stem for p in PAIRS])
def test_every_paragraph_has_exactly_one_operation(old, new, sides):
    alignment = align(sides[old.name], sides[new.name])
    seen_old = sorted(op.old.index for op in alignment.ops if op.old is not None)
    seen_new = sorted(op.new.index for op in alignment.ops if op.new is not None)
    assert seen_old == list(range(len(alignment.old.paragraphs)))
    assert seen_new == list(range(len(alignment.new.paragraphs)))
    assert not alignment.same


def test_the_same_block_pairs_even_when_its_values_changed(sides):
    alignment = align(sides["gov-party-group-party-building-2022.yaml"], sides["gov-party-group-party-building-2023.yaml"])
    by_path = {op.new.path: op for op in alignment.ops if op.new is not None}
    growth = by_path["sections[3].items[1]"]
    assert growth.kind == CHANGED and growth.old.line.origin.block == "发展/先锋引领推动发展"
    assert [(v.param, v.old, v.new) for v in growth.values] == [("地区生产总值增长率", None, "6.5")]
    # 2022's 巩固拓展党史学习教育成果 was replaced by a different block: deleted + inserted
    kinds = {(op.kind, (op.old or op.new).line.origin.block) for op in alignment.ops
             if (op.old or op.new).path == "sections[2].items[2]"}
    assert kinds == {(DELETED, "思想建设/巩固拓展党史学习教育成果"), (INSERTED, "思想建设/深入学习宣传贯彻会议精神")}
    assert by_path["title"].kind == INSERTED and by_path["signature.issuer"].kind == INSERTED


def test_summary_names_the_changed_values(sides):
    alignment = align(sides["gov-integrity-2022.yaml"], sides["gov-integrity-2023.yaml"])
    lines = summary_lines(alignment)
    text = "\n".join(lines)
    assert lines[0] == "对比：旧 " + str(CONFIGS / "gov-integrity-2022.yaml") + "（18 段）→ 新 " + str(
        CONFIGS / "gov-integrity-2023.yaml") + "（21 段）"
    assert "  值「年度」2022 → 2023（2 段）" in lines
    assert "  值「主要负责人协调解决问题件数」4 → 5" in lines
    assert ("  改动 第二部分第3条「3.全面落实班子成员分管责任。县政府班子成员及各…」："
            "值「分管领导问题性约谈比例」50 → 60") in lines
    assert "  新增 署名「中共会宁县人民政府党组」" in lines
    assert "**（未填） → 会宁" in text  # a draft blank filled in


def test_json_lists_every_operation_with_paths_texts_and_edits(sides):
    alignment = align(sides["gov-integrity-2022.yaml"], sides["gov-integrity-2023.yaml"])
    data = json.loads(summary_json(alignment))
    assert data["same"] is False and data["old"]["kind"] == "config"
    assert data["counts"] == alignment.counts()
    assert len(data["operations"]) == len(alignment.ops)
    changed = [o for o in data["operations"] if o["new"] and o["new"]["path"] == "sections[2].items[3]"][0]
    assert changed["op"] == "changed" and changed["label"] == "same"
    assert changed["edits"] == [{"op": "replace", "old_start": changed["edits"][0]["old_start"],
                                 "old_end": changed["edits"][0]["old_start"] + 2,
                                 "new_start": changed["edits"][0]["new_start"],
                                 "new_end": changed["edits"][0]["new_start"] + 2, "old": "50", "new": "60"}]
    assert changed["values"] == [{"param": "分管领导问题性约谈比例", "old": "50", "new": "60", "paths": []}]
    assert changed["old"]["origin"]["block"] == changed["new"]["origin"]["block"]
    assert {"param": "年度", "old": "2022", "new": "2023", "paths": ["title", "preamble[1]"]} in data["values"]
    assert summary_data(alignment) == data


def test_same_documents(sides):
    alignment = align(sides["gov-integrity-2023.yaml"], _fresh(sides["gov-integrity-2023.yaml"]))
    assert alignment.same and all(op.kind == EQUAL for op in alignment.ops)
    assert summary_lines(alignment)[1] == "两份文件的文字相同。"


# -- moves and renumbering ------------------------------------------------------------------------------
def _moved(side: Side, section: int, frm: int, to: int) -> Side:
    new = _fresh(side)
    items = new.document.sections[section].items
    items.insert(to, items.pop(frm))
    return Side(new.document, source="moved", kind=side.kind, options=side.options)


def test_a_moved_item_is_reported_as_moved_and_the_others_only_renumbered(sides):
    old = sides["gov-party-group-party-building-2023.yaml"]
    new = _moved(old, 0, 0, 2)  # 1.旗帜鲜明讲政治 becomes the third item of section 一
    alignment = align(old, new)
    moved = [op for op in alignment.ops if op.kind == MOVED]
    assert len(moved) == 1 and moved[0].as_move and moved[0].move == 1
    assert moved[0].old.path == "sections[1].items[1]" and moved[0].new.path == "sections[1].items[3]"
    others = [op for op in alignment.ops if op.kind != MOVED]
    assert all(op.kind == EQUAL for op in others)
    assert sorted(op.label for op in others if op.old.label != op.new.label) == ["renumbered", "renumbered"]
    assert "  移动 第一部分第1条「1.旗帜鲜明讲政治。认真贯彻《中共中央关于加强党…」 → 第一部分第3条" in summary_lines(alignment)


def test_a_moved_and_rewritten_item_is_still_a_move_but_not_shown_as_one(sides):
    old = sides["gov-party-group-party-building-2023.yaml"]
    new = _moved(old, 0, 0, 2)
    from drafter.model import Text

    item = new.document.sections[0].items[2]
    body = str(item.body)
    item.body = Text.of(body[: len(body) // 3] + "（此处改写）" * 12)
    alignment = align(old, Side(new.document, kind="config"))
    (moved,) = [op for op in alignment.ops if op.kind == MOVED]
    assert moved.ratio < 0.75 and not moved.as_move and moved.move is None
    assert "，并有改动：" in "\n".join(summary_lines(alignment))


def test_a_section_added_with_its_items_is_one_line(sides):
    base = sides["gov-party-group-party-building-2023.yaml"]
    new = _fresh(base)
    removed = new.document.sections.pop(1)
    alignment = align(base, Side(new.document, source="new", kind="config"))
    lines = summary_lines(alignment)
    assert f"  删除 第二部分标题「二、{removed.heading}」（连同其下 3 段）" in lines
    assert sum(1 for line in lines if line.startswith("  删除")) == 1


# -- documents ---------------------------------------------------------------------------------------------
def test_two_text_files_pair_by_text_and_order(tmp_path):
    seed = (SEEDS / "gov-integrity-2022.txt").read_text(encoding="utf-8")
    lines = seed.splitlines()
    edited = lines[:]
    at = next(i for i, line in enumerate(lines) if "不少于" in line)
    edited[at] = edited[at].replace("不少于", "不低于", 1)
    del edited[at + 1]
    edited.insert(3, "新增一段：认真落实中央八项规定精神。")
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(seed, encoding="utf-8")
    new.write_text("\n".join(edited) + "\n", encoding="utf-8")
    alignment = compare(old, new)
    counts = alignment.counts()
    assert counts[CHANGED] == 1 and counts[INSERTED] == 1 and counts[DELETED] == 1 and counts[MOVED] == 0
    (changed,) = [op for op in alignment.ops if op.kind == CHANGED]
    assert [(e.old, e.new) for e in changed.edits] == [("少", "低")]
    assert alignment.old.kind == "txt" and alignment.values == []


def test_align_edited_gives_absorb_the_config_side_and_the_edited_text(sides):
    """A leader's edits in the .docx drafter wrote, aligned back to the config's paragraphs."""
    from drafter.writers.docx import write_docx

    config = sides["gov-party-group-party-building-2023.yaml"]
    document = docx.Document(io.BytesIO(write_docx(config.document, config.options)))
    for p in document.paragraphs:
        if "确保实现地区生产总值增长6.5%的目标" in p.text:
            for run in p.runs:
                run.text = run.text.replace("6.5", "7")
        if p.text.startswith("3.加强党建基础保障"):
            p._element.getparent().remove(p._element)
    out = io.BytesIO()
    document.save(out)
    edited = read_docx(out.getvalue(), "领导改过的.docx")
    alignment = align_edited(config.document, edited.document)
    changed = [op for op in alignment.ops if op.kind != EQUAL]
    assert [op.kind for op in changed] == [CHANGED, DELETED]
    growth, gone = changed
    assert growth.old.line.origin.block == "发展/先锋引领推动发展" and growth.old.path == "sections[3].items[1]"
    assert growth.new.line.origin.file == "领导改过的.docx" and growth.new.line.origin.paragraph is not None
    assert "增长7%的目标" in growth.new.text
    ((edit), ) = growth.edits
    assert (edit.old, edit.new) == ("6.5", "7")
    (value, start, end), = touched_values(growth.old.content, edit.old_start, edit.old_end)
    assert value.param == "地区生产总值增长率" and growth.old.text[start:end] == "6.5"
    assert gone.old.line.origin.block == "组织建设/加强党建基础保障"


# -- the command ---------------------------------------------------------------------------------------------
@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    return CliRunner()


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    for name in ("blocks", "configs"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_help_is_chinese(runner):
    result = runner.invoke(app, ["diff", "--help"])
    assert result.exit_code == 0
    for words in ("用法：", "退出码为 0", "不同时为 1", "输入有误时为 2", "--docx", "--author", "--json"):
        assert words in result.output
    assert "Usage" not in result.output


def test_exit_codes_and_docx(runner, workspace):
    a, b = "configs/gov-integrity-2022.yaml", "configs/gov-integrity-2023.yaml"
    same = runner.invoke(app, ["diff", a, a])
    assert same.exit_code == 0 and "两份文件的文字相同。" in same.output
    out = workspace / "修订稿.docx"
    result = runner.invoke(app, ["diff", a, b, "--docx", str(out), "--author", "县政府办"])
    assert result.exit_code == 1, result.output
    assert "值「主要负责人协调解决问题件数」4 → 5" in result.output
    assert f"已写出 {out}：新版，10 段有修订（作者“县政府办”）" in result.output
    xml = docx.Document(str(out)).element.xml
    assert 'w:author="县政府办"' in xml
    data = runner.invoke(app, ["diff", a, b, "--json"])
    assert data.exit_code == 1 and json.loads(data.stdout)["counts"]["changed"] == 7


def test_bad_input_exits_2_and_writes_nothing(runner, workspace, tmp_path):
    a, b = "configs/gov-integrity-2022.yaml", "configs/gov-integrity-2023.yaml"
    for args, message in [
        ([a, b, "--docx", "out.pdf"], "--docx 的输出文件扩展名应为 .docx"),
        ([a, "nothing.yaml"], "文件不存在"),
        ([a, "x.pdf"], "只能对比配置文件（.yaml）或文件（.docx、.txt）"),
        ([a, b, "--docx", "r.docx", "--author", " "], "修订的作者名不能为空"),
        ([a, b, "--docx", "r.docx", "--author", "a\x07b"], "不能写入 Word 的字符"),
    ]:
        result = runner.invoke(app, ["diff", *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output
    assert not (workspace / "r.docx").exists()
    # the redline must not replace one of the documents compared
    doc = tmp_path / "旧.docx"
    from drafter import render

    doc.write_bytes(render(a, fmt="docx", draft=True).data)
    before = doc.read_bytes()
    result = runner.invoke(app, ["diff", str(doc), b, "--docx", str(doc)])
    assert result.exit_code == 2 and "不能把修订稿写到被对比的文件上" in result.output
    assert doc.read_bytes() == before


def test_library_api_refuses_what_the_command_refuses(tmp_path):
    from drafter.diff import check_redline_output

    with pytest.raises(DrafterError, match="扩展名应为 .docx"):
        check_redline_output([tmp_path / "a.txt"], tmp_path / "b.doc")
    (tmp_path / "dir.docx").mkdir()
    with pytest.raises(DrafterError, match="文件夹"):
        check_redline_output([tmp_path / "a.txt"], tmp_path / "dir.docx")
