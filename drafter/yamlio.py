"""The one YAML layer: reads with positions, writes back what people wrote, stays fast.

Everything drafter reads or writes as YAML goes through this module, and this module
goes through ruamel.yaml in round-trip mode, because a round-trip parser is the only
kind that can write a user's file back with its comments, key order, quoting, blank
lines, block scalars and flow mappings intact (PyYAML forgets all of them).

Reading (:func:`load_yaml`, :func:`load_yaml_file`) hands callers plain Python —
``str``, ``int``, ``float``, ``bool``, ``None``, ``datetime.date``/``datetime``,
:class:`YDict` and :class:`YList` — which carry the 1-based line and column of every
key and value, so that a validation error deep inside a config can still name
"第12行". Duplicate keys are refused instead of the silent last-one-wins of plain
YAML, and syntax errors come out in Chinese, located.

Writing (:class:`YamlDocument`) keeps the round-trip tree for callers to edit and
dumps it so that an untouched file comes back byte for byte; :func:`literal`,
:func:`flow_map` and :func:`flow_seq` build new files that look hand-written.

Decisions:

- **YAML 1.2** (ruamel's default), not the 1.1 that PyYAML spoke. Under 1.1, values an
  office worker types — ``no``/``off`` (a county's abbreviation, an answer), ``010``
  (octal 8!), ``9:30`` (sexagesimal 570) — silently become booleans and odd numbers;
  under 1.2 they stay what they look like, and the editors that check our schemas
  (yaml-language-server) read 1.2 too. Dates such as ``2023-02-10`` still load as
  ``datetime.date``. The one 1.1 habit that matters, ``restart: yes``, still works: the
  config schema's pydantic booleans accept yes/no/on/off.
- **Nulls keep their spelling.** ``~`` stays ``~``, ``null`` stays ``null``, an empty
  value stays empty: the round-trip tree holds a plain ``None`` (so callers can test
  ``is None``) and each mapping/sequence remembers how its nulls were written. A new
  ``None`` is written ``~``, as in the hand-written configs.
- **CRLF is kept**: a file whose first line ends in CRLF is written back with CRLF
  (a Windows editor made it so). Mixed endings are written with the first one.
- **A BOM is kept**: a file that starts with a UTF-8 BOM (Notepad adds one) is written
  back with it; new files get none. Reading tolerates it either way.
- **Indentation is the file's own**: each block sequence remembers where its dashes
  and items stood (so ``- a`` at the parent's column and indented ``- a`` can live in
  one file); the mapping indent is the file's most common one.
- Lines are never folded (a very large width), so long Chinese lines stay one line.
- **Merge keys are supported** (``<<: *base``, ``<<: [*a, *b]``): the merged keys are in
  the mapping, with the positions where they were written (inside the anchored mapping);
  keys written in the mapping itself win; merged values stay shared with the anchor, as
  every alias does. ``<<`` of anything but a mapping or a list of mappings is refused.
  They count against the limits below like any alias.
- **Only YAML's own types.** A tag other than the standard ones (``!!python/object:…``,
  ``!foo``, a ``%TAG`` prefix) is refused, located, before anything is built for it;
  ``!!binary`` and ``!!set`` are refused too, and a standard tag on the wrong kind of
  value (``!!int [1]``) or a value it cannot be (``!!int abc``, ``2023-02-30``) is
  named as such. Control characters (NUL, ESC …, which YAML forbids) are refused where
  they stand.

What no file can do, whatever it holds (the limits are :mod:`drafter.limits`'; each ends
in a located Chinese DrafterError, exit code 2, before anything recurses or expands):

- nest lists and mappings deeper than ``MAX_YAML_DEPTH``: the scanner stops at the first
  ``[``/``{`` too deep (ruamel's bookkeeping of possible keys grows with the flow nesting,
  so 10,000 of them took seconds), the composer counts all nesting, and an alias counts
  as deep as what it stands for;
- hold more than ``MAX_YAML_NODES`` values once aliases are expanded: the composer counts
  an alias as everything it stands for (sizes are kept per anchor, so this costs nothing),
  which stops a "billion laughs" at the alias that passes the limit, with memory at the
  size of the file; an alias inside the very thing it refers to is refused;
- write a number of more than ``MAX_DIGITS`` digits (Python refuses to convert one of
  4,300 and more, and downstream no number that long makes sense).

ruamel's own messages are English: each one a user can meet is translated in
``_PROBLEMS`` (the fuzz tests in tests/test_yaml_fuzz.py hunt for any left over), and
anything it raises that no rule foresaw still ends as a DrafterError (``UNEXPECTED``),
never a traceback; a ``RecursionError`` too, though the limits keep the stack shallow.

ruamel.yaml's round-trip parser is pure Python and about 18 times slower than
PyYAML's C loader, so :func:`load_yaml_file` goes through :mod:`drafter.cache`, and
ruamel is imported only when a file must really be parsed or written.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterable, Mapping, Sequence

from . import cache
from .errors import DrafterError, OutputError, os_message
from .fsutil import read_input
from .zh import YAML_PROBLEMS
from .limits import MAX_DIGITS, MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES


# -- positions and the plain containers handed to callers -------------------------------------------
@dataclass(frozen=True)
class Pos:
    """1-based line and column; for a block scalar (| or >) the line where its text starts, column 1."""

    line: int
    column: int

    def __reduce__(self) -> tuple:
        # small and fast in the disk cache
        return (Pos, (self.line, self.column))


class YDict(dict):
    """A mapping with ``pos`` (of the mapping), ``key_pos`` and ``value_pos`` per key."""

    pos: Pos = Pos(1, 1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_pos: dict[Any, Pos] = {}
        self.value_pos: dict[Any, Pos] = {}


class YList(list):
    """A sequence with ``pos`` and ``item_pos`` per index."""

    pos: Pos = Pos(1, 1)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_pos: list[Pos] = []


# -- reading -----------------------------------------------------------------------------------------
def load_yaml(text: str, filename: str) -> Any:
    """Parse *text* into plain data with positions; any problem becomes a located DrafterError."""
    return _Plain(filename).convert(_parse(text, filename))


def read_yaml_text(path: Path, name: str) -> str:
    """The text of a YAML file (UTF-8, a BOM tolerated), or a located error."""
    return _decode(_read_bytes(Path(path), name), name)


def load_yaml_file(path: Path, display: str | None = None) -> Any:
    """The plain data of a YAML file, from the disk cache when the file has not changed."""
    loaded = read_yaml_file(path, display or str(path))
    loaded.remember()
    return loaded.data


@dataclass
class YamlFile:
    """One YAML file as read for a build: its data, and facts derived from it that the cache keeps.

    ``extras`` holds what a caller stored with the file last time (e.g. the names each block
    template reads); call :meth:`remember` to store the data and the (updated) extras —
    before changing ``data``, and only with facts that follow from the file's bytes alone.
    """

    path: Path
    name: str
    raw: bytes
    data: Any
    extras: dict[str, Any] = field(default_factory=dict)
    from_cache: bool = False
    stat: os.stat_result | None = field(default=None, repr=False)

    @functools.cached_property
    def text(self) -> str:
        return _decode(self.raw, self.name)

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def remember(self, **extras: Any) -> None:
        """Store the data (and *extras*, merged into the cached ones) unless the cache already has them."""
        changed = any(self.extras.get(k) != v for k, v in extras.items())
        self.extras.update(extras)
        if (not self.from_cache or changed) and self.stat is not None:
            cache.store(self.path, self.raw, self.stat, {"data": self.data, "extras": self.extras})
            self.from_cache = True


def read_yaml_file(path: Path, name: str, *, read: tuple[bytes, os.stat_result] | None = None) -> YamlFile:
    """Read and parse *path* (or take it from the cache); nothing is stored until ``remember()``.
    *read*: the file's bytes and stat, when the caller has read them (:func:`read_bytes_and_stat`)."""
    path = Path(path)
    raw, stat = read if read is not None else _read_bytes_and_stat(path, name)
    hit = cache.lookup(path, raw, stat)
    if isinstance(hit, dict) and isinstance(hit.get("extras"), dict) and "data" in hit:
        return YamlFile(path, name, raw, hit["data"], hit["extras"], True, stat)
    data = load_yaml(_decode(raw, name), name)
    return YamlFile(path, name, raw, data, {}, False, stat)


