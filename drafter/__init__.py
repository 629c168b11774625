"""drafter: Chinese government and Party work documents from parameterised blocks, in GB/T 9704 format.

The public API (the CLI is a thin layer over it)::

    from drafter import build, render, load_library, load_config, assemble
    result = build("configs/gov-party-group-party-building-2022.yaml", fmt="txt", draft=True)
"""

from .assemble import assemble
from .blocks import Library, load_library
from .build import BuildResult, build, render
from .config import Config, load_config
from .errors import DrafterError, DrafterErrors, DrafterWarning
from .model import Document

__version__ = "0.1.0"

__all__ = [
    "BuildResult",
    "Config",
    "Document",
    "DrafterError",
    "DrafterErrors",
    "DrafterWarning",
    "Library",
    "assemble",
    "build",
    "load_config",
    "load_library",
    "render",
]
