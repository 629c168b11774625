"""The document config (``configs/*.yaml``): which blocks, in which sections, with which values.

This module is the one place that declares the config's shape: a set of pydantic
classes with ``extra="forbid"``. Everything else takes the shape from here — the
assembler (walking the validated objects, which carry their YAML positions), ``blocks
show`` (:func:`iter_block_refs` on raw YAML), the JSON Schemas (:mod:`drafter.schema`) and
the importer (:func:`to_data`). Which block kinds may stand where is said once, by the
:class:`Slot` attached to each field that holds block references.

A block reference may be written as a bare id (``- 政治建设/旗帜鲜明讲政治``) or as a mapping
with ``values`` overrides, and one-off text goes in ``text:``.
"""

# (no postponed annotations: pydantic would have to evaluate every one as a string)

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from .blocks import Kind
from .errors import ConfigError
from .layout import FONT_SETS
from .limits import MAX_ITEM_DEPTH
from .numbering import ITEM_STYLES
from .validation import validate
from .yamlio import Pos, YDict, YList, read_yaml_file

DOCUMENT_KINDS = ("党建工作要点", "工作要点", "党风廉政建设工作要点", "工作报告", "其他")
ITEM_STYLE_NAMES = tuple(style.value for style in ITEM_STYLES)


@dataclass(frozen=True)
class Slot:
    """A place in a document that block references fill: which block kinds fit there,
    and the kind a new block made for it (by import) gets."""

    name: str
    kinds: frozenset[Kind]
    new_kind: Kind

    @property
    def allowed(self) -> str:
        """The kinds that fit, in Chinese, for messages."""
        return "、".join(k.zh for k in sorted(self.kinds, key=lambda k: k.value))


COVER = Slot("cover", frozenset({Kind.PARAGRAPH}), Kind.PARAGRAPH)
PREAMBLE = Slot("preamble", frozenset({Kind.PREAMBLE, Kind.PARAGRAPH}), Kind.PREAMBLE)
HEADING = Slot("heading", frozenset({Kind.HEADING}), Kind.HEADING)
LEAD = Slot("lead", frozenset({Kind.LEAD, Kind.PARAGRAPH}), Kind.LEAD)
ITEMS = Slot("items", frozenset({Kind.ITEM}), Kind.ITEM)
CLOSING = Slot("closing", frozenset({Kind.CLOSING, Kind.PARAGRAPH}), Kind.CLOSING)
POINTS = Slot("points", frozenset({Kind.ITEM}), Kind.ITEM)


class Located(BaseModel):
    """Base of every config class: remembers the YAML it was validated from, for positions.

    :func:`attach_positions` fills these after validation, so the assembler can name the
    line of any entry without walking the raw YAML itself.
    """

    # defer_build: pydantic generates the validation schema of all these classes (~40 ms) when a
    # config is first validated, not when this module is imported; a config unchanged since it
    # was last checked is not validated again (load_config), so most builds never generate it
    model_config = ConfigDict(extra="forbid", defer_build=True)

    _raw: Any = PrivateAttr(None)
    _pos: Pos | None = PrivateAttr(None)

    @property
    def pos(self) -> Pos | None:
        """Where this entry starts."""
        return self._pos

    def value_pos(self, key: str) -> Pos | None:
        """Where the value of *key* starts (this entry's position when not written as a key)."""
        if isinstance(self._raw, YDict) and key in self._raw:
            return self._raw.value_pos[key]
        return self._pos

    def key_pos(self, field_name: str, key: Any) -> Pos | None:
        """Where *key* is written inside the mapping *field_name* (``variables``, ``values``)."""
        mapping = self._raw.get(field_name) if isinstance(self._raw, YDict) else None
        if isinstance(mapping, YDict) and key in mapping.key_pos:
            return mapping.key_pos[key]
        return self.value_pos(field_name)


class _Entry(Located):
    """An entry of a config list: a library block (``block`` + ``values``) or one-off ``text``.

    ``- some/block`` is short for ``- block: some/block``.
    """

    block: str | None = Field(None, description="块编号，如 政治建设/旗帜鲜明讲政治")
    text: str | None = Field(None, description="直接写的一次性文字（可用 {{ 年度 }} 等变量）")
    values: dict[str, Any] = Field(default_factory=dict, description="只对这一处生效的参数取值")
    based_on: str | None = Field(None, description="这段文字改写自块库中的哪个块（drafter absorb 记录，只与 text 一起用）")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"block": value} if isinstance(value, str) else value


