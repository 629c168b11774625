"""The PDF reader: paragraphs rebuilt from where the characters are printed, page furniture
taken out, and the seeds read back from PDFs that LibreOffice made.

Two kinds of PDF are used. Small ones are written here by hand (:func:`make_pdf`: text at given
places in a font with a character map, rules, a picture, encryption), so that every rule of the
reader is tested on its own and without LibreOffice. The seeds and the example configs are made
into PDFs by LibreOffice (skipped without it, a failure with DRAFTER_REQUIRE_RENDER=1).
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
import zipfile
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO, SEEDS, output_lines, seed_as_imported
from drafter import render
from drafter import soffice as lo
from drafter.cli import app
from drafter.errors import ReadError
from drafter.importer import import_document
from drafter.readers import read_path
from drafter.readers import pdf as pdf_reader
from drafter.readers.pdf import read_pdf
from drafter.writers.txt import text_lines

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
SEED_CONFIGS = [name.replace(".txt", "") for name in SEED_NAMES]  # configs/<seed>.yaml rebuilds each seed


def lines_of(result) -> list[str]:
    return [line.strip() for line in text_lines(result.document) if line.strip()]


def texts(result) -> list[str]:
    return [p.text for p in result.paragraphs]


# -- writing small PDFs -------------------------------------------------------------------------------
def _to_unicode_cmap() -> bytes:
    """A ToUnicode CMap mapping every two-byte code to the same Unicode character."""
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256)]
    blocks = []
    for start in range(0, 256, 100):
        chunk = ranges[start:start + 100]
        blocks.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + "\n".join(blocks) +
            "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode("ascii")


def make_pdf(pages: list[dict], *, encrypt: bool = False) -> bytes:
    """A PDF of *pages*, each a dict with

    - ``size``: (width, height), A4 portrait by default
    - ``texts``: (x, top, size, text[, options]) — text set from x with its top at *top* (both in
      points from the top left), Chinese characters one em wide and ASCII half an em; options:
      ``matrix`` (a, b, c, d) to turn the text (then ``y`` is the baseline), ``colour`` (r, g, b),
      ``font`` "F2" for a font without a character map (its text comes out as (cid:N))
    - ``rules``: (x1, top1, x2, top2) lines drawn
    - ``image``: True for a picture covering most of the page

    *encrypt* adds an encryption dictionary no empty password opens.
    """
    objects: list[bytes] = []

    def add(body) -> int:
        objects.append(body if isinstance(body, bytes) else body.encode("latin-1"))
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"

    to_unicode = add(stream(_to_unicode_cmap()))
    descendant = add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSong /CIDSystemInfo << /Registry (Adobe) "
                     "/Ordering (Identity) /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /TestSong "
                     "/Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 "
                     "/StemV 80 >> /DW 1000 /W [32 126 500] >>")
    font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H "
               f"/DescendantFonts [{descendant} 0 R] /ToUnicode {to_unicode} 0 R >>")
    unmapped = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H "
                   f"/DescendantFonts [{descendant} 0 R] >>")
    image = add(stream(b"\x80", "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                                "/BitsPerComponent 8 "))
    parent = add(b"")  # the page tree, filled in below
    kids = []
    for page in pages:
        width, height = page.get("size", (595, 842))
        ops = []
        for x, top, size, text, *rest in page.get("texts", []):
            options = rest[0] if rest else {}
            a, b, c, d = options.get("matrix", (1, 0, 0, 1))
            y = options.get("y", height - top - 0.88 * size)
            r, g, bl = options.get("colour", (0, 0, 0))
            code = "".join(f"{ord(ch):04X}" for ch in text)
            name = options.get("font", "F1")
            ops.append(f"BT {r} {g} {bl} rg /{name} {size} Tf {a} {b} {c} {d} {x} {y:.2f} Tm <{code}> Tj ET")
        for x1, t1, x2, t2 in page.get("rules", []):
            ops.append(f"0.5 w {x1} {height - t1} m {x2} {height - t2} l S")
        if page.get("image"):
            ops.append("q 400 0 0 600 100 100 cm /Im1 Do Q")
        content = add(stream("\n".join(ops).encode("latin-1")))
        kids.append(add(f"<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 {width} {height}] /Resources "
                        f"<< /Font << /F1 {font} 0 R /F2 {unmapped} 0 R >> /XObject << /Im1 {image} 0 R >> >> /Contents {content} 0 R >>"))
    objects[parent - 1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    catalog = add(f"<< /Type /Catalog /Pages {parent} 0 R >>")
    trailer = f"<< /Size {len(objects) + 2 if encrypt else len(objects) + 1} /Root {catalog} 0 R"
    if encrypt:
        secret = add("<< /Filter /Standard /V 1 /R 2 /O <" + "11" * 32 + "> /U <" + "22" * 32 + "> /P -4 >>")
        trailer += f" /Encrypt {secret} 0 R /ID [<{'ab' * 16}> <{'ab' * 16}>]"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# A 公文 page: text 28 characters of 16 pt wide from x = 80, lines 29 pt apart.
LEFT, SIZE, CHARS, PITCH = 80.0, 16.0, 28, 29.0
RIGHT = LEFT + CHARS * SIZE


def width(text: str, size: float = SIZE) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text) * size


def wrap(text: str, *, indent: bool = True) -> list[tuple[float, str]]:
    """A paragraph set as drafter's docx is: (x, line) for each line, the first indented two characters."""
    lines, line, x = [], "", LEFT + (2 * SIZE if indent else 0)
    for ch in text:
        if x + width(line + ch) > RIGHT + 0.01:
            lines.append((x, line))
            line, x = "", LEFT
        line += ch
    lines.append((x, line))
    return lines


