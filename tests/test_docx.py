"""The docx writer's structure: named styles a user can restyle, fonts on eastAsia, highlighted
blanks, outline levels, odd/even footers. (The rendered geometry is checked in test_render.py.)"""

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn

from conftest import REPO
from drafter import render
from drafter.model import Blank, Document, Item, Paragraph, Section, Signature, Text
from drafter.writers import WriterOptions
from drafter.writers.docx import write_docx

SEED_CONFIG = REPO / "configs/gov-party-group-party-building-2022.yaml"


@pytest.fixture(scope="module")
def seed_docx():
    return render(SEED_CONFIG, fmt="docx", draft=True).data


def _sample(**options):
    doc = Document(
        title=Text.of("县政府党组2023年党建工作要点"),
        preamble=[Paragraph(Text.of("总体要求。"))],
        sections=[
            Section(
                heading=Text.of("聚焦发展"),
                items=[
                    Item(title=Text.of("扩大投资。"), body=Text.of("增长", Blank("增长率"), "%以上。")),
                    Item(title=Text.of("只有标题的条目")),
                ],
            )
        ],
        signature=Signature(issuer=Text.of("中共略阳县人民政府党组"), date=Text.of("2023年2月10日")),
    )
    from drafter.numbering import LabelStyle

    doc.numbering.items = LabelStyle.CN_PAREN
    return docx.Document(io.BytesIO(write_docx(doc, WriterOptions(**options))))


def _style_fonts(document, name):
    rfonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
    return rfonts.get(qn("w:eastAsia")), rfonts.get(qn("w:ascii"))


def test_reopens_with_python_docx_and_keeps_text(seed_docx):
    d = docx.Document(io.BytesIO(seed_docx))
    texts = [p.text for p in d.paragraphs]
    assert texts[1] == "一、聚焦“两个确立”，全面加强党的政治建设"
    assert texts[2].startswith("1.旗帜鲜明讲政治。认真贯彻")


def test_named_styles_with_official_fonts():
    d = _sample()
    assert _style_fonts(d, "正文") == ("仿宋_GB2312", "Times New Roman")
    assert _style_fonts(d, "公文标题") == ("方正小标宋简体", "Times New Roman")
    assert _style_fonts(d, "一级标题") == ("黑体", "Times New Roman")
    assert _style_fonts(d, "二级标题") == ("楷体_GB2312", "Times New Roman")
    assert [p.style.name for p in d.paragraphs] == ["公文标题", "正文", "正文", "一级标题", "正文", "二级标题", "正文", "署名", "成文日期"]


def test_windows_font_set():
    d = _sample(fonts="windows")
    assert _style_fonts(d, "正文")[0] == "仿宋"
    assert _style_fonts(d, "二级标题")[0] == "楷体"


def test_no_theme_fonts_left():
    d = _sample()
    xml = d.styles.element.xml
    assert "asciiTheme" not in xml and "eastAsiaTheme" not in xml


def test_outline_levels_for_navigation():
    d = _sample()
    for name, level in (("一级标题", "0"), ("二级标题", "1"), ("三级标题", "2"), ("四级标题", "3")):
        assert d.styles[name].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == level
    assert d.styles["一级标题"].paragraph_format.keep_with_next


def test_item_title_runs_and_highlighted_blanks():
    d = _sample(bold_item_titles=True, bold_level2=True)
    item = d.paragraphs[4]
    assert item.text == "（一）扩大投资。增长**%以上。"
    assert item.runs[0].text == "（一）" and item.runs[0].style.name == "二级标题文字"
    assert item.runs[1].text == "扩大投资。" and item.runs[1].style.name == "二级标题文字"
    assert d.styles["二级标题文字"].font.bold
    blank = [r for r in item.runs if r.text == "**"]
    assert blank and blank[0].font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert all(r.font.highlight_color is None for r in item.runs if r.text != "**")


def test_signature_placement():
    d = _sample()
    issuer, date = d.paragraphs[-2], d.paragraphs[-1]
    assert d.paragraphs[-3].text == ""  # one blank line above the 署名
    assert issuer.paragraph_format.right_indent.twips == 640  # 署名右空二字
    # the 署名 (11 characters) starts 2 + 11 = 13 characters from the right edge; the date
    # (2023年2月10日 = 6.5 characters) starts two further right, at 11, so it ends 4.5 in
    assert date.paragraph_format.right_indent.twips == 4.5 * 320


