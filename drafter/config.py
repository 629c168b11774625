"""The document config (``configs/*.yaml``): which blocks, in which sections, with which values.

The schema is a set of pydantic classes with ``extra="forbid"``; a block reference
may be written as a bare id (``- 政治建设/旗帜鲜明讲政治``) or as a mapping with
``values`` overrides, and one-off text goes in ``text:``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .errors import ConfigError
from .layout import FONT_SETS
from .validation import validate
from .yamlio import YDict, load_yaml_file

DOCUMENT_KINDS = ("党建工作要点", "工作要点", "党风廉政建设工作要点", "工作报告", "其他")


def _block_shorthand(value: Any) -> Any:
    """``- some/block`` means ``- block: some/block``."""
    if isinstance(value, str):
        return {"block": value}
    return value


class _Ref(BaseModel):
    """Either a library block (``block`` + ``values``) or one-off ``text``."""

    model_config = ConfigDict(extra="forbid")

    block: str | None = None
    text: str | None = None
    values: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return _block_shorthand(value)

    @model_validator(mode="after")
    def _one_source(self) -> "_Ref":
        if (self.block is None) == (self.text is None):
            raise ValueError("每一项要么写 block（引用块库中的块），要么写 text（直接写文字），二者选一")
        if self.text is not None and self.values:
            raise ValueError("values 只能与 block 一起用；直接写的 text 使用文件顶部 variables 中的值")
        return self


class ParagraphRef(_Ref):
    """A plain paragraph: preamble, lead or closing."""


class HeadingRef(_Ref):
    """A section heading (level 1)."""


class ItemRef(_Ref):
    """A numbered item; ``title`` is its title sentence when written as text."""

    title: str | None = None
    label: str | None = None
    items: list["ItemRef"] = Field(default_factory=list)

    @model_validator(mode="after")
    def _title_only_with_text(self) -> "ItemRef":
        if self.title is not None and self.block is not None:
            raise ValueError("title 只能与 text 一起用；块的标题句写在块文件中")
        return self


class ClosingRef(BaseModel):
    """A closing paragraph (``block``/``text`` as elsewhere), or a passage: ``lead``
    paragraphs followed by ``points`` labelled 一是、二是…"""

    model_config = ConfigDict(extra="forbid")

    block: str | None = None
    text: str | None = None
    values: dict[str, Any] = Field(default_factory=dict)
    lead: list[ParagraphRef] = Field(default_factory=list)
    points: list[ItemRef] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return _block_shorthand(value)

    @model_validator(mode="after")
    def _paragraph_or_passage(self) -> "ClosingRef":
        if self.is_passage:
            if self.block is not None or self.text is not None or self.values:
                raise ValueError("一段“一是、二是……”写 lead 和 points；单独的段落写 block 或 text，二者不能混在同一项")
        elif (self.block is None) == (self.text is None):
            raise ValueError("每一项要么写 block（引用块库中的块），要么写 text（直接写文字），要么写 lead/points（一是、二是……）")
        return self

    @property
    def is_passage(self) -> bool:
        return bool(self.lead or self.points)

    def as_paragraph(self) -> ParagraphRef:
        return ParagraphRef(block=self.block, text=self.text, values=self.values)


class SectionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    heading: HeadingRef
    label: str | None = None
    variables: dict[str, Any] = Field(default_factory=dict)
    lead: list[ParagraphRef] = Field(default_factory=list)
    items: list[ItemRef] = Field(default_factory=list)


class NumberingSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: Literal["（一）", "1.", "1、"] = "1."
    restart: bool = True


class StyleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fonts: Literal[tuple(FONT_SETS)] = "gb2312"  # type: ignore[valid-type]
    bold_item_titles: bool = False
    bold_level2: bool = False


class SignatureSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issuer: str
    date: dt.date | str


class ConfigSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    kind: Literal[DOCUMENT_KINDS]  # type: ignore[valid-type]
    variables: dict[str, Any] = Field(default_factory=dict)
    targets: dict[str, Any] = Field(default_factory=dict)
    numbering: NumberingSpec = Field(default_factory=NumberingSpec)
    style: StyleSpec = Field(default_factory=StyleSpec)
    preamble: list[ParagraphRef] = Field(default_factory=list)
    sections: list[SectionSpec] = Field(default_factory=list)
    closing: list[ClosingRef] = Field(default_factory=list)
    signature: SignatureSpec | None = None


@dataclass
class Config:
    """A validated config with the raw YAML kept for error positions."""

    spec: ConfigSpec
    raw: YDict
    file: str  # as shown to the user (relative to the workspace root)
    path: Path

    @property
    def name(self) -> str:
        return self.path.stem


def load_config(path: Path, display: str | None = None) -> Config:
    name = display or str(path)
    data = load_yaml_file(path, name)
    if not isinstance(data, YDict):
        raise ConfigError("配置文件应是“键: 值”形式的映射", file=name, line=1)
    spec = validate(ConfigSpec, data, name, ConfigError)
    return Config(spec=spec, raw=data, file=name, path=path)