class _Ref(_Entry):
    """Either a library block or one-off text, exactly one of them. One-off text rewritten from a
    block (a leader's edit taken back by ``drafter absorb``, a near match found by import) says
    which block in ``based_on``, so that check and diff still know where it came from."""

    @model_validator(mode="after")
    def _one_source(self) -> "_Ref":
        if (self.block is None) == (self.text is None):
            raise ValueError("每一项要么写 block（引用块库中的块），要么写 text（直接写文字），二者选一")
        if self.text is not None and self.values:
            raise ValueError("values 只能与 block 一起用；直接写的 text 使用文件顶部 variables 中的值")
        if self.based_on is not None and self.text is None:
            raise ValueError("based_on 只与 text 一起用：记录直接写的文字改写自哪个块")
        return self


class ParagraphRef(_Ref):
    """A plain paragraph: cover, preamble, lead or closing."""


class HeadingRef(_Ref):
    """A section heading (level 1)."""


class _NumberedRef(_Ref):
    title: str | None = Field(None, description="标题句（只与 text 一起用），如“旗帜鲜明讲政治。”")
    label: str | None = Field(None, description="指定编号，覆盖自动编号（一般不需要）")

    @model_validator(mode="after")
    def _title_only_with_text(self) -> "_NumberedRef":
        if self.title is not None and self.block is not None:
            raise ValueError("title 只能与 text 一起用；块的标题句写在块文件中")
        return self


class TaskSpec(Located):
    """Who does an item and by when: a row of the 任务分解表 and of the ledger (``drafter tasks``).
    A block may give these as its parameters 牵头单位, 责任单位, 完成时限 instead."""

    lead: str | None = Field(None, description="牵头单位")
    units: str | None = Field(None, description="责任单位（几个单位用顿号分隔）")
    due: dt.date | str | None = Field(None, description="完成时限，如“2023年12月底前”“长期坚持”，或日期 2023-12-31")


class ItemRef(_NumberedRef):
    """A numbered item; ``title`` is its title sentence when written as text."""

    items: Annotated[list["ItemRef"], ITEMS] = Field(default_factory=list, description="下一级条目")
    task: TaskSpec | None = Field(None, description="任务分工：牵头单位、责任单位、完成时限（用于任务分解表和台账）")


class PointRef(_NumberedRef):
    """A 一是/二是 point of a closing passage. Points are an inline enumeration: they have
    no sub-items (there is no label for them in 公文), so ``items`` is refused, not dropped."""

    @model_validator(mode="before")
    @classmethod
    def _no_sub_items(cls, value: Any) -> Any:
        if isinstance(value, dict) and "items" in value:
            raise ValueError("“一是、二是……”之下不能再分条目（items）：请把下一级内容写进该点的文字，"
                             "或把这一段改为某一部分（sections）中的条目")
        return value


class ClosingRef(_Entry):
    """A closing paragraph (``block``/``text`` as elsewhere), or a passage: ``lead``
    paragraphs followed by ``points`` labelled 一是、二是…"""

    lead: Annotated[list[ParagraphRef], CLOSING] = Field(default_factory=list, description="“一是、二是……”之前的引导段落")
    points: Annotated[list[PointRef], POINTS] = Field(default_factory=list, description="依次编为一是、二是……的条目")

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


class SectionSpec(Located):
    heading: Annotated[HeadingRef, HEADING] = Field(description="一级标题：块编号，或 {text: 标题文字}")
    label: str | None = Field(None, description="指定编号，覆盖自动编号（一般不需要）")
    variables: dict[str, Any] = Field(default_factory=dict, description="只对本部分生效的参数取值")
    lead: Annotated[list[ParagraphRef], LEAD] = Field(default_factory=list, description="标题下不编号的导语段落")
    items: Annotated[list[ItemRef], ITEMS] = Field(default_factory=list, description="编号的条目")


class NumberingSpec(Located):
    items: Literal[ITEM_STYLE_NAMES] = Field(  # type: ignore[valid-type]
        "1.", description="条目编号样式，其下一级依次为 1.、（1）"
    )
    restart: bool = Field(True, description="true：每部分重新编号；false：全文连续编号")


class StyleSpec(Located):
    fonts: Literal[tuple(FONT_SETS)] = Field(  # type: ignore[valid-type]
        "gb2312", description="字体：gb2312（仿宋_GB2312、楷体_GB2312，默认）或 windows（仿宋、楷体）"
    )
    bold_item_titles: bool = Field(False, description="条目的标题句加粗")
    bold_level2: bool = Field(False, description="二级标题（（一）……）加粗")


