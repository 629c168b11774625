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
        if line.role is Role.TASK_TABLE:
            out.append(_table(doc))
        elif line.role in (Role.TITLE, Role.NOTICE_TITLE, Role.ATTACHMENT_TITLE):
            out.append(f"# {_md(line.body)}")
        elif line.role is Role.ORGAN:
            out.append(f"**{_md(line.body)}**")
        elif line.role is Role.ATTACHMENT_LABEL:
            out.append(f"---\n\n{line.label}")
        elif line.role is Role.HEADING:
            out.append(f"## {line.label}{_md(line.body)}")
        elif line.role in (Role.ITEM, Role.POINT):
            title = f"**{_md(line.title)}**" if line.title else ""
            out.append(f"{_label(line.label)}{title}{_md(line.body)}")
        else:
            out.append(f"{_label(line.label)}{_md(line.body)}")
    return ("\n\n".join(out) + "\n").encode("utf-8")


def _label(label: str) -> str:
    out = label.translate(_SPECIAL)
    if label[:1].isdigit():
        out = out.replace(".", "\\.", 1)  # "1." would start an ordered list
    return out


def _table(doc: Document) -> str:
    """The 任务分解表 as a pipe table; a section's row holds its heading in bold."""
    from ..tasks import COLUMNS, task_rows

    def cell(text: str) -> str:
        return text.translate(_SPECIAL).replace("|", "\\|")

    rows = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in task_rows(doc):
        if row.is_section:
            rows.append(f"| | **{cell(row.task)}** | | | |")
        else:
            rows.append("| " + " | ".join(cell(c) for c in row.cells()) + " |")
    return "\n".join(rows)