def _read_bytes(path: Path, name: str) -> bytes:
    return _read_bytes_and_stat(path, name)[0]


def read_bytes_and_stat(path: Path, name: str) -> tuple[bytes, os.stat_result]:
    """A YAML file's bytes and stat (what its cache entries are keyed by), or a located error."""
    return _read_bytes_and_stat(Path(path), name)


def _read_bytes_and_stat(path: Path, name: str) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes (never a FIFO or device, never over the size limit) and its stat."""
    raw = read_input(path, name, MAX_YAML_BYTES)
    try:
        return raw, os.stat(path)
    except OSError as e:
        raise DrafterError(f"无法读取（{os_message(e)}）", file=name) from None


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DrafterError("文件不是 UTF-8 编码", file=name, hint="请用 UTF-8 另存后再试") from None


def locate(data: Any, loc: Iterable[Any]) -> tuple[Pos | None, str]:
    """Position and dotted key path of the entry at *loc* (a pydantic-style path).

    Walks as far as the data goes: for a missing key it answers the position of the
    mapping that lacks it. The key path counts list entries from 1, e.g.
    ``sections[2].items[3].block``.
    """
    pos: Pos | None = getattr(data, "pos", None)
    path = ""
    node = data
    for part in loc:
        if isinstance(node, YDict) and part in node:
            pos = node.value_pos.get(part, pos)
            path = f"{path}.{part}" if path else str(part)
            node = node[part]
        elif isinstance(node, YList) and isinstance(part, int) and 0 <= part < len(node):
            pos = node.item_pos[part]
            path = f"{path}[{part + 1}]"
            node = node[part]
        else:
            if isinstance(part, str) and not part.startswith(("function-", "union")):
                path = f"{path}.{part}" if path else part
            break
    return pos, path


# -- parsing with ruamel.yaml ------------------------------------------------------------------------
class _DuplicateKey(Exception):
    """Raised from inside the constructor; turned into the user's message by :func:`_parse`."""

    def __init__(self, key: Any, first: Pos, second: Pos) -> None:
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


class _Refused(Exception):
    """A located refusal raised from inside ruamel's scanner, composer or constructor (a limit
    passed, a value that cannot be built); :func:`_parse` turns it into the user's message."""

    def __init__(self, message: str, mark: Any, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.mark, self.hint = message, mark, hint


# the message of last resort: something in ruamel failed in a way no rule above foresaw
# (the fuzz tests check that none of their inputs ever gets it)
UNEXPECTED = "YAML 格式错误：无法解析这个文件"


_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("map", "seq", "omap", "str")}
# attributes drafter keeps on ruamel's CommentedMap/CommentedSeq
_SPELLINGS = "_drafter_null_spellings"  # {key or index: "~" | "null" | "" …}
_SEQ_LAYOUT = "_drafter_seq_layout"  # (item indent, dash offset) relative to the parent's column
_BLOCK_INDENTS = "_drafter_block_indents"  # {key: how far right of the key a block scalar's text starts}
_WIDE = 1 << 30  # line width: never fold


def _parse(text: str, filename: str) -> Any:
    """The round-trip tree of *text*, or a located Chinese DrafterError."""
    rt = _ruamel()
    yaml = _new_yaml()
    try:
        with warnings.catch_warnings():
            # YAML 1.2 lets an anchor be defined again; the later one counts
            warnings.simplefilter("ignore", rt.ReusedAnchorWarning)
            return yaml.load(text)
    except _DuplicateKey as e:
        key = _key_text(e.key)
        raise DrafterError(
            f"键「{key}」重复出现（第{e.first.line}行已有）",
            file=filename,
            line=e.second.line,
            column=e.second.column,
            key=key,
            hint="请删除或合并其中一处",
        ) from None
    except _Refused as e:
        mark = e.mark
        raise DrafterError(
            e.message, file=filename, line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None, hint=e.hint,
        ) from None
    except rt.MarkedYAMLError as e:
        raise _syntax_error(e, filename) from None
    except rt.ReaderError as e:
        line, column = _line_column(text, e.position)
        raise DrafterError(
            f"YAML 格式错误：文件中有不可见的控制字符（U+{e.character:04X}）" if isinstance(e.character, int)
            else "YAML 格式错误：文件中有无法识别的字符",
            file=filename, line=line, column=column, hint="请删除这个字符",
        ) from None
    except rt.YAMLError as e:
        raise DrafterError(f"YAML 格式错误：{_translate(str(e), '')}", file=filename) from None
    except RecursionError:  # the depth limits stop far earlier; this is the last line of defence
        raise DrafterError(f"YAML 格式错误：嵌套层数太多（上限 {MAX_YAML_DEPTH} 层）", file=filename,
                           hint=_DEPTH_HINT) from None
    except Exception:  # ruamel asserts on (or fails to look up) a %YAML version it does not know
        raise _version_problem(text, filename) or DrafterError(UNEXPECTED, file=filename, hint=_DEFAULT_HINT) from None


def _version_problem(text: str, filename: str) -> DrafterError | None:
    """A ``%YAML`` directive naming a version other than 1.1 or 1.2, located, or None."""
    for m in re.finditer(r"^%YAML[ \t]+(\S*)", text, re.M):
        if m.group(1) not in ("1.1", "1.2"):
            return DrafterError(f"YAML 格式错误：不支持的 YAML 版本声明「%YAML {m.group(1)}」", file=filename,
                                line=text.count("\n", 0, m.start()) + 1, column=1,
                                hint="drafter 的文件按 YAML 1.2 读，请删去这一行（或写 %YAML 1.2）")
    return None


def _key_text(key: Any) -> str:
    """A key as YAML spells it: an empty key is ``~``, a boolean ``true``/``false``."""
    if key is None:
        return "~"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _line_column(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


# -- what the limits and the value checks say (raised as _Refused from inside ruamel) -------------------
_DEPTH_HINT = "请检查缩进，以及 [ 和 { 是否多写了"
_TIMESTAMP = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}.*)?", re.S)
_TAG_NAMES = {"int": "整数", "float": "小数", "bool": "true/false", "null": "空值", "timestamp": "日期或时间"}


