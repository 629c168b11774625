"""`drafter absorb`: carry a leader's edits in the built Word document back into the config.

A leader types over the built .docx (in Word or WPS; tracked changes accepted first, or
the reader takes the text as if they were). Rebuilding would lose those edits, retyping
them invites new slips. Absorb aligns the edited document with the config's build
(:func:`drafter.diff.align_edited`: paragraphs paired by the config entry they came from,
then by text) and writes each edit where it belongs:

- an edit inside a parameter's value → the new value, where the value is given (or as
  this entry's own ``values`` when the other uses of the same value were not edited);
- any other edit of a paragraph → the entry becomes one-off ``text:`` (with its ``title``
  for an item), ``based_on`` naming the block it came from, so check and diff still know;
- a paragraph deleted → its entry removed (all its paragraphs deleted) or rewritten;
- a paragraph added → a new ``text:`` entry after the entry it follows, when that is
  unambiguous (an item after an item, a lead paragraph after a heading or a lead);
- a paragraph moved → its entry moved, when both places are lists of the same kind.

The config is rewritten through the YAML layer (comments and order kept). Then the config
is built again and compared with the edited document: every paragraph that does not come
out as the leader wrote it is listed, and so is whatever could not be placed — nothing
is guessed. The edited file is recorded as absorbed, so the next build may replace it (its
copy goes to ``output/.history/``) without ``--force``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config, ConfigSpec, ItemRef, Located
from .diff import CHANGED, DELETED, EQUAL, INSERTED, MOVED, Op, Side, align_edited, touched_values
from .errors import DrafterError
from .model import Role, Value
from .yamlio import YamlDocument

YamlPath = tuple[Any, ...]


@dataclass
class Entry:
    """One config entry that makes paragraphs: its YAML path and its validated object."""

    path: YamlPath
    spec: Any  # a Located: ParagraphRef, HeadingRef, ItemRef, PointRef, ClosingRef, or None for title/signature
    role: str  # "item", "point", "lead", "paragraph", "heading", "title", "issuer", "date"

    @property
    def list_path(self) -> YamlPath:
        return self.path[:-1]


@dataclass
class Change:
    """One thing absorb did (or could not do), for the report."""

    what: str  # Chinese, one line
    line: int | None = None  # the config line it concerns
    done: bool = True


@dataclass
class AbsorbReport:
    config: str
    edited: str
    changes: list[Change] = field(default_factory=list)
    not_carried: list[str] = field(default_factory=list)  # paragraphs that do not rebuild as edited
    written: bool = False

    @property
    def left(self) -> list[Change]:
        return [c for c in self.changes if not c.done]


# -- the config's entries, by the line where each starts ----------------------------------------------
def _entries(spec: ConfigSpec) -> dict[int, Entry]:
    """Every entry that makes paragraphs, keyed by the config line a paragraph's origin names."""
    out: dict[int, Entry] = {}

    def add(path: YamlPath, obj: Any, role: str, pos) -> None:
        if pos is not None:
            out.setdefault(pos.line, Entry(path, obj, role))

    def items(refs: list, path: YamlPath, role: str) -> None:
        for i, ref in enumerate(refs):
            add((*path, i), ref, role, ref.pos)
            if isinstance(ref, ItemRef):
                items(ref.items, (*path, i, "items"), "item")

    if spec.title is not None:
        add(("title",), None, "title", spec.value_pos("title"))
    for name in ("cover", "preamble"):
        for i, ref in enumerate(getattr(spec, name)):
            add((name, i), ref, "paragraph", ref.pos)
    for s, section in enumerate(spec.sections):
        add(("sections", s, "heading"), section.heading, "heading", section.value_pos("heading"))
        for i, ref in enumerate(section.lead):
            add(("sections", s, "lead", i), ref, "lead", ref.pos)
        items(section.items, ("sections", s, "items"), "item")
    for c, ref in enumerate(spec.closing):
        if ref.is_passage:
            for i, lead in enumerate(ref.lead):
                add(("closing", c, "lead", i), lead, "closing", lead.pos)
            items(ref.points, ("closing", c, "points"), "point")
        else:
            add(("closing", c), ref, "closing", ref.pos)
    if spec.signature is not None:
        add(("signature", "issuer"), None, "issuer", spec.signature.value_pos("issuer"))
        add(("signature", "date"), None, "date", spec.signature.value_pos("date"))
    return out


