"""The one shared recogniser: flat paragraphs from any reader → the document model.

Readers (txt, docx) only find paragraphs and hints (a title style, an outline level);
everything that depends on the *words* is decided here, once, so a .txt and a .docx
of the same document give the same model (pandoc's Docx/Lists.hs idea: parse flat,
then structure).

Shapes recognised ([X] done, [-] partly, [ ] not yet). The bar for each: import writes a
config whose draft build gives the input's paragraphs (placeholders read as blanks, website
junk removed and reported); nothing in the words is guessed or mended.

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
      fewest explicit labels, among the item styles a config can name (（一） 1. 1、)
  [X] unnumbered paragraphs after a heading → Section.lead; after an item → Item.more;
      a section with lead paragraphs and no items, and sibling sections of uneven depth
      (one with 1.→（1）, the next with none) need nothing special
  [X] item title sentence: up to the first "。" when ≤ 25 characters and a body follows;
      items without one are all body
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
  [X] placeholders **, ***, ＊＊, X, XX, X X, ×, ××, _, ____ → draft Blanks (named 待填1, 待填2 …;
      the importer names the parameters from the words before them, letters only). 某某 is
      kept as words (an anonymised name, often in the 署名): check reports it
  [X] website junk (URLs, 笔杆儿网 …, also with a PDF space inside the name): cut with a
      warning; a paragraph left empty is dropped
  [X] site residue without a URL, as whole sentences at a paragraph's end or as the whole
      paragraph: 更多精彩范文，敬请关注……, 本文来源于网络，仅供参考, 来源：网络整理, bylines
      (作者：… 发布时间：… 浏览：…次), 【打印】【关闭】, 第1页共3页 — cut with a warning. A
      sentence that merely mentions 来源 or 关注 is never residue (each pattern must cover a
      whole sentence, and is short)
  [X] spaces left by PDF extraction (党的 二十 大, 。 把, 1. 抓好, 一、　加强): kept as they are
      (``drafter check``'s punct.space reports them). Spaces after a label belong to the
      label (kept as an explicit label); an item whose body would start with a space gets
      no title sentence (rendering trims the ends of each part)
  [X] a label alone on its line (一、 / 1. and the text on the next line): joined with the
      unnumbered paragraph after it
  [X] a heading run together with its paragraph or its first item (一、加强建设1.完善制度。…):
      imported as written — the heading holds the item's text and the next item keeps its
      label (2.) explicitly. Not split: a split is a guess about the text, and the rebuild
      must give the input's paragraphs
  [X] mangled numerals imported as written, never guessed: 二0二三年 is not a date (a
      plain paragraph), 第1部分 a plain paragraph, 2、 among 一、 sections an item labelled
      2、, 19届6中全会 words
  [-] headingless flat lists (1. 2. 3. with no sections): the top level maps to sections
      whose labels are kept as written (the model has no items outside sections), so the
      rebuild gives the same labels; the heading holds the item's whole text
  [-] unnumbered paragraphs styled as level-1 headings become sections (numbered 一、 by
      the writer), only when no paragraph carries a 一、 label; levels 2–4 ignored
  [X] the official document around the text (:mod:`.furniture`): 版头 (份号, 密级, 紧急程度, the
      发文机关标志 — ending with 文件, in red or styled so — and the 发文字号, 签发人 on its line);
      the 印发通知 (a title …关于印发《X》的通知 over up to three lines, 主送 ending with "：", its
      body, 附件说明 附件：1.…, 署名 and date) → Document.header/notice/recipients/cover/
      signature; 附件 pages (附件1 …) holding the document itself and the 任务分解表 → Document.
      attachments, the table's rows (from a table, or tab-separated lines in a .txt; any column
      order, the header repeated or not, section rows merged) → each item's task, matched by its
      task text; the 版记 (抄送：…。, 印发机关 and …印发 date; lines, a table, or the .docx footer)
      → Document.imprint; a 红头 document with its 主送 under its title. Every part must be as the
      model prints it and the model must print the input again (spaces and tabs aside), else the
      document is read as plain text, with a warning saying why; ReadResult.plain always holds
      the plain reading (the import falls back to it when a config could not rebuild the input)
  [-] 主送 without a cover: only in an official document (under a plain title a line ending with
      "：" may be a lead-in sentence)
  [ ] titles over several lines (txt), subtitles; attachments other than the document and its
      任务分解表; 联合行文 (several 发文机关标志); a 附件说明 numbered 1、 or a name over two lines
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
from ..numbering import ITEM_STYLES, LabelStyle, parse_label


@dataclass(frozen=True)
class FlatParagraph:
    """One paragraph as a reader found it: text plus hints from its formatting."""

    text: str
    title: bool = False  # styled as the document title (公文标题, Title)
    outline: int | None = None  # heading level from the style: 1 = 一、 … 4 = （1）
    line: int | None = None  # first line in a text file
    paragraph: int | None = None  # paragraph number in the input (set by build_document when a reader has none)
    red: bool = False  # printed in red (the 发文机关标志 of a 红头)
    style: str | None = None  # the name of drafter's own style for an official part (发文机关标志 …), when so styled
    # a table: its rows of cell texts, merged cells spread over the columns they cover (``text`` is the
    # table as " | " lines); ``left_out`` is the warning given when the import does not use it
    table: tuple[tuple[str, ...], ...] | None = None
    left_out: str = ""
    footer: bool = False  # read from the page footer (the 版记 of drafter's own .docx)


@dataclass
class ReadResult:
    """What a reader returns: the model plus what does not fit it yet."""

    document: Document
    cover: list[str] = field(default_factory=list)  # the 印发 notice before the title, as written
    findings: list[Finding] = field(default_factory=list)  # what the user should know (junk cut …)
    dropped: list[str] = field(default_factory=list)  # text left out (junk, tables)
    source: str = ""
    paragraphs: list[FlatParagraph] = field(default_factory=list)  # the input as read, numbered (for check)
    # the official document read as plain text, as before the official parts were recognised: what the
    # import falls back to when a config with the official fields would not rebuild the input
    plain: "ReadResult | None" = None


# -- text predicates ---------------------------------------------------------------------------
TITLE_MAX = 40  # a title line is shorter than this
ITEM_TITLE_MAX = 25  # an item's title sentence, "。" included
DATE_PATTERN = (
    r"(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_DATE = re.compile(rf"^{DATE_PATTERN}$")
_CLOSING_START = re.compile(r"^(?:一年来|过去的?一年|下一步|今后|新的一年|总之|\d{4}年[，,].{0,10}?将)")


def is_date(text: str) -> bool:
    """A 成文日期 line: 2023年2月10日 or 二〇二三年二月十日."""
    return bool(_DATE.match(text.strip()))


def _short_unpunctuated(text: str, limit: int) -> bool:
    """Short and without sentence punctuation (the 省略号 … is one, as for the txt reader)."""
    return len(text) <= limit and not any(ch in text for ch in "。！？；，：…!?;,:")


# -- placeholders and website junk ----------------------------------------------------------------
_PLACEHOLDER = re.compile(r"[*＊]{2,}|[×╳]+|[XＸ](?:[ \u3000]?[XＸ]){0,3}|[_＿]+")  # X X: one blank
_LATIN = re.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-_/.&@]")
_NOT_X_BLANK = ("光", "射线", "线", "轴")  # X光, X射线: real words


def find_placeholders(text: str) -> list[tuple[int, int]]:
    """Spans of draft placeholders: ``**`` runs, ×/×× and X/XX standing alone in Chinese,
    and ``_``/``____`` fill-in lines.

    An X or _ touching a Latin word or a number (Type X, X-ray, 3X, file_name) is text,
    and so is × between digits (3×4); a single * may be a footnote mark and is left
    alone, and so is a paragraph that is nothing but a ____ rule. 某某 is words (an
    anonymised name), not a blank: it is kept as written and ``drafter check`` reports it.
    """
    if not text.strip(" \t\u3000_＿"):
        return []
    spans = []
    for m in _PLACEHOLDER.finditer(text):
        kind = m.group()[0]
        before = text[: m.start()].rstrip()[-1:]
        after = text[m.end():].lstrip()[:1]
        if kind in "×╳" and before.isdigit() and after.isdigit():
            continue
        if kind in "XＸ_＿":
            if _LATIN.match(before or " ") or _LATIN.match(after or " "):
                continue
            if kind in "XＸ" and text[m.end():].startswith(_NOT_X_BLANK):
                continue
        spans.append(m.span())
    return spans


_SITES = ("笔杆儿网", "笔杆子家园", "第一范文网", "范文先生网", "百度文库", "豆丁网", "道客巴巴",
          "原创力文档", "360文库", "写写帮文库", "文秘帮")
_URL = r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&+=%]+"
_SITE_NAMES = "|".join("[ \t\u3000\xa0]?".join(map(re.escape, site)) for site in _SITES)  # 笔杆儿 网, from a PDF
_SITE_FRAGMENT = re.compile(rf"\s*(?:{_SITE_NAMES})(?:[，,：:\s]*{_URL})?")
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
    """True when a paragraph is nothing but website junk: a URL and an invitation to visit
    it, or site residue without any URL (see :func:`cut_residue`)."""
    left, cut = cut_junk(text)
    if cut and _JUNK_LEFTOVER.match(left):
        return True
    return bool(left) and not cut_residue(left)[0]


# Site residue without a URL, sentence by sentence: what a web page wraps around a copied
# text. Each pattern must match a whole sentence (up to 。！？；), so that a sentence of the
# document that merely mentions 来源 or 关注 is never taken for it.
_RESIDUE_SENTENCES = re.compile(
    r"(?:"
    r"更多[^。！？；]{0,12}?(?:范文|文章|精彩|资料|内容|文档|好文)[^。！？；]{0,10}?"
    r"(?:关注|访问|登录|浏览|点击|搜索|下载|查看|尽在|请进|请到)[^。！？；]{0,12}"
    r"|(?:本文|文章|此文|原文|范文)(?:来源|来自|转载|转自|摘自|出处|选自|整理|由)[^。！？；]{0,24}"
    r"|(?:文章|信息|内容)?(?:来源|出处)[：:][^。！？；]{0,20}"
    r"|(?:仅供(?:学习|参考|交流|借鉴)|如有侵权|侵权(?:请)?(?:联系)?删除?|版权(?:归|属于)?(?:原)?作者|转载请注明"
    r"|免责声明|下载后(?:可以)?查看|敬请关注|欢迎关注|(?:点击|扫码|长按)(?:关注|查看|下载|阅读)"
    r"|关注(?:微信)?公众号|全文共\d+字)[^。！？；]{0,20}"
    r"|(?:【\s*(?:打印|打印本页|关闭|关闭窗口|收藏|分享|返回顶部|字体[：:][^】]{0,8})\s*】\s*)+"
    r"|第\s*\d+\s*页\s*[，,/／]?\s*共\s*\d+\s*页"
    r")[。！？；!?;…．.]*\s*"
)
# A byline: 作者：… 发布时间：… 浏览：…次. Fields that only a web page prints make it one alone;
# 作者/来源/编辑/时间 only with another field.
_BYLINE_STRONG = r"发布时间|发布日期|发表时间|更新时间|发布者|浏览(?:次数|量)?|阅读(?:次数|量)|点击(?:次数|数|量|率)?|人气|责任编辑|字号"
_BYLINE_FIELD = re.compile(rf"(?:{_BYLINE_STRONG}|作者|来源|编辑|时间|日期|出处)\s*[：:]")
_BYLINE_START = re.compile(rf"^[\s【\[（(]*(?:{_BYLINE_STRONG}|作者|来源|编辑|时间|日期|出处)\s*[：:]")
_SENTENCE_END = "。！？；!?;"
BYLINE_MAX = 100
RESIDUE_MAX = 300  # residue at a paragraph's end is a few short sentences


def _is_byline(sentence: str) -> bool:
    if len(sentence) > BYLINE_MAX or "。" in sentence or not _BYLINE_START.match(sentence):
        return False
    fields = _BYLINE_FIELD.findall(sentence)
    return len(fields) >= 2 or bool(re.match(rf"^[\s【\[（(]*(?:{_BYLINE_STRONG})\s*[：:]", sentence))


def _is_residue(tail: str) -> bool:
    """Whether *tail* is nothing but site residue sentences."""
    if _is_byline(tail.strip()):
        return True
    pos = 0
    while pos < len(tail):
        m = _RESIDUE_SENTENCES.match(tail, pos)
        if m is None or m.end() == pos:
            return False
        pos = m.end()
    return True


def cut_residue(text: str) -> tuple[str, str | None]:
    """Cut site residue without a URL at the end of a paragraph (or making up all of it):
    "更多精彩范文，敬请关注……", "本文来源于网络，仅供参考。", a byline (作者：… 发布时间：…
    浏览：…), 【打印】【关闭】. Only whole sentences are cut; returns (what is left, the residue cut)."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch in _SENTENCE_END and i + 1 < len(text)]
    for start in (s for s in starts if len(text) - s <= RESIDUE_MAX):
        tail = text[start:]
        if tail.strip() and _is_residue(tail):
            return text[:start].rstrip(), tail.strip()
    return text, None


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
    """Recognise the structure of a document given as flat paragraphs.

    An official document (版头, 印发通知, 附件, 任务分解表, 版记: :mod:`.furniture`) is read into
    the model's official parts when every part is recognised and the model prints the input
    again; else it is read as plain text, as any document, with a warning saying why. The
    plain reading is kept in ``ReadResult.plain`` either way, for the import to fall back to."""
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise ReadError(f"文档有 {len(paragraphs)} 段，超过 {MAX_PARAGRAPHS} 段的上限，不导入", file=source or None,
                        hint="请确认这是一份工作文件；很长的材料请分成几份导入")
    paragraphs = _numbered(paragraphs)
    base = ReadResult(Document(), source=source)
    base.paragraphs = [p for p in paragraphs if p.table is None and not p.footer]
    paras = _join_bare_labels(_drop_junk(paragraphs, base))
    plain = _read_plain(paras, base)
    from .furniture import recognise  # it builds on this module's parts

    official = recognise(paras, source)
    if official is None:
        return plain
    if isinstance(official, str):  # why the official parts could not be read as such
        plain.findings.append(Finding("import.official", Severity.WARNING,
                                      f"没有按正式公文（版头、印发通知、附件、版记）导入：{official}；已按普通正文导入",
                                      file=source or None,
                                      hint="导入的配置中没有版头、主送、附件和版记，请在配置中补写 header、recipients、"
                                           "wrapper、tasks、imprint"))
        return plain
    return ReadResult(official.document, cover=[str(p.text) for p in official.document.cover],
                      findings=base.findings + official.findings, dropped=base.dropped + official.dropped,
                      source=source, paragraphs=base.paragraphs, plain=plain)


