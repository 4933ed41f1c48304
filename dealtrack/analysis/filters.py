"""The filters every analysis command shares, and how partial dates meet a date window.

Within one filter the values are alternatives (``--host PK --host AU``: either);
different filters must all hold. Dates typed by people (``2025-09``,
``Sep 2025``, ``8 Sep 2025``) keep the precision they were typed with:
``--since`` starts at the first day of what was typed, ``--until`` ends at
its last day (``--until 2025-09`` runs to 30 Sep 2025 inclusive).

A record's date is an interval too (``2025-09`` is 1–30 Sep). It is *in* the
window when the whole interval is inside, *out* when none of it is, and
*partly* in otherwise. Records partly in are kept (dropping them would hide
figures) and named in the result so that reports can say so.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from dealtrack.errors import DealtrackError
from dealtrack.model import INSTRUMENTS, STATUSES, Dataset, Deal, FuzzyDate

IN, PARTLY, OUT = "in", "partly", "out"


class FilterError(DealtrackError):
    """A filter value that cannot be used (a date nobody can read, an unknown instrument)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """Which deals (and dated entries) an analysis looks at. Empty means everything."""

    hosts: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    since: FuzzyDate | None = None
    until: FuzzyDate | None = None

    @property
    def on_deals(self) -> bool:
        """Whether any filter other than the date window is set."""
        return bool(self.hosts or self.partners or self.parties or self.instruments
                    or self.statuses or self.sectors)

    def describe(self) -> tuple[str, ...]:
        """Each active filter in words, for report headers: ``host PK``, ``since Sep 2025``."""
        words = []
        for label, values in (("host", self.hosts), ("partner", self.partners),
                              ("party", self.parties), ("instrument", self.instruments),
                              ("status", self.statuses), ("sector", self.sectors)):
            if values:
                words.append(f"{label} {' or '.join(values)}")
        if self.since:
            words.append(f"since {self.since.human()}")
        if self.until:
            words.append(f"until {self.until.human()}")
        return tuple(words)

    def as_json(self) -> dict:
        return {"host": list(self.hosts), "partner": list(self.partners),
                "party": list(self.parties), "instrument": list(self.instruments),
                "status": list(self.statuses), "sector": list(self.sectors),
                "since": self.since.iso() if self.since else None,
                "until": self.until.iso() if self.until else None}


@dataclass(frozen=True, slots=True)
class Selection:
    """The deals a filter keeps, and those of them only partly inside the date window."""

    deals: tuple[Deal, ...]
    partly: tuple[str, ...] = field(default=())


_AMBIGUOUS = re.compile(r"\s*(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\s*\Z")


def parse_when(text: str, option: str = "date") -> FuzzyDate:
    """A date as people type it, keeping its precision: ``2025``, ``2025-09``, ``Sep 2025``,
    ``2025-09-08``, ``8 Sep 2025``. Raises ``FilterError`` for anything else.

    ``03/04/2025`` is refused: it means March in one country and April in another.
    """
    from dealtrack.load.values import parse_date

    fuzzy, _ = parse_date(text)
    if fuzzy is not None:
        return FuzzyDate(fuzzy.year, fuzzy.month, fuzzy.day)
    ambiguous = _AMBIGUOUS.match(text)
    if ambiguous and int(ambiguous[1]) <= 12 and int(ambiguous[2]) <= 12 \
            and ambiguous[1] != ambiguous[2]:
        raise FilterError(f"{option} '{text}' is ambiguous (day/month or month/day?): "
                          "write 2025-09-08 or 8 Sep 2025")
    from dateutil import parser

    try:
        # Parsing twice with different defaults tells which parts were typed.
        one = parser.parse(text, default=_dt.datetime(2000, 1, 1))
        two = parser.parse(text, default=_dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError, TypeError):
        raise FilterError(f"{option} '{text}' is not a date: write 2025, 2025-09, Sep 2025 "
                          "or 2025-09-08") from None
    if one.year != two.year:
        raise FilterError(f"{option} '{text}' has no year: write for example 'Sep 2025'")
    month = one.month if one.month == two.month else None
    day = one.day if one.day == two.day else None
    if day is not None and month is None:
        raise FilterError(f"{option} '{text}' has a day but no month")
    return FuzzyDate(one.year, month, day)


