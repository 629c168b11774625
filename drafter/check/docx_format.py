"""Rule 9's measurements and judgements: the format of a .docx against GB/T 9704-2012 (shared/spec/gbt9704.md) — page size,
margins, body font and size, line spacing, the 22 × 28 grid, the page-number form, the title's
font and size, the fonts of the level-1 and level-2 headings.

Read from the Word XML, not from a rendering (fast: a few tens of milliseconds): the section's
``w:pgSz``/``w:pgMar``/``w:docGrid``, the formatting each character really gets (document
defaults → paragraph style and its ``w:basedOn`` chain → character style → direct formatting;
theme fonts resolved through the theme), the footers. Every finding gives the measured and the
expected value — the expected numbers from :mod:`drafter.layout`, the clause of the standard:
"上边距 25.4 毫米，应为 37 毫米（GB/T 9704 5.2.1）".

Only a .docx is checked: a config's build is drafter's own output, written from the same numbers
(``drafter check config.yaml`` skips these rules; check the built .docx to see them).

Tolerances:

- paper and margins: ±1 mm (the standard's own tolerance for 天头 and 订口, 5.2.1, applied to all four);
- font sizes: exact (a 号 is one size; Word stores half-points);
- line spacing: exact spacing from 0.5 pt below the grid pitch up to it (28.45–28.95 pt: 29 pt already
  gives 21 lines), or single spacing on a line grid of that pitch;
- grid: the lines per page and characters per line the settings give must be 22 and 28;
- fonts: any of drafter's font sets (仿宋_GB2312 or 仿宋 …) and their usual other names (FangSong,
  方正仿宋_GBK …); the title any 小标宋;
- body formatting is judged per paragraph: when most paragraphs differ, one finding for the whole
  document; else one on each paragraph, on the characters that differ.

Paragraphs before the title (版头), the 附件 label line and the 版记 (抄送, 印发) are not body text.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from lxml import etree

from .. import layout
from ..numbering import LabelStyle, parse_label
from .document import CheckDoc
from .engine import Hit

# Clauses of GB/T 9704-2012.
CLAUSE_PAPER = "5.1"  # 幅面尺寸: A4
CLAUSE_MARGINS = "5.2.1"  # 页边与版心尺寸
CLAUSE_FONT = "5.2.2"  # 字体和字号: 3号仿宋
CLAUSE_GRID = "5.2.3"  # 行数和字数: 22 × 28
CLAUSE_TITLE = "7.3.1"  # 标题: 2号小标宋
CLAUSE_BODY = "7.3.3"  # 正文: 3号仿宋; 第一层黑体, 第二层楷体
CLAUSE_PAGE_NUMBER = "7.5"  # 页码: 4号半角宋体阿拉伯数字, 一字线, 单页居右双页居左

# Tolerances (see the module docstring).
LENGTH_TOLERANCE_MM = 1.0
LINE_TOLERANCE = 10  # twips below layout.LINE_PITCH

# Other names of the official fonts (English names, the 方正 _GBK fonts, Windows' own).
FONT_ALIASES = {
    "body": {"仿宋", "仿宋_GB2312", "FangSong", "FangSong_GB2312", "方正仿宋_GBK", "方正仿宋简体"},
    "level1": {"黑体", "SimHei", "方正黑体_GBK", "方正黑体简体"},
    "level2": {"楷体", "楷体_GB2312", "KaiTi", "KaiTi_GB2312", "方正楷体_GBK", "方正楷体简体"},
    "title": {"方正小标宋简体", "方正小标宋_GBK", "小标宋", "小标宋体", "FZXiaoBiaoSong-B05S"},
}

# Chinese size names (号), for the measured sizes.
HAO = {42: "初号", 36: "小初", 26: "一号", 24: "小一", 22: "二号", 18: "小二", 16: "三号", 15: "小三",
       14: "四号", 12: "小四", 10.5: "五号", 9: "小五", 7.5: "六号"}
PAPERS = {(11906, 16838): "A4", (12240, 15840): "Letter", (12240, 20160): "Legal", (10318, 14570): "B5（JIS）",
          (9979, 14173): "B5", (16838, 23811): "A3"}


def _fonts(role: str) -> set[str]:
    return {getattr(s, role) for s in layout.FONT_SETS.values()} | FONT_ALIASES[role]


def _expected_font(role: str) -> str:
    return getattr(layout.FONT_SETS[layout.DEFAULT_FONT_SET], role)


def _font_ok(name: str | None, role: str) -> bool:
    if name is None:
        return False
    name = name.strip()
    return name in _fonts(role) or (role == "title" and "小标宋" in name)


def _mm(twips: float) -> str:
    return _num(twips / layout.TWIPS_PER_MM)


def _num(value: float) -> str:
    text = f"{round(value + 1e-9, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _pt(twips: float) -> str:
    return f"{twips / layout.TWIPS_PER_PT:.2f}".rstrip("0").rstrip(".")


def _size(points: float) -> str:
    name = HAO.get(points)
    return f"{_num(points)} 磅" + (f"（{name}）" if name else "")


def _clause(clause: str) -> str:
    return f"（GB/T 9704 {clause}）"


# -- reading the package ----------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"  # python-docx is imported only for a .docx
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _val(el, path: str, attr: str = "val") -> str | None:
    found = el.find(path) if el is not None else None
    return found.get(_W + attr) if found is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def _on(el) -> bool:
    return el is not None and el.get(_W + "val") not in ("0", "false", "off")


class Package:
    """The parts of a .docx the format rules read besides the body (python-docx reads that)."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = set(self.zip.namelist())
        self.rels = self._rels("word/_rels/document.xml.rels")
        self.styles = self.xml(self._target("styles") or "word/styles.xml")
        self.settings = self.xml(self._target("settings") or "word/settings.xml")
        self._theme = None

    def xml(self, name: str | None):
        if not name or name not in self.names:
            return None
        try:
            return etree.fromstring(self.zip.read(name), _PARSER)
        except etree.XMLSyntaxError:
            return None

    def _rels(self, name: str) -> dict[str, tuple[str, str]]:
        root = self.xml(name)
        out = {}
        for rel in root if root is not None else ():
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else "word/" + target
            out[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], _normalise(path))
        return out

    def _target(self, kind: str) -> str | None:
        return next((path for k, path in self.rels.values() if k == kind), None)

    def part_of(self, rid: str | None):
        found = self.rels.get(rid or "")
        return self.xml(found[1]) if found else None

    @property
    def theme(self):
        if self._theme is None:
            self._theme = self.xml(self._target("theme")) if self._target("theme") else False
        return self._theme if self._theme is not False else None


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts)