def _numbered(paragraphs: list[FlatParagraph]) -> list[FlatParagraph]:
    """Paragraph numbers for a reader that gives none: text paragraphs counted, tables and footers not."""
    out, n = [], 0
    for p in paragraphs:
        if p.table is None and not p.footer:
            n += 1
            if p.paragraph is None:
                p = replace(p, paragraph=n)
        out.append(p)
    return out


def _read_plain(paras: list[FlatParagraph], base: ReadResult) -> ReadResult:
    """The document as plain text (cover notice, title, body, 署名): tables and footers left out with a warning."""
    source = base.source
    result = ReadResult(Document(), source=source, findings=list(base.findings), dropped=list(base.dropped),
                        paragraphs=base.paragraphs)
    text, footer = [], []
    for p in paras:
        if p.table is not None:
            result.findings.append(Finding("import.table", Severity.WARNING,
                                           p.left_out or "表格的内容没有导入（导入只识别正文段落），请核对后手工补上",
                                           file=source or None, text=p.text or None))
            if p.text:
                result.dropped.append(p.text)
        elif p.footer:
            footer.append(p.text)
        else:
            text.append(p)
    if footer:
        joined = "\n".join(footer)
        result.findings.append(Finding("import.footer", Severity.WARNING,
                                       "页脚中的版记（抄送、印发机关和印发日期）没有导入，请核对后手工补上",
                                       file=source or None, text=joined))
        result.dropped.append(joined)
    parts = split_text(text)
    fill_text(result.document, parts, _Texts(source))
    result.cover = [p.text for p in parts.cover]
    return result


