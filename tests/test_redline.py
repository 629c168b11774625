"""The redline (`drafter diff OLD NEW --docx OUT`): NEW in the official format with tracked changes.

What every redline here must satisfy:

- reversible: accepting all changes gives NEW's text paragraph by paragraph, rejecting all gives
  OLD's (:func:`resolve` does both on the XML: it drops w:del/w:moveFrom content and unwraps
  w:ins/w:moveTo to accept, the opposite to reject, and a paragraph whose mark is removed joins
  the next one, as in Word). Labels that only renumbered (2. → 3. because an item before moved)
  are NEW's, unmarked, by design: after rejecting they may carry NEW's number, never another style;
- well formed (:func:`check_structure`): every change has w:id, w:author, w:date; ids unique;
  move ranges paired by id, moves paired by name, every moved run inside its range; deleted
  text only in w:del; children of w:pPr and w:p in schema order;
- readable by python-docx, by drafter's own reader (which reads the accepted text), and by
  LibreOffice, which lists the changes as changes (and, through its UNO bridge when python3-uno
  is installed, accepts and rejects them to the same texts).

Pairs: each configs/*-2022.yaml with its *-2023.yaml (both directions); each seed .txt with its
config's build; imported seeds against the library configs; hypothesis-generated edits.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import REPO, SEEDS
from drafter.diff import MOVED, Side, align, load_side, redline
from drafter.model import Item, Paragraph, Role, Text, walk
from drafter.numbering import parse_label
from drafter.writers.docx import write_docx
from drafter.writers.txt import text_lines

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
CONFIGS = REPO / "configs"
PAIRS = sorted((p, p.with_name(p.name.replace("-2022", "-2023"))) for p in CONFIGS.glob("*-2022.yaml"))
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
REVISIONS = ("ins", "del", "moveFrom", "moveTo")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


# -- helpers: the XML, accept and reject, the structure ------------------------------------------------
def document_root(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _mark(p, tags: tuple[str, ...]) -> bool:
    rpr = p.find(f"{W}pPr/{W}rPr")
    return rpr is not None and any(rpr.find(W + t) is not None for t in tags)


def _text(el, drop: tuple[str, ...], title: bool = False) -> str:
    """The text of *el* without the changes *drop*: a tab is "\t", a line break "\n" (in the
    title, whose lines the writer breaks for the layout, nothing)."""
    out = []
    for child in el:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in drop or tag == "pPr":
            continue
        if tag in ("t", "delText"):
            out.append(child.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag == "br":
            out.append("" if title else "\n")
        else:
            out.append(_text(child, drop, title))
    return "".join(out)


def _is_title(p) -> bool:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style is not None and style.get(W + "val") == "DrafterTitle"


def resolve(data: bytes, accept: bool) -> list[str]:
    """The body's paragraph texts after accepting (or rejecting) every change, empty ones left out.

    A paragraph whose mark goes (deleted and accepted, inserted and rejected) joins the next
    paragraph, as Word does: a paragraph that kept text by mistake would show."""
    drop = ("del", "moveFrom") if accept else ("ins", "moveTo")
    body = document_root(data).find(W + "body")
    out, carry = [], ""
    for p in body.iter(W + "p"):
        text = carry + _text(p, drop, _is_title(p))
        if _mark(p, drop):
            carry = text
        else:
            carry = ""
            out.append(text)
    if carry:
        out.append(carry)
    return [t for t in out if t.strip()]


def lines_of(document) -> list[str]:
    return [line for line in text_lines(document) if line.strip()]


def same_but_renumbered(got: list[str], want: list[str]) -> bool:
    """Equal paragraph by paragraph, except that a label may have another number of the same style."""
    if len(got) != len(want):
        return False
    for g, w in zip(got, want):
        if g == w:
            continue
        a, b = parse_label(g), parse_label(w)
        if not (a and b and a[0] is b[0] and g[len(a[2]):] == w[len(b[2]):]):
            return False
    return True


_PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
_P_CHILDREN = {"pPr", "r", "ins", "del", "moveFrom", "moveTo", "moveFromRangeStart", "moveFromRangeEnd",
               "moveToRangeStart", "moveToRangeEnd", "bookmarkStart", "bookmarkEnd", "proofErr"}
_BODY_CHILDREN = {"p", "tbl", "sectPr", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"}


def local(el) -> str:
    return el.tag.rsplit("}", 1)[-1]


def check_structure(data: bytes) -> dict[str, int]:
    """Assert the tracked changes are well formed (module docstring); returns counts by kind."""
    root = document_root(data)
    body = root.find(W + "body")
    order = {el: k for k, el in enumerate(body.iter())}
    ids: list[str] = []
    counts = {t: 0 for t in REVISIONS}
    for el in body.iter(*(W + t for t in REVISIONS)):
        for attr in ("id", "author", "date"):
            assert el.get(W + attr), f"{local(el)} without w:{attr}"
        assert DATE.match(el.get(W + "date")), el.get(W + "date")
        ids.append(el.get(W + "id"))
        counts[local(el)] += 1
        parent = el.getparent()
        if local(parent) == "p":  # a run container: runs only, never nested
            assert all(local(c) == "r" for c in el), [local(c) for c in el]
        else:  # a paragraph mark: the first children of the mark's run properties
            assert local(parent) == "rPr" and local(parent.getparent()) == "pPr"
            assert list(parent).index(el) < 4
    # deleted text only inside w:del, text of other runs never in w:delText
    for t in body.iter(W + "delText"):
        assert local(t.getparent().getparent()) == "del"
    for t in body.iter(W + "t"):
        assert local(t.getparent().getparent()) != "del"
    # the children of the body, of paragraphs and of paragraph properties in schema order
    kids = [local(c) for c in body]
    assert set(kids) <= _BODY_CHILDREN and kids[-1] == "sectPr", set(kids) - _BODY_CHILDREN
    for p in body.iter(W + "p"):
        kids = [local(c) for c in p]
        assert set(kids) <= _P_CHILDREN, kids
        assert "pPr" not in kids[1:]
        ppr = p.find(W + "pPr")
        if ppr is not None:
            positions = [_PPR_ORDER.index(local(c)) for c in ppr]
            assert positions == sorted(positions), [local(c) for c in ppr]
    # moves: ranges paired by id, moves by name, every moved run and mark inside its range
    names: dict[str, dict[str, object]] = {}
    for kind in ("moveFrom", "moveTo"):
        starts = {el.get(W + "id"): el for el in body.iter(W + f"{kind}RangeStart")}
        ends = {el.get(W + "id"): el for el in body.iter(W + f"{kind}RangeEnd")}
        assert len(starts) == len(list(body.iter(W + f"{kind}RangeStart"))), "duplicate range ids"
        assert set(starts) == set(ends) and len(ends) == len(list(body.iter(W + f"{kind}RangeEnd")))
        for rid, start in starts.items():
            assert order[start] < order[ends[rid]]
            for attr in ("author", "date", "name"):
                assert start.get(W + attr)
            name = start.get(W + "name")
            assert kind not in names.setdefault(name, {}), f"two {kind} ranges named {name}"
            names[name][kind] = (order[start], order[ends[rid]])
            ids.append(rid)
        for el in body.iter(W + kind):
            assert any(lo < order[el] < hi for n in names.values() for k, (lo, hi) in n.items() if k == kind), \
                f"{kind} outside its range"
    for name, kinds in names.items():
        assert set(kinds) == {"moveFrom", "moveTo"}, f"move {name} has no other end"
    assert len(ids) == len(set(ids)), "w:id used twice"
    return counts


def check_redline(old: Side, new: Side, **options) -> tuple[bytes, dict[str, int]]:
    """Redline *old* → *new* and assert everything the module docstring promises (but LibreOffice)."""
    alignment = align(old, new)
    data = redline(alignment, **options)
    counts = check_structure(data)
    want_new, want_old = lines_of(new.document), lines_of(old.document)
    assert resolve(data, accept=True) == want_new
    rejected = resolve(data, accept=False)
    assert same_but_renumbered(rejected, want_old), _first_difference(rejected, want_old)
    # only labels of kept paragraphs that renumbered may differ after rejecting
    renumbered = sum(1 for op in alignment.ops if op.kind != MOVED and op.label == "renumbered")
    assert sum(1 for g, w in zip(rejected, want_old) if g != w) <= renumbered
    return data, counts


def _first_difference(got: list[str], want: list[str]) -> str:
    for k, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return f"paragraph {k}: {g[:60]!r} != {w[:60]!r}"
    return f"{len(got)} paragraphs != {len(want)}"


@pytest.fixture(scope="module")
def sides():
    libraries: dict = {}
    return {p.name: load_side(p, libraries=libraries) for pair in PAIRS for p in pair}


def fresh(side: Side, edit=None) -> Side:
    """A side over a copy of *side*'s document, changed by *edit* (a function of the document)
    before the side reads its paragraphs."""
    document = copy.deepcopy(side.document)
    if edit is not None:
        edit(document)
    return Side(document, source=side.source, kind=side.kind, options=side.options)


# -- the year-over-year configs ---------------------------------------------------------------------------
@pytest.mark.parametrize("old, new", PAIRS + [(b, a) for a, b in PAIRS],
                         ids=[f"{a.stem}>{b.stem[-4:]}" for a, b in PAIRS + [(b, a) for a, b in PAIRS]])
def test_configs_year_over_year(old, new, sides):
    data, counts = check_redline(sides[old.name], sides[new.name])
    assert counts["ins"] and counts["del"]
    reopened = docx.Document(io.BytesIO(data))  # python-docx opens it
    assert reopened.paragraphs and reopened.core_properties.title == str(sides[new.name].document.title)


def test_changes_are_by_character_and_values_whole(sides):
    data, _ = check_redline(sides["gov-integrity-2022.yaml"], sides["gov-integrity-2023.yaml"])
    body = document_root(data).find(W + "body")
    deleted = ["".join(t.text for t in d.iter(W + "delText")) for d in body.iter(W + "del") if d.getparent().tag == W + "p"]
    inserted = ["".join(t.text for t in i.iter(W + "t")) for i in body.iter(W + "ins") if i.getparent().tag == W + "p"]
    assert "50" in deleted and "60" in inserted  # 分管领导问题性约谈比例 50 → 60
    assert "**" in deleted and "会宁" in inserted  # a draft blank filled in
    # a whole inserted paragraph: its runs and its mark
    title = body.find(W + "p")
    assert _mark(title, ("ins",)) and "".join(t.text for t in title.iter(W + "t")).startswith("2023年")


def test_the_written_formatting_is_kept(sides):
    """Each character keeps its run's properties: a blank's highlight in the deleted **, the item
    title sentence's character style in a changed item."""
    data, _ = check_redline(sides["gov-party-group-party-building-2022.yaml"],
                            sides["gov-party-group-party-building-2023.yaml"])
    body = document_root(data).find(W + "body")
    blanks = [r for d in body.iter(W + "del") for r in d.iter(W + "r")
              if "".join(t.text for t in r.iter(W + "delText")) == "**"]
    assert blanks and all(r.find(f"{W}rPr/{W}highlight") is not None for r in blanks)
    (changed,) = [p for p in body.iter(W + "p") if _text(p, ("del",)).startswith("1.先锋引领推动发展")]
    assert changed.find(W + "ins") is not None and not _mark(changed, REVISIONS)
    label, title = changed.findall(W + "r")[:2]  # unchanged, as the writer wrote them: in their character style
    assert (_text(label, ()), _text(title, ())) == ("1.", "先锋引领推动发展。")
    assert {r.find(f"{W}rPr/{W}rStyle").get(W + "val") for r in (label, title)} == {"DrafterItemTitle"}


