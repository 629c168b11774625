"""The txt reader: decoding as offices save text, hard line breaks, and the five seeds
read back exactly (import never edits the user's words)."""

import codecs

import pytest

from conftest import SEED_JUNK as JUNK, SEEDS, seed_as_imported
from drafter.errors import ReadError
from drafter.numbering import LabelStyle
from drafter.readers import get_reader, read_path
from drafter.readers.txt import decode, read_txt, split_paragraphs
from drafter.writers.txt import text_lines

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))

# The website junk in the report seed (shared/seeds/README.md): import drops exactly these.
def seed_expected(name: str) -> list[str]:
    """The seed's lines as written, junk removed, placeholders read as ** (see conftest)."""
    return seed_as_imported(name)


def out_lines(result) -> list[str]:
    return [line.strip() for line in text_lines(result.document) if line.strip()]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_round_trip(name):
    result = read_txt((SEEDS / name).read_bytes(), name)
    assert out_lines(result) == seed_expected(name)


def test_five_seeds_are_there():
    assert len(SEED_NAMES) == 5


def test_report_seed_junk_is_reported():
    result = read_txt((SEEDS / "county-party-building-report-2022.txt").read_bytes(), "报告.txt")
    assert result.dropped == list(JUNK)
    assert [str(w) for w in result.findings] == [
        "报告.txt 第4行：删去网站信息「笔杆儿网www.bgzjy.cn」（网址、网站名不属于正文），段落保留",
        "报告.txt 第11行：删去网站信息「笔杆儿网，www.biganzijiayuan.com」（网址、网站名不属于正文），段落保留",
    ]


@pytest.mark.parametrize(
    "name, sections, style, restart",
    [
        ("gov-party-group-party-building-2022.txt", 6, LabelStyle.DIGIT_DOT, True),
        ("gov-party-group-work-2022.txt", 5, LabelStyle.DIGIT_DOT, False),
        ("service-center-party-committee-2022.txt", 5, LabelStyle.DIGIT_COMMA, False),
        ("gov-integrity-2022.txt", 4, LabelStyle.DIGIT_DOT, True),
        ("county-party-building-report-2022.txt", 5, LabelStyle.CN_PAREN, True),
    ],
)
def test_seed_structure(name, sections, style, restart):
    doc = read_txt((SEEDS / name).read_bytes()).document
    assert len(doc.sections) == sections
    assert (doc.numbering.items, doc.numbering.restart) == (style, restart)
    assert len(doc.preamble) == 1


def test_report_seed_shape():
    doc = read_txt((SEEDS / "county-party-building-report-2022.txt").read_bytes()).document
    assert str(doc.title) == "县2022年党的建设工作专题报告"
    assert [len(s.lead) for s in doc.sections] == [1, 1, 1, 1, 1]
    assert [len(s.items) for s in doc.sections] == [3, 4, 2, 2, 0]
    assert [len(p.points) for p in doc.closing] == [3, 4]
    assert str(doc.closing[1].lead[0].text).startswith("2023年，我们将")


def test_service_center_odd_labels_are_explicit():
    doc = read_txt((SEEDS / "service-center-party-committee-2022.txt").read_bytes()).document
    labels = [item.label for s in doc.sections for item in s.items]
    assert labels[:5] == [None] * 5
    assert labels[5:8] == ["8、", "6.", "7、"]


def test_item_over_two_lines_keeps_its_second_paragraph():
    doc = read_txt((SEEDS / "gov-party-group-work-2022.txt").read_bytes()).document
    item7 = doc.sections[2].items[1]
    assert str(item7.title) == "坚持把纪律挺在前面。"
    assert [str(t) for t in item7.more] == ["党组成员对分管领域内的党风廉政建设工作研究部署、督导检查每季度至少1次。"]


# -- decoding --------------------------------------------------------------------------------------
SAMPLE = "2023年党建工作要点\n\n一、加强政治建设\n1.旗帜鲜明讲政治。认真贯彻落实。\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("gb18030"),
        SAMPLE.encode("utf-16"),  # Notepad's "Unicode": UTF-16 with a BOM
        SAMPLE.replace("\n", "\r\n").encode("gbk"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16", "gbk-crlf"],
)
def test_decodings(data):
    assert decode(data).replace("\r\n", "\n") == SAMPLE
    result = read_txt(data)
    assert out_lines(result) == ["2023年党建工作要点", "一、加强政治建设", "1.旗帜鲜明讲政治。认真贯彻落实。"]
    assert not str(result.document.title).startswith("\ufeff")


def test_gbk_is_not_mistaken_for_utf8():
    # GBK bytes of common words are never valid UTF-8, so strict UTF-8 fails first
    assert decode("党的建设".encode("gbk")) == "党的建设"


def test_undecodable_bytes_are_a_chinese_error():
    with pytest.raises(ReadError) as err:
        decode("一、加强建设\n".encode("utf-8") + b"\xff\xfe\xfd\n", "旧文件.txt")
    assert str(err.value) == (
        "旧文件.txt 第2行：无法识别文件的文字编码：既不是 UTF-8，也不是 GBK/GB18030，"
        "请用记事本或 WPS 打开后“另存为”，编码选 UTF-8，再导入"
    )


