"""`drafter import`: last year's document → a config (and new blocks) that rebuild it.

The reader turns the file into the document model; here every paragraph is first
looked up in the block library (:mod:`drafter.matching`): a paragraph that is a
library block filled with other values (another county, year, number) becomes a
reference to that block with those values. Only what the library does not have
becomes a new block, in ``blocks/imported/<name>/``. Draft blanks (``**``, ``XX`` …)
become named parameters left empty. Before anything is written the new files are
loaded and built in memory and compared with what was read; existing files are never
replaced (``force`` moves them aside as backups first).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlio
from .assembler import assemble
from .blocks import BlockFile, BlockSpec, Kind, Library, ParamSpec, add_block_file, load_library
from .config import (CLOSING, COVER, DOCUMENT_KINDS, HEADING, ITEMS, LEAD, POINTS, PREAMBLE, ClosingRef, ConfigSpec,
                     HeadingRef, ItemRef, NumberingSpec, ParagraphRef, PointRef, SectionSpec, SignatureSpec, Slot,
                     config_from_data, to_data)
from .errors import DrafterError
from .findings import Finding
from .fsutil import recover, write_all
from .matching import Matcher
from .model import Blank, Document, Item, Role, Text, walk
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


@dataclass
class Ref:
    """One entry of the config being written."""

    block_id: str
    values: dict[str, Any] = field(default_factory=dict)
    label: str | None = None
    items: list["Ref"] = field(default_factory=list)
    reused: bool = False


@dataclass
class ImportReport:
    source: str
    config_path: Path
    blocks_path: Path | None
    reused: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)


class _Plan:
    """Builds the config entries and new blocks for one document."""

    def __init__(self, library: Library, name: str, source: str) -> None:
        self.library = library
        self.matcher = Matcher(library)
        self.name = name
        self.source = source
        self.new_blocks: list[NewBlock] = []
        self.blank_params: dict[str, str] = {}  # blank parameter → type (config-level, left empty)
        self.taken: set[str] = set(library.common) | {p for b in library.blocks.values() for p in b.params}
        self.ids: set[str] = set(library.blocks)

    # -- paragraphs → refs ------------------------------------------------------------------
    def paragraph(self, text: Text, slot: Slot) -> Ref:
        """A library block of a kind that fits *slot*, or a new block of the slot's kind."""
        found = self.matcher.match(set(slot.kinds), text)
        if found:
            return Ref(found.block.id, found.values, reused=True)
        return Ref(self._new(slot.new_kind, None, [text]))

    def item(self, item: Item, slot: Slot) -> Ref:
        found = self.matcher.match(set(slot.kinds), item.title + item.body, *(p.text for p in item.more))
        if found:
            ref = Ref(found.block.id, found.values, reused=True)
        else:
            ref = Ref(self._new(slot.new_kind, item.title or None, [item.body, *(p.text for p in item.more)]))
        ref.label = item.label
        ref.items = [self.item(child, ITEMS) for child in item.children]
        return ref

    def inline(self, text: Text) -> str:
        """A config-level text (title, 署名, date) as a template; blanks become empty variables."""
        return self._template(text)

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
        defaults = {repr(library.blocks[r.block_id].param(name, library.common).default) for r, _ in uses}
        if defaults == {repr(value)}:
            continue  # the blocks' own default already says it
        top[name] = value
    return top, local


def _spec_ref(cls: type, ref: Ref, local: set[str]):
    """A config reference object (ParagraphRef, ItemRef …) for one planned entry."""
    values = {k: v for k, v in ref.values.items() if k in local}
    fields: dict[str, Any] = {"block": ref.block_id}
    if values:
        fields["values"] = values
    if ref.label is not None and "label" in cls.model_fields:
        fields["label"] = ref.label
    if ref.items:
        fields["items"] = [_spec_ref(ItemRef, child, local) for child in ref.items]
    return cls(**fields)


def _flow_style(data: Any) -> Any:
    """Plain config/block data → YAML tree nodes laid out as people write them: ``values`` and
    ``tags`` on one line, block text as ``body: |``."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key == "values" and isinstance(value, dict):
                out[key] = yamlio.flow_map(value)
            elif key == "tags" and isinstance(value, list):
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
    for node in walk(doc):  # an item's further paragraphs and sub-items go with the item
        role = node.role
        if role is Role.TITLE:
            title = plan.inline(node.text)
        elif role is Role.COVER:
            cover.append(plan.paragraph(node.text, COVER))
        elif role is Role.PREAMBLE:
            preamble.append(plan.paragraph(node.text, PREAMBLE))
        elif role is Role.HEADING:
            heading = plan.paragraph(node.text, HEADING)
            heading.label = node.owner.label
            sections.append((heading, [], []))
        elif role is Role.LEAD:
            sections[-1][1].append(plan.paragraph(node.text, LEAD))
        elif role is Role.ITEM and node.depth == 0 and node.section is not None:
            sections[-1][2].append(plan.item(node.owner, ITEMS))
        elif role is Role.CLOSING:
            closing.setdefault(node.passage, ([], []))[0].append(plan.paragraph(node.text, CLOSING))
        elif role is Role.POINT:
            closing.setdefault(node.passage, ([], []))[1].append(plan.item(node.owner, POINTS))
        elif role is Role.ISSUER:
            issuer = plan.inline(node.text)
        elif role is Role.DATE:
            date = plan.inline(node.text)
    closing = list(closing.values())

    all_refs = cover + preamble + [r for h, lead, items in sections for r in (h, *lead, *items)]
    all_refs += [r for lead, points in closing for r in (*lead, *points)]
    top, local = _document_values(all_refs, library)
    blank_types = dict(plan.blank_params)
    for block in plan.new_blocks:
        blank_types.update({pname: ptype for pname, (ptype, _) in block.params.items()})
    for pname in blank_types:
        top[pname] = None

    if title is not None and isinstance(top.get("年度"), int):
        # so that next year's config only changes 年度 (the text reads the same)
        title = title.replace(f"{top['年度']}年", "{{ 年度 }}年", 1)
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
    )
    config_text = _config_text(spec, source)
    blocks_text = _blocks_text(plan.new_blocks, source, kind) if plan.new_blocks else None

    report = ImportReport(source=source, config_path=Path(), blocks_path=None, dropped=list(result.dropped),
                          findings=list(result.findings))

    def collect(ref: Ref) -> None:
        if ref.reused:
            report.reused.append((ref.block_id, dict(ref.values)))
        for child in ref.items:
            collect(child)

    for ref in all_refs:
        collect(ref)
    report.created = [b.id for b in plan.new_blocks]
    return config_text, blocks_text, report


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
    """Read *path* (.txt or .docx) and write ``configs/<name>.yaml`` (+ new blocks) that rebuild it."""
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
    config_text, blocks_text, report = plan_import(result, library, name, path.name)
    problems = _check_round_trip(config_text, blocks_text, library, root, name, text_lines(result.document))
    if problems:
        raise DrafterError("导入结果无法按原文重建，未写入任何文件：" + "；".join(problems[:3]), file=str(path))
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
