"""The block library as a whole: every config builds, every block is used, no placeholder or
website junk in block text, every file valid against the schemas editors use."""

import datetime as dt
import io
import json
import re

import docx
import jsonschema
import pytest
import yaml

from conftest import REPO
from drafter import load_library, render
from drafter.browse import find_blocks, usages
from drafter.schema import render_schemas

CONFIGS = sorted((REPO / "configs").glob("*.yaml"))
BLOCK_FILES = sorted(p for p in (REPO / "blocks").rglob("*.yaml") if not p.name.startswith("_"))
# Blocks kept in the library without a config using them, each with the reason.
DELIBERATE_SPARES: dict[str, str] = {}


@pytest.fixture(scope="module")
def library():
    return load_library(REPO)


def test_there_is_a_seed_config_and_a_next_year_example_for_each_seed():
    names = {p.stem for p in CONFIGS}
    for seed in ("gov-party-group-party-building", "gov-party-group-work", "service-center-party-committee",
                 "gov-integrity", "county-party-building-report"):
        assert {f"{seed}-2022", f"{seed}-2023"} <= names, seed


@pytest.mark.parametrize("config", [p for p in CONFIGS if "2022" in p.stem], ids=lambda p: p.stem)
def test_seed_configs_build_as_drafts(config, library):
    result = render(config, fmt="docx", draft=True, library=library)
    assert docx.Document(io.BytesIO(result.data)).paragraphs


@pytest.mark.parametrize("config", [p for p in CONFIGS if "2023" in p.stem], ids=lambda p: p.stem)
def test_next_year_examples_build_without_draft(config, library):
    result = render(config, fmt="docx", draft=False, library=library)
    assert result.document.blanks() == []
    d = docx.Document(io.BytesIO(result.data))
    texts = [p.text for p in d.paragraphs if p.text]
    assert "2023" in str(result.document.title), "the example has a title naming its year"
    assert str(result.document.title).replace("\n", "") in [t.replace("\n", "") for t in texts]
    assert re.fullmatch(r"20\d\d年\d{1,2}月\d{1,2}日", str(result.document.signature.date)), "the example is dated"
    assert str(result.document.signature.date) in texts
    text = "\n".join(texts)
    assert "十九届六中全会" not in text and "迎接党的二十大" not in text, "time-bound references are updated"


def test_every_block_is_used_or_a_deliberate_spare(library):
    used = usages(library)
    unused = sorted(set(library.blocks) - set(used) - set(DELIBERATE_SPARES))
    assert unused == []


@pytest.mark.parametrize("path", BLOCK_FILES, ids=lambda p: p.name)
def test_block_text_has_no_placeholders_or_junk(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for block in data["blocks"]:
        for key in ("title", "body"):
            text = block.get(key) or ""
            assert "**" not in text and "XX" not in text and "××" not in text, (block["id"], key)
            assert not re.search(r"https?://|www\.|\.com|\.cn\b|笔杆儿网", text), (block["id"], key)


def test_ideology_passages_of_every_seed_share_a_tag(library):
    sources = {b.source.split(" ")[0] for b in find_blocks(library, tag="意识形态")}
    assert {
        "gov-party-group-party-building-2022.txt",
        "gov-party-group-work-2022.txt",
        "service-center-party-committee-2022.txt",
        "county-party-building-report-2022.txt",
    } <= sources


def test_blocks_are_tagged_with_a_document_kind(library):
    kinds = {"党建工作要点", "工作要点", "党风廉政建设工作要点", "工作报告"}
    untagged = [b.id for b in library.blocks.values() if not kinds & set(b.tags)]
    assert untagged == []


def test_schemas_are_up_to_date():
    for name, text in render_schemas().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, f"run python -m drafter.schema ({name})"


def _as_json(node):
    """YAML → what an editor's schema check sees (dates are strings there)."""
    if isinstance(node, dict):
        return {k: _as_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_json(v) for v in node]
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def _schema_files():
    yield REPO / "blocks" / "_params.yaml", "params.schema.json"
    for path in BLOCK_FILES:
        yield path, "block.schema.json"
    for path in CONFIGS:
        yield path, "config.schema.json"


@pytest.mark.parametrize("path, schema", list(_schema_files()), ids=lambda v: getattr(v, "name", v))
def test_files_validate_against_their_schema_and_reference_it(path, schema):
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../schemas/{schema}")
    validator = jsonschema.Draft202012Validator(json.loads((REPO / "schemas" / schema).read_text(encoding="utf-8")))
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(_as_json(yaml.safe_load(text)))]
    assert errors == []


def test_schema_rejects_what_drafter_rejects():
    validator = jsonschema.Draft202012Validator(json.loads((REPO / "schemas" / "config.schema.json").read_text()))
    assert not validator.is_valid({"kind": "工作要点", "sectons": []})
    assert validator.is_valid({"kind": "工作要点", "preamble": ["总体要求/机关党建总体要求"]})