class Styles:
    """Effective formatting: docDefaults → paragraph style chain → character style chain → direct."""

    def __init__(self, package: Package) -> None:
        self.package = package
        root = package.styles
        self.by_id: dict[str, object] = {}
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.rpr_default = self.ppr_default = None
        if root is None:
            return
        defaults = root.find(_W + "docDefaults")
        if defaults is not None:
            self.rpr_default = defaults.find(f"{_W}rPrDefault/{_W}rPr")
            self.ppr_default = defaults.find(f"{_W}pPrDefault/{_W}pPr")
        for s in root.findall(_W + "style"):
            sid = s.get(_W + "styleId")
            self.by_id[sid] = s
            if s.get(_W + "default") in ("1", "true", "on"):
                if s.get(_W + "type") == "paragraph":
                    self.default_paragraph = sid
                elif s.get(_W + "type") == "character":
                    self.default_character = sid

    def chain(self, sid: str | None) -> list:
        """The style and the styles it is based on, base first."""
        out, seen = [], set()
        while sid and sid in self.by_id and sid not in seen and len(seen) < 20:
            seen.add(sid)
            style = self.by_id[sid]
            out.append(style)
            sid = _val(style, _W + "basedOn")
        return out[::-1]

    def paragraph_style(self, p) -> str | None:
        return _val(p.find(_W + "pPr"), _W + "pStyle") or self.default_paragraph

    def rprs(self, p, run) -> list:
        """The rPr elements that apply to *run* of paragraph *p*, lowest priority first."""
        out = [self.rpr_default]
        out += [s.find(_W + "rPr") for s in self.chain(self.paragraph_style(p))]
        rpr = run.find(_W + "rPr") if run is not None else None
        out += [s.find(_W + "rPr") for s in self.chain(_val(rpr, _W + "rStyle") or self.default_character)]
        out.append(rpr)
        return [r for r in out if r is not None]

    def pprs(self, p) -> list:
        out = [self.ppr_default] + [s.find(_W + "pPr") for s in self.chain(self.paragraph_style(p))]
        out.append(p.find(_W + "pPr"))
        return [x for x in out if x is not None]

    def east_asia_font(self, rprs: list) -> str | None:
        font = None
        for rpr in rprs:
            fonts = rpr.find(_W + "rFonts")
            if fonts is None:
                continue
            if fonts.get(_W + "eastAsiaTheme"):
                font = self.theme_font(fonts.get(_W + "eastAsiaTheme")) or font
            elif fonts.get(_W + "eastAsia"):
                font = fonts.get(_W + "eastAsia")
        return font

    def theme_font(self, name: str) -> str | None:
        """minorEastAsia → the theme's East Asian minor font (its zh-Hans font when blank)."""
        theme = self.package.theme
        if theme is None:
            return None
        which = "majorFont" if name.startswith("major") else "minorFont"
        scheme = theme.find(f".//{_A}{which}")
        if scheme is None:
            return None
        ea = scheme.find(_A + "ea")
        if ea is not None and ea.get("typeface"):
            return ea.get("typeface")
        hans = next((f for f in scheme.findall(_A + "font") if f.get("script") == "Hans"), None)
        return hans.get("typeface") if hans is not None else None

    @staticmethod
    def size(rprs: list) -> float:
        size = 20  # Word's default: 10 pt
        for rpr in rprs:
            value = _int(_val(rpr, _W + "sz"))
            if value:
                size = value
        return size / 2

    @staticmethod
    def char_spacing(rprs: list) -> int:
        spacing = 0
        for rpr in rprs:
            value = _int(_val(rpr, _W + "spacing"))
            if value is not None:
                spacing = value
        return spacing

    def line_spacing(self, p) -> tuple[int, str]:
        """(w:line, w:lineRule) of paragraph *p*: auto lines are 240ths of single spacing."""
        line, rule_ = 240, "auto"
        for ppr in self.pprs(p):
            spacing = ppr.find(_W + "spacing")
            if spacing is None:
                continue
            if spacing.get(_W + "line") is not None:
                line = _int(spacing.get(_W + "line")) or line
            if spacing.get(_W + "lineRule") is not None:
                rule_ = spacing.get(_W + "lineRule")
        return line, rule_

    def snaps(self, p) -> bool:
        value = True
        for ppr in self.pprs(p):
            el = ppr.find(_W + "snapToGrid")
            if el is not None:
                value = _on(el)
        return value

    def jc(self, p) -> str | None:
        value = None
        for ppr in self.pprs(p):
            v = _val(ppr, _W + "jc")
            if v is not None:
                value = v
        return value


