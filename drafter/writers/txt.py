"""Plain text: one paragraph per line with its numbering label, exactly as the docx shows it.

This is what reviews, diffs and the seed-reproduction tests compare. Draft blanks
read ``**``; an empty line follows the title and precedes the signature, as on paper.
"""

from __future__ import annotations

from ..flow import Role, flow
from ..model import Document
from . import WriterOptions


def text_lines(doc: Document) -> list[str]:
    lines: list[str] = []
    previous = None
    for line in flow(doc):
        if line.role is Role.ISSUER or (previous is Role.COVER and line.role is not Role.COVER):
            lines.append("")
        previous = line.role
        lines.append(line.text)
        if line.role is Role.TITLE:
            lines.append("")
    return lines


def write_txt(doc: Document, options: WriterOptions | None = None) -> bytes:
    return ("\n".join(text_lines(doc)) + "\n").encode("utf-8")
