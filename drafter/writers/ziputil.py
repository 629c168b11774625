"""Office files (.docx, .xlsx) are zip packages; zip libraries stamp every entry with the clock.

:func:`repack` rewrites a package with one fixed time, order and attributes, so that
building from the same input twice gives the same bytes (reproducible outputs, and the
hand-edit guard in :mod:`drafter.outputs` can tell a rebuild from an edit).

:func:`write_package` writes the entries itself, byte for byte as ``zipfile`` does for a
deflated entry (tests/test_docx.py compares the two), so that it can keep what it deflated:
most of a document's package — styles, theme, settings, footers, fonts — is the same from one
document to the next, and deflating it again cost a millisecond per document (a tenth of a
batch build's time per document). Entries are kept by their bytes, the few last ones only.
"""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
import zlib
from collections import OrderedDict
from io import BytesIO

_KEEP = 64  # deflated entries kept (a package has ~20, most of them the same in every document)
_deflated: OrderedDict[bytes, tuple[int, bytes]] = OrderedDict()  # data → (CRC-32, deflated data)


def repack(data: bytes, when: dt.datetime) -> bytes:
    """The package *data* again with every entry stamped *when* (1980–2107, as zip can record)."""
    with zipfile.ZipFile(BytesIO(data)) as source:
        return write_package([(info.filename, source.read(info)) for info in source.infolist()], when)


def rewrite(data: bytes, edits: dict) -> bytes:
    """The package *data* with the entries named in *edits* passed through their function
    (bytes → bytes); every other entry, and every entry's stamp and attributes, as it was."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in edits:
                content = edits[info.filename](content)
            target.writestr(info, content)
    return out.getvalue()


def write_package(entries, when: dt.datetime) -> bytes:
    """A zip of *entries* ((name, bytes) in order), each deflated and stamped *when*, with the
    attributes repack gives: the bytes ``zipfile.ZipFile.writestr`` writes for
    ``ZipInfo(name, date_time=when)`` with ZIP_DEFLATED, create_system 0 and mode 0644."""
    out = bytearray()
    central = bytearray()
    count = 0
    stamp = when.timetuple()[:6]
    for name, data in entries:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 0
        info.external_attr = 0o644 << 16
        crc, deflated = _deflate(data)
        if len(data) > zipfile.ZIP64_LIMIT or len(deflated) > zipfile.ZIP64_LIMIT or len(out) > zipfile.ZIP64_LIMIT:
            raise zipfile.LargeZipFile("a package this large is not written by drafter")
        info.CRC, info.compress_size, info.file_size = crc, len(deflated), len(data)
        info.header_offset = len(out)
        info.flag_bits = 0
        out += info.FileHeader(False)
        out += deflated
        central += _central_record(info)
        count += 1
    offset = len(out)
    out += central
    out += struct.pack(b"<4s4H2LH", b"PK\005\006", 0, 0, count, count, len(central), offset, 0)
    return bytes(out)


def _deflate(data: bytes) -> tuple[int, bytes]:
    """CRC-32 and raw deflate stream of *data*, as zipfile makes them (default level, one write)."""
    kept = _deflated.get(data)
    if kept is not None:
        _deflated.move_to_end(data)
        return kept
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    result = (zlib.crc32(data) & 0xFFFFFFFF, compressor.compress(data) + compressor.flush())
    _deflated[data] = result
    if len(_deflated) > _KEEP:
        _deflated.popitem(last=False)
    return result


def _central_record(info: zipfile.ZipInfo) -> bytes:
    """The central directory record zipfile writes for *info* (no zip64, no extra, no comment)."""
    y, mo, d, h, mi, s = info.date_time
    dosdate = (y - 1980) << 9 | mo << 5 | d
    dostime = h << 11 | mi << 5 | (s // 2)
    filename, flag_bits = info._encodeFilenameFlags()
    return struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", info.create_version, info.create_system,
                       info.extract_version, info.reserved, flag_bits, info.compress_type, dostime, dosdate,
                       info.CRC, info.compress_size, info.file_size, len(filename), 0, 0, 0, info.internal_attr,
                       info.external_attr, info.header_offset) + filename
