"""The block library: reusable, parameterised passages loaded from ``blocks/**/*.yaml``.

A block file holds a list of blocks; ``blocks/_params.yaml`` declares the parameters
shared by the whole library (年度, 县名, 单位 …) once, with their descriptions, so
blocks only declare what is their own. Loading checks everything a build relies on:
unique ids, templates that parse, and every name a template reads being declared.

Loading is on every build's path, so it does as little as it can: a block file comes
from the YAML cache (:mod:`drafter.cache`) together with the names each of its templates
reads — found by parsing the template the first time, and stored only for templates
that parsed cleanly, so a cached name set means "this template is fine". A template is
parsed and compiled only when a build first uses its block.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Literal


from .errors import BlockError, DrafterError, did_you_mean, raise_all
from .filling import RESERVED_NAMES, PlainTemplate, compile_template, invalid_char, plain_template
from .validation import validate
from . import cache
from .yamlio import YDict, read_bytes_and_stat, read_yaml_file

if TYPE_CHECKING:
    from .block_schema import BlockSpec

COMMON_PARAMS_FILE = "_params.yaml"
# Parameters an item block may declare without printing them: who does it and by when, the row of
# the 任务分解表 and of the ledger (the assembler reads them as the item's task).
TASK_PARAMS = ("牵头单位", "责任单位", "完成时限")

# An id is a /-separated path of names. It is never used as a file path, and the
# rule also refuses anything that would look like one escaping blocks/ (.., \, :).
_ID_PART = re.compile(r'^[^/\\\s:*?"<>|]+$')


def check_id(value: str) -> str:
    parts = value.split("/")
    if not value or any(p in (".", "..") or not _ID_PART.match(p) for p in parts):
        raise ValueError(f"块编号「{value}」不合规：用“/”分隔的名称，不能含空格、\\、冒号或“..”")
    return value


class Kind(str, Enum):
    """Where a block may go in a document."""

    PREAMBLE = "preamble"
    HEADING = "heading"
    LEAD = "lead"
    ITEM = "item"
    PARAGRAPH = "paragraph"
    CLOSING = "closing"

    @property
    def zh(self) -> str:
        return KIND_NAMES[self]


KIND_NAMES = {
    Kind.PREAMBLE: "开头段（总体要求）",
    Kind.HEADING: "一级标题",
    Kind.LEAD: "导语段（标题下不编号的段落）",
    Kind.ITEM: "条目（编号的段落）",
    Kind.PARAGRAPH: "普通段落（可用于任何段落位置）",
    Kind.CLOSING: "结尾段",
}

ParamType = Literal["str", "int", "number", "percent", "date"]
PARAM_TYPE_NAMES = {"str": "文字", "int": "整数", "number": "数字", "percent": "百分数（不含%号）", "date": "日期"}


@dataclass
class Param:
    name: str
    type: str
    description: str
    default: Any = None
    example: Any = None
    common: bool = False  # declared in blocks/_params.yaml
    yearly: bool = False  # a value filled in anew every year (drafter roll clears it)


@dataclass
class Block:
    """A loaded block: its spec, its templates (compiled on first use) and where it lives.

    ``title_ast``/``body_ast`` hold the parsed templates when loading had to parse them anyway
    (the file was not in the cache): a :class:`~drafter.filling.PlainTemplate`, or Jinja's parse
    tree; otherwise the sources are compiled when needed.
    """

    id: str
    kind: Kind
    title_source: str | None
    body_source: str
    params: dict[str, Param]
    tags: list[str]
    source: str | None
    file: str
    line: int
    variables: set[str]
    title_ast: Any = field(repr=False, default=None)
    body_ast: Any = field(repr=False, default=None)
    # where the title sentence and the body text start in the file (a block scalar: its first
    # text line), so that a slip in a block's fixed text can be located to its line
    title_line: int | None = None
    body_line: int | None = None

    def param(self, name: str, common: dict[str, Param]) -> Param | None:
        return self.params.get(name) or common.get(name)

    def variables_in_order(self) -> list[str]:
        """The names the block reads, in the order they first appear in its text."""
        text = (self.title_source or "") + self.body_source
        positions = {}
        for name in self.variables:
            m = re.search(r"\{\{[^}]*?(?<![\w])" + re.escape(name) + r"(?![\w])", text)
            positions[name] = m.start() if m else len(text)
        return sorted(self.variables, key=lambda n: (positions[n], n))

    @cached_property
    def title_template(self) -> Any:
        """Compiled on first use: a build needs a few dozen of the library's blocks."""
        return _compile(self.title_ast, self.title_source)

    @cached_property
    def body_template(self) -> Any:
        return _compile(self.body_ast, self.body_source)


