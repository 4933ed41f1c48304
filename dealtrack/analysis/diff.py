"""A semantic diff of two loaded datasets: records matched by type and id, changes in data terms.

Records are matched by ``(type, id)``, never by file, so a deal moved to
another folder is one record that moved, not one removed and one added.
When an id is duplicated, its records are matched file by file first, then
in order. A record missing on one side whose file is there but fails to
read is *unreadable* on that side, not removed or added: the diff cannot
tell what happened to it.
Field changes are spelled the way the data is written: ``status: signed →
in-force``, ``value: USD 500 million → USD 1.5 billion``, ``sources: +
br-2025``, ``dates.signed: ~2025-09-06 → 2025-09-04``. Nothing here prints.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Mapping

from dealtrack.canonical import KINDS, record_data, record_key, spell_money
from dealtrack.diagnostics import Diagnostic
from dealtrack.model import Dataset

# Lists whose order carries meaning; every other list is compared as a multiset.
ORDERED = frozenset({"phases", "history"})
# The field a record is best named by, per type.
_TITLE = {"deals": "title", "parties": "name", "sources": "title", "events": "title",
          "claims": "claim", "reserves": "basis"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one record: a value that changed, appeared or went, or list items."""

    field: str
    old: str | None = None
    new: str | None = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    reordered: bool = False

    @property
    def kind(self) -> str:
        """``changed``, ``set`` (was absent), ``unset`` (now absent), ``items`` or ``reordered``."""
        if self.reordered:
            return "reordered"
        if self.added or self.removed:
            return "items"
        if self.old is None:
            return "set"
        if self.new is None:
            return "unset"
        return "changed"


@dataclass(frozen=True, slots=True)
class RecordChange:
    """A record added, removed, changed, only moved between files, or unreadable on a side."""

    type: str                    # deal, party, source, reserve, event, claim, rate
    id: str
    change: str                  # added | removed | changed | moved | unreadable
    title: str | None = None
    old_path: str | None = None  # relative to the dataset root
    new_path: str | None = None
    fields: tuple[FieldChange, ...] = ()
    old_record: object = field(default=None, repr=False, compare=False)
    new_record: object = field(default=None, repr=False, compare=False)
    unreadable: str | None = None  # "old", "new" or "both": where its file failed to read
    problems: tuple[Diagnostic, ...] = ()  # why it failed to read there
    duplicate: bool = False      # its id is used twice on a side (DT201): matched by file

    @property
    def moved(self) -> bool:
        return bool(self.old_path and self.new_path and self.old_path != self.new_path)


@dataclass(frozen=True, slots=True)
class Side:
    """One end of a comparison: what was loaded and how to name it."""

    label: str                   # "HEAD", "main~3", "working tree"
    commit: str | None           # full commit id, or None for the working tree
    dataset: Dataset
    diagnostics: tuple[Diagnostic, ...] = ()
    path_prefix: str = ""        # stripped from display paths to get paths inside the dataset
    # git blob id of each file (by path inside the dataset), for a side read from git: a
    # record whose file has the same blob at the same path on both sides is unchanged.
    blobs: Mapping[str, str] = field(default_factory=dict)

    def relpath(self, display: str) -> str:
        if self.path_prefix and display.startswith(self.path_prefix):
            return display[len(self.path_prefix):]
        return display

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def broken_files(self) -> dict[str, tuple[Diagnostic, ...]]:
        """Files (relative paths) that are there but failed to read, with their reading errors."""
        out: dict[str, tuple[Diagnostic, ...]] = {}
        for d in self.diagnostics:
            if is_read_error(d):
                path = self.relpath(d.loc.path)
                out[path] = out.get(path, ()) + (d,)
        return out


@dataclass(frozen=True, slots=True)
class DatasetDiff:
    old: Side
    new: Side
    records: tuple[RecordChange, ...]
    effects: object = None       # dealtrack.analysis.diff_effects.Effects, or None

    @property
    def changed(self) -> bool:
        return bool(self.records)

    @property
    def complete(self) -> bool:
        """Both sides loaded without errors and the effects (if wanted) could be computed."""
        return (not self.old.errors and not self.new.errors
                and (self.effects is None or self.effects.computed))

    def count(self, change: str) -> int:
        return sum(r.change == change for r in self.records)


