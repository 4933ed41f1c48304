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


# The filters that take several values, as (option name and header label, Filters field).
# Each has an exclusion twin ``--not-NAME`` (field ``not_FIELD``): ``--not-status stalled``.
FACETS = (("host", "hosts"), ("partner", "partners"), ("party", "parties"),
          ("instrument", "instruments"), ("status", "statuses"), ("sector", "sectors"),
          ("commodity", "commodities"))


@dataclass(frozen=True, slots=True)
class Filters:
    """Which deals (and dated entries) an analysis looks at. Empty means everything.

    ``not_*`` fields exclude (a deal with any listed value is left out);
    ``include_ended`` counts ended deals (cancelled, expired) in totals and shares.
    """

    hosts: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    since: FuzzyDate | None = None
    until: FuzzyDate | None = None
    commodities: tuple[str, ...] = ()
    not_hosts: tuple[str, ...] = ()
    not_partners: tuple[str, ...] = ()
    not_parties: tuple[str, ...] = ()
    not_instruments: tuple[str, ...] = ()
    not_statuses: tuple[str, ...] = ()
    not_sectors: tuple[str, ...] = ()
    not_commodities: tuple[str, ...] = ()
    include_ended: bool = False

    @property
    def on_deals(self) -> bool:
        """Whether any filter other than the date window is set."""
        return any(getattr(self, field) or getattr(self, "not_" + field)
                   for _, field in FACETS)

    @property
    def any(self) -> bool:
        """Whether any filter at all is set (deal filters or the date window)."""
        return self.on_deals or self.since is not None or self.until is not None

    def describe(self) -> tuple[str, ...]:
        """Each active filter in words, for report headers: ``host PK``, ``since Sep 2025``,
        ``not status stalled``."""
        words = []
        for label, name in FACETS:
            if getattr(self, name):
                words.append(f"{label} {' or '.join(getattr(self, name))}")
        for label, name in FACETS:
            if getattr(self, "not_" + name):
                words.append(f"not {label} {' or '.join(getattr(self, 'not_' + name))}")
        if self.since:
            words.append(f"since {self.since.human()}")
        if self.until:
            words.append(f"until {self.until.human()}")
        if self.include_ended:
            words.append("ended deals counted")
        return tuple(words)

    def as_json(self) -> dict:
        out = {"host": list(self.hosts), "partner": list(self.partners),
               "party": list(self.parties), "instrument": list(self.instruments),
               "status": list(self.statuses), "sector": list(self.sectors),
               "since": self.since.iso() if self.since else None,
               "until": self.until.iso() if self.until else None,
               "commodity": list(self.commodities)}
        out.update({f"not_{label}": list(getattr(self, "not_" + name)) for label, name in FACETS})
        out["include_ended"] = self.include_ended
        return out


