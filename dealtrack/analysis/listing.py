"""``dealtrack list``: one row per deal, filtered and sorted by date, value or id."""

from __future__ import annotations

from dataclasses import dataclass, field

from dealtrack.analysis.filters import PARTLY, Filters, select_deals, window
from dealtrack.analysis.links import partners
from dealtrack.analysis.money import Conversion, Valued, deal_value
from dealtrack.analysis.totals import rank
from dealtrack.diagnostics import Diagnostic
from dealtrack.errors import DealtrackError
from dealtrack.model import Dataset, Deal, FuzzyDate

SORTS = ("date", "value", "id")


@dataclass(frozen=True, slots=True)
class DealRow:
    deal: Deal
    date: FuzzyDate | None
    partners: tuple[str, ...]
    valued: Valued
    partly: bool = False


@dataclass(frozen=True, slots=True)
class ListResult:
    currency: str
    rows: tuple[DealRow, ...]
    sort: str = "date"
    filters: Filters = field(default_factory=Filters)
    conversions: tuple[Conversion, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    measure: str = "value"


def list_deals(dataset: Dataset, filters: Filters | None = None, currency: str = "USD",
               sort: str = "date", reverse: bool = False,
               measure: str = "value") -> ListResult:
    """The deals passing ``filters``, one row each.

    ``date`` sorts oldest first (by first lifecycle date), ``value`` largest
    first by the stated figure (``at least``/``up to`` at the number stated, a
    range at its midpoint: see ``totals.rank``), ``id`` alphabetically. Deals
    without a date or value go last whichever way; ``reverse`` flips the order
    of the others. Ended deals are listed too (a listing counts nothing).
    """
    if sort not in SORTS:
        raise DealtrackError(f"--sort must be one of {', '.join(SORTS)}, not '{sort}'")
    selection = select_deals(dataset, filters)
    parties = dataset.by_id("parties")
    filters = filters or Filters()
    rows = [DealRow(d, d.first_date(), partners(d, parties),
                    deal_value(d, currency, dataset.rates, measure),
                    window(d.first_date(), filters) == PARTLY)
            for d in selection.matching]
    known = [r for r in rows if _sortable(r, sort)]
    unknown = [r for r in rows if not _sortable(r, sort)]
    known.sort(key=lambda r: _key(r, sort), reverse=reverse)
    unknown.sort(key=lambda r: r.deal.id)
    ordered = known + unknown
    return ListResult(currency, tuple(ordered), sort, filters,
                      tuple(c for r in rows for c in r.valued.conversions()),
                      tuple(r.valued.diagnostic for r in rows if r.valued.diagnostic), measure)


def _sortable(row: DealRow, sort: str) -> bool:
    if sort == "date":
        return row.date is not None
    if sort == "value":
        return row.valued.value is not None
    return True


def _key(row: DealRow, sort: str) -> tuple:
    if sort == "date":
        return (row.date.sort_key(), row.deal.id)
    if sort == "value":
        return (*rank(row.valued.stated), row.deal.id)
    return (row.deal.id,)
