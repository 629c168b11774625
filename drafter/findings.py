"""Findings: everything drafter wants a user to know that is not a stopping error, as data.

One type carries the warnings of assembly and import today and the proofreader's
findings tomorrow (pandoc's ``LogMessage``: typed values with a position, collected,
rendered by the front end). A finding says which rule found it, how serious it is,
where it is — file, line and column to edit, and the paragraph's path in the document
— what text it is about, what is wrong and what to do. Turning findings into text is
:mod:`drafter.report`'s job, so the command line and a web page show them alike.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import Enum
from typing import Any, Iterable

from .errors import DrafterError


class Severity(str, Enum):
    """How serious a finding is: an error stops a strict run, a warning should be looked at,
    a hint may be switched off."""

    ERROR = "error"
    WARNING = "warning"
    HINT = "hint"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "注意", "hint": "提示"}[self.value]


@dataclass(frozen=True)
class Finding:
    """One thing found, located. ``rule`` is a stable id (e.g. ``import.website-junk``)."""

    rule: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None  # the paragraph in the document, e.g. sections[2].items[1]
    text: str | None = None  # the text the finding is about, quoted
    hint: str | None = None
    paragraph: int | None = None  # paragraph number in an input document (a .docx has no lines)
    start: int | None = None  # characters [start, end) of the paragraph that the finding is about
    end: int | None = None
    context: str | None = None  # the quoted text with a few characters around it: 前文【原文】后文
    fix: str | None = None  # a safe replacement for the quoted text, when there is one

    @property
    def where(self) -> str:
        """"configs/a.yaml 第12行第5列", "要点.docx 第3段" — the place to look, as users read it."""
        place = ""
        if self.line is not None:
            place = f"第{self.line}行" + (f"第{self.column}列" if self.column is not None else "")
        elif self.paragraph is not None:
            place = f"第{self.paragraph}段"
        return " ".join(p for p in (self.file or "", place) if p)

    def __str__(self) -> str:
        text = f"{self.where}：{self.message}" if self.where else self.message
        if self.hint:
            text += self.hint if self.hint.startswith("（") else f"，{self.hint}"
        return text

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: every field, the severity as its id."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["severity"] = self.severity.value
        return data

    @classmethod
    def from_error(cls, error: DrafterError, rule: str = "error") -> "Finding":
        """A stopping error as a finding (for front ends that list both alike)."""
        return cls(rule, Severity.ERROR, error.message, file=error.file, line=error.line, column=error.column,
                   path=error.key, hint=error.hint)


def findings_from_errors(error: DrafterError) -> list[Finding]:
    """Every problem of an error (one, or each of a DrafterErrors) as findings."""
    return [Finding.from_error(e) for e in getattr(error, "errors", [error])]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """In file order: by file, line, column; findings without a place keep their order at the end."""
    indexed = list(enumerate(findings))
    return [f for _, f in sorted(indexed, key=lambda pair: (
        pair[1].file is None, pair[1].file or "", pair[1].line or 0, pair[1].column or 0, pair[0]))]