@dataclass(frozen=True, slots=True)
class Selection:
    """The deals a filter keeps, and those of them only partly inside the date window.

    ``ended`` holds the deals that pass the filters but are not counted because
    they have ended (see ``dealtrack.analysis.counting``); ``deals`` never holds them.
    ``matching`` is every deal passing the filters, counted or ended (a listing shows all).
    """

    deals: tuple[Deal, ...]
    partly: tuple[str, ...] = field(default=())
    ended: tuple[Deal, ...] = field(default=())
    matching: tuple[Deal, ...] = field(default=())   # counted and ended, in dataset order
    # Why each deal of ``ended`` is not counted (``counting``): a status, ``superseded`` or
    # ``part-of`` (another selected deal follows or holds it).
    reasons: dict = field(default_factory=dict)


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
                  sectors=(), since: str | None = None, until: str | None = None,
                  commodities=(), not_hosts=(), not_partners=(), not_parties=(),
                  not_instruments=(), not_statuses=(), not_sectors=(), not_commodities=(),
                  include_ended: bool = False) -> Filters:
    """Filters from option values, checked without the dataset (so that a bad option is
    reported before any loading): dates, instruments, statuses and country codes.

    Country codes are ISO 3166-1 alpha-2 in any case (``pk`` is ``PK``); sectors
    and commodities are compared in lower case.
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

    def slugs(values) -> tuple[str, ...]:
        return tuple(v.strip().lower() for v in values)

    def ids(values) -> tuple[str, ...]:
        return tuple(v.strip() for v in values)

    start = parse_when(since, "--since") if since else None
    end = parse_when(until, "--until") if until else None
    if start and end and start.earliest() > end.latest():
        raise FilterError(f"--since {since} is after --until {until}")
    chosen = dict(
        hosts=countries("--host", hosts), partners=countries("--partner", partners, True),
        parties=ids(parties),
        instruments=vocabulary("--instrument", instruments, INSTRUMENTS),
        statuses=vocabulary("--status", statuses, STATUSES),
        sectors=slugs(sectors), since=start, until=end, commodities=slugs(commodities),
        not_hosts=countries("--not-host", not_hosts),
        not_partners=countries("--not-partner", not_partners, True),
        not_parties=ids(not_parties),
        not_instruments=vocabulary("--not-instrument", not_instruments, INSTRUMENTS),
        not_statuses=vocabulary("--not-status", not_statuses, STATUSES),
        not_sectors=slugs(not_sectors), not_commodities=slugs(not_commodities),
        include_ended=include_ended)
    # A value given twice (--host CL --host cl) is one choice, echoed once.
    return Filters(**{key: tuple(dict.fromkeys(value)) if isinstance(value, tuple) else value
                      for key, value in chosen.items()})


def countries(option: str, codes, party_ids: bool = False) -> tuple[str, ...]:
    """Country codes as typed (``pk``, ``PK``), upper-cased; ``EU`` is one. Anything not
    ISO 3166-1 alpha-2 is refused, since it could only match nothing, except (``party_ids``,
    for --partner) a party id longer than two letters: a multilateral party without a
    country is its own partner (format 1.1; ``check_filters`` checks it exists)."""
    from dealtrack.load.values import COUNTRY_FIXES, ID_RE, known_countries

    out = []
    for typed in codes:
        code = typed.strip().upper()
        if party_ids and code not in known_countries() and len(typed.strip()) > 2 \
                and ID_RE.match(typed.strip()):
            out.append(typed.strip())
            continue
        if code not in known_countries():
            hint = (f"the ISO 3166-1 code is '{COUNTRY_FIXES[code]}'" if code in COUNTRY_FIXES
                    else "use a two-letter ISO 3166-1 code, such as PK, CN or US")
            raise FilterError(f"{option} '{typed.strip()}' is not an ISO 3166-1 country code "
                              f"({hint})")
        out.append(code)
    return tuple(out)


def check_filters(dataset: Dataset, filters: Filters) -> Filters:
    """Refuse filter values that name nothing in ``dataset``: a party id it does not have, a
    sector or commodity no deal names (``--sector minig`` would otherwise report nothing,
    silently). Values that exist but match no deal once combined with other filters are
    fine. Exclusions are checked alike (``--not-party`` with a typo would exclude nothing)."""
    from dealtrack.diagnostics import did_you_mean

    known_parties = dataset.by_id("parties")
    own = sorted(p.id for p in dataset.parties if p.country is None)
    for option, values in (("--partner", filters.partners),
                           ("--not-partner", filters.not_partners)):
        for value in values:
            if len(value) > 2 and value not in own:
                hint = did_you_mean(value, own) or (
                    "parties without a country: " + _some(own) if own else
                    "every party has a country: use a country code")
                raise FilterError(f"{option} '{value}' is neither a country code nor a party "
                                  f"without a country ({hint})")
    for option, values in (("--party", filters.parties), ("--not-party", filters.not_parties)):
        for party in values:
            if party not in known_parties:
                hint = did_you_mean(party, known_parties)
                raise FilterError(f"{option} '{party}' is not a party id in this dataset"
                                  + (f" ({hint})" if hint else ""))
    for noun, attr in (("sector", "sectors"), ("commodity", "commodities")):
        used = sorted({s for deal in dataset.deals for s in getattr(deal, attr)})
        for option in (f"--{noun}", f"--not-{noun}"):
            field_name = attr if option.startswith("--" + noun) else "not_" + attr
            for value in getattr(filters, field_name):
                if value not in used:
                    hint = did_you_mean(value, used) or (
                        f"{attr} in use: " + _some(used) if used else f"no deal names a {noun}")
                    raise FilterError(f"{option} '{value}': no deal in this dataset has this "
                                      f"{noun} ({hint})")
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


def facet(deal: Deal, name: str, parties) -> tuple[str, ...]:
    """The values of ``deal`` a filter named ``name`` (a ``FACETS`` field) is compared with."""
    from dealtrack.analysis.links import hosts, partners

    if name == "hosts":
        return hosts(deal)
    if name == "partners":
        return partners(deal, parties)
    if name == "parties":
        return tuple(p.party for p in deal.parties)
    if name == "instruments":
        return (deal.instrument,)
    if name == "statuses":
        return (deal.status,)
    return tuple(getattr(deal, name))   # sectors, commodities


def deal_matches(deal: Deal, filters: Filters, parties) -> bool:
    """Whether ``deal`` passes every filter except the date window: for each filter, one of
    its values is among the deal's, and none of the excluded values is."""
    for _, name in FACETS:
        wanted, unwanted = getattr(filters, name), getattr(filters, "not_" + name)
        if not wanted and not unwanted:
            continue
        values = facet(deal, name, parties)
        if wanted and not set(values) & set(wanted):
            return False
        if unwanted and set(values) & set(unwanted):
            return False
    return True


def select_deals(dataset: Dataset, filters: Filters | None) -> Selection:
    """The deals passing ``filters``; a deal's date for the window is its first lifecycle date.

    Ended deals (``counting.ended``) pass into ``Selection.ended``, not ``deals``, unless
    the filters count them (``--include-ended``, or ``--status`` naming their status).
    """
    from dealtrack.analysis.counting import relation_reasons, status_reasons

    filters = filters or Filters()
    parties = dataset.by_id("parties")
    reasons = status_reasons(dataset.deals)
    kept, partly, ended, matching = [], [], [], []
    on_deals = filters.on_deals   # a property over every facet: asked once, not per deal
    for deal in dataset.deals:
        if on_deals and not deal_matches(deal, filters, parties):
            continue
        where = window(deal.first_date(), filters)
        if where == OUT:
            continue
        matching.append(deal)
        reason = reasons.get(deal.id)
        if reason and not filters.include_ended and reason not in filters.statuses:
            ended.append(deal)
            continue
        kept.append(deal)
        if where == PARTLY:
            partly.append(deal.id)
    related = relation_reasons(kept)   # never counted twice, --include-ended or not
    if related:
        reasons.update(related)
        ended_ids = {id(d) for d in ended}
        ended = [d for d in matching if id(d) in ended_ids or d.id in related]
        kept = [d for d in kept if d.id not in related]
        partly = [i for i in partly if i not in related]
    return Selection(tuple(kept), tuple(partly), tuple(ended), tuple(matching),
                     {d.id: reasons[d.id] for d in ended})
