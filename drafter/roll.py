"""`drafter roll`: next year's config, written beside this year's.

An office writes next year's document from this year's config. Rolling does the mechanical
part and lists the rest:

- ``年度`` becomes the new year, and so does every year in a text value that plainly means
  the document's year (the rule is :func:`roll_years`);
- a time-bound phrase in a value (``贯彻会议精神: 党的十九届六中全会精神``) is replaced where
  check's stale-phrase data (:mod:`drafter.check.stale_data`) says it may be without a person
  deciding (``fix_for``: 必错, ``autofix``, one successor for the year); every other phrase that
  is not right in the new year is listed with the data's suggestions;
- every value of a parameter marked ``yearly: true`` (the year's targets, counts and own
  lists) is cleared to ``~``, last year's value kept in a comment beside it (``# 去年：6.5``),
  so that a final build refuses until it is filled in and a draft shows the blank;
- the signature date moves on by the same number of years, last year's date in a comment
  beside it (the config's shape requires a date, and a config that does not validate could
  not even be built as a draft; the date is listed as a thing to check);
- a comment at the top says from which file, when.

The input is never written; neither is an existing file, unless ``force`` (which first
renames it to a backup, as ``drafter import --force`` does). The user's comments, key order,
quoting and blank lines are kept: the file goes through :class:`drafter.yamlio.YamlDocument`,
and the text to write is validated as a config before it is written.

Block text is never changed: the phrases in a used block's fixed text that are not right in
the new year are listed with their block file and line, and with the library's alternatives
(blocks that fit the same place, share a topic tag and have no such phrase).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

from pydantic import BaseModel

from .blocks import Block, Library, load_library
from .check import stale_data
from .config import DOCUMENT_KINDS, ConfigSpec, SignatureSpec, config_from_data, iter_block_refs, load_config
from .errors import ConfigError, DrafterError, OutputError
from .workspace import display_path, root_for
from .yamlio import YamlDocument, load_yaml, locate, read_yaml_text

MAX_ALTERNATIVES = 5  # alternatives listed per stale block text (the rest are counted)
LAST_YEAR = "去年："  # how a cleared value's comment starts


# -- what a roll did and what is left to do --------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """One change made in the new file. ``kind``: ``year`` (年度 or a year in a text),
    ``phrase`` (a time-bound phrase replaced), ``cleared`` (a yearly value emptied),
    ``date`` (the signature date moved on)."""

    kind: str
    key: str  # e.g. variables.贯彻会议精神, sections[3].items[1].values.讲党课次数
    old: Any
    new: Any
    line: int | None = None  # in the new file
    phrase: str | None = None  # the stale-phrase entry, for ``phrase``


@dataclass(frozen=True)
class ToFill:
    """A value the new file leaves empty: a build refuses until it is given."""

    key: str
    name: str
    description: str
    last: Any  # last year's value; None when it was empty already
    line: int | None = None


@dataclass(frozen=True)
class ToRewrite:
    """A time-bound phrase in a value that is not right in the new year and was not replaced."""

    key: str
    value: str
    text: str  # the phrase as written
    level: str  # 必错 / 疑似 / 提示
    years: str  # when writing it is right, e.g. "2021—2022 年"
    status: str  # "stale" or "early"
    suggestions: tuple[str, ...]
    source: str
    why: str = ""  # why it was not replaced, when a replacement was known
    line: int | None = None


@dataclass(frozen=True)
class Alternative:
    id: str
    title: str


@dataclass(frozen=True)
class StaleBlockText:
    """A phrase in a used block's fixed text that is not right in the new year."""

    block: str
    file: str
    line: int | None
    column: int | None
    text: str
    level: str
    years: str
    status: str
    suggestions: tuple[str, ...]
    used_at: tuple[tuple[str, int | None], ...]  # (slot, line in the new file) per use
    alternatives: tuple[Alternative, ...]
    more: int = 0  # further alternatives not listed
    topic: str = ""  # the block's main topic tag (to list more alternatives by)


