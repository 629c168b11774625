"""The proofreading rules, one module per family; importing this package registers them all."""

from . import document, junk, numbering, numbers, placeholder, punctuation, replace  # noqa: F401

# Rule families whose modules exist only once their data is in place are imported when present.
for _optional in ("lexicon", "stale", "format"):
    try:
        __import__(f"{__name__}.{_optional}")
    except ModuleNotFoundError as _e:
        if _e.name != f"{__name__}.{_optional}":
            raise
