"""Editing a config one change at a time, for a user interface (``drafter serve``).

Each change — add, remove or move an entry, add a section, fill values, rewrite an
entry's words, apply a proofreader's fix — is a function over the config's
:class:`~drafter.yamlio.YamlDocument`, so the file keeps its comments, order and layout
exactly as :mod:`drafter.absorb` and :mod:`drafter.roll` keep them. :func:`change_config`
runs one change safely:

- the caller says which version of the file it edited (:func:`file_digest` of what it
  showed); a file changed on disk since is refused with :class:`StaleFileError`, never
  overwritten;
- the changed text must read back as a config, and must still build as a draft when it
  built before; otherwise nothing is written and the error says why (in Chinese, located);
- values that no entry reads any more are removed (the config may not give unused values),
  and said so, as absorb does.

The outline a page shows (:func:`outline`) and the value form (:func:`value_fields`) are
plain data built from the validated config and its draft build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .blocks import PARAM_TYPE_NAMES, Block, Kind, Library, Param, check_value
from .config import (CLOSING, COVER, HEADING, ITEMS, LEAD, POINTS, PREAMBLE, ClosingRef, Config, ItemRef, Slot,
                     config_from_data)
from .errors import DrafterError
from .flow import Line, flow
from .model import Document, Role
from .yamlio import YamlDocument, literal, load_yaml

YamlPath = tuple[Any, ...]

# one change at a time per process: two requests editing the same file must not interleave
_LOCK = threading.Lock()


# -- versions of a file ---------------------------------------------------------------------------
def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path | str) -> str:
    return digest(Path(path).read_bytes())


class StaleFileError(DrafterError):
    """The file changed on disk after the page that edits it was shown."""

    def __init__(self, file: str) -> None:
        super().__init__("文件已在别处修改（页面显示之后，文件在磁盘上被改动过），本次修改未写入", file=file,
                         hint="请重新打开它，看过最新的内容后再改")


class FieldErrors(DrafterError):
    """Input refused field by field: ``fields`` maps a field name to its Chinese message."""

    def __init__(self, fields: dict[str, str], file: str | None = None) -> None:
        super().__init__("有 %d 处填写有误，未写入" % len(fields), file=file, hint="请按各处的提示改正后再保存")
        self.fields = fields


@dataclass
class Changed:
    """What a change did: the file's new digest and what to tell the user."""

    digest: str
    notes: list[str] = field(default_factory=list)


def change_config(path: Path | str, expected: str, change: Callable[[YamlDocument, Config], Iterable[str] | None],
                  *, library: Library, name: str | None = None, drop_unused: bool = True) -> Changed:
    """Apply *change* to the config at *path* if it is still the version *expected* (a digest).

    *change* edits the YamlDocument (and may return notes for the user). The result must
    read back as a config and, when the config built as a draft before, still build;
    otherwise a DrafterError says why and nothing is written."""
    from .assembler import assemble

    path = Path(path)
    name = name or path.name
    with _LOCK:
        before = path.read_bytes()
        if digest(before) != expected:
            raise StaleFileError(name)
        old = config_from_data(load_yaml(before.decode("utf-8-sig"), name), name, path)
        built_before = _builds(old, library)
        yaml = YamlDocument.load(path, name)
        notes = list(change(yaml, old) or [])
        new = _reread(yaml, name, path)
        if drop_unused:
            removed = drop_unused_values(yaml, new, library)
            if removed:
                notes += [f"删去已无条目用到的取值「{n}」" for n in removed]
                new = _reread(yaml, name, path)
        if built_before:
            assemble(new, library, draft=True)  # raises, located, when the change broke the build
        data = yaml.to_bytes()
        if digest(path.read_bytes()) != expected:  # changed while we worked
            raise StaleFileError(name)
        yaml.save(path)
        return Changed(digest(data), notes)


def _reread(yaml: YamlDocument, name: str, path: Path) -> Config:
    return config_from_data(load_yaml(yaml.dumps(), name), name, path)


def _builds(config: Config, library: Library) -> bool:
    from .assembler import assemble

    try:
        assemble(config, library, draft=True)
    except DrafterError:
        return False
    return True


def write_checked(path: Path | str, expected: str, data: bytes, name: str | None = None) -> str:
    """Replace the file with *data* if it is still the version *expected*; the new digest."""
    from .fsutil import write_atomic

    path = Path(path)
    with _LOCK:
        if digest(path.read_bytes()) != expected:
            raise StaleFileError(name or path.name)
        write_atomic(path, data)
    return digest(data)


