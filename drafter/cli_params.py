"""Command-line values converted directly, without pydantic, for the plain types drafter uses.

typer (0.2x) converts every command-line value through a pydantic ``TypeAdapter`` it builds
on first use — even a path goes through one. For a ``drafter build`` that meant importing
pydantic and generating a dozen schemas, about 100 ms, before any work (bench/RESULTS.md).
drafter's parameters are only text, paths, whole numbers, yes/no flags and lists of these; here each is
converted the direct way. A value the direct way does not take (``-j abc``, an empty path)
is handed to typer's own conversion, so every error message is still typer's (translated by
:mod:`drafter.cli_i18n` as before). With a typer that has no per-parameter conversion
(before 0.2x, or a later one that changes it), :func:`lighten` leaves the command alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args, get_origin

_WHOLE = re.compile(r"[0-9]{1,18}")  # what int() and pydantic read the same way; anything else is theirs


class _Unsupported(Exception):
    """The direct way does not take this value: typer's own conversion decides."""


def _text(value: Any, parameter_info: Any) -> str:
    if not isinstance(value, str):
        raise _Unsupported
    return value


def _whole(value: Any, parameter_info: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Unsupported
    if isinstance(value, str):
        if not _WHOLE.fullmatch(value):
            raise _Unsupported
        value = int(value)
    if parameter_info.min is not None or parameter_info.max is not None:
        raise _Unsupported  # ranges and clamping stay typer's
    return value


def _path(value: Any, parameter_info: Any, param: Any = None, ctx: Any = None) -> Path:
    from typer._param_types import coerce_cli_path

    if isinstance(value, str):
        if not value:
            raise _Unsupported
        value = Path(value)
    if not isinstance(value, Path):
        raise _Unsupported
    # typer's own checks (exists, file_okay, dir_okay …) on a value that is already a Path
    return coerce_cli_path(value, parameter_info, path_type=Path, param=param, ctx=ctx)


def _flag(value: Any, parameter_info: Any) -> bool:
    if not isinstance(value, bool):
        raise _Unsupported  # "yes", "0" from an environment variable: typer's rules
    return value


def _leaf(annotation: Any, parameter_info: Any):
    if annotation is bool:
        return lambda value, param, ctx: _flag(value, parameter_info)
    if annotation is str:
        return lambda value, param, ctx: _text(value, parameter_info)
    if annotation is int:
        return lambda value, param, ctx: _whole(value, parameter_info)
    if annotation is Path and parameter_info.path_type in (None, Path):
        return lambda value, param, ctx: _path(value, parameter_info, param, ctx)
    return None


def _converter(annotation: Any, parameter_info: Any):
    """A function (value, param, ctx) → converted value, or None when the type is not one of ours."""
    if getattr(parameter_info, "parser", None) is not None or getattr(parameter_info, "click_type", None) is not None:
        return None
    if get_origin(annotation) is list:
        (inner,) = get_args(annotation) or (None,)
        leaf = _leaf(inner, parameter_info)
        if leaf is None:
            return None

        def each(value: Any, param: Any, ctx: Any) -> list[Any]:
            if not isinstance(value, (list, tuple)):
                value = [value]
            return [leaf(item, param, ctx) for item in value]

        return each
    return _leaf(annotation, parameter_info)


def lighten(params: list[Any]) -> None:
    """Give each of *params* (typer's parameters of one command) the direct conversion."""
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:
        return

    class Direct(RuntimeParam):
        """typer's RuntimeParam, converting directly; typer's own conversion for what it does not take."""

        def __init__(self, descriptor: Any, convert: Any) -> None:
            object.__setattr__(self, "parameter_info", descriptor.parameter_info)
            object.__setattr__(self, "annotation", descriptor.annotation)
            object.__setattr__(self, "_descriptor", descriptor)
            object.__setattr__(self, "_convert", convert)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self._convert(value, param, ctx)
            except _Unsupported:
                return build_runtime_param(self._descriptor)._coerce_value(value, param=param, ctx=ctx)

    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", "absent") is not None:
            continue
        if getattr(descriptor, "file_annotation", None) is not None:
            continue
        convert = _converter(descriptor.annotation, descriptor.parameter_info)
        if convert is not None:
            param._runtime_param = Direct(descriptor, convert)