def test_page_setup_and_footers(seed_docx):
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as z:
        document_xml = z.read("word/document.xml").decode()
        settings = z.read("word/settings.xml").decode()
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert 'w:pgSz w:w="11906" w:h="16838"' in document_xml
    assert 'w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"' in document_xml
    assert 'w:docGrid w:type="lines" w:linePitch="579"' in document_xml
    assert "w:evenAndOddHeaders" in settings
    assert len(footers) == 2 and all("PAGE" in f and "— " in f for f in footers)
    assert any('w:jc w:val="right"' in f for f in footers) and any('w:jc w:val="left"' in f for f in footers)


def test_report_shapes_in_docx():
    """Section leads, （一） items, continuation paragraphs and 一是… passages reach Word intact."""
    from drafter.model import Passage
    from drafter.numbering import LabelStyle

    doc = Document(
        sections=[
            Section(
                heading=Text.of("强化政治建设"),
                lead=[Paragraph(Text.of("始终以习近平新时代中国特色社会主义思想科学指引。"))],
                items=[Item(title=Text.of("坚持党的全面领导。"), body=Text.of("始终坚持。"), more=[Paragraph(Text.of("续段。"))])],
            )
        ],
        closing=[
            Passage(
                lead=[Paragraph(Text.of("主要表现在："))],
                points=[Item(title=Text.of("责任还有差距。"), body=Text.of("少数党组织……")),
                        Item(title=Text.of("能力不相适应。"), body=Text.of("个别党员……"))],
            )
        ],
    )
    doc.numbering.items = LabelStyle.CN_PAREN
    d = docx.Document(io.BytesIO(write_docx(doc, WriterOptions(bold_item_titles=True))))
    assert [p.text for p in d.paragraphs] == [
        "一、强化政治建设",
        "始终以习近平新时代中国特色社会主义思想科学指引。",
        "（一）坚持党的全面领导。始终坚持。",
        "续段。",
        "主要表现在：",
        "一是责任还有差距。少数党组织……",
        "二是能力不相适应。个别党员……",
    ]
    point = d.paragraphs[5]
    assert point.runs[0].text == "一是" and point.runs[1].style.name == "条目标题句"
    assert all(p.style.name == "正文" for p in d.paragraphs[1:])


# -- paragraphs and runs made with style ids (drafter.writers.wml) are python-docx's own XML ---------
AWKWARD_TEXTS = ["", "正文", " 前有空格", "后有空格 ", "\u3000全角空格开头", "全角空格结尾\u3000", "a\tb", "\t", "\n",
                 "一行\n二行", "回车\r换行\r\n", "\t开头的制表符", "结尾的换行\n", "<&>\"'", "\t\t两个", "  ", "x\u00a0"]


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
@pytest.mark.parametrize("style", [None, "char", "highlight", "both"])
def test_wml_runs_are_what_python_docx_writes(text, style):
    from drafter.writers import docx as writer
    from drafter.writers import wml

    document = docx.Document()
    writer._add_styles(document, writer.FONT_SETS["gb2312"], WriterOptions())
    char = writer.STYLE_ITEM_TITLE if style in ("char", "both") else None
    by_docx = document.add_paragraph(style=writer.STYLE_BODY[0])
    run = by_docx.add_run(text, style=char[0] if char else None)
    if style in ("highlight", "both"):
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    run.add_break()
    by_id = wml.add_paragraph(document.element.body, writer.STYLE_BODY[1])
    wml.add_break(wml.add_run(by_id, text, char[1] if char else None,
                              highlight="yellow" if style in ("highlight", "both") else None))
    from lxml import etree

    assert etree.tostring(by_id) == etree.tostring(by_docx._p)
    assert document.element.body[-1].tag == qn("w:sectPr")  # both before the section properties


