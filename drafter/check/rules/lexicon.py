"""Rule 6: a lexicon of common 公文 slips, in data files that users can extend.

The entries live in ``drafter/check/data/lexicon/*.yaml``, one file per group (错别字,
近义混淆, 语病, 公文用语, 称谓规范, 标点, 数字与计量, 政治术语 …). Each entry names the slip
as written (``wrong``, or a regular expression ``pattern``), what to write instead
(``right``), how sure we are (``level``) and why (``note``)::

    - {wrong: 部暑, right: 部署, level: 必错, note: 部署：安排布置，“署”不作“暑”}
    - {wrong: 截止, right: 截至, level: 必错, after: '\\d{4}年|目前|今年', note: …}

Levels, after the best Chinese 公文 proofreaders:

- 必错 — always wrong in any 公文 context; the replacement is safe to apply without a
  person (rule ``lexicon.must``, an error, ``--fix`` applies it);
- 疑似 — very probably wrong, a person decides (``lexicon.likely``, a warning);
- 提示 — a matter of style a reviewer would mention (``lexicon.hint``, a hint that a
  user may switch off with ``off: [lexicon.hint]``).

Chinese has no spaces, so a string that is a slip in one place can be two correct words
in another (和平|合作 holds 平合). Where that can happen an entry says what may or may not
stand around it: ``before``/``after`` — context required just before/after the match;
``not_before``/``not_after`` — context that means it is *not* a slip. A list gives plain
strings (the text before the match ends with one of them, the text after starts with
one); a single string is a regular expression matched against the text just before
(ending at the match) or just after (starting at the match). Policy: better to miss
than to raise a false alarm — an entry that cannot tell a slip from correct text is made
a 疑似 or 提示, given a context, or left out.

A workspace adds its own entries in ``lexicon.yaml`` beside ``blocks/`` (same form,
``group`` optional), and may switch built-in entries off by their ``wrong`` text or by
group with ``off: [平合, 标点]``. Data files are validated at load; a malformed entry is an
error naming its file and line.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Literal, Union

from ...errors import ConfigError
from ...findings import Severity
from ..document import CheckDoc
from ..engine import Hit, rule

DATA = Path(__file__).resolve().parent.parent / "data" / "lexicon"
WORKSPACE_FILE = "lexicon.yaml"
LEVELS = ("必错", "疑似", "提示")
RANK = {level: n for n, level in enumerate(LEVELS)}
WINDOW = 40  # characters of text before a match that a ``before``/``not_before`` pattern sees
MAX_PATTERN = 300  # a user's regular expression longer than this is refused
CACHE_FORMAT = 1

Context = Union[str, list[str], None]


# -- the data files ----------------------------------------------------------------------------------
def _compile(pattern: str) -> re.Pattern:
    if len(pattern) > MAX_PATTERN:
        raise ValueError(f"正则表达式太长（超过{MAX_PATTERN}个字符）")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"正则表达式「{pattern}」有误：{exc}") from None



@functools.cache
def _schema() -> tuple[type, type]:
    """The pydantic models of a lexicon file, built when a file must really be validated (building
    them costs more than checking a document, and the built-in files are usually cached)."""
    from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

    class EntrySpec(BaseModel):
        """One entry of a lexicon file, as written."""

        model_config = ConfigDict(extra="forbid")

        wrong: str | None = Field(None, description="差错的原文（与 pattern 二选一）")
        pattern: str | None = Field(None, description="差错的正则表达式（与 wrong 二选一）；right 中可用 \\1 引用分组")
        right: str | None = Field(None, description="应写作的文字（必错必填）；疑似、提示类没有唯一改法时可省略，由 note 说明")
        level: Literal["必错", "疑似", "提示"] = Field(description="必错：任何公文中都错，可自动改正；疑似：请人判断；提示：可关掉")
        note: str | None = Field(None, description="为什么错，一句话")
        group: str | None = Field(None, description="分组（默认用文件的 group）")
        before: Context = Field(None, description="前面必须是：字符串列表，或正则表达式")
        after: Context = Field(None, description="后面必须是：字符串列表，或正则表达式")
        not_before: Context = Field(None, description="前面若是这些则不算差错：字符串列表，或正则表达式")
        not_after: Context = Field(None, description="后面若是这些则不算差错：字符串列表，或正则表达式")
        cn_numbers: bool = Field(False, description="把改法中的阿拉伯数字（1～99）写成汉字：党的20大 → 党的二十大")
        translate: dict[str, str] | None = Field(None, description="改法中逐字替换：{零: 〇, 、: ''}")

        @field_validator("translate")
        @classmethod
        def _translate(cls, value: dict[str, str] | None) -> dict[str, str] | None:
            if value is not None and any(len(k) != 1 for k in value):
                raise ValueError("translate 的每个键应是单个字符")
            return value

        @field_validator("wrong", "right", "note", "group")
        @classmethod
        def _no_control(cls, value: str | None) -> str | None:
            if value is not None and any(ord(ch) < 32 for ch in value):
                raise ValueError("不能含换行符等控制字符")
            return value

        @field_validator("before", "after", "not_before", "not_after")
        @classmethod
        def _context(cls, value: Context) -> Context:
            if isinstance(value, str):
                _compile(value)
            elif isinstance(value, list):
                if not value or any(not s for s in value):
                    raise ValueError("上下文列表不能为空，也不能含空字符串")
            return value

        @model_validator(mode="after")
        def _one_of(self) -> "EntrySpec":
            if self.right is None and self.level == "必错":
                raise ValueError("必错条目要写 right（改正后的文字），以便自动改正")
            if (self.wrong is None) == (self.pattern is None):
                raise ValueError("每个条目要有 wrong（原文）或 pattern（正则表达式），二者只能有一个")
            if self.wrong is not None and not self.wrong.strip():
                raise ValueError("wrong 不能为空")
            if self.pattern is not None:
                compiled = _compile(self.pattern)
                if compiled.match(""):
                    raise ValueError(f"正则表达式「{self.pattern}」能匹配空文字")
                try:
                    compiled.sub(self.right or "", "")  # a reference to a group the pattern lacks raises here
                except (re.error, IndexError) as exc:
                    raise ValueError(f"right「{self.right}」中的分组引用有误：{exc}") from None
            if self.wrong is not None and self.wrong == self.right:
                raise ValueError(f"wrong 与 right 相同（「{self.wrong}」）")
            return self

    class LexiconFile(BaseModel):
        """A lexicon file: its group, its entries (and, in a workspace's file, built-in entries switched off)."""

        model_config = ConfigDict(extra="forbid")

        group: str | None = Field(None, description="本文件条目的分组，如 错别字")
        entries: list[EntrySpec] = Field(default_factory=list, description="条目")
        off: list[str] = Field(default_factory=list, description="不用的内置条目：原文（wrong）或分组名")

    return EntrySpec, LexiconFile


def __getattr__(name: str):
    if name in ("EntrySpec", "LexiconFile"):
        return _schema()[name == "LexiconFile"]
    raise AttributeError(name)


# -- compiled ----------------------------------------------------------------------------------------
# Regular expressions are compiled when first needed: a document meets few of the entries, and
# compiling all of them would cost more than checking the document.
@functools.lru_cache(maxsize=None)
def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@functools.lru_cache(maxsize=None)
def _rx_before(pattern: str) -> re.Pattern:
    return re.compile(f"(?:{pattern})\\Z")


def _holds(text: str, start: int, end: int, side: str, spec: str | tuple[str, ...]) -> bool:
    """Whether the context *spec* stands just before [start, end) (side "b") or just after it ("a")."""
    if isinstance(spec, tuple):
        return text.endswith(spec, 0, start) if side == "b" else text.startswith(spec, end)
    if side == "b":
        return _rx_before(spec).search(text, max(0, start - WINDOW), start) is not None
    return _rx(spec).match(text, end) is not None


@dataclass(frozen=True, eq=False)
class Entry:
    group: str
    level: str
    right: str | None
    note: str | None
    wrong: str | None
    pattern: str | None
    file: str
    line: int | None
    conds: tuple = ()  # ((side "b"/"a", context, wanted), …): each context must hold or not, as wanted
    cn_numbers: bool = False
    translate: tuple = ()  # (character, replacement) pairs applied to the replacement
    anchors: tuple | None = None  # a pattern matches only text holding one of these (None: unknown)

    def replacement(self, m: re.Match | None) -> str | None:
        """What to write instead of the match (None: no single replacement)."""
        if self.right is None:
            return None
        out = m.expand(self.right) if m is not None else self.right
        if self.cn_numbers:
            out = re.sub(r"\d{1,2}", lambda d: cn_number(int(d.group())), out)
        if self.translate:
            out = out.translate(str.maketrans(dict(self.translate)))
        return out

    def fits(self, text: str, start: int, end: int) -> bool:
        return all(_holds(text, start, end, side, spec) is wanted for side, spec, wanted in self.conds)

    @property
    def shown(self) -> str:
        return self.wrong if self.wrong is not None else self.pattern

    def packed(self) -> list:
        """The entry as plain JSON data (the process cache of the built-in lexicon)."""
        return [self.group, self.level, self.right, self.note, self.wrong, self.pattern, self.file, self.line,
                [[side, list(spec) if isinstance(spec, tuple) else spec, wanted] for side, spec, wanted in self.conds],
                self.cn_numbers, [list(p) for p in self.translate],
                None if self.anchors is None else list(self.anchors)]

    @classmethod
    def unpacked(cls, data: list) -> "Entry":
        group, level, right, note, wrong, pattern, file, line, conds, cn, translate, anchors = data
        return cls(group, level, right, note, wrong, pattern, file, line,
                   tuple((side, tuple(spec) if isinstance(spec, list) else spec, wanted) for side, spec, wanted in conds),
                   cn, tuple(tuple(p) for p in translate), None if anchors is None else tuple(anchors))


def _entry(spec: EntrySpec, group: str, file: str, line: int | None) -> Entry:
    conds = []
    for context, side, wanted in ((spec.before, "b", True), (spec.after, "a", True),
                                  (spec.not_before, "b", False), (spec.not_after, "a", False)):
        if context is not None:
            conds.append((side, tuple(context) if isinstance(context, list) else context, wanted))
    return Entry(spec.group or group, spec.level, spec.right, spec.note, spec.wrong, spec.pattern, file, line,
                 tuple(conds), spec.cn_numbers, tuple((spec.translate or {}).items()),
                 anchors(spec.pattern) if spec.pattern is not None else None)


def anchors(pattern: str) -> tuple[str, ...] | None:
    """Plain strings one of which every match of *pattern* contains (None when there are none to find):
    a pattern is run only on text that holds one, and compiled only then."""
    try:
        from re import _parser as parser  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse as parser  # type: ignore[no-redef]
    try:
        parsed = parser.parse(pattern)
    except Exception:
        return None
    found = _seq_anchors(list(parsed))
    return tuple(found) if found else None


def _seq_anchors(items: list) -> list[str] | None:
    from re import _constants as c

    candidates: list[list[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(["".join(run)])
            run = []
        if op is c.SUBPATTERN:
            sub = _seq_anchors(list(av[-1]))
        elif op is c.BRANCH:
            subs = [_seq_anchors(list(b)) for b in av[1]]
            sub = [s for part in subs for s in part] if all(subs) else None
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            sub = _seq_anchors(list(av[2]))
        else:
            sub = None  # lookarounds, character sets, anchors …: nothing to require
        if sub:
            candidates.append(sub)
    if run:
        candidates.append(["".join(run)])
    if not candidates:
        return None
    return max(candidates, key=lambda cand: min(len(s) for s in cand))


_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1–99 as 公文 writes counts and ordinals in Chinese: 6 → 六, 19 → 十九, 20 → 二十."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


class Lexicon:
    """Entries indexed for one pass over a paragraph: plain strings by their first character."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        index: dict[str, list[Entry]] = {}
        for e in entries:
            if e.wrong is not None:
                index.setdefault(e.wrong[0], []).append(e)
        for cands in index.values():
            cands.sort(key=lambda e: -len(e.wrong))  # stable: earlier entries first among equals
        self.index = index
        self.patterns = [e for e in entries if e.pattern is not None]

    def __len__(self) -> int:
        return len(self.entries)

    def groups(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            out[e.group] = out.get(e.group, 0) + 1
        return out

    def scan(self, text: str, skip: int = 0) -> list[tuple[int, int, Entry, str | None]]:
        """(start, end, entry, replacement) of each slip in *text* (from *skip* on); a match inside
        a longer one is left out."""
        found: list[tuple[int, int, Entry, str | None]] = []
        index = self.index
        for i in range(skip, len(text)):
            cands = index.get(text[i])
            if not cands:
                continue
            best = None  # the most serious entry that fits here; of those, the longest (listed first)
            for e in cands:
                if (best is None or RANK[e.level] < RANK[best.level]) and text.startswith(e.wrong, i) \
                        and e.fits(text, i, i + len(e.wrong)):
                    best = e
                    if not RANK[e.level]:
                        break
            if best is not None:
                found.append((i, i + len(best.wrong), best, best.replacement(None)))
        for e in self.patterns:
            if e.anchors is not None and not any(a in text for a in e.anchors):
                continue
            for m in _rx(e.pattern).finditer(text, skip):
                if m.end() > m.start() and e.fits(text, m.start(), m.end()):
                    found.append((m.start(), m.end(), e, e.replacement(m)))
        if len(found) < 2:
            return found
        # characters flagged by two entries are reported once: by the more serious, then the longer
        found.sort(key=lambda f: (RANK[f[2].level], f[0] - f[1], f[0]))
        kept: list[tuple[int, int, Entry, str | None]] = []
        for f in found:
            if not any(k[0] < f[1] and f[0] < k[1] for k in kept):
                kept.append(f)
        kept.sort(key=lambda f: f[0])
        return kept


_BUILTIN: list[Entry] | None = None
_WORKSPACE: dict[tuple, Lexicon] = {}


def load_file(path: Path, display: str | None = None) -> tuple[LexiconFile, list[Entry]]:
    """One lexicon file, validated; a malformed entry is a located Chinese error."""
    from ...validation import validate
    from ...yamlio import YDict, YList, load_yaml_file

    display = display or path.name
    data = load_yaml_file(path, display)
    if data is None:
        return _schema()[1](), []
    if not isinstance(data, YDict):
        raise ConfigError("词库文件应是“键: 值”形式的映射（group: …、entries: …）", file=display, line=1)
    spec = validate(_schema()[1], data, display, ConfigError)
    raw = data.get("entries")
    group = spec.group or "自定义"
    entries = []
    for k, entry in enumerate(spec.entries):
        line = raw.item_pos[k].line if isinstance(raw, YList) and k < len(raw.item_pos) else None
        entries.append(_entry(entry, group, display, line))
    return spec, entries


def builtin_entries() -> list[Entry]:
    """Every entry of the data folder, validated (loaded once per process).

    Validating ~1,400 entries and compiling their expressions takes longer than checking a
    document, so the validated entries are kept as plain JSON in drafter's cache folder, under
    a key made of the data files' bytes and this module's source: a changed file, or a changed
    drafter, validates afresh. A missing, corrupt or unwritable cache only costs the time.
    """
    global _BUILTIN
    if _BUILTIN is None:
        files = sorted(DATA.glob("*.yaml"))
        key = _builtin_key(files)
        entries = _cached_builtin(key)
        if entries is None:
            entries = []
            for path in files:
                entries += load_file(path, f"drafter/check/data/lexicon/{path.name}")[1]
            _store_builtin(key, entries)
        _BUILTIN = entries
    return _BUILTIN


def _builtin_key(files: list[Path]) -> str:
    digest = hashlib.sha256(f"lexicon {CACHE_FORMAT}".encode())
    for path in (Path(__file__), *files):
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            digest.update(b"?")
    return digest.hexdigest()


def _cache_file() -> Path | None:
    from ... import cache

    root = cache.cache_dir()
    return root / "lexicon" / "builtin.json" if root is not None else None


def _cached_builtin(key: str) -> list[Entry] | None:
    path = _cache_file()
    if path is None:
        return None
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored.get("key") != key:
            return None
        return [Entry.unpacked(item) for item in stored["entries"]]
    except Exception:  # missing, unreadable, corrupt: validate afresh
        return None


def _store_builtin(key: str, entries: list[Entry]) -> None:
    path = _cache_file()
    if path is None:
        return
    import tempfile

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".builtin.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"key": key, "entries": [e.packed() for e in entries]}, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except Exception:  # read-only disk and the like: the cache only saves time
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def lexicon_for(root: Path | None) -> Lexicon:
    """The built-in lexicon with the workspace's own ``lexicon.yaml`` (if any) in front of it."""
    path = Path(root) / WORKSPACE_FILE if root is not None else None
    stat = path.stat() if path is not None and path.is_file() else None
    key = (str(path), stat.st_mtime_ns, stat.st_size) if stat else None
    if key in _WORKSPACE:
        return _WORKSPACE[key]
    entries = builtin_entries()
    if stat is not None:
        spec, own = load_file(path, WORKSPACE_FILE)
        off = set(spec.off)
        entries = own + [e for e in entries if e.wrong not in off and e.group not in off]
    lexicon = _WORKSPACE[key] = Lexicon(entries)
    return lexicon


def _root(doc: CheckDoc) -> Path | None:
    root = getattr(doc.library, "root", None)
    if root is not None:
        return Path(root)
    from ...workspace import find_root

    try:
        return find_root(Path(doc.source)) or find_root(Path.cwd())
    except OSError:
        return None


# -- the rules ---------------------------------------------------------------------------------------
_last: tuple[CheckDoc | None, list] = (None, [])


def _hits(doc: CheckDoc) -> list[tuple[str, Hit]]:
    """(level, hit) for every slip of the document, computed once for the three rules."""
    global _last
    if _last[0] is doc:
        return _last[1]
    lexicon = lexicon_for(_root(doc))
    out: list[tuple[str, Hit]] = []
    for para in doc.paragraphs:
        for start, end, e, right in lexicon.scan(para.text, len(para.label)):
            out.append((e.level, _hit(para.index, start, end, para.text[start:end], e, right)))
    _last = (doc, out)
    return out


def _hit(index: int, start: int, end: int, quoted: str, e: Entry, right: str | None) -> Hit:
    if e.level == "必错":
        message = f"{e.group}：「{quoted}」应为「{right}」" if right else f"{e.group}：「{quoted}」应删去"
        return Hit(index, start, end, message, hint=e.note, fix=right)
    if right is None:
        message = f"{e.group}：「{quoted}」" + ("疑有误" if e.level == "疑似" else "宜斟酌")
    elif e.level == "疑似":
        message = f"{e.group}：「{quoted}」疑为「{right}」" if right else f"{e.group}：「{quoted}」疑似多余"
    else:
        message = f"{e.group}：「{quoted}」宜改为「{right}」" if right else f"{e.group}：「{quoted}」宜删去"
    return Hit(index, start, end, message, hint=e.note)


@rule("lexicon.must", "lexicon", Severity.ERROR, "常见差错（必错）：错别字、错误提法等，可自动改正", fixes=True)
def must(doc: CheckDoc) -> Iterator[Hit]:
    return (h for level, h in _hits(doc) if level == "必错")


@rule("lexicon.likely", "lexicon", Severity.WARNING, "常见差错（疑似）：多半是错的，请核对")
def likely(doc: CheckDoc) -> Iterator[Hit]:
    return (h for level, h in _hits(doc) if level == "疑似")


@rule("lexicon.hint", "lexicon", Severity.HINT, "用词提示：可改得更规范的说法（可关掉）")
def hint(doc: CheckDoc) -> Iterator[Hit]:
    return (h for level, h in _hits(doc) if level == "提示")


__all__ = ["EntrySpec", "LexiconFile", "Lexicon", "Entry", "builtin_entries", "lexicon_for", "load_file", "LEVELS"]