def _too_deep(mark: Any, alias: str | None = None) -> _Refused:
    where = f"引用“*{alias}”展开后" if alias is not None else ""
    return _Refused(f"YAML 格式错误：{where}嵌套超过 {MAX_YAML_DEPTH} 层的上限", mark, _DEPTH_HINT)


def _too_many(mark: Any, alias: str | None = None) -> _Refused:
    if alias is None:
        return _Refused(f"YAML 格式错误：文件中的值超过 {MAX_YAML_NODES} 个的上限", mark,
                        "请把内容拆分到几个文件")
    return _Refused(
        f"YAML 格式错误：引用“*{alias}”展开后，文件中的值超过 {MAX_YAML_NODES} 个的上限", mark,
        "锚点（&）和引用（*）不能用来层层复制内容，请删去多余的引用",
    )


def _recursive_alias(mark: Any, alias: str) -> _Refused:
    return _Refused(f"YAML 格式错误：引用“*{alias}”指向了包含它自己的内容（循环引用）", mark,
                    "请删去这个引用，或把锚点移到别处")


def _shorten(text: str, keep: int = 12) -> str:
    return text if len(text) <= keep + 3 else text[:keep] + "…"


def _count_digits(text: str) -> int:
    """Digits of a number as written, an exponent's included; a sign, underscores, a dot and a
    0x/0o/0b prefix are not counted."""
    body = text.strip().lstrip("+-")
    if body[:2].lower() in ("0x", "0o", "0b"):
        return sum(ch.isalnum() for ch in body[2:])
    return sum(ch.isdigit() for ch in body)


def _too_many_digits(node: Any) -> _Refused | None:
    text = node.value if isinstance(node.value, str) else ""
    if len(text) <= MAX_DIGITS:  # fast path: no number this short has too many digits
        return None
    digits = _count_digits(text)
    if digits <= MAX_DIGITS:
        return None
    return _Refused(f"数字「{_shorten(text.strip())}」有 {digits} 位，超过了 {MAX_DIGITS} 位的上限", node.start_mark,
                    "编号、账号等长串数字请加引号，当作文字")


_YAML_TAG = "tag:yaml.org,2002:"
# the tags ruamel knows how to build, and the kind of node each one goes on
_TAG_KINDS = {
    **{_YAML_TAG + t: "scalar" for t in ("int", "float", "bool", "null", "timestamp", "binary")},
    **{_YAML_TAG + t: "collection" for t in ("map", "seq", "omap", "pairs", "set")},
    _YAML_TAG + "str": "any", _YAML_TAG + "merge": "any",
}


def _unsupported_tag(tag: str | None, what: str = "集合等特殊类型") -> tuple[str, str]:
    """The message and hint for a tag (or, without one, a kind of value) drafter does not use."""
    if tag and tag.startswith(_YAML_TAG):
        tag = "!!" + tag[len(_YAML_TAG):]
    return (f"YAML 格式错误：不支持{f'标签「{tag}」' if tag else what}",
            "drafter 只用文字、数字、日期、true/false、列表和映射；以 ! 开头的文字请加引号")


def _refused_tag(node: Any, tag: str, kind: str | None) -> _Refused:
    """An unknown tag, or a standard one on the wrong kind of node (``!!int [1]``, ``!!map x``),
    which ruamel reports in a dozen different English ways, if at all."""
    if kind is None:
        message, hint = _unsupported_tag(tag)
        return _Refused(message, node.start_mark, hint)
    where = "不能用在列表或映射上" if kind == "scalar" else "只能用在列表或映射上"
    return _Refused(f"YAML 格式错误：标签「!!{tag.rsplit(':', 1)[-1]}」{where}", node.start_mark, "请去掉这个标签")


def _bad_value(node: Any) -> _Refused:
    """A scalar whose (resolved or explicit) type cannot be built from its text."""
    tag = str(getattr(node, "tag", "") or "")
    short = tag.rsplit(":", 1)[-1]
    if not isinstance(node.value, str):
        return _Refused(UNEXPECTED, node.start_mark, _DEFAULT_HINT)
    text = node.value
    if short == "timestamp" and _TIMESTAMP.fullmatch(text.strip()):
        return _Refused("YAML 格式错误：日期或时间不存在", node.start_mark,
                        "请写成 2023-02-10 的形式，并检查月、日和时间")
    if tag.startswith(_YAML_TAG) and short in _TAG_NAMES:
        return _Refused(f"YAML 格式错误：「{_shorten(text)}」不是{_TAG_NAMES[short]}", node.start_mark,
                        f"请去掉“!!{short}”，或改正这个值")
    return _Refused(UNEXPECTED, node.start_mark, _DEFAULT_HINT)


def _syntax_error(e: Any, filename: str) -> DrafterError:
    mark = e.problem_mark or e.context_mark
    message, hint = _translate_with_hint(e.problem or e.context or "", e.context or "")
    return DrafterError(
        f"YAML 格式错误：{message}",
        file=filename,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        hint=hint,
    )


_DEFAULT_HINT = "请检查缩进、冒号后的空格和引号是否成对"
# what a problem no rule above names is called (ruamel's own words are English, so they are left out)
UNKNOWN_SYNTAX = "写法无法识别"


def _translate_with_hint(problem: str, context: str) -> tuple[str, str]:
    for pattern, where, zh, hint in YAML_PROBLEMS:
        m = re.match(pattern, problem)
        if m and where in context:
            return (zh.format(*map(_shorten, m.groups())) if m.groups() else zh), hint or _DEFAULT_HINT
    return UNKNOWN_SYNTAX, _DEFAULT_HINT


def _translate(problem: str, context: str = "") -> str:
    return _translate_with_hint(problem, context)[0]