# -- the absorbing ------------------------------------------------------------------------------------
class _Absorber:
    def __init__(self, config: Config, yaml: YamlDocument, ops: list[Op]) -> None:
        self.config = config
        self.yaml = yaml
        self.ops = ops
        self.entries = _entries(config.spec)
        self.changes: list[Change] = []
        self.rewrites: dict[YamlPath, Entry] = {}  # entries to become one-off text
        self.deleted: set[YamlPath] = set()
        self.value_sets: dict[tuple, Any] = {}  # (yaml path of the value) → new value
        self.inserts: list[tuple[YamlPath, int, dict, Op]] = []  # (list path, index in the original list, entry, op)

    def entry_of(self, op_side) -> Entry | None:
        origin = op_side.line.origin if op_side is not None else None
        return self.entries.get(origin.line) if origin is not None and origin.line is not None else None

    # every paragraph of one entry, old side, in order
    def paragraphs_of(self, entry: Entry) -> list[Op]:
        return [op for op in self.ops if op.old is not None and self.entry_of(op.old) is entry]

    def run(self) -> None:
        by_entry: dict[int, list[Op]] = {}
        for op in self.ops:
            if op.kind == INSERTED:
                self.insert(op)
                continue
            entry = self.entry_of(op.old)
            if entry is None:
                if op.kind != EQUAL:
                    self.changes.append(Change(f"「{_quote(op.old.full)}」无法对应到配置中的条目，未处理", done=False))
                continue
            by_entry.setdefault(id(entry), []).append(op)
        for ops in by_entry.values():
            entry = self.entry_of(ops[0].old)
            self.absorb_entry(entry, ops)

    def absorb_entry(self, entry: Entry, ops: list[Op]) -> None:
        kinds = {op.kind for op in ops}
        if kinds == {EQUAL} and all(op.label in ("same", "renumbered", "") for op in ops):
            return
        if kinds == {DELETED}:
            self.delete(entry, ops)
            return
        if MOVED in kinds:
            self.changes.append(Change(f"{_where(entry)} 的位置在 Word 中被移动了：请在配置中手工调整顺序（移动的内容未写回）",
                                       _line(entry), done=False))
            if kinds <= {MOVED}:
                return
        if entry.role in ("title", "issuer", "date"):
            self.simple(entry, ops[0])
            return
        changed = [op for op in ops if op.kind == CHANGED]
        if len(changed) == len([op for op in ops if op.kind != EQUAL]) and all(self.values_only(op) for op in changed):
            for op in changed:
                self.set_values(entry, op)
            return
        self.rewrite(entry, ops)

    # -- values ------------------------------------------------------------------------------------
    def values_only(self, op: Op) -> bool:
        """Every edit of *op* falls inside one Value span, whole: the leader changed a number or a name."""
        if op.diff is None:
            return False
        content = op.old.line.title + op.old.line.body
        for edit in op.diff.changes:
            touched = touched_values(content, edit.old_start, edit.old_end)
            if len(touched) != 1:
                return False
        return True

    def set_values(self, entry: Entry, op: Op) -> None:
        content = op.old.line.title + op.old.line.body
        new_text = op.new.text
        done: set[str] = set()
        for edit in op.diff.changes:
            [(value, start, end)] = touched_values(content, edit.old_start, edit.old_end)
            if value.param in done:
                continue
            done.add(value.param)
            new_value_text = _new_span(op, start, end, new_text)
            self.set_value(entry, value, new_value_text)

    def set_value(self, entry: Entry, value: Value, text: str) -> None:
        param = value.param
        new = _typed(value.text, text)
        given = value.origin
        spec = entry.spec
        others_unchanged = self._used_elsewhere_unchanged(param, entry)
        if others_unchanged and spec is not None and getattr(spec, "block", None) is not None:
            path = (*entry.path, "values", param)
            self.value_sets[path] = new
            self.changes.append(Change(f"{_where(entry)}：取值「{param}」{value.text} → {text}（只改这一处，写在该条目的 values 中）",
                                       _line(entry)))
            return
        path = self._value_path(param, given)
        if path is None:
            self.changes.append(Change(f"{_where(entry)}：取值「{param}」{value.text} → {text}，但找不到它写在配置的哪里，未处理",
                                       _line(entry), done=False))
            return
        self.value_sets[path] = new
        where = f"（第{given.line}行）" if given and given.line else ""
        self.changes.append(Change(f"取值「{param}」{value.text} → {text}{where}", given.line if given else None))

    def _used_elsewhere_unchanged(self, param: str, entry: Entry) -> bool:
        """Whether *param*'s value also prints in a paragraph of another entry that kept it as it was."""
        for op in self.ops:
            if op.old is None or self.entry_of(op.old) is entry:
                continue
            content = op.old.line.title + op.old.line.body
            if not any(isinstance(p, Value) and p.param == param for p in content.parts):
                continue
            if op.kind == EQUAL or (op.kind == CHANGED and not any(
                    any(v.param == param for v, _, _ in touched_values(content, e.old_start, e.old_end))
                    for e in op.diff.changes)):
                return True
        return False

    def _value_path(self, param: str, given) -> YamlPath | None:
        """The YAML path of the key giving *param* at the config line *given* names."""
        spec = self.config.spec
        if given is None or given.file != self.config.file:
            return None
        for group in ("targets", "variables"):
            if param in getattr(spec, group) and spec.key_pos(group, param) and spec.key_pos(group, param).line == given.line:
                return (group, param)
        for s, section in enumerate(spec.sections):
            pos = section.key_pos("variables", param)
            if param in section.variables and pos and pos.line == given.line:
                return ("sections", s, "variables", param)
        for entry in self.entries.values():
            ref = entry.spec
            if ref is not None and param in getattr(ref, "values", {}):
                pos = ref.key_pos("values", param)
                if pos and pos.line == given.line:
                    return (*entry.path, "values", param)
        return None

    # -- whole paragraphs ----------------------------------------------------------------------------
    def simple(self, entry: Entry, op: Op) -> None:
        """The title, 署名 or date typed over: the new words, literally (a date as a date)."""
        if op.kind != CHANGED:
            return
        new = op.new.text
        if entry.role == "title" and self.values_only(op):
            self.set_values(entry, op)
            return
        if entry.role == "date":
            m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", new.strip())
            if m:
                try:
                    self.value_sets[entry.path] = dt.date(*map(int, m.groups()))
                    self.changes.append(Change(f"成文日期 → {new}", _line(entry)))
                    return
                except ValueError:
                    pass
        self.value_sets[entry.path] = _literal(new)
        self.changes.append(Change(f"{_where(entry)} → 「{_quote(new)}」", _line(entry)))

    def rewrite(self, entry: Entry, ops: list[Op]) -> None:
        """The entry's paragraphs as the leader left them, as one-off text recording its block."""
        paragraphs = [op for op in ops if op.kind != DELETED and op.new is not None]
        if not paragraphs:
            self.delete(entry, ops)
            return
        if entry.role == "heading" and len(paragraphs) > 1:
            self.changes.append(Change(f"{_where(entry)}：一级标题在 Word 中被改成了几段，未处理", _line(entry), done=False))
            return
        first = paragraphs[0].new.line
        title = str(first.title) if entry.role in ("item", "point") else ""
        bodies = [str(first.body) if entry.role in ("item", "point") else paragraphs[0].new.text]
        bodies += [op.new.text for op in paragraphs[1:]]
        self.rewrites[entry.path] = entry
        self.value_sets[entry.path] = (title, bodies)
        block = getattr(entry.spec, "block", None) or getattr(entry.spec, "based_on", None)
        was = f"（原为块「{block}」）" if block else ""
        self.changes.append(Change(f"{_where(entry)} 改为 Word 中修改后的文字{was}", _line(entry)))

    def delete(self, entry: Entry, ops: list[Op]) -> None:
        if entry.role in ("title", "issuer", "date", "heading"):
            self.changes.append(Change(f"{_where(entry)} 在 Word 中被删去了：请在配置中手工删除（未处理）",
                                       _line(entry), done=False))
            return
        self.deleted.add(entry.path)
        self.changes.append(Change(f"删去 {_where(entry)}「{_quote(ops[0].old.full)}」", _line(entry)))

    # -- paragraphs the leader added ----------------------------------------------------------------
    def insert(self, op: Op) -> None:
        position = self.ops.index(op)
        before = next((o for o in reversed(self.ops[:position]) if o.old is not None and o.kind != DELETED
                       and self.entry_of(o.old) is not None), None)
        new_line = op.new.line
        role = new_line.role
        text = op.new.text
        anchor = self.entry_of(before.old) if before is not None else None
        place = None
        if anchor is not None:
            if role is Role.ITEM and anchor.role == "item" and new_line.level == before.old.line.level:
                place = (anchor.list_path, anchor.path[-1] + 1)
            elif role is Role.ITEM and anchor.role in ("heading", "lead") and anchor.path[0] == "sections":
                place = (("sections", anchor.path[1], "items"), 0)
            elif role in (Role.LEAD, Role.PREAMBLE, Role.CLOSING, Role.MORE) and anchor.role in ("lead", "paragraph",
                                                                                                    "closing"):
                place = (anchor.list_path, anchor.path[-1] + 1)
            elif role in (Role.LEAD, Role.MORE) and anchor.role == "heading":
                place = (("sections", anchor.path[1], "lead"), 0)
        if place is None:
            self.changes.append(Change(f"Word 中新增的一段「{_quote(op.new.full)}」无法确定放在配置的哪里，未处理",
                                       done=False))
            return
        entry: dict = {}
        if role is Role.ITEM and str(new_line.title):
            entry["title"] = str(new_line.title)
            entry["text"] = _literal(str(new_line.body))
        else:
            entry["text"] = _literal(text)
        self.inserts.append((place[0], place[1], entry, op))
        self.changes.append(Change(f"新增「{_quote(op.new.full)}」（写在 {_where_path(place[0])} 中）"))

    # -- writing ------------------------------------------------------------------------------------
    def apply(self) -> None:
        tree = self.yaml
        for path, value in self.value_sets.items():
            if path in self.rewrites:
                title, bodies = value
                node = tree.get(path)
                entry: dict = {}
                if title:
                    entry["title"] = _literal(title)
                entry["text"] = _literal("\n\n".join(bodies))
                block = getattr(self.rewrites[path].spec, "block", None) or getattr(self.rewrites[path].spec, "based_on", None)
                if block:
                    entry["based_on"] = block
                kept = {k: node[k] for k in ("label", "items") if isinstance(node, dict) and k in node}
                tree.set(path, {**entry, **kept})
            elif path[-1] in ("title", "issuer", "date") and len(path) <= 2:
                tree.set(path, value)
            else:
                self._set_deep(path, value)
        # insertions and deletions change indexes: work from the end of each list
        for list_path, index, entry, _ in sorted(self.inserts, key=lambda t: (t[0], t[1]), reverse=True):
            _ensure_list(tree, list_path)
            tree.insert(list(list_path), index, entry)
        for path in sorted(self.deleted, reverse=True):
            shifted = _shift(path, self.inserts)
            tree.delete(list(shifted))

    def _set_deep(self, path: YamlPath, value: Any) -> None:
        """Set a value, making the ``values`` / ``variables`` mapping (or turning a bare block id into a
        mapping) on the way when the entry does not have one yet."""
        tree = self.yaml
        *container, key = path
        for depth in range(1, len(container) + 1):
            prefix = container[:depth]
            parent = tree.get(prefix[:-1])
            node = parent[prefix[-1]]
            if isinstance(node, str) and depth < len(container):  # a bare block id: - 政治建设/…
                tree.set(prefix, {"block": node})
                node = tree.get(prefix)
            if depth < len(container) and isinstance(node, dict) and container[depth] not in node:
                from .yamlio import flow_map

                tree.set((*prefix, container[depth]), flow_map({}))
        tree.set(path, value)