# -- the outline: the config's entries with what they print ----------------------------------------
@dataclass
class Entry:
    """One config entry that makes paragraphs, with the lines it printed in the draft build."""

    path: YamlPath
    role: str  # cover, preamble, heading, lead, item, closing, point, passage
    slot: Slot | None
    ref: Any  # the validated config object
    depth: int = 0
    lines: list[Line] = field(default_factory=list)
    children: "EntryList | None" = None  # sub-items of an item
    lead: "EntryList | None" = None  # a closing passage: its lead paragraphs and points
    points: "EntryList | None" = None

    @property
    def key(self) -> str:
        return path_key(self.path)

    @property
    def block(self) -> str | None:
        return getattr(self.ref, "block", None)

    @property
    def based_on(self) -> str | None:
        return getattr(self.ref, "based_on", None)

    @property
    def inline(self) -> bool:
        return getattr(self.ref, "text", None) is not None

    @property
    def label(self) -> str:
        return self.lines[0].label if self.lines else ""

    @property
    def title(self) -> str:
        return str(self.lines[0].title) if self.lines else ""

    @property
    def body(self) -> str:
        """The printed words without label and title sentence, paragraphs separated by a blank line."""
        if not self.lines:
            return ""
        return "\n\n".join([str(self.lines[0].body), *(str(line.body) for line in self.lines[1:])])

    @property
    def source_title(self) -> str:
        """What the editor shows as the title sentence: the one written in the config for inline
        text (variables as {{ 名称 }}), the printed one for a block."""
        if self.inline:
            return getattr(self.ref, "title", None) or ""
        return self.title

    @property
    def source_text(self) -> str:
        if self.inline:
            return self.ref.text.strip("\n")
        return self.body

    @property
    def blank_names(self) -> list[str]:
        return [b.name for line in self.lines for b in (line.title + line.body).blanks]


@dataclass
class EntryList:
    """A list of entries in the config (a place where entries may be added)."""

    path: YamlPath
    slot: Slot
    entries: list[Entry] = field(default_factory=list)
    depth: int = 0

    @property
    def key(self) -> str:
        return path_key(self.path)


@dataclass
class SectionOutline:
    index: int  # 0-based
    heading: Entry
    lead: EntryList
    items: EntryList

    @property
    def path(self) -> YamlPath:
        return ("sections", self.index)

    @property
    def key(self) -> str:
        return path_key(self.path)


@dataclass
class Outline:
    title: str
    cover: EntryList
    preamble: EntryList
    sections: list[SectionOutline]
    closing: EntryList
    entries: dict[str, Entry]  # by key
    notice: bool = False


def path_key(path: YamlPath) -> str:
    """A YAML path as one string for forms and URLs: ``sections/0/items/2``."""
    return "/".join(str(p) for p in path)


def parse_path(key: str) -> YamlPath:
    """The inverse of :func:`path_key` (numbers become indexes); a malformed key is refused."""
    if not key or len(key) > 500:
        raise DrafterError("位置参数无效", key="path")
    out: list[Any] = []
    for part in key.split("/"):
        if part.isdigit():
            out.append(int(part))
        elif re.fullmatch(r"[a-z_]+", part):
            out.append(part)
        else:
            raise DrafterError("位置参数无效", key="path", hint=key[:40])
    return tuple(out)


def outline(config: Config, document: Document) -> Outline:
    """The config's entries in order, each with the lines of the draft build it made."""
    spec = config.spec
    by_line: dict[int, Entry] = {}
    entries: dict[str, Entry] = {}

    def entry(path: YamlPath, role: str, slot: Slot | None, ref: Any, pos, depth: int = 0) -> Entry:
        e = Entry(path, role, slot, ref, depth)
        if pos is not None:
            by_line.setdefault(pos.line, e)
        entries[e.key] = e
        return e

    def paragraphs(path: YamlPath, slot: Slot, refs: list, role: str) -> EntryList:
        return EntryList(path, slot, [entry((*path, i), role, slot, r, r.pos) for i, r in enumerate(refs)])

    def items(path: YamlPath, slot: Slot, refs: list, role: str, depth: int) -> EntryList:
        out = EntryList(path, slot, depth=depth)
        for i, ref in enumerate(refs):
            e = entry((*path, i), role, slot, ref, ref.pos, depth)
            if isinstance(ref, ItemRef):
                e.children = items((*path, i, "items"), ITEMS, ref.items, "item", depth + 1)
            out.entries.append(e)
        return out

    cover = paragraphs(("cover",), COVER, spec.cover, "cover")
    preamble = paragraphs(("preamble",), PREAMBLE, spec.preamble, "preamble")
    sections = []
    for s, section in enumerate(spec.sections):
        heading = entry(("sections", s, "heading"), "heading", HEADING, section.heading, section.value_pos("heading"))
        sections.append(SectionOutline(s, heading, paragraphs(("sections", s, "lead"), LEAD, section.lead, "lead"),
                                       items(("sections", s, "items"), ITEMS, section.items, "item", 0)))
    closing = EntryList(("closing",), CLOSING)
    for c, ref in enumerate(spec.closing):
        if isinstance(ref, ClosingRef) and ref.is_passage:
            e = Entry(("closing", c), "passage", CLOSING, ref)
            entries[e.key] = e
            e.lead = paragraphs(("closing", c, "lead"), CLOSING, ref.lead, "closing")
            e.points = items(("closing", c, "points"), POINTS, ref.points, "point", 0)
        else:
            e = entry(("closing", c), "closing", CLOSING, ref, ref.pos)
        closing.entries.append(e)
    for line in flow(document):
        origin = line.origin
        if origin is None or origin.line is None or origin.file != config.file:
            continue
        if line.role in _BODY_ROLES and origin.line in by_line:
            by_line[origin.line].lines.append(line)
    return Outline(str(document.title), cover, preamble, sections, closing, entries, notice=document.notice is not None)


