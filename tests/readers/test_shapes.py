"""Real-world text shapes: each document in data/shapes/ (written for these tests, see its
README) is imported with ``drafter import`` and its draft build gives the input's paragraphs —
placeholders read as the blank ``**``, website residue removed and reported, nothing else
mended or guessed.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from conftest import REPO, output_lines
from drafter import render
from drafter.check import check_path
from drafter.cli import app
from drafter.importer import blank_name, import_document

DATA = Path(__file__).parent / "data" / "shapes"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A user's workspace holding the shipped library."""
    for name in ("blocks", "configs", "schemas"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lines(name: str) -> list[str]:
    """The document's paragraphs as written: its non-empty lines, stripped."""
    return [line.strip() for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


class Imported:
    def __init__(self, root: Path, source: Path, name: str) -> None:
        self.report = import_document(source, root, name=name)
        self.rebuilt = output_lines(render(root / "configs" / f"{name}.yaml", fmt="txt", draft=True).data)
        self.config = yaml.safe_load((root / "configs" / f"{name}.yaml").read_text(encoding="utf-8"))
        blocks = root / "blocks" / "imported" / name / f"{name}.yaml"
        self.blocks_text = blocks.read_text(encoding="utf-8") if blocks.exists() else ""
        self.blocks = yaml.safe_load(self.blocks_text)["blocks"] if self.blocks_text else []

    def params(self) -> set[str]:
        names = {name for b in self.blocks for name in b.get("params", {})}
        return names | set(self.config.get("variables", {})) | set(self.config.get("targets", {}))


def imported(root: Path, name: str) -> Imported:
    return Imported(root, DATA / name, Path(name).stem)


# -- spaces left by PDF extraction ------------------------------------------------------------------
def test_pdf_spaces_are_kept_so_the_rebuild_is_exact(workspace):
    result = imported(workspace, "pdf-spaces.txt")
    assert result.rebuilt == lines("pdf-spaces.txt")
    sections = result.config["sections"]
    assert sections[0]["label"] == "一、 " and sections[1]["label"] == "二、\u3000"  # the label as written
    assert sections[0]["items"][0]["label"] == "1. "


def test_pdf_spaces_are_reported_by_check(workspace):
    found = check_path(DATA / "pdf-spaces.txt", only=("punct.space",)).findings
    where = {(f.line, f.context) for f in found}
    assert (2, "全面贯彻党的【 】二十 大精神") in where
    assert (2, "十 大精神。【 】把稳粮保供作") in where
    assert (3, "一、【 】稳定粮食生产") in where and (4, "1.【 】抓好春耕备耕") in where
    assert {f.line for f in found} == {2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
    # the imported config reports the same spaces, in the blocks and labels that now hold them
    import_document(DATA / "pdf-spaces.txt", workspace, name="spaces")
    again = check_path(workspace / "configs" / "spaces.yaml", only=("punct.space",)).findings
    assert len(again) == len(found)
    assert any(f.message == "编号后有多余的空格" and f.file.endswith("spaces.yaml") for f in again)


def test_pdf_spaces_in_a_docx_split_across_runs(workspace, tmp_path):
    document = docx.Document()
    for line in lines("pdf-spaces.txt"):
        paragraph = document.add_paragraph()
        for run in re.split(r"(?<= )", line):  # a run ends after each space, as a PDF converter leaves them
            paragraph.add_run(run)
    source = tmp_path / "空格.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    source.write_bytes(buffer.getvalue())
    import_document(source, workspace, name="docx-spaces")
    assert output_lines(render(workspace / "configs" / "docx-spaces.yaml", fmt="txt", draft=True).data) == \
        lines("pdf-spaces.txt")


# -- placeholders ---------------------------------------------------------------------------------
def test_placeholders_in_odd_forms_read_as_blanks(workspace):
    result = imported(workspace, "placeholders.txt")
    expected = [re.sub(r"X X|XX|X|××|_+|＊＊", "**", line) for line in lines("placeholders.txt")]
    assert result.rebuilt == expected
    assert "某某同志负责督促落实" in result.rebuilt[4]  # 某某 is words, kept (check reports it)


def test_placeholder_parameters_have_clean_names(workspace):
    result = imported(workspace, "placeholders.txt")
    names = result.params()
    assert len(names) > 20
    for name in names:
        assert name.isidentifier() and re.fullmatch(r"[^\W\d_]+\d*", name), name


@pytest.mark.parametrize(
    "before, after",
    [
        ("办结**件……", "件！"), ("整改", "？"), ("在《", "日报》"), ("【", "】版"), ("按“", "+**”模式"),
        ("问题整改率达到 ", " %"), ("完成①号任务", "项"), ("面积10万m²，其中", "亩"), ("file_", "次"), ("", ""),
    ],
)
def test_blank_names_are_words_only(before, after):
    name, _ = blank_name(before, after)
    assert name.isidentifier() and re.fullmatch(r"[^\W\d_]+", name), name


def test_blank_before_a_spaced_unit_keeps_its_type():
    assert blank_name("居民收入增长 ", " %，") == blank_name("居民收入增长", "%，") == ("居民收入增长率", "percent")


# -- website residue without a URL ------------------------------------------------------------------
SITE_RESIDUE = [
    "作者：佚名 发布时间：2023-02-15 浏览：1024次",
    "本文来源于网络，仅供学习参考。",
    "更多精彩范文，敬请关注本站。",
    "更多精彩范文，敬请关注……",
    "【打印本页】【关闭窗口】",
    "来源：网络整理 责任编辑：小李",
]


def test_site_residue_is_removed_and_reported(workspace):
    result = imported(workspace, "site-residue.txt")
    expected = [line.replace("更多精彩范文，敬请关注本站。", "") for line in lines("site-residue.txt")
                if line not in SITE_RESIDUE]
    assert result.rebuilt == expected
    # a sentence merely naming 来源 or 更多精彩 is the document's own
    assert "2.加强特种设备安全。开展电梯安全专项检查，资金来源：县级财政。" in result.rebuilt
    assert "4.丰富文化活动。更多精彩文化活动走进乡村。" in result.rebuilt
    assert result.report.dropped == SITE_RESIDUE
    assert [f.rule for f in result.report.findings].count("import.junk-paragraph") == 5
    assert all("网页残留" in f.message for f in result.report.findings)
    assert not any(residue in result.blocks_text for residue in SITE_RESIDUE)


def test_site_residue_is_reported_on_the_command_line(workspace, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = CliRunner().invoke(app, ["import", str(DATA / "site-residue.txt"), "--name", "残留"])
    assert out.exit_code == 0, out.output
    for residue in SITE_RESIDUE:
        assert f"「{residue}」" in out.output


# -- structure ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["run-together.txt", "comma-top.txt", "flat-list.txt", "no-titles.txt",
                                  "lead-only.txt", "uneven-depth.txt", "mangled-numerals.txt"])
def test_structure_shapes_rebuild_exactly(name, workspace):
    assert imported(workspace, name).rebuilt == lines(name)


def test_heading_run_together_with_its_first_item_is_kept_as_written(workspace):
    config = imported(workspace, "run-together.txt").config
    assert len(config["sections"]) == 3
    first = config["sections"][0]
    assert first["items"] == [{"block": "导入/run-together/提升保教质量", "label": "2."}]
    assert "items" not in config["sections"][2]  # its only item is inside its heading


def test_top_level_1_comma_with_items_1_dot(workspace):
    config = imported(workspace, "comma-top.txt").config
    assert [s["label"] for s in config["sections"]] == ["1、", "2、", "3、"]
    assert config["numbering"] == {"items": "1.", "restart": True}
    assert [len(s.get("items", [])) for s in config["sections"]] == [2, 3, 0]
    assert len(config["sections"][2]["lead"]) == 1


def test_flat_list_keeps_its_labels(workspace):
    config = imported(workspace, "flat-list.txt").config
    assert [s["label"] for s in config["sections"]] == ["1.", "2.", "3.", "4.", "5."]


def test_items_without_title_sentences(workspace):
    result = imported(workspace, "no-titles.txt")
    items = [b for b in result.blocks if b["kind"] == "item"]
    assert len(items) == 4 and not any("title" in b for b in items)


def test_sections_with_a_body_paragraph_and_no_items(workspace):
    config = imported(workspace, "lead-only.txt").config
    assert [(len(s.get("lead", [])), len(s.get("items", []))) for s in config["sections"]] == [(1, 0), (2, 0), (0, 2)]


def test_uneven_depth_between_sibling_sections(workspace):
    sections = imported(workspace, "uneven-depth.txt").config["sections"]

    def depth(items):
        return max((1 + depth(i.get("items", []) if isinstance(i, dict) else []) for i in items), default=0)

    assert [depth(s.get("items", [])) for s in sections] == [3, 1, 0, 1]
    assert len(sections[3]["items"]) == 2  # 1. and 2. are siblings, not item and sub-item


def test_labels_alone_on_their_line_join_their_text(workspace):
    result = imported(workspace, "bare-labels.txt")
    assert result.rebuilt == [
        "柳塘县林业局2024年工作要点",
        "2024年，全局工作的总体要求是：坚持生态优先、绿色发展，全面推行林长制。",
        "一、加强森林资源保护",
        "1.严格林地用途管制。全年查处破坏森林资源案件**起。",
        "2.做好森林防火工作。",
        "二、推进国土绿化",
        "1.完成人工造林**万亩。",
    ]


def test_mangled_numerals_are_imported_as_written(workspace):
    result = imported(workspace, "mangled-numerals.txt")
    written = yaml.safe_dump(result.config, allow_unicode=True) + result.blocks_text
    for kept in ("二0二三年", "第1部分", "党的20大和19届6中全会", "2、"):
        assert kept in written
    assert "二〇二三" not in written and "2023" not in written and "十九届" not in written
    assert "signature" not in result.config  # 二0二三年二月十日 is no date: kept as a paragraph
