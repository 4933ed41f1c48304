"""Loading a dataset: files → strict YAML nodes → model records, with every problem as a diagnostic.

``parse_file`` is a pure function of a file's path and bytes, so its result
can be computed in worker processes (``load.files.read_files``, a plain
executor) and cached by content: the cache is one layer around that executor
(``load.cache.Pack.read_through``), applied in ``_load`` only. ``assemble``
puts the per-file results together in a stable order. The checks live in ``dealtrack.rules``: ``load_dataset`` runs
them on whole deals, ``check_dataset`` (validate) runs each deal's own checks
as it is read and keeps only outlines. Neither the cache, the worker
processes nor the outlines can change a result: files are assembled in
discovery order whatever order they were read in, and diagnostics are sorted
the same way on every path (see docs/performance.md).
"""

from __future__ import annotations

import datetime as _dt
from typing import Iterable

from dealtrack.diagnostics import Diagnostic
from dealtrack.load.collector import collector_paused
from dealtrack.load.result import CheckResult, FileResult, LoadResult

__all__ = ["CheckResult", "FileResult", "LoadResult", "assemble", "check_dataset",
           "collector_paused", "load_dataset", "parse_file"]


def __getattr__(name: str):
    # ``parse_file`` lives in ``load.parse``; imported when first asked for, so that a cached
    # validate (answered without parsing) never loads the YAML reader.
    if name == "parse_file":
        from dealtrack.load.parse import parse_file

        return parse_file
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def assemble(root: str, results: Iterable[tuple[str, FileResult]],
             diagnostics: Iterable[Diagnostic] = (), unread: Iterable[str] = ()) -> LoadResult:
    """Combine per-file results (given as ``(display path, result)``) into one dataset.

    ``unread``: display paths of deal files that could not be read at all; with every deal
    file that gave no deal, their ids (from their names) are the dataset's ``unread_deals``.
    """
    from dealtrack.load.fields import RECORD_TYPES
    from dealtrack.load.layout import deal_id
    from dealtrack.model import Dataset

    buckets: dict[str, list] = {rtype.plural: [] for rtype in RECORD_TYPES}
    problems = list(diagnostics)
    files = []
    lost = [deal_id(display) for display in unread]
    for display, result in results:
        files.append(display)
        buckets[result.kind].extend(result.records)
        problems.extend(result.diagnostics)
        if result.kind == "deals" and not result.records:
            lost.append(deal_id(display))
    dataset = Dataset(root=root, files=tuple(files), unread_deals=tuple(sorted(set(lost))),
                      **{kind: tuple(records) for kind, records in buckets.items()})
    return LoadResult(dataset, problems)


def load_dataset(root: str, *, today: _dt.date | None = None, check: bool = True,
                 cache=False, jobs: int | None = None) -> LoadResult:
    """Load and check the dataset under ``root``; diagnostics are sorted by place.

    ``cache=True`` reuses per-file results from the user's cache (see
    ``dealtrack.load.cache``) and stores new ones; a ``cache.ParseCache`` says how
    (its directory, trust margin, fingerprint). ``jobs`` is the number of
    processes parsing files (default: one per CPU for large datasets,
    ``DEALTRACK_JOBS`` overrides; 1 is serial). Neither changes the result.
    Raises ``DealtrackError`` only when ``root`` itself cannot be used.
    """
    with collector_paused():
        pack = _pack(root, cache)
        if pack is None or not check:
            loaded, _ = _load(root, today, check, pack, jobs)
            return loaded
        # With the cache, the whole-dataset checks are skipped when the last run over the
        # same files (validate, or another report) stored its findings.
        from dealtrack.load.discover import discover
        from dealtrack.rules import run_rules

        today = today or _dt.date.today()
        refs, problems = discover(root)
        loaded, digests = _load(root, today, False, pack, jobs, discovered=(refs, problems))
        stored = pack.findings(today, refs, digests, problems)
        if stored is not None and stored[0] == loaded.dataset.files:
            return LoadResult(loaded.dataset, stored[1])
        loaded.diagnostics.extend(run_rules(loaded.dataset, today=today))
        loaded.diagnostics.sort(key=Diagnostic.sort_key)
        pack.keep_findings(today, refs, digests, problems, loaded.dataset.files,
                           loaded.diagnostics)
    return loaded


