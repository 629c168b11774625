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
from .config import Config, ConfigSpec, ItemRef, ParagraphRef, _Ref
from .errors import ConfigError, DrafterError, RenderError, did_you_mean, raise_all
from .model import Document, Item, Numbering, Paragraph, Section, Signature, Text
from .numbering import LabelStyle
from .templating import Missing, TemplateSyntaxError, compile_template, format_date, to_text
from .yamlio import YDict, YList

# Which block kinds may stand in each place of the config.
SLOT_KINDS = {
    "preamble": {Kind.PREAMBLE, Kind.PARAGRAPH},
    "heading": {Kind.HEADING},
    "lead": {Kind.LEAD, Kind.PARAGRAPH},
    "items": {Kind.ITEM},
    "closing": {Kind.CLOSING, Kind.PARAGRAPH},
}


@dataclass
class _Where:
    """A place in the config, for messages."""

    line: int | None
    key: str


@dataclass
class _Missing:
    name: str
    places: list[str] = field(default_factory=list)


class Assembler:
    def __init__(self, config: Config, library: Library, *, draft: bool = False) -> None:
        self.config = config
        self.spec: ConfigSpec = config.spec
        self.library = library
        self.draft = draft
        self.errors: list[DrafterError] = []
        self.missing: dict[str, _Missing] = {}
        self.used_names: set[str] = set()
        self.doc_values: dict[str, Any] = {}

    # -- entry point ---------------------------------------------------------------
    def run(self) -> Document:
        spec, raw = self.spec, self.config.raw
        self.doc_values = self._document_values()
        doc = Document(
            numbering=Numbering(items=LabelStyle(spec.numbering.items), restart=spec.numbering.restart),
            kind=spec.kind,
        )
        if spec.title is not None:
            doc.title = self._inline(spec.title, _Where(_line(raw, "title"), "title"))
        doc.preamble = self._paragraphs(spec.preamble, raw.get("preamble"), "preamble", {}, "preamble")
        for index, section in enumerate(spec.sections):
            raw_section = raw["sections"][index]
            key = f"sections[{index + 1}]"
            doc.sections.append(self._section(section, raw_section, key))
        doc.closing = self._paragraphs(spec.closing, raw.get("closing"), "closing", {}, "closing")
        if spec.signature is not None:
            raw_sig = raw["signature"]
            issuer = self._inline(spec.signature.issuer, _Where(_line(raw_sig, "issuer"), "signature.issuer"))
            date = spec.signature.date
            date_text = (
                Text.of(format_date(date))
                if not isinstance(date, str)
                else self._inline(date, _Where(_line(raw_sig, "date"), "signature.date"))
            )
            doc.signature = Signature(issuer=issuer, date=date_text)
        self._check_unused_variables()
        self._raise()
        return doc

    # -- values --------------------------------------------------------------------
    def _document_values(self) -> dict[str, Any]:
        spec, raw = self.spec, self.config.raw
        values: dict[str, Any] = dict(spec.variables)
        for name, value in spec.targets.items():
            if name in values:
                self.errors.append(
                    ConfigError(
                        f"「{name}」同时出现在 variables 和 targets 中",
                        file=self.config.file,
                        line=raw["targets"].key_pos[name].line,
                        key=f"targets.{name}",
                        hint="请只保留一处",
                    )
                )
            values[name] = value
        for name, value in values.items():
            param = self.library.common.get(name)
            if param is not None:
                self._check_type(param, value, self._value_line(name), f"variables.{name}")
        return values

    def _value_line(self, name: str) -> int | None:
        raw = self.config.raw
        for group in ("variables", "targets"):
            if isinstance(raw.get(group), YDict) and name in raw[group]:
                return raw[group].key_pos[name].line
        return None

    def _check_type(self, param: Param, value: Any, line: int | None, key: str) -> None:
        problem = check_value(param, value)
        if problem:
            err = ConfigError(problem, file=self.config.file, line=line, key=key)
            if all(str(e) != str(err) for e in self.errors):
                self.errors.append(err)

    def _resolve(self, block: Block, name: str, overrides: dict, section_values: dict, where: _Where) -> Any:
        param = block.param(name, self.library.common)
        for value, origin in ((overrides, "values"), (section_values, "section"), (self.doc_values, "config")):
            if name in value and value[name] is not None:
                if param is not None and origin != "config":
                    self._check_type(param, value[name], where.line, f"{where.key}.{name}")
                elif param is not None and origin == "config":
                    self._check_type(param, value[name], self._value_line(name), f"variables.{name}")
                return value[name]
        if param is not None and param.default is not None:
            return param.default
        return self._missing(name, f"{where.key}（块「{block.id}」）", where)

    def _missing(self, name: str, place: str, where: _Where) -> Missing:
        entry = self.missing.setdefault(name, _Missing(name))
        entry.places.append(f"第{where.line}行 {place}" if where.line else place)
        return Missing(name)

    # -- structure -----------------------------------------------------------------
    def _section(self, section, raw_section: YDict, key: str) -> Section:
        section_values = dict(section.variables)
        used_here: set[str] = set()
        heading_line = raw_section.value_pos["heading"].line
        _, heading = self._ref_text(
            section.heading, raw_section.get("heading"), "heading", section_values, f"{key}.heading", used_here, line=heading_line
        )
        lead = self._paragraphs(section.lead, raw_section.get("lead"), "lead", section_values, f"{key}.lead", used_here)
        items = self._items(section.items, raw_section.get("items"), section_values, f"{key}.items", used_here)
        for name in section_values:
            if name not in used_here:
                self.errors.append(
                    ConfigError(
                        f"本部分没有块用到变量「{name}」",
                        file=self.config.file,
                        line=raw_section["variables"].key_pos[name].line,
                        key=f"{key}.variables",
                        hint=did_you_mean(name, used_here) or "请检查变量名，或把它移到使用它的块的 values 下",
                    )
                )
        return Section(heading=heading, lead=lead, items=items, label=section.label, source=section.heading.block)

    def _paragraphs(self, refs: list[ParagraphRef], raw_list: Any, slot: str, section_values: dict, key: str, used: set | None = None) -> list[Paragraph]:
        out = []
        for index, ref in enumerate(refs):
            raw_ref = raw_list[index] if isinstance(raw_list, YList) else None
            _, body = self._ref_text(ref, raw_ref, slot, section_values, f"{key}[{index + 1}]", used, raw_list, index)
            out.append(Paragraph(body, source=ref.block))
        return out

    def _items(self, refs: list[ItemRef], raw_list: Any, section_values: dict, key: str, used: set) -> list[Item]:
        out = []
        for index, ref in enumerate(refs):
            raw_ref = raw_list[index] if isinstance(raw_list, YList) else None
            ref_key = f"{key}[{index + 1}]"
            title, body = self._ref_text(ref, raw_ref, "items", section_values, ref_key, used, raw_list, index)
            if ref.text is not None and ref.title is not None:
                title = self._inline(ref.title, _Where(_line(raw_ref, "title"), f"{ref_key}.title"))
            children = self._items(
                ref.items, raw_ref.get("items") if isinstance(raw_ref, YDict) else None, section_values, f"{ref_key}.items", used
            )
            out.append(Item(body=body, title=title, children=children, label=ref.label, source=ref.block))
        return out

    def _ref_text(
        self,
        ref: _Ref,
        raw_ref: Any,
        slot: str,
        section_values: dict,
        key: str,
        used: set | None,
        raw_list: Any = None,
        index: int = 0,
        line: int | None = None,
    ) -> tuple[Text, Text]:
        """Render one reference: (title sentence, body)."""
        line = _ref_line(raw_ref, raw_list, index) or line
        where = _Where(line, key)
        if ref.text is not None:
            return Text(), self._inline(ref.text, _Where(_line(raw_ref, "text") or line, f"{key}.text"), used)
        block = self.library.get(ref.block or "")
        if block is None:
            self.errors.append(
                ConfigError(
                    f"块库中没有编号为「{ref.block}」的块",
                    file=self.config.file,
                    line=line,
                    key=key,
                    hint=self.library.suggest(ref.block or "") or "可用 drafter blocks list 查看所有块",
                )
            )
            return Text(), Text()
        if block.kind not in SLOT_KINDS[slot]:
            allowed = "、".join(k.zh for k in sorted(SLOT_KINDS[slot], key=lambda k: k.value))
            self.errors.append(
                ConfigError(
                    f"块「{block.id}」是{block.kind.zh}，不能放在 {slot} 中（此处可用：{allowed}）",
                    file=self.config.file,
                    line=line,
                    key=key,
                )
            )
        for name in ref.values:
            if name not in block.variables:
                vline = raw_ref["values"].key_pos[name].line if isinstance(raw_ref, YDict) else line
                self.errors.append(
                    ConfigError(
                        f"块「{block.id}」没有参数「{name}」",
                        file=self.config.file,
                        line=vline,
                        key=f"{key}.values",
                        hint=did_you_mean(name, block.variables) or _params_hint(block),
                    )
                )
        context = {name: self._resolve(block, name, ref.values, section_values, where) for name in block.variables}
        self.used_names |= block.variables
        if used is not None:
            used |= block.variables
        title = self._render(block.title_template, context, block, "title") if block.title_template else Text()
        body = self._render(block.body_template, context, block, "body")
        return title, body

    # -- rendering -----------------------------------------------------------------
    def _render(self, template: Template | None, context: dict, block: Block, key: str) -> Text:
        if template is None:
            return Text()
        try:
            return to_text(template.render(context))
        except (TemplateError, TypeError, ValueError, ArithmeticError) as e:
            self.errors.append(
                RenderError(f"填写块时出错：{e}", file=block.file, line=block.line, key=f"{block.id} {key}")
            )
            return Text()

    def _inline(self, source: str, where: _Where, used: set | None = None) -> Text:
        """One-off text from the config itself: filled from the config's own values only."""
        try:
            template, names = compile_template(source)
        except TemplateSyntaxError as e:
            self.errors.append(
                ConfigError(f"模板语法错误：{e.message}", file=self.config.file, line=where.line, key=where.key)
            )
            return Text()
        context = {}
        for name in sorted(names):
            if name in self.doc_values and self.doc_values[name] is not None:
                context[name] = self.doc_values[name]
            elif name in self.library.common or name in self.doc_values:
                param = self.library.common.get(name)
                context[name] = param.default if param and param.default is not None else self._missing(name, where.key, where)
            else:
                self.errors.append(
                    ConfigError(
                        f"未定义的变量「{name}」",
                        file=self.config.file,
                        line=where.line,
                        key=where.key,
                        hint=did_you_mean(name, [*self.doc_values, *self.library.common]) or "请在 variables 中给出它的值",
                    )
                )
                context[name] = Missing(name)
        self.used_names |= names
        if used is not None:
            used |= names
        try:
            return to_text(template.render(context))
        except (TemplateError, TypeError, ValueError, ArithmeticError) as e:
            self.errors.append(RenderError(f"填写文字时出错：{e}", file=self.config.file, line=where.line, key=where.key))
            return Text()

    # -- final checks --------------------------------------------------------------
    def _check_unused_variables(self) -> None:
        known = self.used_names | set(self.library.common)
        for name in self.doc_values:
            if name not in known:
                self.errors.append(
                    ConfigError(
                        f"未知变量「{name}」：本文件用到的块都没有这个参数",
                        file=self.config.file,
                        line=self._value_line(name),
                        key="variables" if name in self.spec.variables else "targets",
                        hint=did_you_mean(name, known) or "请检查变量名",
                    )
                )

    def _raise(self) -> None:
        errors = list(self.errors)
        if self.missing and not self.draft:
            for entry in self.missing.values():
                param = self.library.common.get(entry.name)
                desc = f"（{param.description}）" if param else ""
                errors.append(
                    RenderError(
                        f"缺少变量「{entry.name}」{desc}的值，用于：" + "；".join(entry.places),
                        file=self.config.file,
                    )
                )
        if errors:
            count = len(errors)
            summary = f"{self.config.file}：发现{count}个问题，未生成文件。"
            if self.missing and not self.draft:
                summary += "缺少的值可在 variables 或 targets 中填写，或加 --draft 生成留空（**）的草稿。"
            raise_all(errors, summary)


def _line(raw: Any, key: str) -> int | None:
    if isinstance(raw, YDict) and key in raw:
        return raw.value_pos[key].line
    return getattr(raw, "pos", None).line if getattr(raw, "pos", None) else None


def _ref_line(raw_ref: Any, raw_list: Any, index: int) -> int | None:
    if isinstance(raw_list, YList) and index < len(raw_list.item_pos):
        return raw_list.item_pos[index].line
    pos = getattr(raw_ref, "pos", None)
    return pos.line if pos else None


def _params_hint(block: Block) -> str:
    names = sorted(block.variables)
    return "该块的参数有：" + "、".join(names) if names else "该块没有参数"


def assemble(config: Config, library: Library, *, draft: bool = False) -> Document:
    """Fill every block the config names and return the document model."""
    return Assembler(config, library, draft=draft).run()
