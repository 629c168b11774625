"""Word (.docx) → flat paragraphs, with the labels Word numbers itself written out.

python-docx opens the package; the paragraph text, automatic numbering and style
hints are read from the raw XML, because python-docx's ``paragraph.text`` drops
the labels Word generates and knows nothing of outline levels. :mod:`.structure`
then recognises the document from the paragraphs.

  [X] text of every run across formatting, hyperlinks, insertions, fields (results),
      content controls; deleted text and field codes skipped
  [X] w:tab → nothing, or a space between two Latin words; w:br/w:cr inside a
      paragraph: a new paragraph when the next part opens one (label, date) or the
      part before ends a sentence or is a heading, else the parts are joined
  [X] automatic numbering (w:numPr on the paragraph or its style): numId → abstractNum
      → lvl numFmt + lvlText, counted like Word (one counter per abstractNum, shared by
      its w:num instances; startOverride restarts; deeper levels restart), label prepended
  [X] style hints: title (公文标题, Title, 标题), outline level (w:outlineLvl, Heading N,
      标题 N, 一级标题 … 四级标题), following w:basedOn
  [X] tables passed on as rows of cell texts (a merged cell's text in the first column it covers,
      a vertically merged cell's text repeated in each row, Word's numbering in cells written out):
      the recogniser reads a 任务分解表 or a 版记 from them, and leaves any other table out with
      a warning (its text goes to ``dropped``); empty paragraphs dropped
  [X] red text (run or style colour) and drafter's own styles of the official parts (发文机关标志 …)
      passed on as hints; the 版记 in the footer of the last section (drafter's own .docx puts it
      there, to stand at the foot of the last page)
  [-] bullets and numFmt none give no label; numStyleLink/styleLink lists are not followed
  [ ] text boxes, footnotes, comments, headers/footers (but the 版记); tracked moves; paragraphs
      that a PDF copy split line by line
"""

from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from ..errors import ReadError
from ..limits import MAX_DOCX_PART, MAX_DOCX_RATIO, MAX_DOCX_UNPACKED
from ..findings import Finding, Severity
from ..numbering import chinese_numeral
from .furniture import OFFICIAL_STYLES
from .structure import FlatParagraph, ReadResult, build_document
from .txt import continues, join_lines

_P, _TBL, _R = qn("w:p"), qn("w:tbl"), qn("w:r")
_CONTAINERS = {qn(t) for t in ("w:hyperlink", "w:ins", "w:smartTag", "w:fldSimple", "w:customXml",
                               "w:sdt", "w:sdtContent", "w:moveTo", "w:dir", "w:bdo")}
_TITLE_NAMES = {"title", "标题", "公文标题", "文件标题", "大标题"}
_LEVEL_NAMES = {"一级标题": 1, "二级标题": 2, "三级标题": 3, "四级标题": 4}


def read_docx(data: bytes, source: str = "<文档>") -> ReadResult:
    """Read a Word document (bytes) into the model."""
    document = _open(data, source)
    try:
        return _read(document, source)
    except RecursionError:
        raise ReadError("文档的结构嵌套过深，无法导入", file=source,
                        hint="请在 Word 中打开，全选复制到新文档后另存为 .docx 再导入") from None


def _read(document, source: str) -> ReadResult:
    styles = _Styles(document.styles.element)
    numbering = _Numbering(_numbering_root(document))
    paragraphs: list[FlatParagraph] = []
    findings: list[Finding] = _unread_parts(document, source)
    count = tables = 0
    for block in _blocks(document.element.body):
        if block.tag == _TBL:
            tables += 1
            rows = _table_rows(block, styles, numbering)  # Word counts numbered paragraphs inside tables too
            text = "\n".join(r for r in (" | ".join(c.replace("\t", " ") for c in row) for row in rows)
                             if r.strip(" |"))
            paragraphs.append(FlatParagraph(text, table=tuple(rows), left_out=(
                f"第{tables}个表格的内容没有导入（导入只识别正文段落），请核对后手工补上")))
            continue
        count += 1
        findings += _dropped_objects(block, source, count)
        paragraphs.extend(_paragraph(block, styles, numbering, count))
    paragraphs += _imprint_footer(document, styles)
    result = build_document(paragraphs, source)
    result.findings[:0] = findings
    if result.plain is not None:
        result.plain.findings[:0] = findings
    return result


