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

from dealtrack.analysis.money import Conversion, Range, Share
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
    rate_only: bool = False     # the figures as reported did not change: only a rate did
    old_stated_share: Share | None = None   # partner groups: the share of the stated figures
    new_stated_share: Share | None = None   # (what text views show, as ``totals`` does)


@dataclass(frozen=True, slots=True)
class RateShift:
    """A figure converted at another rate on one side than on the other."""

    record: str
    old: Conversion | None
    new: Conversion | None


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
    rates: tuple[RateShift, ...] = ()               # figures converted at another rate

    @property
    def computed(self) -> bool:
        return self.reason is None


def _shifts(before: dict, after: dict, figures: int = 2) -> tuple[Shift, ...]:
    """Groups whose first ``figures`` entries differ. Partner groups compare their value
    only (every share moves when the total does: listing them all would bury the change);
    a group whose figures as reported (the third entry) did not change moved by a rate."""
    out = []
    for k in sorted(set(before) | set(after)):
        old, new = before.get(k), after.get(k)
        # A group (or estimate) on one side only: nothing on the other, in entries as many.
        none = (None,) * len(old or new)
        old, new = old or none, new or none
        if old[:figures] == new[:figures]:
            continue
        rate_only = old[0] is not None and new[0] is not None and len(old) > 2 \
            and old[2] == new[2]
        stated = (old[3], new[3]) if len(old) > 3 else (None, None)
        out.append(Shift(k, old[0], new[0], old[1], new[1], rate_only, *stated))
    return tuple(out)


def _rate_shifts(before, after) -> tuple[RateShift, ...]:
    """Figures (deals and estimates) converted with a different rate on each side."""
    old = {c.record: c for c in before}
    new = {c.record: c for c in after}
    out = []
    for record in sorted(set(old) & set(new)):
        a, b = old[record], new[record]
        if (a.rate, a.rate_date, a.from_currency) != (b.rate, b.rate_date, b.from_currency):
            out.append(RateShift(record, a, b))
    return tuple(out)


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
        return {tuple(g.key): (g.value, g.share, g.originals, g.stated_share)
                for g in result.groups}

    def reserves(result):
        return {(r.reserve_id,): (r.total, r.total_share) for r in result.reserves}

    return Effects(CURRENCY, _shifts(groups(before), groups(after), figures=1),
                   before.total.value, after.total.value,
                   _shifts(reserves(old_shares), reserves(new_shares)),
                   rates=_rate_shifts(before.conversions + old_shares.conversions,
                                      after.conversions + new_shares.conversions))