def _compile(parsed: Any, source: str | None) -> Any:
    """The template to fill: plain (:mod:`drafter.filling`) whenever it can be, else Jinja's."""
    if isinstance(parsed, PlainTemplate):
        return parsed
    if parsed is not None:
        from .templating import compile_parsed

        return compile_parsed(parsed)
    return compile_template(source)[0] if source is not None else None


@dataclass
class Library:
    """All blocks of a workspace, by id, plus the library-wide parameters."""

    root: Path
    blocks: dict[str, Block]
    common: dict[str, Param]

    def get(self, block_id: str) -> Block | None:
        return self.blocks.get(block_id)

    def suggest(self, block_id: str) -> str | None:
        return did_you_mean(block_id, self.blocks)

    def by_tag(self, tag: str) -> list[Block]:
        return [b for b in self.blocks.values() if tag in b.tags]


def check_value(param: Param, value: Any) -> str | None:
    """Why *value* is not of the parameter's type (in Chinese), or None if it is.

    Besides the type: a number must be finite (``.nan``, ``.inf`` and ``1e400`` read as
    numbers in YAML), and a text may not hold characters a Word file cannot store.
    """
    if value is None:
        return None
    ok = {
        "str": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "percent": isinstance(value, (int, float)) and not isinstance(value, bool),
        "date": isinstance(value, dt.date),
    }[param.type]
    if ok:
        return value_problem(param.name, value)
    hint = ""
    if param.type == "str" and isinstance(value, (int, float)):
        hint = "（数字作文字用时请加引号）"
    elif param.type == "percent" and isinstance(value, str) and value.endswith("%"):
        hint = "（只写数字，不要带%号）"
    elif param.type == "date":
        hint = "（写成 2023-02-10 的形式）"
    elif isinstance(value, float) and not math.isfinite(value):
        return value_problem(param.name, value)
    return f"「{param.name}」应为{PARAM_TYPE_NAMES[param.type]}，实际是「{_shown(value)}」{hint}"


def _shown(value: Any, limit: int = 30) -> str:
    """A value as quoted in a message: short (a list of 100,000 values is not read out)."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def value_problem(name: str, value: Any) -> str | None:
    """Why *value* cannot go into a document whatever its declared type (in Chinese), or None:
    a number that is not finite, or a text (also inside a list or mapping) holding a
    character a Word file cannot store."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"「{name}」的值不是有效的数（.nan、.inf 或超出范围的数，如 1e400），请写出具体的数"
    if isinstance(value, str):
        bad = invalid_char(value)
        if bad is not None:
            return f"「{name}」含有不能写入 Word 文件的控制字符（{bad[1]}，第{bad[0] + 1}个字符），请删除它"
        return None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        for item in value:
            problem = value_problem(name, item)
            if problem:
                return problem
    return None