@dataclass
class TextParts:
    """A document's text split as the plain recogniser splits it: cover notice, title, body, 署名 and date."""

    cover: list[FlatParagraph]
    title: list[FlatParagraph]
    body: list[FlatParagraph]
    signature: tuple[FlatParagraph | None, FlatParagraph] | None


def split_text(paras: list[FlatParagraph], *, cover: bool = True, signature: bool = True) -> TextParts:
    cover_paras, paras = _split_cover(paras) if cover else ([], paras)
    title, paras = _split_title(paras)
    found, paras = _split_signature(paras) if signature else (None, paras)
    return TextParts(cover_paras, title, paras, found)


def fill_text(doc: Document, parts: TextParts, texts: "_Texts") -> None:
    """Cover, title, preamble, sections, closing and 署名 of *doc* from *parts*, labels settled."""
    doc.cover = [texts.paragraph(p) for p in parts.cover]
    if parts.title:
        doc.title = texts("".join(p.text for p in parts.title))
        doc.title_origin = texts.origin(parts.title[0])
    paras = parts.body
    from_outline = not any(_style(p) is LabelStyle.CN_COMMA for p in paras)
    builder = _Builder(texts, sections_from_outline=from_outline)
    start = _closing_start(paras, from_outline)
    for p in paras[:start]:
        builder.add(p)
    doc.preamble, doc.sections = builder.preamble, builder.sections
    doc.closing = _passages(paras[start:], texts, builder.raw)
    if parts.signature:
        issuer, date = parts.signature
        doc.signature = Signature(texts(issuer.text if issuer else ""), texts(date.text),
                                  issuer_origin=texts.origin(issuer) if issuer else None,
                                  date_origin=texts.origin(date))
    doc.numbering = _settle_labels(doc, builder.raw, builder.item_styles)


