"""The office's own 红头 template (header.template): docxtpl fills the placeholders and puts
drafter's body where ``{{p 正文 }}`` stands (drafter/writers/docx_template.py).

The document is the example ``configs/gov-party-group-party-building-2023-notice.yaml`` (a
红头, a 印发通知, the 要点 as 附件1, the 任务分解表 on landscape pages, a 版记), written into
(a) the default template templates/红头模板.docx and (b) a template made here the way an
office's looks to python-docx: the header fields in a table, and Word's usual Normal style and
defaults (Calibri 11 pt, spacing after), unlike drafter's. The body must come out as drafter
writes it without a template: same paragraphs and styles, same sections, footers and page
numbers — checked in the XML and, with LibreOffice, on the pages.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.shared import Pt, RGBColor
from lxml import etree

from conftest import REPO
from drafter.assembler import assemble
from drafter.builder import load, writer_options
from drafter.errors import DrafterError
from drafter.model import Paragraph, Text
from drafter.writers.docx import write_docx
from drafter.writers.docx_template import PLACEHOLDERS, write_with_template
from test_render import render_prerequisites

CONFIG = REPO / "configs" / "gov-party-group-party-building-2023-notice.yaml"
DEFAULT_TEMPLATE = REPO / "templates" / "红头模板.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
ORGAN = "中共永昌县人民政府党组文件"
NUMBER = "县政党发〔2023〕5号"
SIGNERS = "张三\u3000李四"


# -- building ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def example():
    """The example's Document (not yet given a template) and its writer options."""
    config, library = load(CONFIG)
    return assemble(config, library), writer_options(config)


def with_template(doc, template: Path, **header):
    return replace(doc, header=replace(doc.header, template=template, **header))


def make_user_template(path: Path, *, after_marker: str | None = None) -> Path:
    """A 红头 laid out in a table, as offices often do it: 标志 across the top, 字号 and 签发人
    below; then 主送机关 etc. in a line of text, and the marker. python-docx's own template
    gives it Word's Normal (Calibri 11 pt, 10 pt after each paragraph, 1.15 lines)."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    organ = table.cell(0, 0).merge(table.cell(0, 1)).paragraphs[0]
    run = organ.add_run("{{ 发文机关标志 }}")
    run.font.size = Pt(26)
    run.font.color.rgb = RGBColor(0xFF, 0x00, 0x00)
    table.cell(1, 0).paragraphs[0].add_run("{{ 发文字号 }}")
    signers = table.cell(1, 1).paragraphs[0]
    signers.add_run("签发人：")
    # a placeholder split over two runs with different formatting, as Word leaves it after an edit
    signers.add_run("{{ 签")
    signers.add_run("发人 }}").bold = True
    document.add_paragraph("{{ 主送机关 }}|{{ 标题 }}|{{ 年度 }}|{{ 成文日期 }}|{{ 份号 }}{{ 密级 }}{{ 紧急程度 }}")
    document.add_paragraph("{% if 签发人 %}上行文{% else %}下行文{% endif %}")
    document.add_paragraph("{{p 正文 }}")
    document.add_paragraph("")  # an empty paragraph after the marker is dropped
    # the template's own footer gives way to drafter's page numbers
    document.sections[0].footer.paragraphs[0].text = "模板页脚 {{ 发文字号 }}"
    if after_marker is not None:
        document.add_paragraph(after_marker)
    document.save(path)
    return path


@pytest.fixture(scope="module")
def user_template(tmp_path_factory) -> Path:
    return make_user_template(tmp_path_factory.mktemp("tpl") / "本单位红头.docx")


@pytest.fixture(scope="module")
def body(example) -> bytes:
    """What drafter writes for the same document without its 版头: the body every template gets."""
    doc, options = example
    return write_docx(replace(doc, header=None), options)


@pytest.fixture(scope="module")
def native(example) -> bytes:
    """drafter's own 红头, to compare the rendering with."""
    doc, options = example
    return write_docx(doc, options)


@pytest.fixture(scope="module")
def in_default(example) -> bytes:
    doc, options = example
    return write_with_template(with_template(doc, DEFAULT_TEMPLATE), options)


