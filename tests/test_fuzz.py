"""Property-based fuzzing of whole commands: whatever comes in, a result or a clean refusal.

- random configs over the real library build, or fail with located DrafterErrors;
- random text imported from a .txt round-trips (the rebuilt text is what was read) or is refused;
- random bytes as a config, a block file, a .txt or a .docx never crash a command: exit code 0
  or 2, a Chinese message, no traceback.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import REPO
from drafter import DrafterError, load_library, render
from drafter.cli import app
from drafter.yamlio import YamlDocument

EXAMPLES = int(os.environ.get("DRAFTER_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
LIBRARY = load_library(REPO)
BLOCKS = sorted(LIBRARY.blocks)
NAMES = sorted({*LIBRARY.common, *(p for b in LIBRARY.blocks.values() for p in b.params)})


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    for name in ("blocks", "configs"):
        shutil.copytree(REPO / name, root / name)
    return root


_LIBRARIES: dict = {}


def _library_of(root: Path):
    """One loaded library per workspace (kept out of the test's arguments: hypothesis prints those)."""
    if root not in _LIBRARIES:
        _LIBRARIES[root] = load_library(root)
    return _LIBRARIES[root]


def _clean(result) -> str:
    """The CLI ended with 0 or 2 and said nothing Python-ish."""
    out = result.output
    assert result.exit_code in (0, 2), (result.exit_code, out, result.exception)
    assert "Traceback" not in out and "Error:" not in out, out
    if result.exit_code == 2:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in out), out
    return out


# -- random configs over the library --------------------------------------------------------------
values = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**12), st.floats(allow_nan=True),
                   st.text(max_size=12), st.dates())
refs = st.one_of(st.sampled_from(BLOCKS), st.builds(lambda b, v: {"block": b, "values": v}, st.sampled_from(BLOCKS),
                                                    st.dictionaries(st.sampled_from(NAMES), values, max_size=3)),
                 st.builds(lambda t: {"text": t}, st.text(max_size=20)))
configs = st.fixed_dictionaries(
    {"kind": st.sampled_from(["工作要点", "党建工作要点", "工作报告", "其他", "不存在的文种"])},
    optional={
        "title": st.text(max_size=30),
        "variables": st.dictionaries(st.sampled_from(NAMES), values, max_size=8),
        "targets": st.dictionaries(st.sampled_from(NAMES), values, max_size=5),
        "numbering": st.fixed_dictionaries({}, optional={"items": st.sampled_from(["1.", "1、", "（一）", "a"]),
                                                         "restart": st.booleans()}),
        "preamble": st.lists(refs, max_size=2),
        "sections": st.lists(st.fixed_dictionaries({"heading": refs}, optional={
            "lead": st.lists(refs, max_size=2), "items": st.lists(refs, max_size=3)}), max_size=3),
        "closing": st.lists(refs, max_size=2),
        "signature": st.fixed_dictionaries({"issuer": st.text(max_size=10), "date": st.one_of(st.dates(), st.text(max_size=8))}),
    },
)


@FUZZ
@given(data=configs, draft=st.booleans(), fmt=st.sampled_from(["txt", "docx", "json"]))
def test_random_configs_build_or_fail_cleanly(ws, data, draft, fmt):
    path = ws / "configs" / "fuzz.yaml"
    path.write_text(YamlDocument.new(data).dumps(), encoding="utf-8")
    try:
        result = render(path, fmt=fmt, draft=draft, library=_library_of(ws))
    except DrafterError as e:
        for err in getattr(e, "errors", [e]):
            assert err.file == "configs/fuzz.yaml" or err.file.startswith("blocks/"), str(err)
        return
    assert result.data


# -- random text through import ---------------------------------------------------------------------
# Chinese, labels, punctuation, and what could confuse the importer: template syntax and placeholders.
pieces = st.sampled_from([
    "一、", "二、", "（一）", "（二）", "1.", "2.", "1、", "（1）", "一是", "二是", "下一步，", "一年来，",
    "加强", "党的建设", "工作", "全县", "坚持", "落实", "制度", "。", "，", "；", "：", "“", "”", "《", "》",
    "{{", "}}", "{%", "%}", "{#", "**", "2023年", "6.5%", "12次", "县委", "县政府党组", " ",
])
lines = st.lists(st.lists(pieces, min_size=1, max_size=12).map("".join), min_size=1, max_size=14)