# -- the document as the rules see it ------------------------------------------------------------------
@dataclass
class Body:
    """A checked paragraph with, for each character, its formatting (None: Word's numbering label)."""

    index: int
    text: str
    p: object
    fonts: list[str | None]
    sizes: list[float | None]
    runs: list[object]


class Format:
    """Everything the format rules measure, read once per document."""

    def __init__(self, doc: CheckDoc) -> None:
        import docx

        from .comments import WordMap

        self.doc = doc
        self.package = Package(doc.data)
        self.styles = Styles(self.package)
        document = docx.Document(io.BytesIO(doc.data))
        body = document.element.body
        self.sections = list(body.iter(_W + "sectPr"))  # a section's own, then the last one's
        self.section = body.find(_W + "sectPr")
        self.paragraphs: dict[int, Body] = {}
        self._runs: dict[object, tuple[str | None, float]] = {}
        words = WordMap(doc, document)
        for para in doc.paragraphs:
            positions = words.positions(para.index)
            if positions is None:
                continue
            fonts, sizes, runs = [], [], []
            p = words.word_of[para.index].p
            for c in positions:
                runs.append(c.run if c is not None else None)
                if c is None:
                    fonts.append(None)
                    sizes.append(None)
                    continue
                font, size = self._run_format(p, c.run)
                fonts.append(font)
                sizes.append(size)
            self.paragraphs[para.index] = Body(para.index, para.text, p, fonts, sizes, runs)
        self.title_index = self._title()
        self.titles = self._title_paragraphs()
        self.roles = self._roles()

    def _run_format(self, p, run) -> tuple[str | None, float]:
        """(East Asian font, size in points) of *run* in paragraph *p*, once per run."""
        found = self._runs.get(run)
        if found is None:
            rprs = self.styles.rprs(p, run)
            found = self._runs[run] = (self.styles.east_asia_font(rprs), self.styles.size(rprs))
        return found

    def _title(self) -> int | None:
        origin = self.doc.document.title_origin
        if not str(self.doc.document.title or "").strip() or origin is None:
            return None
        return next((p.index for p in self.doc.paragraphs if p.number == origin.paragraph), None)

    def _title_paragraphs(self) -> list[int]:
        """The title's paragraph and those after it in the same (not default) style: a title over
        several paragraphs."""
        if self.title_index is None or self.title_index not in self.paragraphs:
            return []
        style = self.styles.paragraph_style(self.paragraphs[self.title_index].p)
        out = [self.title_index]
        if style is None or style == self.styles.default_paragraph:
            return out
        for index in range(self.title_index + 1, len(self.doc.paragraphs)):
            body = self.paragraphs.get(index)
            if body is None or self.styles.paragraph_style(body.p) != style:
                break
            out.append(index)
        return out

    def _roles(self) -> dict[int, str]:
        """index → "title", "level1", "level2", "body" or "other" (版头, 附件 label, 版记)."""
        roles: dict[int, str] = {}
        start = self.title_index if self.title_index is not None else 0
        in_notes = False
        for para in self.doc.paragraphs:
            text = para.text.strip()
            if para.index < start:
                roles[para.index] = "other"
                continue
            if para.index in self.titles:
                roles[para.index] = "title"
                continue
            if text.startswith("抄送") or re.search(r"\d+年\d+月\d+日印发$", text):
                in_notes = True
            if in_notes or re.fullmatch(r"附件\s*\d*", text):
                roles[para.index] = "other"
                continue
            label = parse_label(text)
            style = label[0] if label else None
            roles[para.index] = ("level1" if style is LabelStyle.CN_COMMA else
                                 "level2" if style is LabelStyle.CN_PAREN else "body")
        return roles

    def of(self, role: str) -> list[Body]:
        return [b for i, b in sorted(self.paragraphs.items()) if self.roles.get(i) == role]