@pytest.fixture(scope="module")
def in_user(example, user_template) -> bytes:
    doc, options = example
    return write_with_template(with_template(doc, user_template, signers=Paragraph(Text.of(SIGNERS))), options)


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph, tables included, in document order."""
    document = docx.Document(BytesIO(data))
    out = []
    for p in document.element.body.iter(f"{W}p"):
        paragraph = docx.text.paragraph.Paragraph(p, document)
        out.append((paragraph.style.name if paragraph.style is not None else "", paragraph.text))
    return out


def part(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(BytesIO(data)).read(name))


def all_text(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


# -- the default template ------------------------------------------------------------------------
def test_default_template_is_a_gbt9704_header_with_the_placeholders():
    document = docx.Document(DEFAULT_TEMPLATE)
    texts = [p.text for p in document.paragraphs]
    assert texts[:5] == ["{{ 份号 }}", "{{ 密级 }}", "{{ 紧急程度 }}", "{{ 发文机关标志 }}", "{{ 发文字号 }}"]
    assert texts[-1] == "{{p 正文 }}"
    organ = document.paragraphs[3]._p
    rpr = organ.find(f"{W}r/{W}rPr")
    assert rpr.find(f"{W}color").get(f"{W}val") == "FF0000"
    assert rpr.find(f"{W}sz").get(f"{W}val") == "72"  # 小初 36 pt
    assert rpr.find(f"{W}rFonts").get(f"{W}eastAsia") == "方正小标宋简体"
    assert organ.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    rule = document.paragraphs[4]._p.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert (rule.get(f"{W}color"), rule.get(f"{W}sz")) == ("FF0000", "12")  # red, 1.5 pt
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert (section.top_margin.mm, section.left_margin.mm) == pytest.approx((37, 28), abs=0.1)


def test_default_template_is_what_its_script_makes():
    """templates/红头模板.docx is made by templates/make_default_template.py from drafter.layout:
    a changed number there means the template must be made again."""
    spec = importlib.util.spec_from_file_location("make_default_template", REPO / "templates" / "make_default_template.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    made = zipfile.ZipFile(BytesIO(script.make())).read("word/document.xml")
    committed = zipfile.ZipFile(DEFAULT_TEMPLATE).read("word/document.xml")
    assert made == committed, "templates/红头模板.docx is out of date: run templates/make_default_template.py"


def test_default_template_filled_in(in_default):
    got = paragraphs(in_default)
    texts = [text for _, text in got]
    assert "{{" not in all_text(in_default) and "{%" not in all_text(in_default)
    organ, number = texts.index(ORGAN), texts.index(NUMBER)
    assert texts[:3] == ["", "", ""]  # 份号, 密级, 紧急程度: none in this config
    assert organ == 3 and number == 4
    title = next(i for i, (style, _) in enumerate(got) if style == "公文标题")
    assert title == number + 3, "two blank lines between the red rule and the title"
    assert "关于印发" in got[title][1]


def test_long_organ_is_made_smaller_to_stay_on_one_line(in_default):
    """13 characters of 小初 (36 pt) are wider than the 156 mm 版心: 34 pt fits, as in drafter's own 红头."""
    organ = next(p for p in part(in_default, "word/document.xml").iter(f"{W}p")
                 if "".join(t.text or "" for t in p.iter(f"{W}t")) == ORGAN)
    assert {sz.get(f"{W}val") for sz in organ.iter(f"{W}sz")} == {"68"}
    assert organ.find(f"{W}pPr/{W}spacing").get(f"{W}line") == "680"


# -- the body, as drafter writes it --------------------------------------------------------------
@pytest.mark.parametrize("which", ["in_default", "in_user"])
def test_body_follows_with_its_paragraphs_and_styles(which, body, request):
    data = request.getfixturevalue(which)
    expected = paragraphs(body)
    got = paragraphs(data)
    assert got[-len(expected):] == expected
    styles = {name for name, _ in expected}
    assert {"公文标题", "正文", "一级标题", "主送机关", "附件说明", "署名", "成文日期", "附件标识", "表格文字"} <= styles
    # the document opens again, and its tables (the 任务分解表) are all there
    assert len(docx.Document(BytesIO(data)).tables) >= len(docx.Document(BytesIO(body)).tables)


