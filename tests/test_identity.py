"""Identity and origin of every paragraph, values as spans, the JSON model, reproducible output."""

import json
import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO
from drafter import build, load_config, load_library, render
from drafter.assembler import assemble
from drafter.cli import app
from drafter.flow import flow
from drafter.model import Blank, Role, Value, walk

CONFIGS = sorted((REPO / "configs").glob("*.yaml"))


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def library():
    return load_library(REPO)


@pytest.mark.parametrize("config_path", CONFIGS, ids=lambda p: p.stem)
def test_every_paragraph_has_a_unique_path_and_an_origin_that_points_at_its_source(config_path, library):
    config = load_config(config_path, f"configs/{config_path.name}")
    doc = assemble(config, library, draft=True)
    config_lines = _lines(config_path)
    nodes = list(walk(doc))
    paths = [node.path for node in nodes]
    assert len(paths) == len(set(paths)), "paths must identify paragraphs"
    for node in nodes:
        origin = node.origin
        assert origin is not None and origin.file == f"configs/{config_path.name}", node.path
        assert 1 <= origin.line <= len(config_lines), node.path
        if origin.block:
            # the config line names the block (bare id, block: or heading:) …
            assert origin.block in config_lines[origin.line - 1], (node.path, origin)
            # … and the block line is the block's own id: line in its file
            block_line = _lines(REPO / origin.block_file)[origin.block_line - 1]
            assert re.search(r"\bid:\s*" + re.escape(origin.block) + r"\s*$", block_line), (node.path, block_line)
        elif node.role is Role.TITLE:
            assert config_lines[origin.line - 1].startswith("title:")
        elif node.role in (Role.ISSUER, Role.DATE):
            assert config_lines[origin.line - 1].strip().startswith(("issuer:", "date:"))


def test_paths_name_the_place_in_the_document(library):
    config = load_config(REPO / "configs/county-party-building-report-2022.yaml")
    doc = assemble(config, library, draft=True)
    paths = [node.path for node in walk(doc)]
    assert paths[:4] == ["title", "preamble[1]", "sections[1].heading", "sections[1].lead[1]"]
    assert "sections[1].items[1]" in paths
    assert any(re.fullmatch(r"closing\[\d+\]\.points\[4\]", p) for p in paths)
    # flow keeps the path and the origin of each node
    assert [line.path for line in flow(doc)] == paths


BLOCKS = {
    "blocks/_params.yaml": """
        params:
          年度: {type: int, description: 年度}
          县名: {type: str, description: 县名}
    """,
    "blocks/测试.yaml": """
        blocks:
          - id: 测试/标题
            kind: heading
            body: |
              聚焦发展
          - id: 测试/增长
            kind: item
            title: 扩大投资。
            body: |
              {{ 县名 }}县地区生产总值增长{{ 增长率 }}%，{{ 年度 + 1 }}年再上台阶，
              签约{{ 项目数 }}个。
            params:
              增长率: {type: percent, description: 增长率}
              项目数: {type: int, description: 项目数}
    """,
}

CONFIG = """
kind: 工作要点
variables: {年度: 2023, 县名: 略阳}
targets: {增长率: 6.50}
sections:
  - heading: 测试/标题
    items:
      - 测试/增长
      - block: 测试/增长
        values: {增长率: 7}
"""


def test_values_are_spans_through_formatting(make_workspace):
    root = make_workspace({**BLOCKS, "configs/c.yaml": CONFIG})
    doc = assemble(load_config(root / "configs/c.yaml", "configs/c.yaml"), load_library(root), draft=True)
    first, second = doc.sections[0].items
    assert first.body.parts == (
        Value("略阳", "县名"), "县地区生产总值增长", Value("6.5", "增长率"), "%，2024年再上台阶，签约",
        Blank("项目数"), "个。",
    )
    assert second.body.values[1] == Value("7", "增长率")
    # the same block used twice: two paragraphs told apart by path and config line
    a, b = [n for n in walk(doc) if n.role is Role.ITEM]
    assert (a.path, b.path) == ("sections[1].items[1]", "sections[1].items[2]")
    assert (a.origin.line, b.origin.line) == (7, 8)
    assert a.origin.block == b.origin.block == "测试/增长"
    assert a.origin.block_file == "blocks/测试.yaml" and a.origin.block_line == 6


def test_a_value_typed_with_internal_marker_characters_stays_text(make_workspace):
    config = CONFIG.replace("县名: 略阳", "县名: \"略\ue000X\ue001阳\"")
    root = make_workspace({**BLOCKS, "configs/c.yaml": config})
    doc = assemble(load_config(root / "configs/c.yaml", "configs/c.yaml"), load_library(root), draft=True)
    assert doc.sections[0].items[0].body.parts[0] == Value("略\ue000X\ue001阳", "县名")
    assert len(doc.blanks()) == 2  # only the two 项目数