class SignatureSpec(Located):
    issuer: str = Field(description="署名，如 中共××县人民政府党组")
    date: dt.date | str = Field(description="成文日期，写成 2023-02-10")


class HeaderSpec(Located):
    """The 版头 (红头) above the body: GB/T 9704 7.2. Every field may use variables (``{{ 年度 }}``)."""

    organ: str = Field(description="发文机关标志，如“中共××县人民政府党组文件”（红色小标宋，居中）")
    number: str | None = Field(None, description="发文字号，如“县政党发〔2023〕5号”：六角括号〔〕，不写“第”，序号不编虚位")
    signers: list[str] = Field(default_factory=list, description="签发人（上行文）：写了就把发文字号居左、签发人居右排在同一行")
    copy_number: str | int | None = Field(None, description="份号，如“000001”（涉密公文）：6位阿拉伯数字，写成数字时补足6位")
    secrecy: str | None = Field(None, description="密级和保密期限，如“秘密★1年”")
    urgency: str | None = Field(None, description="紧急程度：特急、加急（电报为特提、特急、加急、平急）")
    template: str | None = Field(
        None, description="本单位的红头模板（.docx，相对工作区），其中用 {{ 发文字号 }} 等占位，{{p 正文 }} 处放入正文；不写则按国标排版"
    )

    @field_validator("copy_number", mode="before")
    @classmethod
    def _copy_number_digits(cls, value: Any) -> Any:
        """``copy_number: 000001`` reads as the number 1 in YAML: written back with its six digits (7.2.1)."""
        if isinstance(value, bool) or (isinstance(value, int) and value < 0):
            raise ValueError("份号应为6位阿拉伯数字，如“000001”")
        return f"{value:06d}" if isinstance(value, int) else value


class NoticeSpec(Located):
    """The 印发通知 that issues the document as its 附件1 (``wrapper: notice``)."""

    title: str | None = Field(None, description="通知标题；不写则为“署名+关于印发《标题》的通知”")


class TasksSpec(Located):
    """The 任务分解表: items' 牵头单位/责任单位/完成时限 as a table (``tasks: appendix`` is short
    for ``tasks: {appendix: true}``). A mapping asks for the table unless it says ``appendix: false``:
    ``tasks: {title: …}`` is the table under that title, not a title nobody prints."""

    appendix: bool = Field(True, description="true（不写时）：把任务分解表作为附件排在正文之后（横向页面）；false：不排")
    title: str | None = Field(None, description="任务分解表的标题；不写则为“文件标题+任务分解表”")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if value == "appendix":
            return {"appendix": True}
        if isinstance(value, (str, bool)):
            raise ValueError("tasks 写 appendix（把任务分解表作为附件），或写成 {appendix: true, title: 标题}")
        return value


class ImprintSpec(Located):
    """The 版记 at the foot of the last page: 抄送, 印发机关, 印发日期 (GB/T 9704 7.4)."""

    cc: list[str] = Field(default_factory=list, description="抄送机关，每项一个，如 [县委办公室, 县人大常委会办公室]")
    printer: str = Field(description="印发机关，一般是发文机关的办公厅（室），如“县政府党组办公室”")
    date: dt.date | str = Field(description="印发日期，写成 2023-02-10")


class CheckSpec(Located):
    off: list[str] = Field(default_factory=list, description="不用的检查规则：规则编号或分组名，如 lexicon、punct.half-width")


class ConfigSpec(Located):
    title: str | None = Field(None, description="文件标题（可省略），可用变量，如 {{ 年度 }}年党建工作要点")
    kind: Literal[DOCUMENT_KINDS] = Field(description="文种")  # type: ignore[valid-type]
    variables: dict[str, Any] = Field(default_factory=dict, description="名称、年度、会议提法等取值；~ 表示暂缺")
    targets: dict[str, Any] = Field(default_factory=dict, description="各项指标数字；~ 表示暂缺")
    numbering: NumberingSpec = Field(default_factory=NumberingSpec, description="编号方式")
    style: StyleSpec = Field(default_factory=StyleSpec, description="版式选项")
    header: HeaderSpec | None = Field(None, description="版头（红头）：发文机关标志、发文字号、签发人、份号、密级、紧急程度")
    recipients: str | None = Field(None, description="主送机关，如“各乡镇党委，县直各部门党组（党委）”")
    wrapper: Literal["none", "notice"] = Field(
        "none", description="notice：发一份印发通知，本文件作为附件1（署名和成文日期属于通知）"
    )
    notice: NoticeSpec | None = Field(None, description="印发通知的设置（wrapper: notice 时）")
    cover: Annotated[list[ParagraphRef], COVER] = Field(
        default_factory=list,
        description="印发通知的正文（wrapper: notice 时，不写则用“现将《…》印发给你们……”）；不用 wrapper 时为标题前的一页文字",
    )
    preamble: Annotated[list[ParagraphRef], PREAMBLE] = Field(default_factory=list, description="开头段落（总体要求）")
    sections: list[SectionSpec] = Field(default_factory=list, description="各部分：一级标题、导语、条目")
    closing: Annotated[list[ClosingRef], CLOSING] = Field(default_factory=list, description="结尾段落或“一是、二是……”段落")
    signature: SignatureSpec | None = Field(None, description="落款：署名和成文日期")
    tasks: TasksSpec | None = Field(None, description="任务分解表：appendix 表示作为附件排在正文之后")
    imprint: ImprintSpec | None = Field(None, description="版记：抄送、印发机关和印发日期（排在最后一页下端）")
    check: CheckSpec | None = Field(None, description="drafter check 的设置：关掉某些检查规则")


