"""Office files (.docx, .xlsx) are zip packages; zip libraries stamp every entry with the clock.

:func:`repack` rewrites a package with one fixed time, order and attributes, so that
building from the same input twice gives the same bytes (reproducible outputs, and the
hand-edit guard in :mod:`drafter.outputs` can tell a rebuild from an edit).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO


def repack(data: bytes, when: dt.datetime) -> bytes:
    """The package *data* again with every entry stamped *when* (1980–2107, as zip can record)."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info))
    return out.getvalue()


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
