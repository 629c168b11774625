"""The docx writer's entry point, and the fast way to write a document without official parts.

A document's package is the same every time except for two parts: ``word/document.xml``
(the text) and ``docProps/core.xml`` (title, subject, dates). Everything else — styles,
settings, footers with page numbers, relationships, content types, theme — depends only on
the writer options (font set, bold flags). So python-docx makes an empty document once per
set of options (:func:`drafter.writers.docx.new_document`, the same code as for every other
document), and it is kept as the list of its zip entries:

- in this process (a batch worker writes hundreds of documents with one), and
- in the disk cache (:func:`drafter.cache.lookup_keyed`), keyed by the options and a hash of
  the writer's modules, python-docx (its ``__init__.py`` and template) and lxml, so that a
  warm ``drafter build`` process does not even import python-docx.

Then each document costs: parse the empty document.xml (a few hundred bytes), write the
text into its body (:class:`drafter.writers.docx_body._Body`, lxml), set four fields of
core.xml, and zip the entries. python-docx used to parse its whole template, build 170 styles
and throw most away, add drafter's, then save a zip that :func:`~drafter.writers.ziputil.repack`
read back and wrote again — for every document.

The bytes are exactly those python-docx writes: the same entries in the same order, the XML
serialised by the same lxml call (``tostring(encoding="UTF-8", standalone=True)``), the same
core-property rules (python-docx refuses a title or subject over 255 characters with the same
ValueError) and the same zip stamping as ``repack``; tests/test_docx.py compares both ways.

Documents with official parts (红头, 主送, a notice, attachments, a 版记) need python-docx's API
for their tables, sections and footers and go through :func:`drafter.writers.docx.write_with_python_docx`;
an office's own 红头 template through :mod:`drafter.writers.docx_template`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from io import BytesIO
from pathlib import Path

from lxml import etree

from .. import cache
from ..flow import flow
from ..model import Document
from . import WriterOptions, timestamp
from .docx_body import _Body
from .ziputil import write_package

DOCUMENT_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"
_W_BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_CACHE_KIND = "docx"
# placeholders of the empty package's core.xml (python-docx writes the date as 1980-01-01T00:00:00Z)
_TITLE, _SUBJECT, _WHEN = b"DRAFTER-TITLE-0", b"DRAFTER-SUBJECT-0", b"1980-01-01T00:00:00Z"
_CORE_SPLIT = re.compile(b"(" + b"|".join(re.escape(t) for t in (_TITLE, _SUBJECT, _WHEN)) + b")")
# the modules whose code makes the empty document (a change to any of them misses the disk cache)
_WRITER_MODULES = ("__init__.py", "docx.py", "docx_oxml.py", "docx_body.py", "docx_package.py", "docx_official.py",
                   "wml.py", "ziputil.py")


def has_official_parts(doc: Document) -> bool:
    """红头, 主送, a notice, attachments or a 版记: their writer is loaded only when needed."""
    return any(x is not None for x in (doc.header, doc.recipients, doc.notice, doc.imprint)) or bool(doc.attachments)


def write_docx(doc: Document, options: WriterOptions | None = None) -> bytes:
    """The document as a .docx in the official layout of GB/T 9704-2012."""
    options = options or WriterOptions()
    if doc.header is not None and doc.header.template is not None:
        from .docx_template import write_with_template  # the office's own 红头

        return write_with_template(doc, options)
    entries = None if has_official_parts(doc) else empty_package(options.fonts, options.bold_item_titles,
                                                                  options.bold_level2)
    if entries is None:
        from .docx import write_with_python_docx

        return write_with_python_docx(doc, options)
    return write_plain(doc, options, entries)


def write_plain(doc: Document, options: WriterOptions, entries: tuple[tuple[str, bytes], ...]) -> bytes:
    """A document without official parts, into the empty package made for *options*."""
    when = timestamp(options.date)
    parts = {DOCUMENT_PART: lambda data: _document_xml(data, doc),
             CORE_PART: lambda data: _core_xml(data, str(doc.title), doc.kind or "", when)}
    # zipped as drafter.writers.ziputil.repack zips (the unchanged entries deflated once)
    return write_package([(name, parts[name](data) if name in parts else data) for name, data in entries], when)


def _document_xml(empty: bytes, doc: Document) -> bytes:
    root = etree.fromstring(empty)
    body = _Body(root.find(_W_BODY), doc)
    for line in flow(doc):
        body.write(line)
    return _serialize(root)


def _core_xml(empty: bytes, title: str, subject: str, when: dt.datetime) -> bytes:
    """core.xml with the document's title, subject and dates, as python-docx's CoreProperties sets them.

    Not parsed and serialised again: lxml would write python-docx's ``<dc:creator></dc:creator>``
    (an empty text) back as ``<dc:creator/>``. The empty package holds placeholders instead
    (:data:`_CORE_TOKENS`), replaced by the values as lxml writes a text."""
    values = {_TITLE: title, _SUBJECT: subject}
    for value in values.values():
        if len(value) > 255:  # python-docx's own limit, with its own error
            raise ValueError("exceeded 255 char limit for property, got:\n\n'%s'" % value)
    date = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    pieces = _CORE_SPLIT.split(empty)
    return b"".join(_text_xml(values[p]) if p in values else date if p == _WHEN else p for p in pieces)


def _text_xml(text: str) -> bytes:
    """*text* escaped as lxml writes an element's text (and refused as lxml refuses it)."""
    element = etree.Element("x")
    element.text = text
    return etree.tostring(element, encoding="UTF-8")[3:-4]


