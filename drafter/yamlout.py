"""Writing the YAML that users then edit: block files and configs, laid out like the hand-written ones.

PyYAML's dumper cannot keep comments or the ``body: |`` convention, so files are put
together line by line here; every scalar still goes through ``yaml.safe_dump`` so
quoting is always right.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml


def scalar(value: Any) -> str:
    """One value as inline YAML: 2023, 8.5, ~, 2023-02-10, 略阳, "3-4", "1."."""
    if value is None:
        return "~"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9)
    text = text.strip()
    if text.endswith("\n..."):
        text = text[: -len("\n...")]
    return text.removesuffix("...").strip()


def block_scalar(text: str, indent: int, key_indent: int) -> str:
    """A literal block (``|``) holding *text*, each line indented by *indent* spaces, for a
    key written at *key_indent*. Text starting with a space needs YAML's indentation indicator."""
    pad = " " * indent
    lines = text.split("\n")
    indicator = f"|{indent - key_indent}" if lines and lines[0][:1] == " " else "|"
    # "|" keeps one final newline, which rendering strips anyway
    return indicator + "\n" + "\n".join(pad + line if line else "" for line in lines)


def mapping_line(key: str, value: Any, indent: int = 0) -> str:
    return f"{' ' * indent}{scalar(key)}: {scalar(value)}"


def flow_mapping(values: dict[str, Any]) -> str:
    """{县名: 略阳, 增长率: 8.5} on one line."""
    return "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in values.items()) + "}"
