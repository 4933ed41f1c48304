"""The canonical text ``git diff`` shows for a dataset file (``dealtrack textconv``).

Git hands the driver either the real file or a temporary copy named
``XXXXXX_<basename>``; the basename says whether it is a registry or a deal.
"""

from __future__ import annotations

import os
import re

_GIT_TEMP = re.compile(r"[A-Za-z0-9]{6}_(.+)\Z")


def file_kind_path(path: str) -> str:
    """A path inside a dataset that ``parse_file`` reads as the right kind of file."""
    from dealtrack.load.layout import registry_kind

    name = os.path.basename(path)
    if registry_kind(name):
        return name
    temp = _GIT_TEMP.match(name)
    if temp and registry_kind(temp.group(1)):
        return temp.group(1)
    if temp and "_" not in temp.group(1):
        name = temp.group(1)  # deal ids never contain '_': this is git's temporary copy
    return f"deal/{name}"


def convert(path: str, data: bytes) -> bytes:
    """Canonical text of the records in ``data``; the bytes as they are when none can be read."""
    from dealtrack.canonical import emit_records
    from dealtrack.load.parse import parse_file

    relpath = file_kind_path(path)
    result = parse_file(relpath, path, data)
    unreadable = any(d.code.startswith("DT0") for d in result.diagnostics)
    if unreadable or not result.records:
        first = result.diagnostics[0] if result.diagnostics else None
        note = f"# dealtrack textconv: shown as is ({first.code} {first.message})\n" if first \
            else "# dealtrack textconv: no records; shown as is\n"
        return note.encode("utf-8") + data
    return emit_records(result.kind, result.records).encode("utf-8")