_BODY_ROLES = {Role.COVER, Role.PREAMBLE, Role.HEADING, Role.LEAD, Role.ITEM, Role.MORE, Role.CLOSING, Role.POINT}


def slot_of_list(path: YamlPath) -> Slot:
    """Which kinds of block the list at *path* holds."""
    if path == ("cover",):
        return COVER
    if path == ("preamble",):
        return PREAMBLE
    if path == ("closing",):
        return CLOSING
    if len(path) >= 3 and path[0] == "sections" and path[-1] == "lead":
        return LEAD
    if len(path) == 3 and path[0] == "closing" and path[-1] == "lead":
        return CLOSING
    if path[-1] == "points":
        return POINTS
    if path[-1] == "items" and path[0] == "sections":
        return ITEMS
    raise DrafterError("这里不能放入段落", key=path_key(path))


SLOT_NAMES = {"cover": "印发通知正文", "preamble": "开头段", "heading": "一级标题", "lead": "导语段", "items": "条目",
              "closing": "结尾段", "points": "“一是、二是……”"}


def fits(block: Block, slot: Slot) -> str | None:
    """Why *block* cannot stand in *slot* (Chinese), or None."""
    if block.kind in slot.kinds:
        return None
    return (f"块「{block.id}」是{block.kind.zh}，不能放在{SLOT_NAMES.get(slot.name, slot.name)}中"
            f"（此处可放：{slot.allowed}）")


# -- changes ------------------------------------------------------------------------------------
def _ensure_list(yaml: YamlDocument, list_path: YamlPath) -> None:
    """Make the list at *list_path* when it is not there (``items:`` of an item that had none)."""
    parent_path, key = list_path[:-1], list_path[-1]
    parent = _get(yaml, parent_path) if parent_path else yaml.tree
    if isinstance(parent, str):  # a bare block id (- 政治建设/…) that gets sub-items: becomes a mapping
        yaml.set(list(parent_path), {"block": parent})
        parent = yaml.get(list(parent_path))
    if not isinstance(parent, dict):
        raise DrafterError("要放入的位置在文件中不存在（文件可能已改动）", key=path_key(list_path), hint="请重新打开文件")
    if key not in parent or parent[key] is None:
        yaml.set(list(list_path), [])


def add_block(list_path: YamlPath, index: int, block_id: str, library: Library):
    """A change: the block *block_id* into the list at *list_path*, before position *index*."""
    block = library.get(block_id)
    if block is None:
        raise DrafterError(f"块库中没有编号为「{block_id}」的块", hint=library.suggest(block_id) or "请从块库中选择")
    problem = fits(block, slot_of_list(list_path))
    if problem:
        raise DrafterError(problem)

    def change(yaml: YamlDocument, config: Config) -> list[str]:
        _ensure_list(yaml, list_path)
        yaml.insert(list(list_path), index, block_id)
        return [f"已添加「{_short(block.title_source or block.body_source)}」（块 {block_id}）"]

    return change


def add_text(list_path: YamlPath, index: int, title: str, text: str):
    """A change: one-off words (``text:``, with a ``title`` for an item) into the list."""
    slot = slot_of_list(list_path)
    text, title = _clean(text), _clean(title)
    if not text and not title:
        raise FieldErrors({"text": "请写出这一段的文字"})

    def change(yaml: YamlDocument, config: Config) -> list[str]:
        _ensure_list(yaml, list_path)
        entry: dict[str, Any] = {}
        if title and slot in (ITEMS, POINTS):
            entry["title"] = title
        entry["text"] = _scalar(text if title and slot in (ITEMS, POINTS) else (text or title))
        yaml.insert(list(list_path), index, entry)
        return [f"已添加一段直接写的文字「{_short(title + text)}」"]

    return change


def add_section(index: int, heading_block: str | None, heading_text: str | None, library: Library):
    """A change: a new section (一级标题 from a block or written out) before position *index*."""
    heading_text = _clean(heading_text or "")
    if heading_block:
        block = library.get(heading_block)
        if block is None:
            raise DrafterError(f"块库中没有编号为「{heading_block}」的块", hint=library.suggest(heading_block))
        problem = fits(block, HEADING)
        if problem:
            raise DrafterError(problem)
        heading: Any = heading_block
    elif heading_text:
        if "\n" in heading_text:
            raise FieldErrors({"heading_text": "一级标题只能有一段"})
        from .yamlio import flow_map

        heading = flow_map({"text": heading_text})
    else:
        raise FieldErrors({"heading_text": "请写出标题，或从块库中选一个一级标题"})

    def change(yaml: YamlDocument, config: Config) -> list[str]:
        if yaml.tree.get("sections") is None:
            yaml.set(("sections",), [])
        yaml.insert(["sections"], index, {"heading": heading, "items": []})
        return ["已添加一个部分"]

    return change


