"""drafter: Chinese government and Party work documents from parameterised blocks, in GB/T 9704 format.

The public API (the CLI is a thin layer over it)::

    from drafter import build, render, import_document, create_workspace
    result = build("configs/gov-party-group-party-building-2023.yaml", fmt="txt")
"""

from .assemble import assemble
from .blocks import Library, load_library
from .build import BuildResult, build, render
from .config import Config, load_config
from .errors import DrafterError, DrafterErrors
from .findings import Finding, Severity
from .model import Document


def import_document(*args, **kwargs):
    """Import a .txt/.docx into a workspace (see :func:`drafter.importer.import_document`)."""
    from .importer import import_document as _import

    return _import(*args, **kwargs)


def create_workspace(*args, **kwargs):
    """A new workspace from the shipped library (see :func:`drafter.scaffold.create_workspace`)."""
    from .scaffold import create_workspace as _create

    return _create(*args, **kwargs)


__version__ = "0.1.0"

__all__ = [
    "BuildResult",
    "Config",
    "Document",
    "DrafterError",
    "DrafterErrors",
    "Finding",
    "Library",
    "assemble",
    "build",
    "create_workspace",
    "import_document",
    "load_config",
    "load_library",
    "render",
    "Severity",
]
