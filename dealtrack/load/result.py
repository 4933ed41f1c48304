"""What loading returns: one file's records and problems, a whole dataset, a validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dealtrack.diagnostics import Diagnostic

if TYPE_CHECKING:
    from dealtrack.model import Dataset


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one file holds: records of one kind (``deals`` or a registry name), and problems."""

    kind: str
    records: tuple = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def is_file_result(value) -> bool:
    """Whether a decoded cache entry has the shape of a ``FileResult`` (the cache trusts no
    one: an entry of another shape is refused like a damaged one)."""
    if not (isinstance(value, FileResult) and isinstance(value.records, tuple)
            and isinstance(value.diagnostics, tuple)):
        return False
    from dealtrack.load.fields import BY_PLURAL

    rtype = BY_PLURAL.get(value.kind) if isinstance(value.kind, str) else None
    return (rtype is not None and all(type(r) is rtype.cls for r in value.records)
            and all(isinstance(d, Diagnostic) for d in value.diagnostics))


@dataclass(frozen=True, slots=True)
class LoadResult:
    dataset: Dataset
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What validation needs of a load: the files read and every diagnostic, sorted."""

    root: str
    files: tuple[str, ...]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]
