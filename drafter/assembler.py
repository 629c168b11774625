"""Config + block library → Document model.

A value is looked up in this order: the block reference's ``values`` → the section's
``variables`` → the config's ``variables``/``targets`` → the block's default → the
library-wide default. Problems are collected over the whole config and raised
together. In draft mode a value nobody gave becomes a visible blank; otherwise the
build stops and lists every missing value with the places that need it.

Every paragraph made here gets its :class:`~drafter.model.Origin` (config line of the
entry, and the block's id, file and line) and its values as
:class:`~drafter.model.Value` spans; positions come from the validated config objects
themselves (:class:`drafter.config.Located`), so the assembler walks one tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .blocks import COMMON_PARAMS_FILE, TASK_PARAMS, Block, Library, Param, check_value, value_problem
from .config import (CLOSING, COVER, HEADING, ITEMS, LEAD, POINTS, PREAMBLE, ClosingRef, Config, ConfigSpec,
                     ItemRef, ParagraphRef, PointRef, SectionSpec, Slot, _Ref)
from .errors import ConfigError, DrafterError, RenderError, did_you_mean, raise_all
from .limits import MAX_PROBLEMS
from . import official
from .model import (Attachment, AttachmentKind, Blank, Document, Header, Imprint, Item, Notice, Numbering, Origin,
                    Paragraph, Passage, Section, Signature, Task, Text, Value)
from .numbering import LabelStyle
from .filling import (RESERVED_NAMES, Missing, compile_template, format_date, format_value, invalid_char,
                      render_inline, render_paragraphs, template_failure)
from .yamlio import Pos

# An item's task (config ``task:`` field → the block parameter that may give it instead).
_TASK_FIELDS = dict(zip(("lead", "units", "due"), TASK_PARAMS))



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


@dataclass
class _Rendered:
    """One reference rendered: its title sentence, its paragraphs and where it came from."""

    title: Text
    paragraphs: list[Text]
    origin: Origin
    context: dict = field(default_factory=dict)  # the values the block was filled with


class Assembler:
    def __init__(self, config: Config, library: Library, *, draft: bool = False) -> None:
        self.config = config
        self.spec: ConfigSpec = config.spec
        self.library = library
        self.draft = draft
        self.errors: list[DrafterError] = []
        self._seen_errors: set[str] = set()
        self.unlisted = 0  # problems past MAX_PROBLEMS, counted only
        self.missing: dict[str, _Missing] = {}
        self.used_names: set[str] = set()
        self.unresolved_blocks = False  # an unknown block id hides which variables are in use
        self.doc_values: dict[str, Any] = {}
        self._given: dict[str, Origin] = {}  # where the values of the block being filled were given

    # -- entry point ---------------------------------------------------------------
    def run(self) -> Document:
        spec = self.spec
        self.doc_values = self._document_values()
        year = self.doc_values.get("年度")
        doc = Document(
            numbering=Numbering(items=LabelStyle(spec.numbering.items), restart=spec.numbering.restart),
            kind=spec.kind,
            year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        )
        doc.cover = self._paragraphs(spec.cover, COVER, {}, "cover", set())
        if spec.title is not None:
            where = _Where(spec.value_pos("title"), "title")
            doc.title = self._inline(spec.title, where)
            doc.title_origin = self._origin(where.pos)
        doc.preamble = self._paragraphs(spec.preamble, PREAMBLE, {}, "preamble", set())
        for index, section in enumerate(spec.sections, start=1):
            doc.sections.append(self._section(section, f"sections[{index}]"))
        doc.closing = self._closing(spec.closing)
        if spec.signature is not None:
            doc.signature = self._signature(spec.signature)
        self._official(doc)
        self._check_unused_variables()
        self._raise()
        return doc

    def _error(self, cls: type[DrafterError], message: str, pos: Pos | None, key: str,
               hint: str | Callable[[], str | None] | None = None) -> None:
        """Record a problem. *hint* may be a function, called only for problems that are listed:
        past MAX_PROBLEMS the rest are only counted (a config with thousands of unknown ids must
        not spend seconds on 您是不是想用 hints nobody reads)."""
        if len(self.errors) >= MAX_PROBLEMS:
            self.unlisted += 1
            return
        err = cls(message, file=self.config.file, line=pos.line if pos else None,
                  column=pos.column if pos else None, key=key, hint=hint() if callable(hint) else hint)
        if str(err) not in self._seen_errors:
            self._seen_errors.add(str(err))
            self.errors.append(err)

    def _origin(self, pos: Pos | None, block: Block | None = None) -> Origin:
        if block is None:
            return Origin(file=self.config.file, line=pos.line if pos else None)
        return Origin(file=self.config.file, line=pos.line if pos else None, block=block.id,
                      block_file=block.file, block_line=block.line)

    # -- values --------------------------------------------------------------------
    def _document_values(self) -> dict[str, Any]:
        spec = self.spec
        values: dict[str, Any] = dict(spec.variables)
        for name, value in spec.targets.items():
            if name in values:
                self._error(ConfigError, f"「{name}」同时出现在 variables 和 targets 中",
                            spec.key_pos("targets", name), f"targets.{name}", "请只保留一处")
            values[name] = value
        for name, value in values.items():
            param = self.library.common.get(name)
            if param is not None:
                self._check_type(param, value, self._value_where(name))
            else:
                problem = value_problem(name, value)
                if problem:
                    where = self._value_where(name)
                    self._error(ConfigError, problem, where.pos, where.key)
        return values

    def _value_where(self, name: str) -> _Where:
        """Where the config's own variables/targets give *name*."""
        for group in ("targets", "variables"):
            if name in getattr(self.spec, group):
                return _Where(self.spec.key_pos(group, name), group)
        return _Where(None, "variables")

    def _check_type(self, param: Param, value: Any, where: _Where) -> bool:
        """Record why *value* does not fit *param*, if it does not; True if it fits."""
        problem = check_value(param, value)
        if problem:
            self._error(ConfigError, problem, where.pos, where.key)
        return problem is None

    def _resolve(self, block: Block, name: str, ref: _Ref, section_values: dict, where: _Where,
                 section: SectionSpec | None) -> Any:
        """The value of *name* for one use of *block* (type-checked where it was given)."""
        param = block.param(name, self.library.common)
        places = (
            (ref.values, lambda: _Where(ref.key_pos("values", name), f"{where.key}.values")),
            (section_values, lambda: _Where(section.key_pos("variables", name) if section else None, "variables")),
            (self.doc_values, lambda: self._value_where(name)),
        )
        for values, given_at in places:
            if values.get(name) is not None:
                place = given_at()
                if param is not None and not self._check_type(param, values[name], place):
                    return Missing(name)  # reported where it is given; rendered as a stand-in
                self._given[name] = self._origin(place.pos)
                return values[name]
        if param is not None and param.default is not None:
            # a default is written in the block's file, or in _params.yaml for a library-wide one
            self._given[name] = (Origin(file=f"blocks/{COMMON_PARAMS_FILE}") if param.common else
                                 Origin(file=block.file, line=block.line, block=block.id))
            return param.default
        return self._missing(name, f"{where.key}（块「{block.id}」）", where, param)

    def _missing(self, name: str, place: str, where: _Where, param: Param | None = None) -> Missing:
        entry = self.missing.setdefault(name, _Missing(name, param.description if param else ""))
        entry.places.append((where.pos, place))
        return Missing(name)

    # -- structure -----------------------------------------------------------------
    def _section(self, section: SectionSpec, key: str) -> Section:
        section_values = dict(section.variables)
        used: set[str] = set()
        heading_where = _Where(section.value_pos("heading"), f"{key}.heading")
        rendered = self._ref_text(section.heading, HEADING, section_values, heading_where, used, section)
        if len(rendered.paragraphs) > 1:
            self._error(ConfigError, "一级标题只能有一段", heading_where.pos, heading_where.key, "请去掉标题中的空行")
        heading = rendered.paragraphs[0] if rendered.paragraphs else Text()
        lead = self._paragraphs(section.lead, LEAD, section_values, f"{key}.lead", used, section)
        items = self._items(section.items, ITEMS, section_values, f"{key}.items", used, section)
        for name in section_values:
            if name not in used:
                self._error(ConfigError, f"本部分没有块用到变量「{name}」", section.key_pos("variables", name),
                            f"{key}.variables",
                            lambda: did_you_mean(name, used) or "请检查变量名，或把它移到使用它的块的 values 下")
        return Section(heading=heading, lead=lead, items=items, label=section.label, origin=rendered.origin)

    def _paragraphs(self, refs: list[ParagraphRef], slot: Slot, section_values: dict, key: str, used: set,
                    section: SectionSpec | None = None) -> list[Paragraph]:
        out = []
        for index, ref in enumerate(refs, start=1):
            where = _Where(ref.pos, f"{key}[{index}]")
            rendered = self._ref_text(ref, slot, section_values, where, used, section)
            out.extend(Paragraph(text, rendered.origin) for text in rendered.paragraphs)
        return out

    def _closing(self, refs: list[ClosingRef]) -> list[Passage]:
        out = []
        for index, ref in enumerate(refs, start=1):
            key = f"closing[{index}]"
            if not ref.is_passage:
                rendered = self._ref_text(ref, CLOSING, {}, _Where(ref.pos, key), set(), None)
                out.append(Passage(lead=[Paragraph(text, rendered.origin) for text in rendered.paragraphs]))
                continue
            lead = self._paragraphs(ref.lead, CLOSING, {}, f"{key}.lead", set())
            points = self._items(ref.points, POINTS, {}, f"{key}.points", set(), None)
            out.append(Passage(lead=lead, points=points))
        return out

    def _items(self, refs: list[ItemRef] | list[PointRef], slot: Slot, section_values: dict, key: str, used: set,
               section: SectionSpec | None) -> list[Item]:
        out = []
        for index, ref in enumerate(refs, start=1):
            where = _Where(ref.pos, f"{key}[{index}]")
            rendered = self._ref_text(ref, slot, section_values, where, used, section)
            paragraphs = rendered.paragraphs
            body, more = (paragraphs[0], paragraphs[1:]) if paragraphs else (Text(), [])
            title = rendered.title
            if ref.text is not None and ref.title is not None:
                title = self._inline(ref.title, _Where(ref.value_pos("title"), f"{where.key}.title"), used)
            children = self._items(getattr(ref, "items", []), ITEMS, section_values, f"{where.key}.items", used,
                                   section)
            out.append(Item(body=body, title=title, children=children, label=ref.label, origin=rendered.origin,
                            more=[Paragraph(text, rendered.origin) for text in more],
                            task=self._task(getattr(ref, "task", None), rendered.context, f"{where.key}.task")))
        return out

    def _ref_text(self, ref: _Ref, slot: Slot, section_values: dict, where: _Where, used: set,
                  section: SectionSpec | None) -> _Rendered:
        """Render one reference: its title sentence and body paragraphs, with their origin."""
        if ref.text is not None:
            text_where = _Where(ref.value_pos("text"), f"{where.key}.text")
            origin = self._origin(where.pos)
            if ref.based_on:
                origin = Origin(origin.file, origin.line, based_on=ref.based_on)
            return _Rendered(Text(), self._inline_paragraphs(ref.text, text_where, used), origin)
        block = self.library.get(ref.block or "")
        if block is None:
            self._error(ConfigError, f"块库中没有编号为「{ref.block}」的块", where.pos, where.key,
                        lambda: self.library.suggest(ref.block or "") or "可用 drafter blocks list 查看所有块")
            self.unresolved_blocks = True
            return _Rendered(Text(), [], self._origin(where.pos))
        if block.kind not in slot.kinds:
            self._error(ConfigError, f"块「{block.id}」是{block.kind.zh}，不能放在 {slot.name} 中（此处可用：{slot.allowed}）",
                        where.pos, where.key)
        # the text's variables, and the task an item block declares without printing it (unless the
        # config entry's task: gives that part)
        task = getattr(ref, "task", None)
        names = block.variables | {param for field_name, param in _TASK_FIELDS.items()
                                   if param in block.params and getattr(task, field_name, None) is None}
        for name in ref.values:
            if name not in names:
                self._error(ConfigError, f"块「{block.id}」没有参数「{name}」", ref.key_pos("values", name),
                            f"{where.key}.values", lambda: did_you_mean(name, names) or _params_hint(block))
        self._given = {}
        context = {name: self._resolve(block, name, ref, section_values, where, section) for name in sorted(names)}
        self.used_names |= names
        used |= names
        origin = self._origin(where.pos, block)
        title = _with_value_origins(self._render(block, "title", context, inline=True), self._given)
        body = [_with_value_origins(p, self._given) for p in self._render(block, "body", context, inline=False)]
        return _Rendered(title, body, origin, context)

    def _task(self, spec, context: dict, key: str) -> Task | None:
        """An item's task: from its config entry's ``task``, else from the block's 牵头单位/责任单位/完成时限.
        Written as the document writes values: variables filled, dates as 2023年12月31日."""
        fields = {}
        for name, param in _TASK_FIELDS.items():
            given = getattr(spec, name, None) if spec is not None else None
            if isinstance(given, str):
                value = str(self._inline(given, _Where(spec.value_pos(name), f"{key}.{name}")))
            elif given is not None:
                value = str(format_value(given))
            elif isinstance(context.get(param), Missing):
                value = Blank.TEXT  # draft: a value nobody gave, shown as in the text
            elif context.get(param) is not None:
                value = str(format_value(context[param]))
            else:
                continue
            if value.strip():
                fields[name] = value.strip()
        task = Task(**fields)
        return task if task else None

    # -- rendering -----------------------------------------------------------------
    def _render(self, block: Block, key: str, context: dict, *, inline: bool) -> Any:
        """The rendered text of *block*'s title or body (empty on failure, with the error recorded).

        The block's template is untrusted: compiling it and every limit or failure while
        filling it end here as one located Chinese message, never a traceback."""
        empty: Any = Text() if inline else []
        source = block.title_source if key == "title" else block.body_source
        try:
            template = block.title_template if key == "title" else block.body_template
            if template is None:
                return empty
            return render_inline(template, context) if inline else render_paragraphs(template, context)
        except Exception as e:  # noqa: BLE001 - a template's failures (filling.template_failure) are reported
            if not template_failure(e):
                raise
            place = "标题句" if key == "title" else "正文"
            at = f"（{place}第{e.lineno}行）" if _lineno(e) and (source or "").count("\n") > 0 else ""
            self.errors.append(RenderError(f"填写块时出错{at}：{_message(e)}", file=block.file, line=block.line,
                                           key=f"{block.id} {key}"))
            return empty

    def _inline(self, source: str, where: _Where, used: set | None = None) -> Text:
        """One-off single-paragraph text from the config (title, 署名, 标题句)."""
        return self._inline_render(source, where, used, inline=True)

    def _inline_paragraphs(self, source: str, where: _Where, used: set | None = None) -> list[Text]:
        return self._inline_render(source, where, used, inline=False)

    def _inline_render(self, source: str, where: _Where, used: set | None, *, inline: bool) -> Any:
        """Render one-off text from the config itself, filled from the config's own values only."""
        empty: Any = Text() if inline else []
        bad = invalid_char(source)
        if bad is not None:
            self._error(ConfigError, f"文字中含有不能写入 Word 文件的控制字符（{bad[1]}）", where.pos, where.key,
                        "请删除它")
            return empty
        try:
            template, names = compile_template(source)
        except Exception as e:  # noqa: BLE001 - a syntax error (filling.template_failure) is reported
            if not template_failure(e):
                raise
            self._error(ConfigError, _message(e), where.pos, where.key)
            return empty
        reserved = sorted(names & RESERVED_NAMES)
        if reserved:
            self._error(ConfigError, "、".join(f"「{n}」" for n in reserved) + "是模板引擎的保留名，文字中不能使用",
                        where.pos, where.key, "文字中只能用 variables、targets 中的变量")
            return empty
        context: dict[str, Any] = {}
        for name in sorted(names):
            param = self.library.common.get(name)
            if self.doc_values.get(name) is not None:
                value = self.doc_values[name]
                # an unusable value is reported where the config gives it
                context[name] = Missing(name) if value_problem(name, value) else value
            elif param is not None and param.default is not None:
                context[name] = param.default
            elif param is not None or name in self.doc_values:
                context[name] = self._missing(name, where.key, where, param)
            else:
                self._error(ConfigError, f"未定义的变量「{name}」", where.pos, where.key,
                            lambda: did_you_mean(name, [*self.doc_values, *self.library.common]) or "请在 variables 中给出它的值")
                context[name] = Missing(name)
        self.used_names |= names
        if used is not None:
            used |= names
        given = {name: self._origin(self._value_where(name).pos) for name in names if name in self.doc_values}
        try:
            if inline:
                return _with_value_origins(render_inline(template, context), given)
            return [_with_value_origins(p, given) for p in render_paragraphs(template, context)]
        except Exception as e:  # noqa: BLE001 - as in _render
            if not template_failure(e):
                raise
            at = f"（第{e.lineno}行）" if _lineno(e) and source.count("\n") > 0 else ""
            self._error(RenderError, f"填写文字时出错{at}：{_message(e)}", where.pos, where.key)
            return empty

    def _signature(self, sig) -> Signature:
        issuer_where = _Where(sig.value_pos("issuer"), "signature.issuer")
        date_where = _Where(sig.value_pos("date"), "signature.date")
        issuer = self._inline(sig.issuer, issuer_where)
        date = sig.date
        date_text = self._inline(date, date_where) if isinstance(date, str) else Text.of(format_date(date))
        return Signature(issuer=issuer, date=date_text, issuer_origin=self._origin(issuer_where.pos),
                         date_origin=self._origin(date_where.pos))

    # -- the official document around the text ------------------------------------------
    def _official(self, doc: Document) -> None:
        """版头, 主送, the 印发通知 wrapper, attachments and 版记, each only where the config asks."""
        spec = self.spec
        if spec.header is not None:
            doc.header = self._header(spec.header)
        if spec.recipients is not None:
            text = official.recipients_text(self._inline(spec.recipients, self._where(spec, "recipients")))
            doc.recipients = Paragraph(text, self._origin(spec.value_pos("recipients")))
        if spec.wrapper == "notice":
            self._notice(doc)
        elif spec.notice is not None:
            self._error(ConfigError, "写了 notice（印发通知的设置），但没有 wrapper: notice，印发通知不会生成",
                        spec.notice.pos, "notice", "要把本文件作为附件印发，请加 wrapper: notice；否则删去 notice")
        if spec.tasks is not None and spec.tasks.appendix:
            where = self._where(spec.tasks, "title", "tasks.title")
            if spec.tasks.title is not None:
                title = self._inline(spec.tasks.title, where)
            else:
                title = official.fill(official.TASKS_TITLE, title=doc.title)
            paragraph = Paragraph(title, self._origin(where.pos))
            doc.attachments.append(Attachment(name=paragraph, kind=AttachmentKind.TASKS, title=paragraph))
        if spec.imprint is not None:
            doc.imprint = self._imprint(spec.imprint)

    def _where(self, entry, field_name: str, key: str | None = None) -> _Where:
        return _Where(entry.value_pos(field_name), key or field_name)

    def _header(self, header) -> Header:
        def one(name: str) -> Paragraph | None:
            value = getattr(header, name)
            if value is None:
                return None
            where = self._where(header, name, f"header.{name}")
            return Paragraph(self._inline(value, where), self._origin(where.pos))

        number = one("number")
        if number is not None and not number.text.blanks:
            problem = official.doc_number_problem(str(number.text))
            if problem is not None:
                message, fixed = problem
                self._error(ConfigError, message, header.value_pos("number"), "header.number",
                            f"写成“{fixed}”" if fixed else None)
        signers = None
        if header.signers:
            where = self._where(header, "signers", "header.signers")
            names = [self._inline(name, _Where(where.pos, f"header.signers[{i}]"))
                     for i, name in enumerate(header.signers, start=1)]
            signers = Paragraph(official.signers_text(names), self._origin(where.pos))
        return Header(organ=one("organ"), number=number, signers=signers, copy_number=one("copy_number"),
                      secrecy=one("secrecy"), urgency=one("urgency"), template=self._template(header))

    def _template(self, header) -> Path | None:
        """The office's 红头 template, relative to the workspace: it must exist and be a .docx."""
        if header.template is None:
            return None
        path = Path(self.library.root) / header.template
        pos = header.value_pos("template")
        if path.suffix.lower() != ".docx":
            self._error(ConfigError, f"红头模板须是 Word 文档（.docx）：{header.template}", pos, "header.template",
                        "在 Word 中另存为“Word 文档(*.docx)”后再填写")
        elif not path.is_file():
            self._error(ConfigError, f"找不到红头模板 {header.template}（相对工作区 {self.library.root}）", pos,
                        "header.template", "请检查文件名，如 templates/红头模板.docx")
        else:
            return path
        return None

    def _notice(self, doc: Document) -> None:
        """Issue the document as 附件1 of a 印发通知: its title, default body, the attachment."""
        spec = self.spec
        where = self._where(spec, "wrapper")
        if not doc.title:
            self._error(ConfigError, "wrapper: notice 需要文件标题：印发通知要写明印发的是《…》", where.pos, "title",
                        "请在文件顶部写 title")
            return
        notice = spec.notice
        if notice is not None and notice.title is not None:
            title_where = self._where(notice, "title", "notice.title")
            title = self._inline(notice.title, title_where)
        else:
            title_where = where
            title = official.usual_notice_title(doc)
        doc.notice = Notice(title=Paragraph(title, self._origin(title_where.pos)))
        if not doc.cover:
            doc.cover = [Paragraph(official.fill(official.NOTICE_SENTENCE, title=doc.title), self._origin(where.pos))]
        doc.attachments.insert(0, Attachment(name=Paragraph(doc.title, doc.title_origin), kind=AttachmentKind.DOCUMENT))

    def _imprint(self, imprint) -> Imprint:
        printer_where = self._where(imprint, "printer", "imprint.printer")
        date_where = self._where(imprint, "date", "imprint.date")
        date = imprint.date
        date_text = self._inline(date, date_where) if isinstance(date, str) else Text.of(format_date(date))
        cc = None
        if imprint.cc:
            cc_where = self._where(imprint, "cc", "imprint.cc")
            names = [self._inline(name, _Where(cc_where.pos, f"imprint.cc[{i}]"))
                     for i, name in enumerate(imprint.cc, start=1)]
            cc = Paragraph(official.cc_text(names), self._origin(cc_where.pos))
        return Imprint(printer=Paragraph(self._inline(imprint.printer, printer_where), self._origin(printer_where.pos)),
                       date=Paragraph(official.printed_text(date_text), self._origin(date_where.pos)), cc=cc)

    # -- final checks --------------------------------------------------------------
    def _check_unused_variables(self) -> None:
        if self.unresolved_blocks:
            return
        known = self.used_names | set(self.library.common)
        for name in self.doc_values:
            if name not in known:
                where = self._value_where(name)
                self._error(ConfigError, f"未知变量「{name}」：本文件用到的块都没有这个参数", where.pos, where.key,
                            lambda: did_you_mean(name, known) or "请检查变量名")

    def _raise(self) -> None:
        if self.missing and not self.draft:
            for entry in sorted(self.missing.values(), key=lambda m: (_sort_key(m.places[0][0]), m.name)):
                desc = f"（{entry.description}）" if entry.description else ""
                first_pos, first_place = entry.places[0]
                others = "；".join(f"第{pos.line}行 {place}" if pos else place for pos, place in entry.places[1:])
                self._error(RenderError, f"缺少「{entry.name}」{desc}的值，用于 {first_place}"
                            + (f"；另见{others}" if others else ""), first_pos, "")
        if self.errors:
            total = len(self.errors) + self.unlisted
            summary = f"{self.config.file}：发现{total}个问题，未生成文件。"
            if self.unlisted:
                summary += f"下面列出前{len(self.errors)}个，其余{self.unlisted}个请改正后再看。"
            if self.missing and not self.draft:
                summary += "缺少的值可在 variables 或 targets 中填写，或加 --draft 生成留空（**）的草稿。"
            raise_all(self.errors, summary)


