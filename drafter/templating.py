"""The sandboxed, strict Jinja2 environment that fills blocks, and how its output becomes Text.

Values are formatted here once: 8.0 → "8", dates → "2023年2月10日". A value still
missing in draft mode is passed in as a :class:`Missing` marker that renders as a
private-use sentinel; :func:`to_text` turns the sentinels back into model Blanks, so a
writer can highlight them without re-parsing ``**``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from .model import Blank, Text

_OPEN, _CLOSE = "\ue000", "\ue001"
_SENTINEL = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")


class Missing:
    """A draft-mode stand-in for a value nobody has given yet."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return f"{_OPEN}{self.name}{_CLOSE}"


def format_value(value: Any) -> Any:
    """How a value reads in a document (the finalize hook of the environment)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_date(value)
    return value


def format_date(d: dt.date) -> str:
    """成文日期 style: Arabic numerals, no zero padding (GB/T 9704 7.3.5.1)."""
    return f"{d.year}年{d.month}月{d.day}日"


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=format_value,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# Nodes that bind names inside a template: only then is the full (slower) analysis needed.
_BINDING_NODES = (nodes.For, nodes.Assign, nodes.AssignBlock, nodes.Macro, nodes.CallBlock, nodes.With,
                  nodes.FilterBlock)


def parse_template(source: str) -> tuple[nodes.Template, set[str]]:
    """Parse *source*; return its syntax tree and the names it reads from outside.

    Parsing is cheap and enough to check a block's names when the library loads;
    compiling to Python waits until a build uses the block (:func:`compile_parsed`).
    Raises jinja2.TemplateSyntaxError; callers re-raise it located in their file.
    """
    ast = environment().parse(source)
    if any(True for _ in ast.find_all(_BINDING_NODES)):
        names = set(meta.find_undeclared_variables(ast))
    else:
        names = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"}
    return ast, names


def compile_parsed(ast: nodes.Template) -> Template:
    return environment().from_string(ast)


def compile_template(source: str) -> tuple[Template, set[str]]:
    """Parse and compile *source* at once: the template and the names it reads."""
    ast, names = parse_template(source)
    return compile_parsed(ast), names


def to_paragraphs(rendered: str) -> list[Text]:
    """Rendered template output → paragraphs: an empty line separates two paragraphs."""
    return [to_text(chunk) for chunk in _PARAGRAPH_BREAK.split(rendered.strip()) if chunk.strip()]


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def to_text(rendered: str) -> Text:
    """Rendered template output → Text, one paragraph: line breaks inside are joined.

    Chinese has no spaces between words, so a paragraph written over several lines
    of YAML reads as one line; leading/trailing whitespace is dropped.
    """
    joined = "".join(line.strip() for line in rendered.strip().splitlines())
    parts: list[Any] = []
    pos = 0
    for m in _SENTINEL.finditer(joined):
        parts.append(joined[pos : m.start()])
        parts.append(Blank(m.group(1)))
        pos = m.end()
    parts.append(joined[pos:])
    return Text.of(*parts)


__all__ = ["Missing", "TemplateSyntaxError", "compile_template", "environment", "format_date", "to_paragraphs", "to_text"]