def check_dataset(root: str, *, today: _dt.date | None = None, cache=False,
                  jobs: int | None = None) -> CheckResult:
    """The diagnostics ``load_dataset`` would give, without keeping the records.

    With ``cache`` (as for ``load_dataset``) an unchanged dataset (every file's
    digest, the dealtrack fingerprint and ``today`` all as in the last run) is
    answered from the stored result of that run without decoding a single record.
    """
    from dealtrack.load.discover import discover

    today = today or _dt.date.today()
    with collector_paused():
        refs, problems = discover(root)
        pack = _pack(root, cache)
        if pack is not None:
            stored = pack.findings(today, refs, pack.vouched(refs), problems)
            if stored is not None:
                return CheckResult(root, *stored)
        loaded, digests = _load(root, today, True, pack, jobs, discovered=(refs, problems),
                                outlines=True)
        result = CheckResult(root, loaded.dataset.files, loaded.diagnostics)
        if pack is not None:
            pack.keep_findings(today, refs, digests, problems, result.files, result.diagnostics)
    return result


def _pack(root: str, cache):
    """The cache's ``Pack`` for this run, or None (no cache, or it cannot be used)."""
    if not cache:
        return None
    from dealtrack.load.cache import ParseCache

    return (cache if isinstance(cache, ParseCache) else ParseCache()).open(root)


def _load(root: str, today, check: bool, pack, jobs: int | None, discovered=None,
          outlines: bool = False) -> tuple[LoadResult, list[bytes | None]]:
    """``outlines``: check each deal as it is read and keep only its outline (see rules)."""
    from dealtrack.load.discover import discover
    from dealtrack.load.files import read_files

    refs, problems = discovered if discovered is not None else discover(root)
    problems = list(problems)
    keep = None
    if check and outlines:
        from dealtrack import rules

        options = rules.options_for(today)

        def keep(result: FileResult) -> FileResult:
            # Runs where the file was parsed, worker processes included: the findings
            # travel with the outlines, and the whole deals go no further.
            if result.kind != "deals" or not result.records:
                return result
            found = list(result.diagnostics)
            for deal in result.records:
                found.extend(rules.check_deal(deal, options))
            return FileResult(result.kind, tuple([deal.outline() for deal in result.records]),
                              tuple(found))
    if pack is not None:
        outcomes, digests = pack.read_through(
            refs, lambda todo, expected: read_files(refs, jobs, keep, todo, expected), keep)
    else:
        outcomes = [None] * len(refs)
        for index, _, _, _, outcome, _ in read_files(refs, jobs, keep):
            outcomes[index] = outcome
        digests = [None] * len(refs)
    problems.extend(outcome for outcome in outcomes if isinstance(outcome, Diagnostic))
    from dealtrack.load.layout import file_kind

    unread = [ref.display for ref, outcome in zip(refs, outcomes)
              if isinstance(outcome, Diagnostic) and file_kind(ref.relpath) == "deals"]
    loaded = assemble(root, ((ref.display, outcome) for ref, outcome in zip(refs, outcomes)
                             if not isinstance(outcome, Diagnostic)), problems, unread)
    del outcomes
    if check:
        from dealtrack import rules

        if outlines:
            loaded.diagnostics.extend(rules.check_whole(loaded.dataset, rules.options_for(today)))
        else:
            loaded.diagnostics.extend(rules.run_rules(loaded.dataset, today=today))
    loaded.diagnostics.sort(key=Diagnostic.sort_key)
    return loaded, digests
