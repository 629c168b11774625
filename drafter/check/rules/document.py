"""Rule 10: the document as a whole — title form (年度 + 单位 + 文种), the title's year against the
text and the signature date, sections without items, an item without a title sentence among
items that have one."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import Severity
from ...model import Role
from ...numbering import LabelStyle, parse_label
from ..document import CheckDoc
from ..engine import Hit, rule

_GENRES = ("工作要点", "要点", "工作报告", "报告", "计划", "方案", "总结", "意见", "通知", "规划", "安排", "实施细则",
           "办法", "规定", "决定", "请示", "函", "纪要")
_YEAR = re.compile(r"(?<!\d)(20\d\d)年")


def _title(doc: CheckDoc):
    for para in doc.paragraphs[:8]:
        if para.role is Role.TITLE:
            return para
    title = doc.document.title
    if not title:
        return None
    text = str(title)
    return next((p for p in doc.paragraphs[:8] if text in p.text), None)


@rule("document.title", "document", Severity.WARNING, "标题应由年度（或事由）、单位和文种组成")
def title_form(doc: CheckDoc) -> Iterator[Hit]:
    title = _title(doc)
    if title is None:
        return
    text = title.text
    if not text.endswith(_GENRES) and not any(g in text[-8:] for g in _GENRES):
        yield Hit(title.index, 0, len(text), "标题末尾看不出文种（工作要点、报告、方案……）",
                  hint="公文标题一般由发文机关、事由和文种组成")


@rule("document.year", "document", Severity.ERROR, "标题中的年度与正文、成文日期不一致")
def year_match(doc: CheckDoc) -> Iterator[Hit]:
    title = _title(doc)
    year = doc.year
    if title is not None:
        m = _YEAR.search(title.text)
        if m and year and int(m.group(1)) != year:
            yield Hit(title.index, m.start(), m.end(), f"标题写的是 {m.group(1)} 年，文件年度是 {year} 年",
                      hint=f"应为「{year}年」")
    signature = doc.document.signature
    if signature is None or not year:
        return
    date_para = next((p for p in reversed(doc.paragraphs) if p.role is Role.DATE or (
        doc.kind != "config" and p.text.strip() == str(signature.date))), None)
    m = re.search(r"(20\d\d|[〇○零一二三四五六七八九]{4})年", str(signature.date))
    if m is None or date_para is None:
        return
    digits = m.group(1).translate(str.maketrans("〇○零一二三四五六七八九", "000123456789"))
    signed = int(digits) if digits.isdigit() else None
    # a plan for year Y is signed late in Y-1 or in Y; a report on Y is signed in Y or early Y+1
    if signed is not None and not (year - 1 <= signed <= year + 1):
        at = date_para.text.find(m.group(1))
        yield Hit(date_para.index, at, at + len(m.group(1)), f"成文日期是 {signed} 年，与文件年度 {year} 年相差太远",
                  hint="请核对成文日期或年度")


@rule("document.empty-section", "document", Severity.WARNING, "一级标题之下没有内容")
def empty_section(doc: CheckDoc) -> Iterator[Hit]:
    for section in doc.document.sections:
        if section.items or section.lead:
            continue
        heading = str(section.heading)
        para = next((p for p in doc.paragraphs if p.text.endswith(heading) and parse_label(p.text)), None)
        if para is not None:
            yield Hit(para.index, 0, len(para.text), "这一部分只有标题，没有内容", hint="请补上内容，或删去这个标题")


@rule("document.item-title", "document", Severity.HINT, "同一部分的条目中，只有个别条目没有标题句")
def missing_item_title(doc: CheckDoc) -> Iterator[Hit]:
    for section in doc.document.sections:
        items = section.items
        titled = [bool(i.title) for i in items]
        if len(items) < 3 or sum(titled) < len(items) - 1 or all(titled):
            continue
        for item in items:
            if item.title:
                continue
            body = str(item.body)
            para = next((p for p in doc.paragraphs if p.text.endswith(body[-30:]) and body[:10] in p.text), None)
            if para is not None:
                label = parse_label(para.text)
                start = len(label[2]) if label and label[0] is not LabelStyle.CN_SHI else 0
                yield Hit(para.index, start, min(len(para.text), start + 12),
                          "同一部分的其他条目都以标题句开头，这一条没有", hint="可补一个概括这一条的标题句")
