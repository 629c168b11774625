"""The shared recogniser: flat paragraphs → model, on short inline Chinese snippets.

Each test builds the paragraphs a reader would give, checks the model's shape, and
where it matters that writing the model back gives the same text (the round trip).
"""

import pytest

from drafter.findings import Finding
from drafter.model import Blank, Text
from drafter.numbering import LabelStyle
from drafter.readers.structure import (FlatParagraph, build_document, cut_junk, cut_residue, find_placeholders,
                                       is_junk_paragraph)
from drafter.writers.txt import text_lines


def read(text: str):
    """Paragraphs from the non-empty lines of *text* (as the txt reader gives them)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return build_document([FlatParagraph(line, line=n) for n, line in enumerate(lines, 1)], "测试")


def lines_of(result):
    return [line for line in text_lines(result.document) if line]


def same_text(text: str):
    """Read *text* and assert that writing the model back gives exactly its lines."""
    result = read(text)
    assert lines_of(result) == [line.strip() for line in text.strip().splitlines() if line.strip()]
    return result


THREE_LEVELS = """
2023年党建工作要点
2023年全县党建工作的总体要求是：坚持以习近平新时代中国特色社会主义思想为指导。
一、加强政治建设
（一）旗帜鲜明讲政治。认真贯彻落实。
1.严守纪律。严守党的政治纪律和政治规矩。
（1）每季度研究一次。党组会议专题研究。
（2）每年报告一次。向上级党组织报告。
2.压实责任。认真履行管党治党政治责任。
（二）加强思想建设。持续强化理论武装。
二、加强组织建设
（一）严肃党内政治生活。严格落实“三会一课”。
"""


def test_three_levels_below_sections():
    result = same_text(THREE_LEVELS)
    doc = result.document
    assert str(doc.title) == "2023年党建工作要点"
    assert [str(p.text)[:4] for p in doc.preamble] == ["2023"]
    assert [str(s.heading) for s in doc.sections] == ["加强政治建设", "加强组织建设"]
    first = doc.sections[0].items[0]
    assert (str(first.title), str(first.body)) == ("旗帜鲜明讲政治。", "认真贯彻落实。")
    assert [str(c.title) for c in first.children] == ["严守纪律。", "压实责任。"]
    assert [str(g.title) for g in first.children[0].children] == ["每季度研究一次。", "每年报告一次。"]
    assert doc.numbering.items is LabelStyle.CN_PAREN and doc.numbering.restart
    # every label is what the numbering generates: none stored
    assert all(s.label is None for s in doc.sections)
    assert result.cover == [] and result.findings == [] and result.dropped == []


def test_sections_labelled_1_comma_hold_items_1_dot():
    """Same digits, different punctuation: the first style seen is the top level."""
    result = same_text("""
    1、加强政治建设
    1.旗帜鲜明讲政治。认真贯彻落实。
    2.严守纪律讲规矩。严守党的政治纪律。
    2、加强思想建设
    1.持续强化理论武装。坚持学习。
    """)
    doc = result.document
    assert [s.label for s in doc.sections] == ["1、", "2、"]  # the writer would say 一、
    assert [len(s.items) for s in doc.sections] == [2, 1]
    assert doc.numbering.items is LabelStyle.DIGIT_DOT and doc.numbering.restart


def test_flat_list_becomes_sections_with_their_labels():
    """Not yet structured: a headingless list maps to sections (the model has no loose items)."""
    result = same_text("""
    1.旗帜鲜明讲政治。认真贯彻落实。
    2.严守纪律讲规矩。严守党的政治纪律。
    3.压实责任抓落实。认真履行管党治党政治责任。
    """)
    assert [s.label for s in result.document.sections] == ["1.", "2.", "3."]


def test_continuous_numbering_is_detected():
    result = same_text("""
    一、加强政治建设
    1.严守纪律。内容。
    2.严肃生活。内容。
    二、加强思想建设
    3.抓实学习。内容。
    """)
    assert result.document.numbering.restart is False
    assert all(item.label is None for s in result.document.sections for item in s.items)


def test_odd_numbering_is_kept_as_explicit_labels():
    result = same_text("""
    一、强基固本
    1、抓好支部建设。内容。
    2、抓牢党员教育。内容。
    3、坚持正确导向。内容。
    5、持续开展活动。内容。
    8、推进标准化建设。内容。
    6.加强群团建设。内容。
    7、完善责任制。内容。
    """)
    items = result.document.sections[0].items
    assert len(items) == 7  # 6. is a slip of the same level, not a sub-item of 8、
    assert [i.label for i in items] == [None, None, None, "5、", "8、", "6.", None]


def test_half_width_brackets_are_kept():
    result = same_text("""
    一、加强政治建设
    (一)旗帜鲜明讲政治。内容。
    （二）严守纪律讲规矩。内容。
    """)
    assert [i.label for i in result.document.sections[0].items] == ["(一)", None]


def test_missing_title_starts_with_the_preamble():
    result = same_text("""
    2022年县政府党组党建工作的总体要求是：坚持以习近平新时代中国特色社会主义思想为指导。
    一、聚焦“两个确立”，全面加强党的政治建设
    1.旗帜鲜明讲政治。认真贯彻落实。
    """)
    assert not result.document.title
    assert len(result.document.preamble) == 1


def test_section_lead_and_item_continuation():
    result = same_text("""
    一、强化思想引领，构建团结统一的意识形态
    始终抓牢思想建设这个基础性建设。
    （一）深化创新理论武装。坚持用党的创新理论凝心聚魂。
    这一段接着上一条。
    （二）迅速掀起学习热潮。把学习贯彻作为首要政治任务。
    """)
    section = result.document.sections[0]
    assert [str(p.text) for p in section.lead] == ["始终抓牢思想建设这个基础性建设。"]
    assert [str(t) for t in section.items[0].more] == ["这一段接着上一条。"]


CLOSING = """
一、强化制度治党
（一）完善制度。制定出台实施方案。
这是上一条的第二段。
一年来，我们取得了明显成效，但也存在一些问题，主要表现在：
一是责任还有差距。少数书记学习不够。
二是能力还不适应。个别干部本领不强。
2023年，我们将坚持以习近平新时代中国特色社会主义思想为指导，重点抓好以下工作：
一是全面强化政治建设。突出学习宣传贯彻。
二是全面夯实基层基础。全面传导压实责任。