REF_CLASSES: tuple[type[_Entry], ...] = (ParagraphRef, HeadingRef, ItemRef, PointRef, ClosingRef)
"""Every class a config may also write as a bare block id string."""

STRING_FORMS: dict[type[Located], dict[str, Any]] = {
    **{cls: {"type": "string", "description": "块编号（block 的简写）"} for cls in REF_CLASSES},
    TasksSpec: {"const": "appendix", "description": "把任务分解表作为附件（appendix: true 的简写）"},
}
"""The classes a config may also write as a string, and the JSON Schema of that string."""


@dataclass
class Config:
    """A validated config; its objects carry their YAML positions."""

    spec: ConfigSpec
    raw: YDict
    file: str  # as shown to the user (relative to the workspace root)
    path: Path

    @property
    def name(self) -> str:
        return self.path.stem


def load_config(path: Path | str, display: str | None = None) -> Config:
    """Read and check a config file.

    A config that passed is kept in the disk cache with its parsed YAML (keyed by the file's
    bytes, :mod:`drafter.cache`) as its checked form: the next load of the same bytes makes the
    objects again from it (:func:`_from_checked`) instead of validating with pydantic — whose
    schema for these classes takes longer to generate than the rest of a build. An edited file
    misses and is validated as before; a file that fails is never cached, so it fails every time.
    """
    path = Path(path)
    name = display or str(path)
    loaded = read_yaml_file(path, name)
    data = loaded.data
    spec = _from_checked(loaded.extras.get(_CHECKED), ConfigSpec) if isinstance(data, YDict) else None
    if spec is not None:
        attach_positions(spec, data, data.pos)
        loaded.remember()
        return Config(spec=spec, raw=data, file=name, path=path)
    config = config_from_data(data, name, path)
    loaded.remember(**{_CHECKED: _checked_form(config.spec)})
    return config


def config_from_data(data: Any, name: str, path: Path) -> Config:
    """Validate already parsed YAML as a config (import checks its output this way before writing)."""
    if not isinstance(data, YDict):
        raise ConfigError("配置文件应是“键: 值”形式的映射", file=name, line=1)
    spec = validate(ConfigSpec, data, name, ConfigError)
    attach_positions(spec, data, data.pos)
    for index, section in enumerate(spec.sections, start=1):
        _check_depth(section.items, 1, f"sections[{index}].items", name)
    return Config(spec=spec, raw=data, file=name, path=Path(path))


def _check_depth(items: list[ItemRef], depth: int, key: str, file: str) -> None:
    """Refuse items nested deeper than MAX_ITEM_DEPTH (公文 use four levels)."""
    for index, item in enumerate(items, start=1):
        here = f"{key}[{index}]"
        if depth > MAX_ITEM_DEPTH:
            pos = item.pos
            raise ConfigError(f"条目嵌套超过 {MAX_ITEM_DEPTH} 层的上限", file=file, line=pos.line if pos else None,
                              column=pos.column if pos else None, key=here,
                              hint="公文的条目一般不超过四层（一、（一）1.（1））")
        _check_depth(item.items, depth + 1, f"{here}.items", file)


# -- the checked form (cached) -------------------------------------------------------------------
# the key under which a config file's checked form is cached with its YAML (drafter.yamlio.YamlFile.remember)
_CHECKED = "checked_config"


def _checked_form(model: Located) -> tuple:
    """A validated config object as plain data the cache can hold: each field's value (config
    objects in the same form, recursively) and the fields the file gave."""
    return (type(model).__name__, {name: _checked_value(getattr(model, name)) for name in type(model).model_fields},
            tuple(sorted(model.model_fields_set)))