def _message(error: Exception) -> str:
    """The Chinese reason a template failed (templating's messages are Chinese already)."""
    from .templating import TemplateRefused, TemplateSyntaxError, problem_message

    if isinstance(error, TemplateSyntaxError) and not isinstance(error, TemplateRefused):
        return f"模板语法错误：{error.message}"
    return problem_message(error)


def _lineno(error: Exception) -> int | None:
    from .templating import TemplateProblem, TemplateSyntaxError

    return error.lineno if isinstance(error, (TemplateProblem, TemplateSyntaxError)) else None


def _with_value_origins(text: Text, given: dict[str, Origin]) -> Text:
    """*text* with each value span told where its value was given (config line, or the default's file)."""
    if not given or not text.values:
        return text
    return Text(tuple(Value(p.text, p.param, given.get(p.param)) if isinstance(p, Value) else p for p in text.parts))


def _sort_key(pos: Pos | None) -> tuple[int, int]:
    return (pos.line, pos.column) if pos else (0, 0)


def _params_hint(block: Block) -> str:
    names = sorted(block.variables)
    return "该块的参数有：" + "、".join(names) if names else "该块没有参数"


def assemble(config: Config, library: Library, *, draft: bool = False) -> Document:
    """Fill every block the config names and return the document model."""
    return Assembler(config, library, draft=draft).run()
