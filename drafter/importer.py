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

from .assemble import assemble
from .blocks import Kind, Library, add_block_file, load_library
from .config import DOCUMENT_KINDS, config_from_data
from .errors import DrafterError
from .findings import Finding
from .fsutil import write_atomic
from .matching import Matcher
from .model import Blank, Document, Item, Text
from .numbering import LabelStyle
from .writers.txt import text_lines
from .yamlio import load_yaml
from .yamlout import block_scalar, flow_mapping, mapping_line, scalar

CONFIG_ITEM_STYLES = {LabelStyle.DIGIT_DOT: "1.", LabelStyle.DIGIT_COMMA: "1、", LabelStyle.CN_PAREN: "（一）"}
_KIND_HINTS = (("党风廉政", "党风廉政建设工作要点"), ("报告", "工作报告"), ("党建", "党建工作要点"), ("工作要点", "工作要点"))
_ID_UNSAFE = re.compile(r'[\s/\\:*?"<>|{}%#]+')
_ID_NOISE = re.compile(r"[^\w\u3400-\u9fff]+")  # ids keep words only: no 《》“”、。
_MEASURE = "次个件名人项家条篇批期场所户元亩天年月日"


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
    def paragraph(self, text: Text, kinds: set[Kind], new_kind: Kind) -> Ref:
        found = self.matcher.match(kinds, text)
        if found:
            return Ref(found.block.id, found.values, reused=True)
        return Ref(self._new(new_kind, None, [text]))

    def item(self, item: Item, kinds: set[Kind] = frozenset({Kind.ITEM})) -> Ref:
        found = self.matcher.match(set(kinds), item.title + item.body, *(p.text for p in item.more))
        if found:
            ref = Ref(found.block.id, found.values, reused=True)
        else:
            ref = Ref(self._new(Kind.ITEM, item.title or None, [item.body, *(p.text for p in item.more)]))
        ref.label = item.label
        ref.items = [self.item(child) for child in item.children]
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
    segment = re.split(r"[，。；：、（）()“”‘’《》「」\s\d*]", before)[-1]
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
    unit = after[:1]
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
    if not name or not re.match(r"^[^\W\d]", name):
        name = "待填" + name
    return name, kind


def _escape_jinja(text: str) -> str:
    if "{" in text and re.search(r"\{[{%#]", text):
        return "{% raw %}" + text + "{% endraw %}"
    return text


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


def _ref_lines(ref: Ref, indent: int, local: set[str]) -> list[str]:
    """A config list entry: the bare block id, or a mapping when it has values, a label or sub-items."""
    pad = " " * indent
    values = {k: v for k, v in ref.values.items() if k in local}
    if not values and ref.label is None and not ref.items:
        return [f"{pad}- {scalar(ref.block_id)}"]
    lines = [f"{pad}- block: {scalar(ref.block_id)}"]
    if values:
        lines.append(f"{pad}  values: {flow_mapping(values)}")
    if ref.label is not None:
        lines.append(f"{pad}  label: {scalar(ref.label)}")
    if ref.items:
        lines.append(f"{pad}  items:")
        for child in ref.items:
            lines += _ref_lines(child, indent + 4, local)
    return lines


def _block_file_text(name: str, source: str, blocks: list[NewBlock], kind: str) -> str:
    lines = [
        "# yaml-language-server: $schema=../../../schemas/block.schema.json",
        f"# 由 drafter import 从「{source}」导入时新建的块：块库中没有与这些段落相同的块。",
        "# 可以直接修改文字；把随年度或单位变化的内容改成 {{ 参数 }} 并在 params 中说明，下一年就只需改配置。",
        "blocks:",
    ]
    for block in blocks:
        lines.append(f"  - id: {scalar(block.id)}")
        lines.append(f"    kind: {block.kind.value}")
        if block.title is not None:
            lines.append(f"    title: {scalar(block.title)}")
        lines.append(f"    body: {block_scalar(block.body, 6, 4)}")
        if block.params:
            lines.append("    params:")
            for pname, (ptype, desc) in block.params.items():
                lines.append(f"      {scalar(pname)}:")
                lines.append(f"        type: {ptype}")
                lines.append(f"        description: {scalar(desc)}")
        lines.append(f"    tags: [导入, {kind}]")
        lines.append(f"    source: {scalar(source)}")
        lines.append("")
    return "\n".join(lines)


