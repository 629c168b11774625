"""Filling a block: values as they read in a document, rendered output as Text, and the
plain templates — only text and ``{{ 参数 }}`` — filled without Jinja.

Nearly every block of a library is plain (in the seed library, 201 of 202 templates): it
prints parameters and nothing else. Such a template is split at its ``{{ }}`` once and filled
by joining the pieces, which gives exactly what the sandboxed Jinja of :mod:`drafter.templating`
gives — the same marked chunks, so the same Values and Blanks — without importing Jinja (30 ms)
or compiling the template to Python (about half a millisecond each, 30 ms for a document).
Anything else, and anything unusual when filling (a value that is not text, a number or a
date; a name with no value; output over the limits), goes to the Jinja path, which decides
and words every error, so the two can never disagree on what is refused or how.
"""

from __future__ import annotations

import datetime as dt
import keyword
import math
import os
import re
from dataclasses import dataclass
from typing import Any, Iterable

from .limits import MAX_OUTPUT_CHARS, MAX_TEMPLATE_CHARS, MAX_VALUES
from .model import Blank, Text, Value

# Names Jinja gives a meaning of its own: a parameter of that name would print Jinja's object
# (``{{ self }}`` → <TemplateReference None>) or could not be written at all (``true``).
RESERVED_NAMES = frozenset({
    "self", "loop", "super", "caller", "varargs", "kwargs",
    "true", "false", "none", "True", "False", "None",
    "range", "dict", "lipsum", "cycler", "joiner", "namespace",
})

# Characters XML 1.0 (and so a .docx) cannot hold: C0 controls other than tab/newline/return,
# U+FFFE/U+FFFF and lone surrogates.
_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def invalid_char(text: str) -> tuple[int, str] | None:
    """The first character of *text* a Word file cannot hold: (index, "U+0000"), or None."""
    m = _INVALID_CHARS.search(text)
    return (m.start(), f"U+{ord(m.group()):04X}") if m else None


# -- missing values --------------------------------------------------------------------------
_NONCE = os.urandom(8).hex()
_OPEN, _CLOSE = f"\ue000{_NONCE}\ue002", "\ue001"
_SENTINEL = re.compile(re.escape(_OPEN) + f"([^{_CLOSE}]*){_CLOSE}")


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


# -- formatting --------------------------------------------------------------------------------
def format_value(value: Any) -> Any:
    """How a value reads in a document (text, numbers, yes/no, dates; anything else unchanged)."""
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


# -- plain templates ----------------------------------------------------------------------------
_TAG = re.compile(r"\{\{\s*([^\s{}]+?)\s*\}\}")
_JINJA_MARKS = ("{{", "}}", "{%", "%}", "{#", "#}")


@dataclass(frozen=True)
class PlainTemplate:
    """A template that only prints parameters: its source, the text between the ``{{ }}``
    (``texts[i]`` before ``names[i]``, one more text than names) and the names it reads."""

    source: str
    texts: tuple[str, ...]
    names: tuple[str, ...]

    def chunks(self, context: dict[str, Any]) -> list[str] | None:
        """The output chunks Jinja would give, or None where Jinja must decide (see the module)."""
        out: list[str] = []
        length = 0
        for text, name in zip(self.texts, self.names):
            if name not in context:
                return None  # an undefined name: Jinja's StrictUndefined words it
            chunk = _plain_chunk(context[name], name)
            if chunk is None:
                return None
            out.append(text)
            out.append(chunk)
            length += len(text) + len(chunk)
        out.append(self.texts[-1])
        length += len(self.texts[-1])
        return out if length <= MAX_OUTPUT_CHARS else None


def plain_template(source: str) -> PlainTemplate | None:
    """*source* as a plain template, or None when it is anything more (Jinja handles it)."""
    if len(source) > MAX_TEMPLATE_CHARS or "\r" in source or invalid_char(source) is not None:
        return None  # over the limit, Jinja's newline rules, a refused character: Jinja's message
    texts: list[str] = []
    names: list[str] = []
    pos = 0
    for m in _TAG.finditer(source):
        name = m.group(1)
        if not name.isidentifier() or keyword.iskeyword(name) or name in RESERVED_NAMES:
            return None
        texts.append(source[pos:m.start()])
        names.append(name)
        pos = m.end()
    texts.append(source[pos:])
    if len(names) > MAX_VALUES or any(mark in text for text in texts for mark in _JINJA_MARKS):
        return None
    # "{{{ 县名 }}" or "{{ 县名 }}}": which braces pair up is the Jinja lexer's business
    if any(text.endswith("{") for text in texts[:-1]) or any(text.startswith("}") for text in texts[1:]):
        return None
    return PlainTemplate(source, tuple(texts), tuple(names))


