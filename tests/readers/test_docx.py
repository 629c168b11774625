"""The docx reader: text across runs, Word's own numbering, style hints, tables; the seeds
read back from three kinds of docx (plain labels, Word automatic numbering, LibreOffice)."""

import html
import io
import os
import shutil
import subprocess

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from conftest import SEEDS, seed_lines
from drafter.errors import ReadError
from drafter.numbering import LabelStyle, parse_label
from drafter.readers import read_path
from drafter.readers.docx import format_number, read_docx
from drafter.readers.txt import read_txt
from drafter.writers.docx import write_docx
from drafter.writers.txt import text_lines

from .test_txt import JUNK, SEED_NAMES, seed_expected


def out_lines(result) -> list[str]:
    return [line.strip() for line in text_lines(result.document) if line.strip()]


def save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# -- building test documents ------------------------------------------------------------------------
def add_abstract(document, abstract_id: int, levels: list[tuple[str, str]]) -> None:
    """Define an abstractNum with (numFmt, lvlText) per level, before the w:num elements."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    root = document.part.part_related_by(RT.NUMBERING).element
    element = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    nums = root.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(element)
    else:
        root.append(element)


def add_num(document, num_id: int, abstract_id: int, start_override: int | None = None) -> None:
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
                if start_override is not None else "")
    root = document.part.part_related_by(RT.NUMBERING).element
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                          f"{override}</w:num>"))


def numbered(paragraph, num_id: int, ilvl: int = 0):
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def auto_numbered_docx(lines: list[str], scheme: str, item_style: LabelStyle) -> bytes:
    """The seed with 一、 headings and items numbered by Word itself, their labels removed
    from the text. Schemes: one multilevel list (items restart under each heading);
    one items list (continuous); a new w:num per section with startOverride (restart)."""
    document = docx.Document()
    item_fmt = ("chineseCounting", "（%{}）") if item_style is LabelStyle.CN_PAREN else ("decimal", "%{}.")
    if scheme == "multilevel":
        add_abstract(document, 90, [("chineseCounting", "%1、"), (item_fmt[0], item_fmt[1].format(2))])
        add_num(document, 90, 90)
        heading_num, item_num, item_level = 90, 90, 1
    else:
        add_abstract(document, 91, [("chineseCounting", "%1、")])
        add_abstract(document, 92, [(item_fmt[0], item_fmt[1].format(1))])
        add_num(document, 91, 91)
        add_num(document, 92, 92)
        heading_num, item_num, item_level = 91, 92, 0
    sections = 0
    for line in lines:
        label = parse_label(line)
        if label and label[0] is LabelStyle.CN_COMMA:
            sections += 1
            numbered(document.add_paragraph(line[len(label[2]):]), heading_num)
            if scheme == "override":
                item_num = 100 + sections
                add_num(document, item_num, 92, start_override=1)
        elif label and label[0] is item_style:
            numbered(document.add_paragraph(line[len(label[2]):]), item_num, item_level)
        else:
            document.add_paragraph(line)
    return save(document)


AUTO_NUMBERED = [
    ("gov-party-group-party-building-2022.txt", "multilevel", LabelStyle.DIGIT_DOT),
    ("county-party-building-report-2022.txt", "multilevel", LabelStyle.CN_PAREN),
    ("gov-party-group-work-2022.txt", "continuous", LabelStyle.DIGIT_DOT),
    ("gov-integrity-2022.txt", "override", LabelStyle.DIGIT_DOT),
]


# -- seeds -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_from_docx_with_plain_labels(name):
    document = docx.Document()
    for line in seed_lines(name, corrected=False):
        document.add_paragraph(line)
    assert out_lines(read_docx(save(document), name)) == seed_expected(name)


@pytest.mark.parametrize("name, scheme, item_style", AUTO_NUMBERED)
def test_seed_from_docx_with_word_numbering(name, scheme, item_style):
    data = auto_numbered_docx(seed_lines(name, corrected=False), scheme, item_style)
    # the labels really are Word's: python-docx's paragraph text has none of them
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    numbered_texts = [p.text for p in paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert len(numbered_texts) > 5 and not any(parse_label(t) for t in numbered_texts)
    result = read_docx(data, name)
    assert out_lines(result) == seed_expected(name)
    assert result.document.numbering.restart == (scheme != "continuous")


@pytest.mark.parametrize("name", ["county-party-building-report-2022.txt", "service-center-party-committee-2022.txt"])
def test_seed_through_drafters_own_docx(name):
    """txt → model → drafter's docx writer → docx reader: the same text (and the title style)."""
    model = read_txt((SEEDS / name).read_bytes()).document
    result = read_docx(write_docx(model), name)
    assert out_lines(result) == seed_expected(name)
    assert str(result.document.title) == str(model.title)


# -- LibreOffice -----------------------------------------------------------------------------------
def skip_or_fail(reason: str) -> None:
    if os.environ.get("DRAFTER_REQUIRE_RENDER") == "1":
        pytest.fail(f"{reason} (DRAFTER_REQUIRE_RENDER=1, so this is an error, not a skip)", pytrace=False)
    pytest.skip(reason)


