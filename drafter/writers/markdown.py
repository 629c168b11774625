"""Markdown for quick review (and for pandoc in the benchmark).

Title → ``#``, level-1 headings → ``##``, items as paragraphs with the title
sentence in bold. Draft blanks are escaped (``\\*\\*``) so they stay visible
instead of turning into emphasis.
"""

from __future__ import annotations

from ..flow import Role, flow
from ..model import Blank, Document, Text
from . import WriterOptions

_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]#"})


def _md(text: Text) -> str:
    return "".join("\\*\\*" if isinstance(p, Blank) else str(p).translate(_SPECIAL) for p in text.parts)


def write_markdown(doc: Document, options: WriterOptions | None = None) -> bytes:
    out: list[str] = []
    for line in flow(doc):
        if line.role is Role.TITLE:
            out.append(f"# {_md(line.body)}")
        elif line.role is Role.HEADING:
            out.append(f"## {line.label}{_md(line.body)}")
        elif line.role in (Role.ITEM, Role.POINT):
            title = f"**{_md(line.title)}**" if line.title else ""
            label = line.label.translate(_SPECIAL)
            if line.label[:1].isdigit():
                label = label.replace(".", "\\.", 1)  # "1." would start an ordered list
            out.append(f"{label}{title}{_md(line.body)}")
        else:
            out.append(_md(line.body))
    return ("\n\n".join(out) + "\n").encode("utf-8")