_DAMAGED_HINT = "文件可能已损坏、不完整或不是 .docx；请用 Word 或 WPS 打开后另存为 .docx 再导入"


def _open(data: bytes, source: str):
    """python-docx's Document, after checking that the package is a Word document of sane size."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("这是旧版 Word 文档（.doc）或加了密码的文档，不能直接导入", file=source,
                        hint="请在 Word 或 WPS 中打开（取消密码），另存为 .docx 后再导入")
    if not data.startswith(b"PK"):
        raise ReadError("这不是 Word 文档（.docx）：文件内容不是 .docx 的格式", file=source, hint=_DAMAGED_HINT)
    _check_package(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        # parts load lazily: a damaged [Content_Types].xml shows only when the styles are read
        # (the styles part is then a plain Part, without parsed XML)
        document.styles.element
    except Exception:  # noqa: BLE001 - a damaged package fails in many ways inside python-docx and lxml
        raise ReadError("无法打开 Word 文档：文件已损坏或不完整", file=source, hint=_DAMAGED_HINT) from None
    return document


def _check_package(data: bytes, source: str) -> None:
    """Refuse a zip that is not a Word document, or that would unpack to more than the limits
    (a zip bomb: a few KB that unpack to gigabytes), before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReadError("无法打开 Word 文档：文件已损坏或不完整", file=source, hint=_DAMAGED_HINT) from None
    names = {info.filename for info in infos}
    if "word/document.xml" not in names and not any(n.endswith("document.xml") for n in names):
        kind = ("Excel 表格" if any(n.startswith("xl/") for n in names) else
                "PowerPoint 演示文稿" if any(n.startswith("ppt/") for n in names) else
                "WPS/OpenDocument 文档" if "content.xml" in names else "压缩包")
        raise ReadError(f"这不是 Word 文档，而是{kind}", file=source, hint="请导入 Word 文档（.docx）")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_DOCX_PART or total > MAX_DOCX_UNPACKED or (
                info.file_size > 1024 * 1024 and ratio > MAX_DOCX_RATIO):
            raise ReadError(f"文档解压后过大（{info.filename} 超出上限：单个部件 {MAX_DOCX_PART // (1024 * 1024)} MB、"
                            f"合计 {MAX_DOCX_UNPACKED // (1024 * 1024)} MB），不导入", file=source,
                            hint="正常的工作文件远小于此；文件可能已损坏或被恶意构造")


def _unread_parts(document, source: str) -> list[Finding]:
    """Findings for what the document holds outside the body text: footnotes, endnotes, comments."""
    found = []
    rels = {rel.reltype for rel in document.part.rels.values()}
    for reltype, what in ((RT.FOOTNOTES, "脚注"), (RT.ENDNOTES, "尾注"), (RT.COMMENTS, "批注")):
        if reltype in rels and _has_notes(document, reltype):
            found.append(Finding("import.notes", Severity.WARNING,
                                 f"文档中的{what}没有导入（导入只识别正文段落），请核对后手工补上", file=source))
    body = document.element.body
    if body.find(f".//{qn('w:del')}") is not None or body.find(f".//{qn('w:ins')}") is not None:
        found.append(Finding("import.tracked-changes", Severity.WARNING,
                             "文档中有尚未接受或拒绝的修订：按“接受所有修订”后的文字导入", file=source,
                             hint="如不想要某处修订，请先在 Word 中拒绝它再导入"))
    return found


def _has_notes(document, reltype: str) -> bool:
    """True when the notes part holds real notes (Word always writes two separator notes)."""
    try:
        part = document.part.part_related_by(reltype)
        root = etree.fromstring(part.blob) if hasattr(part, "blob") else part.element
    except (KeyError, ValueError, etree.XMLSyntaxError):
        return False
    for note in root:
        if note.get(qn("w:type")) in (None, "normal") and "".join(note.itertext()).strip():
            return True
    return False


_OBJECTS = {qn("w:drawing"): "图片", qn("w:pict"): "图片", qn("w:object"): "嵌入对象",
            qn("w:footnoteReference"): None, qn("w:endnoteReference"): None}


