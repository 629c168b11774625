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
        **official_data(doc),
        "paragraphs": [paragraph_data(line) for line in flow(doc)],
    }


def official_data(doc: Document) -> dict[str, Any]:
    """The official document's parts in brief (each also a paragraph below, with spans and origin):
    版头, 主送, the notice, the attachments, the 任务分解表's rows, the 版记; only those present."""
    from ..official import attachment_label
    from ..tasks import task_rows

    out: dict[str, Any] = {}
    if doc.header is not None:
        header = doc.header
        out["header"] = {name: str(getattr(header, name).text) for name in
                         ("organ", "number", "signers", "copy_number", "secrecy", "urgency")
                         if getattr(header, name) is not None}
    if doc.recipients is not None:
        out["recipients"] = str(doc.recipients.text)
    if doc.notice is not None:
        out["notice"] = {"title": str(doc.notice.title.text)}
    if doc.attachments:
        count = len(doc.attachments)
        out["attachments"] = [{"label": attachment_label(i, count), "name": str(a.name.text), "kind": a.kind.value}
                              for i, a in enumerate(doc.attachments, start=1)]
        if any(a.kind.value == "tasks" for a in doc.attachments):
            out["tasks"] = [{"number": row.number, "task": row.task, "lead": row.lead, "units": row.units,
                             "due": row.due, "section": row.section, "path": row.path} for row in task_rows(doc)]
    if doc.imprint is not None:
        imprint = doc.imprint
        out["imprint"] = {"cc": str(imprint.cc.text) if imprint.cc else "", "printer": str(imprint.printer.text),
                          "date": str(imprint.date.text)}
    return out


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
