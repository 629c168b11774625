"""drafter: Chinese government and Party work documents from parameterised blocks, in GB/T 9704 format.

The public API (the CLI is a thin layer over it)::

    from drafter import build, render, import_document, create_workspace
    result = build("configs/gov-party-group-party-building-2023.yaml", fmt="txt")

Names are imported on first use (PEP 562), so that ``import drafter`` — and the command
line starting up, or stopping at an early Ctrl-C — does not pay for pydantic, jinja2 and
python-docx before it needs them.
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

# public name → the module that defines it
_API = {
    "BuildResult": "builder",
    "build": "builder",
    "render": "builder",
    "Config": "config",
    "load_config": "config",
    "Document": "model",
    "DrafterError": "errors",
    "DrafterErrors": "errors",
    "Finding": "findings",
    "Severity": "findings",
    "Library": "blocks",
    "load_library": "blocks",
    "assemble": "assembler",
    "import_document": "importer",
    "create_workspace": "scaffold",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> object:
    if name not in _API:
        raise AttributeError(f"module 'drafter' has no attribute {name!r}")
    value = getattr(import_module(f".{_API[name]}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