def remove(path: YamlPath):
    """A change: remove the entry (or section) at *path*."""
    def change(yaml: YamlDocument, config: Config) -> list[str]:
        _get(yaml, path)
        yaml.delete(list(path))
        return ["已删除一个部分" if len(path) == 2 and path[0] == "sections" else "已删除"]

    return change


def move(path: YamlPath, to_list: YamlPath, to_index: int):
    """A change: move the entry at *path* to position *to_index* of the list *to_list* (counted
    before the move). Entries move only between lists of the same kind (items to items …)."""
    from_list, from_index = path[:-1], path[-1]
    if not isinstance(from_index, int) or to_index < 0:
        raise DrafterError("只能移动列表中的一项", key=path_key(path))
    sections = from_list == ("sections",)
    if sections != (to_list == ("sections",)) or (not sections and slot_of_list(from_list) != slot_of_list(to_list)):
        raise DrafterError("只能在同类的位置之间移动（条目移到条目中，段落移到段落中）")
    if to_list[:len(path)] == path:
        raise DrafterError("不能把一项移到它自己的下级中")

    def change(yaml: YamlDocument, config: Config) -> list[str]:
        node = _get(yaml, path)
        index = to_index
        if from_list == to_list and from_index < to_index:
            index -= 1
        if from_list == to_list and index == from_index:
            return []
        yaml.delete(list(path))
        # the target list's own path may have shifted if it came after the entry in the same list
        target_path = list(to_list)
        if len(to_list) > len(from_list) and tuple(to_list[:len(from_list)]) == from_list:
            step = to_list[len(from_list)]
            if isinstance(step, int) and step > from_index:
                target_path[len(from_list)] = step - 1
        _ensure_list(yaml, tuple(target_path))
        yaml.insert(target_path, index, node)
        return ["已移动"]

    return change


def set_text(path: YamlPath, title: str, text: str, *, rendered: bool):
    """A change: the entry's words written out in the config (``text:``, ``title:`` for an item), with
    ``based_on`` naming the block they came from, as :mod:`drafter.absorb` writes a leader's edit.

    *rendered*: the words are as printed (a block's text with its values filled in): braces in
    them are written so that they print as themselves. Otherwise they are the config's own
    one-off text, where ``{{ 名称 }}`` reads a variable."""
    title, text = _clean(title), _clean(text)
    if not text and not title:
        raise FieldErrors({"text": "文字不能为空；要删去这一段请用“删除”"})
    if rendered:
        title, text = _escape(title), _escape(text)

    def change(yaml: YamlDocument, config: Config) -> list[str]:
        node = _get(yaml, path)
        heading = path[-1] == "heading"
        numbered = len(path) >= 2 and path[-2] in ("items", "points")
        source = node if isinstance(node, str) else (node.get("block") or node.get("based_on"))
        entry: dict[str, Any] = {}
        if numbered and title:
            entry["title"] = title
            entry["text"] = _scalar(text)
        else:
            entry["text"] = _scalar(f"{title}{text}" if not heading else (title + text).replace("\n", ""))
        if source:
            entry["based_on"] = source
        if isinstance(node, dict):
            entry.update({k: node[k] for k in ("label", "items", "task") if k in node})
        yaml.set(list(path), entry)
        return [f"已改写为直接写的文字" + (f"（记下原来的块 {source}）" if source else "")]

    return change


def restore_block(path: YamlPath, block_id: str, library: Library):
    """A change: one-off text goes back to the block it was based on."""
    if library.get(block_id) is None:
        raise DrafterError(f"块库中没有编号为「{block_id}」的块")

    def change(yaml: YamlDocument, config: Config) -> list[str]:
        node = _get(yaml, path)
        kept = {k: node[k] for k in ("label", "items", "task") if isinstance(node, dict) and k in node}
        yaml.set(list(path), {"block": block_id, **kept} if kept else block_id)
        return [f"已恢复为块 {block_id} 的文字"]

    return change


def _get(yaml: YamlDocument, path: YamlPath) -> Any:
    try:
        return yaml.get(list(path))
    except (KeyError, IndexError, TypeError):
        raise DrafterError("要修改的位置在文件中不存在（文件可能已改动）", key=path_key(path),
                           hint="请重新打开文件") from None


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


def _escape(text: str) -> str:
    """Printed words as one-off text: braces would open a template, so they print as themselves."""
    return text.replace("{", '{{ "{" }}') if "{" in text else text


def _scalar(text: str) -> Any:
    return literal(text + "\n") if "\n" in text else text


