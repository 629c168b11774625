"""Rule 4: numbers and dates as 公文 write them (GB/T 15835, GB/T 9704).

2023年02月05日 (no zero padding), one date form per document, 发文字号 ``X发〔2023〕1号``
(six-corner brackets, no 第, no zero padding), full-width digits, ranges written with a
hyphen (3-5个 → 3～5个; 10%-20% → 10%～20%).
"""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import Severity
from ..document import CheckDoc
from ..engine import Hit, rule

_PADDED = re.compile(r"(?<!\d)(\d{4})年(0\d)月(0?\d{1,2})日|(?<!\d)(\d{4})年(\d{1,2})月(0\d)日")


@rule("number.date-padding", "number", Severity.ERROR, "日期的月、日前面补了 0（2023年02月05日）", fixes=True)
def date_padding(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        for m in re.finditer(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日", para.text):
            year, month, day = m.groups()
            if month.startswith("0") or day.startswith("0"):
                fixed = f"{year}年{int(month)}月{int(day)}日"
                yield Hit(para.index, m.start(), m.end(), "日期的月、日不补 0", fix=fixed)


_ISO = re.compile(r"(?<![\d.])(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?![\d.])")
_CN_DATE = re.compile(r"(?<!\d)\d{4}年\d{1,2}月\d{1,2}日")


@rule("number.date-forms", "number", Severity.WARNING, "同一份文件里日期的写法不统一")
def date_forms(doc: CheckDoc) -> Iterator[Hit]:
    chinese = sum(1 for p in doc.paragraphs for _ in _CN_DATE.finditer(p.text))
    if not chinese:
        return
    for para in doc.paragraphs:
        for m in _ISO.finditer(para.text):
            y, mo, d = map(int, m.groups())
            if 1900 < y < 2200 and 1 <= mo <= 12 and 1 <= d <= 31:
                yield Hit(para.index, m.start(), m.end(), "日期写法与文中其他日期不一致",
                          fix=f"{y}年{mo}月{d}日")


# 发文字号: 机关代字 + 〔年份〕 + 序号 + 号
_DOC_NO = re.compile(r"([\u4e00-\u9fff]{1,10}[发函办字])([\[【（(〔［]|〔)(\d{4})([\]】）)〕］])(第?)(0*)(\d+)号")


@rule("number.doc-number", "number", Severity.ERROR, "发文字号的写法（X发〔2023〕1号）", fixes=True)
def doc_number(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        for m in _DOC_NO.finditer(para.text):
            agency, left, year, right, di, zeros, n = m.groups()
            if (left, right, di, zeros) == ("〔", "〕", "", ""):
                continue
            fixed = f"{agency}〔{year}〕{int(n)}号"
            why = []
            if (left, right) != ("〔", "〕"):
                why.append("年份用六角括号〔〕")
            if di:
                why.append("序号前不加“第”")
            if zeros:
                why.append("序号不编虚位（不写 01）")
            yield Hit(para.index, m.start(), m.end(), "发文字号写法不规范：" + "，".join(why), fix=fixed)


_FULL_DIGITS = re.compile("[０-９]+")


@rule("number.full-width-digits", "number", Severity.ERROR, "用了全角数字（２０２３）", fixes=True)
def full_width_digits(doc: CheckDoc) -> Iterator[Hit]:
    table = str.maketrans("０１２３４５６７８９", "0123456789")
    for para in doc.paragraphs:
        for m in _FULL_DIGITS.finditer(para.text):
            yield Hit(para.index, m.start(), m.end(), "阿拉伯数字应使用半角", fix=m.group().translate(table))


# 3-5个, 10%-20%: a range is written with ～ (or 至), a hyphen is a minus or a joining mark
_RANGE = re.compile(r"(?<![\d.A-Za-z-])(\d+(?:\.\d+)?%?)[-－—–](\d+(?:\.\d+)?%?)(?=[个人次项家件名万亿元%天年月日小时分钟岁倍个百千])")


@rule("number.range", "number", Severity.WARNING, "数值范围用了连接号“-”（3-5个 应为 3～5个）")
def ranges(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        for m in _RANGE.finditer(para.text):
            low, high = m.groups()
            if re.fullmatch(r"\d{4}", low) and re.fullmatch(r"\d{1,2}", high):
                continue  # 2023-12 is a date, not a range
            yield Hit(para.index, m.start(), m.end(), "数值范围应使用浪纹线“～”", fix=f"{low}～{high}")


# 增长**以上 / 提高5以上: a change or a share given without its unit (the seed: 工业增加值增长**以上)
_NO_UNIT = re.compile(r"(增长|下降|提高|降低|提升|增加|减少|达到|保持在|控制在)(\*{2,}|\d+(?:\.\d+)?)(以上|左右|以内|以下)")


@rule("number.missing-unit", "number", Severity.WARNING, "增长率等数字后面缺少单位（增长**以上 应为 增长**%以上）")
def missing_unit(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        for m in _NO_UNIT.finditer(para.text):
            verb, number, tail = m.groups()
            if verb in ("达到", "保持在", "控制在") and number.isdigit() and len(number) == 4:
                continue  # 达到2025以上? a year; leave it
            at = m.start(3)
            yield Hit(para.index, m.start(2), at, f"「{verb}{number}{tail}」缺少单位", hint="如为百分数，应写作“%”")