def _dropped_objects(p, source: str, number: int) -> list[Finding]:
    """Findings for pictures and embedded objects in a paragraph (their content is not imported)."""
    kinds = []
    for el in p.iter(*_OBJECTS):
        what = _OBJECTS[el.tag]
        if what and what not in kinds:
            kinds.append(what)
    return [Finding("import.object", Severity.WARNING, f"{what}没有导入（导入只识别文字）", file=source, paragraph=number)
            for what in kinds]


def _numbering_root(document):
    try:
        part = document.part.part_related_by(RT.NUMBERING)
    except KeyError:
        return None
    # a part whose content type was damaged loads as a plain Part, without parsed XML
    return getattr(part, "element", None)


def _blocks(parent):
    """Body-level paragraphs and tables in order, looking inside content controls."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            yield from _blocks(child)


def _table_rows(tbl, styles: "_Styles", numbering: "_Numbering") -> list[tuple[str, ...]]:
    """A table's rows of cell texts, one per grid column: a cell merged across columns (w:gridSpan)
    has its text in the first and empty strings in the others, a cell merged down the rows
    (w:vMerge) its text in each row. A cell's paragraphs are joined, Word's numbering written out."""
    rows: list[tuple[str, ...]] = []
    above: dict[int, str] = {}  # grid column → the text of the merged cell that started above
    for tr in _children(tbl, qn("w:tr")):
        cells: list[str] = []
        for tc in _children(tr, qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span = max(1, min(_int(_val(tcpr, qn("w:gridSpan")), 1), 64))
            merge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            column = len(cells)
            if merge is not None and merge.get(qn("w:val")) != "restart":
                text = above.get(column, "")
            else:
                text = "".join(_label(p, styles, numbering) + _tabs(_run_text(p)).replace("\n", "")
                               for p in tc.iter(_P)).strip()
                if merge is not None:
                    above[column] = text
                else:
                    above.pop(column, None)
            cells += [text] + [""] * (span - 1)
        rows.append(tuple(cells))
    return rows


def _children(parent, tag: str):
    """Direct children with *tag*, looking inside content controls and custom XML (w:sdt)."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            yield from _children(child, tag)


def _imprint_footer(document, styles: "_Styles") -> list[FlatParagraph]:
    """The 版记 printed in the footer of the last section (drafter's own .docx puts it there): its
    lines, when the footer has a line ending with 印发; else nothing (page numbers are no text)."""
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is None:
        return []
    for kind in ("default", "even", "first"):
        ref = next((r for r in sect.findall(qn("w:footerReference")) if r.get(qn("w:type")) == kind), None)
        if ref is None:
            continue
        try:
            part = document.part.related_parts[ref.get(qn("r:id"))]
            root = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
        except (KeyError, ValueError, AttributeError, etree.XMLSyntaxError):
            continue
        lines: list[str] = []
        for block in _blocks(root):
            if block.tag == _TBL:
                lines += ["".join(row) for row in _table_rows(block, styles, _Numbering(None))]
            else:
                lines.append(_tabs(_run_text(block)).replace("\n", ""))
        lines = [line.strip() for line in lines if line.strip()]
        if any(line.endswith("印发") for line in lines):
            return [FlatParagraph(line, footer=True) for line in lines
                    if line.startswith("抄送") or line.endswith("印发")]
    return []


def _val(el, path: str) -> str | None:
    found = el.find(path) if el is not None else None
    return found.get(qn("w:val")) if found is not None else None


