"""Totals by group: instruments, deals, value (a range) and share of the grand total.

Keys with one value per deal (partner, host, instrument, status, year,
binding) put each deal in one group: a deal with partners CN and US is the
group ``CN+US`` (labels sorted). Keys a deal can have several of (sector,
commodity, party) put the deal in the group of each of its values, so those
rows overlap (``TotalsResult.overlap``); the grand total still counts each
deal once. Deals without a value count as deals and instruments but add
nothing to any value; a group none of whose deals report a value has
``value`` None ("value not reported"), never zero.

Ended deals (``counting``) are not counted: they are totalled apart, by
reason, in ``TotalsResult.ended``, and the stalled part of the total is in
``TotalsResult.stalled``.

Components (format 1.1): grouped by partner or party, a deal whose components
report figures puts each component's figure in the group of the party that
provides it (a second lender joining a loan changes no other lender's total);
contingent components (guarantee, offtake, price floor) are never summed. The
grand total keeps each deal's own value (its headline), or the sum of its
components when it has none. ``measure="disbursed"`` totals what was paid out
instead; a deal that reports none is "not reported", never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from typing import Sequence

from dealtrack.analysis.counting import BINDING_LABELS, ENDED_STATUSES, STALLED, binding_label
from dealtrack.analysis.filters import Filters, select_deals
from dealtrack.analysis.links import DOMESTIC, counterparties, hosts, partners
from dealtrack.analysis.money import (ONE, ZERO, Conversion, Range, Share, Valued,
                                      component_values, share, total, valued_deal)
from dealtrack.diagnostics import Diagnostic
from dealtrack.errors import DealtrackError
from dealtrack.model import Dataset, Deal

KEYS = ("partner", "host", "party", "instrument", "status", "sector", "commodity", "year",
        "binding")
# Keys a deal can have several values of: it is in the group of each (rows overlap).
MULTI_KEYS = ("party", "sector", "commodity")
# Keys whose groups come in their own order (dates in date order), not largest first.
ORDERED_KEYS = ("year", "binding")
NONE = "(none)"
UNDATED = "(undated)"


@dataclass(frozen=True, slots=True)
class Group:
    """One group of deals (or, with an empty key, the grand total).

    ``value`` and ``share`` are exact intervals (JSON). ``stated`` sums the
    figures as written (``at least USD 2 billion`` at USD 2 billion, see
    ``Valued.stated``) and ``stated_share`` is its share of the stated grand
    total: what text views show and rank by, naming ``open_ended`` (the deals
    whose figure is ``at least`` or ``up to``) so the reader knows what it rests on.
    """

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
    stated: Range | None = None
    stated_share: Share | None = None
    open_ended: tuple[str, ...] = ()
    originals: tuple[Range, ...] = ()   # the figures as reported, one total per currency
    stalled_ids: tuple[str, ...] = ()   # its stalled deals (counted, and said to be stalled)
    stalled_value: Range | None = None


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
    ended: tuple[Group, ...] = ()      # not counted: one group per reason (key: (reason,))
    stalled: Group | None = None       # the stalled part of the total, when any is stalled
    overlap: bool = False              # a deal can be in several rows (sector, commodity …)
    measure: str = "value"             # or "disbursed": what was paid out (format 1.1)
    # Contingent components of the counted deals (guarantee, offtake, price floor): listed,
    # never summed, as (deal id, component).
    contingent: tuple = ()

    def group(self, *key: str) -> Group | None:
        """The group with this key, or None."""
        return next((g for g in self.groups if g.key == tuple(key)), None)


def group_labels(deal: Deal, key: str, parties) -> tuple[str, ...]:
    """The labels ``deal`` is grouped under for ``key``: one, or (``MULTI_KEYS``) one per
    value. Combined labels are sorted (``CN+US``, ``AU+US``)."""
    if key == "partner":
        return ("+".join(partners(deal, parties)) or DOMESTIC,)
    if key == "party":
        return counterparties(deal, parties) or (DOMESTIC,)
    if key == "host":
        return ("+".join(hosts(deal)),)
    if key == "instrument":
        return (deal.instrument,)
    if key == "status":
        return (deal.status,)
    if key == "sector":
        return tuple(dict.fromkeys(deal.sectors)) or (NONE,)
    if key == "commodity":
        return tuple(dict.fromkeys(deal.commodities)) or (NONE,)
    if key == "year":
        first = deal.first_date()
        return (str(first.year) if first else UNDATED,)
    if key == "binding":
        return (binding_label(deal),)
    raise DealtrackError(f"cannot group by '{key}': use one of {', '.join(KEYS)}")


def group_key(deal: Deal, key: str, parties) -> str:
    """One label for ``deal`` under ``key``: its labels joined (sorted) with ``+``."""
    return "+".join(sorted(group_labels(deal, key, parties)))


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
                   values: dict[str, Valued] | None = None,
                   measure: str = "value") -> TotalsResult:
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
    valued = {deal.id: valued_deal(deal, currency, dataset.rates, values, measure)
              for deal in selection.deals + selection.ended}
    buckets: dict[tuple[str, ...], list[tuple[Deal, Valued]]] = {}
    split = "partner" in by or "party" in by
    sliced: list[Valued] = []
    for deal in selection.deals:
        slices = _component_slices(deal, by, parties, currency, dataset.rates, measure) \
            if split and deal.components else None
        if slices:
            for key, part in slices:
                buckets.setdefault(key, []).append((deal, part))
                sliced.append(part)
            continue
        for key in product(*(group_labels(deal, k, parties) for k in by)):
            buckets.setdefault(key, []).append((deal, valued[deal.id]))
    grand = _group((), _whole(selection.deals, valued), currency, None)
    groups = [_group(key, entries, currency, grand) for key, entries in buckets.items()]
    groups.sort(key=lambda g: _order(g, by))
    reasons = selection.reasons
    ended: dict[str, list[Deal]] = {}
    for deal in selection.ended:
        ended.setdefault(reasons[deal.id], []).append(deal)
    stalled = [d for d in selection.deals if d.status == STALLED]
    counted_or_ended = list(valued.values()) + sliced
    # A missing rate stops a report only for a figure it counts: an ended deal's figure
    # without a rate is named unconverted in ``ended`` instead.
    counted = [valued[d.id] for d in selection.deals] + sliced
    return TotalsResult(
        by=by, currency=currency, groups=tuple(groups), total=grand,
        filters=filters or Filters(),
        conversions=tuple(dict.fromkeys(c for v in counted_or_ended for c in v.conversions())),
        diagnostics=tuple(dict.fromkeys(v.diagnostic for v in counted if v.diagnostic)),
        partly=selection.partly,
        ended=tuple(_group((reason,), _whole(ended[reason], valued), currency, None)
                    for reason in sorted(ended, key=_reason_order)),
        stalled=_group((STALLED,), _whole(stalled, valued), currency, grand)
        if stalled else None,
        overlap=sum(g.deals for g in groups) > grand.deals, measure=measure,
        contingent=tuple((d.id, p) for d in selection.deals for p in d.components
                         if p.contingent))


def _whole(deals, valued) -> list[tuple[Deal, Valued]]:
    return [(d, valued[d.id]) for d in deals]


def _component_slices(deal: Deal, by, parties, currency, rates, measure):
    """``[(group key, Valued)]``: each summable component's figure under its own party's
    partner group (or party), the deal's labels for the other keys; None when no component
    reports the figure (the deal is grouped whole)."""
    from dealtrack.analysis.links import component_labels

    parts = component_values(deal, currency, rates, measure)
    if not parts:
        return None
    out = []
    for part, value in parts:
        labels = [component_labels(deal, part.party, k, parties) if k in ("partner", "party")
                  else group_labels(deal, k, parties) for k in by]
        out.extend((key, value) for key in product(*labels))
    return out


def _group(key, entries, currency, grand: Group | None) -> Group:
    """One group from ``(deal, figure)`` entries: a deal whole, or one of its components."""
    deals = list({id(d): d for d, _ in entries}.values())
    reported = [(d, v) for d, v in entries if v.value is not None]
    reported_deals = list({id(d): d for d, _ in reported}.values())
    value = total((v.value for _, v in reported), currency)
    stated = total((v.stated for _, v in reported), currency)
    if value is None:
        portion = stated_portion = None
    elif grand is None:
        portion = stated_portion = Share(ONE, ONE)
    elif value.high != 0 and value == grand.value and _holds_every_figure(reported_deals, grand):
        # A group holding every figure of the total is the whole: exactly 100 %, however
        # wide the ranges (the conservative formula would say [low/high, 100 %]).
        portion = stated_portion = Share(ONE, ONE)
    else:
        portion = share(value, grand.value, of_total=True)
        stated_portion = share(stated, grand.stated, of_total=True)
    return Group(
        key=key, instruments=sum(d.count for d in deals), deals=len(deals), value=value,
        share=portion, reported_instruments=sum(d.count for d in reported_deals),
        reported_deals=len(reported_deals), deal_ids=tuple(d.id for d in deals),
        unreported=_ids(d for d, v in entries if not v.reported),
        unconverted=_ids(d for d, v in entries if v.diagnostic),
        stated=stated, stated_share=stated_portion,
        open_ended=_ids(d for d, v in reported if v.value.open_ended),
        originals=_originals(v.original for _, v in reported),
        stalled_ids=tuple(d.id for d in deals if d.status == STALLED),
        stalled_value=total((v.value for d, v in reported if d.status == STALLED), currency))


def _holds_every_figure(reported_deals, grand: Group) -> bool:
    """Whether these deals include every deal whose figure the grand total counts. Asked
    only of a group whose value equals the total's, so it is not work per group and deal."""
    ids = {d.id for d in reported_deals}
    return ids >= set(grand.deal_ids) - set(grand.unreported) - set(grand.unconverted)


