"""The dataset's file layout, in one place: which file is which kind, and how large it may be.

Deal files (one deal each) sit anywhere below the root; a registry is a
root-level file named after its record type (``parties.yaml`` …, see
``load.fields.RECORD_TYPES``). Every reader of dataset files — the working
tree, a git revision, a file's history, ``fmt`` and ``textconv`` — asks here.
"""

from __future__ import annotations

import posixpath

from dealtrack.diagnostics import Diagnostic
from dealtrack.location import Loc

YAML_EXTENSIONS = (".yaml", ".yml")
MAX_DEAL_BYTES = 1 << 20          # 1 MiB: a deal file is a few KiB
MAX_REGISTRY_BYTES = 16 << 20     # 16 MiB: registries grow with the dataset
MAX_LINE_CHARS = 10_000
# The registry file names, as in ``load.fields.RECORD_TYPES`` (a test keeps them equal): kept
# here as plain names so that finding a file's kind does not load the record classes.
REGISTRIES = ("parties", "sources", "reserves", "events", "claims", "rates")


def registry_kind(relpath: str) -> str | None:
    """The registry a root-level file name is reserved for (``parties.yaml`` → parties)."""
    if "/" in relpath:
        return None
    stem, ext = posixpath.splitext(relpath)
    return stem if ext in YAML_EXTENSIONS and stem in REGISTRIES else None


def file_kind(relpath: str) -> str:
    """The record type (plural) a file at ``relpath`` (relative to the root) holds."""
    return registry_kind(relpath) or "deals"


def deal_id(path: str) -> str:
    """The id a deal file is named for (``pk/ussm-fwo-2025.yaml`` → ``ussm-fwo-2025``)."""
    return posixpath.splitext(path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(":", 1)[-1])[0]


def size_limit(relpath: str) -> int:
    """The most bytes a file at ``relpath`` may hold."""
    return MAX_REGISTRY_BYTES if registry_kind(relpath) else MAX_DEAL_BYTES


def too_big(display: str, size: int, limit: int) -> Diagnostic:
    """DT003 for a file of ``size`` bytes over its ``limit``."""
    return Diagnostic(Loc(display, 1, 1), "DT003", f"file is {size:,} bytes; the limit is {limit:,}",
                      hint="split it, or check that it is the file you meant")