def _int(value: str | None, default: int = 0) -> int:
    """An integer attribute; a malformed one counts as *default* rather than failing the import."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _label(p, styles: "_Styles", numbering: "_Numbering") -> str:
    """The label Word shows before paragraph *p* (numPr on the paragraph or its style)."""
    ppr = p.find(qn("w:pPr"))
    style_id = _val(ppr, qn("w:pStyle")) or styles.default
    num_id = _val(ppr, f"{qn('w:numPr')}/{qn('w:numId')}") or styles.get(style_id, "num_id")
    ilvl = _val(ppr, f"{qn('w:numPr')}/{qn('w:ilvl')}") or styles.get(style_id, "ilvl") or "0"
    return numbering.label(num_id, _int(ilvl)) if num_id and num_id != "0" else ""


def _paragraph(p, styles: "_Styles", numbering: "_Numbering", number: int) -> list[FlatParagraph]:
    label = _label(p, styles, numbering)  # before dropping empty ones: Word numbers them too
    ppr = p.find(qn("w:pPr"))
    style_id = _val(ppr, qn("w:pStyle")) or styles.default
    outline = _val(ppr, qn("w:outlineLvl"))
    level = _int(outline) + 1 if outline is not None else styles.level(style_id)
    level = level if level and level <= 4 else None
    title = styles.is_title(style_id)
    red = _is_red(p, styles.get(style_id, "color"))
    official = styles.official(style_id)
    parts = [_tabs(part).strip() for part in _run_text(p).split("\n")]
    parts = [part for part in parts if part]
    if not parts:
        return []
    parts[0] = label + parts[0]
    merged = [parts[0]]
    for part in parts[1:]:
        if title or continues(merged[-1], part):
            merged[-1] = join_lines(merged[-1], part)
        else:
            merged.append(part)
    # the outline level belongs to the paragraph's first part (a heading before a w:br)
    return [FlatParagraph(text, title=title, outline=level if k == 0 else None, paragraph=number, red=red,
                          style=official)
            for k, text in enumerate(merged)]


def _red_colour(value: str | None) -> bool | None:
    """Whether a w:color value is red (None: no colour given, or auto)."""
    if not value or value.lower() == "auto" or len(value) != 6:
        return None
    try:
        r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return None
    return r >= 0xB0 and g <= 0x60 and b <= 0x60


def _is_red(p, style_colour: str | None) -> bool:
    """Most of the paragraph's characters are red, by their run's colour or the paragraph style's."""
    red = total = 0
    default = bool(_red_colour(style_colour))
    for r in p.iter(_R):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if not text.strip():
            continue
        colour = _red_colour(_val(r.find(qn("w:rPr")), qn("w:color")))
        total += len(text)
        red += len(text) if (default if colour is None else colour) else 0
    return total > 0 and red * 2 > total


def _run_text(el) -> str:
    """The visible text of a paragraph: tabs as \\t, line breaks as \\n."""
    out: list[str] = []
    for child in el:
        if child.tag == _R:
            for c in child:
                tag = c.tag
                if tag == qn("w:t"):
                    out.append(c.text or "")
                elif tag in (qn("w:tab"), qn("w:ptab")):
                    out.append("\t")
                elif tag in (qn("w:br"), qn("w:cr")):
                    out.append("\n")
                elif tag == qn("w:noBreakHyphen"):
                    out.append("-")
                elif tag == qn("w:sym"):
                    try:  # symbol-font characters (private use area) have no text meaning
                        code = int(c.get(qn("w:char"), "0"), 16)
                    except ValueError:
                        code = 0
                    out.append(chr(code) if 0 < code < 0x110000 and not 0xE000 <= code <= 0xF8FF else "")
        elif child.tag in _CONTAINERS:
            out.append(_run_text(child))
    return "".join(out)


def _tabs(text: str) -> str:
    """A tab becomes a space between two Latin words, else nothing (label⇥text, Chinese)."""
    out = []
    for i, ch in enumerate(text):
        if ch == "\t":
            before, after = text[i - 1:i], text[i + 1:i + 2]
            if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                out.append(" ")
            continue
        out.append(ch)
    return "".join(out)


