"""`drafter build --format pdf`: the docx through LibreOffice, read back with pdfplumber.

The conversions need LibreOffice and are skipped without it, unless DRAFTER_REQUIRE_RENDER=1
(CI), where that is a failure (test_render.skip_or_fail). The tests of a missing, failing or
hanging LibreOffice use stand-in programs and run everywhere.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO, output_lines
from drafter.cli import app
from drafter.layout import FONT_SETS, PAGE_NUMBER_FONT
from drafter.writers import pdf as pdf_writer
from test_render import skip_or_fail

CONFIG = "configs/gov-party-group-party-building-2023.yaml"
PDF = "output/gov-party-group-party-building-2023.pdf"
PAGE_NUMBER = re.compile(r"^— (\d+) —$")


@pytest.fixture
def ws(tmp_path, monkeypatch):
    """A workspace with the shipped library and configs; temp files go to a folder of its own."""
    root = tmp_path / "ws"
    for name in ("blocks", "configs"):
        shutil.copytree(REPO / name, root / name)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    monkeypatch.chdir(root)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("DRAFTER_SOFFICE", raising=False)
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    return root


@pytest.fixture
def libreoffice():
    try:
        pdf_writer.find_soffice()
    except Exception:
        skip_or_fail("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")
    if importlib.util.find_spec("pdfplumber") is None:
        skip_or_fail("pdfplumber is not installed: pip install -e '.[test]'")


def build(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["build", *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def read_pdf(path: Path) -> tuple[list[str], dict[str, list[str]], dict[str, int]]:
    """(text of each page, {font: its FontFile* keys}, {font: characters set in it})."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    fonts: dict[str, list[str]] = {}
    used: dict[str, int] = {}
    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
        for page in pdf.pages:
            for ref in resolve1(resolve1(page.page_obj.resources).get("Font", {})).values():
                font = resolve1(ref)
                for part in resolve1(font.get("DescendantFonts")) or [font]:  # Type0 fonts: the CID font
                    descriptor = resolve1(resolve1(part).get("FontDescriptor")) or {}
                    fonts[font["BaseFont"].name] = sorted(k for k in descriptor if k.startswith("FontFile"))
            for char in page.chars:
                used[char["fontname"]] = used.get(char["fontname"], 0) + 1
    return pages, fonts, used


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


PUNCTUATION = r"[，。、；：！？“”‘’《》（）]"


def assert_in_order(paragraphs: list[str], pages: list[str], keep=lambda text: text) -> None:
    """Each paragraph's text, in order, in the pages' text (page numbers and line breaks out)."""
    body = keep(squeeze("".join(re.sub(r"(?m)^— \d+ —$", "", page) for page in pages)))
    at = 0
    for paragraph in paragraphs:
        found = body.find(keep(squeeze(paragraph)), at)
        assert found >= 0, f"not in the PDF (after position {at}): {paragraph}"
        at = found + len(keep(squeeze(paragraph)))


@pytest.mark.render
def test_build_pdf_text_pages_and_embedded_fonts(ws, libreoffice):
    out = build(CONFIG, "--format", "pdf")
    assert f"已生成 {ws / PDF}" in out
    pages, fonts, used = read_pdf(ws / PDF)
    build(CONFIG, "-f", "txt")
    paragraphs = output_lines((ws / "output" / "gov-party-group-party-building-2023.txt").read_bytes())

    # every paragraph of the document, in order, once the page numbers between pages are taken
    # out; punctuation aside (see test_no_punctuation_lost_at_line_ends)
    assert_in_order(paragraphs, pages, keep=lambda text: re.sub(PUNCTUATION, "", text))

    # plausible pages: at most 22 lines of 28 characters a page, each page numbered in turn
    chars = sum(len(p) for p in paragraphs)
    assert chars / (22 * 28) <= len(pages) <= chars / (22 * 28) * 1.6 + 1
    numbers = [int(m.group(1)) for page in pages for m in [PAGE_NUMBER.match(page.splitlines()[-1].strip())] if m]
    assert numbers == list(range(1, len(pages) + 1))

    # every font embedded; the body (仿宋_GB2312) in the serif substitute, not a sans fallback
    assert fonts and all(fonts.values()), fonts
    assert "NotoSerifCJK" in max(used, key=used.get), used


@pytest.mark.render
def test_no_punctuation_lost_at_line_ends(ws, libreoffice):
    """LibreOffice 7.4 lost full-width commas at the ends of justified lines of condensed
    characters; the PDF writer narrows them instead (writers.pdf.for_libreoffice)."""
    build(CONFIG, "-f", "pdf")
    build(CONFIG, "-f", "txt")
    paragraphs = output_lines((ws / "output" / "gov-party-group-party-building-2023.txt").read_bytes())
    assert_in_order(paragraphs, read_pdf(ws / PDF)[0])


