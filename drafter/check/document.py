"""What the checker reads: any document as a list of paragraphs that know where they came from.

A config is built as a draft (so that missing values are blanks, not errors) and every
paragraph is the line ``-f txt`` would print, with its label, its value and blank spans
and its origin; a .txt or .docx (anybody's, not only drafter's) is read paragraph by
paragraph *as written* — website junk, odd labels and half-width brackets included,
since those are what the checker is for — with the reader's structure beside it for
the rules that need sections and levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Blank, Document, Origin, Role, Value
from ..numbering import LabelStyle, parse_label


@dataclass(frozen=True)
class SpanAt:
    """A value or blank span of a paragraph: characters [start, end) of its text."""

    start: int
    end: int
    span: Value | Blank


@dataclass
class Para:
    """One paragraph to check. ``text`` is the whole paragraph, label included."""

    index: int  # 0-based position in the document
    text: str
    role: Role | None = None
    level: int = 0  # 1 = 一、 … 4 = （1）, 0 unnumbered
    label: str = ""
    title_end: int = 0  # text[len(label):title_end] is the item's title sentence (config builds)
    path: str | None = None  # place in the document model, when known
    origin: Origin | None = None
    spans: tuple[SpanAt, ...] = ()

    @property
    def number(self) -> int | None:
        """The paragraph's number in its input file (docx), or None."""
        return self.origin.paragraph if self.origin else None

    def span_at(self, start: int, end: int) -> SpanAt | None:
        """The value or blank span that holds characters [start, end), if any."""
        for s in self.spans:
            if s.start <= start and end <= s.end:
                return s
        return None


@dataclass
class CheckDoc:
    """A document ready to check."""

    kind: str  # "config", "docx" or "txt"
    source: str  # the file as shown to the user
    paragraphs: list[Para]
    document: Document  # the model: sections, items, signature …
    year: int | None = None
    config: object | None = None  # drafter.config.Config for a config
    library: object | None = None  # drafter.blocks.Library for a config
    data: bytes | None = None  # the .docx itself, for the format rules
    findings: list = field(default_factory=list)  # what reading already found (junk cut …)


def from_config(path: Path | str, library=None) -> CheckDoc:
    """A config, built as a draft with every value's origin."""
    from ..assembler import assemble
    from ..builder import load
    from ..flow import flow

    config, library = load(path, library=library)
    doc = assemble(config, library, draft=True)
    paragraphs = []
    for line in flow(doc):
        spans, pos = [], len(line.label)
        for part in (*line.title.parts, *line.body.parts):
            text = str(part)
            if isinstance(part, (Value, Blank)):
                spans.append(SpanAt(pos, pos + len(text), part))
            pos += len(text)
        paragraphs.append(Para(len(paragraphs), line.text, line.role, line.level, line.label,
                               len(line.label) + len(str(line.title)), line.path, line.origin, tuple(spans)))
    return CheckDoc("config", config.file, paragraphs, doc, year=doc.year, config=config, library=library)


def from_file(path: Path | str) -> CheckDoc:
    """A .txt or .docx as written: one Para per paragraph of the input."""
    from ..readers import read_path

    path = Path(path)
    result = read_path(path)
    source = str(path)
    paragraphs = []
    for flat in result.paragraphs:
        label = parse_label(flat.text)
        written = label[2] if label and label[0] is not LabelStyle.CN_SHI else ""
        origin = Origin(file=source, line=flat.line, paragraph=flat.paragraph)
        paragraphs.append(Para(len(paragraphs), flat.text, label=written, origin=origin))
    data = path.read_bytes() if path.suffix.lower() == ".docx" else None
    doc = CheckDoc(path.suffix.lower().lstrip("."), source, paragraphs, result.document, data=data)
    doc.year = result.document.year or guess_year(doc)
    return doc


_YEAR = re.compile(r"(?<!\d)(20\d\d)年")


def guess_year(doc: CheckDoc) -> int | None:
    """The document's year from its title (2023年…工作要点), else from the first year the text names."""
    for para in doc.paragraphs[:3]:
        m = _YEAR.search(para.text)
        if m:
            return int(m.group(1))
    return None
