"""Model → labelled paragraphs: numbering from levels, restart or continuous, explicit labels."""

from drafter.flow import Role, flow
from drafter.model import Blank, Document, Item, Numbering, Paragraph, Section, Signature, Text
from drafter.numbering import LabelStyle
from drafter.writers.txt import text_lines


def T(*parts):
    return Text.of(*parts)


def _doc(restart=True, style=LabelStyle.DIGIT_DOT, sections=2, items=2):
    return Document(
        title=T("标题"),
        preamble=[Paragraph(T("开头。"))],
        sections=[
            Section(heading=T(f"部分{s}"), items=[Item(body=T(f"条{s}-{i}。")) for i in range(items)])
            for s in range(sections)
        ],
        numbering=Numbering(items=style, restart=restart),
    )


def test_restart_per_section():
    labels = [line.label for line in flow(_doc()) if line.role is Role.ITEM]
    assert labels == ["1.", "2.", "1.", "2."]


def test_continuous_numbering():
    labels = [line.label for line in flow(_doc(restart=False, style=LabelStyle.DIGIT_COMMA))]
    assert [lab for lab in labels if lab] == ["一、", "1、", "2、", "二、", "3、", "4、"]


def test_headings_beyond_ten():
    labels = [line.label for line in flow(_doc(sections=21, items=0)) if line.role is Role.HEADING]
    assert labels[9:12] == ["十、", "十一、", "十二、"]
    assert labels[19:] == ["二十、", "二十一、"]


def test_sub_items_take_the_next_level():
    doc = _doc(style=LabelStyle.CN_PAREN, sections=1, items=1)
    doc.sections[0].items[0].children = [Item(body=T("子项。"), children=[Item(body=T("孙项。"))])]
    lines = [line for line in flow(doc) if line.role is Role.ITEM]
    assert [(line.label, line.level) for line in lines] == [("（一）", 2), ("1.", 3), ("（1）", 4)]


def test_explicit_label_overrides_but_keeps_the_count():
    doc = _doc(sections=1, items=3)
    doc.sections[0].items[1].label = "6."
    assert [line.label for line in flow(doc) if line.role is Role.ITEM] == ["1.", "6.", "3."]


def test_text_lines_show_labels_titles_blanks_and_signature():
    doc = Document(
        sections=[Section(heading=T("聚焦发展"), items=[Item(title=T("扩大投资。"), body=T("增长", Blank("增长率"), "%以上。"))])],
        signature=Signature(issuer=T("县政府党组"), date=T("2023年2月10日")),
    )
    assert text_lines(doc) == ["一、聚焦发展", "1.扩大投资。增长**%以上。", "", "县政府党组", "2023年2月10日"]
    assert [b.name for b in doc.blanks()] == ["增长率"]