@pytest.mark.parametrize("which", ["in_default", "in_user"])
def test_body_keeps_its_sections_and_footers(which, body, request):
    data = request.getfixturevalue(which)
    ours, theirs = docx.Document(BytesIO(data)), docx.Document(BytesIO(body))
    # several: the notice and 要点, the landscape 任务分解表, the 版记 — what the insertion loses
    assert len(theirs.sections) > 1
    assert len(ours.sections) == len(theirs.sections)
    for mine, original in zip(ours.sections, theirs.sections):
        for name in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin",
                     "header_distance", "footer_distance", "start_type", "orientation"):
            assert getattr(mine, name) == getattr(original, name), name
        grid = mine._sectPr.find(f"{W}docGrid")
        assert (grid.get(f"{W}type"), grid.get(f"{W}linePitch")) == ("lines", "579")
        for footer in ("footer", "even_page_footer"):
            a, b = getattr(mine, footer), getattr(original, footer)
            assert a.is_linked_to_previous == b.is_linked_to_previous
            if not b.is_linked_to_previous:
                assert etree.tostring(a._element) == etree.tostring(b._element)
    first = ours.sections[0].footer._element
    assert "PAGE" in "".join(first.itertext()), "the page number field"
    assert ours.settings.odd_and_even_pages_header_footer
    settings = part(data, "word/settings.xml")
    assert settings.find(f"{W}characterSpacingControl").get(f"{W}val") == "doNotCompress"
    # no footer part left over, none missing
    rels = part(data, "word/_rels/document.xml.rels")
    footers = {r.get("Id") for r in rels if r.get("Type").endswith("/footer")}
    used = {ref.get(f"{R}id") for ref in part(data, "word/document.xml").iter(f"{W}footerReference")}
    assert footers == used


def test_body_styles_do_not_take_the_template_normal(in_user):
    """The template's Normal and defaults stay (Calibri 11 pt, 10 pt after); drafter's styles carry
    their own fonts, size, line and spacing, so the body is laid out as without a template."""
    styles = part(in_user, "word/styles.xml")
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
    assert defaults.get(f"{W}val") == "22", "the template's own defaults are kept for its own paragraphs"
    by_name = {s.find(f"{W}name").get(f"{W}val"): s for s in styles.iter(f"{W}style")}
    body_style = by_name["正文"]
    rfonts = body_style.find(f"{W}rPr/{W}rFonts")
    assert rfonts.get(f"{W}eastAsia") == "仿宋_GB2312" and rfonts.get(f"{W}asciiTheme") is None
    assert body_style.find(f"{W}rPr/{W}sz").get(f"{W}val") == "32"
    assert body_style.find(f"{W}rPr/{W}spacing").get(f"{W}val") == "-5"  # 28 characters a line
    spacing = body_style.find(f"{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}after"), spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("0", "579", "exact")


def test_user_template_placeholders_filled(in_user, example):
    doc, _ = example
    document = docx.Document(BytesIO(in_user))
    table = document.tables[0]
    assert table.cell(0, 0).text == ORGAN
    assert table.cell(1, 0).text == NUMBER
    assert table.cell(1, 1).text == f"签发人：{SIGNERS}"
    line = document.paragraphs[0].text
    assert line == f"{doc.recipients}|{doc.notice.title}|2023|2023年2月10日|"
    assert document.paragraphs[1].text == "上行文"  # {% if 签发人 %}
    assert "{{" not in all_text(in_user) and "{%" not in all_text(in_user)
    assert "模板页脚" not in all_text(in_user)


