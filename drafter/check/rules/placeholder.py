"""Rule 1: placeholders nobody filled — **, X/XX/×, 某某, 【】, （待填）, a leftover {{ }}."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import Severity
from ...model import Blank
from ...readers.structure import find_placeholders
from ..document import CheckDoc
from ..engine import Hit, rule

_OTHER = re.compile(r"某某|【\s*】|[（(]\s*待[填定补]\s*[）)]|[（(]\s*[空略]\s*[）)]|\{\{[^}]*\}\}|\{%[^%]*%\}")


@rule("placeholder.unfilled", "placeholder", Severity.ERROR, "未填写的占位符（**、XX、某某、【】、待填）")
def unfilled(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        spans = set()
        for s in para.spans:
            if isinstance(s.span, Blank):
                spans.add((s.start, s.end))
                yield Hit(para.index, s.start, s.end, f"「{s.span.name}」尚未填写",
                          hint="在配置的 variables 或 targets 中给出它的值")
        for start, end in find_placeholders(para.text):
            yield Hit(para.index, start, end, "占位符尚未填写", hint="请填上实际的数字或名称")
        for m in _OTHER.finditer(para.text):
            yield Hit(para.index, m.start(), m.end(), "占位符或模板残留尚未处理", hint="请填上实际内容或删去")
