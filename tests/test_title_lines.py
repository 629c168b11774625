"""Long titles break into balanced lines (trapezoid or diamond), never inside a word."""

import io
import itertools
import math
import sys

import docx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import REPO
from drafter import render
from drafter.layout import TITLE_CHARS_PER_LINE, text_width_chars
from drafter.readers import read_path
from drafter.writers.title_lines import _AFTER_WORDS, _TERMS, break_positions, title_lines


@pytest.mark.parametrize(
    "title, lines",
    [
        ("2023年县政府党组党建工作要点", ["2023年县政府党组党建工作要点"]),
        ("2023年县政府系统党风廉政建设和反腐败工作要点", ["2023年县政府系统党风廉政建设", "和反腐败工作要点"]),
        ("2023年岳阳市政务服务中心机关党委党建工作要点", ["2023年岳阳市政务服务中心", "机关党委党建工作要点"]),
        (
            "关于进一步加强和改进新时代全县机关党的建设推动机关党建高质量发展的实施意见",
            ["关于进一步加强和", "改进新时代全县机关党的建设推动机关", "党建高质量发展的实施意见"],
        ),
    ],
)
def test_title_lines(title, lines):
    assert title_lines(title) == lines


TITLE_PARTS = st.lists(
    st.sampled_from(["2023年", "县政府", "党组", "党的建设", "工作要点", "关于", "全面从严治党", "和", "专题报告", "机关"]),
    min_size=1, max_size=14,
)


@given(TITLE_PARTS)
def test_lines_fit_keep_the_text_and_never_split_a_term(parts):
    title = "".join(parts)
    lines = title_lines(title)
    assert "".join(lines) == title
    if len(lines) > 1:
        assert all(text_width_chars(line) <= TITLE_CHARS_PER_LINE for line in lines)
        joins = [sum(len(x) for x in lines[:k]) for k in range(1, len(lines))]
        for term in ("党的建设", "全面从严治党", "工作要点", "专题报告", "2023"):
            start = title.find(term)
            while start >= 0:
                assert not any(start < j < start + len(term) for j in joins), (title, lines)
                start = title.find(term, start + 1)


def test_docx_title_breaks_and_reads_back_as_one_line(tmp_path):
    data = render(REPO / "configs" / "gov-integrity-2023.yaml", fmt="docx").data
    title = docx.Document(io.BytesIO(data)).paragraphs[0]
    assert title.style.name == "公文标题"
    assert title.text == "2023年县政府系统党风廉政建设\n和反腐败工作要点"
    path = tmp_path / "integrity.docx"
    path.write_bytes(data)
    assert str(read_path(path).document.title) == "2023年县政府系统党风廉政建设和反腐败工作要点"


# --- The dynamic programme against the exhaustive search it replaced ----------------------
#
# The first title_lines tried every combination of break positions; it is kept here as the
# oracle (exponential, so only for titles of up to ~60 characters, three or four lines).


def _oracle_score(widths):
    mean = sum(widths) / len(widths)
    score = sum((w - mean) ** 2 for w in widths)
    decreasing = all(a >= b for a, b in zip(widths, widths[1:]))
    middle = widths.index(max(widths))
    diamond = len(widths) >= 3 and 0 < middle < len(widths) - 1 and all(
        a <= b for a, b in zip(widths[:middle], widths[1 : middle + 1])
    ) and all(a >= b for a, b in zip(widths[middle:], widths[middle + 1 :]))
    if not (decreasing or diamond):
        score += 100
    return score


def _oracle(title, per_line):
    """(best score, its lines, how many splits share that score), or (None, [title], _)
    when the title fits on one line or no split fits."""
    total = text_width_chars(title)
    if total <= per_line:
        return None, [title], 1
    count = math.ceil(total / per_line)
    positions = break_positions(title)
    scored = []
    for n in (count, count + 1):
        if len(positions) < n - 1:
            continue
        for cut in itertools.combinations(positions, n - 1):
            bounds = (0, *cut, len(title))
            lines = [title[a:b] for a, b in zip(bounds, bounds[1:])]
            widths = [text_width_chars(line) for line in lines]
            if max(widths) > per_line:
                continue
            scored.append((_oracle_score(widths) + (50 if n > count else 0), lines))
    if not scored:
        return None, [title], 0
    best = scored[0]
    for entry in scored:
        if entry[0] < best[0]:
            best = entry
    ties = sum(1 for score, _ in scored if math.isclose(score, best[0], rel_tol=0, abs_tol=1e-9))
    return best[0], best[1], ties


def _split_score(lines, per_line):
    count = math.ceil(text_width_chars("".join(lines)) / per_line)
    return _oracle_score([text_width_chars(line) for line in lines]) + (50 if len(lines) > count else 0)