@pytest.mark.render
def test_output_name_decides_pdf_and_is_reproducible(ws, tmp_path, libreoffice):
    build(CONFIG, "-o", "output/一.pdf")
    build(CONFIG, "-o", "output/二.pdf")
    first, second = (ws / "output" / "一.pdf").read_bytes(), (ws / "output" / "二.pdf").read_bytes()
    assert first.startswith(b"%PDF-")
    assert first == second  # LibreOffice's clock stamps are replaced
    assert b"/CreationDate(D:20230210000000" in first  # the config's 成文日期, as in the docx
    assert not list((tmp_path / "tmp").iterdir())  # the private profiles are gone


@pytest.mark.render
def test_rebuilding_a_hand_edited_pdf_is_refused(ws, libreoffice):
    build(CONFIG, "-f", "pdf")
    (ws / PDF).write_bytes((ws / PDF).read_bytes() + b"\n% annotated\n")
    out = build(CONFIG, "-f", "pdf", code=2)
    assert "在上次生成之后被修改过" in out


def test_no_libreoffice_on_path(ws, tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = build(CONFIG, "-f", "pdf", code=2)
    assert out.startswith("--format：生成 PDF 需要 LibreOffice，但没有找到它（soffice），未生成文件，")
    assert "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk" in out
    assert "DRAFTER_SOFFICE" in out
    assert not (ws / "output").exists()


def test_drafter_soffice_pointing_nowhere(ws, monkeypatch):
    monkeypatch.setenv("DRAFTER_SOFFICE", "/opt/没有/soffice")
    out = build(CONFIG, "-o", "output/要点.pdf", code=2)
    assert "环境变量 DRAFTER_SOFFICE 指向的「/opt/没有/soffice」不存在或不能运行，无法生成 PDF" in out
    assert not (ws / "output").exists()


def _stand_in(tmp_path: Path, body: str) -> Path:
    """A program in place of soffice: a shell script with *body*."""
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_libreoffice_failing(ws, tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_SOFFICE", str(_stand_in(tmp_path, "echo 'Error: source file could not be loaded'; exit 1")))
    out = build(CONFIG, "-f", "pdf", code=2)
    assert "LibreOffice 未能把文件转换为 PDF（退出码 1），未生成文件" in out
    assert "LibreOffice 的输出：Error: source file could not be loaded" in out
    assert not (ws / "output").exists()
    assert not list((tmp_path / "tmp").iterdir())  # the private profile and the docx are gone


def test_libreoffice_hanging_is_stopped(ws, tmp_path, monkeypatch):
    pid_file = tmp_path / "pid"
    # the stand-in starts a child, as soffice starts soffice.bin: both must be stopped
    script = _stand_in(tmp_path, f"sleep 60 & echo $! > {pid_file}; wait")
    monkeypatch.setenv("DRAFTER_SOFFICE", str(script))
    monkeypatch.setenv("DRAFTER_PDF_TIMEOUT", "1")
    started = time.monotonic()
    out = build(CONFIG, "-f", "pdf", code=2)
    assert time.monotonic() - started < 30
    assert "LibreOffice 在 1 秒内没有完成转换，已停止它，未生成文件" in out
    assert "DRAFTER_PDF_TIMEOUT" in out
    child = int(pid_file.read_text())
    for _ in range(50):  # killed at once; reaped by init a moment later
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        if Path(f"/proc/{child}/stat").read_text().split(") ")[1].startswith("Z"):
            break
        time.sleep(0.1)
    else:
        pytest.fail("the stand-in's child is still running")
    assert not list((tmp_path / "tmp").iterdir())
    assert not (ws / "output").exists()


def test_bad_timeout_value(ws, monkeypatch):
    monkeypatch.setenv("DRAFTER_PDF_TIMEOUT", "两分钟")
    monkeypatch.setenv("DRAFTER_SOFFICE", "sh")
    out = build(CONFIG, "-f", "pdf", code=2)
    assert "环境变量 DRAFTER_PDF_TIMEOUT 的值「两分钟」不是有效的秒数" in out


def test_every_layout_font_has_a_substitute():
    """A font the docx writer names but the PDF font map lacks would come out in a fallback face."""
    mapped = {name for names, _, _ in pdf_writer.FONT_STYLES.values() for name in names}
    named = {PAGE_NUMBER_FONT} | {font for fonts in FONT_SETS.values()
                                  for font in (fonts.title, fonts.body, fonts.level1, fonts.level2)}
    assert named <= mapped
    assert "<string>仿宋_GB2312</string>" in pdf_writer.fontconfig()
