"""What a change does to the totals by partner and to the shares of reserve estimates.

Totals and shares come from the analysis library (``compute_totals`` by
partner, ``compute_shares`` over every reserve estimate), run on both sides;
this module only keeps the groups whose value or share moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dealtrack.model import Dataset

CURRENCY = "USD"
Bounds = tuple[Decimal, Decimal | None]


@dataclass(frozen=True, slots=True)
class Shift:
    """One group (a partner, or a reserve estimate) before and after."""

    key: tuple[str, ...]
    old_value: Bounds | None
    new_value: Bounds | None
    old_share: Bounds | None
    new_share: Bounds | None


@dataclass(frozen=True, slots=True)
class Effects:
    currency: str
    totals: tuple[Shift, ...] = ()
    old_total: Bounds | None = None
    new_total: Bounds | None = None
    reserves: tuple[Shift, ...] = ()
    notes: tuple[str, ...] = ()


def _bounds(value) -> Bounds | None:
    """A Range or Share of the analysis library as (low, high)."""
    if value is None:
        return None
    if hasattr(value, "low") and hasattr(value, "high"):
        return (value.low, value.high)
    return (value[0], value[1])


def _groups(result) -> dict[tuple, tuple]:
    return {tuple(g.key): (_bounds(g.value), _bounds(g.share)) for g in result.groups}


def _total_effect(old: Dataset, new: Dataset) -> tuple[tuple[Shift, ...], Bounds | None,
                                                        Bounds | None, list[str]]:
    from dealtrack.analysis.totals import compute_totals

    before = compute_totals(old, by=("partner",), currency=CURRENCY)
    after = compute_totals(new, by=("partner",), currency=CURRENCY)
    a, b = _groups(before), _groups(after)
    shifts = []
    for key in sorted(set(a) | set(b)):
        (ov, os_), (nv, ns) = a.get(key, (None, None)), b.get(key, (None, None))
        if (ov, os_) != (nv, ns):
            shifts.append(Shift(key, ov, nv, os_, ns))
    notes = [f"{label}: {d.message}" for label, result in (("before", before), ("after", after))
             for d in result.diagnostics]
    return tuple(shifts), _bounds(before.total.value), _bounds(after.total.value), notes


def _reserve_effect(old: Dataset, new: Dataset) -> tuple[Shift, ...]:
    from dealtrack.analysis.shares import compute_shares

    def index(dataset):
        result = compute_shares(dataset, currency=CURRENCY)
        return {(r.reserve_id,): (_bounds(r.total), _bounds(r.total_share))
                for r in result.reserves}

    a, b = index(old), index(new)
    none = (None, None)
    return tuple(Shift(k, a.get(k, none)[0], b.get(k, none)[0], a.get(k, none)[1],
                       b.get(k, none)[1])
                 for k in sorted(set(a) | set(b)) if a.get(k, none) != b.get(k, none))


def effects_of(old: Dataset, new: Dataset) -> Effects:
    """The shift in totals by partner and in reserve shares between two datasets."""
    totals, old_total, new_total, notes = _total_effect(old, new)
    return Effects(CURRENCY, totals, old_total, new_total, _reserve_effect(old, new),
                   tuple(notes))
