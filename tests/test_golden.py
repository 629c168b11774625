"""Reviewed goldens: for each config in configs/, the model dump and the docx's XML parts.

``tests/golden/<config>/model.txt`` has one paragraph per line — path, role, label, text
(values marked ⟦参数=值⟧, blanks ⟦**参数⟧) and origin — and ``document.xml`` / ``styles.xml``
are the docx parts, pretty-printed. A change to the output shows up here as a diff a
person reads: ``pytest --update-golden`` rewrites the files, then review ``git diff
tests/golden`` before committing (pandoc's ``--accept`` workflow).
"""

from __future__ import annotations

import difflib
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from lxml import etree

from conftest import REPO
from drafter import load_config, load_library
from drafter.assembler import assemble
from drafter.builder import writer_options
from drafter.flow import flow
from drafter.model import Blank, Text, Value
from drafter.writers.docx import write_docx

GOLDEN = Path(__file__).parent / "golden"
CONFIGS = sorted((REPO / "configs").glob("*.yaml"))
PARTS = ("word/document.xml", "word/styles.xml")


def marked(text: Text) -> str:
    """Text with its values and blanks visible."""
    out = []
    for part in text.parts:
        if isinstance(part, Value):
            out.append(f"⟦{part.param}={part.text}⟧")
        elif isinstance(part, Blank):
            out.append(f"⟦**{part.name}⟧")
        else:
            out.append(part)
    return "".join(out)


def model_dump(doc) -> str:
    """One line per paragraph: path, role, label, text, origin (tab-separated)."""
    lines = [f"# kind={doc.kind} year={doc.year} numbering={doc.numbering.items.value}"
             f" restart={doc.numbering.restart}"]
    for line in flow(doc):
        origin = line.origin
        where = ""
        if origin is not None:
            where = f"{origin.file}:{origin.line}"
            if origin.block:
                where += f" {origin.block} @{origin.block_file}:{origin.block_line}"
        text = marked(line.title) + marked(line.body)
        lines.append("\t".join((line.path, line.role.value, line.label or "-", text, where)))
    return "\n".join(lines) + "\n"


def pretty_xml(data: bytes) -> str:
    return etree.tostring(etree.fromstring(data), pretty_print=True, encoding="unicode")


@pytest.fixture(scope="module")
def library():
    return load_library(REPO)


def _compare(path: Path, actual: str, update: bool) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run pytest --update-golden and review the new file")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            str(path.relative_to(REPO)), "built now", n=2))
        pytest.fail(f"output differs from the reviewed golden (pytest --update-golden, then review):\n{diff[:6000]}")


@pytest.mark.parametrize("config_path", CONFIGS, ids=lambda p: p.stem)
def test_golden(config_path, library, request):
    update = request.config.getoption("--update-golden")
    config = load_config(config_path, f"configs/{config_path.name}")
    doc = assemble(config, library, draft=True)
    folder = GOLDEN / config_path.stem
    _compare(folder / "model.txt", model_dump(doc), update)
    with zipfile.ZipFile(BytesIO(write_docx(doc, writer_options(config)))) as package:
        for part in PARTS:
            _compare(folder / Path(part).name, pretty_xml(package.read(part)), update)


def test_no_stray_goldens():
    """Every golden folder belongs to a config (a renamed config must not leave old files behind)."""
    if GOLDEN.is_dir():
        assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(p.stem for p in CONFIGS)