def _shift(path: YamlPath, inserts) -> YamlPath:
    """*path* in its list after the insertions made before it in the same list."""
    for list_path, index, _, _ in inserts:
        if len(path) > len(list_path) and path[:len(list_path)] == list_path and index <= path[len(list_path)]:
            position = len(list_path)
            path = (*path[:position], path[position] + 1, *path[position + 1:])
    return path


def _ensure_list(tree: YamlDocument, list_path: YamlPath) -> None:
    parent = tree.get(list_path[:-1])
    if list_path[-1] not in parent or parent[list_path[-1]] is None:
        tree.set(list_path, [])


def _new_span(op: Op, start: int, end: int, new_text: str) -> str:
    """The edited text that replaced old characters [start, end) (a whole value span)."""
    mapped_start = mapped_end = None
    for e in op.diff.opcodes:
        if e.old_start <= start <= e.old_end and mapped_start is None:
            mapped_start = e.new_start + (start - e.old_start if e.op == "equal" else 0)
        if e.old_start <= end <= e.old_end:
            mapped_end = e.new_start + (end - e.old_start if e.op == "equal" else e.new_end - e.new_start)
    return new_text[mapped_start or 0:mapped_end if mapped_end is not None else len(new_text)]


def _typed(old: str, new: str) -> Any:
    """The new value with the old one's kind: a number stays a number when it reads as one."""
    if re.fullmatch(r"-?\d+", old) and re.fullmatch(r"-?\d+", new):
        return int(new)
    if re.fullmatch(r"-?\d+(?:\.\d+)?", old) and re.fullmatch(r"-?\d+(?:\.\d+)?", new):
        return float(new) if "." in new else int(new)
    return new