def _head_end(text: str) -> int:
    """A heading paragraph's heading: up to its first 。 (a level-2 item's title sentence), or all of it."""
    at = text.find("。")
    return at + 1 if at >= 0 else len(text)


def _is_han(ch: str) -> bool:
    """A Chinese character: what the East Asian font is judged on (punctuation's font hardly shows,
    and offices often leave a heading's 。 in the body font)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


_cache: dict[int, tuple[bytes, Format]] = {}


def measure(doc: CheckDoc) -> Format | None:
    """The measurements of *doc* (a .docx), shared by the rules of one check run."""
    if doc.kind != "docx" or not doc.data:
        return None
    cached = _cache.get(id(doc))
    if cached is not None and cached[0] is doc.data:
        return cached[1]
    try:
        fmt = Format(doc)
    except Exception:  # noqa: BLE001 - an odd package must not stop the other rules; the reader read it
        return None
    _cache.clear()
    _cache[id(doc)] = (doc.data, fmt)
    return fmt


def _document(hits: Iterator[Hit], order: int) -> Iterator[Hit]:
    """Document-level hits numbered in *start* (order × 100 + 0, 1, 2 …): the engine keeps one hit
    per rule, paragraph and range, and sorts by start; a document-level finding has no range of its
    own (its start is not shown), so the numbers keep each one and list them rule by rule."""
    for k, hit in enumerate(hits):
        yield Hit(None, order * 100 + k, order * 100 + k, hit.message, hit.hint) if hit.para is None else hit


# -- judging paragraphs -----------------------------------------------------------------------------
def _judge(bodies: list[Body], wrong_in, what: str, expected: str, clause: str, show=str) -> Iterator[Hit]:
    """One finding for the whole document when most of *bodies* (and more than three) differ,
    else one on each that does. *wrong_in(body)* gives (start, end, measured) of what differs
    in a paragraph, or None."""
    wrong = [(body, found) for body in bodies if (found := wrong_in(body)) is not None]
    if not wrong:
        return
    if len(wrong) > 3 and len(wrong) * 2 > len(bodies):
        common = Counter(found[2] for _, found in wrong).most_common(1)[0][0]
        yield Hit(None, 0, 0, f"{what} {show(common)}（{len(wrong)} 段），应为 {expected}{_clause(clause)}")
        return
    for body, (start, end, measured) in wrong:
        yield Hit(body.index, start, end, f"{what} {show(measured)}，应为 {expected}{_clause(clause)}")


def _characters(span, value, ok):
    """*wrong_in* for a character property: the stretch from the first to the last character of
    *span(body)* whose *value(body, i)* (None: not measured) is not *ok*, and its commonest value."""

    def wrong_in(body: Body):
        start, end = span(body)
        bad = [i for i in range(start, end) if (v := value(body, i)) is not None and not ok(v)]
        if not bad:
            return None
        return bad[0], bad[-1] + 1, Counter(value(body, i) for i in bad).most_common(1)[0][0]

    return wrong_in


def _font_value(body: Body, i: int) -> str | None:
    if body.runs[i] is None or not _is_han(body.text[i]):
        return None
    return body.fonts[i] or "（未指定）"


def _size_value(body: Body, i: int) -> float | None:
    return None if body.runs[i] is None or body.text[i].isspace() else body.sizes[i]


def _whole(body: Body) -> tuple[int, int]:
    return 0, len(body.text)


def _head(body: Body) -> tuple[int, int]:
    return 0, _head_end(body.text)


def _after_head(body: Body) -> tuple[int, int]:
    return _head_end(body.text), len(body.text)


# -- the rules -------------------------------------------------------------------------------------
def page(doc: CheckDoc) -> Iterator[Hit]:
    fmt = measure(doc)
    if fmt is None or fmt.section is None:
        return
    yield from _document((hit for k, sect in enumerate(fmt.sections)
                          for hit in _page(sect, f"第{k + 1}节" if len(fmt.sections) > 1 else "")), 0)


def _page(sect, where: str) -> Iterator[Hit]:
    size = sect.find(_W + "pgSz")
    width, height = (_int(size.get(_W + "w")), _int(size.get(_W + "h"))) if size is not None else (None, None)
    tol = LENGTH_TOLERANCE_MM * layout.TWIPS_PER_MM
    if width and height:
        if abs(width - layout.PAGE_WIDTH) > tol or abs(height - layout.PAGE_HEIGHT) > tol:
            name = PAPERS.get((width, height)) or PAPERS.get((height, width))
            turned = "，横向" if width > height else ""
            yield Hit(None, 0, 0, f"{where}纸张 {_mm(width)} × {_mm(height)} 毫米"
                                  f"{'（' + name + turned + '）' if name else turned}，"
                                  f"应为 A4 {_mm(layout.PAGE_WIDTH)} × {_mm(layout.PAGE_HEIGHT)} 毫米{_clause(CLAUSE_PAPER)}")
    margins = sect.find(_W + "pgMar")
    for attr, name, expected in (("top", "上边距", layout.MARGIN_TOP), ("bottom", "下边距", layout.MARGIN_BOTTOM),
                                 ("left", "左边距", layout.MARGIN_LEFT), ("right", "右边距", layout.MARGIN_RIGHT)):
        value = _int(margins.get(_W + attr)) if margins is not None else None
        if value is None:
            continue
        value = abs(value)
        if attr == "left":
            value += _int(margins.get(_W + "gutter")) or 0
        if abs(value - expected) > tol:
            yield Hit(None, 0, 0, f"{where}{name} {_mm(value)} 毫米，应为 {_mm(expected)} 毫米{_clause(CLAUSE_MARGINS)}")


def _body(fmt: Format) -> tuple[list[Body], object]:
    """The body paragraphs, and a level-2 item's body after its title sentence."""
    spans = {b.index: _whole for b in fmt.of("body")} | {b.index: _after_head for b in fmt.of("level2")}

    def span(body: Body) -> tuple[int, int]:
        return spans[body.index](body)

    return sorted((fmt.paragraphs[i] for i in spans), key=lambda b: b.index), span