def is_read_error(diagnostic: Diagnostic) -> bool:
    """An error met reading a file or its records (DT0xx, DT1xx), which may lose records."""
    return diagnostic.severity == "error" and diagnostic.code[:3] in ("DT0", "DT1")


def compare_fields(kind: str, record) -> dict[str, str | tuple[str, ...]]:
    """A record flattened to comparable fields, each spelled in the data's own terms."""
    out: dict[str, str | tuple[str, ...]] = {}
    for key, value in record_data(kind, record).items():
        if key in ("value", "disbursed") and isinstance(value, dict):
            out[key] = spell_money(getattr(record, key))
            for sub in ("note", "date"):
                if sub in value:
                    out[f"{key}.{sub}"] = value[sub]
        elif isinstance(value, dict):
            for sub, text in value.items():
                out[f"{key}.{sub}"] = text
        elif isinstance(value, list):
            _list_fields(key, value, out)
        else:
            out[key] = str(value)
    return out


def _list_fields(key: str, items: list, out: dict) -> None:
    if items and isinstance(items[0], dict) and "source" in items[0]:
        out[key] = tuple(i["source"] for i in items)
        quotes = tuple(f"{i['source']}: {i['quote']}" + (f" (p. {i['page']})" if "page" in i
                                                          else "")
                       for i in items if "quote" in i)
        if quotes:
            out["quotes"] = quotes
    elif items and isinstance(items[0], dict) and "kind" in items[0]:
        out[key] = tuple(component_text(i) for i in items)   # format 1.1 components
    elif items and isinstance(items[0], dict) and "party" in items[0]:
        out[key] = tuple(f"{i['party']} ({i['role']}"
                         + (f", stake {i['stake']}" if "stake" in i else "") + ")"
                         + (f" — {i['note']}" if "note" in i else "") for i in items)
    elif items and isinstance(items[0], dict) and "status" in items[0] and "date" in items[0]:
        out[key] = tuple(f"{i['date']} {i['status']}" + (f" — {i['note']}" if "note" in i
                                                          else "") for i in items)
    elif items and isinstance(items[0], dict) and "name" in items[0]:
        out[key] = tuple(i["name"] + (f" [{i['status']}]" if "status" in i else "")
                         + (f" — {i['note']}" if "note" in i else "") for i in items)
    else:
        out[key] = tuple(str(i) for i in items)


def component_text(item: dict) -> str:
    """A component as the data writes it: ``loan from us-exim: USD 1.25 billion [approved,
    2025-11; disbursed USD 300 million] — note`` (one item of a multiset)."""
    def money(value) -> str:
        if isinstance(value, dict):
            return f"{value.get('qualifier', '') + ' ' if 'qualifier' in value else ''}" \
                   f"{value['currency']} {value['amount']}" + (
                       f" ({value['date']})" if "date" in value else "")
        return str(value)

    text = f"{item['kind']} from {item['party']}"
    if "value" in item:
        text += f": {money(item['value'])}"
    details = [str(item[k]) for k in ("status", "date") if k in item]
    if "disbursed" in item:
        details.append(f"disbursed {money(item['disbursed'])}")
    if details:
        text += f" [{'; '.join(details)}]"
    if "note" in item:
        text += f" — {item['note']}"
    if "sources" in item:
        text += " (sources: " + ", ".join(c["source"] for c in item["sources"]) + ")"
    return text


def field_changes(old: dict, new: dict) -> tuple[FieldChange, ...]:
    """Differences between two flattened records, in the format's field order."""
    changes = []
    for name in _merged_order(list(old), list(new)):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if isinstance(before, tuple) or isinstance(after, tuple):
            b, a = Counter(before or ()), Counter(after or ())
            added = tuple((a - b).elements())
            removed = tuple((b - a).elements())
            if added or removed:
                changes.append(FieldChange(name, added=added, removed=removed))
            elif name in ORDERED:
                changes.append(FieldChange(name, reordered=True))
            continue
        changes.append(FieldChange(name, before, after))
    return tuple(changes)