def printable(value: Any) -> str | None:
    """*value* as document text — text, a number, yes/no or a date — or None for anything a
    document cannot show (infinite numbers, lists, none …). One rule for both ways of filling."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (bool, int, float, dt.date)):
        return str(format_value(value))
    return None


def _plain_chunk(value: Any, name: str) -> _Chunk | None:
    """What Jinja's marking filter prints for *value* (None: not a plain value)."""
    if isinstance(value, Missing):
        return _Chunk(str(value), value.name, blank=True)
    text = printable(value)
    return None if text is None else _Chunk(text, name)


def compile_template(source: str) -> tuple[Any, set[str]]:
    """The template for *source* and the names it reads: plain when it can be, else Jinja's
    (:func:`drafter.templating.compile_template`, which raises its syntax errors)."""
    plain = plain_template(source)
    if plain is not None:
        return plain, set(plain.names)
    from .templating import compile_template as jinja_template

    return jinja_template(source)


def template_failure(error: BaseException) -> bool:
    """Whether *error* is how filling or compiling a template fails (a Jinja TemplateError:
    templating's TemplateProblem and TemplateSyntaxError, with Chinese messages). Asked only
    with an error in hand, so Jinja is imported only then."""
    from jinja2 import TemplateError

    return isinstance(error, TemplateError)


def _chunks(template: Any, context: dict[str, Any]) -> list[str]:
    if isinstance(template, PlainTemplate):
        chunks = template.chunks(context)
        if chunks is not None:
            return chunks
        from .templating import compile_template as jinja_template

        template = jinja_template(template.source)[0]
    from .templating import generate

    return generate(template, context)


# -- rendered output → Text ------------------------------------------------------------------
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def render_paragraphs(template: Any, context: dict[str, Any]) -> list[Text]:
    """Fill *template* (plain or Jinja); an empty line separates two paragraphs. Raises TemplateProblem."""
    return chunks_to_paragraphs(_chunks(template, context))


def render_inline(template: Any, context: dict[str, Any]) -> Text:
    """Fill *template* as one paragraph (line breaks inside are joined). Raises TemplateProblem."""
    return chunks_to_text(_chunks(template, context))


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
    # one pass, however many values there are; max() first, as such characters are almost never there
    taken = {c for c in set(plain) if c >= "\U000f0000"} if plain and max(plain) >= "\U000f0000" else set()
    marks: dict[str, _Chunk] = {}
    out: list[str] = []
    code = 0xF0000  # supplementary private use area: not in ordinary text, and checked below
    for chunk in chunks:
        if not isinstance(chunk, _Chunk):
            out.append(chunk)
            continue
        while chr(code) in taken:
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
    # the text between stand-ins in one piece each (re.split keeps the stand-ins between them),
    # not character by character: this ran for every character of every paragraph
    pieces = re.split("([" + "".join(marks) + "])", joined) if marks else [joined]
    for piece in pieces:
        chunk = marks.get(piece) if len(piece) == 1 else None
        if chunk is None:
            if piece:
                parts.extend(_unsentinel(piece))
        elif chunk.blank:
            parts.append(Blank(chunk.param))
        else:
            text = str.__str__(chunk)
            if "\n" in text:
                text = "".join(line.strip() for line in text.splitlines())
            parts.append(Value(text, chunk.param))
    return Text.of(*parts)


def _unsentinel(text: str) -> list[Any]:
    if _OPEN not in text:
        return [text]
    parts: list[Any] = []
    pos = 0
    for m in _SENTINEL.finditer(text):
        parts.append(text[pos : m.start()])
        parts.append(Blank(m.group(1)))
        pos = m.end()
    parts.append(text[pos:])
    return parts
