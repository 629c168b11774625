"""The one shared recogniser: flat paragraphs from any reader → the document model.

Readers (txt, docx) only find paragraphs and hints (a title style, an outline level);
everything that depends on the *words* is decided here, once, so a .txt and a .docx
of the same document give the same model (pandoc's Docx/Lists.hs idea: parse flat,
then structure).

Shapes recognised ([X] done, [-] partly, [ ] not yet):

  [X] cover notice before the title (主送 line ending in "：", body, 署名, date) →
      Document.cover, and as plain strings in ReadResult.cover
  [X] title: first paragraph, short, no sentence punctuation (…… counts), unnumbered; or styled as title
  [X] preamble: paragraphs before the first numbered heading
  [X] levels 一、（一）1. 1、 1．（1）: decided by the order in which label *styles* first
      appear (first style = sections, next = items …), not by a fixed table, so a
      document whose sections are 1、 and items 1. works too
  [X] odd labels (5、8、6.7、, half-width brackets): kept as explicit labels; a new style
      whose number is not 1 joins the level of its look-alike (6. among 1、)
  [X] numbering settings (item style, restart vs continuous): the choice needing the
      fewest explicit labels
  [X] unnumbered paragraphs after a heading → Section.lead; after an item → Item.more
  [X] item title sentence: up to the first "。" when ≤ 25 characters and a body follows
  [X] closing passages after the last numbered paragraph: they start at a paragraph
      opening with 一年来/过去一年/下一步/今后/新的一年/总之/2023年，…将 or at the unnumbered
      paragraph introducing a run of 一是 points; anything earlier is lead/continuation, and
      一是 paragraphs straight after a numbered one continue that item (Item.more). Never
      right under a last section heading (a section by its level, not by its label's look:
      under sections 1、 an item 1. is no heading), nor after one naming 问题/下一步打算
  [X] 一是/二是 points → Passage.points (closing only). Inside sections a 一是 paragraph is
      an ordinary paragraph with 一是 left in its text: the model has no points there,
      and the writer would number them with the item style instead
  [X] 署名 + date at the end (2023年2月10日, 二〇二三年二月十日) → Signature
  [X] placeholders **, ***, X, XX, ×, ×× → draft Blanks (named 待填1, 待填2 …)
  [X] website junk (URLs, 笔杆儿网 …): cut with a warning; a paragraph left empty is dropped
  [-] unnumbered paragraphs styled as level-1 headings become sections (numbered 一、 by
      the writer), only when no paragraph carries a 一、 label; levels 2–4 ignored
  [ ] headingless flat lists: the top level always maps to sections (explicit labels)
  [ ] titles over several lines (txt), subtitles, 主送 without a cover, 附件, 版记, 红头
  [ ] a heading run together with its paragraph (kept as one heading, as written)
  [ ] 一是 points inside sections as structured points; 第一、第二 / 首先 / 其次
  [ ] Document.kind (文种) is not guessed; the importer or the user sets it
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..errors import ReadError
from ..findings import Finding, Severity
from ..limits import MAX_PARAGRAPHS
from ..flow import flow
from ..model import Blank, Document, Item, Numbering, Origin, Paragraph, Passage, Role, Section, Signature, Text, walk
from ..numbering import LabelStyle, parse_label


@dataclass(frozen=True)
class FlatParagraph:
    """One paragraph as a reader found it: text plus hints from its formatting."""

    text: str
    title: bool = False  # styled as the document title (公文标题, Title)
    outline: int | None = None  # heading level from the style: 1 = 一、 … 4 = （1）
    line: int | None = None  # first line in a text file
    paragraph: int | None = None  # paragraph number in the input (set by build_document when a reader has none)


@dataclass
class ReadResult:
    """What a reader returns: the model plus what does not fit it yet."""

    document: Document
    cover: list[str] = field(default_factory=list)  # the 印发 notice before the title, as written
    findings: list[Finding] = field(default_factory=list)  # what the user should know (junk cut …)
    dropped: list[str] = field(default_factory=list)  # text left out (junk, tables)
    source: str = ""
    paragraphs: list[FlatParagraph] = field(default_factory=list)  # the input as read, numbered (for check)


# -- text predicates ---------------------------------------------------------------------------
TITLE_MAX = 40  # a title line is shorter than this
ITEM_TITLE_MAX = 25  # an item's title sentence, "。" included
_DATE = re.compile(
    r"^(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
_CLOSING_START = re.compile(r"^(?:一年来|过去的?一年|下一步|今后|新的一年|总之|\d{4}年[，,].{0,10}?将)")


def is_date(text: str) -> bool:
    """A 成文日期 line: 2023年2月10日 or 二〇二三年二月十日."""
    return bool(_DATE.match(text.strip()))


def _short_unpunctuated(text: str, limit: int) -> bool:
    """Short and without sentence punctuation (the 省略号 … is one, as for the txt reader)."""
    return len(text) <= limit and not any(ch in text for ch in "。！？；，：…!?;,:")


# -- placeholders and website junk ----------------------------------------------------------------
_PLACEHOLDER = re.compile(r"[*＊]{2,}|[×╳]+|[XＸ]{1,4}")
_LATIN = re.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-_/.&@]")
_NOT_X_BLANK = ("光", "射线", "线", "轴")  # X光, X射线: real words


def find_placeholders(text: str) -> list[tuple[int, int]]:
    """Spans of draft placeholders: ``**`` runs, ×/×× and X/XX standing alone in Chinese.

    An X touching a Latin word or a number (Type X, X-ray, 3X) is text, and so is
    × between digits (3×4); a single * may be a footnote mark and is left alone.
    """
    spans = []
    for m in _PLACEHOLDER.finditer(text):
        kind = m.group()[0]
        before = text[: m.start()].rstrip()[-1:]
        after = text[m.end():].lstrip()[:1]
        if kind in "×╳" and before.isdigit() and after.isdigit():
            continue
        if kind in "XＸ":
            if _LATIN.match(before or " ") or _LATIN.match(after or " "):
                continue
            if text[m.end():].startswith(_NOT_X_BLANK):
                continue
        spans.append(m.span())
    return spans


_SITES = ("笔杆儿网", "笔杆子家园", "第一范文网", "范文先生网", "百度文库", "豆丁网", "道客巴巴",
          "原创力文档", "360文库", "写写帮文库", "文秘帮")
_URL = r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&+=%]+"
_SITE_FRAGMENT = re.compile(rf"\s*(?:{'|'.join(map(re.escape, _SITES))})(?:[，,：:\s]*{_URL})?")
_TRAILING_URL = re.compile(rf"\s*(?:网址[：:]\s*)?{_URL}\s*$")
# What is left of a paragraph once its URL is cut, when the paragraph was only an invitation
# to a website ("更多范文请访问 www…", "本文来源：…"): the whole paragraph is junk.
_JUNK_LEFTOVER = re.compile(
    r"^[\W_]*(?:(?:本文|文章)?(?:来源|出处|转载自?|摘自)[：:]?"
    r"|[^，。；]{0,12}(?:访问|关注|下载|浏览|点击|登录|搜索)[^，。；]{0,8})?[\W_]*$"
)


def cut_junk(text: str) -> tuple[str, list[str]]:
    """Cut website junk: a site name (with its URL) anywhere, a bare URL at the end.

    A URL inside a sentence is kept (it may be a real reference, e.g. www.gov.cn);
    returns (what is left, the fragments cut).
    """
    cut = [m.group().strip() for m in _SITE_FRAGMENT.finditer(text)]
    text = _SITE_FRAGMENT.sub("", text)
    m = _TRAILING_URL.search(text)
    if m:
        cut.append(m.group().strip())
        text = text[: m.start()]
    return text.strip(), cut


def is_junk_paragraph(text: str) -> bool:
    """True when a paragraph is nothing but website junk (a URL and an invitation to visit it)."""
    left, cut = cut_junk(text)
    return bool(cut) and bool(_JUNK_LEFTOVER.match(left))


# -- the recogniser ------------------------------------------------------------------------------
class _Texts:
    """Turns strings into model Text, numbering the draft blanks in reading order, and
    input paragraphs into model Paragraphs that remember where they were."""

    def __init__(self, source: str) -> None:
        self.count = 0
        self.source = source

    def origin(self, p: FlatParagraph) -> Origin:
        return Origin(file=self.source or None, line=p.line, paragraph=p.paragraph)

    def paragraph(self, p: FlatParagraph, text: str | None = None) -> Paragraph:
        return Paragraph(self(p.text if text is None else text), self.origin(p))

    def __call__(self, text: str) -> Text:
        parts: list = []
        pos = 0
        for start, end in find_placeholders(text):
            self.count += 1
            parts += [text[pos:start], Blank(f"待填{self.count}")]
            pos = end
        return Text.of(*parts, text[pos:])


def build_document(paragraphs: list[FlatParagraph], source: str = "") -> ReadResult:
    """Recognise the structure of a document given as flat paragraphs."""
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise ReadError(f"文档有 {len(paragraphs)} 段，超过 {MAX_PARAGRAPHS} 段的上限，不导入", file=source or None,
                        hint="请确认这是一份工作文件；很长的材料请分成几份导入")
    result = ReadResult(Document(), source=source)
    paragraphs = [p if p.paragraph is not None else replace(p, paragraph=n) for n, p in enumerate(paragraphs, start=1)]
    result.paragraphs = paragraphs
    paras = _drop_junk(paragraphs, result)
    cover, paras = _split_cover(paras)
    result.cover = [p.text for p in cover]
    title, paras = _split_title(paras)
    signature, paras = _split_signature(paras)
    texts = _Texts(source)
    doc = result.document
    doc.cover = [texts.paragraph(p) for p in cover]
    if title:
        doc.title = texts("".join(p.text for p in title))
        doc.title_origin = texts.origin(title[0])
    from_outline = not any(_style(p) is LabelStyle.CN_COMMA for p in paras)
    builder = _Builder(texts, sections_from_outline=from_outline)
    start = _closing_start(paras, from_outline)
    for p in paras[:start]:
        builder.add(p)
    doc.preamble, doc.sections = builder.preamble, builder.sections
    doc.closing = _passages(paras[start:], texts, builder.raw)
    if signature:
        issuer, date = signature
        doc.signature = Signature(texts(issuer.text if issuer else ""), texts(date.text),
                                  issuer_origin=texts.origin(issuer) if issuer else None,
                                  date_origin=texts.origin(date))
    doc.numbering = _settle_labels(doc, builder.raw, builder.item_styles)
    return result


def _style(p: FlatParagraph) -> LabelStyle | None:
    label = parse_label(p.text)
    return label[0] if label else None


def _drop_junk(paragraphs: list[FlatParagraph], result: ReadResult) -> list[FlatParagraph]:
    kept = []
    for p in paragraphs:
        text, cut = cut_junk(p.text)
        where = {"file": result.source or None, "line": p.line, "paragraph": None if p.line else p.paragraph}
        if is_junk_paragraph(p.text):
            result.dropped.append(p.text)
            result.findings.append(Finding("import.junk-paragraph", Severity.WARNING,
                                           f"整段是网站信息「{p.text}」，已删除（网址、网站名不属于正文）",
                                           text=p.text, **where))
            continue
        for fragment in cut:
            result.dropped.append(fragment)
            result.findings.append(Finding("import.website-junk", Severity.WARNING,
                                           f"删去网站信息「{fragment}」（网址、网站名不属于正文），段落保留",
                                           text=fragment, **where))
        if text:
            kept.append(replace(p, text=text) if cut else p)
    return kept


def _split_cover(paras: list[FlatParagraph]) -> tuple[list[FlatParagraph], list[FlatParagraph]]:
    """A 印发 notice before the document: everything before a title-styled paragraph (when
    it holds a 主送 line or a date), or a 主送 line ending in "：" (perhaps under the
    notice's own title) down to its date."""
    styled = next((i for i, p in enumerate(paras[:12]) if p.title), None)
    # trust the title style only where the text before it looks like a notice: a heading
    # mis-styled as 标题 must not turn the preamble into a cover
    if styled and any(_is_addressee(p.text) or is_date(p.text) for p in paras[:styled]):
        return paras[:styled], paras[styled:]
    for first in (0, 1):
        if first == 1 and not (paras and _is_title_line(paras[0])):
            break
        if len(paras) > first and _is_addressee(paras[first].text):
            for d in range(first + 1, min(len(paras) - 1, first + 8)):
                if is_date(paras[d].text):
                    return paras[: d + 1], paras[d + 1:]
    return [], paras


def _is_addressee(text: str) -> bool:
    return text.endswith(("：", ":")) and len(text) <= 80 and parse_label(text) is None


def _is_title_line(p: FlatParagraph) -> bool:
    return p.title or (
        p.outline is None  # styled as a heading, not as the title
        and _short_unpunctuated(p.text, TITLE_MAX) and parse_label(p.text) is None and not is_date(p.text)
    )


def _split_title(paras: list[FlatParagraph]) -> tuple[list[FlatParagraph], list[FlatParagraph]]:
    """The title's paragraphs (none, one, or a styled title over several) and the rest."""
    if not paras or not _is_title_line(paras[0]):
        return [], paras
    n = 1
    while paras[0].title and n < len(paras) and paras[n].title:  # a styled title over two lines
        n += 1
    return paras[:n], paras[n:]


def _split_signature(
    paras: list[FlatParagraph],
) -> tuple[tuple[FlatParagraph | None, FlatParagraph] | None, list[FlatParagraph]]:
    """(署名 or None, date) at the end, and the rest."""
    if len(paras) < 2 or not is_date(paras[-1].text):
        return None, paras
    issuer = paras[-2]
    if _short_unpunctuated(issuer.text, 30) and parse_label(issuer.text) is None:
        return (issuer, paras[-1]), paras[:-2]
    return (None, paras[-1]), paras[:-1]


# A last section whose heading names the problems or next year's plans holds them itself:
# the paragraphs after it are its content, not closing passages after an empty heading.
_CLOSING_TOPIC = re.compile(
    r"(?:存在的?|主要|突出)问题|问题(?:和|与|及)不足|不足之处|困难和问题|努力方向|意见建议"
    r"|(?:下一步|下步|今后|明年|来年|\d{4}年).{0,8}(?:打算|计划|安排|思路|重点|措施)|工作(?:打算|思路|计划)"
)


def _closing_start(paras: list[FlatParagraph], sections_from_outline: bool = False) -> int:
    """Index where closing passages begin (len(paras) when there are none).

    Closing passages follow the last numbered paragraph (or heading styled as a section).
    When that is a section heading,
    they may not start right under it (the section would be left empty), and not at all
    when the heading itself names what they would hold (三、存在问题和下一步打算).
    Whether it is a heading is decided by its level, as the builder will find it — not
    by its label's look: under sections labelled 1、 an item 1. is no heading.
    """
    depths = _depths(paras, sections_from_outline)
    last = max(depths, default=-1)
    earliest = last + 1
    if depths and depths[last] == 0:  # a section heading
        if _CLOSING_TOPIC.search(paras[last].text):
            return len(paras)
        earliest = last + 2
    for i in range(last + 1, len(paras)):
        if _style(paras[i]) is LabelStyle.CN_SHI:
            if i - 1 > last and _style(paras[i - 1]) is None and i - 1 >= earliest:
                return i - 1  # the paragraph introducing the points is their lead
            if last < 0:
                return i
            continue  # 一是 straight after a numbered paragraph continues that item
        if last >= 0 and i >= earliest and _CLOSING_START.match(paras[i].text):
            return i
    return len(paras)


def _split_item(text: str, texts: _Texts, p: FlatParagraph) -> Item:
    """An item's text → title sentence (up to the first 。, when short and a body follows) + body."""
    end = text.find("。")
    if 0 < end < ITEM_TITLE_MAX and end + 1 < len(text):
        return Item(body=texts(text[end + 1:]), title=texts(text[: end + 1]), origin=texts.origin(p))
    return Item(body=texts(text), origin=texts.origin(p))


def _family(style: LabelStyle) -> str:
    return {LabelStyle.DIGIT_DOT: "digit", LabelStyle.DIGIT_COMMA: "digit"}.get(style, style.value)


class _Levels:
    """The depth a numbered paragraph opens (0 = section heading, 1 = its items …), decided
    by the order in which label styles first appear; shared by the builder and by
    :func:`_closing_start`, so that both see the same levels."""

    def __init__(self) -> None:
        self.depth_of: dict[LabelStyle, int] = {}

    def depth(self, style: LabelStyle, n: int, open_depth: int) -> int:
        """Depth of a label of *style* numbered *n* when *open_depth* levels are open."""
        if style in self.depth_of:
            return min(self.depth_of[style], open_depth)
        if n != 1:  # 6. among 1、: a slip of the same level, not a new level
            for known, depth in self.depth_of.items():
                if _family(known) == _family(style):
                    return min(depth, open_depth)
        self.depth_of[style] = open_depth
        return open_depth


def _opens_outline_section(p: FlatParagraph, label, sections_from_outline: bool) -> bool:
    return p.outline == 1 and sections_from_outline and label is None


def label_depths(texts: list[str]) -> dict[int, int]:
    """{index: depth} of the numbered paragraphs among *texts* (0 = section heading, 1 = its items …),
    decided as the reader decides them (for drafter check's numbering rules)."""
    return _depths([FlatParagraph(t) for t in texts], False)


def _depths(paras: list[FlatParagraph], sections_from_outline: bool) -> dict[int, int]:
    """{index: depth} of the paragraphs that open a section or an item, as the builder finds
    them: numbered ones (一是 is not a level) and headings styled as level 1 that it makes
    sections of."""
    levels, open_depth, depths = _Levels(), 0, {}
    for i, p in enumerate(paras):
        label = parse_label(p.text)
        if label is None or label[0] is LabelStyle.CN_SHI:
            if _opens_outline_section(p, label, sections_from_outline):
                depths[i], open_depth = 0, 1
            continue
        depths[i] = levels.depth(label[0], label[1], open_depth)
        open_depth = depths[i] + 1
    return depths


class _Builder:
    """Builds preamble and sections from the body paragraphs, one at a time."""

    def __init__(self, texts: _Texts, sections_from_outline: bool) -> None:
        self.texts = texts
        self.sections_from_outline = sections_from_outline
        self.preamble: list[Paragraph] = []
        self.sections: list[Section] = []
        self.open: list = []  # open[d]: the Section (d = 0) or Item at depth d
        self.levels = _Levels()
        self.item_styles: list[LabelStyle] = []  # styles seen at depth 1, in order
        self.raw: dict[int, str] = {}  # id(node) → its label as written

    def add(self, p: FlatParagraph) -> None:
        label = parse_label(p.text)
        if label is None or label[0] is LabelStyle.CN_SHI:
            if _opens_outline_section(p, label, self.sections_from_outline):
                self._open_section(p, p.text, None)
            else:
                self._add_plain(p)
            return
        style, n, written = label
        depth = self.levels.depth(style, n, len(self.open))
        rest = p.text[len(written):]
        if depth == 0:
            self._open_section(p, rest, written)
            return
        if depth == 1 and style not in self.item_styles:
            self.item_styles.append(style)
        item = _split_item(rest, self.texts, p)
        self.raw[id(item)] = written
        parent = self.open[depth - 1]
        (parent.items if isinstance(parent, Section) else parent.children).append(item)
        self.open[depth:] = [item]

    def _open_section(self, p: FlatParagraph, heading: str, written: str | None) -> None:
        section = Section(heading=self.texts(heading), origin=self.texts.origin(p))
        if written is not None:
            self.raw[id(section)] = written
        self.sections.append(section)
        self.open = [section]

    def _add_plain(self, p: FlatParagraph) -> None:
        if not self.open:
            self.preamble.append(self.texts.paragraph(p))
        elif isinstance(self.open[-1], Section):
            self.open[-1].lead.append(self.texts.paragraph(p))
        else:
            self.open[-1].more.append(self.texts.paragraph(p))


def _passages(paras: list[FlatParagraph], texts: _Texts, raw: dict[int, str]) -> list[Passage]:
    """Closing paragraphs → passages: lead paragraphs, then 一是 … points.

    A paragraph after points opens a new passage (a closing remark or the next
    passage's lead is likelier than a point running over two paragraphs).
    """
    passages: list[Passage] = []
    for p in paras:
        label = parse_label(p.text)
        if label and label[0] is LabelStyle.CN_SHI:
            if not passages or (label[1] == 1 and passages[-1].points):
                passages.append(Passage())
            point = _split_item(p.text[len(label[2]):], texts, p)
            raw[id(point)] = label[2]
            passages[-1].points.append(point)
        else:
            if not passages or passages[-1].points:
                passages.append(Passage())
            passages[-1].lead.append(texts.paragraph(p))
    return passages


def _labelled(doc: Document) -> list:
    """Sections, items and points in the order flow() labels them."""
    return [node.owner for node in walk(doc) if node.role in _LABELLED]


_LABELLED = (Role.HEADING, Role.ITEM, Role.POINT)


def _settle_labels(doc: Document, raw: dict[int, str], item_styles: list[LabelStyle]) -> Numbering:
    """Pick the numbering that regenerates most labels, and keep the others as written.

    Labels are compared with what :func:`drafter.flow.flow` generates, so the numbering
    rules live in one place and the round trip model → text is exact by construction.
    """
    nodes = _labelled(doc)
    candidates = [Numbering(style, restart) for style in item_styles or [LabelStyle.DIGIT_DOT]
                  for restart in (True, False)]
    best, best_generated, best_cost = candidates[0], [], None
    for numbering in candidates:
        doc.numbering = numbering
        generated = [line.label for line in flow(doc) if line.role in _LABELLED]
        cost = sum(1 for node, label in zip(nodes, generated) if id(node) in raw and raw[id(node)] != label)
        if best_cost is None or cost < best_cost:
            best, best_generated, best_cost = numbering, generated, cost
    for node, label in zip(nodes, best_generated):
        written = raw.get(id(node))
        node.label = written if written is not None and written != label else None
    return best
