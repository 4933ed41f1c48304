"""Every dated thing on one axis: deal lifecycle dates, events, and claims when made or checked.

Entries keep the precision of their dates. They are grouped by year and then
month; an entry known only to the year (or month) sits at the head of that
year (or month). Runs of years without entries become ``Gap`` blocks, so
1971 and 2025 fit on one screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from dealtrack.analysis.counting import ended_reasons
from dealtrack.analysis.filters import OUT, PARTLY, Filters, deal_matches, window
from dealtrack.errors import DealtrackError
from dealtrack.model import EVENT_KINDS, STATUSES, Dataset, FuzzyDate

KINDS = ("deal", "event", "claim")
CLAIM_DATES = ("made", "checked")
KIND_CHOICES = KINDS + EVENT_KINDS + STATUSES + CLAIM_DATES


@dataclass(frozen=True, slots=True)
class Entry:
    """One dated thing. ``what`` is the deal status, event kind, or ``made``/``checked``."""

    date: FuzzyDate
    kind: str
    what: str
    id: str
    title: str
    partly: bool = False
    ended: str | None = None   # a deal's entry: why it has ended (cancelled …), not counted

    @property
    def ended_mark(self) -> str:
        """`` [cancelled: not counted]`` for an ended deal (else empty), as every timeline
        (text, TimelineJS, the briefing's chart) marks it."""
        return f" [{self.ended}: not counted]" if self.ended else ""

    @property
    def labelled_title(self) -> str:
        return self.title + self.ended_mark


@dataclass(frozen=True, slots=True)
class Period:
    """Entries of one month (``month`` None: known only to the year)."""

    year: int
    month: int | None
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Year:
    year: int
    periods: tuple[Period, ...]

    @property
    def count(self) -> int:
        return sum(len(p.entries) for p in self.periods)


@dataclass(frozen=True, slots=True)
class Gap:
    """Years ``first``..``last`` (inclusive) without any entry."""

    first: int
    last: int

    @property
    def years(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True, slots=True)
class TimelineResult:
    entries: tuple[Entry, ...]
    blocks: tuple[Year | Gap, ...]
    filters: Filters = field(default_factory=Filters)
    kinds: tuple[str, ...] = ()


def check_kinds(kinds: Sequence[str]) -> tuple[str, ...]:
    """The ``--kind`` values, or a ``DealtrackError`` listing every accepted kind."""
    for kind in kinds:
        if kind not in KIND_CHOICES:
            from dealtrack.diagnostics import did_you_mean

            hint = did_you_mean(kind, KIND_CHOICES) or "one of: " + ", ".join(
                dict.fromkeys(KIND_CHOICES))
            raise DealtrackError(f"--kind '{kind}' is not known ({hint})")
    return tuple(kinds)


def compute_timeline(dataset: Dataset, filters: Filters | None = None,
                     kinds: Sequence[str] = ()) -> TimelineResult:
    """The timeline of everything dated, filtered.

    Deal filters (host, partner …) keep the matching deals' dates, events that
    name a matching deal (or, with ``--party``, have the party as an actor) and
    claims about a matching deal. The date window applies to each entry's own
    date. ``kinds`` keeps entries whose kind (deal/event/claim) or detail (a
    status, an event kind, made/checked) is listed.
    """
    filters = filters or Filters()
    kinds = check_kinds(kinds)
    parties = dataset.by_id("parties")
    matching = {d.id for d in dataset.deals if deal_matches(d, filters, parties)}
    ended = {} if filters.include_ended else ended_reasons(dataset)   # counted: unmarked
    entries: list[Entry] = []
    for deal in dataset.deals:
        if deal.id in matching:
            if deal.history:   # format 1.1: every status change, a stall and its resumption
                entries += [Entry(e.date, "deal", e.status, deal.id,
                                  deal.title + (f" ({e.note})" if e.note else ""),
                                  ended=ended.get(deal.id))
                            for e in deal.history]
            else:
                entries += [Entry(date, "deal", status, deal.id, deal.title,
                                  ended=ended.get(deal.id))
                            for status, date in deal.dates.items()]
    from dealtrack.analysis.links import about_hosts

    places = about_hosts(dataset, filters.hosts)
    for event in dataset.events:
        linked = bool(set(event.deals) & matching) or bool(set(event.actors) & set(filters.parties))
        linked = linked or bool(places and places(event))
        if event.date is not None and (not filters.on_deals or linked):
            entries.append(Entry(event.date, "event", event.kind, event.id, event.title))
    for claim in dataset.claims:
        if filters.on_deals and not set(claim.about) & matching and not (
                places and places(claim)):
            continue
        for what in CLAIM_DATES:
            date = getattr(claim, what)
            if date is not None:
                entries.append(Entry(date, "claim", what, claim.id, claim.claim))
    kept = []
    for entry in entries:
        if kinds and entry.kind not in kinds and entry.what not in kinds:
            continue
        where = window(entry.date, filters)
        if where != OUT:
            kept.append(Entry(entry.date, entry.kind, entry.what, entry.id, entry.title,
                              where == PARTLY, entry.ended))
    kept.sort(key=lambda e: (e.date.sort_key(), KINDS.index(e.kind), e.id, e.what))
    return TimelineResult(tuple(kept), _blocks(kept), filters, tuple(kinds))


def _blocks(entries: list[Entry]) -> tuple[Year | Gap, ...]:
    years: dict[int, dict[int | None, list[Entry]]] = {}
    for entry in entries:
        years.setdefault(entry.date.year, {}).setdefault(entry.date.month, []).append(entry)
    blocks: list[Year | Gap] = []
    previous = None
    for year in sorted(years):
        if previous is not None and year > previous + 1:
            blocks.append(Gap(previous + 1, year - 1))
        months = years[year]
        periods = tuple(Period(year, m, tuple(months[m]))
                        for m in sorted(months, key=lambda m: m or 0))
        blocks.append(Year(year, periods))
        previous = year
    return tuple(blocks)