class _Plain:
    """Round-trip tree → plain Python with positions (YDict/YList), refusing what drafter cannot use."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.rt = _ruamel()
        self.memo: dict[int, Any] = {}  # aliases stay shared, as PyYAML made them

    def convert(self, value: Any, pos: Pos = Pos(1, 1)) -> Any:
        if isinstance(value, (dict, list)):
            done = self.memo.get(id(value))
            if done is not None:
                return done
            self._check_tag(value, pos)
            return self._mapping(value) if isinstance(value, dict) else self._sequence(value)
        return self._scalar(value, pos)

    def _mapping(self, tree: dict) -> YDict:
        result = YDict()
        self.memo[id(tree)] = result
        result.pos = _collection_pos(tree)
        positions = _kv_positions(tree)
        for key, value in tree.items():
            at = positions.get(key)
            key_pos = Pos(at[0] + 1, at[1] + 1) if at else result.pos
            value_pos = self._value_pos(value, at[2], at[3]) if at else result.pos
            if isinstance(key, (dict, list, tuple, set, frozenset, self.rt.CommentedKeyMap)) or not _hashable(key):
                raise DrafterError("键不能是列表或映射", file=self.filename, line=key_pos.line, column=key_pos.column)
            plain_key = self._scalar(key, key_pos)
            result[plain_key] = self.convert(value, value_pos)
            result.key_pos[plain_key] = key_pos
            result.value_pos[plain_key] = value_pos
        return result

    def _sequence(self, tree: list) -> YList:
        result = YList()
        self.memo[id(tree)] = result
        result.pos = _collection_pos(tree)
        positions = getattr(getattr(tree, "lc", None), "data", None) or {}
        for index, item in enumerate(tree):
            at = positions.get(index)
            item_pos = self._value_pos(item, at[0], at[1]) if at else result.pos
            result.append(self.convert(item, item_pos))
            result.item_pos.append(item_pos)
        return result

    def _value_pos(self, value: Any, line: int, column: int) -> Pos:
        if isinstance(value, self.rt.BlockScalars):
            return Pos(line + 2, 1)  # the block's text starts on the next line
        return Pos(line + 1, column + 1)

    def _scalar(self, value: Any, pos: Pos) -> Any:
        if value is None or type(value) in (str, int, float, bool, dt.date):
            return value
        if isinstance(value, self.rt.ScalarBoolean):
            return bool(value)
        if isinstance(value, str):
            return str(value)
        if isinstance(value, bool):
            return bool(value)
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return float(value)
        if isinstance(value, dt.datetime):
            return dt.datetime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                               value.microsecond, value.tzinfo)
        if isinstance(value, dt.date):
            return dt.date(value.year, value.month, value.day)
        if isinstance(value, self.rt.TaggedScalar) and _tag_of(value) == "tag:yaml.org,2002:str":
            return str(value.value)
        raise self._unsupported(value, pos)

    def _check_tag(self, value: Any, pos: Pos) -> None:
        tag = _tag_of(value)
        if tag is not None and tag not in _STANDARD_TAGS:
            raise self._unsupported(value, pos)

    def _unsupported(self, value: Any, pos: Pos) -> DrafterError:
        what = {bytes: "二进制数据（!!binary）"}.get(type(value), "集合等特殊类型")
        message, hint = _unsupported_tag(_tag_of(value), what)
        return DrafterError(message, file=self.filename, line=pos.line, column=pos.column, hint=hint)


def _kv_positions(tree: Any) -> dict[Any, list[int]]:
    """0-based [key line, key column, value line, value column] per key, merged keys (``<<``) included."""
    lc = getattr(tree, "lc", None)
    positions = dict(getattr(lc, "data", None) or {})
    for merged in getattr(tree, "merge", None) or []:
        for key, at in _kv_positions(merged).items():
            positions.setdefault(key, at)
    return positions


def _tag_of(value: Any) -> str | None:
    """An explicit tag (``!foo``, ``tag:yaml.org,2002:str``), or None when there is none."""
    tag = getattr(value, "tag", None)
    return getattr(tag, "value", tag) or None


def _collection_pos(tree: Any) -> Pos:
    lc = getattr(tree, "lc", None)
    if lc is None or lc.line is None:
        return Pos(1, 1)
    return Pos(lc.line + 1, lc.col + 1)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def to_plain(tree: Any) -> Any:
    """The plain data (YDict/YList, plain scalars) a round-trip tree stands for, as :func:`load_yaml` gives it."""
    return _Plain("<yaml>").convert(tree)


# -- writing ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Layout:
    """How a file indents: nested mappings by *mapping*; a block sequence's items at *sequence*
    and its dashes at *offset* columns right of the parent's column."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


# blocks/ and configs/ are written like this: "blocks:\n  - id: …\n    kind: …"
HOUSE_LAYOUT = Layout()