class Pages:
    """Lays paragraphs out on pages, breaking pages after *per_page* lines and numbering them — 1 —."""

    def __init__(self, per_page: int = 22, numbers: str | None = "— {n} —", top: float = 100.0) -> None:
        self.pages: list[dict] = [{"texts": []}]
        self.per_page, self.numbers, self.first = per_page, numbers, top
        self.top, self.count = top, 0

    def line(self, x: float, text: str, size: float = SIZE, **options) -> None:
        if self.count == self.per_page:
            self.pages.append({"texts": []})
            self.top, self.count = self.first, 0
        self.pages[-1]["texts"].append((x, self.top, size, text, options) if options else (x, self.top, size, text))
        self.top += PITCH
        self.count += 1

    def paragraph(self, text: str, *, indent: bool = True) -> None:
        for x, line in wrap(text, indent=indent):
            self.line(x, line)

    def centred(self, text: str, size: float = 22.0, **options) -> None:
        self.line((LEFT + RIGHT - width(text, size)) / 2, text, size, **options)

    def pdf(self, **kwargs) -> bytes:
        for n, page in enumerate(self.pages, start=1):
            if self.numbers:
                label = self.numbers.format(n=n, total=len(self.pages))
                x = RIGHT - width(label, 14) - 16 if n % 2 else LEFT + 16
                page["texts"].append((x, 770, 14, label))
        return make_pdf(self.pages, **kwargs)


PREAMBLE = ("2023年县政府党组党建工作的总体要求是：坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，"
            "以高质量党建引领高质量发展，以优异成绩推动各项工作落实。")
ITEMS = [
    "1.旗帜鲜明讲政治。认真贯彻《中共中央关于加强党的政治建设的意见》，把党的政治建设摆在首位，坚决落实中央决策部署，"
    "自觉把对党和人民的绝对忠诚贯穿在政府工作的全过程、各领域。",
    "2.严守纪律讲规矩。严守党的政治纪律和政治规矩，坚决服从县委统一领导，认真执行县委决议决定，确保政府各项工作始终沿着"
    "正确政治方向不偏离。全面推进依法行政，不断提升运用法治思维推动发展、解决问题的能力和水平。",
    "3.压实责任抓落实。认真履行管党治党政治责任，把党建工作与业务工作同部署、同落实、同检查、同考核。",
]
DOCUMENT = ["2023年县政府党组党建工作要点", PREAMBLE, "一、聚焦“两个确立”，全面加强党的政治建设", *ITEMS,
            "县政府党组", "2023年2月10日"]


def layout(numbers: str | None = "— {n} —", per_page: int = 12) -> Pages:
    """DOCUMENT set as a 公文: centred title, indented paragraphs, 署名 and date to the right."""
    pages = Pages(per_page=per_page, numbers=numbers)
    pages.centred(DOCUMENT[0])
    pages.line(LEFT, "")  # the blank line under the title
    for text in DOCUMENT[1:-2]:
        pages.paragraph(text)
    pages.line(RIGHT - 4 * SIZE - width("县政府党组") - SIZE, "县政府党组")
    pages.line(RIGHT - 4 * SIZE - width("2023年2月10日"), "2023年2月10日")
    return pages


