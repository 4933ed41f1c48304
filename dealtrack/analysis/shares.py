"""Deals as shares of reserve estimates: ``[deal_low / reserve_high, deal_high / reserve_low]``.

A deal counts against an estimate when hosted in the estimate's country and
naming its commodity among its commodities or sectors, unless deal ids are
given explicitly. Deals without a value are listed with no share ("value not
reported"), never as 0 %.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from dealtrack.analysis.filters import Filters, select_deals
from dealtrack.analysis.links import covered_by
from dealtrack.analysis.money import (Conversion, Range, Share, Valued, share, total,
                                      value_in, valued_deal)
from dealtrack.diagnostics import Diagnostic, did_you_mean
from dealtrack.errors import DealtrackError
from dealtrack.model import Citation, Dataset, Deal, Reserve


@dataclass(frozen=True, slots=True)
class ShareRow:
    """One deal against one estimate; ``value`` and ``share`` None when not reported."""

    deal_id: str
    title: str
    instruments: int
    value: Range | None
    share: Share | None
    reported: bool = True


@dataclass(frozen=True, slots=True)
class ReserveShares:
    reserve: Reserve
    value: Range | None
    rows: tuple[ShareRow, ...]
    total: Range | None
    total_share: Share | None
    sources: tuple[Citation, ...] = ()
    ended: tuple[str, ...] = ()    # ended deals that would count against it, not counted

    @property
    def reserve_id(self) -> str:
        return self.reserve.id

    def row(self, deal_id: str) -> ShareRow | None:
        return next((r for r in self.rows if r.deal_id == deal_id), None)


@dataclass(frozen=True, slots=True)
class SharesResult:
    currency: str
    reserves: tuple[ReserveShares, ...]
    explicit: bool = False
    filters: Filters = field(default_factory=Filters)
    conversions: tuple[Conversion, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    partly: tuple[str, ...] = ()

    def reserve(self, reserve_id: str) -> ReserveShares | None:
        return next((r for r in self.reserves if r.reserve.id == reserve_id), None)


def compute_shares(dataset: Dataset, reserve_id: str | None = None,
                   deal_ids: Sequence[str] = (), currency: str = "USD",
                   filters: Filters | None = None,
                   countries: Sequence[str] = (),
                   values: dict[str, Valued] | None = None,
                   covered_only: bool = False, measure: str = "value") -> SharesResult:
    """Each matching deal's value, and their total, as a share of each reserve estimate.

    ``reserve_id`` picks one estimate (all by default); ``countries`` keeps
    only estimates of those countries (by default the ``--host`` countries of
    ``filters``, unless an estimate is named); ``deal_ids`` replaces the
    country/commodity matching with an explicit list of deals. ``covered_only``
    leaves out the estimates no chosen deal counts against (neither valued nor
    converted: a missing rate for one of them stops nothing).
    """
    reserves = _reserves(dataset, reserve_id)
    if not countries and filters is not None and reserve_id is None:
        countries = filters.hosts   # --host PK: the estimates of Pakistan, not of every country
    if countries:
        reserves = [r for r in reserves if r.country in countries]
    deals_by_id = dataset.by_id("deals")
    for deal_id in deal_ids:
        if deal_id not in deals_by_id:
            hint = did_you_mean(deal_id, deals_by_id)
            raise DealtrackError(f"no deal '{deal_id}' in this dataset"
                                 + (f" ({hint})" if hint else ""))
    selection = select_deals(dataset, filters)
    # Deals named explicitly are measured whatever their status: the reader asked for them.
    chosen = [d for d in (selection.matching if deal_ids else selection.deals)
              if not deal_ids or d.id in deal_ids]
    coverage = covered_by(chosen)
    ended = covered_by(selection.ended) if not deal_ids else {}
    values = {} if values is None else values
    valued: dict[str, Valued] = {}
    conversions: list[Conversion] = []
    diagnostics: list[Diagnostic] = []
    out = []
    for reserve in reserves:
        deals = chosen if deal_ids else [chosen[i] for i in coverage.get(
            (reserve.country, reserve.commodity), ())]
        if covered_only and not deals:
            continue
        base = value_in(reserve.value, currency, dataset.rates, record=reserve.id,
                        on=reserve.date, loc=reserve.at("value"))
        _note(base, conversions, diagnostics)
        rows = []
        for deal in deals:
            if deal.id not in valued:
                valued[deal.id] = valued_deal(deal, currency, dataset.rates, values, measure)
                _note(valued[deal.id], conversions, diagnostics)
            rows.append(_row(deal, valued[deal.id], base.value))
        amount = total((r.value for r in rows if r.value is not None), currency)
        portion = None if amount is None or base.value is None else share(amount, base.value)
        left_out = tuple(selection.ended[i].id for i in ended.get(
            (reserve.country, reserve.commodity), ()))
        out.append(ReserveShares(reserve, base.value, tuple(rows), amount, portion,
                                 reserve.sources, left_out))
    return SharesResult(currency, tuple(out), bool(deal_ids), filters or Filters(),
                        tuple(conversions), tuple(diagnostics), selection.partly)


def _reserves(dataset: Dataset, reserve_id: str | None) -> list[Reserve]:
    """The estimates to measure against: the one named, else every estimate that no other
    estimate ``supersedes`` (format 1.1: reports use the newest)."""
    if reserve_id is None:
        superseded = {r.supersedes for r in dataset.reserves if r.supersedes}
        return [r for r in dataset.reserves if r.id not in superseded]
    known = dataset.by_id("reserves")
    if reserve_id not in known:
        hint = did_you_mean(reserve_id, known) or (
            "known: " + ", ".join(known) if known else "the dataset has no reserve estimates")
        raise DealtrackError(f"no reserve estimate '{reserve_id}' ({hint})")
    return [known[reserve_id]]  # type: ignore[list-item]


def _note(valued: Valued, conversions: list, diagnostics: list) -> None:
    conversions.extend(valued.conversions())
    if valued.diagnostic:
        diagnostics.append(valued.diagnostic)


def _row(deal: Deal, valued: Valued, base: Range | None) -> ShareRow:
    portion = None if valued.value is None or base is None else share(valued.value, base)
    return ShareRow(deal.id, deal.title, deal.count, valued.value, portion, valued.reported)