def _style(p: FlatParagraph) -> LabelStyle | None:
    label = parse_label(p.text)
    return label[0] if label else None


def _label(text: str) -> tuple[LabelStyle, int, str] | None:
    """:func:`parse_label`, with the spaces after the label (``1. 抓好``, ``一、　加强``) counted
    as part of it: the label is then kept as written, and the text after it starts with a
    character (rendering trims a paragraph's ends, so a leading space could never come back)."""
    label = parse_label(text)
    if label is None:
        return None
    style, n, written = label
    rest = text[len(written):]
    return style, n, written + rest[: len(rest) - len(rest.lstrip())]


def _join_bare_labels(paras: list[FlatParagraph]) -> list[FlatParagraph]:
    """A label alone (``一、`` or ``1.`` on a line of its own, its text on the next line, as PDF
    copies and some Word files have it) is joined with the unnumbered paragraph after it."""
    out: list[FlatParagraph] = []
    for p in paras:
        prev = out[-1] if out else None
        if (prev is not None and prev.table is None and p.table is None and _bare_label(prev.text)
                and parse_label(p.text) is None and not is_date(p.text) and not p.title):
            out[-1] = replace(prev, text=prev.text + p.text, outline=prev.outline or p.outline)
        else:
            out.append(p)
    return out


