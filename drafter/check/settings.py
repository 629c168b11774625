"""The workspace's own check settings (``check.yaml`` beside ``blocks/``): rules switched off."""

from __future__ import annotations

from pathlib import Path

from ..config import CheckSpec
from ..errors import ConfigError
from ..validation import validate
from ..yamlio import YDict, load_yaml_file


def load_settings(path: Path) -> CheckSpec:
    data = load_yaml_file(path, path.name)
    if data is None:
        return CheckSpec()
    if not isinstance(data, YDict):
        raise ConfigError("check.yaml 应是“键: 值”形式的映射", file=path.name, line=1)
    return validate(CheckSpec, data, path.name, ConfigError)