def test_reproducible_and_stamped(example, user_template, in_user):
    doc, options = example
    again = write_with_template(with_template(doc, user_template, signers=Paragraph(Text.of(SIGNERS))), options)
    assert again == in_user
    with zipfile.ZipFile(BytesIO(in_user)) as z:
        assert {info.date_time for info in z.infolist()} == {(2023, 2, 10, 0, 0, 0)}
    props = docx.Document(BytesIO(in_user)).core_properties
    assert props.title == str(doc.title)
    assert props.created == props.modified == dt.datetime(2023, 2, 10, tzinfo=dt.timezone.utc)


def test_core_properties_keep_their_namespace_for_every_later_docx(in_user, example):
    """docxcompose rebinds python-docx's ``cp`` prefix when imported; drafter puts it back, or
    every docx written afterwards in the same process would carry its properties twice."""
    doc, options = example
    core_ns = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    custom_ns = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    for data in (in_user, write_docx(replace(doc, header=None), options)):
        core = part(data, "docProps/core.xml")
        assert core.tag == f"{{{core_ns}}}coreProperties"
        assert not [el for el in core.iter() if isinstance(el.tag, str) and el.tag.startswith(f"{{{custom_ns}}}")]
        assert len(core.findall(f"{{{core_ns}}}revision")) == 1


# -- refused templates -----------------------------------------------------------------------------
def paragraphs_template(path: Path, *texts: str, table: str | None = None) -> Path:
    document = docx.Document()
    if table is not None:
        document.add_table(rows=1, cols=1).cell(0, 0).text = table
    for text in texts:
        document.add_paragraph(text)
    document.save(path)
    return path


