"""The 任务分解表: the document's items as rows of who does what by when.

One source for the table in the docx (``tasks: appendix``), its text in ``-f txt``/``json`` and
the spreadsheet ledger (``drafter tasks``): every item directly under a section is a task,
and so is a deeper item that names its own 牵头单位/责任单位/完成时限. Each section opens
with a row holding its heading, as 任务分解表 are usually laid out. The task is the item's
title sentence (``旗帜鲜明讲政治``), or the first sentence of its body when it has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from .flow import Line, Role, flow
from .model import Document, Task, walk

COLUMNS = ("序号", "工作任务", "牵头单位", "责任单位", "完成时限")
PROGRESS = ("未启动", "推进中", "已完成", "滞后")  # the ledger's 进展 column

_SENTENCE_END = "。；！？"


@dataclass(frozen=True)
class TaskRow:
    """A row: a task (``number`` 1, 2, … through the table) or a section's heading (``number`` None)."""

    number: int | None
    task: str
    lead: str = ""
    units: str = ""
    due: str = ""
    section: str = ""  # the heading of the section the task belongs to, with its label
    path: str = ""  # the item's path in the document (sections[1].items[2])

    @property
    def is_section(self) -> bool:
        return self.number is None

    def cells(self) -> tuple[str, str, str, str, str]:
        """The five columns as printed."""
        return ("" if self.number is None else str(self.number), self.task, self.lead, self.units, self.due)


def task_text(line: Line) -> str:
    """The task an item states: its title sentence without the full stop, else its body's first sentence."""
    text = str(line.title).strip() or str(line.body).strip()
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            text = text[:i]
            break
    return text.rstrip("。；，、 ")


def task_rows(doc: Document) -> list[TaskRow]:
    """The table's rows in document order."""
    rows: list[TaskRow] = []
    section = ""
    number = 0
    for node, line in zip(walk(doc), flow(doc)):  # flow has one line per node, with its label
        if node.role is Role.HEADING:
            section = line.text
            rows.append(TaskRow(None, section, section=section, path=line.path))
        elif node.role is Role.ITEM and node.section is not None:
            task: Task | None = node.owner.task
            if node.depth == 0 or task:
                number += 1
                task = task or Task()
                rows.append(TaskRow(number, task_text(line), task.lead, task.units, task.due, section, line.path))
    return rows
