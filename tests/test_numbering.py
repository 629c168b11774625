"""Chinese numerals and labels: made in one place, parsed back by the same module."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafter.numbering import LabelStyle, chinese_numeral, item_styles, parse_chinese_numeral, parse_label


@pytest.mark.parametrize(
    "n, text",
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1005, "一千零五"),
    ],
)
def test_chinese_numerals(n, text):
    assert chinese_numeral(n) == text
    assert parse_chinese_numeral(text) == n


@given(st.integers(min_value=1, max_value=99999))
def test_numerals_round_trip(n):
    assert parse_chinese_numeral(chinese_numeral(n)) == n


@pytest.mark.parametrize(
    "style, n, label",
    [
        (LabelStyle.CN_COMMA, 11, "十一、"),
        (LabelStyle.CN_PAREN, 20, "（二十）"),
        (LabelStyle.DIGIT_DOT, 12, "12."),
        (LabelStyle.DIGIT_COMMA, 3, "3、"),
        (LabelStyle.DIGIT_PAREN, 4, "（4）"),
        (LabelStyle.CN_SHI, 4, "四是"),
    ],
)
def test_labels(style, n, label):
    assert style.label(n) == label
    assert parse_label(label + "正文") == (style, n, label)


@given(st.sampled_from(list(LabelStyle)), st.integers(min_value=1, max_value=19))
def test_labels_round_trip(style, n):
    label = style.label(n)
    assert parse_label(label + "加强党的建设") == (style, n, label)


def test_parse_label_variants():
    # half-width parentheses and the full-width full stop of the seeds
    assert parse_label("(一)坚持") == (LabelStyle.CN_PAREN, 1, "(一)")
    assert parse_label("6．推进") == (LabelStyle.DIGIT_DOT, 6, "6．")
    # a decimal number is not a label
    assert parse_label("3.5万亩") is None
    assert parse_label("坚持党的领导") is None


def test_item_styles_follow_the_standard_sequence():
    assert item_styles(LabelStyle.CN_PAREN, 3) == [LabelStyle.CN_PAREN, LabelStyle.DIGIT_DOT, LabelStyle.DIGIT_PAREN]
    assert item_styles(LabelStyle.DIGIT_COMMA, 2) == [LabelStyle.DIGIT_COMMA, LabelStyle.DIGIT_PAREN]


def test_zero_is_not_a_numeral():
    with pytest.raises(ValueError):
        chinese_numeral(0)
