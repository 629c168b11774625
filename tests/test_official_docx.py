"""The official document in Word, checked where it counts: in the docx XML, and on the pages
LibreOffice lays out (positions in mm, read from the PDF with pdfplumber).

The example ``configs/gov-party-group-party-building-2023-notice.yaml`` is the whole thing: a
红头 (标志, 字号, red rule), a 印发通知 with 主送, 附件说明, 署名 and date, the 要点 as 附件1, the
任务分解表 as 附件2 on landscape pages, and a 版记 on the last, even page. The numbers are GB/T
9704-2012's (shared/spec/gbt9704.md): the 版心 is 156 × 225 mm, 28 mm from the left and 37 mm
from the top of an A4 page.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from conftest import REPO
import drafter
from drafter.writers import pdf as pdf_writer
from test_render import skip_or_fail

CONFIG = REPO / "configs" / "gov-party-group-party-building-2023-notice.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 25.4 / 72  # PDF points → mm
LEFT, RIGHT, TOP, BOTTOM = 28.0, 28.0 + 156.0, 37.0, 37.0 + 225.0  # the 版心 on a portrait page
LINE = 225.0 / 22  # one line of the grid, mm
CHAR_4HAO = 14 * MM  # one 4号 character, mm
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")


def needs_libreoffice() -> None:
    try:
        pdf_writer.find_soffice()
    except Exception:
        skip_or_fail("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")
    if importlib.util.find_spec("pdfplumber") is None:
        skip_or_fail("pdfplumber is not installed: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("official") / "notice.docx"
    drafter.build(CONFIG, fmt="docx", output=out)
    return out


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[dict]:
    """Each page of the example's PDF: size, text lines (chars grouped by top) and rules, in mm."""
    needs_libreoffice()
    out = tmp_path_factory.mktemp("official-pdf") / "notice.pdf"
    drafter.build(CONFIG, fmt="pdf", output=out)
    return read_pages(out)


def read_pages(path: Path) -> list[dict]:
    import pdfplumber

    result = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            rows: dict[float, list[dict]] = {}
            for char in page.chars:
                rows.setdefault(round(char["top"], 0), []).append(char)
            lines = []
            for _, chars in sorted(rows.items()):
                chars.sort(key=lambda c: c["x0"])
                lines.append({
                    "text": "".join(c["text"] for c in chars), "top": chars[0]["top"] * MM,
                    "bottom": chars[0]["bottom"] * MM, "x0": chars[0]["x0"] * MM, "x1": chars[-1]["x1"] * MM,
                    "size": chars[0]["size"], "font": chars[0]["fontname"],
                    "color": tuple(chars[0].get("non_stroking_color") or ()), "chars": chars,
                })
            rules = [{"top": r["top"] * MM, "x0": r["x0"] * MM, "x1": r["x1"] * MM, "width": r.get("linewidth"),
                      "color": tuple(r.get("stroking_color") or ())} for r in page.lines]
            result.append({"width": page.width * MM, "height": page.height * MM, "lines": lines, "rules": rules,
                           "text": page.extract_text()})
    return result


def line_with(page: dict, fragment: str) -> dict:
    for line in page["lines"]:
        if fragment in line["text"]:
            return line
    raise AssertionError(f"no line with {fragment!r}: {[l['text'] for l in page['lines']]}")


def page_number(page: dict) -> int | None:
    for line in page["lines"]:
        found = PAGE_NUMBER.match(line["text"])
        if found:
            return int(found[1])
    return None


def xml(path: Path, part: str = "word/document.xml"):
    return etree.fromstring(zipfile.ZipFile(path).read(part))