@FUZZ
@given(text_lines=lines)
def test_random_text_imports_and_rebuilds_or_is_refused(tmp_path_factory, text_lines):
    from drafter import import_document
    from drafter.readers import read_path
    from drafter.writers.txt import text_lines as lines_of

    root = tmp_path_factory.mktemp("imp")
    (root / "blocks").mkdir()
    shutil.copy(REPO / "blocks" / "_params.yaml", root / "blocks" / "_params.yaml")
    (root / "configs").mkdir()
    source = root / "in.txt"
    source.write_text("\n".join(text_lines), encoding="utf-8")
    try:
        import_document(source, root, name="fuzz")
    except DrafterError:
        assert not (root / "configs" / "fuzz.yaml").exists()
        assert not (root / "blocks" / "imported" / "fuzz").exists()
        return
    expected = [line for line in lines_of(read_path(source).document) if line.strip()]
    rebuilt = [line for line in render(root / "configs" / "fuzz.yaml", fmt="txt", draft=True).data
               .decode("utf-8").splitlines() if line.strip()]
    assert rebuilt == expected


# -- random bytes into every command ------------------------------------------------------------------
def _mutations(data: bytes):
    """Random damage to real bytes: flipped, cut, duplicated and inserted runs."""
    return st.lists(st.tuples(st.sampled_from(["flip", "cut", "dup", "insert"]), st.integers(0, max(len(data) - 1, 0)),
                              st.binary(min_size=1, max_size=8)), min_size=1, max_size=4).map(
        lambda ops: _apply(data, ops))


def _apply(data: bytes, ops) -> bytes:
    out = bytearray(data)
    for op, at, blob in ops:
        at = min(at, len(out))
        if op == "flip" and out:
            out[at % len(out)] ^= blob[0] or 1
        elif op == "cut":
            del out[at:at + len(blob) * 50]
        elif op == "dup":
            out[at:at] = out[at:at + 64]
        else:
            out[at:at] = blob
    return bytes(out)


CONFIG_BYTES = (REPO / "configs" / "gov-integrity-2023.yaml").read_bytes()
BLOCK_BYTES = (REPO / "blocks" / "纪律建设.yaml").read_bytes()


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), _mutations(CONFIG_BYTES)))
def test_random_bytes_as_a_config(ws, data, monkeypatch):
    monkeypatch.chdir(ws)
    (ws / "configs" / "bytes.yaml").write_bytes(data)
    _clean(CliRunner().invoke(app, ["build", "configs/bytes.yaml", "--draft", "-f", "txt", "-o", "out.txt"]))


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), _mutations(BLOCK_BYTES)))
def test_random_bytes_as_a_block_file(ws, data, monkeypatch):
    block_file = ws / "blocks" / "纪律建设.yaml"
    monkeypatch.chdir(ws)
    block_file.write_bytes(data)
    try:
        _clean(CliRunner().invoke(app, ["build", "configs/gov-integrity-2023.yaml", "-f", "txt", "-o", "out.txt"]))
    finally:
        block_file.write_bytes(BLOCK_BYTES)


SEED_TXT = (REPO.parent / "shared" / "seeds" / "gov-integrity-2022.txt").read_bytes()


def _docx_bytes() -> bytes:
    return render(REPO / "configs" / "gov-integrity-2023.yaml", fmt="docx").data


DOCX = _docx_bytes()


def _damaged_docx_part(data: bytes):
    """A valid zip whose document.xml (or another part) is damaged."""
    def damage(args):
        part, ops = args
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                body = src.read(info)
                dst.writestr(info.filename, _apply(body, ops) if info.filename == part else body)
        return out.getvalue()

    parts = ["word/document.xml", "word/styles.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"]
    return st.tuples(st.sampled_from(parts), st.lists(st.tuples(
        st.sampled_from(["flip", "cut", "dup", "insert"]), st.integers(0, 20000), st.binary(min_size=1, max_size=6)),
        min_size=1, max_size=3)).map(damage)


@FUZZ
@given(data=st.one_of(st.binary(max_size=300), _mutations(SEED_TXT)), suffix=st.sampled_from([".txt", ".docx"]))
def test_random_bytes_imported(tmp_path_factory, data, suffix, monkeypatch):
    root = tmp_path_factory.mktemp("imb")
    (root / "blocks").mkdir()
    (root / "configs").mkdir()
    (root / "in" ).mkdir()
    (root / "in" / f"x{suffix}").write_bytes(data)
    monkeypatch.chdir(root)
    _clean(CliRunner().invoke(app, ["import", f"in/x{suffix}", "--name", "x"]))


# a whole docx as the argument: hypothesis warns that describing the example makes a long repr
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@FUZZ
@given(data=st.one_of(_mutations(DOCX), _damaged_docx_part(DOCX)))
def test_damaged_docx_imported(tmp_path_factory, data, monkeypatch):
    root = tmp_path_factory.mktemp("dmg")
    (root / "blocks").mkdir()
    (root / "configs").mkdir()
    (root / "x.docx").write_bytes(data)
    monkeypatch.chdir(root)
    _clean(CliRunner().invoke(app, ["import", "x.docx", "--name", "x"]))