@dataclass
class RollReport:
    source: Path
    output: Path
    source_name: str  # as shown to the user
    output_name: str
    from_year: int
    to_year: int
    changes: list[Change] = field(default_factory=list)
    to_fill: list[ToFill] = field(default_factory=list)
    to_rewrite: list[ToRewrite] = field(default_factory=list)
    stale_blocks: list[StaleBlockText] = field(default_factory=list)
    years_left: list[tuple[str, str, int | None]] = field(default_factory=list)  # (key, value, line)
    date: Change | None = None  # the signature date, moved on
    backup: Path | None = None


# -- which values are yearly ----------------------------------------------------------------------
@dataclass(frozen=True)
class YearlyMarks:
    """The ``yearly`` marks of a library's parameters (read from the block files themselves)."""

    by_block: dict[tuple[str, str], bool]
    common: dict[str, bool]
    descriptions: dict[str, str]

    def yearly(self, name: str, block: str | None = None) -> bool:
        if block is not None and (block, name) in self.by_block:
            return self.by_block[(block, name)]
        if name in self.common:
            return self.common[name]
        return any(v for (_, n), v in self.by_block.items() if n == name)


def yearly_marks(library: Library) -> YearlyMarks:
    """The ``yearly`` marks and descriptions of the library's parameters."""
    by_block = {(block.id, name): param.yearly for block in library.blocks.values() for name, param in block.params.items()}
    common = {name: param.yearly for name, param in library.common.items()}
    descriptions: dict[str, str] = {}
    for block in library.blocks.values():
        for name, param in block.params.items():
            descriptions.setdefault(name, param.description)
    for name, param in library.common.items():
        descriptions[name] = param.description
    return YearlyMarks(by_block, common, descriptions)


# -- years in text --------------------------------------------------------------------------------
_CN_DIGITS = "〇一二三四五六七八九"
_RANGE = "—–-~～至到"
_YEAR_DIGITS = re.compile(r"(?<![\d.．])(\d{4})(?!\d)")
_YEAR_CN = re.compile(r"(?<![〇零一二三四五六七八九十])([〇零一二三四五六七八九]{4})(?![〇零一二三四五六七八九十])")


def _cn(year: int) -> str:
    return "".join(_CN_DIGITS[int(d)] for d in str(year))


def _from_cn(text: str) -> int:
    return int("".join(str(_CN_DIGITS.index("〇" if c == "零" else c)) for c in text))


def roll_years(text: str, from_year: int, to_year: int) -> str:
    """*text* with the years that plainly count from the document's year moved on.

    The rule: a year written in four digits (2022) or four Chinese digits (二〇二二), directly
    followed by 年 (2022年, 2022年度, 2022年底), that is the document's year or the year before
    or after it, moves on by the same number of years (in a 2022 document "2021年" is last year,
    so in the 2023 one it is 2022年). Not moved: a year inside a range (2021—2025年, a plan's
    period), a year not followed by 年 (part of a name, a number), a year further away, and
    digits that belong to a longer number or a decimal.
    """
    delta = to_year - from_year
    near = {from_year - 1, from_year, from_year + 1}

    def moved(match: re.Match, value: int, as_text) -> str:
        start, end = match.span(1)
        if value not in near or not text.startswith("年", end):
            return match.group(0)
        before = text[:start].rstrip()
        if before and before[-1] in _RANGE and re.search(r"[\d〇一二三四五六七八九]年?$", before[:-1].rstrip()):
            return match.group(0)  # the end of a range: 2021—2022年
        return as_text(value + delta)

    text = _YEAR_DIGITS.sub(lambda m: moved(m, int(m.group(1)), str), text)
    return _YEAR_CN.sub(lambda m: moved(m, _from_cn(m.group(1)), _cn), text)


def _names_year(text: str, year: int) -> bool:
    return bool(re.search(rf"(?<!\d){year}(?!\d)", text) or _cn(year) in text)


# -- phrases in text ------------------------------------------------------------------------------
@dataclass
class _Rolled:
    text: str
    replaced: list[tuple[str, str, str]] = field(default_factory=list)  # (old, new, phrase id)
    left: list[tuple[stale_data.Found, stale_data.Phrase, str]] = field(default_factory=list)  # (found, entry, why)


