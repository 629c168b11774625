"""Rendering tests: build the example config, let LibreOffice lay it out, measure the PDF.

The layout is checked on the rendering, never by reading our own XML settings back:
a docx can declare a 28 mm margin and a 22-line grid and still lay out differently
(grid type, compressed punctuation, widow control …). The shared script
``shared/tools/measure_layout.py`` converts the docx with LibreOffice and measures the PDF.

The script runs as a subprocess with ``sys.executable``: it imports pdfplumber, whose
deprecation warnings would otherwise turn into errors under ``filterwarnings = error``.
Conversion takes a couple of seconds, so it happens once per session and every
layout test asserts on the same measurement.

Without ``soffice`` or pdfplumber the LibreOffice tests are skipped, unless
``DRAFTER_REQUIRE_RENDER=1`` (set by CI), in which case they fail: CI must not
pass by silently skipping the only check of the real layout.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pytest

import drafter

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "configs" / "gov-party-group-party-building-2022.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def shared_dir() -> Path:
    """The shared, read-only material: $DRAFTER_SHARED, else ../shared beside the repo."""
    env = os.environ.get("DRAFTER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def skip_or_fail(reason: str) -> None:
    """Skip for a missing prerequisite, or fail when DRAFTER_REQUIRE_RENDER=1 (CI)."""
    if os.environ.get("DRAFTER_REQUIRE_RENDER") == "1":
        pytest.fail(f"{reason} (DRAFTER_REQUIRE_RENDER=1, so this is an error, not a skip)", pytrace=False)
    pytest.skip(reason)


def render_prerequisites() -> tuple[Path, Path]:
    """Return (measure script, fonts.conf), or skip/fail saying what is missing."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        skip_or_fail("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")
    # find_spec checks the package is installed without importing it (no warnings here)
    if importlib.util.find_spec("pdfplumber") is None:
        skip_or_fail("pdfplumber is not installed: pip install -e '.[test]'")
    tools = shared_dir() / "tools"
    script, fonts_conf = tools / "measure_layout.py", tools / "fonts.conf"
    for path in (script, fonts_conf):
        if not path.is_file():
            skip_or_fail(f"{path} not found: set DRAFTER_SHARED to the shared folder")
    return script, fonts_conf


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def built_docx(tmp_path_factory) -> Path:
    """The example config built once, in-process, to a docx (draft: its figures are blank)."""
    out = tmp_path_factory.mktemp("render") / "example.docx"
    drafter.build(CONFIG, fmt="docx", output=out, draft=True)
    return out


