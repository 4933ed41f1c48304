"""What the HTML briefing shows, computed once: the summary (the same computation as
``dealtrack summary``), the timeline, and each selected deal with its value, rate and
quoted sources (ended deals too, marked as not counted, as ``dealtrack list`` shows them).
Pure: no printing, no files, no git (the revision is passed in)."""

from __future__ import annotations

from dataclasses import dataclass

from dealtrack.analysis.filters import Filters, select_deals
from dealtrack.analysis.links import partners
from dealtrack.analysis.money import Valued, valued_deal
from dealtrack.analysis.show import Quote
from dealtrack.analysis.summary import SummaryResult, compute_summary
from dealtrack.analysis.timeline import TimelineResult, compute_timeline
from dealtrack.model import Citation, Dataset, Deal


@dataclass(frozen=True, slots=True)
class Revision:
    """The git commit a dataset was read at (``dirty``: files differ from it)."""

    commit: str
    date: str
    dirty: bool = False


@dataclass(frozen=True, slots=True)
class DealRow:
    deal: Deal
    valued: Valued
    partners: tuple[str, ...]
    quotes: tuple[Quote, ...]
    # why the deal is shown but left out of every total (cancelled, expired, superseded,
    # part-of: ``Selection.reasons``); None for a counted deal
    reason: str | None = None

    @property
    def counted(self) -> bool:
        return self.reason is None


@dataclass(frozen=True, slots=True)
class Briefing:
    name: str
    summary: SummaryResult
    timeline: TimelineResult
    deals: tuple[DealRow, ...]
    reserve_quotes: dict
    claim_quotes: dict
    revision: Revision | None = None

    @property
    def currency(self) -> str:
        return self.summary.currency

    @property
    def diagnostics(self):
        return self.summary.diagnostics


def quotes(dataset: Dataset, citations: tuple[Citation, ...]) -> tuple[Quote, ...]:
    """Citations with their sources resolved (as ``dealtrack show`` lists them)."""
    sources = dataset.by_id("sources")
    return tuple(Quote(c.source, sources.get(c.source), c.quote, c.page) for c in citations)


def compute_briefing(dataset: Dataset, currency: str = "USD", filters: Filters | None = None,
                     revision: Revision | None = None, name: str = "") -> Briefing:
    """Everything the HTML briefing shows for the deals passing ``filters``."""
    filters = filters or Filters()
    summary = compute_summary(dataset, currency, filters)
    timeline = compute_timeline(dataset, filters)
    parties = dataset.by_id("parties")
    values: dict = {}
    selection = select_deals(dataset, filters)
    rows = tuple(DealRow(d, valued_deal(d, currency, dataset.rates, values),
                         partners(d, parties), quotes(dataset, d.sources),
                         selection.reasons.get(d.id))
                 for d in selection.matching)
    reserves = {b.reserve.id: quotes(dataset, b.sources) for b in summary.reserves.reserves}
    claims = {c.id: quotes(dataset, c.sources) for c in summary.claims}
    return Briefing(name, summary, timeline, rows, reserves, claims, revision)
