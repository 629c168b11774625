"""Property test: random documents → txt → reader → the same model.

The generator builds :class:`drafter.model.Document` values in exactly the shapes the
shared recogniser documents as recognised (``drafter/readers/structure.py``, its module
docstring, and ``drafter/readers/txt.py`` for the line handling). Writing one with the
txt writer and reading the bytes back must give the same structure, the same texts
(blanks at the same places) and the same printed labels. Where a shape cannot be told
apart in plain text, the generator avoids it, and the comment at that place says which
documented rule it respects and why.

What is compared (see :func:`shape` and :func:`printed_labels`): cover, title, preamble,
sections (heading, leads, items with title / body / more / children), closing passages
(leads and points) and signature, each text as its string plus the offsets of its
blanks; and the label flow() prints on every line (not the ``label``/``numbering``
fields: restart and continuous numbering print the same labels in a one-section
document, and the reader may pick either). Blank names (the reader says 待填1, 待填2 …)
and origins are not compared.

Not generated, because plain text cannot tell them apart (each explained where avoided):
two blanks side by side (****); X, × and Latin letters (placeholders, website junk); a
body paragraph not ending a sentence (a hard line break); an untitled item whose short
first sentence is followed by more, or a title without a body; a digit right after "1.";
items below the last distinct label style (（1） under （1））; odd labels the level order
cannot place; closing shapes the documented closing rules would read otherwise.

``DRAFTER_PROPERTY_EXAMPLES=5000`` runs a longer hunt.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from drafter.flow import flow
from drafter.model import Blank, Document, Item, Numbering, Paragraph, Passage, Section, Signature, Text
from drafter.numbering import LabelStyle, chinese_numeral, item_styles, parse_label
from drafter.readers.structure import FlatParagraph, build_document, is_date
from drafter.readers.txt import read_txt
from drafter.writers.txt import text_lines, write_txt

# -- comparing models ---------------------------------------------------------------------------


def text_shape(text: Text) -> tuple[str, tuple[int, ...]]:
    """A text as printed, with the offsets of its draft blanks (their names are not compared)."""
    printed, blanks = "", []
    for part in text.parts:
        if isinstance(part, Blank):
            blanks.append(len(printed))
        printed += str(part)
    return printed, tuple(blanks)


def _paragraphs(paragraphs: list[Paragraph]) -> list:
    return [text_shape(p.text) for p in paragraphs]


def item_shape(item: Item) -> dict:
    return {
        "title": text_shape(item.title),
        "body": text_shape(item.body),
        "more": _paragraphs(item.more),
        "children": [item_shape(c) for c in item.children],
    }


def shape(doc: Document) -> dict:
    """Structure and texts of *doc*: everything the round trip must keep except labels."""
    return {
        "cover": _paragraphs(doc.cover),
        "title": text_shape(doc.title),
        "preamble": _paragraphs(doc.preamble),
        "sections": [
            {"heading": text_shape(s.heading), "lead": _paragraphs(s.lead), "items": [item_shape(i) for i in s.items]}
            for s in doc.sections
        ],
        "closing": [{"lead": _paragraphs(p.lead), "points": [item_shape(i) for i in p.points]} for p in doc.closing],
        "signature": None if doc.signature is None
        else (text_shape(doc.signature.issuer), text_shape(doc.signature.date)),
    }


def printed_labels(doc: Document) -> list[tuple[str, str, str]]:
    """(path, role, label) of every line, as flow() prints it."""
    return [(line.path, line.role.value, line.label) for line in flow(doc)]


def assert_round_trip(doc: Document) -> Document:
    data = write_txt(doc)
    result = read_txt(data, "生成.txt")
    got = result.document
    # the cheap invariant first: the read model prints exactly the lines that were written
    assert text_lines(got) == text_lines(doc)
    assert shape(got) == shape(doc)
    assert printed_labels(got) == printed_labels(doc)
    assert result.findings == [] and result.dropped == []
    assert result.cover == [str(p.text) for p in doc.cover]
    return got


# -- strategies, built once (hypothesis validates every new strategy object) -------------------
@lru_cache(maxsize=None)
def ints(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


@lru_cache(maxsize=None)
def _one_of(choices: tuple) -> st.SearchStrategy:
    return st.sampled_from(choices)


def one_of(choices) -> st.SearchStrategy:
    return _one_of(tuple(choices))


BOOLS = st.booleans()


# -- the words ------------------------------------------------------------------------------------
# Common characters of government work documents, numerals included (they are words too:
# 三会一课). Left out on purpose:
#  - Latin letters: X / XX standing alone read as a draft blank, and www./http start website junk
#    that the reader cuts (documented: placeholders X, XX; website junk);
#  - * and ×: ** and × are placeholders — the only ** in a generated text is a model Blank;
#  - spaces: a line is stripped, and an indented line always starts a paragraph (txt.py).
CJK = (
    "党政府县委会议工作要点全面加强推进落实深化强化完善健全机制制度责任组织思想作风纪律廉洁基层干部群众"
    "服务发展改革创新学习教育监督检查考核整改坚持贯彻精神单位部门乡镇村社区企业项目经济民生安全生态环境"
    "文化宣传意识形态阵地队伍人才培养提升能力水平质量效率标准规范管理体系示范引领带动保障实施开展活动主题"
    "专题研讨调研分析总结经验成效目标任务方案部署统筹协调联系指导督促帮扶巩固拓展乡村振兴产业农业工业城市"
    "交通水利卫生健康医疗养老就业收入增长投资消费市场主体营商优化法治依法行政公开透明诚信反腐败防范化解风"
    "险隐患排查应急救援信访矛盾纠纷调解平安和谐稳定文明实践志愿新时代中国特色社会主义习近平大报告省市区级"
    "领导班子成员书记支部员发挥先锋模范作用战斗堡垒凝聚力号召力是的了在和与及把对以为有将年月日个次项"
    "一二三四五六七八九十百千万零"
)

# Paragraphs opening like this start the closing passages when they come after the last
# numbered paragraph (documented: 一年来/下一步/今后/新的一年/2023年，…将; the reader also
# knows 过去一年 and 总之). A generous superset, so that only "marker" paragraphs open so.
_OPENS_CLOSING = re.compile(r"^(?:一年来|过去的?一年|下一步|下步|今后|新的一年|总之|\d{4}\s*年[，,].{0,12}将)")
# Words by which a last section heading names what closing passages would hold (存在问题,
# 下一步打算 …): such a section keeps the paragraphs after it (structure._closing_start).
_CLOSING_TOPIC_WORDS = ("问题", "不足", "方向", "建议", "打算", "计划", "安排", "思路", "重点", "措施")

word = st.text(alphabet=CJK, min_size=1, max_size=5)


@lru_cache(maxsize=None)  # one strategy object per argument tuple
@st.composite
def number(draw) -> str:
    n, form = draw(ints(1, 999)), draw(one_of(["{n}", "{n}%", "{n}.{d}%", "{y}年", "{n}个", "{n}次", "第{n}"]))
    return form.format(n=n, d=draw(ints(0, 9)), y=draw(ints(2000, 2035)))


@lru_cache(maxsize=None)  # one strategy object per argument tuple
@st.composite
def clause(draw, blanks: bool = True) -> list:
    """Words with numbers, quotes, 《》, （） and draft blanks; no punctuation at either end.

    Two blanks never touch: "****" reads back as one placeholder, so two adjacent blanks
    cannot be told from one (documented: runs of * are one placeholder)."""
    parts: list = []
    for _ in range(draw(ints(1, 3))):
        kind = draw(one_of(["word"] * 6 + ["number", "quote", "book", "paren", "blank", "blank"]))
        if kind == "blank" and blanks and not (parts and isinstance(parts[-1], Blank)):
            parts.append(Blank("待填"))
        elif kind == "number":
            parts.append(draw(number()))
        elif kind == "quote":
            parts.append(f"“{draw(word)}”")
        elif kind == "book":
            parts.append(f"《{draw(word)}》")
        elif kind == "paren":
            parts.append(f"（{draw(word)}）")
        else:
            parts.append(draw(word))
    if all(isinstance(p, Blank) for p in parts):
        parts.append(draw(word))
    return parts


@lru_cache(maxsize=None)  # one strategy object per argument tuple
@st.composite
def clauses(draw, separators: str, *, min_clauses: int = 1, max_clauses: int = 3, blanks: bool = True) -> list:
    parts: list = []
    for i in range(draw(ints(min_clauses, max_clauses))):
        if i:
            parts.append(draw(one_of(separators)))
        parts += draw(clause(blanks))
    return parts


def printed(parts: list) -> str:
    return "".join(str(p) for p in parts)


# A sentence ends a paragraph with one of these, or continues it: every body paragraph ends
# with sentence-final punctuation. The txt reader joins a full-width line that does not end a
# sentence with the next unnumbered line (documented: hard breaks of PDF copies), so a
# paragraph that did not end so could run into the next one when it happens to be long.
INNER_ENDS = "。。。！？；"
FINAL_ENDS = ("。", "。", "。", "。", "；", "：", "！", "？", "……")
QUOTED_ENDS = "。！？"  # “……。” — ends_sentence looks through closing quotes


@lru_cache(maxsize=None)  # one strategy object per argument tuple
@st.composite
def sentences(draw, *, min_sentences: int = 1, max_sentences: int = 3) -> list:
    parts: list = []
    n = draw(one_of([1, 1, 2, 2, 3]))
    n = max(min_sentences, min(n, max_sentences))
    for i in range(n):
        if draw(ints(0, 7)):
            parts += draw(clauses("，，，、；："))
            parts.append(draw(one_of(FINAL_ENDS if i == n - 1 else INNER_ENDS)))
        else:  # a quoted sentence: “……。”
            parts += ["“", *draw(clauses("，、")), draw(one_of(QUOTED_ENDS)), "”"]
    return parts


def _starts_digit(parts: list) -> bool:
    return printed(parts)[:1].isdigit()


def fit(parts: list, limit: int) -> list:
    """The longest start of *parts* printing at most *limit* characters, not ending in a
    separator (strings are cut, blanks kept whole or dropped)."""
    out: list = []
    for part in parts:
        room = limit - len(printed(out))
        if len(str(part)) <= room:
            out.append(part)
        elif isinstance(part, str) and room > 0:
            out.append(part[:room])
            break
        else:
            break
    while out and isinstance(out[-1], str) and out[-1][-1] in "，、；：“《（":
        out[-1] = out[-1][:-1]
        if not out[-1]:
            out.pop()
    return out


def no_digit_first(draw, parts: list) -> list:
    """*parts* after a label ending in "." (1. / 1．): a digit there makes "1.2…" a number,
    not a label (documented: 6. and 6．are labels, 6.7 is not), so a word goes first."""
    return [draw(word), *parts] if _starts_digit(parts) else parts


def reads_as_title(text: str) -> bool:
    """The documented item title sentence: up to the first 。, when ≤ 25 characters and a
    body follows."""
    end = text.find("。")
    return 0 < end < 25 and end + 1 < len(text)


# -- paragraphs -------------------------------------------------------------------------------------
PLAIN, SHI, MARKER = "plain", "shi", "marker"
MARKERS = ("一年来，", "下一步，", "今后，", "新的一年，", "过去一年，", "总之，")


@lru_cache(maxsize=None)  # one strategy object per argument tuple
@st.composite
def paragraph(draw, kind: str = PLAIN) -> Paragraph:
    """An unnumbered paragraph.

    plain: never opens like a label (it would be numbered) nor like a closing passage;
    shi: opens with 一是 … 十九是 (documented: inside sections a 一是 paragraph stays text);
    marker: opens like a closing passage (一年来，/下一步，/…/2023年，我们将)."""
    body = draw(sentences())
    if kind == SHI:
        head = [chinese_numeral(draw(ints(1, 19))) + "是"]
    elif kind == MARKER:
        year = draw(ints(2000, 2035))
        head = [draw(one_of(MARKERS + (f"{year}年，我们将",)))]
    else:
        head = []
    text = printed(head + body)
    if kind == PLAIN:
        assume(parse_label(text) is None and not _OPENS_CLOSING.match(text))
    return Paragraph(Text.of(*head, *body))


def paragraph_kind(draw, weights=(PLAIN,) * 6 + (SHI, MARKER)) -> str:
    return draw(one_of(weights))


@lru_cache(maxsize=None)  # one strategy object per argument tuple
@st.composite
def item_texts(draw, digit_start: bool, point: bool = False) -> tuple[Text, Text]:
    """(title, body) of a numbered item or (*point*) a 一是 point.

    *digit_start* False: the text follows a label ending in "." (1. / 1．), where a digit
    would make "1.2…" a number instead of a label (documented: 6. and 6．are labels, 6.7 is
    not), so the text starts otherwise.
    """
    # A point is no heading for the txt reader: 四是加强组织建设 without sentence punctuation,
    # followed by an unnumbered line, reads as one paragraph broken by a hard line break
    # (txt.py, documented: joined when the line does not end a sentence and the next line
    # does not open a numbered paragraph — only 一、（一）1.（1） lines end as headings).
    form = draw(one_of(["titled", "titled", "sentence"] + ([] if point else ["heading"])))
    if form == "titled":
        # documented: title sentence up to the first 。 when ≤ 25 characters (。 included) and a
        # body follows — a title with an empty body would read as a body without a title
        title = fit(draw(clauses("，、；：", max_clauses=3)), 24)
        if not digit_start:
            title = fit(no_digit_first(draw, title), 24)
        title = (title or [draw(word)]) + ["。"]
        body = draw(sentences())
        return Text.of(*title), Text.of(*body)
    if form == "heading":
        # a short item with no sentence punctuation (加强组织建设 / 认真贯彻，落实到位):
        # no 。！？； inside, so the txt reader treats it as a heading that ends its line
        body = draw(clauses("，、：")) + list(draw(one_of([(), (), ("：",)])))  # 主要做好以下工作：
    else:
        # an untitled item: its first 。 must not end a short sentence with more text after it,
        # or the same line reads as title + body (ambiguous in plain text) — either the only 。
        # is the last character, or the first sentence runs past 25 characters
        first = draw(clauses("，、；：", min_clauses=1, max_clauses=3))
        if draw(BOOLS):
            while len(printed(first)) < 25:
                first += ["，"] + draw(clause())
            body = first + ["。"] + draw(sentences())
        else:
            body = first + [draw(one_of(FINAL_ENDS))]
    if not digit_start:
        body = no_digit_first(draw, body)
    assert not reads_as_title(printed(body))  # by construction
    return Text(), Text.of(*body)


# -- the document ----------------------------------------------------------------------------------
@dataclass
class Plan:
    """Choices the labels depend on."""

    digit_sections: bool  # sections labelled 1、2、 (explicit), items 1. or （一）
    styles: list[LabelStyle]  # item style by depth


# Item depth: one level per distinct style of numbering.item_styles. Below the last distinct
# style the writer repeats it (（1） under （1））, and the same label at two depths is
# ambiguous in plain text, so the tree stops there: 一、（一）1.（1） — four document levels —
# or 一、1.（1） / 一、1、（1） — three.
def _distinct_depth(first: LabelStyle) -> int:
    styles = item_styles(first, 4)
    return len(dict.fromkeys(styles))


@st.composite
def items(draw, plan: Plan, depth: int, max_items: int) -> list[Item]:
    out = []
    for _ in range(draw(ints(0, max_items))):
        style = plan.styles[depth]
        title, body = draw(item_texts(digit_start=style is not LabelStyle.DIGIT_DOT))
        more = [draw(paragraph(paragraph_kind(draw))) for _ in range(draw(one_of([0, 0, 0, 1, 2])))]
        children = []
        if depth + 1 < len(plan.styles) and draw(ints(0, 2)):
            children = draw(items(plan, depth + 1, 3))
        out.append(Item(body=body, title=title, children=children, more=more))
    return out


def heading_text(draw) -> Text:
    # a heading either has no 。！？； at all or ends a sentence: with 。 inside and not at the
    # end, a long heading line would run into the next unnumbered line for the txt reader
    # (documented: hard breaks are joined unless the line ends a sentence or is a heading)
    if draw(ints(0, 5)):
        return Text.of(*draw(clauses("，、", max_clauses=2)))
    return Text.of(*draw(sentences(max_sentences=2)))  # 一、坚持党建引领，推进高质量发展。


@lru_cache(maxsize=None)  # one strategy object per argument tuple
@st.composite
def title(draw) -> Text:
    # documented: the title is short (at most 40 characters), without sentence punctuation
    # (。！？；，：), unnumbered and not a date
    parts = fit(draw(clauses("、", max_clauses=2)), 40) or [draw(word)]
    text = printed(parts)
    assume(parse_label(text) is None and not is_date(text))
    return Text.of(*parts)


@lru_cache(maxsize=None)  # one strategy object per argument tuple
@st.composite
def date(draw) -> Text:
    y, m, d = draw(ints(2000, 2035)), draw(ints(1, 12)), draw(ints(1, 28))
    form = draw(one_of(["digits", "chinese", "spaced"]))
    if form == "chinese":
        year = "".join("〇一二三四五六七八九"[int(c)] for c in str(y))
        return Text.of(f"{year}年{chinese_numeral(m)}月{chinese_numeral(d)}日")
    if form == "spaced":
        return Text.of(f"{y} 年 {m} 月 {d} 日")
    return Text.of(f"{y}年{m}月{d}日")


@lru_cache(maxsize=None)  # one strategy object per argument tuple
@st.composite
def issuer(draw) -> Text:
    # documented: 署名 is a short line (≤ 30 characters) without punctuation, before the date
    parts = fit(draw(clause()), 30) or [draw(word)]
    text = printed(parts)
    assume(parse_label(text) is None and not is_date(text))
    return Text.of(*parts)


@lru_cache(maxsize=None)  # one strategy object per argument tuple
@st.composite
def cover(draw) -> list[Paragraph]:
    """A cover notice: 主送 line ending in "：", up to three paragraphs, maybe 署名, and a date
    (documented: the reader looks for the date within the seven paragraphs after 主送)."""
    addressee = draw(clauses("，、", max_clauses=3)) + ["："]
    text = printed(addressee)
    assume(len(text) <= 80 and parse_label(text) is None)
    out = [Paragraph(Text.of(*addressee))]
    out += [draw(paragraph()) for _ in range(draw(ints(0, 3)))]
    if draw(BOOLS):
        out.append(Paragraph(draw(issuer())))
    out.append(Paragraph(draw(date())))
    return out


@lru_cache(maxsize=None)  # one strategy object per argument tuple
@st.composite
def passages(draw, headless: bool = False) -> list[Passage]:
    """Closing passages: leads, then 一是 … points (plain items: no children, no more).

    - Every passage but the last has points: a passage without points is simply a run of
      paragraphs, so two in a row read as one (documented: a paragraph after points opens a
      new passage — and only then).
    - The first passage begins where the reader starts the closing: a paragraph opening with
      一年来/下一步/… or the one paragraph introducing the 一是 points (documented).
    - Points have no further paragraphs: a paragraph after points opens a new passage.
    - Leads never open with 一是: in the closing such a paragraph is a point.
    - *headless*, in a document without numbered paragraphs: the closing starts only at the
      paragraph introducing the first 一是 points (documented: closing passages follow the last
      numbered paragraph; 一年来/下一步 mean nothing without one), so the first passage has
      exactly one lead paragraph and points.
    """
    out = []
    n = draw(ints(0, 3))
    for k in range(n):
        points = draw(ints(1 if k < n - 1 or (headless and k == 0) else 0, 4))
        leads = 1 if headless and k == 0 else draw(ints(0 if k and points else 1, 3))
        lead_kinds = [paragraph_kind(draw, (PLAIN, PLAIN, MARKER)) for _ in range(leads)]
        if k == 0 and not (leads == 1 and points):
            lead_kinds[0] = MARKER
        out.append(Passage(
            lead=[draw(paragraph(kind)) for kind in lead_kinds],
            points=[_point(draw) for _ in range(points)],
        ))
    return out


def _point(draw) -> Item:
    title, body = draw(item_texts(digit_start=True, point=True))
    return Item(body=body, title=title)


def _item_tail(item: Item) -> list[Paragraph]:
    """The paragraphs printed after the last numbered paragraph under *item*."""
    while item.children:
        item = item.children[-1]
    return item.more


@st.composite
def documents(draw) -> Document:
    digit_sections = draw(ints(0, 4)) == 0
    first = draw(one_of(
        [LabelStyle.CN_PAREN, LabelStyle.DIGIT_DOT] if digit_sections
        # sections labelled 1、 cannot hold items labelled 1、: the same label, one level
        else [LabelStyle.CN_PAREN, LabelStyle.DIGIT_DOT, LabelStyle.DIGIT_COMMA]))
    plan = Plan(digit_sections, item_styles(first, _distinct_depth(first)))
    doc = Document(numbering=Numbering(first, draw(BOOLS)))
    if draw(ints(0, 4)) == 0:
        doc.cover = draw(cover())
    if draw(ints(0, 5)):
        doc.title = draw(title())
    # now and then a document without sections: paragraphs, then maybe 一是 points
    n_sections = draw(one_of([0, 1, 1, 2, 2, 3, 3, 4, 4]))
    # a 一是 paragraph before any numbered one starts the closing (documented), so a preamble
    # without sections after it has none
    kinds = (PLAIN,) * 6 + ((SHI, MARKER) if n_sections else (MARKER,))
    doc.preamble = [draw(paragraph(paragraph_kind(draw, kinds))) for _ in range(draw(ints(0, 2)))]
    for _ in range(n_sections):
        doc.sections.append(Section(
            heading=heading_text(draw),
            lead=[draw(paragraph(paragraph_kind(draw))) for _ in range(draw(one_of([0, 0, 1, 2])))],
            items=draw(items(plan, 0, 3)),
        ))
    doc.closing = draw(passages(headless=not n_sections))
    # without sections, some body text: a cover is only a cover with text after its date, and
    # a title or a signature alone is no document (import refuses a file without text)
    assume(doc.sections or doc.preamble or doc.closing)
    if draw(BOOLS):
        # documented: 署名 + date; a date alone is a signature without 署名 (Text())
        doc.signature = Signature(draw(issuer()) if draw(ints(0, 3)) else Text(), draw(date()))
    _settle_tail(draw, doc)
    _choose_labels(draw, doc, plan)
    return doc


def _settle_tail(draw, doc: Document) -> None:
    """The unnumbered paragraphs after the last numbered one must not start the closing.

    Documented: closing passages start after the last numbered paragraph at a paragraph
    opening with 一年来/下一步/… or at the unnumbered paragraph introducing 一是 points;
    一是 paragraphs straight after a numbered one continue that item. So in the tail no
    paragraph opens like a closing passage and no unnumbered paragraph is followed by a 一是
    one — except right under a last section heading, where closing passages never start
    (the section would be left empty; structure._closing_start).
    """
    if not doc.sections:
        return
    last = doc.sections[-1]
    if last.items:
        tail, free = _item_tail(last.items[-1]), 0
    else:
        tail, free = last.lead, 1
        if doc.closing and not tail:
            # closing passages never start right under a heading: a closing paragraph there
            # reads as the section's lead. A section with nothing in it before the closing is
            # ambiguous, so it gets a lead paragraph.
            tail.append(draw(paragraph()))
        # a last section naming problems or plans keeps everything after it as its own
        # content (三、存在问题和下一步打算), so it cannot be followed by closing passages
        assume(not (doc.closing and any(w in str(last.heading) for w in _CLOSING_TOPIC_WORDS)))
    # tail[j] is the j-th paragraph after the last numbered one; the first *free* of them
    # may not start the closing at all
    kinds = [_kind(p) for p in tail]
    for j, kind in enumerate(kinds):
        opens_closing = kind == MARKER and j >= free
        introduces_points = kind == SHI and j - 1 >= free and kinds[j - 1] != SHI
        if opens_closing or introduces_points:
            tail[j] = draw(paragraph())
            kinds[j] = PLAIN


def _kind(p: Paragraph) -> str:
    text = str(p.text)
    label = parse_label(text)
    if label and label[0] is LabelStyle.CN_SHI:
        return SHI
    return MARKER if _OPENS_CLOSING.match(text) else PLAIN


# -- explicit labels --------------------------------------------------------------------------------
_BRACKETS = (("(", ")"), ("(", "）"), ("（", ")"))  # half-width, or one of each
_VARIANTS = {
    LabelStyle.CN_PAREN: lambda n, b: f"{b[0]}{chinese_numeral(n)}{b[1]}",
    LabelStyle.DIGIT_PAREN: lambda n, b: f"{b[0]}{n}{b[1]}",
    LabelStyle.DIGIT_DOT: lambda n, b: f"{n}．",  # full-width point
}
_LOOK_ALIKE = {LabelStyle.DIGIT_DOT: LabelStyle.DIGIT_COMMA, LabelStyle.DIGIT_COMMA: LabelStyle.DIGIT_DOT}


def _choose_labels(draw, doc: Document, plan: Plan) -> None:
    """Odd labels the reader keeps (documented: odd labels — 5、8、6.7、, half-width brackets —
    kept as explicit labels; a new style whose number is not 1 joins the level of its
    look-alike).

    - Sections: another number of the same style (五、 for the third); with digit sections
      every section is labelled 1、2、… (the writer would say 一、).
    - Items: another number of the depth's style, its half-width or full-width variant, or
      for 1./1、 the look-alike with a number other than 1 (6. among 1、). Never a label of
      another family (（三） among 1.): a new style opens a new level.
    - The first item at each depth in reading order keeps number 1 in its own style (a variant
      at most): levels are decided by the order in which styles first appear, and a look-alike
      or an odd number there would make the level's own style, seen later, a new level.
    - The look-alike is only used where the items' own style is not also the sections' style
      (digit sections): 6、 among 1. items under 1、 sections reads as a section.
    - Points: another number 二是…十九是, never 一是 after the first point (一是 after
      points opens a new passage), and a passage without a lead starts at 一是.
    """
    seen: set[int] = set()
    for k, section in enumerate(doc.sections, start=1):
        if plan.digit_sections:
            n = k if draw(ints(0, 5)) else draw(ints(1, 30))
            section.label = LabelStyle.DIGIT_COMMA.label(n)
        elif draw(ints(0, 9)) == 0:
            section.label = LabelStyle.CN_COMMA.label(draw(ints(1, 30)))
        for depth, item in _reading_order(section.items):
            first_here = depth not in seen
            seen.add(depth)
            if draw(ints(0, 7)):
                continue
            style = plan.styles[depth]
            choices = []
            if style in _VARIANTS:
                choices.append(_VARIANTS[style](1 if first_here else draw(ints(1, 30)), draw(one_of(_BRACKETS))))
            if not first_here:
                choices.append(style.label(draw(ints(1, 30))))
                if style in _LOOK_ALIKE and not plan.digit_sections:
                    choices.append(_LOOK_ALIKE[style].label(draw(ints(2, 30))))
            text = printed([*item.title.parts, *item.body.parts])
            choices = [c for c in choices if not (c.endswith((".", "．")) and text[:1].isdigit())]
            if choices:
                item.label = draw(one_of(choices))
    for passage in doc.closing:
        for i, point in enumerate(passage.points):
            if i == 0 and not passage.lead:
                continue
            if draw(ints(0, 7)) == 0:
                point.label = LabelStyle.CN_SHI.label(draw(ints(1 if i == 0 else 2, 19)))


def _reading_order(items: list[Item], depth: int = 0):
    for item in items:
        yield depth, item
        yield from _reading_order(item.children, depth + 1)


# -- reader bugs the property found, as plain examples ---------------------------------------------
def read_lines(text: str) -> Document:
    """Read *text* (one paragraph a line) and assert that it prints back line for line."""
    lines = [line.strip() for line in text.strip().splitlines()]
    result = read_txt(("\n".join(lines) + "\n").encode("utf-8"))
    assert text_lines(result.document) == lines
    return result.document


def test_closing_follows_an_item_labelled_like_the_sections():
    """Sections 1、 and items 1. share the digits: the last item is still an item, so the closing
    may start right after it (it was taken for a section heading, under which closing passages
    never start, and the 下一步 paragraph became the item's second paragraph)."""
    doc = read_lines("""
        1、加强政治建设
        1.旗帜鲜明讲政治。认真贯彻落实。
        2.严守纪律讲规矩。严守党的政治纪律。
        下一步，我们将持续抓好落实。
    """)
    assert doc.sections[0].items[1].more == []
    assert [str(p) for p in doc.closing[0].lead] == ["下一步，我们将持续抓好落实。"]


def test_an_item_naming_next_years_plans_under_sections_labelled_1_comma_is_no_heading():
    """The last numbered paragraph, a 1. item at the third level, names 下一步…计划: only a section
    heading naming them keeps the paragraphs after it, so the closing passages still start."""
    doc = read_lines("""
        1、主要工作
        （一）抓好党建。全年召开会议12次。
        1.研究下一步工作计划。年底前完成。
        一年来，工作取得了一定成效。
        存在的问题主要是：
        一是责任落实还有差距。
    """)
    item = doc.sections[0].items[0].children[0]
    assert str(item.title) == "研究下一步工作计划。" and item.more == []
    assert [len(p.lead) for p in doc.closing] == [2] and len(doc.closing[0].points) == 1


@pytest.mark.parametrize("with_items", [True, False])
def test_closing_after_sections_from_heading_styles(with_items):
    """Sections from level-1 heading styles (docx) follow the same rule: a closing may start right
    after an item 1. (the item was taken for a heading), never right under an empty last section."""
    paras = [FlatParagraph("加强政治建设", outline=1), FlatParagraph("1.旗帜鲜明讲政治。认真贯彻落实。"),
             FlatParagraph("加强作风建设", outline=1)]
    if with_items:
        paras.append(FlatParagraph("1.驰而不息纠“四风”。严格执行八项规定。"))
    paras.append(FlatParagraph("下一步，我们将持续抓好落实。"))
    doc = build_document(paras).document
    last = doc.sections[-1]
    if with_items:
        assert last.items[0].more == [] and [str(p) for p in doc.closing[0].lead] == ["下一步，我们将持续抓好落实。"]
    else:
        assert doc.closing == [] and [str(p) for p in last.lead] == ["下一步，我们将持续抓好落实。"]


def test_a_short_first_paragraph_ending_in_an_ellipsis_is_no_title():
    """A title has no sentence punctuation, and …… is some: without a title the first paragraph
    is the preamble (it was read as the title)."""
    doc = read_lines("""
        现将有关情况报告如下……
        一、主要工作
        （一）抓好党建。全年召开会议12次。
    """)
    assert not doc.title and [str(p) for p in doc.preamble] == ["现将有关情况报告如下……"]


# -- the property ------------------------------------------------------------------------------------
# DRAFTER_PROPERTY_EXAMPLES=5000 for a longer hunt; 300 keeps the file well under 30 s
EXAMPLES = int(os.environ.get("DRAFTER_PROPERTY_EXAMPLES", "300"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_documents_round_trip_through_txt(doc):
    for feature in features(doc):
        event(feature)
    assert_round_trip(doc)


def features(doc: Document) -> list[str]:
    """What a generated document exercises (shown by pytest --hypothesis-show-statistics)."""
    nodes = [(d, i) for s in doc.sections for d, i in _reading_order(s.items)]
    labels = [i.label for _, i in nodes if i.label]
    points = [p for c in doc.closing for p in c.points]
    paras = [*doc.preamble, *(p for s in doc.sections for p in s.lead), *(p for _, i in nodes for p in i.more)]
    out = [f"items {doc.numbering.items.value} to depth {max((d + 1 for d, _ in nodes), default=0)}",
           "restart" if doc.numbering.restart else "continuous"]
    checks = {
        "sections labelled 1、": any(s.label and s.label[0].isdigit() for s in doc.sections),
        "odd section labels 五、": any(s.label and not s.label[0].isdigit() for s in doc.sections),
        "explicit item labels": labels,
        "half-width brackets": any("(" in x or ")" in x for x in labels),
        "full-width point 6．": any("．" in x for x in labels),
        "look-alike 6. among 1、": any(i.label and i.label[-1] in ".、" and i.label[-1] != style.value[-1]
                                       for d, i in nodes for style in [item_styles(doc.numbering.items, 4)[d]]),
        "explicit point labels": any(p.label for p in points),
        "item title sentences": any(i.title for _, i in nodes),
        "item more paragraphs": any(i.more for _, i in nodes),
        "section leads": any(s.lead for s in doc.sections),
        "一是 paragraph in the body": any(_kind(p) == SHI for p in paras),
        "一年来/下一步 paragraph in the body": any(_kind(p) == MARKER for p in paras),
        "no sections": not doc.sections,
        "closing with points": points,
        "closing without points": doc.closing and not points,
        "two or more closing passages": len(doc.closing) > 1,
        "blanks": doc.blanks(),
        "cover": doc.cover, "title": doc.title, "preamble": doc.preamble,
        "signature": doc.signature and doc.signature.issuer,
        "date without 署名": doc.signature and not doc.signature.issuer,
    }
    return out + [name for name, present in checks.items() if present]