# -- paragraphs from positions -------------------------------------------------------------------------
def test_paragraphs_rebuilt_across_lines_and_pages():
    pages = layout()
    assert len(pages.pages) >= 2
    result = read_pdf(pages.pdf(), "要点.pdf")
    assert texts(result) == DOCUMENT
    assert [p.title for p in result.paragraphs] == [True] + [False] * (len(DOCUMENT) - 1)
    doc = result.document
    assert str(doc.title) == DOCUMENT[0]
    assert [str(s.heading) for s in doc.sections] == ["聚焦“两个确立”，全面加强党的政治建设"]
    assert [str(i.title) for i in doc.sections[0].items] == ["旗帜鲜明讲政治。", "严守纪律讲规矩。", "压实责任抓落实。"]
    assert str(doc.signature.date) == "2023年2月10日"
    assert result.findings == []


def test_a_paragraph_broken_by_a_page_is_joined():
    # 11 lines on the first page: item 2 starts at its foot and goes on over the page
    pages = layout(per_page=11)
    first, second = pages.pages[0]["texts"], pages.pages[1]["texts"]
    assert first[-1][3] + second[0][3] in ITEMS[1] and second[0][0] == LEFT
    assert texts(read_pdf(pages.pdf(), "要点.pdf")) == DOCUMENT


@pytest.mark.parametrize("label", ["— {n} —", "-{n}-", "- {n} -", "{n}", "第{n}页", "第 {n} 页 共 {total} 页",
                                   "{n}/{total}", "Page {n} of {total}", "·{n}·"])
def test_page_numbers_are_taken_out(label):
    result = read_pdf(layout(numbers=label).pdf(), "要点.pdf")
    assert texts(result) == DOCUMENT


def test_running_headers_and_footers_are_taken_out():
    pages = layout(per_page=6)
    assert len(pages.pages) == 3
    for n, page in enumerate(pages.pages, start=1):
        page["texts"].insert(0, (LEFT, 50, 10.5, "某某县人民政府党组文件"))
        page["texts"].append((LEFT, 745, 10.5, f"内部资料 注意保存 第{n}册"))
    result = read_pdf(pages.pdf(), "要点.pdf")
    assert texts(result) == DOCUMENT


def test_text_repeated_in_the_body_is_kept():
    """Only the first and last lines of a page can be running headers: the same heading in the
    middle of every page, at the same height, stays."""
    pages = Pages(per_page=7, numbers=None)
    for _ in range(3):
        for text in ("甲。", "乙。", "丙。", "一、加强党的建设", "丁。", "戊。", "己。"):
            pages.paragraph(text)
    result = read_pdf(pages.pdf(), "a.pdf")
    assert texts(result).count("一、加强党的建设") == 3


def test_an_unindented_numbered_line_after_a_full_sentence_opens_a_paragraph():
    first = "一二三四五六七八九十一二三四五六七八九十一二三四五六。"  # 26 characters: a full first line
    second = "2.二三四五六七八九十一二三四五六七八九十一二三四五六七。"  # full, from the left edge
    pages = Pages(numbers=None)
    pages.paragraph(first)
    pages.line(LEFT, second)  # not indented, but opens item 2
    pages.line(LEFT, "一是内容。二是内容。")  # 一是 may well go on with a paragraph
    assert texts(read_pdf(pages.pdf(), "a.pdf")) == [first, second + "一是内容。二是内容。"]


def test_a_long_latin_word_carried_to_the_next_line_does_not_end_the_paragraph():
    pages = Pages(numbers=None)
    pages.line(LEFT + 2 * SIZE, "更多信息请访问网站：")  # ends early: the address did not fit
    pages.line(LEFT, "https://www.example.gov.cn/zwgk/2023/index.html，及时了解。")
    pages.line(LEFT + 2 * SIZE, "二、第二段。")
    assert texts(read_pdf(pages.pdf(), "a.pdf")) == [
        "更多信息请访问网站：https://www.example.gov.cn/zwgk/2023/index.html，及时了解。", "二、第二段。"]


