"""JSON Schemas for block and config files, generated from the pydantic classes.

The schemas in ``schemas/`` let editors such as VS Code (with the YAML extension)
complete and check keys; they are generated here from the same classes that
validate the files, so the two cannot drift apart (a test compares them).
Regenerate with ``python -m drafter.schema``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .block_schema import BlockFile, CommonParamsFile
from .config import STRING_FORMS, ConfigSpec

SCHEMA_FILES = {
    "block.schema.json": (BlockFile, "drafter 块文件（blocks/*.yaml）"),
    "params.schema.json": (CommonParamsFile, "drafter 通用参数（blocks/_params.yaml）"),
    "config.schema.json": (ConfigSpec, "drafter 文件配置（configs/*.yaml）"),
}

def _allow_shorthand(schema: dict[str, Any]) -> dict[str, Any]:
    """``- 政治建设/旗帜鲜明讲政治`` is short for ``- block: 政治建设/旗帜鲜明讲政治``, ``tasks: appendix``
    for ``tasks: {appendix: true}`` (the string forms are declared in drafter.config)."""
    defs = schema.get("$defs", {})
    for cls, string_form in STRING_FORMS.items():
        name = cls.__name__
        if name in defs:
            obj = defs[name]
            defs[name] = {"anyOf": [dict(string_form), obj], "description": obj.get("description", "")}
    return schema


def build_schema(model: Any, title: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    schema = _allow_shorthand(schema)
    schema["title"] = title
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def render_schemas() -> dict[str, str]:
    """File name → JSON text, as committed in ``schemas/``."""
    return {
        name: json.dumps(build_schema(model, title), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, (model, title) in SCHEMA_FILES.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - developer tool
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "schemas"
    for path in write_schemas(target):
        print(path)