def test_wml_page_break_paragraph_and_right_indent_are_python_docx_s():
    from docx.enum.text import WD_BREAK
    from docx.shared import Twips
    from lxml import etree

    from drafter.writers import docx as writer
    from drafter.writers import wml

    document = docx.Document()
    writer._add_styles(document, writer.FONT_SETS["gb2312"], WriterOptions())
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    wml.add_break(wml.add_run(wml.add_paragraph(document.element.body)), "page")
    a, b = document.element.body[-3], document.element.body[-2]
    assert etree.tostring(a) == etree.tostring(b)
    for twips in (0, 640, 1234.4, 1234.6):
        p = document.add_paragraph(style=writer.STYLE_ISSUER[0])
        p.paragraph_format.right_indent = Twips(twips)
        q = wml.add_paragraph(document.element.body, writer.STYLE_ISSUER[1])
        wml.set_right_indent(q, writer._twips_xml(twips))
        assert etree.tostring(q) == etree.tostring(p._p)
    cell = document.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0]
    other = document.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0]
    cell.style = writer.STYLE_BODY[0]
    wml.set_paragraph_style(other._p, writer.STYLE_BODY[1])
    assert etree.tostring(cell._p) == etree.tostring(other._p)


# -- the empty package kept per options (drafter.writers.docx_package) writes python-docx's bytes ---------
def _both_ways(doc, options):
    from drafter.writers.docx import write_with_python_docx
    from drafter.writers.docx_package import write_docx as fast

    return fast(doc, options), write_with_python_docx(doc, options)


@pytest.mark.parametrize("config", sorted(p.name for p in (REPO / "configs").glob("*.yaml")))
def test_every_example_is_written_as_python_docx_writes_it(config):
    from drafter.builder import load, writer_options
    from drafter.assembler import assemble

    cfg, library = load(REPO / "configs" / config)
    doc = assemble(cfg, library, draft=True)
    fast, slow = _both_ways(doc, writer_options(cfg))
    assert fast == slow


@pytest.mark.parametrize("fonts", ["gb2312", "windows"])
@pytest.mark.parametrize("bold", [(False, False), (True, False), (False, True), (True, True)])
@pytest.mark.parametrize("title", ["", "标题", "A & B <c> \"d\" 'e'", "回车\r换行\n制表\t", "长" * 255])
def test_options_and_awkward_titles_are_written_as_python_docx_writes_them(fonts, bold, title, monkeypatch):
    import datetime as dt

    from drafter.writers.docx_package import empty_package

    doc = Document(title=Text.of(title), kind="工作要点 & <总结>", preamble=[Paragraph(Text.of(" 前后空格 "))],
                   sections=[Section(heading=Text.of("标题"), items=[Item(body=Text.of("甲", Blank("乙"), "\t丙"))])])
    for date in (None, dt.date(2023, 2, 10)):
        options = WriterOptions(fonts=fonts, bold_item_titles=bold[0], bold_level2=bold[1], date=date)
        fast, slow = _both_ways(doc, options)
        assert fast == slow
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    empty_package.cache_clear()  # made again under SOURCE_DATE_EPOCH
    fast, slow = _both_ways(doc, WriterOptions(fonts=fonts))
    assert fast == slow


def test_a_title_python_docx_refuses_is_refused_alike():
    doc = Document(title=Text.of("长" * 256))
    from drafter.writers.docx import write_with_python_docx
    from drafter.writers.docx_package import write_docx as fast

    for write in (fast, write_with_python_docx):
        with pytest.raises(ValueError, match="exceeded 255 char limit"):
            write(doc, WriterOptions())


def test_the_empty_package_comes_from_the_disk_cache_and_a_damaged_entry_is_made_again(tmp_path, monkeypatch):
    from drafter.writers import docx_package

    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    doc = Document(title=Text.of("标题"), preamble=[Paragraph(Text.of("正文。"))])
    docx_package.empty_package.cache_clear()
    first = docx_package.write_docx(doc)
    [entry] = (tmp_path / "cache" / "docx").glob("*.pickle")
    docx_package.empty_package.cache_clear()
    made = []
    monkeypatch.setattr(docx_package, "_make_empty_package", lambda o: made.append(o))  # must not be needed
    assert docx_package.write_docx(doc) == first and made == []
    monkeypatch.undo()
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    entry.write_bytes(entry.read_bytes()[:100])
    docx_package.empty_package.cache_clear()
    assert docx_package.write_docx(doc) == first
    docx_package.empty_package.cache_clear()


