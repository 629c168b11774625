"""Rule 7: find-and-replace accidents, and config values that do not fit their place.

Offices write next year's document by replacing names in last year's: 区 → 县 everywhere
turns 社区 into 社县 and 景区 into 景县. Chinese has no spaces, so "社县" is only wrong
where it is not the end of one word and the start of another (合作社|县级) and not a
place name (河北景县): each swapped form is listed with the characters that may not
stand before or after it for it to be a slip. The list is short on purpose — better to
miss than to raise a false alarm.
"""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import Severity
from ...model import Value
from ..document import CheckDoc
from ..engine import Hit, rule

# swapped form → (right word, characters that may not come before, … not after)
_SWAPS = {
    "社县": ("社区", "作行报版公结讯谈", ""),
    "社市": ("社区", "作行报版公结讯谈", ""),
    "景县": ("景区", "风全背远", "人委政党城长级域乡镇"),
    "景市": ("景区", "风全背远", "场民"),
    "园县": ("园区", "公花校果茶家田庄乐", "级城委"),
    "小县": ("小区", "", "城份"),
    "街县": ("街区", "", ""),
    "片县": ("片区", "", ""),
    "城县": ("城区", "省京都山县州", "市乡"),
    "山县": ("山区", "", "人委政城长级"),
    "辖县": ("辖区", "", "市级"),
    "县场": ("市场", "乡", ""),
    "超县": ("超市", "", ""),
    "都县": ("都市", "首成", ""),
    "城县化": ("城市化", "", ""),
}
_SWAP_RE = re.compile("|".join(sorted(map(re.escape, _SWAPS), key=len, reverse=True)))


@rule("replace.place-suffix", "replace", Severity.ERROR, "替换地名造成的错字（社区→社县、景区→景县）", fixes=True)
def place_suffix(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        text = para.text
        for m in _SWAP_RE.finditer(text):
            wrong = m.group()
            right, not_before, not_after = _SWAPS[wrong]
            before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
            if (before and before in not_before) or (after and after in not_after):
                continue
            yield Hit(para.index, m.start(), m.end(), f"「{wrong}」应是「{right}」（替换地名时误改）", fix=right)


@rule("replace.value-fit", "replace", Severity.ERROR, "配置中的取值与所在位置不合（如“略阳县”后又跟“县”）")
def value_fit(doc: CheckDoc) -> Iterator[Hit]:
    if doc.kind != "config":
        return
    for para in doc.paragraphs:
        for s in para.spans:
            if not isinstance(s.span, Value):
                continue
            value, after, before = s.span.text, para.text[s.end:s.end + 2], para.text[max(0, s.start - 2):s.start]
            name = s.span.param
            if value and after and value[-1] in "县市省区州镇乡村委" and after[0] == value[-1]:
                yield Hit(para.index, s.start, s.end, f"「{name}」的值「{value}」已带“{value[-1]}”，文中又接了“{after[0]}”",
                          hint=f"「{name}」只写名称，不带“{value[-1]}”字")
            elif value != value.strip() or "  " in value:
                yield Hit(para.index, s.start, s.end, f"「{name}」的值前后有空格", hint="请删去多余的空格")
            elif value and value[-1] in "。，；、" and after[:1] in "。，；、":
                yield Hit(para.index, s.start, s.end, f"「{name}」的值以标点结尾，文中又接了标点", hint="取值末尾不要带标点")
            elif before.endswith("年") is False and name == "年度" and not re.fullmatch(r"20\d\d", value):
                yield Hit(para.index, s.start, s.end, f"年度「{value}」不像一个年份", hint="写成 2023 这样的四位数")