class _Styles:
    """Paragraph styles by id, following w:basedOn for numbering, outline level and name."""

    def __init__(self, root) -> None:
        self.by_id: dict[str, dict] = {}
        self.default: str | None = None
        for s in root.findall(qn("w:style")):
            if s.get(qn("w:type")) not in (None, "paragraph"):
                continue
            sid = s.get(qn("w:styleId"))
            ppr = s.find(qn("w:pPr"))
            self.by_id[sid] = {
                "name": (_val(s, qn("w:name")) or "").strip().lower(),
                "based_on": _val(s, qn("w:basedOn")),
                "num_id": _val(ppr, f"{qn('w:numPr')}/{qn('w:numId')}"),
                "ilvl": _val(ppr, f"{qn('w:numPr')}/{qn('w:ilvl')}"),
                "outline": _val(ppr, qn("w:outlineLvl")),
                "color": _val(s.find(qn("w:rPr")), qn("w:color")),
            }
            if s.get(qn("w:default")) in ("1", "true", "on"):
                self.default = sid

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.by_id and sid not in seen and len(seen) < 20:
            seen.add(sid)
            yield self.by_id[sid]
            sid = self.by_id[sid]["based_on"]

    def get(self, sid: str | None, key: str) -> str | None:
        return next((s[key] for s in self._chain(sid) if s[key] is not None), None)

    def level(self, sid: str | None) -> int | None:
        for s in self._chain(sid):
            if s["outline"] is not None:
                return _int(s["outline"]) + 1
            name = s["name"].replace(" ", "")
            if name in _LEVEL_NAMES:
                return _LEVEL_NAMES[name]
            for prefix in ("heading", "标题"):
                if name.startswith(prefix) and name[len(prefix):].isdigit():
                    return int(name[len(prefix):])
        return None

    def is_title(self, sid: str | None) -> bool:
        return any(s["name"] in _TITLE_NAMES for s in self._chain(sid))

    def official(self, sid: str | None) -> str | None:
        """The name of drafter's own style of an official part (发文机关标志 …), when *sid* is one."""
        return next((s["name"] for s in self._chain(sid) if s["name"] in OFFICIAL_STYLES), None)


class _Numbering:
    """Word's automatic numbering, counted the way Word shows it."""

    def __init__(self, root) -> None:
        self.levels: dict[str, dict[int, dict]] = {}  # abstractNumId → ilvl → level
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, startOverrides)
        self.counters: dict[str, dict[int, int]] = {}
        self.seen: set[tuple[str, int]] = set()
        if root is None:
            return
        for absn in root.findall(qn("w:abstractNum")):
            self.levels[absn.get(qn("w:abstractNumId"))] = {
                _int(lvl.get(qn("w:ilvl"))): _level(lvl) for lvl in absn.findall(qn("w:lvl"))
            }
        for num in root.findall(qn("w:num")):
            overrides = {}
            for ov in num.findall(qn("w:lvlOverride")):
                start = _val(ov, qn("w:startOverride"))
                if start is not None:
                    overrides[_int(ov.get(qn("w:ilvl")))] = _int(start, 1)
            self.nums[num.get(qn("w:numId"))] = (_val(num, qn("w:abstractNumId")), overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        abstract, overrides = self.nums.get(num_id, (None, {}))
        levels = self.levels.get(abstract or "", {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if ilvl in overrides and (num_id, ilvl) not in self.seen:
            counters[ilvl] = overrides[ilvl] - 1
        self.seen.add((num_id, ilvl))
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else levels[ilvl]["start"]
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels.get(deeper, {}).get("restart")
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        level = levels[ilvl]
        if level["fmt"] in ("bullet", "none"):
            return ""
        text = level["text"]
        for k in range(9, 0, -1):  # %10 does not exist; go high to low so %1 never eats %11
            if f"%{k}" in text:
                ref = levels.get(k - 1, {"fmt": "decimal", "start": 1})
                n = counters.get(k - 1, ref["start"])
                fmt = "decimal" if level["legal"] else ref["fmt"]
                text = text.replace(f"%{k}", format_number(n, fmt))
        return text


def _level(lvl) -> dict:
    restart = _val(lvl, qn("w:lvlRestart"))
    return {
        "start": _int(_val(lvl, qn("w:start"))),
        "fmt": _val(lvl, qn("w:numFmt")) or "decimal",
        "text": _val(lvl, qn("w:lvlText")) or "",
        "legal": lvl.find(qn("w:isLgl")) is not None,
        "restart": _int(restart) if restart is not None else None,
    }


_DIGITS = "〇一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")


def format_number(n: int, fmt: str) -> str:
    """Write *n* as Word's numFmt does (the formats Chinese documents use, and the common others)."""
    if n <= 0 or n >= 100000:  # no Chinese numeral label runs that high: a damaged start value
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_numeral(n)
    if fmt == "chineseLegalSimplified":
        return chinese_numeral(n).translate(_LEGAL)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":  # 甲乙丙丁 (Word's 天干)
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)