def test_utf8_bom_with_bad_bytes_is_not_guessed_as_gbk():
    with pytest.raises(ReadError) as err:
        decode(codecs.BOM_UTF8 + "一、加强建设\n".encode("utf-8") + b"\xff\n", "a.txt")
    assert str(err.value) == "a.txt 第2行：文件开头标明是 UTF-8 编码，但内容无法按此解码"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"PK\x03\x04rest", "a.txt：这不是纯文本文件，而是 Word 文档（.docx）或压缩包，请把文件扩展名改为 .docx 后再导入"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a.txt：这不是纯文本文件，而是旧版 Word 文档（.doc），请先在 Word 或 WPS 中另存为 .docx 后再导入"),
        (b"\x00\x01\x02abc", "a.txt：这不是纯文本文件（含有二进制内容），请导入 .txt 或 .docx 文件"),
    ],
)
def test_binary_data_is_refused(data, message):
    with pytest.raises(ReadError) as err:
        read_txt(data, "a.txt")
    assert str(err.value) == message


# -- hard line breaks ------------------------------------------------------------------------------
PDF_COPY = """2023年党建工作要点

2023年，全县党建工作的总体要求是：坚持以习近平新时代中国特
色社会主义思想为指导，全面贯彻党的二十大精神，深入落实新时代党
的建设总要求，以优异成绩推动高质量发展。
一、加强政治建设
1.旗帜鲜明讲政治。认真贯彻《中共中央关于加强党的政治建设的意
见》，把党的政治建设摆在首位，确保全县党员干部在思想上政治上行
动上同党中央保持高度一致。
2.严守纪律讲规矩。严守党的政治纪律和政治规矩，严格落实重大事项
请示报告制度。
二、加强思想建设
　　始终抓牢思想建设这个基础性建设，对广大党员进行党的基本理论教育。
"""


def test_hard_line_breaks_are_joined():
    texts = [p.text for p in split_paragraphs(PDF_COPY)]
    assert texts == [
        "2023年党建工作要点",
        "2023年，全县党建工作的总体要求是：坚持以习近平新时代中国特色社会主义思想为指导，"
        "全面贯彻党的二十大精神，深入落实新时代党的建设总要求，以优异成绩推动高质量发展。",
        "一、加强政治建设",
        "1.旗帜鲜明讲政治。认真贯彻《中共中央关于加强党的政治建设的意见》，把党的政治建设摆在首位，"
        "确保全县党员干部在思想上政治上行动上同党中央保持高度一致。",
        "2.严守纪律讲规矩。严守党的政治纪律和政治规矩，严格落实重大事项请示报告制度。",
        "二、加强思想建设",
        "始终抓牢思想建设这个基础性建设，对广大党员进行党的基本理论教育。",
    ]
    assert [p.line for p in split_paragraphs(PDF_COPY)][:3] == [1, 3, 6]


def test_short_lines_are_never_joined():
    """One paragraph per line (the seeds): a heading is short, so its line is not full."""
    text = "一、加强政治建设\n始终以习近平新时代中国特色社会主义思想科学指引，旗帜鲜明讲政治，把党的政治建设摆在首位。\n" * 3
    assert len(split_paragraphs(text)) == 6


def test_latin_words_split_by_a_break_get_a_space():
    text = "各单位要使用统一的办公平台和规范的文字处理软件Microsoft\nWord起草文件，全面提升工作效率和规范化水平，确保格式\n统一。\n" * 2
    assert split_paragraphs(text)[0].text == (
        "各单位要使用统一的办公平台和规范的文字处理软件Microsoft Word起草文件，全面提升工作效率和规范化水平，确保格式统一。")


# -- registry --------------------------------------------------------------------------------------
def test_read_path_by_extension(tmp_path):
    path = tmp_path / "要点.TXT"
    path.write_bytes(SAMPLE.encode("gbk"))
    result = read_path(path)
    assert result.source == str(path)
    assert str(result.document.title) == "2023年党建工作要点"


@pytest.mark.parametrize(
    "name, message",
    [
        ("dox", "不能导入「dox」格式的文件，您是不是想用「docx」？"),
        ("odt", "不能导入「odt」格式的文件，请在 LibreOffice 或 WPS 中打开，“另存为” .docx 后再导入"),
        ("xyz", "不能导入「xyz」格式的文件，可导入的格式：txt、docx、pdf、doc、wps、rtf"),
    ],
)
def test_unknown_formats(name, message):
    with pytest.raises(ReadError) as err:
        get_reader(name)
    assert str(err.value) == message
    assert err.value.exit_code == 2


def test_read_path_errors(tmp_path):
    with pytest.raises(ReadError) as err:
        read_path(tmp_path / "没有.txt")
    assert str(err.value) == f"{tmp_path / '没有.txt'}：文件不存在"
    (tmp_path / "旧.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReadError, match="另存为"):
        read_path(tmp_path / "旧.doc")
