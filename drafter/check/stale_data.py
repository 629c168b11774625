"""Time-bound phrases (时效性提法) and the years in which writing them is right.

The data is ``drafter/check/data/stale_phrases.yaml``: each entry names a phrase (exact
text, or a regular expression for a family such as 党的十九届X中全会精神), the period(s)
in which a document may write it, what to write instead afterwards (possibly changing
with the year), how sure a reader can be that it is wrong out of its time (``level``:
必错 / 疑似 / 提示), and a cited source for the dates. Two users:

- ``drafter check`` (rule family ``stale``, :mod:`drafter.check.rules.stale`) flags a
  phrase that is not right in the document's year;
- ``drafter roll`` (moving a config to next year) replaces the phrases that are stale
  next year where the replacement is certain, and asks about the rest.

The API, all pure functions of the data (loaded and validated once per process)::

    load_phrases() -> list[Phrase]             # every entry, in file order
    stale_for(year) -> list[Phrase]            # entries not right in a document of *year*
    successor(phrase, year) -> str | None      # what to write instead in *year*, if exactly one text
    successors(phrase, year) -> list[str]      # every text in force at some time of *year*
    fix_for(phrase, year) -> str | None        # the successor when it is safe without a person
    find(text) -> list[Found]                  # where phrases occur in *text* (longest match wins)
    lookup(text) -> Phrase | None              # the entry for a phrase as written

``phrase`` arguments take a :class:`Phrase`, its ``id``, or a text that an entry matches
whole (``successor("党的十九届六中全会精神", 2023) == "党的二十大精神"``).

Years, not days: a phrase is right in a document of year *Y* when one of its periods
touches *Y* (``valid_in``). A document is dated by its year only; a report written in
January about last year is judged by the year it reports on (the rule handles that).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, Strict, field_validator, model_validator

from ..errors import ConfigError
from ..validation import validate
from ..yamlio import YDict, YList, load_yaml_file

DATA_FILE = Path(__file__).resolve().parent / "data" / "stale_phrases.yaml"
DISPLAY = "drafter/check/data/stale_phrases.yaml"
LEVELS = ("必错", "疑似", "提示")
MAX_PATTERN = 400

Level = Literal["必错", "疑似", "提示"]
Date = Annotated[dt.date, Strict()]  # a YAML date (2021-02-20); never a number read as a timestamp


# -- the data file, as written -------------------------------------------------------------------------
class Period(BaseModel):
    """When writing the phrase is right: from a date, until a date (inclusive); either may be open."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    start: Date | None = Field(None, alias="from", description="起始日期（含）；不写表示此前一直可用")
    until: Date | None = Field(None, description="截止日期（含）；不写表示至今仍可用")

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.start is None and self.until is None:
            raise ValueError("from 和 until 至少要写一个")
        if self.start is not None and self.until is not None and self.start > self.until:
            raise ValueError(f"起始日期 {self.start} 晚于截止日期 {self.until}")
        return self

    def touches(self, year: int) -> bool:
        return (self.start is None or self.start.year <= year) and (self.until is None or self.until.year >= year)

    @property
    def years(self) -> str:
        """"2021—2022 年", "2021 年", "2024 年起", "2020 年及以前"."""
        if self.start is None:
            return f"{self.until.year} 年及以前"
        if self.until is None:
            return f"{self.start.year} 年起"
        if self.start.year == self.until.year:
            return f"{self.start.year} 年"
        return f"{self.start.year}—{self.until.year} 年"