def body_font(doc: CheckDoc) -> Iterator[Hit]:
    fmt = measure(doc)
    if fmt is None:
        return
    bodies, span = _body(fmt)
    yield from _document(_judge(bodies, _characters(span, _font_value, lambda v: _font_ok(v, "body")),
                                "正文字体", _expected_font("body"), CLAUSE_FONT), 1)


def body_size(doc: CheckDoc) -> Iterator[Hit]:
    fmt = measure(doc)
    if fmt is None:
        return
    bodies, span = _body(fmt)
    yield from _document(_judge(bodies, _characters(span, _size_value, lambda v: v == layout.SIZE_3HAO),
                                "正文字号", _size(layout.SIZE_3HAO), CLAUSE_FONT, show=_size), 2)


def _title_hit(doc: CheckDoc, what: str, value, ok, expected: str, show=str) -> Iterator[Hit]:
    """One finding on each title paragraph whose characters are not all right."""
    fmt = measure(doc)
    if fmt is None:
        return
    for body in (fmt.paragraphs[i] for i in fmt.titles):
        bad = [v for i in range(len(body.text)) if (v := value(body, i)) is not None and not ok(v)]
        if bad:
            measured = Counter(bad).most_common(1)[0][0]
            yield Hit(body.index, 0, len(body.text), f"{what} {show(measured)}，应为 {expected}{_clause(CLAUSE_TITLE)}")


