"""``dealtrack summary``: the one-screen briefing, assembled from the other analyses."""

from __future__ import annotations

from dataclasses import dataclass, field

from dealtrack.analysis.filters import OUT, Filters, deal_matches, select_deals, window
from dealtrack.analysis.money import Conversion
from dealtrack.analysis.shares import SharesResult, compute_shares
from dealtrack.analysis.timeline import Entry, compute_timeline
from dealtrack.analysis.totals import TotalsResult, compute_totals
from dealtrack.diagnostics import Diagnostic
from dealtrack.model import VERDICTS, Claim, Dataset

LATEST_EVENTS = 5


@dataclass(frozen=True, slots=True)
class Quality:
    """Things a reader should weigh before quoting a figure (each a tuple of record ids)."""

    approximate_dates: tuple[str, ...] = ()
    coarse_dates: tuple[str, ...] = ()
    ranges: tuple[str, ...] = ()
    unreported: tuple[str, ...] = ()
    single_source: tuple[str, ...] = ()
    partly_in_window: tuple[str, ...] = ()
    converted: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SummaryResult:
    currency: str
    filters: Filters
    hosts: TotalsResult
    binding: TotalsResult
    partners: TotalsResult
    reserves: SharesResult
    latest_events: tuple[Entry, ...]
    claims: tuple[Claim, ...]
    verdicts: tuple[tuple[str, int], ...]
    quality: Quality
    conversions: tuple[Conversion, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def total(self):
        """The grand total group (instruments, deals, value) of the selected deals."""
        return self.partners.total


def compute_summary(dataset: Dataset, currency: str = "USD",
                    filters: Filters | None = None, measure: str = "value") -> SummaryResult:
    """The briefing for the deals passing ``filters``, in ``currency``.

    Every section follows the filters, each by its own dates and links: totals
    count the selected deals; events name a matching deal and are dated in the
    window (``compute_timeline``); claims likewise (``claims_in``); reserve
    estimates are those of the ``--host`` countries, or with other deal filters
    those a selected deal counts against; data-quality notes name only records
    the briefing shows.
    """
    filters = filters or Filters()
    values: dict = {}  # each deal valued once, for all three totals and the shares
    partners = compute_totals(dataset, ("partner",), currency, filters, values, measure)
    hosts = compute_totals(dataset, ("host",), currency, filters, values, measure)
    binding = compute_totals(dataset, ("binding",), currency, filters, values, measure)
    selection = select_deals(dataset, filters)
    reserves = compute_shares(dataset, currency=currency, filters=filters,
                              countries=filters.hosts, values=values,
                              covered_only=filters.on_deals and not filters.hosts,
                              measure=measure)
    events = compute_timeline(dataset, filters, kinds=("event",)).entries
    latest = tuple(reversed(events[-LATEST_EVENTS:]))
    claims = claims_in(dataset, filters, selection)
    verdicts = tuple((v, sum(c.verdict == v for c in claims)) for v in VERDICTS)
    diagnostics = list(partners.diagnostics)
    diagnostics += [d for d in reserves.diagnostics if d not in diagnostics]
    conversions = partners.conversions + reserves.conversions
    return SummaryResult(currency, filters, hosts, binding, partners, reserves, latest, claims,
                         verdicts, _quality(selection.deals, selection.partly, currency,
                                            [b.reserve for b in reserves.reserves]),
                         _once(conversions), tuple(diagnostics))


def claims_in(dataset: Dataset, filters: Filters, selection=None) -> tuple[Claim, ...]:
    """The claims a filtered report shows: with deal filters, those about a deal passing
    them (counted or ended); with a date window, those dated in it by their own date
    (``made``, else ``checked``), and undated ones about a deal dated in it."""
    if not filters.any:
        return tuple(dataset.claims)
    selection = selection or select_deals(dataset, filters)
    parties = dataset.by_id("parties")
    linked = {d.id for d in dataset.deals if deal_matches(d, filters, parties)}
    in_window = {d.id for d in selection.matching}
    out = []
    from dealtrack.analysis.links import about_hosts

    places = about_hosts(dataset, filters.hosts)
    for claim in dataset.claims:
        if filters.on_deals and not set(claim.about) & linked and not (
                places and places(claim)):
            continue
        date = claim.made or claim.checked
        if date is not None:
            if window(date, filters) == OUT:
                continue
        elif not set(claim.about) & in_window and not (
                places and places(claim) and filters.since is None and filters.until is None):
            continue
        out.append(claim)
    return tuple(out)


def _once(conversions: tuple[Conversion, ...]) -> tuple[Conversion, ...]:
    """Each conversion once: a deal's rate is found by the totals and the shares alike."""
    return tuple(dict.fromkeys(conversions))


def _quality(deals, partly, currency: str, reserves) -> Quality:
    approximate = tuple(d.id for d in deals if any(x.approximate for x in d.lifecycle_dates.values()))
    coarse = tuple(d.id for d in deals if any(x.precision != "day" for x in d.lifecycle_dates.values()))
    ranges = tuple(d.id for d in deals if d.value is not None
                   and (d.value.is_range or d.value.qualifier != "exact"))
    unreported = tuple(d.id for d in deals if d.value is None)
    single = tuple(d.id for d in deals if d.value is not None
                   and len({c.source for c in d.sources}) == 1)
    single += tuple(r.id for r in reserves if r.value is not None
                    and len({c.source for c in r.sources}) == 1)
    converted = tuple(d.id for d in deals if d.value is not None
                      and d.value.currency != currency)
    return Quality(approximate, coarse, ranges, unreported, single, tuple(partly), converted)