def _checked_value(value: Any) -> Any:
    if isinstance(value, Located):
        return _checked_form(value)
    if isinstance(value, list):
        return [_checked_value(v) for v in value]
    return value


def _from_checked(form: Any, model: type[Located]) -> Located | None:
    """The config object *form* was made from, as validating made it (the same values and
    fields set), or None when *form* is not as :func:`_checked_form` writes it."""
    try:
        name, values, fields_set = form
        fields = model.model_fields
        if name != model.__name__ or set(values) != set(fields):
            return None
        made = {}
        for field_name, value in values.items():
            inner = _model_in(fields[field_name].annotation)
            if inner is not None and isinstance(value, list):
                value = [_from_checked(v, inner) if isinstance(v, tuple) else v for v in value]
                if any(v is None for v in value):
                    return None
            elif inner is not None and isinstance(value, tuple):
                value = _from_checked(value, inner)
                if value is None:
                    return None
            made[field_name] = value
        return model.model_construct(set(fields_set), **made)
    except (TypeError, ValueError, KeyError):
        return None


# -- walking the shape ---------------------------------------------------------------------------
def slot_of(model: type[BaseModel], field_name: str) -> Slot | None:
    """The slot a field of *model* fills, when it holds block references."""
    info = model.model_fields.get(field_name)
    return next((m for m in info.metadata if isinstance(m, Slot)), None) if info else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The config class inside a field's annotation (``list[ItemRef]`` → ItemRef)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def attach_positions(model: Located, raw: Any, pos: Pos | None) -> None:
    """Give *model* and every config object under it their raw YAML and position."""
    model._raw = raw
    model._pos = getattr(raw, "pos", None) if isinstance(raw, (YDict, YList)) else pos
    if not isinstance(raw, YDict):
        return
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name not in raw:
            continue
        if isinstance(value, Located):
            attach_positions(value, raw[name], raw.value_pos[name])
        elif isinstance(value, list) and isinstance(raw[name], YList):
            entries = raw[name]
            for index, entry in enumerate(value):
                if isinstance(entry, Located) and index < len(entries):
                    attach_positions(entry, entries[index], entries.item_pos[index])


@dataclass(frozen=True)
class BlockUse:
    """A block id written in a config, where, and in which slot."""

    block: str
    pos: Pos | None
    slot: Slot


def iter_block_refs(raw: Any, model: type[BaseModel] = ConfigSpec) -> Iterator[BlockUse]:
    """Every block id a raw config mentions, guided by the config classes.

    Works on raw YAML, so a config that does not validate can still be browsed.
    """
    if not isinstance(raw, YDict):
        return
    for name in model.model_fields:
        if name not in raw:
            continue
        inner = _model_in(model.model_fields[name].annotation)
        slot = slot_of(model, name)
        value = raw[name]
        if isinstance(value, YList):
            entries = [(entry, value.item_pos[i]) for i, entry in enumerate(value)]
        else:
            entries = [(value, raw.value_pos[name])]
        for entry, pos in entries:
            if slot is not None and isinstance(entry, str):
                yield BlockUse(entry, pos, slot)
            elif isinstance(entry, YDict):
                if slot is not None and isinstance(entry.get("block"), str):
                    yield BlockUse(entry["block"], entry.value_pos["block"], slot)
                if inner is not None:
                    yield from iter_block_refs(entry, inner)


# -- writing a config ------------------------------------------------------------------------------
def to_data(model: BaseModel, always: frozenset[str] | set[str] = frozenset()) -> Any:
    """A config object as plain YAML data, the way a person writes it: fields at their
    defaults left out (except those named in *always*, written in full), a reference that
    only names a block written as the bare id, enums as their values."""
    if isinstance(model, _Entry) and model.block is not None and _only_set(model, {"block"}):
        return model.block
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if name in always:
            out[name] = _plain(value, always, full=True)
        elif value != info.get_default(call_default_factory=True):
            out[name] = _plain(value, always)
    return out


def _only_set(model: BaseModel, names: set[str]) -> bool:
    return all(
        name in names or getattr(model, name) == info.get_default(call_default_factory=True)
        for name, info in type(model).model_fields.items()
    )


def _plain(value: Any, always: frozenset[str] | set[str], full: bool = False) -> Any:
    if isinstance(value, BaseModel):
        if full:
            return {name: _plain(getattr(value, name), always, True) for name in type(value).model_fields}
        return to_data(value, always)
    if isinstance(value, list):
        return [_plain(v, always, full) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, always, full) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    return value