def roll_phrases(text: str, to_year: int) -> _Rolled:
    """Replace the time-bound phrases of *text* that may be replaced without a person for *to_year*;
    return the rest that are not right in *to_year*."""
    out = _Rolled(text)
    for found in reversed(stale_data.find(text)):
        phrase = found.wrong_in(to_year)
        if phrase is None:
            continue
        fix = phrase.fix_for(to_year) if phrase.status(to_year) == "stale" else None
        why = ""
        if fix is not None:
            rest = out.text[:found.start] + "\x00" + out.text[found.end:]
            if fix in rest or fix.removeprefix("党的") in rest:
                # 党的十九届六中全会精神和党的二十大精神: replacing would say it twice; a person rewrites
                why = f"文中已有「{fix}」，替换后会重复"
                fix = None
        if fix is None:
            out.left.append((found, phrase, why))
            continue
        out.text = out.text[:found.start] + fix + out.text[found.end:]
        out.replaced.append((found.text, fix, phrase.id))
    out.replaced.reverse()
    out.left.reverse()
    return out


# -- walking a config's tree ----------------------------------------------------------------------
_VALUE_MAPS = ("variables", "targets", "values")
_TEXTS = ("title", "text", "issuer")


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class _Place:
    path: tuple[Any, ...]  # keys and 0-based indices in the tree
    key: str  # as shown: sections[2].items[1].values
    block: str | None = None  # the block an entry's values are for


def _key(key: str, name: Any) -> str:
    return f"{key}.{name}" if key else str(name)


def _walk(node: Any, model: type[BaseModel], path: tuple, key: str) -> Iterator[tuple[str, _Place]]:
    """("map", place) for every mapping of values, ("text", place) for every text, ("date", place)."""
    if not isinstance(node, dict):
        return
    for name, info in model.model_fields.items():
        if name not in node:
            continue
        value = node[name]
        here, here_key = (*path, name), _key(key, name)
        if name in _VALUE_MAPS and isinstance(value, dict):
            block = node.get("block") if name == "values" and isinstance(node.get("block"), str) else None
            yield "map", _Place(here, here_key, block)
        elif name in _TEXTS and isinstance(value, str):
            yield "text", _Place(here, here_key)
        elif name == "date" and model is SignatureSpec:
            yield "date", _Place(here, here_key)
        inner = _inner_model(info.annotation)
        if inner is None:
            continue
        if isinstance(value, list):
            for index, entry in enumerate(value):
                yield from _walk(entry, inner, (*here, index), f"{here_key}[{index + 1}]")
        elif isinstance(value, dict):
            yield from _walk(value, inner, here, here_key)