def _merged_order(old: list[str], new: list[str]) -> list[str]:
    """Both key lists in one order: a key only in ``new`` follows its predecessor there."""
    merged = list(old)
    for index, name in enumerate(new):
        if name in merged:
            continue
        before = next((new[j] for j in range(index - 1, -1, -1) if new[j] in merged), None)
        merged.insert(merged.index(before) + 1 if before else 0, name)
    return merged


def _pairs(old: Side, new: Side, kind: str) -> list[tuple[str, object, object, bool]]:
    """``(id, old record or None, new record or None, duplicated)`` in first-seen order.

    A duplicated id (DT201 on that side) is matched file by file first, then in
    order, so a copy in another folder is an addition, never a move of the original.
    """
    groups: dict[str, tuple[list, list]] = {}
    for index, side in ((0, old), (1, new)):
        for record in getattr(side.dataset, kind):
            groups.setdefault(record_key(kind, record), ([], []))[index].append(record)
    out = []
    for key, (before, after) in groups.items():
        if len(before) <= 1 and len(after) <= 1:
            out.append((key, before[0] if before else None, after[0] if after else None, False))
            continue
        after = list(after)
        unmatched = []
        for a in before:
            same = next((b for b in after if new.relpath(b.loc.path) == old.relpath(a.loc.path)),
                        None)
            if same is None:
                unmatched.append(a)
            else:
                after.remove(same)
                out.append((key, a, same, True))
        for index in range(max(len(unmatched), len(after))):
            out.append((key, unmatched[index] if index < len(unmatched) else None,
                        after[index] if index < len(after) else None, True))
    return out


def _title(kind: str, record) -> str | None:
    name = _TITLE.get(kind)
    return getattr(record, name, None) if name else None


def _path(side: Side, kind: str, record) -> str | None:
    if kind != "deals":
        return None
    return side.relpath(record.path)


def diff_datasets(old: Side, new: Side, *, effects: bool = True) -> DatasetDiff:
    """Compare two datasets record by record; ``effects`` adds the shift in totals and shares."""
    records: list[RecordChange] = []
    broken = {"old": old.broken_files(), "new": new.broken_files()}
    for kind, noun in KINDS.items():
        for rid, a, b, duplicate in _pairs(old, new, kind):
            if a is None:
                change = _one_sided(new, broken["old"], "new", kind, noun, rid, b)
            elif b is None:
                change = _one_sided(old, broken["new"], "old", kind, noun, rid, a)
            elif _same_file(old, new, a, b):
                continue   # the same bytes at the same path: nothing to compare
            else:
                fields = field_changes(compare_fields(kind, a), compare_fields(kind, b))
                old_path, new_path = _path(old, kind, a), _path(new, kind, b)
                if not fields and old_path == new_path:
                    continue
                change = RecordChange(noun, rid, "changed" if fields else "moved",
                                      _title(kind, b), old_path, new_path, fields, a, b)
            records.append(replace(change, duplicate=duplicate) if duplicate else change)
    order = list(KINDS.values())
    records.sort(key=lambda r: (order.index(r.type), r.id))
    shift = None
    if effects and records:
        from dealtrack.analysis.diff_effects import effects_of

        shift = effects_of(old, new)
    return DatasetDiff(old, new, tuple(records), shift)


def _same_file(old: Side, new: Side, a, b) -> bool:
    path = old.relpath(a.loc.path)
    blob = old.blobs.get(path)
    return blob is not None and new.relpath(b.loc.path) == path and new.blobs.get(path) == blob


def _one_sided(here: Side, broken_there: dict, which: str, kind: str, noun: str, rid: str,
               record) -> RecordChange:
    """A record on one side only: added or removed, unless its file fails to read there."""
    problems = broken_there.get(here.relpath(record.loc.path))
    path = _path(here, kind, record)
    if problems:
        missing = "new" if which == "old" else "old"
        return RecordChange(noun, rid, "unreadable", _title(kind, record), path, path,
                            old_record=record if which == "old" else None,
                            new_record=record if which == "new" else None,
                            unreadable=missing, problems=problems)
    if which == "old":
        return RecordChange(noun, rid, "removed", _title(kind, record), path, None,
                            old_record=record)
    return RecordChange(noun, rid, "added", _title(kind, record), None, path, new_record=record)