REFUSED = {
    "no marker": (("{{ 发文机关标志 }}", "{{ 发文字号 }}"), None, "没有正文标记 {{p 正文 }}"),
    "marker without p": (("{{ 发文字号 }}", "{{ 正文 }}"), None, "正文标记写成了「{{ 正文 }}」"),
    "marker in a table": (("{{ 发文字号 }}",), "{{p 正文 }}", "在表格里"),
    "two markers": (("{{p 正文 }}", "{{p 正文 }}"), None, "有2处正文标记"),
    "marker not alone": (("正文如下：{{p 正文 }}",), None, "还有别的文字"),
    "text after the marker": (("{{p 正文 }}", "抄送：县委办公室。"), None, "之后还有内容：「抄送：县委办公室。」"),
    "unknown placeholder": (("{{ 发文号 }}", "{{p 正文 }}"), None, "占位符 {{ 发文号 }} 不是 drafter 能填写的"),
    "unbalanced braces": (("{{ 发文字号 }", "{{p 正文 }}"), None, "花括号不成对"),
    "not a name": (("{{ 发文 字号 }}", "{{p 正文 }}"), None, "写法不对的占位符「{{ 发文 字号 }}」"),
    "full-width braces": (("｛｛p 正文｝｝",), None, "全角花括号"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refused_template(case, example, tmp_path):
    texts, table, expected = REFUSED[case]
    doc, options = example
    template = paragraphs_template(tmp_path / "本单位红头.docx", *texts, table=table)
    with pytest.raises(DrafterError) as info:
        write_with_template(with_template(doc, template), options)
    message = str(info.value)
    assert expected in message
    assert "本单位红头.docx" in message, "the message names the template"


def test_unknown_placeholder_suggests_and_lists_the_known_ones(example, tmp_path):
    doc, options = example
    template = paragraphs_template(tmp_path / "t.docx", "{{ 发文号 }}{{ 单位名称 }}", "{{p 正文 }}")
    with pytest.raises(DrafterError) as info:
        write_with_template(with_template(doc, template), options)
    message = str(info.value)
    assert "您是不是想用「发文字号」" in message  # 发文号
    assert all(f"{{{{ {name} }}}}" in message for name in PLACEHOLDERS)  # 单位名称: the whole list


@pytest.mark.parametrize("content", [b"not a zip file", "zip without a document", "broken xml"])
def test_not_a_word_document(content, example, tmp_path):
    doc, options = example
    path = tmp_path / "坏模板.docx"
    if content == "zip without a document":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", "hello")
    elif content == "broken xml":
        with zipfile.ZipFile(DEFAULT_TEMPLATE) as source, zipfile.ZipFile(path, "w") as z:
            for info in source.infolist():
                z.writestr(info, b"<w:document" if info.filename == "word/document.xml" else source.read(info))
    else:
        path.write_bytes(content)
    with pytest.raises(DrafterError) as info:
        write_with_template(with_template(doc, path), options)
    assert "坏模板.docx" in str(info.value) and "不是有效的 Word 文档" in str(info.value)


# -- on the pages (LibreOffice) --------------------------------------------------------------------
PROBE = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
import pdfplumber
MM = 25.4 / 72
with pdfplumber.open(sys.argv[1]) as pdf:
    page = pdf.pages[0]
    red = [c for c in page.chars if tuple(c.get("non_stroking_color") or ())[:3] == (1, 0, 0)]
    print(json.dumps({
        "organ": "".join(c["text"] for c in red),
        "organ_top": min(c["top"] for c in red) * MM if red else None,
        "organ_size": red[0]["size"] if red else None,
        "text": "\n".join(p.extract_text() or "" for p in pdf.pages),
    }))
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, native, in_default, in_user) -> dict[str, dict]:
    """measure_layout.py's JSON for each document, with the PDF's first page read by pdfplumber
    (in a subprocess: its deprecation warnings would be errors here)."""
    script, fonts_conf = render_prerequisites()
    work = tmp_path_factory.mktemp("template-render")
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts_conf))
    out = {}
    for name, data in (("native", native), ("default", in_default), ("user", in_user)):
        path = work / f"{name}.docx"
        path.write_bytes(data)
        proc = subprocess.run([sys.executable, str(script), str(path), "--profile", str(work / "profile"),
                               "--keep-pdf", str(work)], env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"measure_layout.py exited {proc.returncode}:\n{proc.stderr[-2000:]}"
        result = json.loads(proc.stdout)
        assert "error" not in result, result["error"]
        probe = subprocess.run([sys.executable, "-c", PROBE, str(work / f"{name}.pdf")], capture_output=True,
                               text=True, timeout=120)
        assert probe.returncode == 0, probe.stderr[-2000:]
        result["probe"] = json.loads(probe.stdout)
        out[name] = result
    return out


@pytest.mark.render
@pytest.mark.parametrize("which", ["default", "user"])
def test_rendered_text(which, rendered, body):
    text = rendered[which]["probe"]["text"]
    first_heading = next(t for style, t in paragraphs(body) if style == "一级标题")
    for fragment in (ORGAN, NUMBER, first_heading, "2023年县政府党组党建工作要点"):
        assert fragment.replace(" ", "") in text.replace(" ", ""), fragment
    assert "{{" not in text


@pytest.mark.render
def test_rendered_organ_35_mm_below_the_top_of_the_text_area(rendered):
    """The 标志's line starts 35 mm below the 版心 top (37 mm margin): 72 mm from the top of the
    page; its glyphs' em box sits up to 0.2 em higher (the font's descent), as in drafter's own 红头
    (tests/test_official_docx.py)."""
    probe = rendered["default"]["probe"]
    assert probe["organ"] == ORGAN
    em = probe["organ_size"] * 25.4 / 72
    assert 37 + 35 - 0.2 * em - 0.3 <= probe["organ_top"] <= 37 + 35 + 0.3
    assert probe["organ_top"] == pytest.approx(rendered["native"]["probe"]["organ_top"], abs=0.2)


@pytest.mark.render
@pytest.mark.parametrize("which", ["default", "user"])
def test_rendered_body_laid_out_as_without_a_template(which, rendered):
    """22 lines of 28 characters, the same lines on every page after the first (the 红头 is on the
    first; the 要点 starts on a new page) and the same page numbers as drafter's own document."""
    ours, theirs = rendered[which], rendered["native"]
    assert ours["pages"] == theirs["pages"]
    assert ours["lines_per_page_by_page"][1:] == theirs["lines_per_page_by_page"][1:]
    assert ours["chars_per_line"] == 28
    assert ours["page_numbers"]["by_parity"] == theirs["page_numbers"]["by_parity"]
    assert ours["margins_mm"] == theirs["margins_mm"]
