"""Writers: Document model → bytes of one output format, looked up by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..errors import DrafterError, did_you_mean
from ..layout import DEFAULT_FONT_SET
from ..model import Document


@dataclass(frozen=True)
class WriterOptions:
    """Formatting choices a config may make (fonts, bold title sentences)."""

    fonts: str = DEFAULT_FONT_SET
    bold_item_titles: bool = False
    bold_level2: bool = False


Writer = Callable[[Document, WriterOptions], bytes]


def _docx(doc: Document, options: WriterOptions) -> bytes:
    from .docx import write_docx  # python-docx is imported only when a docx is wanted

    return write_docx(doc, options)


def _txt(doc: Document, options: WriterOptions) -> bytes:
    from .txt import write_txt

    return write_txt(doc, options)


def _md(doc: Document, options: WriterOptions) -> bytes:
    from .markdown import write_markdown

    return write_markdown(doc, options)


WRITERS: dict[str, Writer] = {"docx": _docx, "txt": _txt, "md": _md}


def get_writer(name: str) -> Writer:
    try:
        return WRITERS[name]
    except KeyError:
        raise DrafterError(
            f"不支持的输出格式「{name}」",
            key="--format",
            hint=did_you_mean(name, WRITERS) or "可用：" + "、".join(WRITERS),
        ) from None