# -- 版头 -------------------------------------------------------------------------------------
@pytest.mark.render
def test_organ_is_red_centred_and_35_mm_below_the_top_of_the_text_area(pages):
    organ = line_with(pages[0], "中共永昌县人民政府党组文件")
    assert organ["text"] == "中共永昌县人民政府党组文件"
    assert organ["color"] == (1, 0, 0)
    assert (organ["x0"] + organ["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1.0)
    # the line's top is 35 mm down; the glyphs' em box sits up to 0.2 em higher, by the font's descent
    em = organ["size"] * MM
    assert TOP + 35 - 0.2 * em - 0.3 <= organ["top"] <= TOP + 35 + 0.3
    assert organ["x1"] - organ["x0"] <= 156.5, "the 标志 stays on one line of the 版心"


@pytest.mark.render
def test_doc_number_two_lines_below_the_organ_and_the_red_rule_4_mm_below_it(pages):
    page = pages[0]
    organ = line_with(page, "中共永昌县人民政府党组文件")
    number = line_with(page, "县政党发")
    assert number["text"] == "县政党发〔2023〕5号"
    assert (number["x0"] + number["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1.0)
    # 下空二行: two empty grid lines between the 标志 and the 字号
    assert 2 * LINE <= number["top"] - organ["bottom"] <= 3 * LINE
    red = [r for r in page["rules"] if r["color"][:3] == (1, 0, 0)]
    assert len({round(r["top"], 1) for r in red}) == 1, red
    rule = red[0]
    assert rule["top"] - number["bottom"] == pytest.approx(4.0, abs=0.5)
    assert rule["x0"] == pytest.approx(LEFT, abs=0.3) and rule["x1"] == pytest.approx(RIGHT, abs=0.3)
    title = line_with(page, "关于印发")
    assert 2 * LINE - 1 <= title["top"] - rule["top"] <= 3 * LINE, "the title two lines below the rule"


# -- the notice -------------------------------------------------------------------------------
@pytest.mark.render
def test_notice_recipients_flush_left_and_attachment_note_aligned(pages):
    page = pages[0]
    recipients = line_with(page, "各乡镇党委")
    assert recipients["x0"] == pytest.approx(LEFT, abs=0.3) and recipients["text"].endswith("：")
    first = line_with(page, "附件：1.")
    body_char = (RIGHT - LEFT) / 28
    assert first["x0"] == pytest.approx(LEFT + 2 * body_char, abs=0.5), "附件 two characters in"
    one = next(c for c in first["chars"] if c["text"] == "1")
    second = line_with(page, "2.2023年")
    assert second["x0"] == pytest.approx(one["x0"] * MM, abs=0.3), "the names line up under each other"
    issuer = next(line for line in page["lines"] if line["text"] == "中共永昌县人民政府党组")
    assert issuer["top"] > second["top"]
    assert re.fullmatch(r"2023年2月10日", line_with(page, "2月10日")["text"])


@pytest.mark.render
def test_attachment_page_label_flush_left_and_title_on_the_third_line(pages):
    page = next(p for p in pages if p["lines"] and p["lines"][0]["text"] == "附件1")
    label = page["lines"][0]
    assert label["x0"] == pytest.approx(LEFT, abs=0.3)
    assert label["top"] < TOP + LINE, "on the first line"
    assert "Sans" in label["font"], "附件1 in 黑体 (rendered with a sans font)"
    title = page["lines"][1]
    assert title["text"] == "2023年县政府党组党建工作要点"
    assert TOP + 2 * LINE - 1 <= title["top"] <= TOP + 3 * LINE, "the title on the third line"
    assert (title["x0"] + title["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1.0)


# -- 任务分解表 -------------------------------------------------------------------------------
@pytest.mark.render
def test_task_table_on_landscape_pages_with_its_header_repeated(pages):
    landscape = [p for p in pages if p["width"] > p["height"]]
    assert len(landscape) >= 2, "the example's table runs over more than one page"
    header = "序号工作任务牵头单位责任单位完成时限"
    for page in landscape:
        assert any(line["text"].replace(" ", "") == header for line in page["lines"]), page["text"][:200]
    first = landscape[0]
    assert first["lines"][0]["text"] == "附件2"
    assert first["lines"][1]["text"] == "2023年县政府党组党建工作要点任务分解表"
    cells = [line for line in first["lines"] if line["text"].startswith("1") and "旗帜鲜明讲政治" in line["text"]]
    assert cells and cells[0]["size"] == 14, "4号 in the cells"
    assert "Serif" in cells[0]["chars"][-1]["fontname"], "仿宋 (a serif stand-in) in the cells"
    portrait = [p for p in pages if p["width"] < p["height"]]
    assert portrait[-1] is pages[-1], "the 版记 page is portrait again"


# -- 版记 and page numbers --------------------------------------------------------------------
@pytest.mark.render
def test_imprint_on_the_last_even_page_at_the_bottom_of_the_text_area(pages):
    last = pages[-1]
    assert len(pages) % 2 == 0, "the 版记 is on an even page"
    texts = [line["text"] for line in last["lines"]]
    assert texts == ["抄送：县委办公室，县人大常委会办公室，县纪委监委。", "县政府党组办公室2023年2月10日印发"], texts
    rules = sorted(last["rules"], key=lambda r: r["top"])
    assert len(rules) == 3
    assert [r["width"] for r in rules] == pytest.approx([0.35 / MM, 0.25 / MM, 0.35 / MM], abs=0.05)
    for rule in rules:
        assert rule["x0"] == pytest.approx(LEFT, abs=0.3) and rule["x1"] == pytest.approx(RIGHT, abs=0.3)
    assert rules[-1]["top"] == pytest.approx(BOTTOM, abs=0.5), "the last rule on the bottom of the 版心"
    cc, printed = last["lines"]
    assert rules[0]["top"] < cc["top"] < rules[1]["top"] < printed["top"] < rules[2]["top"]
    assert cc["size"] == printed["size"] == 14
    assert cc["x0"] == pytest.approx(LEFT + CHAR_4HAO, abs=0.4), "抄送 one character in"
    assert printed["x0"] == pytest.approx(LEFT + CHAR_4HAO, abs=0.4), "印发机关 one character in"
    assert printed["x1"] == pytest.approx(RIGHT - CHAR_4HAO, abs=0.6), "印发日期 one character in from the right"


@pytest.mark.render
def test_page_numbers_everywhere_but_on_the_imprint_page(pages):
    numbers = [page_number(page) for page in pages]
    assert numbers[:-1] == list(range(1, len(pages))), numbers
    assert numbers[-1] is None, "the 版记 page carries no number"


# -- the XML ----------------------------------------------------------------------------------
def test_docx_structure(built):
    root = xml(built)
    sections = root.findall(f".//{W}sectPr")
    orients = [s.find(f"{W}pgSz").get(f"{W}orient") for s in sections]
    assert orients == [None, "landscape", None], "portrait text, landscape table, portrait 版记"
    assert sections[-1].find(f"{W}type").get(f"{W}val") == "evenPage"
    tables = root.findall(f".//{W}body/{W}tbl")
    assert len(tables) == 1
    rows = tables[0].findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None, "the header row repeats"
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    head = ["".join(t.text for t in tc.iter(f"{W}t")) for tc in rows[0].findall(f"{W}tc")]
    assert head == ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]
    merged = rows[1].findall(f"{W}tc")
    assert len(merged) == 1 and merged[0].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "5"
    d = docx.Document(str(built))
    assert d.paragraphs[0].style.name == "发文机关标志"
    styles = xml(built, "word/styles.xml")
    organ = styles.find(f".//{W}style[@{W}styleId='DrafterOrgan']")
    assert organ.find(f".//{W}color").get(f"{W}val") == "FF0000"
    # the 版记 section's footers hold the 版记 and no page number
    last_refs = [r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                 for r in sections[-1].findall(f"{W}footerReference")]
    rels = etree.fromstring(zipfile.ZipFile(built).read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for rid in last_refs:
        footer = zipfile.ZipFile(built).read(f"word/{targets[rid]}").decode()
        assert "PAGE" not in footer and "抄送：" in footer


@pytest.mark.render
def test_signers_of_an_upward_document_on_the_doc_number_line(tmp_path):
    """上行文: 字号 one character in on the left, 签发人 on the same line one character in on the right."""
    needs_libreoffice()
    root = tmp_path / "ws"
    shutil.copytree(REPO / "blocks", root / "blocks")
    (root / "configs").mkdir()
    text = CONFIG.read_text(encoding="utf-8").replace(
        "  number: 县政党发〔{{ 年度 }}〕5号\n", "  number: 县政党发〔{{ 年度 }}〕5号\n  signers: [张三, 李四]\n")
    assert "signers" in text
    config = root / "configs" / "up.yaml"
    config.write_text(text, encoding="utf-8")
    out = tmp_path / "up.pdf"
    drafter.build(config, fmt="pdf", output=out)
    page = read_pages(out)[0]
    line = line_with(page, "县政党发")
    assert line["text"].replace(" ", "") == "县政党发〔2023〕5号签发人：张三\u3000李四"
    body_char = (RIGHT - LEFT) / 28
    assert line["x0"] == pytest.approx(LEFT + body_char, abs=0.5)
    assert line["x1"] == pytest.approx(RIGHT - body_char, abs=0.5)
    built = tmp_path / "up.docx"
    drafter.build(config, fmt="docx", output=built)
    runs = xml(built).findall(f".//{W}r")
    names = next(r for r in runs if "".join(t.text for t in r.iter(f"{W}t")) == "张三\u3000李四")
    assert names.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "楷体_GB2312", "the names in 3号楷体 (7.2.5)"


def test_task_table_rows_are_python_docx_s_add_row_and_merge():
    """docx_official._Rows copies one row of each kind instead of python-docx's add_row() and
    merge() for every row: the rows must be exactly what those make."""
    import docx
    from lxml import etree

    from drafter.writers.docx_official import _Rows

    def table():
        t = docx.Document().add_table(rows=0, cols=5)
        for col, w in zip(t._tbl.tblGrid.gridCol_lst, (600, 4000, 1500, 1500, 1200)):
            col.set(W + "w", str(w))
        return t

    by_docx, by_rows = table(), table()
    new_row = _Rows(by_rows)
    for merged in (False, True, False, False, True):
        row = by_docx.add_row()
        if merged:
            cells = row.cells
            cells[0].merge(cells[-1])
        new_row(merged)
    assert etree.tostring(by_rows._tbl) == etree.tostring(by_docx._tbl)
    assert [len(r.cells) for r in by_rows.rows] == [5, 5, 5, 5, 5]  # a merged row still spans the grid