中共**县委
2023年2月10日
"""


def test_closing_passages_points_and_signature():
    result = same_text(CLOSING)
    doc = result.document
    assert [str(t) for t in doc.sections[0].items[0].more] == ["这是上一条的第二段。"]
    assert [len(p.lead) for p in doc.closing] == [1, 1]
    assert [[str(pt.title) for pt in p.points] for p in doc.closing] == [
        ["责任还有差距。", "能力还不适应。"], ["全面强化政治建设。", "全面夯实基层基础。"]]
    assert str(doc.signature.issuer) == "中共**县委" and str(doc.signature.date) == "2023年2月10日"


def test_paragraph_after_last_item_without_closing_marker_continues_it():
    result = same_text("""
    一、加强建设
    1.完善制度。内容。
    各单位要结合实际抓好落实。
    """)
    assert result.document.closing == []
    assert [str(t) for t in result.document.sections[0].items[0].more] == ["各单位要结合实际抓好落实。"]


def test_points_inside_a_section_stay_text():
    """一是 paragraphs right after an item continue it, with 一是 kept in the text."""
    result = same_text("""
    一、加强建设
    1.完善制度。主要做好以下工作：
    一是健全制度。内容。
    二是抓好执行。内容。
    二、加强监督
    1.强化问责。内容。
    """)
    first = result.document.sections[0].items[0]
    assert [str(t) for t in first.more] == ["一是健全制度。内容。", "二是抓好执行。内容。"]
    assert result.document.closing == []


def test_inline_points_are_one_paragraph():
    result = same_text("""
    一、存在问题
    主要是：一是责任还有差距；二是能力还不适应；三是作风还不扎实。
    """)
    assert [str(p.text) for p in result.document.sections[0].lead] == [
        "主要是：一是责任还有差距；二是能力还不适应；三是作风还不扎实。"]


def test_points_without_sections_form_a_passage():
    result = same_text("""
    存在的问题主要是：
    一是责任还有差距。内容。
    二是能力还不适应。内容。
    """)
    doc = result.document
    assert doc.preamble == [] and len(doc.closing) == 1 and len(doc.closing[0].points) == 2


COVER = """
各乡镇党委，县直各单位党组（党委）：
现将《2023年党建工作要点》印发给你们，请结合实际认真抓好落实。
中共**县委办公室
2023年2月10日
2023年党建工作要点
一、加强政治建设
1.旗帜鲜明讲政治。认真贯彻落实。
"""


def test_cover_notice_before_the_title():
    result = read(COVER)
    assert result.cover == [
        "各乡镇党委，县直各单位党组（党委）：",
        "现将《2023年党建工作要点》印发给你们，请结合实际认真抓好落实。",
        "中共**县委办公室",
        "2023年2月10日",
    ]
    doc = result.document
    assert [str(p.text) for p in doc.cover] == ["各乡镇党委，县直各单位党组（党委）：",
                                                "现将《2023年党建工作要点》印发给你们，请结合实际认真抓好落实。",
                                                "中共**县委办公室", "2023年2月10日"]
    assert str(doc.title) == "2023年党建工作要点"
    assert doc.signature is None and len(doc.sections) == 1
    assert lines_of(result) == [line.strip() for line in COVER.strip().splitlines()]


def test_styled_title_marks_everything_before_it_as_cover():
    paras = [FlatParagraph("关于印发《工作要点》的通知"), FlatParagraph("各单位："),
             FlatParagraph("工作要点", title=True), FlatParagraph("一、加强建设")]
    result = build_document(paras)
    assert result.cover == ["关于印发《工作要点》的通知", "各单位："]
    assert str(result.document.title) == "工作要点"


def test_title_style_further_down_without_a_notice_is_not_a_cover():
    paras = [FlatParagraph("2023年，全县党建工作的总体要求是：坚持以习近平新时代中国特色社会主义思想为指导。"),
             FlatParagraph("一、加强政治建设", title=True), FlatParagraph("1.旗帜鲜明讲政治。认真贯彻落实。")]
    result = build_document(paras)
    assert result.cover == [] and not result.document.title
    assert len(result.document.preamble) == 1 and len(result.document.sections) == 1


def test_empty_input_gives_an_empty_document():
    result = build_document([])
    assert text_lines(result.document) == [] and result.findings == []


def test_unnumbered_level_one_headings_become_sections():
    paras = [FlatParagraph("加强政治建设", outline=1), FlatParagraph("1.旗帜鲜明讲政治。认真贯彻落实。"),
             FlatParagraph("加强思想建设", outline=1), FlatParagraph("1.持续强化理论武装。坚持学习。")]
    doc = build_document(paras).document
    assert [str(s.heading) for s in doc.sections] == ["加强政治建设", "加强思想建设"]
    assert text_lines(doc)[0] == "一、加强政治建设"  # the writer numbers them


@pytest.mark.parametrize("date", ["2023年2月10日", "二〇二三年二月十日", "2023 年 12 月 1 日"])
def test_signature_dates(date):
    doc = read(f"一、加强建设\n1.完善制度。内容。\n中共**县委\n{date}").document
    assert str(doc.signature.date) == date and str(doc.signature.issuer) == "中共**县委"


@pytest.mark.parametrize(
    "body, title",
    [
        ("旗帜鲜明讲政治。认真贯彻落实。", "旗帜鲜明讲政治。"),
        ("坚持用党的创新理论凝心聚魂通过实施各项工程大抓学习。并且持续推进。", ""),  # first sentence too long
        ("加强组织建设。", ""),  # no body follows
        ("认真贯彻，落实到位", ""),
    ],
)
def test_item_title_sentence(body, title):
    item = read(f"一、部分\n1.{body}").document.sections[0].items[0]
    assert str(item.title) == title
    assert str(item.title) + str(item.body) == body


@pytest.mark.parametrize(
    "text, blanks",
    [
        ("工业增加值增长**%以上", ["**"]),
        ("其他主流媒体****多篇", ["****"]),
        ("共＊＊人", ["＊＊"]),
        ("“数字政府·智慧X”建设", ["X"]),
        ("加快XX建设", ["XX"]),
        ("××单位和×局", ["××", "×"]),
        ("XXXX年XX月XX日", ["XXXX", "XX", "XX"]),
        ("Type X 接口", []),  # Latin word
        ("X-ray 检查和X光片", []),
        ("面积3×4米", []),  # multiplication
        ("通过“社县E家”信息平台", []),
        ("注*：单个星号是注释", []),
        ("其中专题研讨_次，集中研讨____次", ["_", "____"]),
        ("整改率达到X X%，（XX）、“××”", ["X X", "XX", "××"]),
        ("全年通报＿＿次", ["＿＿"]),
        ("文件名 report_2023 和 __init__", []),  # Latin words
        ("______________", []),  # a rule line, not a blank
        ("某某同志负责", []),  # words: check reports it
    ],
)
def test_find_placeholders(text, blanks):
    assert [text[a:b] for a, b in find_placeholders(text)] == blanks


def test_placeholders_become_numbered_blanks():
    doc = read("一、加强XX建设\n1.扩大投资。增长**%以上，新建X个。").document
    assert [b.name for b in doc.blanks()] == ["待填1", "待填2", "待填3"]
    assert doc.sections[0].items[0].body == Text.of("增长", Blank("待填2"), "%以上，新建", Blank("待填3"), "个。")
    assert text_lines(doc) == ["一、加强**建设", "1.扩大投资。增长**%以上，新建**个。"]


@pytest.mark.parametrize(
    "text, kept, cut",
    [
        ("锤炼对党绝对忠诚的政治品格笔杆儿网www.bgzjy.cn", "锤炼对党绝对忠诚的政治品格", ["笔杆儿网www.bgzjy.cn"]),
        ("全覆盖。笔杆儿网，www.biganzijiayuan.com", "全覆盖。", ["笔杆儿网，www.biganzijiayuan.com"]),
        ("全覆盖。https://example.com/a?b=1", "全覆盖。", ["https://example.com/a?b=1"]),
        ("登录中国政府网（www.gov.cn）查询。", "登录中国政府网（www.gov.cn）查询。", []),  # inside a sentence
        ("本文来源：笔杆儿网", "本文来源：", ["笔杆儿网"]),
    ],
)
def test_cut_junk(text, kept, cut):
    assert cut_junk(text) == (kept, cut)


def test_junk_is_dropped_with_warnings_not_printed():
    result = read("""
    一、强化政治建设笔杆儿网www.bgzjy.cn
    1.完善制度。内容。
    本文来源：笔杆儿网 www.bgzjy.cn
    www.example.com
    """)
    assert lines_of(result) == ["一、强化政治建设", "1.完善制度。内容。"]
    assert result.dropped == ["笔杆儿网www.bgzjy.cn", "本文来源：笔杆儿网 www.bgzjy.cn", "www.example.com"]
    assert all(isinstance(w, Finding) for w in result.findings)
    assert [str(w) for w in result.findings] == [
        "测试 第1行：删去网站信息「笔杆儿网www.bgzjy.cn」（网址、网站名不属于正文），段落保留",
        "测试 第3行：整段是网站信息「本文来源：笔杆儿网 www.bgzjy.cn」，已删除（网址、网站名不属于正文）",
        "测试 第4行：整段是网站信息「www.example.com」，已删除（网址、网站名不属于正文）",
    ]


@pytest.mark.parametrize(
    "text, kept, residue",
    [
        ("作者：佚名 发布时间：2023-02-15 浏览：1024次", "", "作者：佚名 发布时间：2023-02-15 浏览：1024次"),
        ("发布日期：2023年3月1日", "", "发布日期：2023年3月1日"),
        ("来源：网络整理 责任编辑：小李", "", "来源：网络整理 责任编辑：小李"),
        ("本文来源于网络，仅供学习参考。", "", "本文来源于网络，仅供学习参考。"),
        ("更多精彩范文，敬请关注……", "", "更多精彩范文，敬请关注……"),
        ("【字体：大 中 小】【打印】【关闭】", "", "【字体：大 中 小】【打印】【关闭】"),
        ("第2页 共5页", "", "第2页 共5页"),
        ("推行“一网通办”。更多精彩内容请访问本站。如有侵权请联系删除。", "推行“一网通办”。",
         "更多精彩内容请访问本站。如有侵权请联系删除。"),
        # the document's own words
        ("更多精彩文化活动走进乡村。", "更多精彩文化活动走进乡村。", None),
        ("开展电梯安全专项检查，资金来源：县级财政。", "开展电梯安全专项检查，资金来源：县级财政。", None),
        ("时间：2023年3月1日，地点：县政府三楼会议室。", "时间：2023年3月1日，地点：县政府三楼会议室。", None),
        ("发文字号：柳政发〔2023〕1号", "发文字号：柳政发〔2023〕1号", None),
        ("关注群众急难愁盼问题，更多关注困难群体。", "关注群众急难愁盼问题，更多关注困难群体。", None),
        ("作者要深入基层，编辑要严把质量关。", "作者要深入基层，编辑要严把质量关。", None),
    ],
)
def test_cut_residue(text, kept, residue):
    assert cut_residue(text) == (kept, residue)
    assert is_junk_paragraph(text) == (kept == "")


def test_site_residue_without_a_url_is_dropped_with_warnings():
    result = read("""
    一、强化政治建设
    作者：佚名 发布时间：2023-02-15 浏览：1024次
    1.完善制度。内容。本文来源于网络，仅供参考。
    """)
    assert lines_of(result) == ["一、强化政治建设", "1.完善制度。内容。"]
    assert result.dropped == ["作者：佚名 发布时间：2023-02-15 浏览：1024次", "本文来源于网络，仅供参考。"]
    assert [str(w) for w in result.findings] == [
        "测试 第2行：整段是网页残留「作者：佚名 发布时间：2023-02-15 浏览：1024次」，已删除（转载说明、作者和浏览信息不属于正文）",
        "测试 第3行：删去网页残留「本文来源于网络，仅供参考。」（转载说明、作者和浏览信息不属于正文），段落保留",
    ]


def test_site_names_with_a_pdf_space_inside_are_junk():
    assert cut_junk("政治品格笔杆儿 网www.bgzjy.cn") == ("政治品格", ["笔杆儿 网www.bgzjy.cn"])


def test_spaces_after_labels_belong_to_the_label():
    doc = same_text("""
    一、 稳定粮食生产
    1. 抓好春耕备耕。 落实播种面积。
    （1）\u3000做好储备。提前谋划。
    下一步，我们将持续用力。
    一是 加强统筹。
    """).document
    section = doc.sections[0]
    assert section.label == "一、 " and str(section.heading) == "稳定粮食生产"
    item = section.items[0]
    assert item.label == "1. " and str(item.title) == ""  # the body would start with a space: no title sentence
    assert str(item.body) == "抓好春耕备耕。 落实播种面积。"
    assert item.children[0].label == "（1）\u3000" and str(item.children[0].title) == "做好储备。"
    assert doc.closing[0].points[0].label == "一是 "


def test_a_label_alone_on_its_line_joins_the_next_paragraph():
    result = read("""
    一、
    加强森林资源保护
    1.
    严格林地用途管制。全年查处案件**起。
    2.
    3.做好森林防火工作。
    """)
    assert lines_of(result) == ["一、加强森林资源保护", "1.严格林地用途管制。全年查处案件**起。", "2.",
                                "3.做好森林防火工作。"]
    assert result.document.sections[0].origin.line == 1


def test_sibling_sections_of_uneven_depth():
    """Under the last section 1. comes straight after the heading: 2. is its sibling, not its child."""
    doc = same_text("""
    一、加快建设
    （一）推进改造。
    1.完成改造。年底建成。
    二、抓好党建
    1.召开会议。
    2.开展教育。
    """).document
    assert [len(s.items) for s in doc.sections] == [1, 2]
    assert [i.label for i in doc.sections[1].items] == ["1.", "2."]


REPORT_ENDING_IN_A_SECTION = """
2023年工作总结
今年以来，我们坚持稳中求进。
一、主要工作
（一）抓好党建。全年召开会议12次。
（二）抓好发展。全年增长6%。
二、存在问题和下一步打算
一年来，工作取得了一定成效，但也存在一些问题。
一是责任落实还有差距。
二是能力素质还不适应。
下一步，我们将重点抓好以下工作：
一是强化责任。层层压实。
二是提升能力。加强培训。
"""


def test_a_last_section_about_problems_and_plans_keeps_its_content():
    doc = same_text(REPORT_ENDING_IN_A_SECTION).document
    assert [str(s.heading) for s in doc.sections] == ["主要工作", "存在问题和下一步打算"]
    last = doc.sections[1]
    assert [str(p) for p in last.lead][:2] == ["一年来，工作取得了一定成效，但也存在一些问题。", "一是责任落实还有差距。"]
    assert len(last.lead) == 6 and doc.closing == []


def test_closing_passages_never_start_right_under_a_heading():
    text = REPORT_ENDING_IN_A_SECTION.replace("二、存在问题和下一步打算", "二、强化作风建设")
    doc = same_text(text).document
    last = doc.sections[1]
    assert [str(p) for p in last.lead] == ["一年来，工作取得了一定成效，但也存在一些问题。", "一是责任落实还有差距。",
                                         "二是能力素质还不适应。"]
    assert [str(p) for p in doc.closing[0].lead] == ["下一步，我们将重点抓好以下工作："]
    assert [str(p.title) for p in doc.closing[0].points] == ["强化责任。", "提升能力。"]


def test_read_paragraphs_remember_their_line_and_paragraph_number():
    result = read(REPORT_ENDING_IN_A_SECTION)
    doc = result.document
    assert doc.title_origin.as_dict() == {"file": "测试", "line": 1, "paragraph": 1}
    assert doc.sections[0].items[1].origin.line == 5
    assert doc.sections[1].origin.as_dict() == {"file": "测试", "line": 6, "paragraph": 6}
    assert doc.sections[1].lead[5].origin.line == 12
