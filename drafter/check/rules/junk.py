"""Rule 8: website junk — URLs, site names, "下载后查看", "更多精彩范文……", "本文来源于……"."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import Severity
from ...readers.structure import _SITES, _URL, cut_residue
from ..document import CheckDoc
from ..engine import Hit, rule

_PHRASES = (
    r"下载后(?:可以)?查看", r"更多(?:精彩)?(?:范文|文章|内容|资料)[^。]{0,12}", r"本文(?:来源|来自|转载|摘自)[于自：:]?[^。]{0,20}",
    r"(?:点击|扫码|长按)(?:关注|查看|下载|阅读)[^。]{0,12}", r"关注(?:微信)?公众号[^。]{0,16}", r"免费下载[^。]{0,10}",
    r"如需转载[^。]{0,20}", r"(?:相关|热门)(?:推荐|阅读|文章)[:：]?", r"猜你喜欢", r"(?:文章|范文)来源[:：][^。]{0,20}",
    r"版权(?:归原作者|声明)[^。]{0,20}", r"侵(?:权)?删", r"全文共\d+字", r"阅读(?:全文|原文)", r"VIP专享", r"第\d+页共\d+页",
    r"上一篇[:：]", r"下一篇[:：]",
)
_JUNK = re.compile("|".join([*_PHRASES, _URL, *(re.escape(s) + r"[，,：:\s]*" for s in _SITES)]))


@rule("junk.web", "junk", Severity.ERROR, "网页残留：网址、网站名、“下载后查看”“本文来源”等")
def web_junk(doc: CheckDoc) -> Iterator[Hit]:
    for para in doc.paragraphs:
        for m in _JUNK.finditer(para.text):
            if not m.group().strip():
                continue
            if m.group().startswith("www.gov.cn") or ".gov.cn" in m.group():
                continue  # a government site cited on purpose
            yield Hit(para.index, m.start(), m.end(), f"网页残留「{m.group().strip()}」，不属于正文", hint="请删去")
        # what import cuts as residue without a URL (bylines, 【打印】【关闭】 …): one recogniser for both
        left, residue = cut_residue(para.text)
        if residue and not _JUNK.search(residue):
            start = para.text.find(residue, len(left))
            yield Hit(para.index, start, start + len(residue), f"网页残留「{residue}」，不属于正文", hint="请删去")
