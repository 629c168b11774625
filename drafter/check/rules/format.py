"""Rule 9: the format of a .docx against GB/T 9704-2012 — page, fonts, sizes, spacing, grid, page numbers.

The rules are registered here; their measurements live in :mod:`drafter.check.docx_format`,
imported only when a .docx is checked (it needs lxml and python-docx, which checking a
.txt or a config does not).
"""

from __future__ import annotations

from typing import Iterator

from ...findings import Severity
from ..document import CheckDoc
from ..engine import Hit, rule


def _delegate(name: str):
    def run(doc: CheckDoc) -> Iterator[Hit]:
        if doc.kind != "docx" or not doc.data:
            return iter(())
        from .. import docx_format

        return getattr(docx_format, name)(doc)

    return run


rule("format.page", "format", Severity.WARNING, "纸张大小和页边距（A4，上 37 毫米、左 28 毫米，版心 156 × 225 毫米）")(_delegate("page"))
rule("format.body-font", "format", Severity.WARNING, "正文字体（仿宋）")(_delegate("body_font"))
rule("format.body-size", "format", Severity.WARNING, "正文字号（3号）")(_delegate("body_size"))
rule("format.title-font", "format", Severity.WARNING, "标题字体（小标宋）")(_delegate("title_font"))
rule("format.title-size", "format", Severity.WARNING, "标题字号（2号）")(_delegate("title_size"))
rule("format.headings", "format", Severity.WARNING, "一级标题用黑体、二级标题用楷体")(_delegate("headings"))
rule("format.line-spacing", "format", Severity.HINT, "正文行距（固定值 28.95 磅，每页 22 行）")(_delegate("line_spacing"))
rule("format.grid", "format", Severity.HINT, "每页 22 行、每行 28 字")(_delegate("grid"))
rule("format.page-number", "format", Severity.WARNING, "页码（4号半角宋体阿拉伯数字「— 1 —」，单页居右、双页居左）")(_delegate("page_number"))