def seed_html(name: str, lists: bool) -> str:
    """The raw seed as HTML; with *lists*, each section's 1. items become an <ol> (Writer numbers them)."""
    body, in_list = [], False
    for line in seed_lines(name, corrected=False):
        label = parse_label(line)
        if lists and label and label[0] is LabelStyle.DIGIT_DOT:
            if not in_list:
                body.append(f'<ol start="{label[1]}">')
                in_list = True
            body.append(f"<li>{html.escape(line[len(label[2]):])}</li>")
            continue
        if in_list:
            body.append("</ol>")
            in_list = False
        body.append(f"<p>{html.escape(line)}</p>")
    if in_list:
        body.append("</ol>")
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{"".join(body)}</body></html>'


@pytest.fixture(scope="module")
def libreoffice_docx(tmp_path_factory):
    """Every seed (and two with <ol> lists) converted to docx by LibreOffice, in one run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        skip_or_fail("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")
    tmp = tmp_path_factory.mktemp("lo")
    sources = {name: seed_html(name, lists=False) for name in SEED_NAMES}
    for name in ("gov-party-group-work-2022.txt", "gov-integrity-2022.txt"):
        sources["ol-" + name] = seed_html(name, lists=True)
    paths = []
    for key, text in sources.items():
        path = tmp / (key.removesuffix(".txt") + ".html")
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp), *paths],
        check=True, capture_output=True, timeout=300,
    )
    return {key: (tmp / (key.removesuffix(".txt") + ".docx")).read_bytes() for key in sources}


@pytest.mark.render
@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_from_libreoffice_docx(libreoffice_docx, name):
    assert out_lines(read_docx(libreoffice_docx[name], name)) == seed_expected(name)


@pytest.mark.render
@pytest.mark.parametrize("name", ["gov-party-group-work-2022.txt", "gov-integrity-2022.txt"])
def test_seed_from_libreoffice_numbered_lists(libreoffice_docx, name):
    data = libreoffice_docx["ol-" + name]
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    assert sum(1 for p in paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None) > 5
    assert out_lines(read_docx(data, name)) == seed_expected(name)


# -- paragraphs, runs, styles, tables -----------------------------------------------------------------
def test_text_across_runs_tabs_and_breaks():
    document = docx.Document()
    p = document.add_paragraph()
    p.add_run("1.").bold = True
    p.add_run().add_tab()
    p.add_run("旗帜鲜明").italic = True
    p.add_run("讲政治。使用Microsoft")
    p.add_run().add_tab()
    p.add_run("Word起草。")
    heading = document.add_paragraph("一、加强政治建设")
    heading.runs[0].add_break()
    heading.add_run("始终把政治建设摆在首位。")
    broken = document.add_paragraph("认真贯彻《中共中央关于加强党的政治")
    broken.runs[0].add_break()
    broken.add_run("建设的意见》，把党的政治建设摆在首位。")
    document.add_paragraph("   ")  # empty paragraphs are dropped
    xml_p = document.add_paragraph()._p
    for part in ('<w:r><w:t>加强</w:t></w:r>', '<w:hyperlink><w:r><w:t>党的</w:t></w:r></w:hyperlink>',
                 '<w:del><w:r><w:delText>删掉的字</w:delText></w:r></w:del>',
                 '<w:ins><w:r><w:t>建设。</w:t></w:r></w:ins>'):
        xml_p.append(parse_xml(part.replace(">", f" {nsdecls('w')}>", 1)))  # declare w: on the root
    lines = out_lines(read_docx(save(document)))
    assert lines == [
        "1.旗帜鲜明讲政治。使用Microsoft Word起草。",
        "一、加强政治建设",
        "始终把政治建设摆在首位。",
        "认真贯彻《中共中央关于加强党的政治建设的意见》，把党的政治建设摆在首位。",
        "加强党的建设。",
    ]


def test_table_is_skipped_with_a_warning():
    document = docx.Document()
    document.add_paragraph("一、加强政治建设")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "目标值"
    table.cell(1, 0).text = "表格里的字"
    table.cell(1, 1).text = "100%"
    document.add_paragraph("1.旗帜鲜明讲政治。认真贯彻落实。")
    result = read_docx(save(document), "要点.docx")
    assert out_lines(result) == ["一、加强政治建设", "1.旗帜鲜明讲政治。认真贯彻落实。"]
    assert [str(w) for w in result.findings] == [
        "要点.docx：第1个表格的内容没有导入（导入只识别正文段落），请核对后手工补上"]
    assert result.dropped == ["指标 | 目标值\n表格里的字 | 100%"]


def test_style_hints_title_cover_and_headings():
    document = docx.Document()
    document.add_paragraph("各单位：")
    document.add_paragraph("现将工作要点印发给你们。")
    document.add_paragraph("2023年工作要点", style="Title")
    document.add_paragraph("加强政治建设", style="Heading 1")
    document.add_paragraph("1.旗帜鲜明讲政治。认真贯彻落实。")
    document.add_paragraph("加强思想建设", style="Heading 1")
    document.add_paragraph("1.持续强化理论武装。坚持学习。")
    result = read_docx(save(document))
    assert result.cover == ["各单位：", "现将工作要点印发给你们。"]
    doc = result.document
    assert str(doc.title) == "2023年工作要点"
    assert [str(s.heading) for s in doc.sections] == ["加强政治建设", "加强思想建设"]
    assert [len(s.items) for s in doc.sections] == [1, 1]


@pytest.mark.parametrize("style_name", ["Heading 1", "标题 1", "一级标题", "我的标题（大纲1级）"])
def test_level_one_heading_styles(style_name):
    """Heading hints by style name or outline level (following w:basedOn)."""
    document = docx.Document()
    if style_name not in ("Heading 1",):
        style = document.styles.add_style(style_name, WD_STYLE_TYPE.PARAGRAPH)
        if style_name.startswith("我的"):
            style.base_style = document.styles.add_style("大纲1级", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style.element.get_or_add_pPr().append(
                parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    for heading in ("加强政治建设", "加强思想建设"):
        document.add_paragraph(heading, style=style_name)
        document.add_paragraph("1.完善制度。内容。")
    doc = read_docx(save(document)).document
    assert [str(s.heading) for s in doc.sections] == ["加强政治建设", "加强思想建设"]
    assert not doc.title


def test_numbering_from_the_paragraph_style():
    """Heading styles linked to a list: the numPr sits on the style, not the paragraph."""
    document = docx.Document()
    add_abstract(document, 93, [("chineseCounting", "%1、")])
    add_num(document, 93, 93)
    style = document.styles["Heading 1"]
    num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = 93
    for heading in ("加强政治建设", "加强思想建设"):
        document.add_paragraph(heading, style="Heading 1")
        document.add_paragraph("1.完善制度。内容。")
    assert out_lines(read_docx(save(document))) == [
        "一、加强政治建设", "1.完善制度。内容。", "二、加强思想建设", "1.完善制度。内容。"]


def test_numbered_paragraphs_in_skipped_tables_still_count():
    document = docx.Document()
    add_abstract(document, 97, [("decimal", "%1.")])
    add_num(document, 97, 97)
    numbered(document.add_paragraph("事项。内容。"), 97)
    numbered(document.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0], 97).text = "表内事项。"
    numbered(document.add_paragraph("事项。内容。"), 97)
    numbered(document.add_paragraph(""), 97)  # empty: dropped, but Word shows and counts 4.
    numbered(document.add_paragraph("事项。内容。"), 97)
    result = read_docx(save(document))
    assert [line[:2] for line in out_lines(result)] == ["1.", "3.", "5."]
    assert len(result.findings) == 1


def test_word_counts_per_abstract_num():
    """Two w:num over one abstractNum continue each other; a startOverride restarts."""
    document = docx.Document()
    add_abstract(document, 94, [("decimal", "%1、")])
    for num_id, override in ((94, None), (95, None), (96, 1)):
        add_num(document, num_id, 94, override)
    for num_id in (94, 94, 95, 96, 96, 94):
        numbered(document.add_paragraph("事项。内容。"), num_id)
    labels = [line[:2] for line in out_lines(read_docx(save(document)))]
    assert labels == ["1、", "2、", "3、", "1、", "2、", "3、"]


@pytest.mark.parametrize(
    "n, fmt, text",
    [
        (1, "chineseCounting", "一"), (11, "chineseCounting", "十一"), (20, "chineseCountingThousand", "二十"),
        (3, "decimal", "3"), (12, "ideographDigital", "一二"), (2, "ideographTraditional", "乙"),
        (4, "chineseLegalSimplified", "肆"), (3, "decimalEnclosedCircleChinese", "③"),
        (7, "decimalFullWidth", "７"), (28, "upperLetter", "BB"), (4, "lowerRoman", "iv"), (5, "decimalZero", "05"),
    ],
)
def test_format_number(n, fmt, text):
    assert format_number(n, fmt) == text


def test_bad_docx_is_a_chinese_error(tmp_path):
    with pytest.raises(ReadError) as err:
        read_docx(b"PK\x03\x04 broken", "坏.docx")
    assert str(err.value).startswith("坏.docx：无法打开 Word 文档")
    with pytest.raises(ReadError) as err:
        read_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧.docx")
    assert str(err.value) == ("旧.docx：这是旧版 Word 文档（.doc）或加了密码的文档，不能直接导入，"
                              "请在 Word 或 WPS 中打开（取消密码），另存为 .docx 后再导入")
    path = tmp_path / "要点.docx"
    document = docx.Document()
    document.add_paragraph("一、加强政治建设")
    path.write_bytes(save(document))
    assert out_lines(read_path(path)) == ["一、加强政治建设"]


def test_junk_constants_match_the_seed():
    text = (SEEDS / "county-party-building-report-2022.txt").read_text(encoding="utf-8")
    assert all(junk in text for junk in JUNK)