def name_problem(name: str) -> str | None:
    """Why *name* cannot be a parameter (in Chinese), or None."""
    if name in RESERVED_NAMES:
        return f"「{name}」是模板引擎的保留名，不能用作参数名"
    return None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def load_common_params(root: Path) -> dict[str, Param]:
    """The library-wide parameters of ``blocks/_params.yaml``; like a block file, kept in the
    disk cache once checked (so that a warm load validates nothing)."""
    path = root / "blocks" / COMMON_PARAMS_FILE
    if not path.exists():
        return {}
    name = _relative(path, root)
    read = read_bytes_and_stat(path, name)
    records = cache.lookup(path, *read, kind=_BLOCKS_CACHE)
    if isinstance(records, tuple):
        try:
            return {p[0]: Param(p[0], p[1], p[2], p[3], p[4], common=True, yearly=p[5]) for p in records}
        except (TypeError, ValueError, IndexError, KeyError):
            pass  # not as written: checked again below
    loaded = read_yaml_file(path, name, read=read)
    loaded.remember()
    data = loaded.data
    from .block_schema import CommonParamsFile

    spec = validate(CommonParamsFile, data, name, BlockError)
    errors = []
    for key, p in spec.params.items():
        problem = name_problem(key)
        if problem:
            pos = data["params"].key_pos.get(key)
            errors.append(BlockError(problem, file=name, line=pos.line if pos else None,
                                     column=pos.column if pos else None, key="params", hint="请换一个名称"))
        for attr in ("default", "example"):
            problem = check_value(Param(key, p.type, p.description), getattr(p, attr))
            if problem:
                pos = data["params"].value_pos.get(key)
                errors.append(BlockError(problem, file=name, line=pos.line if pos else None,
                                         key=f"params.{key}.{attr}"))
    raise_all(errors)
    common = {k: Param(k, p.type, p.description, p.default, p.example, common=True, yearly=p.yearly)
              for k, p in spec.params.items()}
    cache.store(path, *read, tuple((p.name, p.type, p.description, p.default, p.example, p.yearly)
                                   for p in common.values()), kind=_BLOCKS_CACHE)
    return common


def load_library(root: Path | str) -> Library:
    """Load and check every block under ``root/blocks``; report all problems at once.

    A block file that loaded without a problem is kept in the disk cache as its checked blocks
    (plain records, :func:`_block_records`), keyed by the file's bytes and the library-wide
    parameter names it was checked against: a warm load reads each file (to hash it) and the
    records, and neither unpickles the file's YAML with all its positions nor validates it
    with pydantic again (for 10,000 blocks 2.4 s became 0.2 s). Only the check across files —
    no id twice — runs on every load; a file whose cached ids clash, or that changed, or whose
    entry is missing or damaged, is loaded in full as before, so every problem is reported
    exactly as without the cache.
    """
    # Loading makes hundreds of thousands of objects that all stay (blocks, parameters, sets):
    # the cyclic garbage collector, set off by the allocations, would walk them again and again
    # for nothing — a third of the time for 50,000 blocks, and growing faster than the library.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load_library(Path(root))
    finally:
        if paused:
            gc.enable()


def _load_library(root: Path) -> Library:
    errors: list[DrafterError] = []
    common: dict[str, Param] = {}
    try:
        common = load_common_params(root)
    except DrafterError as e:
        errors.extend(getattr(e, "errors", [e]))
    library = Library(root=root, blocks={}, common=common)
    checked_against = tuple(sorted(common))
    for path in sorted((root / "blocks").rglob("*.yaml")):
        if path.name.startswith("_"):
            continue
        name = _relative(path, root)
        try:
            read = read_bytes_and_stat(path, name)
            if _add_cached(library, cache.lookup(path, *read, kind=_BLOCKS_CACHE, extra=checked_against), name):
                continue
            loaded = read_yaml_file(path, name, read=read)
        except DrafterError as e:
            errors.extend(getattr(e, "errors", [e]))
            continue
        # source → names it reads, for every template of the file that parsed cleanly
        names = dict(loaded.extras.get(TEMPLATE_NAMES) or {})
        before = len(library.blocks)
        problems = add_block_file(library, loaded.data, name, _LazyLines(lambda f=loaded: f.lines), template_names=names)
        errors.extend(problems)
        loaded.remember(**{TEMPLATE_NAMES: names})
        if not problems:
            added = list(library.blocks.values())[before:]
            cache.store(path, *read, _block_records(added), kind=_BLOCKS_CACHE, extra=checked_against)
    raise_all(errors, f"块库有{len(errors)}个问题：" if len(errors) > 1 else None)
    return library


# the kind of cache entry (drafter.cache) holding a block file's checked blocks
_BLOCKS_CACHE = "blocks"
_KINDS = {kind.value: kind for kind in Kind}


def _block_records(blocks: list[Block]) -> tuple:
    """The checked blocks of one file as plain data (what the cache's safe unpickler allows)."""
    return tuple(
        (b.id, b.kind.value, b.title_source, b.body_source,
         tuple((p.name, p.type, p.description, p.default, p.example, p.yearly) for p in b.params.values()),
         tuple(b.tags), b.source, b.line, tuple(sorted(b.variables)), b.title_line, b.body_line)
        for b in blocks)