# -- the whole import -------------------------------------------------------------------------------
def plan_import(result, library: Library, name: str, source: str) -> tuple[str, str | None, ImportReport]:
    """Config text, block-file text (None when nothing is new) and the report, nothing written."""
    doc: Document = result.document
    plan = _Plan(library, name, source)
    cover = [plan.paragraph(p.text, {Kind.PARAGRAPH}, Kind.PARAGRAPH) for p in doc.cover]
    preamble = [plan.paragraph(p.text, {Kind.PREAMBLE, Kind.PARAGRAPH}, Kind.PREAMBLE) for p in doc.preamble]
    sections = []
    for section in doc.sections:
        heading = plan.paragraph(section.heading, {Kind.HEADING}, Kind.HEADING)
        heading.label = section.label
        lead = [plan.paragraph(p.text, {Kind.LEAD, Kind.PARAGRAPH}, Kind.LEAD) for p in section.lead]
        sections.append((heading, lead, [plan.item(i) for i in section.items]))
    closing = []
    for passage in doc.closing:
        lead = [plan.paragraph(p.text, {Kind.CLOSING, Kind.PARAGRAPH}, Kind.CLOSING) for p in passage.lead]
        closing.append((lead, [plan.item(i) for i in passage.points]))
    title = plan.inline(doc.title) if doc.title else None
    issuer = plan.inline(doc.signature.issuer) if doc.signature else None
    date = plan.inline(doc.signature.date) if doc.signature else None

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
    lines = [
        "# yaml-language-server: $schema=../schemas/config.schema.json",
        f"# 由 drafter import 从「{source}」导入（{dt.date.today().isoformat()}）。",
        "# drafter build --draft 可按原文重建；原文留空的地方（**）在下面写作 ~，填好后即可去掉 --draft。",
    ]
    if title is not None:
        lines.append(mapping_line("title", title))
    lines.append(f"kind: {kind}")
    # names, years and references under variables; the figures under targets
    def is_figure(name: str, value: Any) -> bool:
        if name in library.common:
            return False
        if value is None:
            return blank_types.get(name, "str") in ("int", "number", "percent")
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    variables = {k: v for k, v in top.items() if not is_figure(k, v)}
    targets = {k: v for k, v in top.items() if k not in variables}
    for group, values in (("variables", variables), ("targets", targets)):
        if values:
            lines += ["", f"{group}:"] + [mapping_line(k, v, 2) for k, v in values.items()]
    style = doc.numbering.items
    lines += ["", "numbering:", f"  items: {scalar(CONFIG_ITEM_STYLES.get(style, '1.'))}",
              f"  restart: {scalar(doc.numbering.restart)}"]
    for key, refs in (("cover", cover), ("preamble", preamble)):
        if refs:
            lines += ["", f"{key}:"] + [line for r in refs for line in _ref_lines(r, 2, local)]
    if sections:
        lines += ["", "sections:"]
        for heading, lead, items in sections:
            lines.append(f"  - heading: {scalar(heading.block_id)}")
            if heading.label is not None:
                lines.append(f"    label: {scalar(heading.label)}")
            if lead:
                lines.append("    lead:")
                lines += [line for r in lead for line in _ref_lines(r, 6, local)]
            if items:
                lines.append("    items:")
                lines += [line for r in items for line in _ref_lines(r, 6, local)]
    if closing:
        lines += ["", "closing:"]
        for lead, points in closing:
            if not points:
                lines += [line for r in lead for line in _ref_lines(r, 2, local)]
                continue
            lines.append("  - lead:" if lead else "  - points:")
            if lead:
                lines += [line for r in lead for line in _ref_lines(r, 6, local)]
                lines.append("    points:")
            lines += [line for r in points for line in _ref_lines(r, 6, local)]
    if issuer is not None:
        lines += ["", "signature:", mapping_line("issuer", issuer, 2), mapping_line("date", date, 2)]
    config_text = "\n".join(lines) + "\n"
    blocks_text = _block_file_text(name, source, plan.new_blocks, kind) if plan.new_blocks else None

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
    existing = [p for p in (config_path, blocks_dir) if p.exists()]
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
    for old in existing:
        report.backups.append(_backup(old))
    report.config_path = config_path
    if blocks_text is not None:
        report.blocks_path = blocks_dir / f"{name}.yaml"
        write_atomic(report.blocks_path, blocks_text.encode("utf-8"))
    write_atomic(config_path, config_text.encode("utf-8"))
    return report
