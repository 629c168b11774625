"""The sandboxed, strict Jinja2 environment that fills blocks, and how its output becomes Text.

Values are formatted here once: 8.0 → "8", dates → "2023年2月10日". Every ``{{ 参数 }}`` of a
template is rewritten at parse time to pass through a marking filter, so the rendered
output arrives as chunks (:meth:`jinja2.Template.generate`) in which a parameter's value
is a marked chunk: :func:`render_paragraphs` turns them into :class:`~drafter.model.Value`
spans, and a value still missing in draft mode into a :class:`~drafter.model.Blank`. A
checker can then tell a slip in a block's fixed text from one in a config value.

A missing value used inside an expression (``{{ 年度 + 1 }}``) cannot be marked that way;
:class:`Missing` renders as a private-use sentinel there, which the plain chunks are
scanned for.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, Iterable

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from .model import Blank, Text, Value

_OPEN, _CLOSE = "\ue000", "\ue001"
_SENTINEL = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")
_MARK_FILTER = "drafter_value"


class Missing:
    """A draft-mode stand-in for a value nobody has given yet."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return f"{_OPEN}{self.name}{_CLOSE}"


class _Chunk(str):
    """Output of a ``{{ 参数 }}``: the printed value, and which parameter it is.

    ``__str__`` returns the chunk itself, so Jinja's ``str(finalize(...))`` keeps it marked.
    """

    param: str
    blank: bool

    def __new__(cls, text: str, param: str, blank: bool = False) -> "_Chunk":
        chunk = super().__new__(cls, text)
        chunk.param = param
        chunk.blank = blank
        return chunk

    def __str__(self) -> str:
        return self


def format_value(value: Any) -> Any:
    """How a value reads in a document (the finalize hook of the environment)."""
    if isinstance(value, str):
        return value
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


def _mark(value: Any, name: str) -> _Chunk:
    if isinstance(value, Missing):
        return _Chunk(str(value), value.name, blank=True)
    return _Chunk(str(format_value(value)), name)


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=format_value,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters[_MARK_FILTER] = _mark
    return env


# Nodes that bind names inside a template: only then is the full (slower) analysis needed.
_BINDING_NODES = (nodes.For, nodes.Assign, nodes.AssignBlock, nodes.Macro, nodes.CallBlock, nodes.With,
                  nodes.FilterBlock)


def parse_template(source: str) -> tuple[nodes.Template, set[str]]:
    """Parse *source*; return its syntax tree (values marked) and the names it reads from outside.

    Parsing is cheap and enough to check a block's names when the library loads;
    compiling to Python waits until a build uses the block (:func:`compile_parsed`).
    Raises jinja2.TemplateSyntaxError; callers re-raise it located in their file.
    """
    ast = environment().parse(source)
    if any(True for _ in ast.find_all(_BINDING_NODES)):
        names = set(meta.find_undeclared_variables(ast))
    else:
        names = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"}
    _mark_outputs(ast, names)
    return ast, names


def _mark_outputs(ast: nodes.Template, names: set[str]) -> None:
    """Wrap each printed bare parameter name (``{{ 县名 }}``) in the marking filter."""
    for output in ast.find_all(nodes.Output):
        for i, child in enumerate(output.nodes):
            if isinstance(child, nodes.Name) and child.ctx == "load" and child.name in names:
                output.nodes[i] = nodes.Filter(child, _MARK_FILTER, [nodes.Const(child.name)], [], None, None,
                                               lineno=child.lineno)


def compile_parsed(ast: nodes.Template) -> Template:
    return environment().from_string(ast)


def compile_template(source: str) -> tuple[Template, set[str]]:
    """Parse and compile *source* at once: the template and the names it reads."""
    ast, names = parse_template(source)
    return compile_parsed(ast), names


# -- rendered output → Text ------------------------------------------------------------------
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def render_paragraphs(template: Template, context: dict[str, Any]) -> list[Text]:
    """Render *template*; an empty line separates two paragraphs."""
    return chunks_to_paragraphs(template.generate(context))


def render_inline(template: Template, context: dict[str, Any]) -> Text:
    """Render *template* as one paragraph (line breaks inside are joined)."""
    return chunks_to_text(template.generate(context))


def chunks_to_paragraphs(chunks: Iterable[str]) -> list[Text]:
    joined, marks = _stand_in(chunks)
    paragraphs = [_to_text(p, marks) for p in _PARAGRAPH_BREAK.split(joined.strip()) if p.strip()]
    return [p for p in paragraphs if p]


def chunks_to_text(chunks: Iterable[str]) -> Text:
    joined, marks = _stand_in(chunks)
    return _to_text(joined, marks)


def to_paragraphs(rendered: str) -> list[Text]:
    """Plain rendered text → paragraphs (no values marked)."""
    return chunks_to_paragraphs([rendered])


def to_text(rendered: str) -> Text:
    """Plain rendered text → one paragraph (no values marked)."""
    return chunks_to_text([rendered])


def _stand_in(chunks: Iterable[str]) -> tuple[str, dict[str, _Chunk]]:
    """Join the chunks, each marked one replaced by a single character that occurs nowhere else.

    Paragraph breaks and line joining then work on one string exactly as for plain text,
    and a value can never be split or trimmed by them.
    """
    chunks = list(chunks)
    plain = "".join(c for c in chunks if not isinstance(c, _Chunk))
    marks: dict[str, _Chunk] = {}
    out: list[str] = []
    code = 0xF0000  # supplementary private use area: not in ordinary text, and checked below
    for chunk in chunks:
        if not isinstance(chunk, _Chunk):
            out.append(chunk)
            continue
        while chr(code) in plain:
            code += 1
        marks[chr(code)] = chunk
        out.append(chr(code))
        code += 1
    return "".join(out), marks


def _to_text(rendered: str, marks: dict[str, _Chunk]) -> Text:
    """One paragraph: lines joined (Chinese has no spaces between words), ends trimmed,
    stand-ins back to values and blanks, sentinels of missing values to blanks."""
    joined = "".join(line.strip() for line in rendered.strip().splitlines())
    parts: list[Any] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            parts.extend(_unsentinel("".join(plain)))
            plain.clear()

    for ch in joined:
        chunk = marks.get(ch)
        if chunk is None:
            plain.append(ch)
            continue
        flush()
        if chunk.blank:
            parts.append(Blank(chunk.param))
        else:
            text = str.__str__(chunk)
            if "\n" in text:
                text = "".join(line.strip() for line in text.splitlines())
            parts.append(Value(text, chunk.param))
    flush()
    return Text.of(*parts)


def _unsentinel(text: str) -> list[Any]:
    parts: list[Any] = []
    pos = 0
    for m in _SENTINEL.finditer(text):
        parts.append(text[pos : m.start()])
        parts.append(Blank(m.group(1)))
        pos = m.end()
    parts.append(text[pos:])
    return parts


__all__ = [
    "Missing",
    "TemplateSyntaxError",
    "compile_template",
    "environment",
    "format_date",
    "render_inline",
    "render_paragraphs",
    "to_paragraphs",
    "to_text",
]