def _bare_label(text: str) -> bool:
    label = parse_label(text)
    return label is not None and not text[len(label[2]):].strip()


def _drop_junk(paragraphs: list[FlatParagraph], result: ReadResult) -> list[FlatParagraph]:
    kept = []
    for p in paragraphs:
        if p.table is not None:
            kept.append(p)
            continue
        text, cut = cut_junk(p.text)
        where = {"file": result.source or None, "line": p.line, "paragraph": None if p.line else p.paragraph}
        if is_junk_paragraph(p.text):
            result.dropped.append(p.text)
            message = (f"整段是网站信息「{p.text}」，已删除（网址、网站名不属于正文）" if cut else
                       f"整段是网页残留「{p.text}」，已删除（转载说明、作者和浏览信息不属于正文）")
            result.findings.append(Finding("import.junk-paragraph", Severity.WARNING, message,
                                           text=p.text, **where))
            continue
        for fragment in cut:
            result.dropped.append(fragment)
            result.findings.append(Finding("import.website-junk", Severity.WARNING,
                                           f"删去网站信息「{fragment}」（网址、网站名不属于正文），段落保留",
                                           text=fragment, **where))
        text, residue = cut_residue(text)
        if residue:
            cut.append(residue)
            result.dropped.append(residue)
            result.findings.append(Finding("import.website-junk", Severity.WARNING,
                                           f"删去网页残留「{residue}」（转载说明、作者和浏览信息不属于正文），段落保留",
                                           text=residue, **where))
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
    """An item's text → title sentence (up to the first 。, when short and a body follows) + body.

    Not when the body would start with a space (``抓好春耕。 落实``, from a PDF): rendering
    trims each part's ends, so the text stays whole, and the space with it."""
    end = text.find("。")
    if 0 < end < ITEM_TITLE_MAX and end + 1 < len(text) and not text[end + 1].isspace():
        return Item(body=texts(text[end + 1:]), title=texts(text[: end + 1]), origin=texts.origin(p))
    return Item(body=texts(text), origin=texts.origin(p))