def _add_cached(library: Library, records: Any, file: str) -> bool:
    """Add a file's cached blocks, or nothing (False: a miss, an id another file already has,
    an entry not as written) so that the caller loads the file in full."""
    if not isinstance(records, tuple):
        return False
    try:
        blocks = [
            Block(id=block_id, kind=_KINDS[kind], title_source=title, body_source=body,
                  params={p[0]: Param(p[0], p[1], p[2], p[3], p[4], yearly=p[5]) for p in params},
                  tags=list(tags), source=source, file=file, line=line, variables=set(variables),
                  title_line=title_line, body_line=body_line)
            for (block_id, kind, title, body, params, tags, source, line, variables, title_line, body_line) in records
        ]
    except (TypeError, ValueError, IndexError, KeyError):
        return False
    if any(b.id in library.blocks or not isinstance(b.id, str) for b in blocks) or \
            len({b.id for b in blocks}) != len(blocks):
        return False
    library.blocks.update((b.id, b) for b in blocks)
    return True


# the key under which a block file's template names are cached with it
TEMPLATE_NAMES = "template_names"


class _LazyLines(Sequence):
    """A file's lines, split only if an error message needs a column (a cached file has no errors)."""

    def __init__(self, get: Callable[[], list[str]]) -> None:
        self._get = get

    @cached_property
    def _lines(self) -> list[str]:
        return self._get()

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, index: Any) -> Any:
        return self._lines[index]


def add_block_file(
    library: Library,
    data: Any,
    name: str,
    lines: Sequence[str] | None = None,
    *,
    template_names: dict[str, frozenset[str]] | None = None,
) -> list[DrafterError]:
    """Check the blocks of one file (already parsed YAML) and add them to *library*.

    Returns the problems found instead of raising, so a whole library is checked in one
    pass; import uses it to check the blocks it is about to write. *lines* (the file's
    text) lets messages give the column as well as the line. *template_names* maps a
    template's source to the names it reads: sources found there are not parsed again,
    and every template that parses cleanly is added to it (so the caller can cache it).
    """
    errors: list[DrafterError] = []
    names = template_names if template_names is not None else {}
    from .block_schema import BlockFile

    try:
        spec = validate(BlockFile, data, name, BlockError)
    except DrafterError as e:
        return list(getattr(e, "errors", [e]))
    for index, block_spec in enumerate(spec.blocks):
        raw = data["blocks"][index]
        try:
            block = _make_block(block_spec, raw, name, library.common, lines if lines is not None else [], names)
        except DrafterError as e:
            errors.extend(getattr(e, "errors", [e]))
            continue
        if block.id in library.blocks:
            other = library.blocks[block.id]
            errors.append(
                BlockError(
                    f"块编号「{block.id}」重复（{other.file} 第{other.line}行已有）",
                    file=name,
                    line=raw.value_pos["id"].line,
                    column=raw.value_pos["id"].column,
                    key="id",
                    hint="每个块的 id 必须唯一",
                )
            )
            continue
        library.blocks[block.id] = block
    return errors


