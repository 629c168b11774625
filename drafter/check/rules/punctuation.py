"""Rule 3: punctuation as GB/T 15834 and 公文 practice want it.

Half-width ( ) , ; : ? ! between Chinese characters, straight quotes, unmatched quotes and
brackets, doubled punctuation, a paragraph that does not end a sentence, stray spaces
between Chinese characters (text copied out of a PDF), a doubled word (教育教育, 的的).
"""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import Severity
from ...model import Role
from ...numbering import LabelStyle, parse_label
from ...readers.structure import cut_junk
from ..document import CheckDoc, Para
from ..engine import Hit, rule

HAN = r"\u3400-\u9fff"
_CN = f"[{HAN}“”‘’《》（）、，。；：！？]"
_HALF = {"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def _is_cn(ch: str) -> bool:
    return bool(ch) and ("\u3400" <= ch <= "\u9fff" or ch in "“”‘’《》（）、，。；：！？…—")


@rule("punct.half-width", "punctuation", Severity.ERROR, "中文里用了半角标点 ( ) , ; : ? !", fixes=True)
def half_width(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        text = para.text
        for i, ch in enumerate(text):
            if ch not in _HALF:
                continue
            before, after = text[i - 1:i], text[i + 1:i + 2]
            if ch == "(":
                close = text.find(")", i)
                inner = text[i + 1:close] if close > i else ""
                if not (_is_cn(before) or any("\u3400" <= c <= "\u9fff" for c in inner)):
                    continue
            elif ch == ")":
                open_ = text.rfind("(", 0, i)
                inner = text[open_ + 1:i] if open_ >= 0 else ""
                if not (_is_cn(after) or any("\u3400" <= c <= "\u9fff" for c in inner)):
                    continue
            elif ch == ":" and before.isdigit() and after.isdigit():
                continue  # 9:30
            elif not (_is_cn(before) and (_is_cn(after) or not after)) and not (_is_cn(before) and ch in ",;"):
                continue
            if ch == "," and before.isdigit() and after.isdigit():
                continue  # 1,000
            yield Hit(para.index, i, i + 1, f"中文中用了半角的「{ch}」", fix=_HALF[ch])


_STRAIGHT = re.compile(r'"')


@rule("punct.straight-quotes", "punctuation", Severity.ERROR, "中文里用了直引号 \" '")
def straight_quotes(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        text = para.text
        positions = [m.start() for m in _STRAIGHT.finditer(text)]
        if not positions or not any(_is_cn(text[p - 1:p]) or _is_cn(text[p + 1:p + 2]) for p in positions):
            continue
        for k, p in enumerate(positions):
            fix = "“" if k % 2 == 0 else "”"
            yield Hit(para.index, p, p + 1, "中文中用了直引号", fix=fix if len(positions) % 2 == 0 else None,
                      hint=None if len(positions) % 2 == 0 else "请改用中文引号“”")


_PAIRS = (("“", "”"), ("（", "）"), ("《", "》"), ("‘", "’"), ("【", "】"), ("〔", "〕"))


@rule("punct.unmatched", "punctuation", Severity.ERROR, "引号、括号、书名号不成对")
def unmatched(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        text = para.text
        for left, right in _PAIRS:
            stack: list[int] = []
            for i, ch in enumerate(text):
                if ch == left:
                    if left == right and stack:
                        stack.pop()
                        continue
                    stack.append(i)
                elif ch == right:
                    if stack:
                        stack.pop()
                    else:
                        yield Hit(para.index, i, i + 1, f"「{right}」前面没有与之成对的「{left}」",
                                  hint=f"请检查是否少了「{left}」或多了「{right}」")
            for i in stack:
                yield Hit(para.index, i, i + 1, f"「{left}」后面没有与之成对的「{right}」",
                          hint=f"请检查是否少了「{right}」或多了「{left}」")


_DOUBLED = re.compile(r"([，。、；：！？])\1+|[，、；：][。，、；：]|。[，、；：]")


@rule("punct.doubled", "punctuation", Severity.ERROR, "标点重复（，，、。。、，。）", fixes=True)
def doubled(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        for m in _DOUBLED.finditer(para.text):
            yield Hit(para.index, m.start(), m.end(), f"标点重复「{m.group()}」", fix=m.group()[-1] if m.group()[0] == m.group()[-1] else None,
                      hint=None if m.group()[0] == m.group()[-1] else "请只保留一个标点")


_SPACE = re.compile(f"(?<=[{HAN}，。、；：“”（）《》])[ \u3000\u00a0]+(?=[{HAN}，。、；：“”（）《》])")


_GAP = re.compile(r"[ \t\u3000\u00a0]+")


@rule("punct.space", "punctuation", Severity.WARNING, "汉字之间有多余的空格（常见于从 PDF 复制的文字）")
def stray_space(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        label = para.label.rstrip(" \t\u3000\u00a0")  # an imported label keeps its space (1. 抓好)
        gap = _GAP.match(para.text, len(label)) if label and parse_label(label) else None
        if gap:
            yield Hit(para.index, gap.start(), gap.end(), "编号后有多余的空格", fix="")
        for m in _SPACE.finditer(para.text):
            if m.start() < len(label) or gap and m.start() < gap.end():
                continue
            yield Hit(para.index, m.start(), m.end(), "汉字之间有多余的空格", fix="")


_FINAL = "。！？；：…”’）》"
_BODY_ROLES = {Role.PREAMBLE, Role.LEAD, Role.MORE, Role.CLOSING, Role.POINT, Role.ITEM}


@rule("punct.no-final", "punctuation", Severity.WARNING, "段落末尾没有标点")
def no_final(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        text = cut_junk(para.text)[0].rstrip()  # website junk at the end is its own finding
        if not text or text[-1] in _FINAL:
            continue
        if not _is_body(doc, para):
            continue
        yield Hit(para.index, len(text) - 1, len(text), "段落末尾没有句末标点", hint="一般应以“。”结束")


def _is_body(doc: CheckDoc, para: Para) -> bool:
    """A body paragraph that should end a sentence (not a title, heading, signature or date)."""
    if doc.kind == "config":
        if para.role not in _BODY_ROLES:
            return False
        # an item with a title sentence only is a heading
        return not (para.role is Role.ITEM and para.title_end >= len(para.text))
    text = para.text
    # without roles: a long paragraph that reads as sentences, not a title or a level-1 heading
    if para.index == 0 or text.endswith(("：", ":")):
        return False
    label = parse_label(text)
    if label is not None and label[0] is LabelStyle.CN_COMMA:
        return False
    return len(text) >= 30 and any(ch in text[:-1] for ch in "。；，")


# AB AB where AB is 1–4 Chinese characters: 教育教育, 的的. Reduplications that are words are kept.
_REPEAT = re.compile(f"([{HAN}]{{1,4}})\\1")
_REDUPLICATED = {
    # AA: words and measure-word reduplications
    "常常", "天天", "人人", "个个", "年年", "处处", "事事", "时时", "步步", "层层", "家家", "户户", "条条",
    "件件", "点点", "渐渐", "刚刚", "仅仅", "稍稍", "默默", "深深", "紧紧", "牢牢", "实实", "切切", "明明",
    "久久", "多多", "好好", "往往", "纷纷", "频频", "屡屡", "种种", "样样", "项项", "级级", "节节", "声声",
    "代代", "世世", "生生", "息息", "滔滔", "堂堂", "津津", "洋洋", "欣欣", "勃勃", "蒸蒸", "井井", "源源",
    "谆谆", "兢兢", "翩翩", "熙熙", "攘攘", "孜孜", "苦苦", "慢慢", "轻轻", "早早", "远远", "大大", "小小",
    "一一", "三三", "两两", "星星", "妈妈", "爸爸", "哥哥", "姐姐", "弟弟", "妹妹", "爷爷", "奶奶", "宝宝",
    "看看", "想想", "说说", "谈谈", "试试", "走走", "等等", "嘿嘿", "哈哈", "呵呵", "猩猩", "蝈蝈", "蛐蛐",
    "人人", "心心", "面面", "方方", "日日", "月月", "岁岁", "村村", "镇镇", "乡乡", "县县", "户户", "家家",
    # ABAB verbs of speech (rare in 公文, but words)
    "研究研究", "讨论讨论", "商量商量", "学习学习", "了解了解", "考虑考虑", "休息休息", "锻炼锻炼", "检查检查",
    "打扫打扫", "介绍介绍", "比较比较", "活动活动", "总结总结", "交流交流", "沟通沟通", "琢磨琢磨", "认识认识",
    "雪白雪白", "通红通红", "冰凉冰凉", "笔直笔直",
}
# AABB words that contain a doubled function word: 的的确确, 不了了之, 在在处处
_AABB = ("的的确确", "不了了之", "在在处处", "是是非非", "和和美美")


@rule("punct.doubled-word", "punctuation", Severity.WARNING, "字词重复（教育教育、的的）")
def doubled_word(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        text = para.text
        for m in _REPEAT.finditer(text):
            word, unit = m.group(), m.group(1)
            if word in _REDUPLICATED:
                continue
            if len(unit) == 1 and unit not in "的了在和是与及对把被":
                continue  # AA reduplication is common; only a doubled function word is a slip
            if any(w in text[max(0, m.start() - 3):m.end() + 3] for w in _AABB):
                continue
            yield Hit(para.index, m.start(), m.end(), f"「{unit}」重复", fix=unit)
