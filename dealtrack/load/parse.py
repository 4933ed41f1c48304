"""One file's bytes to its records: the per-file step of loading, a pure function.

Reading (``load.reader``: guards, then libyaml's composer) and converting
(``load.convert``: node tree to records, by the field specifications) run
here for every source of files alike: the working tree, a git revision, a
file's history, ``textconv``. The parse cache and the worker processes
(``load.files``) call this same function.
"""

from __future__ import annotations

from dealtrack.load.result import FileResult


def parse_file(relpath: str, display: str, data: bytes) -> FileResult:
    """Read one file's bytes into records; never raises for anything in ``data``."""
    from dealtrack.load import reader
    from dealtrack.load.convert import convert_deal, convert_registry
    from dealtrack.load.layout import registry_kind, size_limit
    from dealtrack.load.values import Ctx

    kind = registry_kind(relpath)
    node, problems = reader.read_yaml(data, display, size_limit(relpath))
    if node is None:
        return FileResult(kind or "deals", (), tuple(problems))
    ctx = Ctx(display)
    ctx.diagnostics.extend(problems)
    if kind:
        records = tuple(convert_registry(node, ctx, kind))
    else:
        deal = convert_deal(node, ctx, relpath)
        records = (deal,) if deal is not None else ()
    return FileResult(kind or "deals", records, tuple(ctx.diagnostics))