# What titles are made of: years, units, the title words and fixed terms the break rules
# know, function words, punctuation, digits and Latin letters, and plain words they don't.
REALISTIC_PIECES = st.sampled_from([
    "2023年", "2024年度", "县政府党组", "机关党委", "政务服务中心", "市直机关", "新时代", "高质量发展",
    "推进", "加强和改进", "进一步", "若干措施", "的", "和", "与", "及", "暨",
    *_AFTER_WORDS, *_TERMS,
    "，", "、", "《", "》", "“", "”", "12", "5G", "2023-2025", "AI", "APP", "ISO9001",
])


@st.composite
def realistic_titles(draw):
    """(title, per_line): narrower lines than the real ones give more lines, and shapes,
    from a title the oracle can still search (at most three lines' worth: three or four)."""
    per_line = draw(st.sampled_from([6, 8, 10, 14, TITLE_CHARS_PER_LINE]))
    title = "".join(draw(st.lists(REALISTIC_PIECES, min_size=per_line // 3, max_size=2 * per_line)))
    cut = draw(st.integers(min_value=per_line, max_value=3 * per_line))  # mostly over a line
    return title[:cut], per_line


@settings(max_examples=600, deadline=None)
@given(realistic_titles())
# An inverted trapezoid that wins, though a trapezoid fits: it is 100 less unbalanced.
@example(("高质量发展县政府党组若干措施AI若干措施AI，高质量发展工作要点高质量发展", TITLE_CHARS_PER_LINE))
# Equal widths on the way up keep a diamond rising; the walk must take them so.
@example(("”2024年度报告”政务服务中心专题", 6))
@example(("实施规定要点精神贯彻加强和改进》，实", 6))
# Six lines (not a realistic title, but the oracle's last reach): rising again after an
# equal pair further down.
@example(("的年a年a的的年，，的，年年的年", 3))
def test_same_breaks_as_the_exhaustive_search(case):
    title, per_line = case
    score, lines, ties = _oracle(title, per_line)
    got = title_lines(title, per_line)
    if score is None:
        assert got == lines
        return
    assert math.isclose(_split_score(got, per_line), score, rel_tol=0, abs_tol=1e-9), (title, got, lines)
    if ties == 1:
        assert got == lines


# --- Long titles: the work grows linearly with the length --------------------------------
#
# Pasted paragraphs used to hang the exhaustive search (a 229-character one never finished).
# The work is counted as lines of title_lines.py executed, which does not depend on the
# machine's speed, and a run that goes over the budget is stopped there rather than hanging.

LINES_RUN_PER_CHAR = 200  # about 70 measured for the densest titles below

PASTED_PARAGRAPH = (
    "为深入学习贯彻党的二十大精神，全面落实县委县政府关于加强和改进新时代机关党的建设的部署要求，"
    "推动全面从严治党向纵深发展，县政府党组结合工作实际，研究制定了2023年度党风廉政建设和反腐败工作要点，"
    "明确了主体责任、监督责任和一岗双责的具体内容，现将有关事项通知如下，请各单位、各部门结合实际，"
    "认真贯彻落实，确保各项工作任务落到实处，取得实效，并于2023年12月底前将落实情况报县政府办公室和机关党委。"
    "联系人：县政府办公室李明，电话0730-1234567，邮箱dangwei@example.gov.cn。"
)
# Break positions every few characters: the search has many splits to weigh.
DENSE_TITLE = "关于贯彻落实全县机关党的建设工作会议精神的实施意见和"


class _OverBudget(Exception):
    pass


def _title_lines_counting(title):
    """title_lines(title) and the number of lines of title_lines.py it ran."""
    module = sys.modules[title_lines.__module__]
    budget, run = LINES_RUN_PER_CHAR * len(title), 0

    def line(frame, event, arg):
        nonlocal run
        if event == "line":
            run += 1
            if run > budget:
                raise _OverBudget(f"title_lines ran more than {budget} lines for {len(title)} characters")
        return line

    def call(frame, event, arg):
        return line if frame.f_code.co_filename == module.__file__ else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        lines = title_lines(title)
    finally:
        sys.settrace(previous)
    return lines, run


@pytest.mark.parametrize(
    "title, splits",
    [
        (PASTED_PARAGRAPH[:229], False),  # too few breaks for the fewest lines (+1): Word wraps it
        ((DENSE_TITLE * 9)[:229], True),
        ((PASTED_PARAGRAPH * 9)[:2000], False),
        ((("的" * 9 + "的a") * 200)[:2000], True),  # a break after almost every character
    ],
    ids=["paragraph-229", "dense-229", "paragraph-2000", "dense-2000"],
)
def test_long_titles_take_work_linear_in_their_length(title, splits):
    lines, run = _title_lines_counting(title)
    assert "".join(lines) == title
    assert (len(lines) > 1) == splits
    if splits:
        assert all(text_width_chars(line) <= TITLE_CHARS_PER_LINE for line in lines)
    assert run <= LINES_RUN_PER_CHAR * len(title)