def test_block_paragraphs_separated_by_space():
    """Paragraphs without first-line indents, set apart by space, as some offices write them."""
    pages = Pages(numbers=None)
    for text in ("第一段的文字，写满一整行还多一些，一直写到第二行才结束，这里就是结尾了", "第二段。"):
        for x, line in wrap(text, indent=False):
            pages.line(x, line)
        pages.top += 12  # space after each paragraph
    assert texts(read_pdf(pages.pdf(), "a.pdf")) == [
        "第一段的文字，写满一整行还多一些，一直写到第二行才结束，这里就是结尾了", "第二段。"]


def test_title_over_two_lines_is_one_title_and_the_red_masthead_is_none():
    pages = Pages(numbers=None)
    pages.centred("某某县人民政府文件", size=34, colour=(1, 0, 0))
    pages.centred("关于印发《2023年县政府党组党建")
    pages.centred("工作要点》的通知")
    pages.paragraph("各乡镇党委：")
    pages.paragraph(PREAMBLE)
    result = read_pdf(pages.pdf(), "a.pdf")
    assert [(p.text, p.title) for p in result.paragraphs] == [
        ("某某县人民政府文件", False), ("关于印发《2023年县政府党组党建工作要点》的通知", True), ("各乡镇党委：", False),
        (PREAMBLE, False)]


def test_spaces_only_between_latin_words():
    pages = Pages(numbers=None)
    pages.line(LEFT + 2 * SIZE, "积极通过“社区E家”信息平台，Type X 型号，增长6.5%。")
    full = "一" * 22 + "与 open"  # 25½ characters after the indent: full
    pages.line(LEFT + 2 * SIZE, full)
    pages.line(LEFT, "source 社区合作。通 知")
    pages.line(LEFT + 2 * SIZE, "⼀、⽂件学习")  # Kangxi radicals, as some PDF makers write 一 and 文
    assert texts(read_pdf(pages.pdf(), "a.pdf")) == [
        "积极通过“社区E家”信息平台，Type X 型号，增长6.5%。", full + " source 社区合作。通知", "一、文件学习"]


def test_fake_bold_printed_twice_is_read_once():
    page = {"texts": [(LEFT + 32, 100, 16, "一、加粗的标题"), (LEFT + 32.4, 100.3, 16, "一、加粗的标题"),
                      (LEFT + 32, 129, 16, "正文。")]}
    assert texts(read_pdf(make_pdf([page]), "a.pdf")) == ["一、加粗的标题", "正文。"]


def test_gap_between_latin_letters_is_a_space():
    """A PDF may place words apart without space characters."""
    pages = {"texts": [(LEFT + 32, 100, SIZE, "Type"), (LEFT + 32 + 2 * SIZE + 4, 100, SIZE, "X"),
                       (LEFT + 32 + 2.5 * SIZE + 4 + 3, 100, SIZE, "型"),  # a little gap, but Chinese after
                       (LEFT + 32, 129, SIZE, "2023"), (LEFT + 32 + 2 * SIZE + 4, 129, SIZE, "年")]}
    assert texts(read_pdf(make_pdf([pages]), "a.pdf")) == ["Type X型", "2023年"]


def test_landscape_page_and_turned_text():
    landscape = {"size": (842, 595), "texts": [(100, 100, 16, "附件2"), (100, 130, 16, "横向页面上的文字。")]}
    # a page whose text is turned a quarter: it runs upwards, the lines go from left to right
    turned = {"texts": [(100, 0, 16, "旋转的第一行文字。", {"matrix": (0, 1, -1, 0), "y": 100}),
                        (130, 0, 16, "旋转的第二行文字。", {"matrix": (0, 1, -1, 0), "y": 100})]}
    result = read_pdf(make_pdf([landscape, turned]), "a.pdf")
    assert texts(result) == ["附件2", "横向页面上的文字。", "旋转的第一行文字。", "旋转的第二行文字。"]


def test_diagonal_watermark_left_out_with_a_warning():
    page = {"texts": [(LEFT + 32, 100, 16, "正文第一段。"),
                      (200, 0, 40, "内部资料", {"matrix": (0.7071, 0.7071, -0.7071, 0.7071), "y": 300})]}
    result = read_pdf(make_pdf([page]), "a.pdf")
    assert texts(result) == ["正文第一段。"]
    assert [f.rule for f in result.findings] == ["import.turned-text"]
    assert "第1页有 4 个旋转或斜排的字" in result.findings[0].message