def _ids(deals) -> tuple[str, ...]:
    return tuple(dict.fromkeys(d.id for d in deals))


def _originals(figures) -> tuple[Range, ...]:
    """The reported figures totalled per currency, currencies in alphabetical order."""
    by_currency: dict[str, list[Range]] = {}
    for figure in figures:
        by_currency.setdefault(figure.currency, []).append(figure)
    return tuple(total(parts, currency) for currency, parts in sorted(by_currency.items()))


def _reason_order(reason: str) -> tuple:
    """Reasons for not counting in the order ``ENDED_STATUSES`` gives, others after."""
    return (ENDED_STATUSES.index(reason) if reason in ENDED_STATUSES else len(ENDED_STATUSES),
            reason)


def rank(value: Range | None) -> tuple:
    """Sort key, largest first, for a stated figure: a range at its midpoint; None last."""
    if value is None:
        return (1, ZERO)
    return (0, -value.midpoint())


def _order(group: Group, by: tuple[str, ...]) -> tuple:
    """Groups in the order of their ``ORDERED_KEYS`` (years oldest first, undated last;
    binding labels in a fixed order), then largest stated figure first, groups without a
    value last."""
    fixed = []
    for k, label in zip(by, group.key):
        if k not in ORDERED_KEYS:
            continue
        if k == "year":
            fixed.append((label == UNDATED, label))
        elif k == "binding":
            fixed.append(BINDING_LABELS.index(label))
    return (*fixed, *rank(group.stated), group.key)
