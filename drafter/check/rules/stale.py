"""Rule 5: time-bound phrases (时效性提法) that are not right in the document's year.

Offices write next year's document from last year's, and the phrases that belong to a
year are what they most often forget to change: 党的十九届六中全会精神 → 党的二十大精神,
以优异成绩迎接党的二十大胜利召开 only before October 2022, 巩固拓展党史学习教育成果 in
2022 only. The phrases, their periods, their successors and the sources of the dates are
data (:mod:`drafter.check.stale_data`, which ``drafter roll`` uses as well).

The document's year is :attr:`CheckDoc.year` — ``--year``, else the config's 年度, else
the year the title names; a document without a year gets no stale findings. The level of
an entry sets the rule that reports it:

- ``stale.phrase`` (必错, an error): plainly wrong out of its time; where the year has one
  successor and the entry allows it, ``--fix`` writes it;
- ``stale.likely`` (疑似, a warning): wrong unless the sentence looks back at its time;
- ``stale.hint`` (提示, a hint): a person should look.

Conservative, as every rule here: a sentence that names another year (2022年，…) is
judged by that year as well; one that looks back (回顾、过去、去年、……以来) keeps a phrase
of an earlier year; a report (工作报告, or a title with 报告/总结) looks back at the year it
reports on and ahead to the next, so it may name both years' phrases, and its 疑似 and 提示
phrases of the year before are let pass too; a phrase inside a quoted title 《…》 is left alone.
"""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import Severity
from ...model import Role
from ..document import CheckDoc, Para
from ..engine import Hit, rule
from ..stale_data import Found, Phrase, find

_SKIP_ROLES = {Role.ISSUER, Role.DATE}
_SENTENCE_END = "。；！？!?;\n"
_YEAR = re.compile(r"(?<!\d)(20\d\d)年")
# words before a phrase, in its sentence, that say the sentence looks back
_LOOKING_BACK = re.compile(r"回顾|过去|去年|上年|上一年|往年|此前|以往|曾经|近年来|近几年|[一二三四五六两几多]年来|历年|以来")
# words right after a phrase that place it in the past (疫情防控期间、十四五时期以来)
_PAST_AFTER = ("以来", "期间", "时期")
_REPORT_WORDS = ("报告", "总结")
_TITLE_MAX = 40  # characters: a longer first paragraph is no title


def _is_report(doc: CheckDoc) -> bool:
    kind = getattr(doc.document, "kind", None) or ""
    title = str(getattr(doc.document, "title", "") or "")
    if not title and doc.paragraphs and len(doc.paragraphs[0].text) <= _TITLE_MAX:
        title = doc.paragraphs[0].text  # a .txt whose reader found no title: its first line, if short
    return any(w in kind for w in _REPORT_WORDS) or any(w in title for w in _REPORT_WORDS)


def _title_year(doc: CheckDoc) -> int | None:
    m = _YEAR.search(str(getattr(doc.document, "title", "") or ""))
    return int(m.group(1)) if m else None


def _sentence_before(text: str, start: int) -> str:
    cut = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END)
    return text[cut + 1:start]


def _judged_years(doc: CheckDoc, para: Para, found: Found) -> tuple[set[int], bool]:
    """The years a phrase at *found* may belong to, and whether its sentence looks back."""
    years = {doc.year}
    before = _sentence_before(para.text, found.start)
    years |= {int(y) for y in _YEAR.findall(before) if 2000 <= int(y) <= doc.year + 1}
    looking_back = bool(_LOOKING_BACK.search(before)) or para.text.startswith(_PAST_AFTER, found.end)
    return years, looking_back


def _wrong(doc: CheckDoc, para: Para, found: Found, report: bool, title_year: int | None) -> Phrase | None:
    """The entry of *found* that is wrong here, or None."""
    years, looking_back = _judged_years(doc, para, found)
    if report and title_year is not None:
        years.add(title_year)
    for p in found.phrases:
        if any(p.valid_in(y) for y in years):
            continue
        status = p.status(doc.year)
        if status == "stale":
            if looking_back and any(p.valid_in(y) for y in range(min(years) - 10, max(years))):
                continue
            if report and p.level != "必错" and any(p.valid_in(y - 1) for y in years):
                continue
        elif report and any(p.valid_in(y + 1) for y in years):
            continue  # a report, written after its year, may name what came early the next year
        return p
    return None


def _message(p: Phrase, quoted: str, year: int) -> tuple[str, str | None]:
    """(message, fix) for entry *p*, found as *quoted*, in a document of *year*."""
    head = f"「{quoted}」是 {p.years}的提法"
    fix = p.fix_for(year)
    if p.status(year) == "early":
        if p.level == "必错":
            return f"{head}，{year} 年的文件还不应出现", None
        return f"{head}，{year} 年的文件写它为时过早，请核对", None
    texts = p.successors(year)
    if p.level == "必错":
        if fix is not None:
            return f"{head}，{year} 年的文件应写「{fix}」", fix
        if texts:
            shown = "」或「".join(texts)
            return f"{head}，{year} 年的文件应改写（如「{shown}」）", None
        return f"{head}，{year} 年的文件不应再写", None
    suggestion = f"（如「{'」或「'.join(texts)}」）" if texts else ""
    if p.level == "疑似":
        return f"{head}，{year} 年的文件如是部署当年的工作，应改写{suggestion}", None
    return f"{head}，请确认 {year} 年的文件是否仍这样写{suggestion}", None


def _hint(p: Phrase) -> str:
    hint = f"依据：{p.source}"
    if p.note and p.level != "必错":
        hint += f"。{p.note}"
    return hint


def _hits(doc: CheckDoc, level: str) -> Iterator[Hit]:
    if doc.year is None:
        return
    report = _is_report(doc)
    title_year = _title_year(doc)
    for para in doc.paragraphs:
        if para.role in _SKIP_ROLES or not para.text:
            continue
        for found in find(para.text):
            p = _wrong(doc, para, found, report, title_year)
            if p is None or p.level != level:
                continue
            message, fix = _message(p, found.text, doc.year)
            if fix is not None and fix in para.text:
                fix = None  # 党的十九届六中全会精神和党的二十大精神: replacing would say it twice; a person rewrites
            yield Hit(para.index, found.start, found.end, message, hint=_hint(p), fix=fix)


@rule("stale.phrase", "stale", Severity.ERROR, "过时的提法（必错：如 2023 年还写“党的十九届六中全会精神”）", fixes=True)
def stale_phrase(doc: CheckDoc) -> Iterator[Hit]:
    yield from _hits(doc, "必错")


@rule("stale.likely", "stale", Severity.WARNING, "疑似过时的提法（如 2023 年还部署“疫情防控”“巩固拓展党史学习教育成果”）")
def stale_likely(doc: CheckDoc) -> Iterator[Hit]:
    yield from _hits(doc, "疑似")


@rule("stale.hint", "stale", Severity.HINT, "请确认的时效性提法（如“十四五”“主题教育”是否仍是当年的说法）")
def stale_hint(doc: CheckDoc) -> Iterator[Hit]:
    yield from _hits(doc, "提示")