# -- seeds and imported documents ---------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEED_NAMES)
def test_seed_text_against_its_config(seed, sides):
    old = load_side(SEEDS / seed)
    new = sides[seed.replace(".txt", ".yaml")]
    check_redline(old, new)
    check_redline(new, old)


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    for name in ("blocks", "configs", "schemas"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_imported_documents(seed, workspace, sides):
    """A seed imported into a workspace, built: against the seed it came from and the library's config."""
    from drafter.importer import import_document

    import_document(SEEDS / seed, workspace, name="imported")
    imported = load_side(workspace / "configs" / "imported.yaml")
    check_redline(load_side(SEEDS / seed), imported)
    library_config = sides[seed.replace(".txt", ".yaml")]
    check_redline(imported, library_config)
    check_redline(library_config, imported)


def test_docx_documents_read_back(sides, tmp_path):
    """Two .docx files (any source: here drafter's own builds) compare like their configs."""
    for name in ("gov-party-group-work-2022.yaml", "gov-party-group-work-2023.yaml"):
        (tmp_path / name.replace(".yaml", ".docx")).write_bytes(write_docx(sides[name].document, sides[name].options))
    old = load_side(tmp_path / "gov-party-group-work-2022.docx")
    new = load_side(tmp_path / "gov-party-group-work-2023.docx")
    check_redline(old, new)


# -- moves and labels ----------------------------------------------------------------------------------------
def _move_item(side: Side, frm: tuple[int, int], to: tuple[int, int], rewrite: str | None = None) -> Side:
    def edit(document):
        item = document.sections[frm[0]].items.pop(frm[1])
        if rewrite is not None:
            item.body = Text.of(rewrite)
        document.sections[to[0]].items.insert(to[1], item)

    return fresh(side, edit)


def test_a_moved_item_is_a_tracked_move_and_renumbered_labels_are_not_edits(sides):
    old = sides["gov-party-group-party-building-2023.yaml"]
    new = _move_item(old, (0, 0), (0, 2))
    data, counts = check_redline(old, new)
    assert counts == {"ins": 0, "del": 0, "moveFrom": 2, "moveTo": 2}  # the runs and the mark, at each end
    body = document_root(data).find(W + "body")
    (start,) = body.iter(W + "moveFromRangeStart")
    (to_start,) = body.iter(W + "moveToRangeStart")
    assert start.get(W + "name") == to_start.get(W + "name")
    source = start.getnext()  # the range encloses the paragraph, its mark included
    assert _text(source, ()).startswith("1.旗帜鲜明讲政治")  # OLD's label at the source
    assert source.getnext().tag == W + "moveFromRangeEnd"
    destination = to_start.getnext()
    assert _text(destination, ()).startswith("3.旗帜鲜明讲政治")
    # 严守纪律讲规矩 was 2., now 1.: its label is NEW's, in a plain run
    renumbered = next(p for p in body.iter(W + "p") if _text(p, ()).startswith("1.严守纪律讲规矩"))
    assert renumbered.find(W + "ins") is None and renumbered.find(W + "del") is None
    assert resolve(data, accept=False)[3].startswith("1.旗帜鲜明讲政治")  # title, preamble, heading, then it


def test_items_moving_together_are_one_move(sides):
    old = sides["county-party-building-report-2023.yaml"]
    new = fresh(old, lambda d: d.sections.append(d.sections.pop(1)))  # a section with its lead and items, moved
    section = new.document.sections[-1]
    data, counts = check_redline(old, new)
    names = {el.get(W + "name") for el in document_root(data).iter(W + "moveFromRangeStart")}
    assert len(names) == 1 and counts["moveFrom"] == 2 * (1 + len(section.lead) + len(section.items))


def test_a_moved_and_rewritten_item_falls_back_to_delete_and_insert(sides):
    old = sides["gov-party-group-party-building-2023.yaml"]
    new = _move_item(old, (0, 0), (2, 1), rewrite="全部改写：" + "新的要求。" * 20)
    data, counts = check_redline(old, new)
    assert counts["moveFrom"] == counts["moveTo"] == 0 and counts["ins"] and counts["del"]


def test_a_label_of_another_style_is_an_edit(sides):
    from drafter.numbering import LabelStyle

    old = sides["gov-party-group-party-building-2023.yaml"]
    new = fresh(old, lambda d: setattr(d.numbering, "items", LabelStyle.DIGIT_COMMA))  # 1. → 1、
    data, _ = check_redline(old, new)
    assert resolve(data, accept=False) == lines_of(old.document)  # exactly OLD: no label only renumbered
    deleted = {"".join(t.text for t in d.iter(W + "delText")) for d in document_root(data).iter(W + "del")}
    assert {"1.", "2.", "3.", "4."} <= deleted


def test_tabs_and_line_breaks_in_the_text(tmp_path):
    """A .txt keeps a tab inside a paragraph; python-docx writes it as w:tab (a line break as w:br):
    they are characters of the paragraph, in the diff and in the redline's runs."""
    (tmp_path / "old.txt").write_text("标题\n\n一、第一部分\n1.内容\t带制表符的段落。\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text("标题\n\n一、第一部分\n1.内容\t带制表符的段落，改了。\n", encoding="utf-8")
    old, new = load_side(tmp_path / "old.txt"), load_side(tmp_path / "new.txt")
    data, counts = check_redline(old, new)
    assert counts["ins"] == 1 and next(document_root(data).iter(W + "tab"), None) is not None
    with_break = fresh(new, lambda d: setattr(d.sections[0].items[0], "body", Text.of("第一行\n第二行，\t改了。")))
    check_redline(new, with_break)
    check_redline(with_break, new)


# -- hypothesis: random edits of a real document ---------------------------------------------------------------
BASE = CONFIGS / "county-party-building-report-2023.yaml"  # preamble, section leads, items, closing points, signature

EDIT = st.one_of(
    st.tuples(st.just("chars"), st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 8),
              st.text(alphabet="新增改动党建工作2023年6.5%，。\t", max_size=8)),
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.integers(0, 10_000),
              st.text(alphabet="新增一条工作要求认真落实，。", min_size=1, max_size=30)),
    st.tuples(st.just("move"), st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000),
              st.integers(0, 10_000)),
    st.tuples(st.just("preamble"), st.text(alphabet="开头新增段落，。", min_size=1, max_size=20)),
)


