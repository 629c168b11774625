"""The block form: a block's fields for the page, and the posted form read back into
:func:`drafter.editing.edit_block`'s arguments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import editing
from ..blocks import Block

NEW_PARAMS = 2  # empty rows for new parameters


def block_form(root: Path, block: Block) -> dict[str, Any]:
    params = []
    for name, p in block.params.items():
        params.append({"name": name, "type": p.type, "description": p.description,
                       "example": editing.shown_value(p.example), "default": editing.shown_value(p.default),
                       "yearly": p.yearly})
    return {"digest": editing.file_digest(root / block.file), "title": (block.title_source or "").strip(),
            "body": block.body_source.strip("\n"), "tags": " ".join(block.tags), "params": params}


def read_params(form) -> list[editing.ParamInput]:
    count = int(form.get("param_count") or 0) if str(form.get("param_count") or "0").isdigit() else 0
    out = []
    for i in range(min(count, 200)):
        def get(attr: str) -> str:
            value = form.get(f"param.{i}.{attr}")
            return value if isinstance(value, str) else ""

        out.append(editing.ParamInput(get("name"), get("type") or "str", get("description"), get("example"),
                                      get("default"), get("yearly") == "1", get("remove") == "1"))
    return out


def save_block(root: Path, form) -> list[tuple[str, str]]:
    tags = [t for t in (form.get("tags") or "").replace("，", " ").replace(",", " ").replace("、", " ").split() if t]
    changed = editing.edit_block(root, form.get("id") or "", form.get("digest") or "", title=form.get("title") or "",
                                 body=form.get("body") or "", tags=tags, params=read_params(form))
    return [("error" if note.startswith("注意") else "ok", note) for note in changed.notes]
