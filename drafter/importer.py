"""`drafter import`: last year's document → a config (and new blocks) that rebuild it.

The reader turns the file into the document model; here every paragraph is first
looked up in the block library (:mod:`drafter.matching`): a paragraph that is a
library block filled with other values (another county, year, number) becomes a
reference to that block with those values. Only what the library does not have
becomes a new block, in ``blocks/imported/<name>/``. Draft blanks (``**``, ``XX`` …)
become named parameters left empty. Before anything is written the new files are
loaded and built in memory and compared with what was read; existing files are never
replaced (``force`` moves them aside as backups first).

An official document's parts (:mod:`drafter.readers.furniture`) go into the config's own fields:
版头 → ``header``, 主送 → ``recipients``, the 印发通知 → ``wrapper: notice`` (its title in
``notice.title`` and its body in ``cover`` only where they are not drafter's usual wording), the
任务分解表 → ``tasks: appendix`` and each item's ``task``, 版记 → ``imprint`` (抄送 names split at
"，", the 印发日期 as a date). When that config would not rebuild the input, the document's plain
reading is imported instead, and the report says why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import official, yamlio
from .assembler import assemble
from .block_schema import BlockFile, BlockSpec, ParamSpec
from .blocks import TASK_PARAMS, Kind, Library, add_block_file, load_library
from .config import (CLOSING, COVER, DOCUMENT_KINDS, HEADING, ITEMS, LEAD, POINTS, PREAMBLE, ClosingRef, ConfigSpec,
                     HeaderSpec, HeadingRef, ImprintSpec, ItemRef, NoticeSpec, NumberingSpec, ParagraphRef, PointRef,
                     SectionSpec, SignatureSpec, Slot, TaskSpec, TasksSpec, config_from_data, to_data)
from .errors import DrafterError
from .findings import Finding, Severity
from .fsutil import recover, write_all
from .flow import flow
from .matching import BLANK_MARK, Matcher, NearMatch, NearMatcher, text_for_matching
from .model import AttachmentKind, Blank, Document, Item, Node, Role, Task, Text, walk
from .templating import format_date
from .numbering import ITEM_STYLES
from .writers.txt import text_lines
from .yamlio import load_yaml

_KIND_HINTS = (("党风廉政", "党风廉政建设工作要点"), ("报告", "工作报告"), ("党建", "党建工作要点"), ("工作要点", "工作要点"))
_ID_UNSAFE = re.compile(r'[\s/\\:*?"<>|{}%#]+')
_ID_NOISE = re.compile(r"[^\w\u3400-\u9fff]+")  # ids keep words only: no 《》“”、。


@dataclass
class NewBlock:
    id: str
    kind: Kind
    body: str  # Jinja source
    title: str | None = None
    params: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → (type, description)


EXACT, NEAR, NEW, TEXT = "exact", "near", "new", "text"


@dataclass
class Ref:
    """One entry of the config being written: a library block with values (``exact``), one-off text
    rewritten from a block (``near``: ``text``/``title`` and ``based_on``, as ``drafter absorb``
    writes a leader's edit), or a block made for it (``new``)."""

    block_id: str
    values: dict[str, Any] = field(default_factory=dict)
    label: str | None = None
    items: list["Ref"] = field(default_factory=list)
    match: str = NEW
    similarity: float | None = None
    text: str | None = None  # near: the entry's text (Jinja source; paragraphs separated by a blank line)
    title: str | None = None  # near: an item's title sentence
    task: dict[str, str] | None = None  # an item's 牵头单位/责任单位/完成时限 (lead, units, due), as config sources

    @property
    def reused(self) -> bool:
        return self.match == EXACT


@dataclass
class ParagraphReport:
    """What import did with one paragraph (an item with its further paragraphs counts as one).

    ``match`` is ``exact`` (a library block, only values differ), ``near`` (a library block with a
    few words edited: written as text ``based_on`` it, ``similarity`` below 1), ``new`` (a block
    made for it in blocks/imported/) or ``text`` (the title, 署名 and date: config text)."""

    path: str
    role: str
    label: str
    match: str
    block: str | None
    text: str
    similarity: float | None = None
    values: dict[str, Any] = field(default_factory=dict)
    paragraphs: int = 1
    key: str = ""  # text: the config key it is written in (title, signature, header.organ …)


@dataclass
class Dropped:
    """Text that did not go into the config: website junk cut (``why``), or a part not recognised."""

    text: str
    why: str
    rule: str
    file: str | None = None
    line: int | None = None
    paragraph: int | None = None


@dataclass
class ImportReport:
    source: str
    config_path: Path
    blocks_path: Path | None
    reused: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # exact: (block id, values)
    created: list[str] = field(default_factory=list)  # new block ids
    dropped: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    paragraphs: list[ParagraphReport] = field(default_factory=list)  # every paragraph, in reading order
    junk: list[Dropped] = field(default_factory=list)  # website junk removed
    unrecognised: list[Dropped] = field(default_factory=list)  # what could not be read or placed

    @property
    def near(self) -> list[ParagraphReport]:
        return [p for p in self.paragraphs if p.match == NEAR]

    @property
    def counts(self) -> dict[str, int]:
        """How many paragraphs reused a block exactly, nearly, or not at all (new blocks)."""
        return {kind: sum(p.match == kind for p in self.paragraphs) for kind in (EXACT, NEAR, NEW)}


class _Plan:
    """Builds the config entries and new blocks for one document.

    Two passes over the paragraphs: :meth:`prepare` finds every exact match first, so that the
    values they recover (县名, 年度 …) are known when a paragraph that matched nothing is compared
    with the blocks rendered with them (:class:`NearMatcher`); then the entries are made in
    reading order."""

    def __init__(self, library: Library, name: str, source: str) -> None:
        self.library = library
        self.matcher = Matcher(library)
        self.near: NearMatcher | None = None
        self.name = name
        self.source = source
        self.new_blocks: list[NewBlock] = []
        self.blank_params: dict[str, str] = {}  # blank parameter → type (config-level, left empty)
        self.taken: set[str] = set(library.common) | {p for b in library.blocks.values() for p in b.params}
        self.ids: set[str] = set(library.blocks)
        self._exact: dict[tuple, Any] = {}
        self.fixed: dict[str, Any] = {}  # document-level values: agreed by the exact matches, then by near ones
        self.conflicting: set[str] = set()  # values the exact matches disagree on: per entry, never in text
        self.nodes: dict[int, Node] = {}  # an item's node, by the item
        self.labels: dict[str, str] = {}  # a paragraph's printed label, by its path
        self.entries: list[ParagraphReport] = []

    def _exact_match(self, kinds: frozenset, *paragraphs: Text):
        key = (kinds, text_for_matching(*paragraphs))
        if key not in self._exact:
            self._exact[key] = self.matcher.match(set(kinds), *paragraphs)
        return self._exact[key]

    def prepare(self, doc: Document, slots: dict[Role, Slot]) -> None:
        """The first pass: exact matches everywhere, and the values they agree on."""
        seen: dict[str, set[str]] = {}
        values: dict[str, Any] = {}
        for node in walk(doc):
            if node.role in (Role.ITEM, Role.POINT):
                self.nodes[id(node.owner)] = node
                item = node.owner
                slot = ITEMS if node.role is Role.ITEM and node.depth else slots[node.role]
                found = self._exact_match(slot.kinds, item.title + item.body, *(p.text for p in item.more))
            elif node.role in slots:
                found = self._exact_match(slots[node.role].kinds, node.text)
            else:
                continue
            for name, value in (found.values.items() if found else ()):
                seen.setdefault(name, set()).add(repr(value))
                values.setdefault(name, value)
        self.conflicting = {name for name, reprs in seen.items() if len(reprs) > 1}
        self.fixed = {name: value for name, value in values.items() if name not in self.conflicting}
        self.near = NearMatcher(self.library, {k: v for k, v in self.fixed.items() if v is not None})
        self.labels = {line.path: line.label for line in flow(doc)}

    # -- paragraphs → refs ------------------------------------------------------------------
    def paragraph(self, node: Node, slot: Slot) -> Ref:
        """A library block of a kind that fits *slot* (as it is, or with a few words edited), or a
        new block of the slot's kind."""
        text = node.text
        found = self._exact_match(slot.kinds, text)
        if found:
            ref = Ref(found.block.id, found.values, match=EXACT)
        else:
            near = self.near.match(set(slot.kinds), text) if self.near else None
            ref = self._near_ref(near, None, [text]) if near is not None else None
            if ref is None:
                ref = Ref(self._new(slot.new_kind, None, [text]))
        self._record(node, ref, 1)
        return ref

    def item(self, item: Item, slot: Slot) -> Ref:
        paragraphs = [item.body, *(p.text for p in item.more)]
        found = self._exact_match(slot.kinds, item.title + item.body, *paragraphs[1:])
        if found:
            ref = Ref(found.block.id, found.values, match=EXACT)
        else:
            near = self.near.match(set(slot.kinds), item.title + item.body, *paragraphs[1:]) if self.near else None
            ref = self._near_ref(near, item.title or None, paragraphs) if near is not None else None
            if ref is None:
                ref = Ref(self._new(slot.new_kind, item.title or None, paragraphs))
        ref.label = item.label
        ref.task = self._task(item.task, ref)
        node = self.nodes.get(id(item))
        if node is not None:
            self._record(node, ref, len(paragraphs))
        ref.items = [self.item(child, ITEMS) for child in item.children]
        return ref

    def _task(self, task: Task | None, ref: Ref) -> dict[str, str] | None:
        """An item's task as config sources. A part left empty is written as "" where the block would
        give it from its own 牵头单位/责任单位/完成时限 parameter (the table printed it empty)."""
        if not task:
            return None
        declared = set(self.library.blocks[ref.block_id].params) if ref.match == EXACT else set()
        out = {}
        for name, param in zip(("lead", "units", "due"), TASK_PARAMS):
            value = getattr(task, name)
            if value or param in declared:
                out[name] = _escape_jinja(value)
        return out

    def inline_list(self, texts: list[Text], node: Node, key: str) -> list[str]:
        """Names written as a list in the config (抄送, 签发人), reported as one paragraph."""
        self.entries.append(ParagraphReport(node.path, node.role.value, "", TEXT, None, str(node.text), key=key))
        return [self._template(text) for text in texts]

    def inline(self, text: Text, node: Node | None = None, key: str = "") -> str:
        """A config-level text (title, 署名, date, the official parts) as a template; blanks become
        empty variables. *key* says where the config writes it, for the report."""
        if node is not None:
            self.entries.append(ParagraphReport(node.path, node.role.value, "", TEXT, None, str(text), key=key))
        return self._template(text)

    def _record(self, node: Node, ref: Ref, paragraphs: int) -> None:
        shown = str(node.title) + str(node.text) if node.role in (Role.ITEM, Role.POINT) else str(node.text)
        self.entries.append(ParagraphReport(
            node.path, node.role.value, self.labels.get(node.path, ""), ref.match, ref.block_id, shown,
            similarity=ref.similarity, values=dict(ref.values), paragraphs=paragraphs))

    # -- near matches -------------------------------------------------------------------------
    def _near_ref(self, near: NearMatch, title: Text | None, paragraphs: list[Text]) -> Ref | None:
        """The paragraph(s) as one-off text based on the block: its parameters kept where the edited
        words still hold them unchanged, with a value the document agrees on; the rest literal."""
        spans = []
        for start, end, name in near.spans:
            value = near.values.get(name)
            if name in self.conflicting or (name in self.fixed and repr(self.fixed[name]) != repr(value)):
                continue
            spans.append((start, end, name))
        taken, blanks = set(self.taken), dict(self.blank_params)
        title_src, text_src, used = self._near_sources(near.text, title, paragraphs, spans)
        if not self._renders_back(title_src, text_src, {n: near.values.get(n) for n in used}, title, paragraphs):
            self.taken, self.blank_params = taken, blanks  # the blanks are named again, literally
            title_src, text_src, used = self._near_sources(near.text, title, paragraphs, [])
            if not self._renders_back(title_src, text_src, {}, title, paragraphs):
                self.taken, self.blank_params = taken, blanks
                return None  # a new block then
        values = {name: near.values.get(name) for name in used}
        for name, value in values.items():
            self.fixed.setdefault(name, value)
        return Ref(near.block.id, values, match=NEAR, similarity=near.similarity, text=text_src, title=title_src)

    def _near_sources(self, text: str, title: Text | None, paragraphs: list[Text],
                      spans: list[tuple[int, int, str]]) -> tuple[str | None, str, dict[str, None]]:
        """Title and text sources of a near entry from the matched string *text* (title + body,
        further paragraphs after blank lines) and the parameter *spans* kept in it."""
        title_len = len(text_for_matching(title)) if title else 0
        pieces: list[tuple[int, int]] = []
        pos = title_len
        for i, paragraph in enumerate(paragraphs):
            length = len(text_for_matching(paragraph))
            pieces.append((pos, pos + length))
            pos += length + 2  # the blank line between paragraphs
        used: dict[str, None] = {}  # the parameters kept, in reading order

        def source(start: int, end: int) -> str:
            inside = [s for s in spans if start <= s[0] and s[1] <= end]
            out: list[str] = []
            at = start
            for s, e, name in inside:
                out.append(self._literal(text, at, s, start, end))
                out.append("{{ " + name + " }}")
                used[name] = None
                at = e
            out.append(self._literal(text, at, end, start, end))
            return "".join(out)

        title_src = source(0, title_len) if title else None
        return title_src, "\n\n".join(source(a, b) for a, b in pieces), used

    def _literal(self, text: str, start: int, end: int, seg_start: int, seg_end: int) -> str:
        """Literal words of a near entry; each blank in them a new empty variable named from its context."""
        out: list[str] = []
        at = start
        while True:
            blank = text.find(BLANK_MARK, at, end)
            if blank < 0:
                out.append(_escape_jinja(text[at:end]))
                return "".join(out)
            out.append(_escape_jinja(text[at:blank]))
            before = text[seg_start:blank].replace(BLANK_MARK, "")
            after = text[blank + 1:seg_end].replace(BLANK_MARK, "")
            name, kind = self._blank_name(before, after)
            self.blank_params[name] = kind
            out.append("{{ " + name + " }}")
            at = blank + 1

    @staticmethod
    def _renders_back(title_src: str | None, text_src: str, values: dict[str, Any], title: Text | None,
                      paragraphs: list[Text]) -> bool:
        """Whether the sources print exactly the paragraph(s) with these values (blanks as blanks)."""
        from .templating import Missing, TemplateError, compile_template, render_inline, render_paragraphs

        def context(names: set[str]) -> dict[str, Any]:
            return {n: values[n] if values.get(n) is not None else Missing(n) for n in names}

        def plain(t: Text) -> str:
            return "".join("**" if isinstance(p, Blank) else str(p) for p in t.parts)

        try:
            if title_src is not None:
                template, names = compile_template(title_src)
                if plain(render_inline(template, context(names))) != plain(title or Text()):
                    return False
            template, names = compile_template(text_src)
            rendered = render_paragraphs(template, context(names))
        except (TemplateError, RecursionError):
            return False
        return [plain(t) for t in rendered] == [plain(t) for t in paragraphs]

    # -- new blocks -------------------------------------------------------------------------
    def _new(self, kind: Kind, title: Text | None, paragraphs: list[Text]) -> str:
        params: dict[str, tuple[str, str]] = {}
        title_src = self._template(title, params) if title else None
        body = "\n\n".join(self._template(p, params) for p in paragraphs)
        block_id = self._id(title, paragraphs[0] if paragraphs else Text())
        self.new_blocks.append(NewBlock(block_id, kind, body, title_src, params))
        return block_id

    def _id(self, title: Text | None, body: Text) -> str:
        words = str(title) if title else str(body)
        short = _ID_NOISE.sub("", words.replace("**", ""))[:14] or "段落"
        base = f"导入/{self.name}/{short}"
        block_id, n = base, 2
        while block_id in self.ids:
            block_id, n = f"{base}-{n}", n + 1
        self.ids.add(block_id)
        return block_id

    def _template(self, text: Text, params: dict[str, tuple[str, str]] | None = None) -> str:
        """Text → Jinja source: literal text kept as is (escaped where it looks like Jinja),
        each blank a new parameter named from the words around it."""
        out: list[str] = []
        parts = list(text.parts)
        for i, part in enumerate(parts):
            if isinstance(part, Blank):
                before = "".join(p for p in parts[:i] if isinstance(p, str))
                after = "".join(p for p in parts[i + 1 :] if isinstance(p, str))
                name, kind = self._blank_name(before, after)
                if params is not None:
                    params[name] = (kind, _describe_blank(before, after))
                else:
                    self.blank_params[name] = kind
                out.append("{{ " + name + " }}")
            else:
                out.append(_escape_jinja(part))
        return "".join(out)

    def _blank_name(self, before: str, after: str) -> tuple[str, str]:
        name, kind = blank_name(before, after)
        base, n = name, 2
        while name in self.taken:
            name, n = f"{base}{n}", n + 1
        self.taken.add(name)
        return name, kind


# Words around a blank that are not part of what it names ("确保全县粮食播种面积稳定在**万亩").
_LEADING = ("确保", "力争", "督促", "实现", "推动", "全县", "全市", "全年", "年内", "每年", "共计", "共", "使", "让", "将")
_TRAILING = ("稳定在", "保持在", "控制在", "达到", "不少于", "不低于", "超过", "至少", "累计", "约", "为", "在", "达")
_INT_UNITS = "次个件名人项家条篇批期场所户支本"
_NUMBER_UNITS = "万亿千百亩元吨"


def blank_name(before: str, after: str) -> tuple[str, str]:
    """A parameter name and type for a blank, from the words before it and the unit after it:
    "确保全县粮食播种面积稳定在" + "**万亩" → ("粮食播种面积", "number");
    "工业增加值增长" + "**%" → ("工业增加值增长率", "percent"); "至少" + "**次" → ("次数", "int")."""
    # a name is words only: no punctuation, digits, spaces, ① or ² (the last run of name characters)
    segment = re.search(r"[^\W\d_]*$", before.rstrip()).group()
    segment = "".join(ch for ch in segment if ("a" + ch).isidentifier())
    grew = False
    changed = True
    while changed and segment:
        changed = False
        for word in _TRAILING + ("增长",):
            if segment.endswith(word) and len(segment) > len(word) or segment == word and word != "增长":
                grew = grew or word == "增长"
                segment = segment[: -len(word)]
                changed = True
        for word in _LEADING:
            if segment.startswith(word) and len(segment) > len(word):
                segment = segment[len(word):]
                changed = True
    noun = segment[-10:]
    unit = after.lstrip()[:1]
    if unit and unit in "县市省州":  # 中共**县委, 《**县…办法》: a place name
        name, kind = f"待填{unit}名", "str"
    elif unit == "%":
        suffix = "增长率" if grew else ("" if noun.endswith(("率", "比例", "占比")) else "比例")
        name, kind = noun + suffix, "percent"
    elif unit and unit in _INT_UNITS:
        name, kind = noun + ("增长" if grew else "") + unit + "数", "int"
    elif unit and unit in _NUMBER_UNITS:
        name, kind = noun + ("增长" if grew else "") or "数量", "number"
    else:
        name, kind = noun + ("增长" if grew else ""), "str"
    if not name.isidentifier():
        name = "待填" + name
    return name, kind


def _escape_jinja(text: str) -> str:
    """Imported words as template source that prints exactly them: every ``{`` becomes the
    expression ``{{ "{" }}``, so no ``{{``, ``{%`` or ``{#`` can remain in the source, whatever
    the text holds (a ``{% raw %}`` wrapper would end at an ``{% endraw %}`` inside the text)."""
    return text.replace("{", '{{ "{" }}') if "{" in text else text


def _describe_blank(before: str, after: str) -> str:
    return f"原文此处留空（“…{before[-10:]}**{after[:6]}…”），请填写"


def guess_kind(title: str) -> str:
    for hint, kind in _KIND_HINTS:
        if hint in title:
            return kind
    return "其他"


# -- writing the config ---------------------------------------------------------------------------
def _document_values(refs: list[Ref], library: Library) -> tuple[dict[str, Any], set[str]]:
    """Values every use agrees on go to the config's top; conflicting ones stay on each reference."""
    seen: dict[str, list[tuple[Ref, Any]]] = {}

    def walk(ref: Ref) -> None:
        for name, value in ref.values.items():
            seen.setdefault(name, []).append((ref, value))
        for child in ref.items:
            walk(child)

    for ref in refs:
        walk(ref)
    top: dict[str, Any] = {}
    local: set[str] = set()
    for name, uses in seen.items():
        values = {repr(v) for _, v in uses}
        if len(values) > 1:
            local.add(name)
            continue
        value = uses[0][1]
        defaults = {repr(_default(r, name, library)) for r, _ in uses}
        if defaults == {repr(value)}:
            continue  # the blocks' own default already says it
        top[name] = value
    return top, local


_NO_DEFAULT = object()


def _default(ref: Ref, name: str, library: Library) -> Any:
    """What *ref* prints for *name* when the config does not give it: the block's default; for
    one-off text only a library-wide default (text does not read a block's own defaults)."""
    if ref.match == NEAR:
        param = library.common.get(name)
        return param.default if param is not None and param.default is not None else _NO_DEFAULT
    return library.blocks[ref.block_id].param(name, library.common).default


def _spec_ref(cls: type, ref: Ref, local: set[str]):
    """A config reference object (ParagraphRef, ItemRef …) for one planned entry: a block with its
    own values, or (near match) the text with ``based_on``, exactly as ``drafter absorb`` writes it."""
    fields: dict[str, Any]
    if ref.match == NEAR:
        fields = {"text": ref.text, "based_on": ref.block_id}
        if ref.title is not None and "title" in cls.model_fields:
            fields["title"] = ref.title
    else:
        values = {k: v for k, v in ref.values.items() if k in local}
        fields = {"block": ref.block_id}
        if values:
            fields["values"] = values
    if ref.label is not None and "label" in cls.model_fields:
        fields["label"] = ref.label
    if ref.task and "task" in cls.model_fields:
        fields["task"] = TaskSpec(**ref.task)
    if ref.items:
        fields["items"] = [_spec_ref(ItemRef, child, local) for child in ref.items]
    return cls(**fields)


def _flow_style(data: Any) -> Any:
    """Plain config/block data → YAML tree nodes laid out as people write them: ``values`` and
    ``tags`` on one line, block text as ``body: |``."""
    if isinstance(data, dict):
        out = {}
        if "based_on" in data:  # text rewritten from a block reads as absorb writes it: title, text, based_on
            order = ("title", "text", "based_on")
            data = {**{k: data[k] for k in order if k in data}, **{k: v for k, v in data.items() if k not in order}}
        for key, value in data.items():
            if key in ("values", "task") and isinstance(value, dict):
                out[key] = yamlio.flow_map(value)
            elif key in ("tags", "cc", "signers") and isinstance(value, list):
                out[key] = yamlio.flow_seq(value)
            elif key == "body" and isinstance(value, str):
                out[key] = yamlio.literal(value if value.endswith("\n") else value + "\n")
            else:
                out[key] = _flow_style(value)
        return out
    if isinstance(data, list):
        return [_flow_style(v) for v in data]
    return data


def _config_text(spec: ConfigSpec, source: str) -> str:
    """The config as YAML, through the one YAML layer, with a header saying where it came from."""
    data = to_data(spec, always={"numbering"})
    if data.get("tasks") == {}:
        data["tasks"] = "appendix"  # the table under its usual title, as people write it
    doc = yamlio.YamlDocument.new(_flow_style(data), name="config")
    doc.top_comment("yaml-language-server: $schema=../schemas/config.schema.json\n"
                    f"由 drafter import 从「{source}」导入（{dt.date.today().isoformat()}）。\n"
                    "drafter build --draft 可按原文重建；原文留空的地方（**）在下面写作 ~，填好后即可去掉 --draft。")
    for key in data:
        if key not in ("title", "kind"):  # a blank line before each group after the header keys
            doc.comment_before([key], blank_lines=1)
    text = doc.dumps()
    doc.check(text)  # what is written must read back as exactly this data
    return text


def _blocks_text(blocks: list[NewBlock], source: str, kind: str) -> str:
    specs = [
        BlockSpec(id=b.id, kind=b.kind, title=b.title, body=b.body,
                  params={name: ParamSpec(type=ptype, description=desc) for name, (ptype, desc) in b.params.items()},
                  tags=["导入", kind], source=source)
        for b in blocks
    ]
    data = to_data(BlockFile(blocks=specs), always={"type"})
    doc = yamlio.YamlDocument.new(_flow_style(data), name="blocks")
    doc.top_comment("yaml-language-server: $schema=../../../schemas/block.schema.json\n"
                    f"由 drafter import 从「{source}」导入时新建的块：块库中没有与这些段落相同的块。\n"
                    "可以直接修改文字；把随年度或单位变化的内容改成 {{ 参数 }} 并在 params 中说明，下一年就只需改配置。")
    for index in range(1, len(specs)):
        doc.comment_before(["blocks", index], blank_lines=1)
    text = doc.dumps()
    doc.check(text)
    return text


# -- the whole import -------------------------------------------------------------------------------
def plan_import(result, library: Library, name: str, source: str) -> tuple[str, str | None, ImportReport]:
    """Config text, block-file text (None when nothing is new) and the report, nothing written."""
    doc: Document = result.document
    plan = _Plan(library, name, source)
    cover: list[Ref] = []
    preamble: list[Ref] = []
    sections: list[tuple[Ref, list[Ref], list[Ref]]] = []
    closing: dict[int, tuple[list[Ref], list[Ref]]] = {}
    title = issuer = date = None
    slots = {Role.COVER: COVER, Role.PREAMBLE: PREAMBLE, Role.HEADING: HEADING, Role.LEAD: LEAD, Role.ITEM: ITEMS,
             Role.CLOSING: CLOSING, Role.POINT: POINTS}
    plan.prepare(doc, slots)
    unplaced: list[Node] = []
    parts = _OfficialParts()
    default_cover = _default_cover(doc)
    for node in walk(doc):  # an item's further paragraphs and sub-items go with the item
        role = node.role
        if role is Role.TITLE:
            title = plan.inline(node.text, node, "title")
        elif role in _OFFICIAL_ROLES:
            parts.add(plan, node)
        elif role is Role.COVER and default_cover:
            plan.inline(node.text, node, "wrapper")  # the notice's usual sentence: wrapper: notice writes it
        elif role is Role.COVER:
            cover.append(plan.paragraph(node, COVER))
        elif role is Role.PREAMBLE:
            preamble.append(plan.paragraph(node, PREAMBLE))
        elif role is Role.HEADING:
            heading = plan.paragraph(node, HEADING)
            heading.label = node.owner.label
            sections.append((heading, [], []))
        elif role is Role.LEAD and sections:
            sections[-1][1].append(plan.paragraph(node, LEAD))
        elif role is Role.ITEM and node.depth == 0 and node.section is not None and sections:
            sections[-1][2].append(plan.item(node.owner, ITEMS))
        elif role is Role.CLOSING:
            closing.setdefault(node.passage, ([], []))[0].append(plan.paragraph(node, CLOSING))
        elif role is Role.POINT:
            closing.setdefault(node.passage, ([], []))[1].append(plan.item(node.owner, POINTS))
        elif role is Role.ISSUER:
            issuer = plan.inline(node.text, node, "signature")
        elif role is Role.DATE:
            date = plan.inline(node.text, node, "signature")
        elif role is Role.MORE or (role is Role.ITEM and node.depth > 0):
            pass  # with its item
        elif str(node.text).strip():
            unplaced.append(node)
    closing = list(closing.values())

    all_refs = cover + preamble + [r for h, lead, items in sections for r in (h, *lead, *items)]
    all_refs += [r for lead, points in closing for r in (*lead, *points)]
    top, local = _document_values(all_refs, library)
    blank_types = dict(plan.blank_params)
    for block in plan.new_blocks:
        blank_types.update({pname: ptype for pname, (ptype, _) in block.params.items()})

    def near_blanks(ref: Ref) -> None:  # a block's parameter left blank in near text: a figure stays one
        for pname, value in ref.values.items():
            param = library.blocks[ref.block_id].param(pname, library.common)
            if ref.match == NEAR and value is None and param is not None and pname not in blank_types:
                blank_types[pname] = param.type
        for child in ref.items:
            near_blanks(child)

    for ref in all_refs:
        near_blanks(ref)
    for pname in blank_types:
        top[pname] = None

    if title is not None and isinstance(top.get("年度"), int):
        # so that next year's config only changes 年度 (the text reads the same)
        title = title.replace(f"{top['年度']}年", "{{ 年度 }}年", 1)
    if isinstance(top.get("年度"), int):
        parts.follow_year(top["年度"])
    kind = doc.kind if doc.kind in DOCUMENT_KINDS else guess_kind(str(doc.title))

    # names, years and references under variables; the figures under targets
    def is_figure(name: str, value: Any) -> bool:
        if name in library.common:
            return False
        if value is None:
            return blank_types.get(name, "str") in ("int", "number", "percent")
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    style = doc.numbering.items
    spec = ConfigSpec(
        title=title,
        kind=kind,
        variables={k: v for k, v in top.items() if not is_figure(k, v)},
        targets={k: v for k, v in top.items() if is_figure(k, v)},
        numbering=NumberingSpec(items=style.value if style in ITEM_STYLES else "1.", restart=doc.numbering.restart),
        cover=[_spec_ref(ParagraphRef, r, local) for r in cover],
        preamble=[_spec_ref(ParagraphRef, r, local) for r in preamble],
        sections=[
            SectionSpec(heading=_spec_ref(HeadingRef, heading, local), label=heading.label,
                        lead=[_spec_ref(ParagraphRef, r, local) for r in lead],
                        items=[_spec_ref(ItemRef, r, local) for r in items])
            for heading, lead, items in sections
        ],
        closing=[
            entry
            for lead, points in closing
            for entry in ([_spec_ref(ClosingRef, r, local) for r in lead] if not points else
                          [ClosingRef(lead=[_spec_ref(ParagraphRef, r, local) for r in lead],
                                      points=[_spec_ref(PointRef, r, local) for r in points])])
        ],
        signature=SignatureSpec(issuer=issuer, date=date) if issuer is not None else None,
        **parts.fields(doc),
    )
    config_text = _config_text(spec, source)
    blocks_text = _blocks_text(plan.new_blocks, source, kind) if plan.new_blocks else None

    report = ImportReport(source=source, config_path=Path(), blocks_path=None, dropped=list(result.dropped),
                          findings=list(result.findings), paragraphs=plan.entries)

    def collect(ref: Ref) -> None:
        if ref.reused:
            report.reused.append((ref.block_id, dict(ref.values)))
        for child in ref.items:
            collect(child)

    for ref in all_refs:
        collect(ref)
    report.created = [b.id for b in plan.new_blocks]
    report.junk, report.unrecognised = _left_out(result, unplaced)
    return config_text, blocks_text, report


# The official parts: written into the config's header, recipients, notice, tasks and imprint, or
# made by drafter itself from them (the 附件说明 and 附件1 labels, the 任务分解表's rows).
_OFFICIAL_ROLES = frozenset({Role.COPY_NUMBER, Role.SECRECY, Role.URGENCY, Role.ORGAN, Role.DOC_NUMBER, Role.SIGNERS,
                             Role.NOTICE_TITLE, Role.RECIPIENTS, Role.ATTACHMENT_NOTE, Role.ATTACHMENT_LABEL,
                             Role.ATTACHMENT_TITLE, Role.TASK_TABLE, Role.CC, Role.PRINTER, Role.PRINTED})
_HEADER_FIELDS = {Role.COPY_NUMBER: "copy_number", Role.SECRECY: "secrecy", Role.URGENCY: "urgency",
                  Role.ORGAN: "organ", Role.DOC_NUMBER: "number"}


def _default_cover(doc: Document) -> bool:
    """The notice's body is the sentence drafter writes when a config gives none."""
    return (doc.notice is not None and len(doc.cover) == 1
            and str(doc.cover[0].text) == str(official.fill(official.NOTICE_SENTENCE, title=doc.title)))


def _split(text: Text, separators: str) -> list[Text]:
    """*text* cut at each of *separators* in its plain parts (values and blanks stay whole)."""
    out: list[list] = [[]]
    for part in text.parts:
        if isinstance(part, str):
            pieces = re.split(f"[{re.escape(separators)}]", part)
            out[-1].append(pieces[0])
            out += [[piece] for piece in pieces[1:]]
        else:
            out[-1].append(part)
    return [t for t in (Text.of(*parts) for parts in out) if str(t).strip()]


class _OfficialParts:
    """The config's official fields, from the model's official parts in reading order."""

    def __init__(self) -> None:
        self.header: dict[str, Any] = {}
        self.recipients: str | None = None
        self.notice_title: str | None = None
        self.tasks_title: str | None = None
        self.imprint: dict[str, Any] = {}
        self.notice_entry: ParagraphReport | None = None
        self.tasks_entry: ParagraphReport | None = None

    def add(self, plan: "_Plan", node: Node) -> None:
        role = node.role
        if role in _HEADER_FIELDS:
            name = _HEADER_FIELDS[role]
            self.header[name] = plan.inline(node.text, node, f"header.{name}")
        elif role is Role.SIGNERS:
            self.header["signers"] = plan.inline_list(_split(node.text, " \u3000"), node, "header.signers")
        elif role is Role.NOTICE_TITLE:
            self.notice_title = plan.inline(node.text, node, "notice.title")
            self.notice_entry = plan.entries[-1]
        elif role is Role.RECIPIENTS:
            self.recipients = plan.inline(official.strip_end(node.text, ":："), node, "recipients")
        elif role is Role.ATTACHMENT_TITLE:
            self.tasks_title = plan.inline(node.text, node, "tasks.title")
            self.tasks_entry = plan.entries[-1]
        elif role is Role.CC:
            names = _split(official.strip_end(node.text, "。."), "，")
            self.imprint["cc"] = plan.inline_list(names, node, "imprint.cc")
        elif role is Role.PRINTER:
            self.imprint["printer"] = plan.inline(node.text, node, "imprint.printer")
        elif role is Role.PRINTED:  # 2023年2月10日印发: the config gives the date, drafter adds 印发
            parts = list(node.text.parts)
            if parts and isinstance(parts[-1], str) and parts[-1].endswith(official.PRINTED_SUFFIX):
                parts[-1] = parts[-1][: -len(official.PRINTED_SUFFIX)]
            date = Text.of(*parts)
            source = plan.inline(date, node, "imprint.date")
            self.imprint["date"] = (None if date.blanks else _as_date(str(date))) or source
        # the 附件说明, the 附件 labels and the 任务分解表's rows are drafter's own: nothing to write

    def follow_year(self, year: int) -> None:
        """The 发文字号's year as {{ 年度 }}, as the title's (next year's config only changes 年度)."""
        number = self.header.get("number")
        if isinstance(number, str):
            self.header["number"] = number.replace(f"〔{year}〕", "〔{{ 年度 }}〕", 1)

    def fields(self, doc: Document) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.header:
            out["header"] = HeaderSpec(**self.header)
        if self.recipients is not None:
            out["recipients"] = self.recipients
        if doc.notice is not None:
            out["wrapper"] = "notice"
            if str(official.usual_notice_title(doc)) != str(doc.notice.title.text):
                out["notice"] = NoticeSpec(title=self.notice_title)
            elif self.notice_entry is not None:
                self.notice_entry.key = "wrapper"  # drafter's usual title: wrapper: notice writes it
        tasks = next((a for a in doc.attachments if a.kind is AttachmentKind.TASKS), None)
        if tasks is not None:
            usual = official.fill(official.TASKS_TITLE, title=doc.title)
            same = tasks.title is not None and str(usual) == str(tasks.title.text)
            out["tasks"] = TasksSpec() if same else TasksSpec(title=self.tasks_title)
            if same and self.tasks_entry is not None:
                self.tasks_entry.key = "tasks"
        if self.imprint:
            out["imprint"] = ImprintSpec(**self.imprint)
        return out


def _as_date(text: str) -> dt.date | None:
    """2023年2月10日 → the date, when the config's date prints back exactly that."""
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text.strip())
    if not m:
        return None
    try:
        date = dt.date(*map(int, m.groups()))
    except ValueError:
        return None
    return date if format_date(date) == text.strip() else None