def title_font(doc: CheckDoc) -> Iterator[Hit]:
    yield from _title_hit(doc, "标题字体", _font_value, lambda v: _font_ok(v, "title"), _expected_font("title"))


def title_size(doc: CheckDoc) -> Iterator[Hit]:
    yield from _title_hit(doc, "标题字号", _size_value, lambda v: v == layout.SIZE_2HAO, _size(layout.SIZE_2HAO), _size)


def headings(doc: CheckDoc) -> Iterator[Hit]:
    fmt = measure(doc)
    if fmt is None:
        return
    yield from _document((hit for role, what in (("level1", "一级标题字体"), ("level2", "二级标题字体"))
                          for hit in _judge(fmt.of(role), _characters(_head, _font_value, lambda v, r=role: _font_ok(v, r)),
                                            what, _expected_font(role), CLAUSE_BODY)), 3)


def line_spacing(doc: CheckDoc) -> Iterator[Hit]:
    fmt = measure(doc)
    if fmt is None:
        return
    grid = _grid_pitch(fmt.section)

    def wrong_in(body: Body):
        line, rule_ = fmt.styles.line_spacing(body.p)
        if _line_ok(line, rule_, grid if fmt.styles.snaps(body.p) else None):
            return None
        return 0, len(body.text), _spacing_text(line, rule_)

    bodies = sorted((b for role in ("body", "level1", "level2") for b in fmt.of(role) if b.text.strip()),
                    key=lambda b: b.index)
    yield from _document(_judge(bodies, wrong_in, "行距", f"固定值 {_pt(layout.LINE_PITCH)} 磅", CLAUSE_GRID), 4)


def _grid_pitch(sect) -> int | None:
    grid = sect.find(_W + "docGrid") if sect is not None else None
    if grid is None or grid.get(_W + "type") not in ("lines", "linesAndChars", "snapToChars"):
        return None
    return _int(grid.get(_W + "linePitch"))


