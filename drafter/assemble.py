"""Config + block library → Document model.

A value is looked up in this order: the block reference's ``values`` → the section's
``variables`` → the config's ``variables``/``targets`` → the block's default → the
library-wide default. Problems are collected over the whole config and raised
together. In draft mode a value nobody gave becomes a visible blank; otherwise the
build stops and lists every missing value with the places that need it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import Template, TemplateError

from .blocks import Block, Kind, Library, Param, check_value
from .config import ClosingRef, Config, ConfigSpec, ItemRef, ParagraphRef, SectionSpec, _Ref
from .errors import ConfigError, DrafterError, RenderError, did_you_mean, raise_all
from .model import Document, Item, Numbering, Paragraph, Passage, Section, Signature, Text
from .numbering import LabelStyle
from .templating import Missing, TemplateSyntaxError, compile_template, format_date, to_paragraphs, to_text
from .yamlio import Pos, YDict, YList

# Which block kinds may stand in each place of the config.
SLOT_KINDS = {
    "cover": {Kind.PARAGRAPH},
    "preamble": {Kind.PREAMBLE, Kind.PARAGRAPH},
    "heading": {Kind.HEADING},
    "lead": {Kind.LEAD, Kind.PARAGRAPH},
    "items": {Kind.ITEM},
    "closing": {Kind.CLOSING, Kind.PARAGRAPH},
    "points": {Kind.ITEM},
}

_RENDER_FAILURES = (TemplateError, TypeError, ValueError, ArithmeticError)


@dataclass
class _Where:
    """A place in the config, for messages: its position and dotted key."""

    pos: Pos | None
    key: str

    @property
    def line(self) -> int | None:
        return self.pos.line if self.pos else None


@dataclass
class _Missing:
    name: str
    description: str = ""
    places: list[tuple[Pos | None, str]] = field(default_factory=list)


class Assembler:
    def __init__(self, config: Config, library: Library, *, draft: bool = False) -> None:
        self.config = config
        self.spec: ConfigSpec = config.spec
        self.library = library
        self.draft = draft
        self.errors: list[DrafterError] = []
        self.missing: dict[str, _Missing] = {}
        self.used_names: set[str] = set()
        self.unresolved_blocks = False  # an unknown block id hides which variables are in use
        self.doc_values: dict[str, Any] = {}

    # -- entry point ---------------------------------------------------------------
    def run(self) -> Document:
        spec, raw = self.spec, self.config.raw
        self.doc_values = self._document_values()
        doc = Document(
            numbering=Numbering(items=LabelStyle(spec.numbering.items), restart=spec.numbering.restart),
            kind=spec.kind,
        )
        doc.cover = self._paragraphs(spec.cover, raw.get("cover"), "cover", {}, "cover", set())
        if spec.title is not None:
            doc.title = self._inline(spec.title, _Where(_value_pos(raw, "title"), "title"))
        doc.preamble = self._paragraphs(spec.preamble, raw.get("preamble"), "preamble", {}, "preamble", set())
        for index, section in enumerate(spec.sections):
            doc.sections.append(self._section(section, raw["sections"][index], f"sections[{index + 1}]"))
        doc.closing = self._closing(spec.closing, raw.get("closing"))
        if spec.signature is not None:
            raw_sig = raw["signature"]
            issuer = self._inline(spec.signature.issuer, _Where(_value_pos(raw_sig, "issuer"), "signature.issuer"))
            date = spec.signature.date
            date_text = (
                self._inline(date, _Where(_value_pos(raw_sig, "date"), "signature.date"))
                if isinstance(date, str)
                else Text.of(format_date(date))
            )
            doc.signature = Signature(issuer=issuer, date=date_text)
        self._check_unused_variables()
        self._raise()
        return doc

    def _error(self, cls: type[DrafterError], message: str, pos: Pos | None, key: str, hint: str | None = None) -> None:
        err = cls(message, file=self.config.file, line=pos.line if pos else None,
                  column=pos.column if pos else None, key=key, hint=hint)
        if all(str(e) != str(err) for e in self.errors):
            self.errors.append(err)

    # -- values --------------------------------------------------------------------
    def _document_values(self) -> dict[str, Any]:
        spec, raw = self.spec, self.config.raw
        values: dict[str, Any] = dict(spec.variables)
        for name, value in spec.targets.items():
            if name in values:
                self._error(ConfigError, f"「{name}」同时出现在 variables 和 targets 中",
                            raw["targets"].key_pos[name], f"targets.{name}", "请只保留一处")
            values[name] = value
        for name, value in values.items():
            param = self.library.common.get(name)
            if param is not None:
                self._check_type(param, value, self._value_where(name))
        return values

    def _value_where(self, name: str) -> _Where:
        """Where the config's own variables/targets give *name*."""
        raw = self.config.raw
        for group in ("variables", "targets"):
            if isinstance(raw.get(group), YDict) and name in raw[group]:
                return _Where(raw[group].key_pos[name], group)
        return _Where(None, "variables")

    def _check_type(self, param: Param, value: Any, where: _Where) -> None:
        problem = check_value(param, value)
        if problem:
            self._error(ConfigError, problem, where.pos, where.key)

    def _resolve(self, block: Block, name: str, overrides: dict, section_values: dict, where: _Where) -> Any:
        param = block.param(name, self.library.common)
        for values, origin in ((overrides, where), (section_values, where), (self.doc_values, None)):
            if values.get(name) is not None:
                if param is not None:
                    self._check_type(param, values[name], origin or self._value_where(name))
                return values[name]
        if param is not None and param.default is not None:
            return param.default
        return self._missing(name, f"{where.key}（块「{block.id}」）", where, param)

    def _missing(self, name: str, place: str, where: _Where, param: Param | None = None) -> Missing:
        entry = self.missing.setdefault(name, _Missing(name, param.description if param else ""))
        entry.places.append((where.pos, place))
        return Missing(name)

    # -- structure -----------------------------------------------------------------
    def _section(self, section: SectionSpec, raw_section: YDict, key: str) -> Section:
        section_values = dict(section.variables)
        used: set[str] = set()
        heading_where = _Where(raw_section.value_pos["heading"], f"{key}.heading")
        _, heading_paragraphs = self._ref_text(
            section.heading, raw_section.get("heading"), "heading", section_values, heading_where, used
        )
        if len(heading_paragraphs) > 1:
            self._error(ConfigError, "一级标题只能有一段", heading_where.pos, heading_where.key, "请去掉标题中的空行")
        heading = heading_paragraphs[0] if heading_paragraphs else Text()
        lead = self._paragraphs(section.lead, raw_section.get("lead"), "lead", section_values, f"{key}.lead", used)
        items = self._items(section.items, raw_section.get("items"), section_values, f"{key}.items", used)
        for name in section_values:
            if name not in used:
                self._error(ConfigError, f"本部分没有块用到变量「{name}」", raw_section["variables"].key_pos[name],
                            f"{key}.variables",
                            did_you_mean(name, used) or "请检查变量名，或把它移到使用它的块的 values 下")
        return Section(heading=heading, lead=lead, items=items, label=section.label, source=section.heading.block)

    def _paragraphs(self, refs: list[ParagraphRef], raw_list: Any, slot: str, section_values: dict, key: str,
                    used: set) -> list[Paragraph]:
        out = []
        for index, ref in enumerate(refs):
            where = _Where(_item_pos(raw_list, index), f"{key}[{index + 1}]")
            _, paragraphs = self._ref_text(ref, _entry(raw_list, index), slot, section_values, where, used)
            out.extend(Paragraph(text, source=ref.block) for text in paragraphs)
        return out

    def _closing(self, refs: list[ClosingRef], raw_list: Any) -> list[Passage]:
        out = []
        for index, ref in enumerate(refs):
            raw_ref = _entry(raw_list, index)
            key = f"closing[{index + 1}]"
            if not ref.is_passage:
                where = _Where(_item_pos(raw_list, index), key)
                _, paragraphs = self._ref_text(ref.as_paragraph(), raw_ref, "closing", {}, where, set())
                out.append(Passage(lead=[Paragraph(text, source=ref.block) for text in paragraphs]))
                continue
            raw_get = raw_ref.get if isinstance(raw_ref, YDict) else (lambda _k: None)
            lead = self._paragraphs(ref.lead, raw_get("lead"), "closing", {}, f"{key}.lead", set())
            points = self._items(ref.points, raw_get("points"), {}, f"{key}.points", set(), slot="points")
            out.append(Passage(lead=lead, points=points))
        return out

    def _items(self, refs: list[ItemRef], raw_list: Any, section_values: dict, key: str, used: set,
               slot: str = "items") -> list[Item]:
        out = []
        for index, ref in enumerate(refs):
            raw_ref = _entry(raw_list, index)
            where = _Where(_item_pos(raw_list, index), f"{key}[{index + 1}]")
            title, paragraphs = self._ref_text(ref, raw_ref, slot, section_values, where, used)
            body, more = (paragraphs[0], paragraphs[1:]) if paragraphs else (Text(), [])
            if ref.text is not None and ref.title is not None:
                title = self._inline(ref.title, _Where(_value_pos(raw_ref, "title"), f"{where.key}.title"), used)
            children = self._items(ref.items, raw_ref.get("items") if isinstance(raw_ref, YDict) else None,
                                   section_values, f"{where.key}.items", used)
            out.append(Item(body=body, title=title, children=children, label=ref.label, source=ref.block, more=more))
        return out

    def _ref_text(self, ref: _Ref, raw_ref: Any, slot: str, section_values: dict, where: _Where,
                  used: set) -> tuple[Text, list[Text]]:
        """Render one reference: (title sentence, body paragraphs)."""
        if ref.text is not None:
            text_where = _Where(_value_pos(raw_ref, "text") or where.pos, f"{where.key}.text")
            return Text(), self._inline_paragraphs(ref.text, text_where, used)
        block = self.library.get(ref.block or "")
        if block is None:
            self._error(ConfigError, f"块库中没有编号为「{ref.block}」的块", where.pos, where.key,
                        self.library.suggest(ref.block or "") or "可用 drafter blocks list 查看所有块")
            self.unresolved_blocks = True
            return Text(), []
        if block.kind not in SLOT_KINDS[slot]:
            allowed = "、".join(k.zh for k in sorted(SLOT_KINDS[slot], key=lambda k: k.value))
            self._error(ConfigError, f"块「{block.id}」是{block.kind.zh}，不能放在 {slot} 中（此处可用：{allowed}）",
                        where.pos, where.key)
        for name in ref.values:
            if name not in block.variables:
                pos = raw_ref["values"].key_pos[name] if isinstance(raw_ref, YDict) else where.pos
                self._error(ConfigError, f"块「{block.id}」没有参数「{name}」", pos, f"{where.key}.values",
                            did_you_mean(name, block.variables) or _params_hint(block))
        context = {name: self._resolve(block, name, ref.values, section_values, where) for name in block.variables}
        self.used_names |= block.variables
        used |= block.variables
        title = self._render(block.title_template, context, block, "title")
        body = to_paragraphs(self._render(block.body_template, context, block, "body"))
        return to_text(title), body

    # -- rendering -----------------------------------------------------------------
    def _render(self, template: Template | None, context: dict, block: Block, key: str) -> str:
        """The rendered text of one template of *block* ("" on failure, with the error recorded)."""
        if template is None:
            return ""
        try:
            return template.render(context)
        except _RENDER_FAILURES as e:
            self.errors.append(RenderError(f"填写块时出错：{e}", file=block.file, line=block.line, key=f"{block.id} {key}"))
            return ""

    def _inline(self, source: str, where: _Where, used: set | None = None) -> Text:
        """One-off single-paragraph text from the config (title, 署名, 标题句)."""
        return to_text(self._inline_raw(source, where, used))

    def _inline_paragraphs(self, source: str, where: _Where, used: set | None = None) -> list[Text]:
        return to_paragraphs(self._inline_raw(source, where, used))

    def _inline_raw(self, source: str, where: _Where, used: set | None = None) -> str:
        """Render one-off text from the config itself, filled from the config's own values only."""
        try:
            template, names = compile_template(source)
        except TemplateSyntaxError as e:
            self._error(ConfigError, f"模板语法错误：{e.message}", where.pos, where.key)
            return ""
        context: dict[str, Any] = {}
        for name in sorted(names):
            param = self.library.common.get(name)
            if self.doc_values.get(name) is not None:
                context[name] = self.doc_values[name]
            elif param is not None and param.default is not None:
                context[name] = param.default
            elif param is not None or name in self.doc_values:
                context[name] = self._missing(name, where.key, where, param)
            else:
                self._error(ConfigError, f"未定义的变量「{name}」", where.pos, where.key,
                            did_you_mean(name, [*self.doc_values, *self.library.common]) or "请在 variables 中给出它的值")
                context[name] = Missing(name)
        self.used_names |= names
        if used is not None:
            used |= names
        try:
            return template.render(context)
        except _RENDER_FAILURES as e:
            self._error(RenderError, f"填写文字时出错：{e}", where.pos, where.key)
            return ""

    # -- final checks --------------------------------------------------------------
    def _check_unused_variables(self) -> None:
        if self.unresolved_blocks:
            return
        known = self.used_names | set(self.library.common)
        for name in self.doc_values:
            if name not in known:
                where = self._value_where(name)
                self._error(ConfigError, f"未知变量「{name}」：本文件用到的块都没有这个参数", where.pos, where.key,
                            did_you_mean(name, known) or "请检查变量名")

    def _raise(self) -> None:
        if self.missing and not self.draft:
            for entry in sorted(self.missing.values(), key=lambda m: (_sort_key(m.places[0][0]), m.name)):
                desc = f"（{entry.description}）" if entry.description else ""
                first_pos, first_place = entry.places[0]
                others = "；".join(f"第{pos.line}行 {place}" if pos else place for pos, place in entry.places[1:])
                self._error(RenderError, f"缺少「{entry.name}」{desc}的值，用于 {first_place}"
                            + (f"；另见{others}" if others else ""), first_pos, "")
        if self.errors:
            summary = f"{self.config.file}：发现{len(self.errors)}个问题，未生成文件。"
            if self.missing and not self.draft:
                summary += "缺少的值可在 variables 或 targets 中填写，或加 --draft 生成留空（**）的草稿。"
            raise_all(self.errors, summary)


def _sort_key(pos: Pos | None) -> tuple[int, int]:
    return (pos.line, pos.column) if pos else (0, 0)


def _value_pos(raw: Any, key: str) -> Pos | None:
    if isinstance(raw, YDict) and key in raw:
        return raw.value_pos[key]
    return getattr(raw, "pos", None)


def _entry(raw_list: Any, index: int) -> Any:
    return raw_list[index] if isinstance(raw_list, YList) and index < len(raw_list) else None


def _item_pos(raw_list: Any, index: int) -> Pos | None:
    if isinstance(raw_list, YList) and index < len(raw_list.item_pos):
        return raw_list.item_pos[index]
    return None


def _params_hint(block: Block) -> str:
    names = sorted(block.variables)
    return "该块的参数有：" + "、".join(names) if names else "该块没有参数"


def assemble(config: Config, library: Library, *, draft: bool = False) -> Document:
    """Fill every block the config names and return the document model."""
    return Assembler(config, library, draft=draft).run()
