"""Plain text: one paragraph per line with its numbering label, exactly as the docx shows it.

This is what reviews, diffs and the seed-reproduction tests compare. Draft blanks
read ``**``; an empty line follows the title and precedes the signature, as on paper.
The official document's parts read in the same order as on paper too: 版头, the notice,
each attachment after an empty line (``附件1``, an empty line, its title), the 任务分解表
as tab-separated rows, and the 版记 with 印发机关 and 印发日期 on one line. A 上行文's 发文字号 and
``签发人：`` share their line too (GB/T 9704 7.2.4: the 字号 on the left, the 签发人 on the right).
"""

from __future__ import annotations

from ..flow import Role, flow
from ..model import Document
from ..tasks import COLUMNS, task_rows
from . import WriterOptions

# Roles after which the paper leaves an empty line, and before which.
_BLANK_AFTER = {Role.TITLE, Role.NOTICE_TITLE, Role.ATTACHMENT_TITLE, Role.ATTACHMENT_LABEL}
_BLANK_BEFORE = {Role.ISSUER, Role.ATTACHMENT_LABEL, Role.CC}
_HEADER = {Role.COPY_NUMBER, Role.SECRECY, Role.URGENCY, Role.ORGAN, Role.DOC_NUMBER, Role.SIGNERS}
NOTE_INDENT = "\u3000" * 3  # later lines of the 附件说明 align under the first name, after "附件："
IMPRINT_GAP = "\u3000" * 2  # between 印发机关 and 印发日期 on their line
SIGNERS_GAP = "\u3000" * 2  # between the 发文字号 and 签发人： on theirs


def text_lines(doc: Document) -> list[str]:
    lines: list[str] = []
    previous: Role | None = None
    for line in flow(doc):
        role = line.role
        if role in _BLANK_BEFORE or _starts_after(previous, role):
            if lines and lines[-1] != "":
                lines.append("")
        if role is Role.TASK_TABLE:
            lines.extend(_table_lines(doc))
        elif role is Role.ATTACHMENT_NOTE and line.index > 1:
            lines.append(NOTE_INDENT + line.text)
        elif role is Role.PRINTED and previous is Role.PRINTER:
            lines[-1] += IMPRINT_GAP + line.text
        elif role is Role.SIGNERS and previous is Role.DOC_NUMBER:
            lines[-1] += SIGNERS_GAP + line.text
        else:
            lines.append(line.text)
        if role in _BLANK_AFTER:
            lines.append("")
        previous = role
    return lines


def _starts_after(previous: Role | None, role: Role) -> bool:
    """An empty line where one part of the page ends and the next begins."""
    if previous is None:
        return False
    if previous in _HEADER and role not in _HEADER:
        return True  # below the red rule
    if previous is Role.COVER and role is not Role.COVER:
        return True
    if role is Role.PRINTER and previous is not Role.CC:
        return True  # the 版记 without 抄送 still stands apart from what is above it
    return role is Role.ATTACHMENT_NOTE and previous is not Role.ATTACHMENT_NOTE


def _table_lines(doc: Document) -> list[str]:
    out = ["\t".join(COLUMNS)]
    for row in task_rows(doc):
        out.append(row.task if row.is_section else "\t".join(row.cells()))
    return out


def write_txt(doc: Document, options: WriterOptions | None = None) -> bytes:
    return ("\n".join(text_lines(doc)) + "\n").encode("utf-8")
