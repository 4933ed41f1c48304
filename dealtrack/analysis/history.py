"""The history of one record through the commits that changed it, following moves.

A deal lives in ``<anything>/<id>.yaml``, so every commit touching a file of
that name anywhere under the dataset root is a candidate, whatever folder it
sat in then; a registry record is looked for in its registry file. One
``git log --raw`` lists the commits with the blobs before and after; one
``cat-file --batch`` process reads them all; each side goes through the
loader's ``parse_file``, and the record is compared with ``diff``'s field
comparison. Commits that touched the file but not the record are skipped. A
commit after (or before) which the record's file fails to read gives an
*unreadable* entry, not a removal (or an addition).
"""

from __future__ import annotations

from dataclasses import dataclass

from dealtrack import gitio
from dealtrack.analysis.diff import (RecordChange, compare_fields, field_changes,
                                     is_read_error)
from dealtrack.canonical import KINDS, record_key
from dealtrack.errors import DealtrackError
from dealtrack.load.layout import registry_kind

_BY_NOUN = {noun: kind for kind, noun in KINDS.items()}


@dataclass(frozen=True, slots=True)
class LogEntry(gitio.CommitInfo):
    """A commit (``gitio.CommitInfo``'s fields) and the change it made to the record."""

    change: RecordChange


@dataclass(frozen=True, slots=True)
class History:
    id: str
    type: str          # the record type(s) followed, e.g. "deal" or "deal, event"
    entries: tuple[LogEntry, ...]


def _pathspecs(repo: gitio.Repo, record_id: str, kinds: list[str]) -> list[str]:
    specs = []
    for kind in kinds:
        if kind == "deals":
            specs += [f":(glob){repo.prefix}**/{record_id}.yaml",
                      f":(glob){repo.prefix}**/{record_id}.yml"]
        else:
            specs += [f":(literal){repo.prefix}{kind}.yaml", f":(literal){repo.prefix}{kind}.yml"]
    return specs


def record_history(root: str, record_id: str, *, types: list[str] | None = None,
                   rev: str = "HEAD") -> History:
    """Every commit reachable from ``rev`` that changed the record ``record_id``, newest first.

    ``types`` narrows the record types looked at (``deal``, ``party`` …); by
    default every type is, and each entry says which one changed.
    """
    kinds = [_BY_NOUN[t] for t in types] if types else [k for k in KINDS]
    repo = gitio.find_repo(root)
    commit = gitio.resolve(repo, rev)
    commits = gitio.log_commits(repo, commit, _pathspecs(repo, record_id, kinds))
    entries = []
    cache: dict[tuple[str, str], object] = {}
    with gitio.BlobReader(repo) as reader:
        for c in commits:
            for kind in kinds:
                change = _change(repo, reader, cache, c.commit, kind, record_id, c.touches)
                if change is not None:
                    entries.append(LogEntry(c.commit, c.date, c.author, c.email, c.subject,
                                            change))
    if not entries:
        raise DealtrackError(f"no commit reachable from {rev} changed a record with id "
                             f"'{record_id}' under {repo.prefix or './'}")
    found = sorted({e.change.type for e in entries}, key=list(KINDS.values()).index)
    return History(record_id, ", ".join(found), tuple(entries))


def _change(repo, reader, cache, sha, kind, record_id, touches) -> RecordChange | None:
    before = after = None
    broken: dict[str, tuple] = {}     # side → reading errors of a file without the record
    for touch in touches:
        if not touch.path.startswith(repo.prefix):
            continue
        relpath = touch.path[len(repo.prefix):]
        if (registry_kind(relpath) or "deals") != kind:
            continue
        for blob, side in ((touch.old, "old"), (touch.new, "new")):
            if not blob.strip("0"):  # all zeros: no file on this side
                continue
            result = _parse(repo, reader, cache, sha, blob, relpath, side)
            record = next((r for r in result.records if record_key(kind, r) == record_id), None)
            if record is not None:
                if side == "old":
                    before = (record, relpath)
                else:
                    after = (record, relpath)
            else:
                problems = tuple(d for d in result.diagnostics if is_read_error(d))
                if problems and (kind != "deals" or _stem(relpath) == record_id):
                    broken[side] = (problems, relpath)
    noun = KINDS[kind]
    paths = kind == "deals"   # a deal's file path is part of its change; a registry's is not
    unreadable = _unreadable(noun, record_id, before, after, broken, paths)
    if unreadable is not None:
        return unreadable
    if before is None and after is None:
        return None
    if before is None:
        rec, path = after
        return RecordChange(noun, record_id, "added", None, None, path if paths else None,
                            new_record=rec)
    if after is None:
        rec, path = before
        return RecordChange(noun, record_id, "removed", None, path if paths else None, None,
                            old_record=rec)
    fields = field_changes(compare_fields(kind, before[0]), compare_fields(kind, after[0]))
    old_path, new_path = (before[1], after[1]) if paths else (None, None)
    if not fields and old_path == new_path:
        return None
    return RecordChange(noun, record_id, "changed" if fields else "moved", None, old_path,
                        new_path, fields, before[0], after[0])


def _unreadable(noun, record_id, before, after, broken, paths) -> RecordChange | None:
    """A side where the record's file is there but fails to read: not an addition or removal.

    A registry that fails to read on both sides may not hold the record at all, so
    only a deal file (named for its id) counts as unreadable on both sides.
    """
    old_bad = before is None and "old" in broken
    new_bad = after is None and "new" in broken
    if not (old_bad or new_bad) or (before is None and after is None and noun != "deal"):
        return None
    side = "both" if old_bad and new_bad else "old" if old_bad else "new"
    problems = tuple(p for s in ("old", "new") if s in broken and side in (s, "both")
                     for p in broken[s][0])
    path = (before or after or broken.get("old") or broken["new"])[1] if paths else None
    return RecordChange(noun, record_id, "unreadable", None, path, path,
                        old_record=before[0] if before else None,
                        new_record=after[0] if after else None,
                        unreadable=side, problems=problems)


def _stem(relpath: str) -> str:
    return relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _parse(repo, reader, cache, sha, blob, relpath, side):
    """The parse of ``blob`` at ``relpath``, once per command: a blob seen again (the file
    before one commit is the file after the one before) keeps the name it was first read
    under (``SHA^:path``), which its problems show in every entry that reports them."""
    key = (blob, relpath)
    if key not in cache:
        label = sha[:12] if side == "new" else f"{sha[:12]}^"
        cache[key] = gitio.read_and_parse(reader, relpath,
                                          gitio.display_path(label, repo, relpath), blob)
    return cache[key]