def test_json_format_is_the_model_as_data(make_workspace, monkeypatch):
    root = make_workspace({**BLOCKS, "configs/c.yaml": CONFIG})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["build", "configs/c.yaml", "-f", "json", "--draft"])
    assert result.exit_code == 0, result.output
    data = json.loads((root / "output/c.json").read_text(encoding="utf-8"))
    txt = CliRunner().invoke(app, ["build", "configs/c.yaml", "-f", "txt", "--draft"])
    assert txt.exit_code == 0
    printed = [line for line in (root / "output/c.txt").read_text(encoding="utf-8").splitlines() if line]
    assert [p["text"] for p in data["paragraphs"]] == printed
    assert (data["kind"], data["year"], data["numbering"], data["blanks"]) == (
        "工作要点", 2023, {"items": "1.", "restart": True}, 2)
    item = data["paragraphs"][1]
    assert {k: item[k] for k in ("path", "role", "level", "label")} == {
        "path": "sections[1].items[1]", "role": "item", "level": 3, "label": "1."}
    assert "".join(s["text"] for s in item["spans"]) == item["text"]
    assert item["spans"][:4] == [
        {"text": "1.", "part": "label"},
        {"text": "扩大投资。", "part": "title"},
        {"text": "略阳", "part": "body", "param": "县名", "given": {"file": "configs/c.yaml", "line": 2}},
        {"text": "县地区生产总值增长", "part": "body"},
    ]
    assert {"text": "**", "part": "body", "blank": "项目数"} in item["spans"]
    assert item["origin"] == {"file": "configs/c.yaml", "line": 7, "block": "测试/增长",
                              "block_file": "blocks/测试.yaml", "block_line": 6}


@pytest.mark.parametrize("fmt", ["docx", "txt", "md", "json"])
def test_building_twice_gives_identical_bytes(fmt, monkeypatch):
    config = REPO / "configs/gov-party-group-party-building-2023.yaml"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = render(config, fmt=fmt).data
    import time

    time.sleep(1.1)  # zip entries and core properties record seconds: a second later must not matter
    assert render(config, fmt=fmt).data == first


def test_docx_is_stamped_with_the_config_date_or_source_date_epoch(monkeypatch):
    config = REPO / "configs/gov-party-group-party-building-2023.yaml"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    date = re.search(r"date: (\d{4}-\d\d-\d\d)", config.read_text(encoding="utf-8")).group(1)

    def stamps(data: bytes) -> tuple[set, str]:
        with zipfile.ZipFile(BytesIO(data)) as z:
            core = z.read("docProps/core.xml").decode("utf-8")
            return {i.date_time[:3] for i in z.infolist()}, re.search(r"<dcterms:created[^>]*>([^<]+)<", core).group(1)

    entries, created = stamps(render(config).data)
    assert entries == {tuple(int(x) for x in date.split("-"))} and created == f"{date}T00:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    entries, created = stamps(render(config).data)
    assert entries == {(2023, 11, 14)} and created == "2023-11-14T22:13:20Z"


def test_public_functions_take_str_paths(tmp_path):
    from conftest import SEEDS
    from drafter import create_workspace, import_document

    config = str(REPO / "configs/gov-integrity-2023.yaml")
    assert len(load_library(str(REPO)).blocks) == len(load_library(REPO).blocks)
    assert load_config(config).spec.kind == "党风廉政建设工作要点"
    out = tmp_path / "a.txt"
    result = build(config, fmt="txt", output=str(out))
    assert out.read_bytes() == result.data
    assert render(config, fmt="txt").data == result.data
    workspace = tmp_path / "ws"
    assert create_workspace(str(workspace))
    report = import_document(str(SEEDS / "gov-integrity-2022.txt"), str(workspace), name="廉政")
    assert report.config_path == workspace / "configs/廉政.yaml" and report.config_path.is_file()


def test_a_draft_reports_each_blank_as_a_finding(make_workspace):
    root = make_workspace({**BLOCKS, "configs/c.yaml": CONFIG})
    result = render(root / "configs/c.yaml", fmt="txt", draft=True)
    assert [(f.rule, f.path, f.line, f.text) for f in result.findings] == [
        ("draft.blank", "sections[1].items[1]", 7, "项目数"), ("draft.blank", "sections[1].items[2]", 8, "项目数")]
    assert str(result.findings[0]) == ("configs/c.yaml 第7行：「项目数」尚未填写，草稿中显示为 **，"
                                       "在 variables 或 targets 中给出它的值")


@pytest.mark.parametrize("date, stamp", [("9999-12-31", (2107, 12, 31)), ("1900-01-01", (1980, 1, 1))])
def test_dates_outside_what_a_zip_can_record_are_clamped(make_workspace, date, stamp, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    config = CONFIG + f"signature: {{issuer: 县政府党组, date: {date}}}\n"
    root = make_workspace({**BLOCKS, "configs/c.yaml": config})
    with zipfile.ZipFile(BytesIO(render(root / "configs/c.yaml", draft=True).data)) as z:
        assert {i.date_time[:3] for i in z.infolist()} == {stamp}
