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


class _Entry(BaseModel):
    """An entry of a config list: a library block (``block`` + ``values``) or one-off ``text``.

    ``- some/block`` is short for ``- block: some/block``.
    """

    model_config = ConfigDict(extra="forbid")

    block: str | None = Field(None, description="块编号，如 政治建设/旗帜鲜明讲政治")
    text: str | None = Field(None, description="直接写的一次性文字（可用 {{ 年度 }} 等变量）")
    values: dict[str, Any] = Field(default_factory=dict, description="只对这一处生效的参数取值")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"block": value} if isinstance(value, str) else value


class _Ref(_Entry):
    """Either a library block or one-off text, exactly one of them."""

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

    title: str | None = Field(None, description="标题句（只与 text 一起用），如“旗帜鲜明讲政治。”")
    label: str | None = Field(None, description="指定编号，覆盖自动编号（一般不需要）")
    items: list["ItemRef"] = Field(default_factory=list, description="下一级条目")

    @model_validator(mode="after")
    def _title_only_with_text(self) -> "ItemRef":
        if self.title is not None and self.block is not None:
            raise ValueError("title 只能与 text 一起用；块的标题句写在块文件中")
        return self


class ClosingRef(_Entry):
    """A closing paragraph (``block``/``text`` as elsewhere), or a passage: ``lead``
    paragraphs followed by ``points`` labelled 一是、二是…"""

    lead: list[ParagraphRef] = Field(default_factory=list, description="“一是、二是……”之前的引导段落")
    points: list[ItemRef] = Field(default_factory=list, description="依次编为一是、二是……的条目")

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

    heading: HeadingRef = Field(description="一级标题：块编号，或 {text: 标题文字}")
    label: str | None = Field(None, description="指定编号，覆盖自动编号（一般不需要）")
    variables: dict[str, Any] = Field(default_factory=dict, description="只对本部分生效的参数取值")
    lead: list[ParagraphRef] = Field(default_factory=list, description="标题下不编号的导语段落")
    items: list[ItemRef] = Field(default_factory=list, description="编号的条目")


class NumberingSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: Literal["（一）", "1.", "1、"] = Field("1.", description="条目编号样式，其下一级依次为 1.、（1）")
    restart: bool = Field(True, description="true：每部分重新编号；false：全文连续编号")


class StyleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fonts: Literal[tuple(FONT_SETS)] = Field(  # type: ignore[valid-type]
        "gb2312", description="字体：gb2312（仿宋_GB2312、楷体_GB2312，默认）或 windows（仿宋、楷体）"
    )
    bold_item_titles: bool = Field(False, description="条目的标题句加粗")
    bold_level2: bool = Field(False, description="二级标题（（一）……）加粗")


class SignatureSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    issuer: str = Field(description="署名，如 中共××县人民政府党组")
    date: dt.date | str = Field(description="成文日期，写成 2023-02-10")


class ConfigSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cover: list[ParagraphRef] = Field(default_factory=list, description="标题前的印发通知（主送、正文、署名、日期），可省略")
    title: str | None = Field(None, description="文件标题（可省略），可用变量，如 {{ 年度 }}年党建工作要点")
    kind: Literal[DOCUMENT_KINDS] = Field(description="文种")  # type: ignore[valid-type]
    variables: dict[str, Any] = Field(default_factory=dict, description="名称、年度、会议提法等取值；~ 表示暂缺")
    targets: dict[str, Any] = Field(default_factory=dict, description="各项指标数字；~ 表示暂缺")
    numbering: NumberingSpec = Field(default_factory=NumberingSpec, description="编号方式")
    style: StyleSpec = Field(default_factory=StyleSpec, description="版式选项")
    preamble: list[ParagraphRef] = Field(default_factory=list, description="开头段落（总体要求）")
    sections: list[SectionSpec] = Field(default_factory=list, description="各部分：一级标题、导语、条目")
    closing: list[ClosingRef] = Field(default_factory=list, description="结尾段落或“一是、二是……”段落")
    signature: SignatureSpec | None = Field(None, description="落款：署名和成文日期")


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
    return config_from_data(load_yaml_file(path, name), name, path)


def config_from_data(data: Any, name: str, path: Path) -> Config:
    """Validate already parsed YAML as a config (import checks its output this way before writing)."""
    if not isinstance(data, YDict):
        raise ConfigError("配置文件应是“键: 值”形式的映射", file=name, line=1)
    spec = validate(ConfigSpec, data, name, ConfigError)
    return Config(spec=spec, raw=data, file=name, path=path)
