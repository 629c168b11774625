"""Browsing the block library: filter by tag or words, and find which configs use a block."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .blocks import Block, Library
from .errors import DrafterError
from .yamlio import load_yaml_file


def find_blocks(library: Library, tag: str | None = None, search: str | None = None) -> list[Block]:
    """Blocks carrying *tag* and containing every word of *search* (id, title, text or tags)."""
    words = (search or "").split()
    out = []
    for block in library.blocks.values():
        if tag and tag not in block.tags:
            continue
        haystack = " ".join([block.id, block.title_source or "", block.body_source, *block.tags, block.source or ""])
        if all(word in haystack for word in words):
            out.append(block)
    return out


@dataclass
class Usage:
    config: str  # path relative to the workspace root
    line: int | None


def _block_refs(node: Any) -> Iterator[tuple[str, int | None]]:
    """Every block id a raw config mentions, with its line (tolerates invalid configs)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("block", "heading") and isinstance(value, str):
                pos = node.value_pos.get(key) if hasattr(node, "value_pos") else None
                yield value, pos.line if pos else None
            elif key in ("preamble", "lead", "items", "points", "closing") and isinstance(value, list):
                for index, entry in enumerate(value):
                    if isinstance(entry, str):
                        pos = value.item_pos[index] if hasattr(value, "item_pos") else None
                        yield entry, pos.line if pos else None
                    else:
                        yield from _block_refs(entry)
            else:
                yield from _block_refs(value)
    elif isinstance(node, list):
        for entry in node:
            yield from _block_refs(entry)


def usages(library: Library) -> dict[str, list[Usage]]:
    """Block id → the configs (under ``configs/``) that use it."""
    result: dict[str, list[Usage]] = {}
    config_dir = library.root / "configs"
    for path in sorted(config_dir.rglob("*.yaml")) if config_dir.is_dir() else []:
        name = path.relative_to(library.root).as_posix()
        try:
            data = load_yaml_file(path, name)
        except DrafterError:
            continue  # a broken config is reported when it is built, not while browsing
        for block_id, line in _block_refs(data):
            result.setdefault(block_id, []).append(Usage(name, line))
    return result


def config_paths(root: Path) -> list[Path]:
    return sorted((root / "configs").rglob("*.yaml"))