def _make_block(
    spec: "BlockSpec",
    raw: YDict,
    file: str,
    common: dict[str, Param],
    lines: Sequence[str],
    known: dict[str, frozenset[str]],
) -> Block:
    errors: list[DrafterError] = []
    line = raw.pos.line
    templates: dict[str, Any] = {"title": None, "body": None}  # parse trees, when parsed here
    names: set[str] = set()
    for key in ("title", "body"):
        source = getattr(spec, key)
        if source is None:
            continue
        bad = invalid_char(source)
        if bad is not None:
            bad_line = raw.value_pos[key].line + source.count("\n", 0, bad[0])
            errors.append(BlockError(f"{_TEXT_NAMES[key]}含有不能写入 Word 文件的控制字符（{bad[1]}）", file=file,
                                     line=bad_line, key=f"{spec.id} {key}", hint="请删除它"))
            continue
        if source in known:
            names |= known[source]
            continue
        plain = plain_template(source)
        if plain is not None:  # nothing to refuse in it, and no need for Jinja
            templates[key] = plain
            known[source] = frozenset(plain.names)
            names |= known[source]
            continue
        from .templating import TemplateRefused, TemplateSyntaxError, parse_template

        start = raw.value_pos[key].line
        try:
            templates[key], used = parse_template(source)
            known[source] = frozenset(used)
            names |= used
        except TemplateSyntaxError as e:
            bad_line = start + (e.lineno or 1) - 1
            refused = isinstance(e, TemplateRefused)  # not a slip of syntax: what blocks may not do
            errors.append(
                BlockError(
                    e.message if refused else f"模板语法错误：{_jinja_message(e)}",
                    file=file,
                    line=bad_line,
                    column=_column(lines, bad_line, ("{{", "{%", "}}", "%}", "{", "}")),
                    key=f"{spec.id} {key}",
                    hint=None if refused else "变量写作 {{ 县名 }}，花括号要成对",
                )
            )
    params = {k: Param(k, p.type, p.description, p.default, p.example, yearly=p.yearly) for k, p in spec.params.items()}
    for var in sorted(params):
        problem = name_problem(var)
        if problem:
            pos = raw["params"].key_pos[var]
            errors.append(BlockError(problem, file=file, line=pos.line, column=pos.column, key=f"{spec.id} params",
                                     hint="请换一个名称，并改正正文中的写法"))
            del params[var]
    declared = set(params) | set(common)
    for var in sorted(names - declared):
        where = "title" if spec.title is not None and var in known.get(spec.title, ()) else "body"
        var_line = _line_of(spec, raw, where, var)
        reserved = var in RESERVED_NAMES
        errors.append(
            BlockError(
                f"「{var}」是模板引擎的保留名，块中不能使用" if reserved else f"未定义的变量「{var}」",
                file=file,
                line=var_line,
                column=_column(lines, var_line, (var,)),
                key=f"{spec.id} {where}",
                hint=("块中只能用本块的参数和 _params.yaml 中的通用参数" if reserved else
                      did_you_mean(var, declared) or "请在 params 中声明它（名称、类型、说明）"),
            )
        )
    for var in sorted(set(params) - names - set(TASK_PARAMS)):
        errors.append(
            BlockError(
                f"参数「{var}」已声明，但正文和标题句都没有用到",
                file=file,
                line=raw["params"].key_pos[var].line,
                column=raw["params"].key_pos[var].column,
                key=f"{spec.id} params",
                hint="请删除该参数，或在正文中写入 {{ " + var + " }}",
            )
        )
    for var, param in params.items():
        for attr in ("default", "example"):
            value = getattr(param, attr)
            problem = check_value(param, value)
            if problem:
                errors.append(
                    BlockError(problem, file=file, line=raw["params"].value_pos[var].line, key=f"{spec.id} params.{var}.{attr}")
                )
    raise_all(errors)
    return Block(
        id=spec.id,
        kind=spec.kind,
        title_source=spec.title,
        body_source=spec.body,
        params=params,
        tags=list(spec.tags),
        source=spec.source,
        file=file,
        line=line,
        variables=names,
        title_ast=templates["title"],
        body_ast=templates["body"],
        title_line=raw.value_pos["title"].line if spec.title is not None and "title" in raw.value_pos else None,
        body_line=raw.value_pos["body"].line if "body" in raw.value_pos else None,
    )


_TEXT_NAMES = {"title": "标题句", "body": "正文"}


def _column(lines: Sequence[str], line: int, tokens: tuple[str, ...]) -> int | None:
    """1-based column of the first of *tokens* found on file line *line* (None if unknown)."""
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    for token in tokens:
        index = text.find(token)
        if index >= 0:
            return index + 1
    return len(text) - len(text.lstrip()) + 1


def _line_of(spec: "BlockSpec", raw: YDict, key: str, var: str) -> int:
    """The YAML line where *var* first appears in the block's *key* text."""
    source = getattr(spec, key) or ""
    start = raw.value_pos[key].line
    for offset, text in enumerate(source.splitlines()):
        if re.search(r"\{\{[^}]*\b" + re.escape(var) + r"\b", text) or var in text:
            return start + offset
    return start


def _jinja_message(e: Any) -> str:
    msg = e.message or ""
    known = {
        "unexpected '}'": "多了一个“}”",
        "unexpected end of template": "模板意外结束（缺少“}}”或“{% end… %}”）",
        "expected token 'end of print statement'": "“{{ }}”里只能写一个变量名",
    }
    for en, zh in known.items():
        if msg.startswith(en):
            return zh
    return msg