def _short(text: str, limit: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


# -- values -----------------------------------------------------------------------------------------
NUMBER_TYPES = ("int", "number", "percent")
LAST_YEAR_NOTE = re.compile(r"#\s*去年：([^；#\n]*)")


@dataclass
class ValueField:
    """One value the document reads, for a form."""

    name: str
    type: str
    description: str = ""
    example: Any = None
    value: Any = None  # as the config gives it (variables or targets), None when not given or ~
    group: str | None = None  # "variables" / "targets" where it is given
    last_year: str | None = None
    blank: bool = False  # missing: the draft shows **
    yearly: bool = False
    common: bool = False
    used_by: list[str] = field(default_factory=list)  # labels or words of the entries that read it
    default: Any = None

    @property
    def type_zh(self) -> str:
        return PARAM_TYPE_NAMES.get(self.type, "文字")

    @property
    def shown(self) -> str:
        return shown_value(self.value)


def shown_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value)


def value_fields(config: Config, library: Library, document: Document | None = None,
                 previous: dict[str, Any] | None = None, outline_: Outline | None = None) -> list[ValueField]:
    """Every value the document reads, in the order of first use, then the others the config gives."""
    from .templating import parse_template

    spec = config.spec
    given = {**spec.variables, **spec.targets}
    blanks = {b.name for b in document.blanks()} if document is not None else set()
    fields: dict[str, ValueField] = {}

    def add(name: str, param: Param | None, user: str | None) -> None:
        f = fields.get(name)
        if f is None:
            f = fields[name] = ValueField(name, param.type if param else _guess_type(given.get(name)),
                                          param.description if param else "", param.example if param else None,
                                          default=param.default if param else None,
                                          yearly=bool(param and param.yearly), common=bool(param and param.common))
        elif param is not None and not f.description:
            f.description, f.type, f.example = param.description, param.type, param.example
        if user and user not in f.used_by and len(f.used_by) < 8:
            f.used_by.append(user)

    def names_of(source: str | None) -> list[str]:
        if not source:
            return []
        try:
            return sorted(parse_template(source)[1], key=lambda n: source.find(n))
        except Exception:  # noqa: BLE001 - a broken template is the build's to report
            return []

    for name in names_of(spec.title):
        add(name, library.common.get(name), "标题")
    walk = outline_ if outline_ is not None else (outline(config, document) if document is not None else None)
    for e in _all_entries(walk) if walk is not None else []:
        where = (e.label + _short(e.title or e.body, 12)) if e.lines else (e.block or "")
        block = library.get(e.block) if e.block else None
        if block is not None:
            for name in block.variables_in_order():
                if name in getattr(e.ref, "values", {}):
                    continue
                add(name, block.param(name, library.common), where)
        for source in (getattr(e.ref, "title", None), getattr(e.ref, "text", None)):
            for name in names_of(source):
                add(name, library.common.get(name), where)
    if spec.signature is not None:
        for name in names_of(spec.signature.issuer):
            add(name, library.common.get(name), "署名")
    for name in given:
        add(name, library.common.get(name), None)
    notes = last_year_notes(config)
    for name, f in fields.items():
        f.value = given.get(name)
        f.group = "targets" if name in spec.targets else "variables" if name in spec.variables else None
        f.blank = name in blanks
        f.last_year = notes.get(name)
        if f.last_year is None and previous and previous.get(name) is not None:
            f.last_year = shown_value(previous[name])
    return list(fields.values())


def _all_entries(o: Outline) -> Iterable[Entry]:
    def walk(lst: EntryList | None) -> Iterable[Entry]:
        for e in (lst.entries if lst else []):
            yield e
            yield from walk(e.children)
            yield from walk(e.lead)
            yield from walk(e.points)

    yield from walk(o.cover)
    yield from walk(o.preamble)
    for s in o.sections:
        yield s.heading
        yield from walk(s.lead)
        yield from walk(s.items)
    yield from walk(o.closing)


def all_entries(o: Outline) -> list[Entry]:
    return list(_all_entries(o))


def _guess_type(value: Any) -> str:
    if isinstance(value, bool):
        return "str"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    return "str"


def last_year_notes(config: Config) -> dict[str, str]:
    """Last year's values that ``drafter roll`` left in comments (``键: ~  # 去年：6.5``)."""
    try:
        lines = config.path.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return {}
    out: dict[str, str] = {}
    for group in ("variables", "targets"):
        mapping = config.raw.get(group)
        if not hasattr(mapping, "key_pos"):
            continue
        for name, pos in mapping.key_pos.items():
            if 0 < pos.line <= len(lines):
                m = LAST_YEAR_NOTE.search(lines[pos.line - 1])
                if m:
                    out[str(name)] = m.group(1).strip()
    return out


def previous_config(path: Path, root: Path, year: int | None) -> Path | None:
    """Last year's config beside this one: the same name with the year before (``-2022`` for ``-2023``)."""
    if not year:
        return None
    name = path.name
    if str(year) not in name:
        return None
    candidate = path.with_name(name.replace(str(year), str(year - 1)))
    return candidate if candidate.is_file() and candidate != path else None


def previous_values(path: Path | None) -> dict[str, Any]:
    """The variables and targets of another config (last year's), or nothing when it cannot be read."""
    from .yamlio import load_yaml_file

    if path is None:
        return {}
    try:
        data = load_yaml_file(path, path.name)
    except DrafterError:
        return {}
    out: dict[str, Any] = {}
    for group in ("variables", "targets"):
        if isinstance(data, dict) and isinstance(data.get(group), dict):
            out.update(data[group])
    return out