# the reason shown for what was cut: a URL, a site name, or residue without either (作者/浏览, 本文来源…)
_JUNK_RULES = {"import.website-junk": "网页残留（网址、网站名、转载说明、作者和浏览信息）不属于正文",
               "import.junk-paragraph": "整段是网页残留（网址、网站名、转载说明、作者和浏览信息），不属于正文"}


def _left_out(result, unplaced: list[Node]) -> tuple[list[Dropped], list[Dropped]]:
    """What the reader cut as website junk, and what it or the import could not place: tables, pictures,
    notes, tracked changes (the reader's findings) and paragraphs of parts a config has no place for."""
    junk: list[Dropped] = []
    unrecognised: list[Dropped] = []
    for f in result.findings:
        if not f.rule.startswith("import."):
            continue
        entry = Dropped(f.text or "", _JUNK_RULES.get(f.rule) or f.message, f.rule, f.file, f.line, f.paragraph)
        (junk if f.rule in _JUNK_RULES or "junk" in f.rule else unrecognised).append(entry)
    for node in unplaced:
        origin = node.origin
        unrecognised.append(Dropped(str(node.text), f"这一段（{node.path}）在配置中没有对应的位置，未导入",
                                    "import.unplaced", origin.file if origin else None,
                                    origin.line if origin else None, origin.paragraph if origin else None))
    return junk, unrecognised