def _family(style: LabelStyle) -> str:
    return {LabelStyle.DIGIT_DOT: "digit", LabelStyle.DIGIT_COMMA: "digit"}.get(style, style.value)


class _Levels:
    """The depth a numbered paragraph opens (0 = section heading, 1 = its items …), decided
    by the order in which label styles first appear; shared by the builder and by
    :func:`_closing_start`, so that both see the same levels.

    A style already open on the current path is a sibling there: under a section whose
    items are 1. straight away (its neighbours had （一） then 1.), 2. follows 1. and is
    not its child."""

    def __init__(self) -> None:
        self.depth_of: dict[LabelStyle, int] = {}
        self.path: list[LabelStyle | None] = []  # the style open at each depth

    def depth(self, style: LabelStyle, n: int, open_depth: int) -> int:
        """Depth of a label of *style* numbered *n* when *open_depth* levels are open."""
        path = (self.path + [None] * open_depth)[:open_depth]
        if style in path:
            return self._open(path, path.index(style), style)
        if style in self.depth_of:
            return self._open(path, min(self.depth_of[style], open_depth), style)
        if n != 1:  # 6. among 1、: a slip of the same level, not a new level
            for depth, known in enumerate(path):
                if known is not None and _family(known) == _family(style):
                    return self._open(path, depth, style)
            for known, depth in self.depth_of.items():
                if _family(known) == _family(style):
                    return self._open(path, min(depth, open_depth), style)
        self.depth_of[style] = open_depth
        return self._open(path, open_depth, style)

    def outline_section(self) -> None:
        """A section opened by a heading style, without a label."""
        self.path = [None]

    def _open(self, path: list[LabelStyle | None], depth: int, style: LabelStyle) -> int:
        self.path = path[:depth] + [style]
        return depth


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
                levels.outline_section()
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
        label = _label(p.text)
        if label is None or label[0] is LabelStyle.CN_SHI:
            if _opens_outline_section(p, label, self.sections_from_outline):
                self._open_section(p, p.text, None)
                self.levels.outline_section()
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
        label = _label(p.text)
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
    # only the styles a config can name (numbering.items): with items labelled 一、 (an odd document) the
    # labels are kept as written instead
    styles = [style for style in item_styles if style in ITEM_STYLES] or [LabelStyle.DIGIT_DOT]
    candidates = [Numbering(style, restart) for style in styles for restart in (True, False)]
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