# -- comments -------------------------------------------------------------------------------------
def shown_value(value: Any) -> str:
    """A value as last year's comment shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + "，".join(f"{k}: {shown_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + "，".join(shown_value(v) for v in value) + "]"
    return " ".join(str(value).split("\n")).strip()


def _previous_note(comment: str) -> str:
    """A comment without the 去年：… note an earlier roll put there (it is last year's news now)."""
    if comment.startswith(LAST_YEAR):
        cut = comment.find("；")
        return comment[cut + 1:].strip() if cut >= 0 else ""
    return comment


def _eol_comment(container: Any, key: Any, text: str, written: str = "~", column: int | None = None) -> None:
    """Put ``# text`` at the end of the line of *key*'s value (*written*: the value as it is
    written), keeping the comment already there (after the new text) and the blank lines and
    comment lines that follow the value."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if getattr(container, "fa", None) is not None and container.fa.flow_style():
        raise ValueError("flow mapping")  # the caller comments the line of the mapping instead
    items = container.ca.items.get(key)
    index = 0 if isinstance(container, list) else 2
    token = items[index] if items and len(items) > index else None
    old, rest = "", ""
    if isinstance(token, CommentToken):
        value = token.value
        cut = value.find("\n")
        first, rest = (value, "") if cut < 0 else (value[:cut], value[cut + 1:])
        if first.lstrip().startswith("#"):
            old = first.lstrip()[1:].strip()
            column = token.column
    if column is None:  # two spaces after the value: "键: ~  # 去年：6.5"
        try:
            key_column = container.lc.key(key)[1]
        except Exception:
            key_column = None
        column = None if key_column is None else key_column + len(f"{key}: {written}  ")
    note = _previous_note(old)
    body = f"{text}；{note}" if note else text
    new = CommentToken(f"# {body}\n{rest}", CommentMark(column or 0))
    if items is None:
        items = container.ca.items.setdefault(key, [None, None, None, None] if index == 2 else [None, None])
    while len(items) <= index:
        items.append(None)
    items[index] = new


def _top_comment(tree: Any, text: str) -> int:
    """Insert ``# text`` among the comment lines at the top, after a yaml-language-server line;
    return the number of lines inserted."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    lines = text.split("\n")
    tokens = [CommentToken(f"# {line}\n", CommentMark(0)) for line in lines]
    if tree.ca.comment is None:
        tree.ca.comment = [None, []]
    while len(tree.ca.comment) < 2:
        tree.ca.comment.append([])
    if tree.ca.comment[1] is None:
        tree.ca.comment[1] = []
    top = tree.ca.comment[1]
    at = 1 if top and str(getattr(top[0], "value", "")).lstrip().startswith("# yaml-language-server") else 0
    top[at:at] = tokens
    return len(lines)


# -- the roll -------------------------------------------------------------------------------------
def default_output(path: Path, from_year: int, to_year: int) -> Path:
    """The input's name with the old year replaced by the new (``-2023`` → ``-2024``), or ``-2024`` added."""
    stem = path.stem
    new = re.sub(rf"(?<!\d){from_year}(?!\d)", str(to_year), stem)
    if new == stem:
        new = f"{stem}-{to_year}"
    return path.with_name(new + path.suffix)


def _backup(path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.bak-{stamp}")
    path.rename(backup)
    return backup


def _moved_date(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def _year_of(config_file: str, spec: ConfigSpec, raw: Any) -> int:
    year = spec.variables.get("年度")
    if "年度" not in spec.variables:
        pos = raw.value_pos.get("variables") if hasattr(raw, "value_pos") else None
        raise ConfigError("配置的 variables 中没有「年度」，无法判断要从哪一年滚动", file=config_file,
                          line=pos.line if pos else None, key="variables.年度",
                          hint="请在 variables 中写上本文件的年度，如“年度: 2023”")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 9998:
        pos = raw["variables"].value_pos.get("年度")
        raise ConfigError(f"「年度」应是四位数的年份，实际是「{year}」", file=config_file,
                          line=pos.line if pos else None, key="variables.年度", hint="如“年度: 2023”")
    return year


def roll_config(path: Path | str, to_year: int | None = None, output: Path | str | None = None,
                library: Library | None = None, *, force: bool = False,
                today: dt.date | None = None) -> RollReport:
    """Write next year's config beside *path* and say what changed and what is left to do.

    *to_year* defaults to the year after the config's 年度; *output* to the input's name with
    the old year replaced. Refuses (nothing written) when the output exists — unless *force*,
    which renames the existing file to a backup first — or is the input itself.
    """
    path = Path(path)
    root = library.root if library is not None else root_for(path)
    library = library or load_library(root)
    source_name = display_path(path, root)
    config = load_config(path, source_name)
    from_year = _year_of(source_name, config.spec, config.raw)
    to_year = from_year + 1 if to_year is None else to_year
    if isinstance(to_year, bool) or not isinstance(to_year, int) or not from_year < to_year <= 9999:
        raise DrafterError(f"目标年度应晚于配置的年度 {from_year}，实际是「{to_year}」", key="--to",
                           hint=f"如 --to {from_year + 1}")
    out = Path(output) if output is not None else default_output(path, from_year, to_year)
    output_name = display_path(out, root)
    if out.resolve() == path.resolve():
        raise OutputError("输出路径就是原配置文件：drafter roll 从不改写原文件，未写入", file=output_name,
                          key="--output", hint=f"请用 -o 给出新文件名，如 {default_output(path, from_year, to_year).name}")
    if out.is_dir():
        raise OutputError("输出路径是一个文件夹", file=output_name, key="--output",
                          hint=f"请给出文件名，如 {out / default_output(path, from_year, to_year).name}")
    if out.exists() and not force:
        raise OutputError("文件已存在，未写入（drafter roll 不覆盖已有的文件）", file=output_name,
                          hint="请用 -o 指定另一个文件名，或加 --force（原文件先改名备份为 .bak-日期时间，不会删除）")

    report = RollReport(path, out, source_name, output_name, from_year, to_year)
    marks = yearly_marks(library)
    # a name's description as the blocks this config uses give it (意识形态报告次数 is "每半年向上级党委……"
    # in one block, "每半年向县委……" in another)
    for use in iter_block_refs(config.raw):
        block = library.get(use.block)
        for name, param in (block.params.items() if block is not None else ()):
            marks.descriptions[name] = param.description
    doc = YamlDocument.load(path, source_name)
    records: list[tuple[tuple, Any]] = []  # (tree path, record) to be given its line in the new file
    lines = read_yaml_text(path, source_name).replace("\r\n", "\n").split("\n")
    _roll_tree(doc, report, marks, records, lines)
    stamp = (today or dt.date.today()).isoformat()
    inserted = _top_comment(doc.tree, f"由 {path.name}（{from_year}年）用 drafter roll 滚动到 {to_year} 年，{stamp}。"
                                      f"清空的值旁注有去年的值（# {LAST_YEAR}…），填好后再生成正式文件。")

    # check the text as a config before anything is written
    text = doc.dumps()
    data = load_yaml(text, output_name)
    config_from_data(data, output_name, out)
    _locate(report, records, data)
    report.stale_blocks = stale_block_text(config, library, to_year, offset=inserted)

    if out.exists():  # force: keep the old one as a backup (and put it back if writing fails)
        report.backup = _backup(out)
    try:
        doc.save(out)
    except BaseException:
        if report.backup is not None and not out.exists():
            report.backup.rename(out)
            report.backup = None
        raise
    return report


def _roll_tree(doc: YamlDocument, report: RollReport, marks: YearlyMarks, records: list,
               lines: Sequence[str] = ()) -> None:
    delta = report.to_year - report.from_year
    for what, place in list(_walk(doc.tree, ConfigSpec, (), "")):
        if what == "text":
            value = doc.get(place.path)
            new = _roll_text(value, place.key, place.path, report, records)
            if new != value:
                doc.set(place.path, new)
        elif what == "date":
            value = doc.get(place.path)
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                new = _moved_date(value, delta)
                doc.set(place.path, new)
                parent = doc.get(place.path[:-1])
                _eol_comment(parent, place.path[-1], f"{LAST_YEAR}{value.isoformat()}；"
                             + ("暂定为一年后的同一天" if delta == 1 else "暂定") + "，印发前请改为实际成文日期",
                             new.isoformat())
                report.date = Change("date", place.key, value, new)
                records.append((place.path, ("date",)))
            elif isinstance(value, str):
                new = _roll_text(value, place.key, place.path, report, records)
                if new != value:
                    doc.set(place.path, new)
        else:
            _roll_values(doc, place, report, marks, records, lines)


def _roll_values(doc: YamlDocument, place: _Place, report: RollReport, marks: YearlyMarks, records: list,
                 lines: Sequence[str] = ()) -> None:
    from_year, to_year = report.from_year, report.to_year
    mapping = doc.get(place.path)
    flow_notes: list[str] = []
    for name in list(mapping):
        value = mapping[name]
        path = (*place.path, name)
        key = _key(place.key, name)
        if name == "年度" and place.key != "targets" and isinstance(value, int) and not isinstance(value, bool):
            if value == from_year:
                doc.set(path, to_year)
                report.changes.append(Change("year", key, value, to_year))
                records.append((path, ("change", len(report.changes) - 1)))
            continue
        if marks.yearly(name, place.block):
            description = marks.descriptions.get(name, "")
            if value is not None:
                doc.set(path, None)
                note = f"{LAST_YEAR}{shown_value(value)}"
                try:
                    _eol_comment(mapping, name, note)
                except ValueError:  # {a: 1, b: 2}: one comment for the line of the mapping
                    flow_notes.append(f"{name} {shown_value(value)}")
                report.changes.append(Change("cleared", key, value, None))
                records.append((path, ("change", len(report.changes) - 1)))
            report.to_fill.append(ToFill(key, name, description, value))
            records.append((path, ("fill", len(report.to_fill) - 1)))
            continue
        if value is None:
            report.to_fill.append(ToFill(key, name, marks.descriptions.get(name, ""), None))
            records.append((path, ("fill", len(report.to_fill) - 1)))
        elif isinstance(value, str):
            new = _roll_text(value, key, path, report, records)
            if new != value:
                doc.set(path, new)
        elif (isinstance(value, int) and not isinstance(value, bool) and "年" in str(name)
              and value in (from_year - 1, from_year, from_year + 1)):
            doc.set(path, value + to_year - from_year)  # 上年度: 2022, a year written as a number
            report.changes.append(Change("year", key, value, value + to_year - from_year))
            records.append((path, ("change", len(report.changes) - 1)))
    if flow_notes:
        parent = doc.get(place.path[:-1])
        try:  # two spaces after the mapping as it stood ("~" is no longer than what it replaced)
            column = len(lines[parent.lc.key(place.path[-1])[0]].rstrip()) + 2
        except Exception:
            column = None
        _eol_comment(parent, place.path[-1], LAST_YEAR + "，".join(flow_notes), column=column)


def _roll_text(value: str, key: str, path: tuple, report: RollReport, records: list) -> str:
    """A text moved on: years, then time-bound phrases; every change recorded."""
    from_year, to_year = report.from_year, report.to_year
    new = roll_years(value, from_year, to_year)
    if new != value:
        report.changes.append(Change("year", key, value, new))
        records.append((path, ("change", len(report.changes) - 1)))
    rolled = roll_phrases(new, to_year)
    for old, fix, phrase in rolled.replaced:
        report.changes.append(Change("phrase", key, old, fix, phrase=phrase))
        records.append((path, ("change", len(report.changes) - 1)))
    for found, phrase, why in rolled.left:
        report.to_rewrite.append(ToRewrite(key, rolled.text, found.text, phrase.level, phrase.years,
                                           phrase.status(to_year), tuple(phrase.successors(to_year)),
                                           phrase.source, why))
        records.append((path, ("rewrite", len(report.to_rewrite) - 1)))
    if _names_year(rolled.text, from_year):
        report.years_left.append((key, rolled.text, None))
        records.append((path, ("year-left", len(report.years_left) - 1)))
    return rolled.text


def _locate(report: RollReport, records: list, data: Any) -> None:
    """Give every record its line in the new file."""
    lists = {"change": report.changes, "fill": report.to_fill, "rewrite": report.to_rewrite}
    for path, (what, *index) in records:
        pos, _ = locate(data, path)
        line = pos.line if pos else None
        if what == "date":
            report.date = _with_line(report.date, line)
        elif what == "year-left":
            key, value, _ = report.years_left[index[0]]
            report.years_left[index[0]] = (key, value, line)
        else:
            items = lists[what]
            items[index[0]] = _with_line(items[index[0]], line)


def _with_line(record: Any, line: int | None) -> Any:
    from dataclasses import replace

    return replace(record, line=line)


# -- stale text in blocks -------------------------------------------------------------------------
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def _joined(source: str) -> tuple[str, list[tuple[int, int]]]:
    """The fixed text of a template as the renderer joins it (lines of a paragraph run on, a blank
    line separates paragraphs), template tags blanked out; and for each character its (line,
    column) in *source*, 0-based."""
    masked = _TEMPLATE.sub(lambda m: re.sub(r"[^\n]", "\x00", m.group()), source)
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    for number, line in enumerate(masked.split("\n")):
        stripped = line.strip()
        if not stripped:
            chars.append("\n")
            where.append((number, 0))
            continue
        lead = len(line) - len(line.lstrip())
        for offset, ch in enumerate(stripped):
            chars.append(ch)
            where.append((number, lead + offset))
    return "".join(chars), where


def _stale_in(block: Block, year: int) -> list[tuple[str, int, int, stale_data.Found, stale_data.Phrase]]:
    """(part, source line, source column, found, entry) for each phrase of the block's fixed text
    that is not right in *year*."""
    out = []
    for part, source in (("title", block.title_source), ("body", block.body_source)):
        if not source:
            continue
        text, where = _joined(source)
        for found in stale_data.find(text):
            phrase = found.wrong_in(year)
            if phrase is not None:
                line, column = where[found.start]
                out.append((part, line, column, found, phrase))
    return out


def _file_position(library: Library, block: Block, part: str, line: int, column: int, source: str,
                   files: dict[Path, list[str]]) -> tuple[int | None, int | None]:
    """The block file's line and column (1-based) of (line, column) of the block's *part* text
    (*files*: the lines of block files read so far)."""
    start = block.title_line if part == "title" else block.body_line
    if start is None:
        return None, None
    file_line = start + line
    path = library.root / block.file
    try:
        lines = files.get(path) or path.read_text(encoding="utf-8-sig").splitlines()
        files[path] = lines
    except OSError:
        return file_line, None
    source_line = source.split("\n")[line]
    if 0 < file_line <= len(lines):
        at = lines[file_line - 1].find(source_line.strip())
        if at >= 0:
            lead = len(source_line) - len(source_line.lstrip())
            return file_line, at + (column - lead) + 1
    return file_line, None


def _title(block: Block) -> str:
    text = (block.title_source or block.body_source or "").strip().splitlines()
    first = _TEMPLATE.sub("……", text[0]) if text else ""
    return first if len(first) <= 30 else first[:30] + "…"


def alternatives(library: Library, block: Block, year: int, kinds: Sequence[Any], used: set[str],
                 document_kind: str | None = None) -> list[Alternative]:
    """Blocks that could stand where *block* stands in a document of *year*: a kind that fits, a topic
    tag in common (文种 tags such as 党建工作要点 do not count), no phrase that is not right in *year*,
    not used in the config already; the most topic tags in common first, then those of the same main
    topic (the first tag), then those of the same 文种."""
    topics = set(block.tags) - set(DOCUMENT_KINDS)
    kinds_of = set(block.tags) & set(DOCUMENT_KINDS)
    found = []
    for other in library.blocks.values():
        if other.id == block.id or other.id in used or other.kind not in kinds:
            continue
        shared = topics & set(other.tags)
        if not shared or _stale_in(other, year):
            continue
        same_kind = bool(kinds_of & set(other.tags)) or (document_kind in other.tags if document_kind else False)
        same_topic = bool(block.tags) and bool(other.tags) and block.tags[0] == other.tags[0]
        found.append((-len(shared), not same_topic, not same_kind, other.id, other))
    return [Alternative(o.id, _title(o)) for *_, o in sorted(found, key=lambda t: t[:4])]


def stale_block_text(config: Any, library: Library, year: int, *, offset: int = 0) -> list[StaleBlockText]:
    """The phrases in the fixed text of the blocks *config* uses that are not right in *year*,
    each with the library's alternatives. *offset*: lines added above the config's own in the new file."""
    uses: dict[str, list] = {}
    for use in iter_block_refs(config.raw):
        uses.setdefault(use.block, []).append(use)
    used = set(uses)
    files: dict[Path, list[str]] = {}
    out = []
    for block_id, its_uses in uses.items():
        block = library.get(block_id)
        if block is None:
            continue
        hits = _stale_in(block, year)
        if not hits:
            continue
        kinds = sorted(its_uses[0].slot.kinds, key=lambda k: k.value)
        alts = alternatives(library, block, year, kinds, used, config.spec.kind)
        at = tuple((use.slot.name, use.pos.line + offset if use.pos else None) for use in its_uses)
        for part, line, column, found, phrase in hits:
            source = block.title_source if part == "title" else block.body_source
            file_line, file_column = _file_position(library, block, part, line, column, source or "", files)
            out.append(StaleBlockText(block.id, block.file, file_line, file_column, found.text, phrase.level,
                                      phrase.years, phrase.status(year), tuple(phrase.successors(year)), at,
                                      tuple(alts[:MAX_ALTERNATIVES]), max(0, len(alts) - MAX_ALTERNATIVES),
                                      block.tags[0] if block.tags else ""))
    return out


__all__ = ["roll_config", "RollReport", "Change", "ToFill", "ToRewrite", "StaleBlockText", "Alternative",
           "roll_years", "roll_phrases", "default_output", "yearly_marks", "stale_block_text", "alternatives",
           "shown_value"]
