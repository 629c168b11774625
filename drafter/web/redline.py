"""A comparison as rows for the page: each paragraph with its insertions and deletions marked,
in the order of :attr:`drafter.diff.Alignment.sequence` (the redline .docx's order)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diff import CHANGED, DELETED, EQUAL, INSERTED, MOVED, Alignment
from ..diff.summary import describe_path


@dataclass
class Piece:
    text: str
    kind: str = ""  # "", "ins", "del"


@dataclass
class RedRow:
    kind: str  # equal, changed, inserted, deleted, moved-from, moved-to
    label: str
    pieces: list[Piece] = field(default_factory=list)
    where: str = ""
    note: str = ""


KIND_ZH = {"changed": "改动", "inserted": "新增", "deleted": "删除", "moved-from": "移出", "moved-to": "移入"}


def _diff_pieces(op) -> list[Piece]:
    out: list[Piece] = []
    for e in op.diff.opcodes:
        if e.op == "equal":
            out.append(Piece(op.new.text[e.new_start:e.new_end]))
            continue
        if e.old_end > e.old_start:
            out.append(Piece(op.old.text[e.old_start:e.old_end], "del"))
        if e.new_end > e.new_start:
            out.append(Piece(op.new.text[e.new_start:e.new_end], "ins"))
    return out


def redline_rows(alignment: Alignment) -> list[RedRow]:
    rows: list[RedRow] = []
    passages_old, passages_new = len(alignment.old.document.closing), len(alignment.new.document.closing)
    for side, op in alignment.sequence:
        if op.kind == EQUAL:
            label = op.new.label
            if op.label == "changed":
                rows.append(RedRow("changed", "", [Piece(op.old.label, "del"), Piece(op.new.label, "ins"),
                                                   Piece(op.new.text)], describe_path(op.new.path, passages_new)))
            else:
                rows.append(RedRow("equal", label, [Piece(op.new.text)]))
        elif op.kind == INSERTED:
            rows.append(RedRow("inserted", "", [Piece(op.new.full, "ins")], describe_path(op.new.path, passages_new)))
        elif op.kind == DELETED:
            rows.append(RedRow("deleted", "", [Piece(op.old.full, "del")], describe_path(op.old.path, passages_old)))
        elif op.kind == CHANGED:
            pieces = [Piece(op.new.label)] if op.label != "changed" else [Piece(op.old.label, "del"),
                                                                            Piece(op.new.label, "ins")]
            rows.append(RedRow("changed", "", pieces + _diff_pieces(op), describe_path(op.new.path, passages_new),
                               "；".join(f"{v.param}：{v.old or '**'} → {v.new or '**'}" for v in op.values or [])))
        elif op.kind == MOVED:
            if side == "old":
                rows.append(RedRow("moved-from", "", [Piece(op.old.full, "del")],
                                   describe_path(op.old.path, passages_old), "移到" + describe_path(op.new.path, passages_new)))
            else:
                pieces = [Piece(op.new.label)] + (_diff_pieces(op) if op.text_changed else [Piece(op.new.text)])
                if not op.as_move:
                    pieces = [Piece(op.new.full, "ins")]
                rows.append(RedRow("moved-to", "", pieces, describe_path(op.new.path, passages_new),
                                   "从" + describe_path(op.old.path, passages_old) + "移来"))
    return rows
