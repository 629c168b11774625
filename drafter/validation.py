"""Turn pydantic validation errors into located Chinese DrafterErrors.

The schema classes (in :mod:`drafter.blocks` and :mod:`drafter.config`) use pydantic
with ``extra="forbid"``; this module maps each error's ``loc`` back to the YAML line
via :func:`drafter.yamlio.locate` and words it for an office user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, TypeVar

from .errors import DrafterError, did_you_mean, raise_all
from .limits import MAX_PROBLEMS
from .yamlio import locate
from .zh import PYDANTIC_TYPES

if TYPE_CHECKING:
    from pydantic import BaseModel

# pydantic is imported where a file is validated: a warm build takes checked files from the
# cache and never needs it
M = TypeVar("M", bound="BaseModel")



def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文字「{value[:20]}」"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return type(value).__name__


def translate(
    err: dict,
    data: Any,
    file: str,
    known_keys: Iterable[str] = (),
    error_cls: type[DrafterError] = DrafterError,
) -> DrafterError:
    """One pydantic error dict → one DrafterError located in *file*."""
    loc = tuple(err["loc"])
    pos, path = locate(data, loc)
    etype = err["type"]
    line = pos.line if pos else None
    column = pos.column if pos else None
    hint = None
    if etype == "extra_forbidden":
        key = loc[-1] if loc else "?"
        msg = f"未知的键「{key}」"
        hint = did_you_mean(str(key), known_keys)
        # point at the key itself, not its value
        parent = _walk(data, loc[:-1])
        if parent is not None and hasattr(parent, "key_pos") and key in parent.key_pos:
            line, column = parent.key_pos[key].line, parent.key_pos[key].column
    elif etype == "missing":
        msg = f"缺少必填的键「{loc[-1]}」"
    elif etype in PYDANTIC_TYPES:
        msg = f"应为{PYDANTIC_TYPES[etype]}，实际是{_describe(err.get('input'))}"
    elif etype in ("literal_error", "enum"):
        expected = str(err.get("ctx", {}).get("expected", ""))
        expected = "、".join(part.strip(" '") for part in expected.replace(" or ", ", ").split(","))
        msg = f"取值「{err.get('input')}」无效，可选：{expected}"
    elif etype == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
    elif etype == "string_pattern_mismatch":
        msg = f"格式不对：「{err.get('input')}」"
    else:
        msg = err["msg"]
    return error_cls(msg, file=file, line=line, column=column, key=path or None, hint=hint)


def _walk(data: Any, loc: tuple) -> Any:
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def validate(model: type[M], data: Any, file: str, error_cls: type[DrafterError] = DrafterError) -> M:
    """Validate *data* (from :func:`load_yaml`) against *model*; raise every problem at once."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = []
        seen = set()
        problems = exc.errors(include_url=False)
        for err in problems[:MAX_PROBLEMS]:
            e = translate(err, data, file, _known_keys(model, err["loc"]), error_cls)
            sig = (e.line, e.column, e.message)
            if sig not in seen:
                seen.add(sig)
                errors.append(e)
        if len(problems) > MAX_PROBLEMS:
            raise_all(errors, f"{file}：发现{len(problems)}个问题，下面列出前{MAX_PROBLEMS}个")
        raise_all(errors)
        raise  # pragma: no cover - raise_all always raises for a non-empty list


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed where an unknown key was found (for 您是不是想用 hints)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        current = _inner_model(field.annotation) if field else None
    return list(getattr(current, "model_fields", {}) or [])


def _inner_model(annotation: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
