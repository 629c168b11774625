"""Long titles break into balanced lines (trapezoid or diamond), never inside a word."""

import io

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO
from drafter import render
from drafter.layout import TITLE_CHARS_PER_LINE, text_width_chars
from drafter.readers import read_path
from drafter.writers.title_lines import title_lines


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