def parse_filters(*, hosts=(), partners=(), parties=(), instruments=(), statuses=(),
                  sectors=(), since: str | None = None, until: str | None = None) -> Filters:
    """Filters from option values, checked without the dataset (so that a bad option is
    reported before any loading): dates, instruments, statuses and country codes.

    Country codes are ISO 3166-1 alpha-2 in any case (``pk`` is ``PK``); sectors
    are compared in lower case.
    """
    from dealtrack.diagnostics import did_you_mean

    def vocabulary(option: str, values, allowed) -> tuple[str, ...]:
        out = []
        for value in values:
            value = value.strip().lower()
            if value not in allowed:
                hint = did_you_mean(value, allowed) or "one of: " + ", ".join(allowed)
                raise FilterError(f"{option} '{value}' is not known ({hint})")
            out.append(value)
        return tuple(out)

    start = parse_when(since, "--since") if since else None
    end = parse_when(until, "--until") if until else None
    if start and end and start.earliest() > end.latest():
        raise FilterError(f"--since {since} is after --until {until}")
    return Filters(
        hosts=countries("--host", hosts), partners=countries("--partner", partners),
        parties=tuple(p.strip() for p in parties),
        instruments=vocabulary("--instrument", instruments, INSTRUMENTS),
        statuses=vocabulary("--status", statuses, STATUSES),
        sectors=tuple(s.strip().lower() for s in sectors), since=start, until=end)


def countries(option: str, codes) -> tuple[str, ...]:
    """Country codes as typed (``pk``, ``PK``), upper-cased; anything not ISO 3166-1
    alpha-2 is refused, since it could only match nothing."""
    from dealtrack.load.values import _COUNTRY_FIXES, _countries

    out = []
    for typed in codes:
        code = typed.strip().upper()
        if code not in _countries():
            hint = (f"the ISO 3166-1 code is '{_COUNTRY_FIXES[code]}'" if code in _COUNTRY_FIXES
                    else "use a two-letter ISO 3166-1 code, such as PK, CN or US")
            raise FilterError(f"{option} '{typed.strip()}' is not an ISO 3166-1 country code "
                              f"({hint})")
        out.append(code)
    return tuple(out)


def check_filters(dataset: Dataset, filters: Filters) -> Filters:
    """Refuse filter values that name nothing in ``dataset``: a party id it does not have, a
    sector no deal names (``--sector minig`` would otherwise report nothing, silently).
    Values that exist but match no deal once combined with other filters are fine."""
    from dealtrack.diagnostics import did_you_mean

    known_parties = dataset.by_id("parties")
    for party in filters.parties:
        if party not in known_parties:
            hint = did_you_mean(party, known_parties)
            raise FilterError(f"--party '{party}' is not a party id in this dataset"
                              + (f" ({hint})" if hint else ""))
    used = sorted({s for deal in dataset.deals for s in deal.sectors})
    for sector in filters.sectors:
        if sector not in used:
            hint = did_you_mean(sector, used) or (
                "sectors in use: " + _some(used) if used else "no deal names a sector")
            raise FilterError(f"--sector '{sector}': no deal in this dataset has this sector "
                              f"({hint})")
    return filters


def _some(values: list[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f" … and {len(values) - limit} more" if len(values) > limit else "")


def make_filters(dataset: Dataset, **options) -> Filters:
    """Filters from option values (see ``parse_filters``), checked against ``dataset``."""
    return check_filters(dataset, parse_filters(**options))


def window(date: FuzzyDate | None, filters: Filters) -> str:
    """Where ``date`` lies against the filters' date window: ``in``, ``partly`` or ``out``.

    Undated records are out of any window, and in when there is none.
    """
    if filters.since is None and filters.until is None:
        return IN
    if date is None:
        return OUT
    start = filters.since.earliest() if filters.since else _dt.date.min
    end = filters.until.latest() if filters.until else _dt.date.max
    first, last = date.earliest(), date.latest()
    if last < start or first > end:
        return OUT
    if first >= start and last <= end:
        return IN
    return PARTLY


def deal_matches(deal: Deal, filters: Filters, parties) -> bool:
    """Whether ``deal`` passes every filter except the date window."""
    from dealtrack.analysis.links import partners

    if filters.hosts and deal.host not in filters.hosts:
        return False
    if filters.partners and not set(partners(deal, parties)) & set(filters.partners):
        return False
    if filters.parties and not {p.party for p in deal.parties} & set(filters.parties):
        return False
    if filters.instruments and deal.instrument not in filters.instruments:
        return False
    if filters.statuses and deal.status not in filters.statuses:
        return False
    if filters.sectors and not set(deal.sectors) & set(filters.sectors):
        return False
    return True


def select_deals(dataset: Dataset, filters: Filters | None) -> Selection:
    """The deals passing ``filters``; a deal's date for the window is its first lifecycle date."""
    if filters is None:
        return Selection(dataset.deals)
    parties = dataset.by_id("parties")
    kept, partly = [], []
    for deal in dataset.deals:
        if not deal_matches(deal, filters, parties):
            continue
        where = window(deal.first_date(), filters)
        if where == OUT:
            continue
        kept.append(deal)
        if where == PARTLY:
            partly.append(deal.id)
    return Selection(tuple(kept), tuple(partly))