def test_table_left_out_with_a_warning_as_in_docx():
    rows = [110, 140, 170]
    cols = [LEFT, 250, RIGHT]
    rules = [(cols[0], t, cols[-1], t) for t in rows] + [(x, rows[0], x, rows[-1]) for x in cols]
    page = {"texts": [(LEFT + 32, 60, 16, "表格前的段落。"),
                      (LEFT + 4, 117, 16, "序号"), (254, 117, 16, "工作任务"),
                      (LEFT + 4, 147, 16, "1"), (254, 147, 16, "旗帜鲜明讲政治"),
                      (LEFT + 32, 200, 16, "表格后的段落。")], "rules": rules}
    result = read_pdf(make_pdf([page]), "a.pdf")
    assert texts(result) == ["表格前的段落。", "表格后的段落。"]
    assert [f.rule for f in result.findings] == ["import.table"]
    assert result.dropped == ["序号 | 工作任务\n1 | 旗帜鲜明讲政治"]


# -- PDFs without usable text, damaged, too big ---------------------------------------------------------
@pytest.fixture
def workspace(tmp_path, monkeypatch):
    for name in ("blocks", "configs", "schemas"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_import(path: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["import", str(path), *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def test_scanned_pdf_is_refused_clearly(workspace, tmp_path):
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(make_pdf([{"image": True}, {"image": True}]))
    out = run_import(scan, code=2)
    assert out.startswith(f"{scan}：这是扫描件（图片），没有可提取的文字，请用 OCR 软件")
    assert "另存为 .docx 或 .txt" in out
    assert not list((workspace / "configs").glob("扫描件*"))


def test_scanned_pages_among_text_pages_are_named():
    result = read_pdf(make_pdf([{"texts": [(LEFT + 32, 100, 16, "有文字的一页。")]}, {"image": True}, {"image": True}]),
                      "a.pdf")
    assert texts(result) == ["有文字的一页。"]
    assert [f.rule for f in result.findings] == ["import.scanned-page"]
    assert "第2、3页没有可提取的文字（是扫描的图片）" in result.findings[0].message


@pytest.mark.parametrize("data, message", [
    (make_pdf([{}]), "a.pdf：PDF 中没有可提取的文字（页面是空白的，或文字是画成图形的）"),
    (make_pdf([{"texts": [(100, 100, 16, "加密的文字")]}], encrypt=True), "a.pdf：PDF 设置了密码或加密，无法读取其中的文字"),
    (make_pdf([{"texts": [(100, 100, 16, "文字")]}])[:400], "a.pdf：无法读取 PDF：文件已损坏或不完整"),
    (b"%PDF-1.4\n" + bytes(range(256)) * 8, "a.pdf：无法读取 PDF：文件已损坏或不完整"),
    (b"PK\x03\x04 a zip", "a.pdf：这不是 PDF 文件：文件内容不是 PDF 的格式"),
    (make_pdf([{"texts": [(100, 100, 16, "没有字符编码的文字", {"font": "F2"})]}]),
     "a.pdf：PDF 中的文字无法提取：所用字体没有字符编码，提取出来是乱码"),
])
def test_unreadable_pdfs(data, message):
    with pytest.raises(ReadError) as err:
        read_pdf(data, "a.pdf")
    assert str(err.value).startswith(message)
    assert err.value.exit_code == 2


def test_some_text_without_a_character_map_is_a_warning():
    page = {"texts": [(LEFT + 32, 100 + 29 * k, 16, "可以提取的文字。") for k in range(3)]}
    page["texts"].append((LEFT + 32, 200, 16, "乱码", {"font": "F2"}))
    result = read_pdf(make_pdf([page]), "a.pdf")
    assert texts(result) == ["可以提取的文字。"] * 3
    assert [f.rule for f in result.findings] == ["import.unmapped-text"]
    assert "PDF 中有 2 个字的字体没有字符编码" in result.findings[0].message


def test_limits(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_reader, "MAX_PDF_PAGES", 1)
    with pytest.raises(ReadError, match="PDF 有 2 页，超过 1 页的上限"):
        read_pdf(make_pdf([{}, {}]), "a.pdf")
    monkeypatch.setattr(pdf_reader, "MAX_PDF_CHARS", 5)
    with pytest.raises(ReadError, match="PDF 的文字超过 5 个字符的上限"):
        read_pdf(make_pdf([{"texts": [(100, 100, 16, "一二三四五六")]}]), "a.pdf")
    import drafter.readers as readers

    monkeypatch.setattr(readers, "MAX_DOCX_BYTES", 100)
    big = tmp_path / "大.pdf"
    big.write_bytes(make_pdf([{"texts": [(100, 100, 16, "文字")]}]))
    with pytest.raises(ReadError, match="超过了 100 字节 的上限"):
        read_path(big)


def test_without_pdfplumber(monkeypatch):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(ReadError) as err:
        read_pdf(make_pdf([{}]), "a.pdf")
    assert str(err.value) == ("a.pdf：导入 PDF 需要 pdfplumber，但没有安装它，"
                              "请运行 pip install pdfplumber；或用 WPS/Word 把 PDF 转换为 .docx 后再导入")


def test_import_a_pdf_through_the_cli(workspace, tmp_path):
    source = tmp_path / "要点.pdf"
    source.write_bytes(layout().pdf())
    out = run_import(source, "--name", "从PDF")
    assert "configs/从PDF.yaml" in out
    rebuilt = output_lines(render(workspace / "configs" / "从PDF.yaml", fmt="txt", draft=True).data)
    assert rebuilt == DOCUMENT


# -- PDFs made by LibreOffice ---------------------------------------------------------------------------
def _require_libreoffice() -> str:
    from test_render import skip_or_fail

    try:
        return lo.find()
    except lo.NotFound:
        skip_or_fail("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")


@pytest.fixture(scope="module")
def seed_pdfs(tmp_path_factory) -> Path:
    """Every seed (.txt) converted to PDF by LibreOffice itself, in one run."""
    soffice = _require_libreoffice()
    work = tmp_path_factory.mktemp("seed-pdf")
    for seed in SEED_NAMES:
        shutil.copy(SEEDS / seed, work / seed)
    subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
         "--infilter=Text (encoded):UTF8,LF,,,", "--convert-to", "pdf", "--outdir", str(work),
         *[str(work / seed) for seed in SEED_NAMES]],
        check=True, capture_output=True, timeout=600,
    )
    return work


@pytest.mark.render
@pytest.mark.parametrize("seed", SEED_NAMES)
def test_seed_pdf_made_by_libreoffice_reads_like_the_seed(seed, seed_pdfs):
    """Paragraphs without indents in a plain font, wrapped where LibreOffice wrapped them (a
    line cut short by a URL that did not fit, a page break inside a paragraph): the same
    document as the .txt gives."""
    pdf = seed_pdfs / seed.replace(".txt", ".pdf")
    assert lines_of(read_path(pdf)) == seed_as_imported(seed)


@pytest.mark.render
def test_seed_pdf_has_paragraphs_over_page_breaks(seed_pdfs):
    import pdfplumber

    spanning = 0
    for seed in SEED_NAMES:
        with pdfplumber.open(seed_pdfs / seed.replace(".txt", ".pdf")) as pdf:
            pages = [page.extract_text().splitlines() for page in pdf.pages]
        paragraphs = [re.sub(r"\s", "", line) for line in seed_as_imported(seed)]
        for before, after in zip(pages, pages[1:]):
            joined = re.sub(r"\s", "", before[-1] + after[0])
            spanning += any(joined in p for p in paragraphs)
    assert spanning >= 3


def _tolerant_equal(expected: list[str], got: list[str]) -> int:
    """*got* is *expected* but for punctuation LibreOffice 7.4 drops at line ends (see
    tests/test_pdf.py::test_no_punctuation_lost_at_line_ends); returns how many were lost."""
    assert len(got) == len(expected), "\n".join(difflib.unified_diff(expected, got, lineterm=""))
    lost = 0
    for want, have in zip(expected, got):
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, want, have, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            assert tag == "delete" and set(want[i1:i2]) <= set("，、。；：！？"), (want, have)
            lost += i2 - i1
    return lost


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The five seed configs built (draft) to .docx and, by drafter build -f pdf, to .pdf."""
    try:
        lo.find()
    except lo.NotFound:
        return None
    work = tmp_path_factory.mktemp("built-pdf")
    for name in SEED_CONFIGS:
        config = REPO / "configs" / f"{name}.yaml"
        (work / f"{name}.docx").write_bytes(render(config, fmt="docx", draft=True).data)
        (work / f"{name}.pdf").write_bytes(render(config, fmt="pdf", draft=True).data)
    return work


@pytest.mark.render
@pytest.mark.parametrize("name", SEED_CONFIGS)
def test_pdf_built_by_drafter_reads_like_its_docx(name, built):
    if built is None:
        _require_libreoffice()
    docx, pdf = read_path(built / f"{name}.docx"), read_path(built / f"{name}.pdf")
    expected, got = lines_of(docx), lines_of(pdf)
    _tolerant_equal(expected, got)
    # same structure: title, section headings, items with their labels and title sentences
    assert str(pdf.document.title) == str(docx.document.title)
    assert [str(s.heading) for s in pdf.document.sections] == [str(s.heading) for s in docx.document.sections]
    assert [[(i.label, str(i.title) if i.title else None) for i in s.items] for s in pdf.document.sections] == \
           [[(i.label, str(i.title) if i.title else None) for i in s.items] for s in docx.document.sections]
    assert pdf.document.numbering == docx.document.numbering
    assert not [p.text for p in pdf.paragraphs if re.fullmatch(r"[—\s\d-]+", p.text)]  # no page numbers


def _without_hanging_punctuation(docx: bytes) -> bytes:
    """The PDF of *docx* as LibreOffice lays it out, but with punctuation never hung into the
    margin (LibreOffice 7.4 does not paint hung punctuation, and ignores w:overflowPunct): via
    .odt, whose paragraph styles get style:punctuation-wrap="simple"."""
    from drafter.writers.pdf import fontconfig

    odt = lo.convert(docx, ".docx", "odt")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(odt)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in ("content.xml", "styles.xml"):
                data = data.replace(b'style:punctuation-wrap="hanging"', b'style:punctuation-wrap="simple"')
                data = re.sub(rb"<style:paragraph-properties(?![^>]*punctuation-wrap)",
                              b'<style:paragraph-properties style:punctuation-wrap="simple"', data)
            zout.writestr(info, data)
    return lo.convert(out.getvalue(), ".odt", "pdf:writer_pdf_Export", fontconfig=fontconfig())


@pytest.mark.render
@pytest.mark.parametrize("name", ["county-party-building-report-2023", "gov-party-group-party-building-2022"])
def test_round_trip_through_pdf_is_exact(name, workspace, tmp_path):
    """drafter's layout (centred title, indented paragraphs, 署名, page numbers, paragraphs over
    page breaks) read back from its PDF: the import rebuilds the same text as the docx's import."""
    _require_libreoffice()
    docx = render(REPO / "configs" / f"{name}.yaml", fmt="docx", draft=True).data
    (tmp_path / "原文.docx").write_bytes(docx)
    (tmp_path / "原文.pdf").write_bytes(_without_hanging_punctuation(docx))
    import_document(tmp_path / "原文.docx", workspace, name="from-docx")
    import_document(tmp_path / "原文.pdf", workspace, name="from-pdf")
    rebuild = [output_lines(render(workspace / "configs" / f"{n}.yaml", fmt="txt", draft=True).data)
               for n in ("from-docx", "from-pdf")]
    assert rebuild[1] == rebuild[0]


@pytest.mark.render
def test_build_pdf_then_import_it(workspace):
    """drafter build -f pdf, drafter import the PDF, drafter build --draft -f txt: the docx's text,
    but for the punctuation LibreOffice 7.4 loses at line ends."""
    _require_libreoffice()
    runner = CliRunner()
    config = "configs/gov-party-group-party-building-2023.yaml"
    for args in (["build", config, "-f", "pdf"], ["build", config, "-f", "docx"],
                 ["import", "output/gov-party-group-party-building-2023.pdf", "--name", "from-pdf"],
                 ["import", "output/gov-party-group-party-building-2023.docx", "--name", "from-docx"],
                 ["build", "configs/from-pdf.yaml", "--draft", "-f", "txt"],
                 ["build", "configs/from-docx.yaml", "--draft", "-f", "txt"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
    from_pdf, from_docx = (output_lines((workspace / "output" / f"from-{k}.txt").read_bytes()) for k in ("pdf", "docx"))
    _tolerant_equal(from_docx, from_pdf)
    assert from_pdf[0] == from_docx[0] == "2023年县政府党组党建工作要点"