def _serialize(root) -> bytes:
    """As python-docx serialises a part (docx.opc.oxml.serialize_part_xml)."""
    return etree.tostring(root, encoding="UTF-8", standalone=True)


@functools.lru_cache(maxsize=16)
def empty_package(fonts: str, bold_item_titles: bool, bold_level2: bool) -> tuple[tuple[str, bytes], ...] | None:
    """The zip entries of an empty document for these options: from the disk cache, else made
    with python-docx (and stored); None if python-docx's package is not as expected."""
    key = ("empty-docx", writer_stamp(), fonts, bold_item_titles, bold_level2)
    entries = cache.lookup_keyed(_CACHE_KIND, key)
    if _well_formed(entries):
        return entries
    entries = _make_empty_package(WriterOptions(fonts=fonts, bold_item_titles=bold_item_titles,
                                                bold_level2=bold_level2))
    if entries is not None:
        cache.store_keyed(_CACHE_KIND, key, entries)
    return entries


def _well_formed(entries) -> bool:
    return (isinstance(entries, tuple) and all(isinstance(e, tuple) and len(e) == 2 and isinstance(e[0], str)
                                               and isinstance(e[1], bytes) for e in entries)
            and {DOCUMENT_PART, CORE_PART} <= {e[0] for e in entries})


def _make_empty_package(options: WriterOptions) -> tuple[tuple[str, bytes], ...] | None:
    """python-docx's package, as drafter.writers.docx makes it for *options*, with nothing in the
    body and placeholder properties (replaced per document)."""
    from .docx import _set_properties, finish_document, new_document

    document = new_document(options)
    finish_document(document)
    _set_properties(document, _TITLE.decode(), _SUBJECT.decode(), dt.datetime(1980, 1, 1))
    out = BytesIO()
    document.save(out)
    with zipfile.ZipFile(BytesIO(out.getvalue())) as package:
        entries = tuple((info.filename, package.read(info)) for info in package.infolist())
    parts = dict(entries)
    # what write_plain relies on, checked once: document.xml survives lxml's parse and serialisation
    # unchanged, and core.xml holds each placeholder where python-docx put the value
    if _serialize(etree.fromstring(parts[DOCUMENT_PART])) != parts[DOCUMENT_PART] or [
            parts[CORE_PART].count(t) for t in (_TITLE, _SUBJECT, _WHEN)] != [1, 1, 2]:
        return None  # another python-docx: every document through it, as before
    return entries


@functools.cache
def writer_stamp() -> str:
    """A hash of the code that makes the packages kept in the cache, and of python-docx and lxml."""
    here = Path(__file__).parent
    files = [here / name for name in _WRITER_MODULES] + [here.parent / "layout.py"]
    return cache.code_stamp(files, ("docx", "lxml"), ("templates/default.docx",))