class YamlDocument:
    """A YAML file loaded for editing: change it, then :meth:`save`.

    What nobody touched comes back as it was: comments, blank lines, key order, quoting,
    block scalars, flow collections, null spellings, indentation, CRLF and a BOM.

    ``tree`` is ruamel's round-trip tree (CommentedMap/CommentedSeq holding plain
    values; a null is ``None``). Edit it through :meth:`set`, :meth:`append` and
    :meth:`delete` where you can: they also keep the blank lines and comments that close
    a mapping or list in place, and a replaced string's quotes. Direct edits of ``tree``
    work too, but ruamel keeps those closing lines with whatever entry was last.
    Not kept (the values always are): a plain scalar folded over several lines comes back
    on one line; extra spaces around a colon or inside ``{ }``/``[ ]`` are normalised; a
    ``+`` sign on a number and a ``...`` end-of-document line are dropped.
    """

    def __init__(self, tree: Any = None, *, name: str = "<yaml>", layout: Layout = HOUSE_LAYOUT,
                 newline: str = "\n", bom: bool = False, final_newline: bool = True, prologue: str = "") -> None:
        self.tree = tree
        self.name = name
        self.layout = layout
        self.newline = newline
        self.bom = bom
        self.final_newline = final_newline
        # comments and directives up to a "---" line, kept verbatim (ruamel drops them)
        self.prologue = prologue
        self._empty_text: str | None = None  # a file with no data (only comments) is kept as it was

    # -- in and out
    @classmethod
    def load(cls, source: os.PathLike | str, name: str | None = None) -> YamlDocument:
        """A document from a file (a :class:`~pathlib.Path` or other path object) or from YAML
        text (a ``str`` is always text, never a file name)."""
        if isinstance(source, os.PathLike):
            source = Path(source)
            name = name or str(source)
            raw = _read_bytes(source, name)
            bom = raw.startswith(b"\xef\xbb\xbf")
            text = _decode(raw, name)
        else:
            name, bom, text = name or "<yaml>", False, source.removeprefix("\ufeff")
        newline = "\r\n" if _first_line_break(text) == "\r\n" else "\n"
        text = text.replace("\r\n", "\n")
        tree = _parse(text, name)
        doc = cls(tree, name=name, layout=_detect_layout(tree, text.split("\n")), newline=newline, bom=bom,
                  final_newline=text.endswith("\n") or not text, prologue=_prologue(text))
        if tree is None:
            doc._empty_text = text
        return doc

    @classmethod
    def new(cls, data: Any = None, *, name: str = "<yaml>") -> YamlDocument:
        """A new document holding *data* (plain dicts/lists are turned into editable tree nodes)."""
        return cls(to_tree(data), name=name)

    def dumps(self) -> str:
        """The text to write, line endings included (the BOM is :meth:`to_bytes`'s business)."""
        if self.tree is None and self._empty_text is not None:
            text = self._empty_text
        else:
            yaml = _new_yaml(self.layout)
            stream = io.StringIO(self.prologue)
            stream.seek(len(self.prologue))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", _ruamel().ReusedAnchorWarning)
                yaml.dump(self.tree, stream)
            text = stream.getvalue()
            if not self.final_newline and text.endswith("\n"):
                text = text[:-1]
        return text.replace("\n", self.newline) if self.newline != "\n" else text

    def to_bytes(self) -> bytes:
        return (b"\xef\xbb\xbf" if self.bom else b"") + self.dumps().encode("utf-8")

    def save(self, path: Path) -> None:
        """Write atomically, after checking that the text reads back as the same data."""
        from .fsutil import write_atomic

        data = self.to_bytes()
        self.check(data.decode("utf-8-sig"), str(path))
        write_atomic(Path(path), data)

    def check(self, text: str, name: str | None = None) -> None:
        """Refuse *text* unless it loads back as exactly the data of ``tree`` (so a dumper bug
        can never silently change a user's values)."""
        name = name or self.name
        try:
            again = load_yaml(text.replace("\r\n", "\n"), name)
        except DrafterError as e:
            raise OutputError(f"写入前自检失败，未写入：生成的 YAML 无法读回（{e.message}）", file=name) from None
        if not same_data(again, to_plain(self.tree)):
            raise OutputError("写入前自检失败，未写入：生成的 YAML 读回后与要写的数据不同", file=name,
                              hint="这是 drafter 的错误，请报告")

    # -- editing by path: ("sections", 0, "items") ----------------------------------------------------
    def get(self, path: Sequence[Any]) -> Any:
        node = self.tree
        for step in path:
            node = node[step]
        return node

    def set(self, path: Sequence[Any], value: Any) -> None:
        """Set the value at *path*. An existing value is replaced in place (its comments stay,
        and a new string keeps the old one's quotes); a new key goes at the end of its mapping,
        before the blank lines and comments that closed the mapping."""
        *parent_path, key = path
        parent = self.get(parent_path)
        value = to_tree(value)
        if isinstance(parent, list) and isinstance(value, dict) and value and not isinstance(parent[key], (dict, list)):
            # a list entry written as a scalar (- 政治建设/…) becomes a mapping: the lines that followed
            # the scalar (a comment, a blank line) now follow the mapping's last key
            slot = parent.ca.items.pop(key, None)
            parent[key] = value
            if slot and slot[0] is not None:
                value.ca.items[list(value)[-1]] = [None, None, slot[0], None]
            return
        if isinstance(parent, list) or key in parent:
            parent[key] = _like(parent[key], value)
            return
        tail = _take_trailing(parent)
        parent[key] = value
        _give_trailing(parent, key, tail)

    def append(self, path: Sequence[Any], item: Any) -> None:
        """Append *item* to the sequence at *path*, before the blank lines that closed it."""
        seq = self.get(path)
        tail = _take_trailing(seq)
        seq.append(to_tree(item))
        _give_trailing(seq, len(seq) - 1, tail)

    def insert(self, path: Sequence[Any], index: int, item: Any) -> None:
        """Insert *item* into the sequence at *path* before position *index* (at the end: :meth:`append`).
        ruamel moves the comments of the entries after it along."""
        seq = self.get(path)
        if index >= len(seq):
            self.append(path, item)
            return
        seq.insert(index, to_tree(item))
        if _SPELLINGS in getattr(seq, "__dict__", {}):
            getattr(seq, _SPELLINGS).clear()  # indices moved: fall back to ~

    def delete(self, path: Sequence[Any]) -> None:
        """Remove the entry at *path*. The lines that followed it — blank lines, and the comments
        that introduce the next entry (``# 四、规范权力运行``) — stay, now after the entry before it."""
        *parent_path, key = path
        parent = self.get(parent_path)
        keys = list(range(len(parent))) if isinstance(parent, list) else list(parent)
        position = keys.index(key)
        tail = _take_after(parent, key)
        del parent[key]
        if isinstance(parent, list) and _SPELLINGS in getattr(parent, "__dict__", {}):
            getattr(parent, _SPELLINGS).clear()  # indices moved: fall back to ~
        if parent and tail and position > 0:
            previous = position - 1 if isinstance(parent, list) else keys[position - 1]
            _give_trailing(parent, previous, tail)

    def top_comment(self, text: str) -> None:
        """Comment lines at the top of the file (each line of *text* becomes ``# line``)."""
        self.tree.yaml_set_start_comment(text)

    def comment_before(self, path: Sequence[Any], text: str | None = None, *, blank_lines: int = 0) -> None:
        """Blank lines and/or comment lines (``# …``, indented like the entry) before the entry at *path*."""
        *parent_path, key = path
        parent = self.get(parent_path)
        column = self._column(parent_path)
        tokens = [_comment_token("\n", 0) for _ in range(blank_lines)]
        for line in (text.split("\n") if text is not None else []):
            tokens.append(_comment_token(f"# {line}\n" if line else "#\n", column))
        slot = parent.ca.items.setdefault(key, [None, [], None, None])
        slot[1] = (slot[1] or []) + tokens

    def comment_after(self, path: Sequence[Any], text: str) -> None:
        """An end-of-line comment (``# text``) after the value at *path*."""
        *parent_path, key = path
        self.get(parent_path).yaml_add_eol_comment(f"# {text}", key)

    def _column(self, path: Sequence[Any]) -> int:
        """The column where the entries of the container at *path* start (keys, or a sequence's dashes)."""
        node, column = self.tree, 0
        for step in path:
            child = node[step]
            if isinstance(node, list):
                indent, _ = _seq_layout(node, self.layout)
                column += indent
            elif isinstance(child, dict):
                column += self.layout.mapping
            node = child
        if isinstance(node, list):
            column += _seq_layout(node, self.layout)[1]
        return column


# -- helpers for new files ----------------------------------------------------------------------------
def literal(text: str) -> Any:
    """A literal block scalar (``body: |``). Text ending in a newline is written ``|``, without one ``|-``."""
    return _ruamel().LiteralScalarString(text)


def flow_map(values: Mapping[Any, Any]) -> Any:
    """A mapping written on one line: ``{县名: 略阳, 增长率: 8.5}``."""
    node = _ruamel().CommentedMap((k, to_tree(v)) for k, v in values.items())
    node.fa.set_flow_style()
    return node


def flow_seq(items: Iterable[Any]) -> Any:
    """A sequence written on one line: ``[政治建设, 工作报告]``."""
    node = _ruamel().CommentedSeq(to_tree(v) for v in items)
    node.fa.set_flow_style()
    return node


def to_tree(data: Any) -> Any:
    """Plain data → round-trip tree nodes (dicts and lists become CommentedMap/CommentedSeq).

    Tree nodes are returned as they are, so this is safe to apply to anything."""
    rt = _ruamel()
    if isinstance(data, (rt.CommentedMap, rt.CommentedSeq)):
        return data
    if isinstance(data, dict):
        return rt.CommentedMap((k, to_tree(v)) for k, v in data.items())
    if isinstance(data, (list, tuple)):
        return rt.CommentedSeq(to_tree(v) for v in data)
    if isinstance(data, rt.ScalarString):
        return data
    if isinstance(data, str):
        # quoted when YAML 1.1 readers would take it for something else ("no", "010", "9:30")
        return rt.SingleQuotedScalarString(data) if _YAML11_NOT_STR.fullmatch(data) else str(data)
    return data


# plain scalars that YAML 1.2 reads as text but YAML 1.1 (PyYAML, older tools) as booleans or numbers
_YAML11_NOT_STR = re.compile(
    r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?0[0-7_]+"  # octal
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"  # sexagesimal
)


def same_data(a: Any, b: Any) -> bool:
    """Equal as data, types included (``True`` is not ``1``, ``8.0`` is not ``8``, a date is not a string)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


# -- keeping a container's closing blank lines and comments in place when it grows or shrinks --------
def _last_slot(container: Any) -> tuple[Any, Any, int] | None:
    """Where the comment lines after *container*'s last entry live: (owner, key, slot index).

    ruamel attaches the blank lines and comments that follow a value to the deepest last
    entry before them, so walk down the last entries."""
    rt = _ruamel()
    owner, slot = None, None
    node = container
    while isinstance(node, (rt.CommentedMap, rt.CommentedSeq)) and len(node):
        key = (len(node) - 1) if isinstance(node, list) else list(node)[-1]
        index = 0 if isinstance(node, list) else 2
        owner, slot = (node, key, index), node[key]
        node = slot
    return owner


def _take_after(container: Any, key: Any) -> list[Any] | None:
    """Detach the lines after the end-of-line comment of *container*'s entry *key*."""
    value = container[key]
    rt = _ruamel()
    if isinstance(value, (rt.CommentedMap, rt.CommentedSeq)) and len(value):
        return _take_trailing(value)
    return _take_from(container, key, 0 if isinstance(container, list) else 2)


