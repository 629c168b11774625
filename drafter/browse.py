"""Browsing the block library: filter by tag or words, and find which configs use a block."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
    slot: str = ""  # where in the config: preamble, items, cover …


def usages(library: Library) -> dict[str, list[Usage]]:
    """Block id → the configs (under ``configs/``) that use it, in every slot the config
    classes declare (:func:`drafter.config.iter_block_refs`)."""
    from .config import iter_block_refs

    result: dict[str, list[Usage]] = {}
    config_dir = library.root / "configs"
    for path in sorted(config_dir.rglob("*.yaml")) if config_dir.is_dir() else []:
        name = path.relative_to(library.root).as_posix()
        try:
            data = load_yaml_file(path, name)
        except DrafterError:
            continue  # a broken config is reported when it is built, not while browsing
        for use in iter_block_refs(data):
            result.setdefault(use.block, []).append(Usage(name, use.pos.line if use.pos else None, use.slot.name))
    return result


def config_paths(root: Path) -> list[Path]:
    return sorted((root / "configs").rglob("*.yaml"))
