"""One file's bytes to its records: the per-file step of loading, a pure function.

Reading (``load.reader``: guards, then libyaml's composer) and converting
(``load.convert``: node tree to records, by the field specifications) run
here for every source of files alike: the working tree, a git revision, a
file's history, ``textconv``. The parse cache and the worker processes
(``load.files``) call this same function.

The tree's own checks (duplicate keys, nesting depth: ``reader.checked``)
are a second walk over every node, which a file the converter reads through
without a problem does not need: the converter visits every node of such a
file (anything it does not read is reported), the format nests a few levels
deep, and a repeated key is noticed on the way. Only a file with something
to report is checked, and then converted again after the checks exactly as
if they had run first, so the diagnostics (their order, the per-file cap)
are those of check-then-convert.
"""

from __future__ import annotations

from dealtrack.load import reader
from dealtrack.load.convert import convert_deal, convert_registry
from dealtrack.load.layout import registry_kind, size_limit
from dealtrack.load.result import FileResult
from dealtrack.load.values import Ctx


def parse_file(relpath: str, display: str, data: bytes) -> FileResult:
    """Read one file's bytes into records; never raises for anything in ``data``."""
    kind = registry_kind(relpath)
    node, problems = reader.compose(data, display, size_limit(relpath))
    if node is None:
        return FileResult(kind or "deals", (), tuple(problems))
    ctx = Ctx(display)
    records = _convert(node, ctx, kind, relpath)
    if ctx.diagnostics or ctx.skipped:
        node, problems = reader.checked(node, display)
        if node is None:
            return FileResult(kind or "deals", (), tuple(problems))
        if problems:
            ctx = Ctx(display)
            ctx.diagnostics.extend(problems)
            records = _convert(node, ctx, kind, relpath)
    return FileResult(kind or "deals", records, tuple(ctx.diagnostics))


def _convert(node, ctx: Ctx, kind: str | None, relpath: str) -> tuple:
    if kind:
        return tuple(convert_registry(node, ctx, kind))
    deal = convert_deal(node, ctx, relpath)
    return (deal,) if deal is not None else ()