def _pitch_ok(twips: int | None) -> bool:
    return twips is not None and layout.LINE_PITCH - LINE_TOLERANCE <= twips <= layout.LINE_PITCH


def _line_ok(line: int, rule_: str, grid: int | None) -> bool:
    if rule_ == "exact":
        return _pitch_ok(line)
    # auto or at least: on a line grid of the right pitch, a single-spaced 3号 line takes one grid line
    return rule_ in ("auto", None) and line <= 240 and _pitch_ok(grid)


def _spacing_text(line: int, rule_: str) -> str:
    if rule_ == "exact":
        return f"固定值 {_pt(line)} 磅"
    if rule_ == "atLeast":
        return f"最小值 {_pt(line)} 磅"
    return "单倍行距" if line == 240 else f"{line / 240:.2f}".rstrip("0").rstrip(".") + " 倍行距"


def grid(doc: CheckDoc) -> Iterator[Hit]:
    fmt = measure(doc)
    if fmt is None or fmt.section is None:
        return
    bodies = [b for b in fmt.of("body") if b.text.strip()]
    if not bodies:
        return
    sect = fmt.section
    size, margins = sect.find(_W + "pgSz"), sect.find(_W + "pgMar")
    if size is None or margins is None:
        return
    height = (_int(size.get(_W + "h")) or 0) - abs(_int(margins.get(_W + "top")) or 0) - abs(_int(margins.get(_W + "bottom")) or 0)
    width = ((_int(size.get(_W + "w")) or 0) - (_int(margins.get(_W + "left")) or 0)
             - (_int(margins.get(_W + "right")) or 0) - (_int(margins.get(_W + "gutter")) or 0))
    # the body's usual formatting: its first paragraph's first character that has one
    body = bodies[0]
    first = next((i for i, r in enumerate(body.runs) if r is not None), None)
    if first is None:
        return
    rprs = fmt.styles.rprs(body.p, body.runs[first])
    points = fmt.styles.size(rprs)
    line, rule_ = fmt.styles.line_spacing(body.p)
    pitch, approximate = _line_pitch(line, rule_, points, _grid_pitch(sect) if fmt.styles.snaps(body.p) else None)
    lines = math.floor(height / pitch + 1e-6) if pitch > 0 else 0
    char = points * layout.TWIPS_PER_PT + fmt.styles.char_spacing(rprs)
    grid_el = sect.find(_W + "docGrid")
    if grid_el is not None and grid_el.get(_W + "type") in ("linesAndChars", "snapToChars"):
        char_space = _int(grid_el.get(_W + "charSpace")) or 0
        normal = fmt.styles.size(fmt.styles.rprs(etree.Element(_W + "p"), None))
        char = normal * layout.TWIPS_PER_PT + char_space * layout.TWIPS_PER_PT / 4096
    chars = math.floor(width / char + 1e-6) if char > 0 else 0
    if lines != layout.LINES_PER_PAGE or chars != layout.CHARS_PER_LINE:
        about = "约" if approximate else ""
        yield Hit(None, 500, 500, f"每页{about} {lines} 行、每行 {chars} 字，应为每页 {layout.LINES_PER_PAGE} 行、"
                              f"每行 {layout.CHARS_PER_LINE} 字{_clause(CLAUSE_GRID)}")


def _line_pitch(line: int, rule_: str, points: float, grid: int | None) -> tuple[float, bool]:
    """(line pitch in twips, whether it is an estimate): exact is exact; auto lines are about
    1.3 × the font size (CJK fonts) times the multiple, snapped up to the grid when there is one."""
    if rule_ == "exact":
        return float(line), False
    natural = points * layout.TWIPS_PER_PT * 1.3 * (line / 240 if rule_ != "atLeast" else 1)
    if rule_ == "atLeast":
        natural = max(natural, line)
    if grid:
        return grid * max(1, math.ceil(natural / grid - 1e-6)), False
    return natural, True


def page_number(doc: CheckDoc) -> Iterator[Hit]:
    fmt = measure(doc)
    if fmt is None or fmt.section is None:
        return
    yield from _document(_page_number(fmt), 6)