def _set_text(node, text: str) -> None:
    owner = node.owner
    if node.role is Role.TITLE:
        owner.title = Text.of(text)
    elif node.role is Role.HEADING:
        owner.heading = Text.of(text)
    elif node.role in (Role.ITEM, Role.POINT):
        owner.body = Text.of(text)
    elif node.role is Role.ISSUER:
        owner.issuer = Text.of(text)
    elif node.role is Role.DATE:
        owner.date = Text.of(text)
    else:
        owner.text = Text.of(text)


def apply_edits(document, edits):
    doc = copy.deepcopy(document)
    for edit in edits:
        kind = edit[0]
        sections = [s for s in doc.sections if s.items]
        if kind == "chars":
            nodes = list(walk(doc))
            node = nodes[edit[1] % len(nodes)]
            text = str(node.text)
            at = edit[2] % (len(text) + 1)
            _set_text(node, text[:at] + edit[4] + text[at + edit[3]:])
        elif kind == "delete" and sections:
            section = sections[edit[1] % len(sections)]
            if len(section.items) > 1:
                section.items.pop(edit[2] % len(section.items))
        elif kind == "insert" and doc.sections:
            section = doc.sections[edit[1] % len(doc.sections)]
            section.items.insert(edit[2] % (len(section.items) + 1), Item(body=Text.of(edit[3])))
        elif kind == "move" and sections:
            source = sections[edit[1] % len(sections)]
            item = source.items.pop(edit[2] % len(source.items))
            target = doc.sections[edit[3] % len(doc.sections)]
            target.items.insert(edit[4] % (len(target.items) + 1), item)
        elif kind == "preamble":
            doc.preamble.insert(0, Paragraph(Text.of(edit[1])))
    return doc