def _check_round_trip(config_text: str, blocks_text: str | None, library: Library, root: Path, name: str,
                      expected: list[str]) -> list[str]:
    """Load the planned files in memory, build them as a draft, compare with what was read."""
    trial = Library(root=library.root, blocks=dict(library.blocks), common=library.common)
    problems = []
    if blocks_text is not None:
        problems += [str(e) for e in add_block_file(trial, load_yaml(blocks_text, f"blocks/imported/{name}/{name}.yaml"),
                                                    f"blocks/imported/{name}/{name}.yaml")]
    if problems:
        return problems
    config = config_from_data(load_yaml(config_text, f"configs/{name}.yaml"), f"configs/{name}.yaml",
                              root / "configs" / f"{name}.yaml")
    rebuilt = [line.strip() for line in text_lines(assemble(config, trial, draft=True)) if line.strip()]
    want = [line.strip() for line in expected if line.strip()]
    if rebuilt != want:
        first = next((i for i, (a, b) in enumerate(zip(rebuilt, want)) if a != b), min(len(rebuilt), len(want)))
        problems.append(f"第{first + 1}段重建后与原文不同")
    return problems


def _empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def _backup(path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.bak-{stamp}")
    path.rename(backup)
    return backup


def import_document(path: Path | str, root: Path | str, *, name: str | None = None, force: bool = False,
                    library: Library | None = None) -> ImportReport:
    """Read *path* (.txt, .docx, .pdf …) and write ``configs/<name>.yaml`` (+ new blocks) that rebuild it."""
    from .readers import read_path

    path, root = Path(path), Path(root)
    name = name or path.stem
    if not name or _ID_UNSAFE.search(name) or name.startswith("."):
        raise DrafterError(f"导入名称「{name}」不能含空格、斜杠等字符", key="--name", hint="请用 --name 指定一个简单的名称")
    config_path = root / "configs" / f"{name}.yaml"
    blocks_dir = root / "blocks" / "imported" / name
    recover(root)  # an import killed half-way is undone before anything is judged to exist
    existing = [p for p in (config_path, blocks_dir) if p.exists() and not _empty_dir(p)]
    if existing and not force:
        raise DrafterError(
            "已存在 " + "、".join(p.relative_to(root).as_posix() for p in existing) + "，未做任何改动",
            hint="换一个 --name，或加 --force（原有文件会改名备份，不会删除）",
        )
    library = library or load_library(root)
    result = read_path(path)
    if not any(line.strip() for line in text_lines(result.document)):
        raise DrafterError("文件中没有可导入的文字", file=str(path),
                           hint="请确认这是正文所在的文件" + ("（读到的内容都是网站信息，已删去）" if result.dropped else ""))
    planned = None
    if result.plain is not None:  # an official document: its fields, unless that config would not rebuild it
        try:
            planned = plan_import(result, library, name, path.name)
            problems = _check_round_trip(planned[0], planned[1], library, root, name, text_lines(result.document))
        except (DrafterError, ValueError) as e:  # a value the config refuses (pydantic's errors are ValueErrors)
            problems = [str(e)]
        if problems:
            planned = None
            result = result.plain
            result.findings.append(Finding(
                "import.official", Severity.WARNING,
                "没有按正式公文（版头、印发通知、附件、版记）导入：写成配置后无法按原文重建（" + "；".join(problems[:3])
                + "）；已按普通正文导入", file=str(path)))
    if planned is None:
        planned = plan_import(result, library, name, path.name)
        problems = _check_round_trip(planned[0], planned[1], library, root, name, text_lines(result.document))
        if problems:
            raise DrafterError("导入结果无法按原文重建，未写入任何文件：" + "；".join(problems[:3]), file=str(path))
    config_text, blocks_text, report = planned
    files = {config_path: config_text.encode("utf-8")}
    if blocks_text is not None:
        report.blocks_path = blocks_dir / f"{name}.yaml"
        files = {report.blocks_path: blocks_text.encode("utf-8"), **files}
    moved = [(old, _backup(old)) for old in existing]
    try:
        write_all(files, root)  # the config and its new blocks, or neither
    except BaseException:
        for old, backup in reversed(moved):  # --force: put the originals back
            backup.rename(old)
        if blocks_dir.is_dir() and not any(blocks_dir.iterdir()):
            blocks_dir.rmdir()
        raise
    report.backups = [backup for _, backup in moved]
    report.config_path = config_path
    return report
