"""What a change does to the totals by partner and to the shares of reserve estimates.

Totals and shares come from the analysis library (``compute_totals`` by
partner, ``compute_shares`` over every reserve estimate), run on both sides;
this module only keeps the groups whose value or share moved.

Like the analysis commands, it gives no figures it cannot stand behind: when
either side has errors (a file that fails to read, a duplicated id that
would count a deal twice …) or a figure has no exchange rate (DT401), the
effects are *not computed*, with the reason, instead of numbers that leave
something out.
"""

from __future__ import annotations

from dataclasses import dataclass

from dealtrack.analysis.money import Range, Share
from dealtrack.diagnostics import Diagnostic

CURRENCY = "USD"


@dataclass(frozen=True, slots=True)
class Shift:
    """One group (a partner, or a reserve estimate) before and after; None where absent."""

    key: tuple[str, ...]
    old_value: Range | None
    new_value: Range | None
    old_share: Share | None
    new_share: Share | None


@dataclass(frozen=True, slots=True)
class Effects:
    """The shifts, or (``computed`` False) why there are none to show."""

    currency: str
    totals: tuple[Shift, ...] = ()
    old_total: Range | None = None
    new_total: Range | None = None
    reserves: tuple[Shift, ...] = ()
    reason: str | None = None                       # why not computed
    diagnostics: tuple[tuple[str, Diagnostic], ...] = ()   # ("old" | "new", DT401 …)

    @property
    def computed(self) -> bool:
        return self.reason is None


def _shifts(before: dict, after: dict) -> tuple[Shift, ...]:
    none = (None, None)
    return tuple(Shift(k, before.get(k, none)[0], after.get(k, none)[0],
                       before.get(k, none)[1], after.get(k, none)[1])
                 for k in sorted(set(before) | set(after))
                 if before.get(k, none) != after.get(k, none))


def _unique(diagnostics) -> list[Diagnostic]:
    seen, out = set(), []
    for d in diagnostics:
        key = (d.code, str(d.loc), d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _error_reason(old, new) -> str | None:
    parts = []
    for side in (old, new):
        errors = side.errors
        if errors:
            codes = ", ".join(sorted({d.code for d in errors}))
            parts.append(f"{side.label} has {_count(len(errors), 'error')} ({codes})")
    return "; ".join(parts) or None


def effects_of(old, new) -> Effects:
    """The shift in totals by partner and in reserve shares between two sides (``Side``)."""
    from dealtrack.analysis.shares import compute_shares
    from dealtrack.analysis.totals import compute_totals

    reason = _error_reason(old, new)
    if reason:
        return Effects(CURRENCY, reason=reason)
    results = {}
    problems: list[tuple[str, Diagnostic]] = []
    for name, side in (("old", old), ("new", new)):
        totals = compute_totals(side.dataset, by=("partner",), currency=CURRENCY)
        shares = compute_shares(side.dataset, currency=CURRENCY)
        results[name] = (totals, shares)
        problems += [(name, d) for d in _unique(totals.diagnostics + shares.diagnostics)]
    if problems:
        figures = _count(len(problems), "figure")
        return Effects(CURRENCY, reason=f"no exchange rate to {CURRENCY} for {figures} (DT401)",
                       diagnostics=tuple(problems))
    (before, old_shares), (after, new_shares) = results["old"], results["new"]

    def groups(result):
        return {tuple(g.key): (g.value, g.share) for g in result.groups}

    def reserves(result):
        return {(r.reserve_id,): (r.total, r.total_share) for r in result.reserves}

    return Effects(CURRENCY, _shifts(groups(before), groups(after)), before.total.value,
                   after.total.value, _shifts(reserves(old_shares), reserves(new_shares)))