class Successor(BaseModel):
    """What to write instead, from a date on (until the next successor's date)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    start: Date | None = Field(None, alias="from", description="从这一天起应这样写；不写表示一直如此")
    text: str = Field(description="应写的文字")

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        if not value.strip() or any(ord(ch) < 32 for ch in value):
            raise ValueError("text 不能为空，也不能含换行符等控制字符")
        return value


class Phrase(BaseModel):
    """One time-bound phrase of the data file."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    id: str = Field(description="稳定的名称（roll 和用户按它引用）")
    family: str = Field(description="所属类别，如 党代会和中央全会")
    phrase: str | None = Field(None, description="提法原文（与 pattern 二选一）")
    pattern: str | None = Field(None, description="提法的正则表达式（与 phrase 二选一），用于一类提法")
    valid: tuple[Period, ...] = Field(description="在哪段时间写它是对的：一个 {from, until}，或几个的列表")
    successor: tuple[Successor, ...] = Field((), description="过时后应写的文字：一段文字，或 {from, text} 的列表")
    level: Level = Field(description="必错：过了时间一定错；疑似：要看句子说的是什么；提示：请人确认")
    autofix: bool = Field(True, description="必错且当年只有一个后继提法时，可否不经人工直接替换")
    source: str = Field(description="日期的依据：文件或会议及其日期")
    note: str | None = Field(None, description="说明")
    not_before: tuple[str, ...] = Field((), description="前面若是这些文字则不算（如 动物 疫情防控）")
    not_after: tuple[str, ...] = Field((), description="后面若是这些文字则不算（如 疫情防控 体系）")

    _regex: re.Pattern | None = PrivateAttr(None)

    @field_validator("valid", mode="before")
    @classmethod
    def _one_or_many_periods(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value

    @field_validator("successor", mode="before")
    @classmethod
    def _text_or_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [{"text": value}]
        if isinstance(value, dict):
            return [value]
        return [] if value is None else value

    @field_validator("id", "family", "source", "phrase")
    @classmethod
    def _plain_text(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or any(ord(ch) < 32 for ch in value)):
            raise ValueError("不能为空，也不能含换行符等控制字符")
        return value

    @field_validator("not_before", "not_after")
    @classmethod
    def _context(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not s for s in value):
            raise ValueError("上下文列表不能含空字符串")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Phrase":
        if (self.phrase is None) == (self.pattern is None):
            raise ValueError("每个条目要有 phrase（原文）或 pattern（正则表达式），二者只能有一个")
        if self.pattern is not None:
            if len(self.pattern) > MAX_PATTERN:
                raise ValueError(f"正则表达式太长（超过{MAX_PATTERN}个字符）")
            try:
                compiled = re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"正则表达式「{self.pattern}」有误：{exc}") from None
            if compiled.match(""):
                raise ValueError(f"正则表达式「{self.pattern}」能匹配空文字")
        if not self.valid:
            raise ValueError("valid 至少要有一段时间")
        for before, after in zip(self.valid, self.valid[1:]):
            if before.until is None or after.start is None or before.until >= after.start:
                raise ValueError("valid 的几段时间要按先后排列，且互不重叠")
        starts = [s.start for s in self.successor]
        if None in starts[1:]:
            raise ValueError("successor 列表中只有第一项可以不写 from")
        dated = [d for d in starts if d is not None]
        if dated != sorted(dated) or len(set(dated)) != len(dated):
            raise ValueError("successor 的 from 日期要从早到晚排列，且不能重复")
        if self.successor and self.valid[-1].until is None:
            raise ValueError("至今仍可用的提法不应有 successor")
        first = self.valid[0].start
        if first is not None and dated and dated[0] < first:
            raise ValueError(f"successor 的日期 {dated[0]} 早于提法本身的起始日期 {first}")
        self._regex = re.compile(self.pattern if self.pattern is not None else re.escape(self.phrase))
        return self

    # -- questions about the phrase ------------------------------------------------------------------
    @property
    def regex(self) -> re.Pattern:
        if self._regex is None:  # an entry made from the cache (_from_records): compiled when first used
            self._regex = re.compile(self.pattern if self.pattern is not None else re.escape(self.phrase))
        return self._regex

    @property
    def shown(self) -> str:
        """The phrase as a person reads it: the text, or the id of a pattern family."""
        return self.phrase if self.phrase is not None else self.id

    def valid_in(self, year: int) -> bool:
        """True when a document of *year* may write the phrase."""
        return any(p.touches(year) for p in self.valid)

    def status(self, year: int) -> Literal["valid", "stale", "early"]:
        """"valid", "stale" (its time is over) or "early" (its time has not come)."""
        if self.valid_in(year):
            return "valid"
        if any(p.until is not None and p.until.year < year for p in self.valid):
            # between two periods it is stale of the first and early of the next; say stale only after the last
            later = [p for p in self.valid if p.start is not None and p.start.year > year]
            return "early" if later else "stale"
        return "early"

    @property
    def years(self) -> str:
        """"2021—2022 年", "2019—2021 年、2024 年起" …"""
        return "、".join(p.years for p in self.valid).replace(" 年、", "、")

    def successors(self, year: int) -> list[str]:
        """Every successor text in force at some time of *year* (none while the phrase is right)."""
        if self.valid_in(year):
            return []
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        out: list[str] = []
        for i, s in enumerate(self.successor):
            begins = s.start or dt.date.min
            ends = self.successor[i + 1].start - dt.timedelta(days=1) if i + 1 < len(self.successor) else dt.date.max
            if begins <= last and ends >= first and s.text not in out:
                out.append(s.text)
        return out

    def successor_for(self, year: int) -> str | None:
        """The one text to write instead in *year*, or None (still right, none given, or it changes that year)."""
        texts = self.successors(year)
        return texts[0] if len(texts) == 1 else None

    def fix_for(self, year: int) -> str | None:
        """The successor when replacing needs no person: 必错, ``autofix`` and one text for the year."""
        if self.level != "必错" or not self.autofix:
            return None
        return self.successor_for(year)

    def fits(self, text: str, start: int, end: int) -> bool:
        """The context conditions (``not_before``/``not_after``) of a match at [start, end) of *text*."""
        if self.not_before and text.endswith(self.not_before, 0, start):
            return False
        if self.not_after and text.startswith(self.not_after, end):
            return False
        return True


class PhraseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    phrases: list[Phrase] = Field(description="时效性提法")


# -- loading -----------------------------------------------------------------------------------------
def load_phrases(path: Path | str | None = None) -> list[Phrase]:
    """The entries of the built-in data file (once per process), or of *path*; a malformed file raises a
    located :class:`~drafter.errors.ConfigError` in Chinese."""
    if path is None:
        return list(_builtin())
    return list(_load(Path(path), str(path)))


@functools.lru_cache(maxsize=1)
def _builtin() -> tuple[Phrase, ...]:
    """The built-in entries, validated once and kept in drafter's cache folder as plain records
    (as the lexicon keeps its entries), keyed by the data file's bytes and this module's source.
    Validating them built pydantic's schemas for these models and checked every entry on every
    ``drafter check`` (a tenth of checking a seed); a hit only makes the objects (the models use
    defer_build, so their schemas are built only when a file is validated). A missing, damaged or
    different entry is a miss: the file is validated as before."""
    from .. import cache

    key = ("stale-phrases", cache.code_stamp([DATA_FILE, Path(__file__)]))
    phrases = _from_records(cache.lookup_keyed("check", key))
    if phrases is None:
        phrases = _load(DATA_FILE, DISPLAY)
        cache.store_keyed("check", key, tuple(_record(p) for p in phrases))
    return phrases


def _record(phrase: Phrase) -> tuple:
    values = {name: getattr(phrase, name) for name in Phrase.model_fields}
    values["valid"] = tuple((p.start, p.until, tuple(sorted(p.model_fields_set))) for p in phrase.valid)
    values["successor"] = tuple((s.start, s.text, tuple(sorted(s.model_fields_set))) for s in phrase.successor)
    return tuple(sorted(values.items())), tuple(sorted(phrase.model_fields_set))