def _page_number(fmt: Format) -> Iterator[Hit]:
    form = f"{layout.PAGE_NUMBER_DASH} 1 {layout.PAGE_NUMBER_DASH}"
    refs = {ref.get(_W + "type") or "default": ref.get(_R_ID) for ref in fmt.section.findall(_W + "footerReference")}
    footers = {kind: fmt.package.part_of(rid) for kind, rid in refs.items()}
    numbered = {kind: _page_paragraph(root) for kind, root in footers.items() if root is not None}
    numbered = {kind: found for kind, found in numbered.items() if found is not None}
    if "default" not in numbered:
        yield Hit(None, 0, 0, f"没有页码，应在页脚以{HAO[layout.SIZE_4HAO]}半角{layout.PAGE_NUMBER_FONT}阿拉伯数字标「{form}」"
                              f"{_clause(CLAUSE_PAGE_NUMBER)}")
        return
    shown, p, number_run = numbered["default"]
    if shown.replace(" ", "") != form.replace(" ", ""):
        yield Hit(None, 0, 0, f"页码为「{shown}」，应为「{form}」{_clause(CLAUSE_PAGE_NUMBER)}")
    points = fmt.styles.size(fmt.styles.rprs(p, number_run)) if number_run is not None else None
    if points is not None and points != layout.SIZE_4HAO:
        yield Hit(None, 0, 0, f"页码字号 {_size(points)}，应为 {_size(layout.SIZE_4HAO)}{_clause(CLAUSE_PAGE_NUMBER)}")
    even = fmt.package.settings is not None and _on(fmt.package.settings.find(_W + "evenAndOddHeaders"))
    odd_jc = fmt.styles.jc(p)
    if not even or "even" not in numbered:
        yield Hit(None, 0, 0, f"页码不分单双页（都{_JC.get(odd_jc or 'left', '居左')}），应单页居右、双页居左"
                              f"{_clause(CLAUSE_PAGE_NUMBER)}")
        return
    even_jc = fmt.styles.jc(numbered["even"][1])
    if odd_jc not in ("right", "end") or even_jc not in ("left", "start", None):
        yield Hit(None, 0, 0, f"页码单页{_JC.get(odd_jc or 'left', '居左')}、双页{_JC.get(even_jc or 'left', '居左')}，"
                              f"应单页居右、双页居左{_clause(CLAUSE_PAGE_NUMBER)}")


_JC = {"left": "居左", "start": "居左", "right": "居右", "end": "居右", "center": "居中", "both": "居左",
       "distribute": "分散对齐"}


def _page_paragraph(root) -> tuple[str, object, object] | None:
    """(the footer line as shown, with the page number as 1; its w:p; the run showing the number)
    of the footer paragraph holding a PAGE field, or None."""
    for p in root.iter(_W + "p"):
        shown, number_run, in_field, in_result, is_page = [], None, 0, False, False
        found = False
        for el in p.iter(_W + "r", _W + "fldSimple"):
            if el.tag == _W + "fldSimple":
                if "PAGE" in (el.get(_W + "instr") or "").upper().split():
                    shown.append("1")
                    number_run = el.find(_W + "r")
                    found = True
                continue
            if el.getparent().tag == _W + "fldSimple":
                continue
            for c in el:
                if c.tag == _W + "fldChar":
                    kind = c.get(_W + "fldCharType")
                    if kind == "begin":
                        in_field, in_result, is_page = in_field + 1, False, False
                    elif kind == "separate":
                        in_result = True
                        if is_page:
                            shown.append("1")
                            found = True
                    elif kind == "end":
                        in_field, in_result = max(0, in_field - 1), False
                elif c.tag == _W + "instrText":
                    if "PAGE" in (c.text or "").upper().split():
                        is_page = True
                elif c.tag == _W + "t":
                    if in_field and in_result and is_page:
                        number_run = el
                    elif not in_field:
                        shown.append(c.text or "")
        if found:
            return "".join(shown).strip(), p, number_run
    return None