def _take_trailing(container: Any) -> list[Any] | None:
    """Detach the lines after the end-of-line comment of *container*'s last entry."""
    where = _last_slot(container)
    if where is None:
        return None
    return _take_from(*where)


def _take_from(owner: Any, key: Any, index: int) -> list[Any] | None:
    items = owner.ca.items.get(key)
    if not items or len(items) <= index or items[index] is None:
        return None
    token = items[index]
    if isinstance(token, list):
        return None
    value = token.value
    cut = value.find("\n")
    if cut < 0 or cut == len(value) - 1:
        return None
    rest = value[cut + 1 :]
    token.value = value[: cut + 1]
    return [_comment_token(rest, token.column)]


def _give_trailing(container: Any, key: Any, tail: list[Any] | None) -> None:
    """Attach detached closing lines after the entry *key* (or after its own deepest last entry)."""
    if not tail:
        return
    where = _last_slot(container[key]) if isinstance(container[key], (dict, list)) and container[key] else None
    owner, key, index = where if where else (container, key, 0 if isinstance(container, list) else 2)
    items = owner.ca.items.setdefault(key, [None, None, None, None] if not isinstance(owner, list) else [None, None])
    while len(items) <= index:
        items.append(None)
    if items[index] is None:
        tail[0].value = "\n" + tail[0].value
        items[index] = tail[0]
    else:
        items[index].value += tail[0].value


def _comment_token(value: str, column: int) -> Any:
    rt = _ruamel()
    return rt.CommentToken(value, rt.CommentMark(column), None)


def _like(old: Any, new: Any) -> Any:
    """*new* written the way *old* was: a replaced string keeps its quotes or block style."""
    rt = _ruamel()
    if type(new) is str and isinstance(old, rt.ScalarString) and type(old) is not rt.PlainScalarString:
        return type(old)(new)
    return new


# -- layout: detected from where things stood, applied per sequence when dumping ----------------------
def _first_line_break(text: str) -> str | None:
    m = re.search(r"\r\n|\n", text)
    return m.group(0) if m else None


def _prologue(text: str) -> str:
    """The lines up to and including a document-start line ``---`` that only comments and
    directives precede ("" when the document does not start with one)."""
    end = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        end += len(line)
        if not stripped or stripped.startswith(("#", "%")):
            continue
        return text[:end] if re.fullmatch(r"---[ \t]*(#.*)?", stripped) else ""
    return ""


def _detect_layout(tree: Any, lines: Sequence[str] = ()) -> Layout:
    """The file's mapping indent and usual sequence layout. Each block sequence also remembers
    its own layout, and each block scalar in a mapping how far its text is indented."""
    finder = _LayoutFinder(lines)
    if isinstance(tree, _ruamel().CommentedSeq):
        finder.sequence(tree, 0)
    finder.walk(tree)
    mapping = finder.mapping_indents.most_common(1)[0][0] if finder.mapping_indents else HOUSE_LAYOUT.mapping
    sequence, offset = (finder.seq_layouts.most_common(1)[0][0] if finder.seq_layouts
                        else (HOUSE_LAYOUT.sequence, HOUSE_LAYOUT.offset))
    return Layout(mapping, sequence, offset)


class _LayoutFinder:
    """Reads indentation off the positions ruamel recorded (and, for block scalars, the text)."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.rt = _ruamel()
        self.lines = lines
        self.mapping_indents: Counter[int] = Counter()
        self.seq_layouts: Counter[tuple[int, int]] = Counter()
        self.seen: set[int] = set()

    def walk(self, node: Any) -> None:
        if id(node) in self.seen:
            return
        self.seen.add(id(node))
        if isinstance(node, self.rt.CommentedMap):
            self._mapping(node)
        elif isinstance(node, self.rt.CommentedSeq):
            for index, item in enumerate(node):
                at = node.lc.data.get(index)
                if at is not None and isinstance(item, self.rt.CommentedSeq):
                    self.sequence(item, at[1])
                self.walk(item)

    def _mapping(self, node: Any) -> None:
        block_indents = {}
        for key, value in node.items():
            at = node.lc.data.get(key)
            if at is None:
                continue
            key_line, key_col, value_line, value_col = at
            if isinstance(value, self.rt.CommentedMap) and not value.fa.flow_style() and value.lc.line is not None:
                if value.lc.line > key_line and value.lc.col > key_col:
                    self.mapping_indents[value.lc.col - key_col] += 1
            elif isinstance(value, self.rt.CommentedSeq):
                self.sequence(value, key_col)
            elif isinstance(value, self.rt.BlockScalars):
                indent = self._block_indent(value_line, value_col, key_col)
                if indent is not None:
                    block_indents[key] = indent
            self.walk(value)
        if block_indents:
            setattr(node, _BLOCK_INDENTS, block_indents)

    def sequence(self, seq: Any, parent_column: int) -> None:
        if seq.fa.flow_style() or not len(seq) or seq.lc.col is None:
            return
        first = seq.lc.data.get(0)
        if first is None or first[0] != seq.lc.line:  # item not on the dash's line: leave it to ruamel
            return
        dash = seq.lc.col
        if dash < parent_column or first[1] < dash + 2:
            return
        layout = (first[1] - parent_column, dash - parent_column)
        setattr(seq, _SEQ_LAYOUT, layout)
        self.seq_layouts[layout] += 1

    def _block_indent(self, line: int, column: int, key_column: int) -> int | None:
        """How far right of its key a block scalar's text starts: the indentation indicator
        if there is one (``|2``), else the first non-blank line's indentation."""
        if line >= len(self.lines):
            return None
        header = re.match(r"[|>]([-+]?)([1-9])?", self.lines[line][column:])
        if header and header.group(2):
            return int(header.group(2))
        for text in self.lines[line + 1 :]:
            if text.strip():
                indent = len(text) - len(text.lstrip(" "))
                return indent - key_column if indent > key_column else None
        return None


def _seq_layout(seq: Any, default: Layout) -> tuple[int, int]:
    return getattr(seq, _SEQ_LAYOUT, None) or (default.sequence, default.offset)


def _new_yaml(layout: Layout = HOUSE_LAYOUT) -> Any:
    rt = _ruamel()
    yaml = rt.YAML(typ="rt", pure=True)
    yaml.Scanner = rt.Scanner
    yaml.Composer = rt.Composer
    yaml.Constructor = rt.Constructor
    yaml.Representer = rt.Representer
    yaml.Serializer = rt.Serializer
    yaml.Emitter = rt.Emitter
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    yaml.width = _WIDE
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # [a, {c: d}], not [a, c: d]
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    # what the representer knows about a node and the emitter needs (a sequence's layout, a block
    # scalar's indentation), passed by node id through the serializer, which sees both
    yaml.drafter_node_info = {}
    yaml.drafter_next_info = None
    return yaml