def test_a_warm_docx_build_never_imports_python_docx(tmp_path):
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        import sys
        import drafter
        data = drafter.render("configs/gov-party-group-party-building-2022.yaml", fmt="docx", draft=True).data
        print("docx" in sys.modules, len(data) > 10000)
        """
    )
    env = {**__import__("os").environ, "DRAFTER_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("DRAFTER_NO_CACHE", None)
    runs = [subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, env=env)
            for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert [r.stdout.split() for r in runs] == [["True", "True"], ["False", "True"]]


@pytest.mark.parametrize("fonts", ["gb2312", "windows"])
def test_official_documents_start_from_the_saved_base_as_if_made_anew(fonts, monkeypatch, tmp_path):
    """write_with_python_docx opens the package saved once (docx._official_base); the bytes must
    be those of making the document anew, from the disk cache too."""
    from drafter.builder import load, writer_options
    from drafter.assembler import assemble
    from drafter.writers import docx as writer

    cfg, library = load(REPO / "configs" / "gov-party-group-party-building-2023-notice.yaml")
    doc = assemble(cfg, library, draft=True)
    options = WriterOptions(fonts=fonts, bold_item_titles=True, date=writer_options(cfg).date)
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    writer.official_base.cache_clear()
    from_base = writer.write_with_python_docx(doc, options)
    writer.official_base.cache_clear()
    from_disk = writer.write_with_python_docx(doc, options)

    def anew(options):
        from drafter.writers.docx_official import add_styles

        document = writer.new_document(options)
        add_styles(document, writer.FONT_SETS[options.fonts])
        writer.finish_document(document)
        return document

    monkeypatch.setattr(writer, "_official_base", anew)
    assert from_base == from_disk == writer.write_with_python_docx(doc, options)
    writer.official_base.cache_clear()


def test_a_damaged_official_base_in_the_cache_is_made_again(monkeypatch, tmp_path):
    from drafter.writers import docx as writer

    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    writer.official_base.cache_clear()
    options = WriterOptions()
    good = writer.official_base(options.fonts, False, False)
    writer.official_base.cache_clear()
    from drafter import cache

    key = writer._official_key(options.fonts, False, False)
    cache.store_keyed("docx", key, good[:200])  # bytes, but not a package
    assert writer._official_base(options).styles  # opened after making it again
    assert cache.lookup_keyed("docx", key) == good
    writer.official_base.cache_clear()


@pytest.mark.parametrize("seed", range(5))
def test_write_package_is_zipfile_s_bytes(seed):
    """drafter.writers.ziputil.write_package writes what ZipFile.writestr writes (as repack used
    to), keeping deflated entries: random names, sizes and contents, the same data twice."""
    import datetime as dt
    import random

    from drafter.writers.ziputil import write_package

    rng = random.Random(seed)
    entries = []
    for i in range(rng.randint(1, 25)):
        size = rng.choice([0, 1, 100, 5000, 70000])
        data = bytes(rng.randrange(256) if rng.random() < 0.3 else 65 for _ in range(size))
        entries.append((f"part{i}/{'x' * rng.randint(1, 30)}.xml", data))
    entries.append(("again.xml", entries[0][1]))
    when = dt.datetime(rng.randint(1980, 2107), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                       rng.randint(0, 59), rng.randint(0, 59))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    assert write_package(entries, when) == out.getvalue() == write_package(entries, when)


def test_package_entries_are_what_saving_writes():
    """docx.package_entries collects what python-docx's save() zips, in the same order."""
    from drafter.builder import load
    from drafter.assembler import assemble
    from drafter.writers import docx as writer
    from drafter.writers.docx_official import OfficialParts
    from drafter.flow import flow

    cfg, library = load(REPO / "configs" / "gov-party-group-party-building-2023-notice.yaml")
    doc = assemble(cfg, library, draft=True)

    def written():
        document = writer._official_base(WriterOptions())
        body = writer._Body(document, doc, OfficialParts(document, doc, writer.FONT_SETS["gb2312"]))
        for line in flow(doc):
            body.write(line)
        return document

    out = io.BytesIO()
    written().save(out)
    with zipfile.ZipFile(out) as saved:
        expected = [(info.filename, saved.read(info)) for info in saved.infolist()]
    assert writer.package_entries(written()) == expected
