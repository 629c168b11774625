"""Writers: Document model → bytes of one output format, looked up by name."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Callable

from ..errors import DrafterError, did_you_mean
from ..layout import DEFAULT_FONT_SET
from ..model import Document


@dataclass(frozen=True)
class WriterOptions:
    """Formatting choices a config may make (fonts, bold title sentences), and the
    document's own date, which stamps the output instead of the clock."""

    fonts: str = DEFAULT_FONT_SET
    bold_item_titles: bool = False
    bold_level2: bool = False
    date: dt.date | None = None


# Zip entries can only record 1980–2107; a document with no date of its own gets 1980-01-01.
_EARLIEST = dt.datetime(1980, 1, 1)
_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58)


def timestamp(date: dt.date | None) -> dt.datetime:
    """The time written into an output: ``SOURCE_DATE_EPOCH`` when set (reproducible-builds.org),
    else the document's date at midnight, else 1980-01-01 — never the clock, so that building
    the same config twice gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = dt.datetime.fromtimestamp(min(int(epoch), 253402300799), dt.timezone.utc).replace(tzinfo=None)
    elif date is not None:
        when = dt.datetime(date.year, date.month, date.day)
    else:
        when = _EARLIEST
    return min(max(when, _EARLIEST), _LATEST)


Writer = Callable[[Document, WriterOptions], bytes]


def _docx(doc: Document, options: WriterOptions) -> bytes:
    from .docx_package import write_docx  # python-docx only when a document needs it (docx_package)

    return write_docx(doc, options)


def _txt(doc: Document, options: WriterOptions) -> bytes:
    from .txt import write_txt

    return write_txt(doc, options)


def _md(doc: Document, options: WriterOptions) -> bytes:
    from .markdown import write_markdown

    return write_markdown(doc, options)


def _json(doc: Document, options: WriterOptions) -> bytes:
    from .json import write_json

    return write_json(doc, options)


def _pdf(doc: Document, options: WriterOptions) -> bytes:
    from .pdf import write_pdf  # the docx, converted by LibreOffice

    return write_pdf(doc, options)


WRITERS: dict[str, Writer] = {"docx": _docx, "txt": _txt, "md": _md, "json": _json, "pdf": _pdf}


def get_writer(name: str) -> Writer:
    try:
        return WRITERS[name]
    except KeyError:
        raise DrafterError(
            f"不支持的输出格式「{name}」",
            key="--format",
            hint=did_you_mean(name, WRITERS) or "可用：" + "、".join(WRITERS),
        ) from None
