"""The document model as data (``drafter build -f json``), like pandoc's ``-t json``.

This is the interface for other tools (a checker, a diff, a web page, a script that
fills a spreadsheet): the paragraphs in reading order, each with its path in the
document, its role, level and label, the exact line ``-f txt`` prints, its spans
(which characters are a parameter's value or a draft blank) and its origin (config
file and line, block id, block file and line). The shape is documented in README; it is
versioned by ``version`` and only grows.
"""

from __future__ import annotations

import json
from typing import Any

from ..flow import Line, flow
from ..model import Blank, Document, Text, Value
from . import WriterOptions

FORMAT = "drafter-document"
VERSION = 1


def document_data(doc: Document) -> dict[str, Any]:
    """The whole document as plain JSON-ready data."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": str(doc.title),
        "kind": doc.kind,
        "year": doc.year,
        "numbering": {"items": doc.numbering.items.value, "restart": doc.numbering.restart},
        "blanks": len(doc.blanks()),
        "paragraphs": [paragraph_data(line) for line in flow(doc)],
    }


def paragraph_data(line: Line) -> dict[str, Any]:
    """One paragraph: the spans concatenate to exactly ``text``."""
    spans: list[dict[str, Any]] = []
    if line.label:
        spans.append({"text": line.label, "part": "label"})
    spans += _spans(line.title, "title")
    spans += _spans(line.body, "body")
    return {
        "path": line.path,
        "role": line.role.value,
        "level": line.level,
        "label": line.label,
        "text": line.text,
        "spans": spans,
        "origin": line.origin.as_dict() if line.origin else {},
    }


def _spans(text: Text, part: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for span in text.parts:
        entry: dict[str, Any] = {"text": str(span), "part": part}
        if isinstance(span, Value):
            entry["param"] = span.param
            if span.origin is not None:
                entry["given"] = span.origin.as_dict()  # where the value is written (config line, or a default)
        elif isinstance(span, Blank):
            entry["blank"] = span.name
        out.append(entry)
    return out


def write_json(doc: Document, options: WriterOptions | None = None) -> bytes:
    return (json.dumps(document_data(doc), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