def _from_records(records: Any) -> tuple[Phrase, ...] | None:
    """The entries made again from their records, as validating made them (the same fields,
    fields set and compiled expression), or None when the records are not as written."""
    if not isinstance(records, tuple):
        return None
    try:
        phrases = []
        for fields, fields_set in records:
            values = dict(fields)
            values["valid"] = tuple(Period.model_construct(set(given), start=start, until=until)
                                    for start, until, given in values["valid"])
            values["successor"] = tuple(Successor.model_construct(set(given), start=start, text=text)
                                        for start, text, given in values["successor"])
            if set(values) != set(Phrase.model_fields):
                return None
            phrase = Phrase.model_construct(set(fields_set), **values)
            if not isinstance(phrase.pattern if phrase.pattern is not None else phrase.phrase, str):
                return None
            phrase._regex = None  # compiled when first used: a document meets few of the entries
            phrases.append(phrase)
        return tuple(phrases)
    except (TypeError, ValueError, KeyError, re.error):
        return None


def _load(path: Path, display: str) -> tuple[Phrase, ...]:
    data = load_yaml_file(path, display)  # through the disk cache: parsed once, not on every check
    if not isinstance(data, YDict):
        raise ConfigError("时效性提法文件应是以 phrases: 开头的映射", file=display, line=1)
    spec = validate(PhraseFile, data, display, ConfigError)
    items = data.get("phrases")
    seen: dict[str, int] = {}
    for index, phrase in enumerate(spec.phrases):
        line = items.item_pos[index].line if isinstance(items, YList) and index < len(items.item_pos) else None
        if phrase.id in seen:
            raise ConfigError(f"条目 id「{phrase.id}」重复（第{seen[phrase.id]}个条目已有）", file=display,
                              line=line, key=f"phrases[{index}].id", hint="每个条目的 id 要不同")
        seen[phrase.id] = index + 1
    return tuple(spec.phrases)


# -- questions for check and roll ----------------------------------------------------------------------
def stale_for(year: int, phrases: Iterable[Phrase] | None = None) -> list[Phrase]:
    """The entries that a document of *year* should not write (stale, or not yet in force)."""
    return [p for p in (load_phrases() if phrases is None else phrases) if not p.valid_in(year)]


def lookup(text: str, phrases: Iterable[Phrase] | None = None) -> Phrase | None:
    """The entry whose id or phrase is *text*, else the first whose pattern matches all of *text*."""
    entries = load_phrases() if phrases is None else list(phrases)
    for p in entries:
        if text in (p.id, p.phrase):
            return p
    for p in entries:
        if p.regex.fullmatch(text):
            return p
    return None


def _entry(phrase: Phrase | str) -> Phrase:
    if isinstance(phrase, Phrase):
        return phrase
    found = lookup(phrase)
    if found is None:
        raise KeyError(f"时效性提法数据中没有「{phrase}」")
    return found


def successor(phrase: Phrase | str, year: int) -> str | None:
    """What a document of *year* should write instead of *phrase*, when that is one text; None when the
    phrase is still right in *year*, has no successor, or the right text changes during *year*."""
    return _entry(phrase).successor_for(year)


def successors(phrase: Phrase | str, year: int) -> list[str]:
    """Every successor text in force at some time of *year* (empty while *phrase* is right)."""
    return _entry(phrase).successors(year)


def fix_for(phrase: Phrase | str, year: int) -> str | None:
    """The successor of *phrase* in *year* when it may replace the phrase without a person deciding."""
    return _entry(phrase).fix_for(year)


@dataclass(frozen=True)
class Found:
    """A phrase found in a text: characters [start, end), and every entry matching exactly there
    (the most recent first — 十九届五中、六中全会精神 is an entry of both plenums)."""

    start: int
    end: int
    text: str
    phrases: tuple[Phrase, ...]

    @property
    def phrase(self) -> Phrase:
        return self.phrases[0]

    def wrong_in(self, year: int) -> Phrase | None:
        """The first entry matched here that is not right in *year* (None: right in *year*)."""
        return next((p for p in self.phrases if not p.valid_in(year)), None)


_TITLE_OPEN, _TITLE_CLOSE = "《", "》"


def find(text: str, phrases: Iterable[Phrase] | None = None) -> list[Found]:
    """Every time-bound phrase in *text*, in order. Where matches overlap the longest wins (so an entry
    that is still right, such as 党史学习教育常态化长效化, keeps a shorter stale one inside it from being
    reported). Matches inside a document's title 《…》 are left out: a title is quoted as it was."""
    if phrases is None:
        return list(_find_builtin(text))
    return _find(text, _compiled(tuple(phrases)))


