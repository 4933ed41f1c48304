"""Loading a dataset: files → strict YAML nodes → model records, with every problem as a diagnostic.

``parse_file`` is a pure function of a file's path and bytes, so its result
can be cached by content and computed in parallel; ``assemble`` puts the
per-file results together in a stable order. Whole-dataset checks live in
``dealtrack.rules``; ``load_dataset`` runs them too unless asked not to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from dealtrack.diagnostics import Diagnostic
from dealtrack.model import Dataset


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one file holds: records of one kind (``deals`` or a registry name), and problems."""

    kind: str
    records: tuple = ()
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class LoadResult:
    dataset: Dataset
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def parse_file(relpath: str, display: str, data: bytes) -> FileResult:
    """Read one file's bytes into records; never raises for anything in ``data``."""
    from dealtrack.load import reader
    from dealtrack.load.convert import convert_deal, convert_registry, registry_kind
    from dealtrack.load.values import Ctx

    kind = registry_kind(relpath)
    limit = reader.MAX_REGISTRY_BYTES if kind else reader.MAX_DEAL_BYTES
    node, problems = reader.read_yaml(data, display, limit)
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


def assemble(root: str, results: Iterable[tuple[str, FileResult]],
             diagnostics: Iterable[Diagnostic] = ()) -> LoadResult:
    """Combine per-file results (given as ``(display path, result)``) into one dataset."""
    buckets: dict[str, list] = {k: [] for k in ("deals", "parties", "sources", "reserves",
                                                "events", "claims", "rates")}
    problems = list(diagnostics)
    files = []
    for display, result in results:
        files.append(display)
        buckets[result.kind].extend(result.records)
        problems.extend(result.diagnostics)
    dataset = Dataset(root=root, files=tuple(files),
                      **{kind: tuple(records) for kind, records in buckets.items()})
    return LoadResult(dataset, problems)


def load_dataset(root: str, *, today=None, check: bool = True) -> LoadResult:
    """Load and check the dataset under ``root``; diagnostics are sorted by place.

    Raises ``DealtrackError`` only when ``root`` itself cannot be used.
    """
    from dealtrack.load.discover import discover, read_bytes
    from dealtrack.load.convert import registry_kind
    from dealtrack.load.reader import MAX_DEAL_BYTES, MAX_REGISTRY_BYTES

    refs, problems = discover(root)
    results = []
    for ref in refs:
        limit = MAX_REGISTRY_BYTES if registry_kind(ref.relpath) else MAX_DEAL_BYTES
        data = read_bytes(ref, limit)
        if isinstance(data, Diagnostic):
            problems.append(data)
            continue
        results.append((ref.display, parse_file(ref.relpath, ref.display, data)))
    loaded = assemble(root, results, problems)
    if check:
        from dealtrack.rules import run_rules

        loaded.diagnostics.extend(run_rules(loaded.dataset, today=today))
    loaded.diagnostics.sort(key=Diagnostic.sort_key)
    return loaded
