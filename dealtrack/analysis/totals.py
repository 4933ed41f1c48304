"""Totals by group: instruments, deals, value (a range) and share of the grand total.

Each deal record lands in exactly one group whatever the grouping, so nothing
is counted twice: a key with several values (a deal with partners CN and US)
is one group named ``CN+US``. Deals without a value count as deals and
instruments but add nothing to any value; a group none of whose deals report
a value has ``value`` None ("value not reported"), never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from dealtrack.analysis.filters import Filters, select_deals
from dealtrack.analysis.links import DOMESTIC, counterparties, partners
from dealtrack.analysis.money import (ONE, Conversion, Range, Share, Valued, share, total,
                                      valued_deal)
from dealtrack.diagnostics import Diagnostic
from dealtrack.errors import DealtrackError
from dealtrack.model import Dataset, Deal

KEYS = ("partner", "host", "party", "instrument", "status", "sector", "commodity", "year",
        "binding")
NONE = "(none)"
UNDATED = "(undated)"


@dataclass(frozen=True, slots=True)
class Group:
    """One group of deals (or, with an empty key, the grand total)."""

    key: tuple[str, ...]
    instruments: int
    deals: int
    value: Range | None
    share: Share | None
    reported_instruments: int = 0
    reported_deals: int = 0
    deal_ids: tuple[str, ...] = ()
    unreported: tuple[str, ...] = ()
    unconverted: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TotalsResult:
    by: tuple[str, ...]
    currency: str
    groups: tuple[Group, ...]
    total: Group
    filters: Filters = field(default_factory=Filters)
    conversions: tuple[Conversion, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    partly: tuple[str, ...] = ()

    def group(self, *key: str) -> Group | None:
        """The group with this key, or None."""
        return next((g for g in self.groups if g.key == tuple(key)), None)


def group_key(deal: Deal, key: str, parties) -> str:
    """The one label ``deal`` is grouped under for ``key``."""
    if key == "partner":
        return "+".join(partners(deal, parties)) or DOMESTIC
    if key == "party":
        return "+".join(counterparties(deal, parties)) or DOMESTIC
    if key == "host":
        return deal.host
    if key == "instrument":
        return deal.instrument
    if key == "status":
        return deal.status
    if key == "sector":
        return "+".join(deal.sectors) or NONE
    if key == "commodity":
        return "+".join(deal.commodities) or NONE
    if key == "year":
        first = deal.first_date()
        return str(first.year) if first else UNDATED
    if key == "binding":
        return "binding" if deal.is_binding else "non-binding"
    raise DealtrackError(f"cannot group by '{key}': use one of {', '.join(KEYS)}")


def check_keys(by: Sequence[str]) -> tuple[str, ...]:
    """The grouping keys, or a ``DealtrackError`` naming the unknown one."""
    for key in by:
        if key not in KEYS:
            from dealtrack.diagnostics import did_you_mean

            hint = did_you_mean(key, KEYS) or "one of " + ", ".join(KEYS)
            raise DealtrackError(f"--by '{key}' is not a grouping key ({hint})")
    return tuple(by)


def compute_totals(dataset: Dataset, by: Sequence[str], currency: str = "USD",
                   filters: Filters | None = None,
                   values: dict[str, Valued] | None = None) -> TotalsResult:
    """Totals of the deals passing ``filters``, grouped by the ``by`` keys, in ``currency``.

    Values in other currencies are converted with the latest recorded rate on
    or before each deal's date; a missing rate leaves that deal's value out of
    every sum and adds a DT401 diagnostic (callers must not present the totals
    as complete while ``diagnostics`` holds errors). ``values`` lets reports that
    total the same deals several ways value each deal once (see ``valued_deal``).
    """
    by = check_keys(by)
    selection = select_deals(dataset, filters)
    parties = dataset.by_id("parties")
    values = {} if values is None else values
    valued = {deal.id: valued_deal(deal, currency, dataset.rates, values)
              for deal in selection.deals}
    buckets: dict[tuple[str, ...], list[Deal]] = {}
    for deal in selection.deals:
        buckets.setdefault(tuple(group_key(deal, k, parties) for k in by), []).append(deal)
    grand = _group((), selection.deals, valued, currency, None)
    groups = [_group(key, deals, valued, currency, grand) for key, deals in buckets.items()]
    groups.sort(key=_order)
    return TotalsResult(
        by=by, currency=currency, groups=tuple(groups), total=grand,
        filters=filters or Filters(),
        conversions=tuple(v.conversion for v in valued.values() if v.conversion),
        diagnostics=tuple(v.diagnostic for v in valued.values() if v.diagnostic),
        partly=selection.partly)


def _group(key, deals, valued, currency, grand: Group | None) -> Group:
    reported = [d for d in deals if valued[d.id].value is not None]
    value = total((valued[d.id].value for d in reported), currency)
    if value is None:
        portion = None
    elif grand is None:
        portion = Share(ONE, ONE)
    elif len(reported) == grand.reported_deals and value.high != 0:
        # A group holding every figure of the total is the whole: exactly 100 %, however
        # wide the ranges (the conservative formula would say [low/high, 100 %]).
        portion = Share(ONE, ONE)
    else:
        portion = share(value, grand.value, of_total=True)
    return Group(
        key=key, instruments=sum(d.count for d in deals), deals=len(deals), value=value,
        share=portion, reported_instruments=sum(d.count for d in reported),
        reported_deals=len(reported), deal_ids=tuple(d.id for d in deals),
        unreported=tuple(d.id for d in deals if not valued[d.id].reported),
        unconverted=tuple(d.id for d in deals if valued[d.id].diagnostic))


def _order(group: Group) -> tuple:
    """Largest value first (by high bound, unbounded first), groups without a value last."""
    if group.value is None:
        return (1, 0, 0, group.key)
    high = group.value.high
    return (0, 0 if high is None else 1, -(high or 0), -group.value.low, group.key)