@functools.cache
def _ruamel() -> SimpleNamespace:
    """Import ruamel.yaml and build drafter's subclasses of its round-trip machinery, once.

    Deferred to the first real parse or dump: a build whose files are all cached never
    pays for importing it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedKeyMap, CommentedMap, CommentedSeq, TaggedScalar
    from ruamel.yaml.composer import Composer as BaseComposer
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.emitter import RoundTripEmitter
    from ruamel.yaml.error import CommentMark, MarkedYAMLError, ReusedAnchorWarning, YAMLError
    from ruamel.yaml.events import AliasEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.reader import ReaderError
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.scanner import RoundTripScanner
    from ruamel.yaml.scalarbool import ScalarBoolean
    from ruamel.yaml.scalarstring import (
        FoldedScalarString, LiteralScalarString, PlainScalarString, ScalarString, SingleQuotedScalarString,
    )
    from ruamel.yaml.serializer import Serializer as BaseSerializer
    from ruamel.yaml.tokens import CommentToken

    def null_spelling(node: Any) -> str | None:
        return node.value if isinstance(node, ScalarNode) and node.tag == _NULL_TAG else None

    class Scanner(RoundTripScanner):
        """Stops at the first ``[`` or ``{`` nested deeper than the limit: ruamel's bookkeeping of
        possible keys grows with the nesting, so ten thousand ``[`` would take seconds to scan."""

        def fetch_flow_collection_start(self, TokenClass: Any, to_push: Any) -> None:
            if self.flow_level >= MAX_YAML_DEPTH:
                raise _too_deep(self.reader.get_mark())
            super().fetch_flow_collection_start(TokenClass, to_push)

        def scan_flow_scalar_non_spaces(self, double: Any, start_mark: Any) -> Any:
            try:
                return super().scan_flow_scalar_non_spaces(double, start_mark)
            except (ValueError, OverflowError):  # "\UFFFFFFFF" and beyond: no such character
                raise _Refused("YAML 格式错误：双引号里的“\\U”转义超出了字符的范围", self.reader.get_mark(),
                               "要写“\\”本身请写成“\\\\”，或改用单引号") from None

        def scan_yaml_directive_number(self, start_mark: Any) -> Any:
            try:
                return super().scan_yaml_directive_number(start_mark)
            except ValueError:  # a version number of thousands of digits
                raise _Refused("YAML 格式错误：“%YAML”指令的版本号写法不对", start_mark,
                               "请删除这一行；以 % 开头的文字请加引号") from None

        def fetch_more_tokens(self) -> Any:
            try:
                return super().fetch_more_tokens()
            except (_Refused, YAMLError, RecursionError):
                raise
            except Exception:
                raise _Refused(UNEXPECTED, self.reader.get_mark(), _DEFAULT_HINT) from None

    class Composer(BaseComposer):
        """Counts what the document holds, aliases expanded, while composing it, and stops at a
        limit before anything recurses that deep or expands that far: the values (each alias
        counts as everything it stands for), the nesting of lists and mappings (an alias counts
        as deep as what it stands for), and an alias inside what it refers to."""

        def __init__(self, loader: Any = None) -> None:
            super().__init__(loader)
            self.drafter_values = 0  # values so far, aliases expanded
            self.drafter_heights: list[int] = []  # per open collection: the deepest nesting below it
            self.drafter_done: dict[int, tuple[Any, int, int]] = {}  # id → (node, values, height)

        def compose_document(self) -> Any:
            self.drafter_parser = self.parser  # a property that looks itself up: once, not per node
            return super().compose_document()

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.drafter_parser.peek_event()
            if event.__class__ is ScalarEvent and event.anchor is None:  # most nodes: kept lean
                self.drafter_values += 1
                if self.drafter_values > MAX_YAML_NODES:
                    raise _too_many(event.start_mark)
                return compose_node(self, parent, index)
            heights = self.drafter_heights
            if isinstance(event, AliasEvent):
                target = self.anchors.get(event.anchor)
                if target is not None:  # else ruamel reports the undefined alias
                    done = self.drafter_done.get(id(target))
                    if done is None:
                        raise _recursive_alias(event.start_mark, event.anchor)
                    self.drafter_values += done[1]
                    if self.drafter_values > MAX_YAML_NODES:
                        raise _too_many(event.start_mark, event.anchor)
                    if len(heights) + done[2] > MAX_YAML_DEPTH:
                        raise _too_deep(event.start_mark, event.anchor)
                    if heights and done[2] > heights[-1]:
                        heights[-1] = done[2]
                return compose_node(self, parent, index)
            self.drafter_values += 1
            if self.drafter_values > MAX_YAML_NODES:
                raise _too_many(event.start_mark)
            if isinstance(event, ScalarEvent):  # with an anchor
                node = compose_node(self, parent, index)
                self.drafter_done[id(node)] = (node, 1, 0)
                return node
            if len(heights) >= MAX_YAML_DEPTH:
                raise _too_deep(event.start_mark)
            before = self.drafter_values - 1
            heights.append(0)
            node = compose_node(self, parent, index)
            height = heights.pop() + 1
            if heights and height > heights[-1]:
                heights[-1] = height
            if event.anchor is not None:
                self.drafter_done[id(node)] = (node, self.drafter_values - before, height)
            return node

    compose_node = BaseComposer.compose_node

    class Constructor(RoundTripConstructor):
        """Refuses duplicate keys with positions; remembers how each null was written; refuses,
        located, numbers with too many digits and values that cannot be built (2023-02-30,
        ``!!int abc``)."""

        def construct_non_recursive_object(self, node: Any, tag: Any = None) -> Any:
            node_tag = str(node.tag)
            kind = _TAG_KINDS.get(node_tag)  # checked before ruamel builds anything for it
            if kind != "any" and (kind is None or (kind == "scalar") != isinstance(node.value, str)):
                raise _refused_tag(node, node_tag, kind)
            try:
                return RoundTripConstructor.construct_non_recursive_object(self, node, tag)
            except (_Refused, _DuplicateKey, YAMLError, RecursionError):
                raise
            except Exception:
                raise _bad_value(node) from None

        def construct_document(self, node: Any) -> Any:
            try:
                return super().construct_document(node)
            except (_Refused, _DuplicateKey, YAMLError, RecursionError):
                raise
            except Exception:  # outside any one value (the rest of a top-level mapping or list)
                raise _Refused(UNEXPECTED, node.start_mark, _DEFAULT_HINT) from None

        def construct_yaml_int(self, node: Any) -> Any:
            refused = _too_many_digits(node)
            if refused:
                raise refused
            return super().construct_yaml_int(node)

        def construct_yaml_float(self, node: Any) -> Any:
            refused = _too_many_digits(node)
            if refused:
                raise refused
            return super().construct_yaml_float(node)

        def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any) -> bool:
            if isinstance(key, (CommentedKeyMap, tuple)):  # "? [a, b]" or "? {a: b}": never a key for drafter
                raise _Refused("键不能是列表或映射", key_node.start_mark)
            if key in mapping:
                line, column = mapping.lc.key(key)
                mark = key_node.start_mark
                raise _DuplicateKey(key, Pos(line + 1, column + 1), Pos(mark.line + 1, mark.column + 1))
            return True

        def construct_mapping(self, node: Any, maptyp: Any, deep: bool = False) -> Any:
            result = super().construct_mapping(node, maptyp, deep)
            spellings = {}
            for key_node, value_node in node.value:
                spelling = null_spelling(value_node)
                key = self.constructed_objects.get(key_node)
                if spelling is None or not _hashable(key) or key not in maptyp:
                    continue
                spellings[key] = spelling
                if spelling == "" and key in maptyp.lc.data:
                    # an empty value stands right after the colon, not at the next token
                    end = key_node.end_mark
                    maptyp.lc.data[key][2:4] = [end.line, end.column + 1]
            if spellings:
                setattr(maptyp, _SPELLINGS, spellings)
            return result

        def construct_rt_sequence(self, node: Any, seqtyp: Any, deep: bool = False) -> Any:
            result = super().construct_rt_sequence(node, seqtyp, deep)
            spellings = {i: s for i, child in enumerate(node.value) if (s := null_spelling(child)) is not None}
            if spellings:
                setattr(seqtyp, _SPELLINGS, spellings)
            return result

    # the table of constructors holds ruamel's functions: point the two tags at the overrides
    Constructor.add_constructor("tag:yaml.org,2002:int", Constructor.construct_yaml_int)
    Constructor.add_constructor("tag:yaml.org,2002:float", Constructor.construct_yaml_float)

    class Representer(RoundTripRepresenter):
        """Writes nulls as they were spelled (a new one as ``~``) and hands on what the emitter
        needs to lay a node out as it was: a sequence's layout, a block scalar's indentation."""

        def represent_none(self, data: Any) -> Any:
            return self.represent_scalar(_NULL_TAG, "~")

        def represent_mapping(self, tag: Any, mapping: Any, flow_style: Any = None) -> Any:
            node = super().represent_mapping(tag, mapping, flow_style)
            spellings = getattr(mapping, _SPELLINGS, None) or {}
            block_indents = getattr(mapping, _BLOCK_INDENTS, None) or {}
            if spellings or block_indents:
                merged = hasattr(mapping, "non_merged_items") and getattr(mapping, "merge", None)
                keys = [k for k, _ in (mapping.non_merged_items() if merged else mapping.items())]
                pairs = [p for p in node.value if p[0].tag != _MERGE_TAG]
                for key, (_, value_node) in zip(keys, pairs):
                    respell(value_node, spellings.get(key))
                    if key in block_indents and isinstance(value_node, ScalarNode):
                        self.dumper.drafter_node_info[id(value_node)] = block_indents[key]
            return node

        def represent_sequence(self, tag: Any, sequence: Any, flow_style: Any = None) -> Any:
            node = super().represent_sequence(tag, sequence, flow_style)
            spellings = getattr(sequence, _SPELLINGS, None)
            if spellings:
                for index, item_node in enumerate(node.value):
                    respell(item_node, spellings.get(index))
            self.dumper.drafter_node_info[id(node)] = getattr(sequence, _SEQ_LAYOUT, None)
            return node

    def respell(node: Any, spelling: str | None) -> None:
        if spelling is not None and isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
            node.value = spelling

    Representer.add_representer(type(None), Representer.represent_none)
    # YDict/YList and other dict/list subclasses are written like dicts and lists
    Representer.add_multi_representer(dict, Representer.represent_dict)
    Representer.add_multi_representer(list, Representer.represent_list)

    class Serializer(BaseSerializer):
        def serialize_node(self, node: Any, parent: Any, index: Any) -> None:
            # the event for this node is emitted next, before any of its children's
            self.dumper.drafter_next_info = self.dumper.drafter_node_info.get(id(node))
            super().serialize_node(node, parent, index)

    class Emitter(RoundTripEmitter):
        """Indents each block sequence and block scalar as it was in the file (ruamel has one
        setting per document), and gives a block scalar the indentation indicator that matches
        the indentation it is written with."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.drafter_pending: dict[int, Any] = {}
            self.drafter_saved: list[tuple[int, int]] = []
            self.drafter_dash_column: int | None = None

        def emit(self, event: Any) -> None:
            if isinstance(event, (SequenceStartEvent, ScalarEvent)):
                self.drafter_pending[id(event)] = self.dumper.drafter_next_info
            super().emit(event)

        def expect_block_sequence(self) -> None:
            layout = self.drafter_pending.pop(id(self.event), None)
            self.drafter_saved.append((self.best_sequence_indent, self.sequence_dash_offset))
            default = (self.dumper.sequence_indent, self.dumper.sequence_dash_offset)
            self.best_sequence_indent, self.sequence_dash_offset = layout or default
            super().expect_block_sequence()

        def expect_block_sequence_item(self, first: bool = False) -> None:
            ending = not first and isinstance(self.event, SequenceEndEvent)
            super().expect_block_sequence_item(first)
            if ending:
                self.best_sequence_indent, self.sequence_dash_offset = self.drafter_saved.pop()

        def process_scalar(self) -> None:
            indent = self.drafter_pending.pop(id(self.event), None)
            if self.sequence_context and not self.flow_level and self.event.value == "" and not self.event.style:
                self.sequence_context = False  # an empty item is "-", not "- " with a trailing space
            parent = self.block_parent_indent()
            if indent is None or parent is None or self.style not in ("|", ">"):
                super().process_scalar()
                return
            saved, self.indent = self.indent, parent + indent
            try:
                super().process_scalar()
            finally:
                self.indent = saved

        def block_parent_indent(self) -> int | None:
            """The indentation a block scalar's indicator counts from: its key's column, or
            for a list item its dash's column."""
            if self.root_context or self.indent is None or not self.indents.values or self.flow_level:
                return None
            if self.mapping_context:
                return self.indents.values[-1][0] or 0
            return self.drafter_dash_column

        def write_indicator(self, indicator: Any, need_whitespace: Any, *args: Any, **kwargs: Any) -> None:
            super().write_indicator(indicator, need_whitespace, *args, **kwargs)
            if indicator.strip() == "-":
                self.drafter_dash_column = self.column - 1

        def determine_block_hints(self, text: Any) -> Any:
            hints, indent, chomp = super().determine_block_hints(text)
            parent = self.block_parent_indent()
            if indent and parent is not None and 0 < self.indent - parent < 10:
                # ruamel always writes "2", whatever the indentation really is
                hints = hints.replace(str(indent), str(self.indent - parent), 1)
                indent = self.indent - parent
            return hints, indent, chomp

    return SimpleNamespace(
        YAML=YAML, Scanner=Scanner, Composer=Composer, Constructor=Constructor, Representer=Representer,
        Serializer=Serializer, Emitter=Emitter,
        CommentedMap=CommentedMap, CommentedSeq=CommentedSeq, CommentedKeyMap=CommentedKeyMap, TaggedScalar=TaggedScalar,
        ScalarBoolean=ScalarBoolean, ScalarString=ScalarString, PlainScalarString=PlainScalarString,
        SingleQuotedScalarString=SingleQuotedScalarString,
        LiteralScalarString=LiteralScalarString, BlockScalars=(LiteralScalarString, FoldedScalarString),
        CommentToken=CommentToken, CommentMark=CommentMark,
        MarkedYAMLError=MarkedYAMLError, ReaderError=ReaderError, YAMLError=YAMLError,
        ReusedAnchorWarning=ReusedAnchorWarning,
    )