@functools.lru_cache(maxsize=4096)
def _find_builtin(text: str) -> tuple[Found, ...]:
    """The built-in data's matches (the three stale rules ask about the same paragraphs)."""
    return tuple(_find(text, _builtin_compiled()))


@functools.lru_cache(maxsize=1)
def _builtin_compiled() -> tuple[tuple[Phrase, re.Pattern | None, tuple[str, ...]], ...]:
    return _compiled(_builtin())


def _compiled(entries: tuple[Phrase, ...]) -> tuple[tuple[Phrase, re.Pattern | None, tuple[str, ...]], ...]:
    # the expression None: p.regex, compiled only for an entry whose words are in a text
    return tuple((p, None, needles(p)) for p in entries)


def _find(text: str, entries: tuple[tuple[Phrase, re.Pattern | None, tuple[str, ...]], ...]) -> list[Found]:
    candidates: dict[tuple[int, int], list[Phrase]] = {}
    for p, regex, words in entries:
        if words and not any(w in text for w in words):
            continue
        for m in (regex or p.regex).finditer(text):
            if m.end() > m.start() and p.fits(text, m.start(), m.end()) and not _in_title(text, m.start()):
                candidates.setdefault((m.start(), m.end()), []).append(p)
    taken: list[tuple[int, int]] = []
    for start, end in sorted(candidates, key=lambda span: (-(span[1] - span[0]), span[0])):
        if all(end <= s or e <= start for s, e in taken):
            taken.append((start, end))
    found = []
    for start, end in sorted(taken):
        ps = sorted(candidates[(start, end)], key=lambda p: _latest_start(p), reverse=True)
        found.append(Found(start, end, text[start:end], tuple(ps)))
    return found


_CJK = re.compile(r"[\u4e00-\u9fff]")


def needles(p: Phrase) -> tuple[str, ...]:
    """Plain words one of which every match of *p* contains (a quick test before the regular expression),
    or () when none can be told. For a pattern: per top-level alternative, the longest run of Chinese
    characters that stands outside any group, class or quantifier."""
    if p.phrase is not None:
        return (p.phrase,)
    words = []
    for branch in _top_level_branches(p.pattern):
        word = _required_run(branch)
        if len(word) < 2:
            return ()
        words.append(word)
    return tuple(words)


def _top_level_branches(pattern: str) -> list[str]:
    branches, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(pattern, i)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return branches


def _class_end(pattern: str, i: int) -> int:
    """Index just after the character class opening at *i*."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _required_run(branch: str) -> str:
    """The longest run of Chinese characters at depth 0 of *branch* that no quantifier makes optional."""
    best, run, depth, i = "", "", 0, 0
    while i < len(branch):
        ch = branch[i]
        nxt = branch[i + 1] if i + 1 < len(branch) else ""
        if ch == "\\":
            run, i = "", i + 2
        elif ch == "[":
            run, i = "", _class_end(branch, i)
        elif ch == "(":
            depth, run, i = depth + 1, "", i + 1
        elif ch == ")":
            depth, run, i = depth - 1, "", i + 1
        elif depth == 0 and _CJK.match(ch) and nxt not in ("?", "*", "{"):
            run += ch
            best = max(best, run, key=len)
            i += 1
        else:
            run, i = "", i + 1
    return best


def _latest_start(p: Phrase) -> dt.date:
    return max((q.start for q in p.valid if q.start is not None), default=dt.date.min)


def _in_title(text: str, at: int) -> bool:
    return text.rfind(_TITLE_OPEN, 0, at) > text.rfind(_TITLE_CLOSE, 0, at)


__all__ = ["Phrase", "Period", "Successor", "Found", "LEVELS", "DATA_FILE", "load_phrases", "stale_for", "lookup",
           "successor", "successors", "fix_for", "find"]