@pytest.fixture(scope="session")
def layout(built_docx, tmp_path_factory) -> dict:
    """The measure script's JSON for the built docx, converted with LibreOffice once per session."""
    script, fonts_conf = render_prerequisites()
    work = tmp_path_factory.mktemp("lo")
    # FONTCONFIG_FILE maps the official font names (仿宋_GB2312 …) to the free fonts on this machine;
    # a private profile keeps us off the user's LibreOffice profile and away from parallel runs.
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts_conf))
    proc = subprocess.run(
        [sys.executable, str(script), str(built_docx), "--profile", str(work / "profile")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"measure_layout.py exited {proc.returncode}:\n{proc.stderr[-2000:]}"
    result = json.loads(proc.stdout)
    # The script reports conversion/measurement errors in the JSON instead of crashing.
    assert "error" not in result, f"conversion or measurement failed: {result['error']}"
    return result


# --------------------------------------------------------------------------- layout (LibreOffice)


@pytest.mark.render
def test_more_than_one_page(layout):
    # a one-page document would make "full pages" and the even-page number meaningless
    assert layout["pages"] > 1


@pytest.mark.render
def test_22_lines_on_full_pages(layout):
    # lines_per_page: median over full pages (all but the last); max: no page holds more than the grid
    detail = f"per page: {layout['lines_per_page_by_page']}, warnings: {layout['warnings']}"
    assert layout["lines_per_page"] == 22, detail
    assert layout["lines_per_page_max"] == 22, detail


@pytest.mark.render
def test_28_characters_on_full_lines(layout):
    assert layout["full_lines_measured"] > 0
    assert layout["chars_per_line"] == 28, f"histogram: {layout['chars_per_line_hist']}"


@pytest.mark.render
def test_margins_and_text_width(layout):
    margins = layout["margins_mm"]
    assert margins["left"] == pytest.approx(28, abs=1)
    assert margins["text_width"] == pytest.approx(156, abs=1)
    assert margins["right"] == pytest.approx(26, abs=1)


@pytest.mark.render
def test_odd_page_number_right_one_character_in(layout):
    odd = layout["page_numbers"]["by_parity"]["odd"]
    assert odd["texts"][0] == "— 1 —"
    assert odd["align"] == "right"
    # "about one character": the same tolerance as the measure script's own GB/T 9704 check
    assert 0.6 <= odd["gap_to_text_edge_chars"] <= 1.4


@pytest.mark.render
def test_even_page_number_left_one_character_in(layout):
    even = layout["page_numbers"]["by_parity"]["even"]
    assert even["texts"][0] == "— 2 —"
    assert even["align"] == "left"
    assert 0.6 <= even["gap_to_text_edge_chars"] <= 1.4


# --------------------------------------------------------------------------- the docx itself (no LibreOffice)


def style_east_asia_fonts(docx_path: Path) -> dict[str, str | None]:
    """Style name -> declared eastAsia font, following w:basedOn like Word does."""
    with zipfile.ZipFile(docx_path) as z:
        root = ET.fromstring(z.read("word/styles.xml"))
    default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    by_id = {s.get(W + "styleId"): s for s in root.findall(W + "style")}

    def east_asia(style, seen=()):
        fonts = style.find(f"{W}rPr/{W}rFonts")
        if fonts is not None and fonts.get(W + "eastAsia"):
            return fonts.get(W + "eastAsia")
        based = style.find(W + "basedOn")
        parent = by_id.get(based.get(W + "val")) if based is not None else None
        if parent is not None and parent not in seen:
            return east_asia(parent, (*seen, style))
        return default.get(W + "eastAsia") if default is not None else None

    return {s.find(W + "name").get(W + "val"): east_asia(s) for s in by_id.values() if s.find(W + "name") is not None}


def test_declared_fonts_are_the_official_names(built_docx):
    # The docx must name the official fonts (Word on the reader's machine has them);
    # the free substitutes are only this machine's fontconfig business.
    fonts = style_east_asia_fonts(built_docx)
    assert fonts.get("正文") == "仿宋_GB2312"
    assert fonts.get("一级标题") == "黑体"
    assert fonts.get("公文标题") == "方正小标宋简体"


def test_docx_reopens_with_the_txt_paragraphs(built_docx):
    paragraphs = [p.text for p in docx.Document(str(built_docx)).paragraphs if p.text.strip()]
    txt = drafter.render(CONFIG, fmt="txt", draft=True).data.decode("utf-8")
    lines = [line for line in txt.splitlines() if line.strip()]
    assert lines, "the txt output is empty"
    assert paragraphs == lines


# --------------------------------------------------------------------------- a long title (LibreOffice)

_TITLE_BASELINES = """
import json, sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    rows = {}
    for c in pdf.pages[0].chars:
        if round(c["size"]) == 22:
            rows.setdefault(round(c["bottom"], 1), []).append(c)
    print(json.dumps([[y, "".join(c["text"] for c in sorted(rows[y], key=lambda c: c["x0"])),
                       min(c["x0"] for c in rows[y]), max(c["x1"] for c in rows[y])] for y in sorted(rows)]))
"""


@pytest.mark.render
def test_long_title_is_a_centred_trapezoid_on_consecutive_lines(tmp_path):
    """The two-line title of an example: each line centred, the upper one longer, one line pitch apart."""
    script, fonts_conf = render_prerequisites()
    out = tmp_path / "title.docx"
    drafter.build(REPO / "configs" / "gov-integrity-2023.yaml", fmt="docx", output=out)
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts_conf))
    measured = subprocess.run(
        [sys.executable, str(script), str(out), "--profile", str(tmp_path / "profile"), "--keep-pdf", str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert measured.returncode == 0, measured.stderr[-2000:]
    layout = json.loads(measured.stdout)
    assert layout["lines_per_page"] == 22 and layout["chars_per_line"] == 28
    rows = json.loads(subprocess.run([sys.executable, "-c", _TITLE_BASELINES, str(tmp_path / "title.pdf")],
                                     capture_output=True, text=True, check=True).stdout)
    assert [text for _, text, _, _ in rows] == ["2023年县政府系统党风廉政建设", "和反腐败工作要点"]
    (y1, _, a0, a1), (y2, _, b0, b1) = rows
    assert y2 - y1 == pytest.approx(28.95, abs=1.0)  # one line pitch, not two grid cells
    assert (a1 - a0) > (b1 - b0)  # a trapezoid: the upper line is longer
    assert (a0 + a1) / 2 == pytest.approx((b0 + b1) / 2, abs=2)  # both centred on the same axis