def parse_value(text: str, type_: str) -> Any:
    """A value typed into a form, as the parameter's type reads it; ValueError with a Chinese reason."""
    text = (text or "").strip()
    if not text or text in ("~", "**"):
        return None
    if type_ == "int":
        t = _ascii_digits(text)
        if re.fullmatch(r"[+-]?\d+", t):
            return int(t)
        raise ValueError("应为整数，如 12")
    if type_ in ("number", "percent"):
        t = _ascii_digits(text)
        if type_ == "percent" and t.endswith("%"):
            raise ValueError("只写数字，不要带%号")
        if re.fullmatch(r"[+-]?\d+", t):
            return int(t)
        if re.fullmatch(r"[+-]?\d*\.\d+", t):
            return float(t)
        raise ValueError("应为数字，如 6.5")
    if type_ == "date":
        t = _ascii_digits(text)
        m = re.fullmatch(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?", t)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                pass
        raise ValueError("应为日期，写成 2023-02-10")
    return text


def _ascii_digits(text: str) -> str:
    return text.translate(str.maketrans("０１２３４５６７８９．－＋％", "0123456789.-+%"))


def set_values(typed: dict[str, str], fields: list[ValueField]):
    """A change: the values typed into the form, each where the config gives it (``variables`` or
    ``targets``), a new one in ``targets`` when it is a number, else in ``variables``. Values left
    empty stay unset (or become ``~`` where the config had them). Refused field by field."""
    by_name = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, text in typed.items():
        f = by_name.get(name)
        if f is None:
            continue
        try:
            value = parse_value(text, f.type)
        except ValueError as e:
            errors[name] = f"「{name}」{e}"
            continue
        problem = check_value(Param(name, f.type, f.description), value) if value is not None else None
        if problem:
            errors[name] = problem
            continue
        values[name] = value
    if errors:
        raise FieldErrors(errors)

    def change(yaml: YamlDocument, config: Config) -> list[str]:
        changed = []
        for name, value in values.items():
            f = by_name[name]
            group = f.group
            if group is None:
                if value is None:
                    continue
                group = "targets" if f.type in NUMBER_TYPES else "variables"
            if f.group is not None and _same(f.value, value):
                continue
            _ensure_group(yaml, group)
            yaml.set((group, name), value)
            changed.append(name)
        if not changed:
            return ["取值没有变化"]
        return ["已保存取值：" + "、".join(changed)]

    return change


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _ensure_group(yaml: YamlDocument, group: str) -> None:
    tree = yaml.tree
    if tree.get(group) is not None:
        return
    from .yamlio import to_tree

    keys = list(tree)
    if group in tree:  # written as "targets:" with nothing: becomes a mapping in place
        yaml.set((group,), {})
        return
    # after variables (targets) or kind (variables), like the hand-written configs
    after = "variables" if group == "targets" and "variables" in tree else "kind" if "kind" in tree else None
    position = keys.index(after) + 1 if after else len(keys)
    tree.insert(position, group, to_tree({}))


def drop_unused_values(yaml: YamlDocument, config: Config, library: Library) -> list[str]:
    """Remove the variables and targets no entry reads any more (an item removed, a block rewritten
    as text): a config may not give values nobody uses."""
    from .templating import parse_template

    used: set[str] = set()

    def sources(ref: Any) -> None:
        block = library.get(getattr(ref, "block", None) or "") if ref is not None else None
        if block is not None:
            used.update(block.variables)
            used.update(n for n in block.params if n in ("牵头单位", "责任单位", "完成时限"))
        for source in (getattr(ref, "text", None), getattr(ref, "title", None)):
            if source:
                try:
                    used.update(parse_template(source)[1])
                except Exception:  # noqa: BLE001 - reported by the build
                    pass
        for child in getattr(ref, "items", []) or []:
            sources(child)
        for child in (getattr(ref, "lead", None) or []) if isinstance(ref, ClosingRef) else []:
            sources(child)
        for child in (getattr(ref, "points", None) or []) if isinstance(ref, ClosingRef) else []:
            sources(child)

    spec = config.spec
    for ref in (*spec.cover, *spec.preamble, *spec.closing):
        sources(ref)
    for section in spec.sections:
        sources(section.heading)
        for ref in (*section.lead, *section.items):
            sources(ref)
    text_fields = [spec.title]
    if spec.signature is not None:
        text_fields.append(spec.signature.issuer)
    if spec.header is not None:
        text_fields += [spec.header.organ, spec.header.number, *spec.header.signers]
    if spec.recipients:
        text_fields.append(spec.recipients)
    if spec.notice is not None:
        text_fields.append(spec.notice.title)
    if spec.tasks is not None:
        text_fields.append(spec.tasks.title)
    if spec.imprint is not None:
        text_fields += [spec.imprint.printer, *spec.imprint.cc]
    for source in text_fields:
        if isinstance(source, str):
            try:
                used.update(parse_template(source)[1])
            except Exception:  # noqa: BLE001
                pass
    removed = []
    for group in ("variables", "targets"):
        for name in list(getattr(spec, group)):
            if name not in used and name not in library.common:
                yaml.delete([group, name])
                removed.append(name)
    return removed


# -- one proofreader's fix ---------------------------------------------------------------------------
def finding_key(f: Any) -> str:
    """A finding named for a form: rule, paragraph path, characters and the replacement."""
    return "|".join(str(x) for x in (f.rule, f.path or "", f.start, f.end, f.fix or ""))


def apply_fix(path: Path | str, expected: str, key: str, *, library: Library, name: str | None = None) -> Changed:
    """Apply the one safe fix named by *key* (:func:`finding_key`) to the config, through the same
    code as ``drafter check --fix`` (a value inside the config changed, comments kept)."""
    import tempfile

    from .check import check_path
    from .check.fix import write_fixed

    path = Path(path)
    name = name or path.name
    if file_digest(path) != expected:
        raise StaleFileError(name)
    result = check_path(path, library=library)
    chosen = [f for f in result.findings if finding_key(f) == key]
    if not chosen:
        raise DrafterError("这处问题已不存在（可能已经改正）", file=name, hint="请重新校对")
    result.findings = chosen
    f = chosen[0]
    done = [f"已修正「{f.text or ''}」→「{f.fix}」"]
    with tempfile.TemporaryDirectory(prefix="drafter-fix-") as tmp:
        out = Path(tmp) / path.name
        outcome = write_fixed(result, path, out)
        data = out.read_bytes() if outcome.applied else None
    if data is not None:
        return Changed(write_checked(path, expected, data, name), done)
    # not a value: the words may be the config's own one-off text (text:/title: of the entry)
    change = _fix_in_text(result, f)
    if change is None:
        reason = outcome.left[0].reason if outcome.left else "这处问题没有可靠的自动修正"
        raise DrafterError(f"未能自动修正：{reason}", file=name)
    changed = change_config(path, expected, change, library=library, name=name, drop_unused=False)
    return Changed(changed.digest, done)


def _fix_in_text(result: Any, f: Any):
    """A change that makes *f*'s fix inside the one-off text it was found in, or None when the
    quoted characters cannot be found there exactly once (with a few neighbours)."""
    from .check.comments import finding_para
    from .check.fix import occurrences

    para = finding_para(result.doc, f)
    config = getattr(result.doc, "config", None)
    if para is None or config is None or f.start is None or f.end is None or f.fix is None:
        return None
    entry = next((e for e in all_entries(outline(config, result.doc.document))
                  if any(line.path == f.path for line in e.lines)), None)
    if entry is None or not entry.inline:
        return None
    sources = {k: getattr(entry.ref, k, None) for k in ("title", "text")}
    sources = {k: v for k, v in sources.items() if isinstance(v, str)}
    text = para.text
    for back in range(0, 7):
        for ahead in range(0, 7):
            a, b = max(0, f.start - back), min(len(text), f.end + ahead)
            probe = text[a:b]
            if not probe:
                continue
            hits = [(k, at) for k, v in sources.items() for at in occurrences(v, probe)]
            if len(hits) == 1:
                k, at = hits[0]
                start = at + (f.start - a)
                end = start + (f.end - f.start)

                def change(yaml: YamlDocument, config: Config, k=k, start=start, end=end) -> list[str]:
                    old = yaml.get([*entry.path, k])
                    yaml.set([*entry.path, k], old[:start] + f.fix + old[end:])
                    return []

                return change
    return None


# -- a block of the library ------------------------------------------------------------------------
@dataclass
class ParamInput:
    """One parameter as a form gives it (texts as typed)."""

    name: str
    type: str = "str"
    description: str = ""
    example: str = ""
    default: str = ""
    yearly: bool = False
    remove: bool = False


def block_file_digest(library: Library, block_id: str) -> str:
    block = library.get(block_id)
    if block is None:
        raise DrafterError(f"块库中没有编号为「{block_id}」的块", hint=library.suggest(block_id))
    return file_digest(library.root / block.file)


def edit_block(root: Path | str, block_id: str, expected: str, *, title: str, body: str, tags: list[str],
               params: list[ParamInput]) -> Changed:
    """Rewrite one block's title sentence, text, tags and parameters in its file, through the YAML layer,
    checked as the library checks it when loading (a located error per field: :class:`FieldErrors`
    keys ``title``, ``body``, ``tags``, ``param:名称`` and ``_``). The block's id does not change
    (configs name it). Notes name the configs that no longer build with the new block."""
    from .blocks import add_block_file, load_common_params, load_library
    from .yamlio import flow_seq

    root = Path(root)
    library = load_library(root)
    block = library.get(block_id)
    if block is None:
        raise DrafterError(f"块库中没有编号为「{block_id}」的块", hint=library.suggest(block_id))
    path = root / block.file
    name = block.file
    errors: dict[str, str] = {}
    body = _clean(body)
    title = _clean(title)
    if not body:
        errors["body"] = "正文不能为空"
    if "\n" in title:
        errors["title"] = "标题句只能有一行"
    values: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for p in params:
        p.name = p.name.strip()
        if p.remove or (not p.name and not p.description.strip()):
            continue
        field_key = f"param:{p.name or '（新参数）'}"
        if not p.name:
            errors[field_key] = "请写出参数名"
            continue
        if p.name in seen:
            errors[field_key] = f"参数「{p.name}」写了两次"
            continue
        seen.add(p.name)
        if p.type not in PARAM_TYPE_NAMES:
            errors[field_key] = f"「{p.name}」的类型无效"
            continue
        entry: dict[str, Any] = {"type": p.type, "description": p.description.strip()}
        for attr in ("default", "example"):
            text = getattr(p, attr)
            try:
                value = parse_value(text, p.type)
            except ValueError as e:
                errors[field_key] = f"「{p.name}」的{'默认值' if attr == 'default' else '示例'}{e}"
                continue
            if value is not None:
                entry[attr] = value
        if p.yearly:
            entry["yearly"] = True
        values[p.name] = entry
    if errors:
        raise FieldErrors(errors, name)

    broken_before = _configs_broken_by(root)
    with _LOCK:
        if file_digest(path) != expected:
            raise StaleFileError(name)
        yaml = YamlDocument.load(path, name)
        blocks = yaml.tree.get("blocks") if isinstance(yaml.tree, dict) else None
        index = next((i for i, b in enumerate(blocks or []) if isinstance(b, dict) and b.get("id") == block_id), None)
        if index is None:
            raise StaleFileError(name)
        here = ("blocks", index)
        node = yaml.get(here)
        if title:
            yaml.set((*here, "title"), title)
        elif "title" in node:
            yaml.delete([*here, "title"])
        old_body = node.get("body")
        yaml.set((*here, "body"), literal(body + "\n") if "\n" in body or not isinstance(old_body, str)
                 or old_body.endswith("\n") else body)
        if tags or "tags" in node:
            if list(node.get("tags") or []) != tags:
                yaml.set((*here, "tags"), flow_seq(tags))
        old_params = node.get("params") or {}
        if values or old_params:
            if "params" not in node or node["params"] is None:
                yaml.set((*here, "params"), {})
            for pname in list(old_params):
                if pname not in values:
                    yaml.delete([*here, "params", pname])
            for pname, entry in values.items():
                old = old_params.get(pname)
                if not isinstance(old, dict):
                    yaml.set((*here, "params", pname), entry)
                    continue
                for attr in ("type", "description", "default", "example", "yearly"):
                    if attr in entry:
                        if old.get(attr) != entry[attr] or type(old.get(attr)) is not type(entry[attr]):
                            yaml.set((*here, "params", pname, attr), entry[attr])
                    elif attr in old and not (attr == "type" and old[attr] == "str"):
                        yaml.delete([*here, "params", pname, attr])
            if not yaml.get((*here, "params")):
                yaml.delete([*here, "params"])
        text = yaml.dumps()
        data = load_yaml(text, name)
        others = Library(root, {k: b for k, b in library.blocks.items() if b.file != block.file},
                         load_common_params(root))
        problems = add_block_file(others, data, name, text.split("\n"))
        if problems:
            raise FieldErrors(_block_fields(problems, block_id), name)
        if file_digest(path) != expected:
            raise StaleFileError(name)
        yaml.save(path)
    notes = ["已保存块 " + block_id]
    broken = [f"{k}（{v}）" for k, v in _configs_broken_by(root).items() if k not in broken_before]
    if broken:
        notes.append("注意：改动后，下列配置生成时出错，请检查它们的取值或把块改回：" + "；".join(broken))
    return Changed(digest(yaml.to_bytes()), notes)


def _block_fields(problems: list[DrafterError], block_id: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in problems:
        key = e.key or ""
        message = e.message + (f"（{e.hint}）" if e.hint else "")
        m = re.search(r"params\.([^.\s]+)", key)
        if m:
            field_key = f"param:{m.group(1)}"
        elif key.endswith(" params") or key.endswith(".params"):
            found = re.search(r"「([^」]+)」", e.message)
            field_key = f"param:{found.group(1)}" if found else "_"
        elif key.endswith("title"):
            field_key = "title"
        elif key.endswith("body"):
            field_key = "body"
        elif "tags" in key:
            field_key = "tags"
        else:
            field_key = "_"
        out[field_key] = (out[field_key] + "；" if field_key in out else "") + message
    return out


def _configs_broken_by(root: Path) -> dict[str, str]:
    """The configs (under configs/) that no longer build as a draft with the library as it is now."""
    from .assembler import assemble
    from .blocks import load_library
    from .builder import load
    from .documents import config_files

    try:
        library = load_library(root)
    except DrafterError as e:
        return {"blocks/": str(e).split("\n")[0]}
    out = {}
    for path in config_files(root):
        try:
            config, _ = load(path, library=library)
            assemble(config, library, draft=True)
        except DrafterError as e:
            out[path.relative_to(root).as_posix()] = str(e).splitlines()[-1][:80]
    return out
