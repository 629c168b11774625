"""The shape of block files (``blocks/**/*.yaml``) and of ``blocks/_params.yaml``: pydantic classes.

They are needed only when a file is read in full and checked — a warm load takes each file's
checked blocks from the cache (:func:`drafter.blocks.load_library`) — so they live apart from
:mod:`drafter.blocks`, and browsing or building from a warm library never imports pydantic.
The JSON Schemas (:mod:`drafter.schema`) are generated from them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .blocks import Kind, ParamType, check_id


# defer_build: pydantic's schema is built when a file is first validated, not on import.
class ParamSpec(BaseModel):
    """One declared parameter of a block (or of the whole library)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    type: ParamType = Field("str", description="类型：str 文字、int 整数、number 数字、percent 百分数（不含%号）、date 日期")
    description: str = Field(min_length=1, description="参数的中文说明")
    default: Any = Field(None, description="默认值：配置没有给出时使用")
    example: Any = Field(None, description="示例值")
    yearly: bool = Field(
        False,
        description="每年都要重新填写的值（指标、次数、日期）：drafter roll 到下一年时清空，去年的值留在注释中",
    )

    @model_validator(mode="after")
    def _yearly_has_no_default(self) -> "ParamSpec":
        # a default would quietly stand in for the value roll clears: the build must refuse instead
        if self.yearly and self.default is not None:
            raise ValueError("每年重新填写的参数（yearly: true）不能有默认值：请删除 default，改写 example")
        return self


class BlockSpec(BaseModel):
    """The schema of one block as written in YAML."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    id: str = Field(description="块编号：全库唯一，用“/”分组，如 政治建设/旗帜鲜明讲政治")
    kind: Kind = Field(description="类型：preamble 开头段、heading 一级标题、lead 导语段、item 条目、closing 结尾段、paragraph 普通段落")
    title: str | None = Field(None, description="标题句（可省略），如“旗帜鲜明讲政治。”")
    body: str = Field(description="正文：用 {{ 参数名 }} 留出要填的地方；空行分段")
    params: dict[str, ParamSpec] = Field(default_factory=dict, description="本块自己的参数")
    tags: list[str] = Field(default_factory=list, description="标签：主题和文种")
    source: str | None = Field(None, description="出处")

    @field_validator("id")
    @classmethod
    def _valid_id(cls, v: str) -> str:
        return check_id(v)

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, v: str | None) -> str | None:
        if v is not None and not v.strip():
            raise ValueError("标题句不能为空；不需要标题句时请删除 title")
        return v


class BlockFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    blocks: list[BlockSpec] = Field(description="本文件中的块")


class CommonParamsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    params: dict[str, ParamSpec] = Field(description="全库共用的参数")