@pytest.fixture(scope="module")
def base_side():
    return load_side(BASE)


@settings(max_examples=int(os.environ.get("DRAFTER_PROPERTY_EXAMPLES", 40)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(EDIT, min_size=1, max_size=8), st.booleans(), st.booleans())
def test_random_edits_accept_to_new_and_reject_to_old(base_side, edits, as_configs, forward):
    edited = apply_edits(base_side.document, edits)
    kind = "config" if as_configs else "model"
    a = Side(copy.deepcopy(base_side.document), kind=kind, options=base_side.options)
    b = Side(edited, kind=kind, options=base_side.options)
    old, new = (a, b) if forward else (b, a)
    check_redline(old, new)


# -- faithful to the ordinary build ------------------------------------------------------------------------------
def test_no_change_is_the_ordinary_build(sides):
    side = sides["gov-integrity-2023.yaml"]
    data = redline(align(side, fresh(side)))
    assert etree.tostring(document_root(data)) == etree.tostring(document_root(write_docx(side.document, side.options)))


def test_only_the_needed_old_paragraphs_are_written_as_the_writer_writes_them(sides):
    """The redline writes just the OLD paragraphs it shows, with the writer's per-line code; each
    must be exactly what writing the whole of OLD gives (else the fallback would be needed)."""
    from drafter.diff.redline import _document_root, _written, _written_old

    for name in ("county-party-building-report-2022.yaml", "gov-party-group-work-2023.yaml"):
        side = sides[name]
        partial = _written_old(side, set(range(len(side.paragraphs))))
        whole = _written(_document_root(write_docx(side.document, side.options)), side.paragraphs)
        for para, written in zip(side.paragraphs, whole):
            assert etree.tostring(partial[para.index].p) == etree.tostring(written.p), para.path


def test_reproducible_with_source_date_epoch(sides, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    old, new = sides["gov-integrity-2022.yaml"], sides["gov-integrity-2023.yaml"]
    first, second = redline(align(old, new)), redline(align(old, new))
    assert first == second
    dates = {el.get(W + "date") for el in document_root(first).iter(W + "ins", W + "del")}
    assert dates == {"2023-11-14T22:13:20Z"}
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    # without it: NEW's own date (the config's 成文日期)
    dates = {el.get(W + "date") for el in document_root(redline(align(old, new))).iter(W + "ins")}
    assert dates == {"2023-02-15T00:00:00Z"}
    # a document without a date of its own: now
    plain = Side(copy.deepcopy(new.document))
    (stamp,) = {el.get(W + "date") for el in document_root(redline(align(Side(old.document), plain))).iter(W + "ins")}
    assert abs(dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ") - dt.datetime.utcnow()) < dt.timedelta(minutes=5)


def test_author(sides):
    data = redline(align(sides["gov-integrity-2022.yaml"], sides["gov-integrity-2023.yaml"]), author="县政府办公室")
    assert {el.get(W + "author") for el in document_root(data).iter(W + "ins", W + "del")} == {"县政府办公室"}


def test_drafters_reader_reads_the_accepted_text(sides):
    """drafter's .docx reader takes inserted and moved-to text and skips deleted and moved-from
    text: reading a redline back gives NEW (and warns that it holds tracked changes)."""
    from drafter.readers.docx import read_docx

    old, new = sides["gov-party-group-party-building-2022.yaml"], sides["gov-party-group-party-building-2023.yaml"]
    moved = _move_item(new, (0, 0), (1, 1))
    result = read_docx(redline(align(old, moved)), "修订稿.docx")
    assert lines_of(result.document) == lines_of(moved.document)
    assert any(f.rule == "import.tracked-changes" for f in result.findings)


# -- LibreOffice ------------------------------------------------------------------------------------------------
def _soffice() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        from test_render import skip_or_fail

        skip_or_fail("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")
    return soffice


@pytest.fixture(scope="module")
def libreoffice_files(tmp_path_factory, sides):
    """Two redlines (2022 → 2023 values and blocks; an item moved) converted by LibreOffice to .odt and .docx."""
    soffice = _soffice()
    work = tmp_path_factory.mktemp("lo-redline")
    old, new = sides["gov-party-group-party-building-2022.yaml"], sides["gov-party-group-party-building-2023.yaml"]
    cases = {"years": (old, new), "moved": (new, _move_item(new, (0, 0), (1, 1)))}
    for name, (a, b) in cases.items():
        (work / f"{name}.docx").write_bytes(redline(align(a, b)))
    (work / "lo").mkdir()
    for target in ("odt", "docx:MS Word 2007 XML"):
        subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", target,
                        "--outdir", str(work / "lo"), *[str(work / f"{name}.docx") for name in cases]],
                       check=True, capture_output=True, timeout=300)
    return work, cases


@pytest.mark.render
@pytest.mark.parametrize("name", ["years", "moved"])
def test_libreoffice_lists_the_changes(name, libreoffice_files):
    work, cases = libreoffice_files
    with zipfile.ZipFile(work / "lo" / f"{name}.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    assert "<text:tracked-changes" in content
    regions = content.count("<text:changed-region")
    insertions, deletions = content.count("<text:insertion>"), content.count("<text:deletion>")
    assert regions == insertions + deletions + content.count("<text:format-change>")
    assert insertions and deletions
    assert "<dc:creator>drafter</dc:creator>" in content
    # LibreOffice's own .docx keeps them as Word tracked changes; a move as a move
    with zipfile.ZipFile(work / "lo" / f"{name}.docx") as package:
        xml = package.read("word/document.xml").decode("utf-8")
    if name == "moved":
        assert "<w:moveFrom " in xml and "<w:moveTo " in xml and 'w:name="move1"' in xml
        assert "<w:ins " not in xml and "<w:del " not in xml
    else:
        assert "<w:ins " in xml and "<w:del " in xml


UNO_SCRIPT = r'''
import json, os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

soffice, profile, pipe, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
proc = subprocess.Popen([soffice, "-env:UserInstallation=file://" + profile, "--headless", "--invisible",
                         "--norestore", "--accept=pipe,name=%s;urp;" % pipe],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(300):
    try:
        ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        break
    except Exception:
        time.sleep(0.2)
else:
    proc.kill()
    sys.exit("LibreOffice did not answer")
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
out = {}
try:
    for path in files:
        for action in ("AcceptAllTrackedChanges", "RejectAllTrackedChanges"):
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (prop("Hidden", True),))
            before = doc.getRedlines().getCount()
            dispatcher.executeDispatch(doc.getCurrentController().getFrame(), ".uno:" + action, "", 0, ())
            texts, items = [], doc.getText().createEnumeration()
            while items.hasMoreElements():
                item = items.nextElement()
                if item.supportsService("com.sun.star.text.Paragraph"):
                    texts.append(item.getString())
            out["%s %s" % (os.path.basename(path), action)] = [before, doc.getRedlines().getCount(), texts]
            doc.close(True)
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    proc.wait(timeout=60)
print(json.dumps(out, ensure_ascii=False))
'''


def _uno_python() -> str | None:
    """A Python that has LibreOffice's UNO bridge (the system's, with python3-uno)."""
    for python in ("/usr/bin/python3", shutil.which("python3")):
        if python and subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0:
            return python
    return None


@pytest.mark.render
def test_libreoffice_accepts_to_new_and_rejects_to_old(libreoffice_files, tmp_path):
    """LibreOffice itself accepts all changes (NEW's text) and rejects all (OLD's, labels that only
    renumbered aside), through its UNO bridge (python3-uno, which .ci/run installs)."""
    from test_render import skip_or_fail

    python = _uno_python()
    if python is None:
        skip_or_fail("python3-uno (LibreOffice's UNO bridge) is not installed: apt-get install python3-uno")
    work, cases = libreoffice_files
    script = tmp_path / "resolve.py"
    script.write_text(UNO_SCRIPT, encoding="utf-8")
    files = [str(work / f"{name}.docx") for name in cases]
    proc = subprocess.run([python, str(script), _soffice(), str(tmp_path / "profile"), f"drafter{os.getpid()}", *files],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    for name, (old, new) in cases.items():
        before, left, accepted = results[f"{name}.docx AcceptAllTrackedChanges"]
        assert before > 0 and left == 0
        assert [t for t in accepted if t.strip()] == lines_of(new.document)
        before, left, rejected = results[f"{name}.docx RejectAllTrackedChanges"]
        assert left == 0
        assert same_but_renumbered([t for t in rejected if t.strip()], lines_of(old.document))
