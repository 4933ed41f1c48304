"""``dealtrack summary``: the one-screen briefing, assembled from the other analyses."""

from __future__ import annotations

from dataclasses import dataclass, field

from dealtrack.analysis.filters import Filters, select_deals
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
                    filters: Filters | None = None) -> SummaryResult:
    """The briefing for the deals passing ``filters``, in ``currency``."""
    filters = filters or Filters()
    values: dict = {}  # each deal valued once, for all three totals and the shares
    partners = compute_totals(dataset, ("partner",), currency, filters, values)
    hosts = compute_totals(dataset, ("host",), currency, filters, values)
    binding = compute_totals(dataset, ("binding",), currency, filters, values)
    selection = select_deals(dataset, filters)
    selected = {d.id for d in selection.deals}
    # Reserve shares count every matching deal of the selection; with --host, only the
    # estimates of those countries (and only their rates and missing rates) are relevant.
    reserves = compute_shares(dataset, currency=currency, filters=filters,
                              countries=filters.hosts, values=values)
    events = compute_timeline(dataset, filters, kinds=("event",)).entries
    latest = tuple(reversed(events[-LATEST_EVENTS:]))
    claims = tuple(c for c in dataset.claims
                   if not filters.on_deals or set(c.about) & selected)
    verdicts = tuple((v, sum(c.verdict == v for c in claims)) for v in VERDICTS)
    diagnostics = list(partners.diagnostics)
    diagnostics += [d for d in reserves.diagnostics if d not in diagnostics]
    return SummaryResult(currency, filters, hosts, binding, partners, reserves, latest, claims,
                         verdicts, _quality(dataset, selection.deals, selection.partly, currency),
                         _once(partners.conversions + reserves.conversions),
                         tuple(diagnostics))


def _once(conversions: tuple[Conversion, ...]) -> tuple[Conversion, ...]:
    """Each conversion once: a deal's rate is found by the totals and the shares alike."""
    return tuple(dict.fromkeys(conversions))


def _quality(dataset: Dataset, deals, partly, currency: str) -> Quality:
    approximate = tuple(d.id for d in deals if any(x.approximate for x in d.dates.values()))
    coarse = tuple(d.id for d in deals if any(x.precision != "day" for x in d.dates.values()))
    ranges = tuple(d.id for d in deals if d.value is not None
                   and (d.value.is_range or d.value.qualifier != "exact"))
    unreported = tuple(d.id for d in deals if d.value is None)
    single = tuple(d.id for d in deals if d.value is not None
                   and len({c.source for c in d.sources}) == 1)
    single += tuple(r.id for r in dataset.reserves if r.value is not None
                    and len({c.source for c in r.sources}) == 1)
    converted = tuple(d.id for d in deals if d.value is not None
                      and d.value.currency != currency)
    return Quality(approximate, coarse, ranges, unreported, single, tuple(partly), converted)
