"""Safe YAML loading that remembers where every key and value came from.

A private SafeLoader subclass (no global patching, no arbitrary objects) builds
:class:`YDict`/:class:`YList`, which carry the line and column of each entry, so
that a validation error deep inside a config can still name "第12行".
Duplicate keys are refused instead of the silent last-one-wins of plain YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from .errors import DrafterError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Pos:
    """1-based line and column; for a block scalar (| or >) the line where its text starts."""

    line: int
    column: int


def _pos(node: yaml.Node) -> Pos:
    line = node.start_mark.line + 1
    column = node.start_mark.column + 1
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        return Pos(line + 1, 1)
    return Pos(line, column)


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


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    filename: str = "<yaml>"


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> YDict:
    loader.flatten_mapping(node)
    result = YDict()
    result.pos = _pos(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise DrafterError(
                "键不能是列表或映射", file=loader.filename, line=_pos(key_node).line, column=_pos(key_node).column
            )
        if key in result:
            raise DrafterError(
                f"键「{key}」重复出现（第{result.key_pos[key].line}行已有）",
                file=loader.filename,
                line=_pos(key_node).line,
                column=_pos(key_node).column,
                key=str(key),
                hint="请删除或合并其中一处",
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_pos[key] = _pos(key_node)
        result.value_pos[key] = _pos(value_node)
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> YList:
    result = YList(loader.construct_object(child, deep=True) for child in node.value)
    result.pos = _pos(node)
    result.item_pos = [_pos(child) for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def load_yaml(text: str, filename: str) -> Any:
    """Parse *text*; a syntax error becomes a located DrafterError."""
    loader = _Loader(text)
    loader.filename = filename
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise DrafterError(
            f"YAML 格式错误：{_translate(e.problem or e.context or '')}",
            file=filename,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="请检查缩进、冒号后的空格和引号是否成对",
        ) from None
    except yaml.YAMLError as e:  # e.g. reader errors on control characters
        raise DrafterError(f"YAML 格式错误：{e}", file=filename) from None
    finally:
        loader.dispose()


def read_yaml_text(path: Path, name: str) -> str:
    """The text of a YAML file (UTF-8, a BOM tolerated), or a located error."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DrafterError("文件不存在", file=name) from None
    except IsADirectoryError:
        raise DrafterError("这是一个文件夹，不是文件", file=name) from None
    except UnicodeDecodeError:
        raise DrafterError("文件不是 UTF-8 编码", file=name, hint="请用 UTF-8 另存后再试") from None


def load_yaml_file(path: Path, display: str | None = None) -> Any:
    name = display or str(path)
    return load_yaml(read_yaml_text(path, name), name)


_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现冒号映射（冒号后缺空格或缩进不对？）",
    "could not find expected ':'": "缺少冒号",
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进",
    "did not find expected key": "缩进不对齐或缺少键",
    "found undefined alias": "引用了未定义的锚点",
    "expected <block end>, but found '-'": "列表项缩进不对齐",
    "found unexpected end of stream": "文件意外结束（引号未闭合？）",
    "did not find expected '-' indicator": "列表项缺少“-”",
}


def _translate(problem: str) -> str:
    for en, zh in _PROBLEMS.items():
        if problem.startswith(en):
            return zh
    return problem


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