def _literal(text: str) -> str:
    """Words to write as one-off text: braces would open a template, so they print as themselves."""
    return text.replace("{", '{{ "{" }}') if "{" in text else text


def _quote(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _line(entry: Entry) -> int | None:
    spec = entry.spec
    return spec.pos.line if isinstance(spec, Located) and spec.pos else None


def _where(entry: Entry) -> str:
    line = _line(entry)
    return f"第{line}行 {_where_path(entry.path)}" if line else _where_path(entry.path)


def _where_path(path: YamlPath) -> str:
    out = ""
    for step in path:
        out += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


# -- the whole command ---------------------------------------------------------------------------------
def absorb(config_path: Path | str, edited_path: Path | str, *, dry_run: bool = False, library=None) -> AbsorbReport:
    """Carry the edits in *edited_path* (.docx or .txt) into the config; nothing written with *dry_run*."""
    from .assembler import assemble
    from .builder import load
    from .diff import load_side
    from .outputs import mark_absorbed
    from .writers.txt import text_lines

    config_path, edited_path = Path(config_path), Path(edited_path)
    if edited_path.suffix.lower() not in (".docx", ".txt"):
        raise DrafterError("只能从 .docx 或 .txt 写回", file=str(edited_path), hint="如 drafter absorb 配置文件 修改稿.docx")
    config, library = load(config_path, library=library)
    document = assemble(config, library, draft=True)
    built = Side(document, source=config.file, kind="config")
    edited = load_side(edited_path)
    alignment = align_edited(built, edited)
    yaml = YamlDocument.load(config_path, config.file)
    absorber = _Absorber(config, yaml, alignment.ops)
    absorber.run()
    report = AbsorbReport(config.file, str(edited_path), absorber.changes)
    if dry_run or not any(c.done for c in absorber.changes):
        return report
    absorber.apply()
    # check before writing: the config must read back and build; then compare with the edited text
    from .config import config_from_data
    from .editing import drop_unused_values  # one pruning for absorb and the web page
    from .yamlio import load_yaml

    trial = config_from_data(load_yaml(yaml.dumps(), config.file), config.file, config_path)
    for removed in drop_unused_values(yaml, trial, library):
        report.changes.append(Change(f"删去已无条目用到的取值「{removed}」"))
    trial = config_from_data(load_yaml(yaml.dumps(), config.file), config.file, config_path)
    rebuilt = [line for line in text_lines(assemble(trial, library, draft=True)) if line.strip()]
    wanted = [p.full for p in edited.paragraphs]
    report.not_carried = _differences(rebuilt, wanted)
    yaml.save(config_path)
    report.written = True
    root = library.root
    mark_absorbed(root, edited_path, edited_path.read_bytes())
    return report


def _differences(rebuilt: list[str], wanted: list[str]) -> list[str]:
    """The edited paragraphs that the rebuilt config does not give as written."""
    rebuilt_set = set(rebuilt)
    return [w for w in wanted if w not in rebuilt_set]
