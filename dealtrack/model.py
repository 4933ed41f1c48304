"""The data model: immutable records, each stamped with where it was read.

Money is exact (``Decimal``), a range stays a range, and a date keeps the
precision it was written with. Nothing here parses text or prints.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import struct
from itertools import chain
from dataclasses import dataclass, field
from decimal import Context, Decimal, Inexact
from typing import Iterator, Mapping, Protocol, Sequence

from dealtrack.location import Loc  # noqa: F401 - part of the model

# Vocabulary of the v1 format. Order matters where it is a lifecycle.
INSTRUMENTS = ("mou", "agreement", "contract", "joint-venture", "loan", "grant", "investment",
               "framework", "other")
STATUSES = ("announced", "approved", "signed", "in-force", "implementing", "completed",
            "stalled", "cancelled", "expired")
# Statuses that lie on the one forward path a deal takes; the others (stalled,
# cancelled, expired) can follow any of them.
LIFECYCLE = ("announced", "approved", "signed", "in-force", "implementing", "completed")
ROLES = ("investor", "lender", "buyer", "host", "partner", "guarantor", "operator", "signatory",
         "borrower", "seller", "adviser", "insurer")
# Format 1.1: the instruments inside one deal; the contingent ones are listed, never summed.
COMPONENT_KINDS = ("equity", "loan", "grant", "guarantee", "credit-line", "bond", "offtake",
                   "price-floor", "other")
CONTINGENT_KINDS = ("guarantee", "offtake", "price-floor")
# The European Union: accepted wherever a country code is (ISO 3166 reserves the code).
EU = "EU"
PARTY_TYPES = ("government", "ministry", "state-owned", "military", "company", "business-group",
               "bank", "multilateral", "other")
SOURCE_KINDS = ("news", "opinion", "official", "dataset", "other")
EVENT_KINDS = ("statement", "policy", "visit", "deal", "history", "other")
VERDICTS = ("supported", "disputed", "unsupported", "false")
QUALIFIERS = ("exact", "about", "up to", "at least")
SCALES = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6,
          "billion": Decimal(10) ** 9, "trillion": Decimal(10) ** 12,
          "lakh": Decimal(10) ** 5, "crore": Decimal(10) ** 7, "lakh crore": Decimal(10) ** 12}
NON_BINDING_INSTRUMENTS = ("mou", "framework")

# Figures are exact. A number in a file has at most MAX_DIGITS significant
# digits (more is DT107/DT108), so every sum and product the reports form fits
# EXACT's precision; EXACT also traps any rounding, which would be a bug.
MAX_DIGITS = 60
EXACT = Context(prec=400, traps=[Inexact])

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# Key orders seen so far, each mapped to its key -> index table: records written with the
# same keys in the same order (nearly all of them) share one table and one set of key strings.
_KEY_TABLES: dict[tuple[str, ...], dict[str, int]] = {}
_POS = struct.Struct("<II")   # line, column
_PACKS: dict[int, object] = {}   # number of positions -> the packer of them all at once


class FieldLocs(Mapping):
    """Where each field of one record was read: a read-only ``{key: Loc}`` mapping.

    Stored compactly, because a large dataset holds one per record: the key
    names are shared between records with the same keys, positions are eight
    bytes each, and a ``Loc`` is made only when one is asked for (for a
    diagnostic). Iterates in the order the keys were read.
    """

    __slots__ = ("path", "_index", "_data")

    def __init__(self, path: str, keys: tuple[str, ...], data: bytes):
        table = _KEY_TABLES.get(keys)
        if table is None:
            table = _KEY_TABLES.setdefault(keys, {key: i for i, key in enumerate(keys)})
        self.path = path
        self._index = table
        self._data = data

    @classmethod
    def build(cls, path: str, positions: Mapping[str, tuple[int, int]]) -> "FieldLocs":
        """From ``{key: (line, col)}`` in reading order."""
        count = len(positions)
        pack = _PACKS.get(count)
        if pack is None:
            pack = struct.Struct(f"<{2 * count}I").pack
            if count <= 64:  # a record's keys; a hostile file's thousands are not kept
                _PACKS[count] = pack
        return cls(path, tuple(positions), pack(*chain.from_iterable(positions.values())))

    def __getitem__(self, key: str) -> Loc:
        index = self._index[key]
        line, col = _POS.unpack_from(self._data, index * _POS.size)
        return Loc(self.path, line, col)

    def get(self, key, default=None):
        return self[key] if key in self._index else default

    def __contains__(self, key) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"FieldLocs({dict(self)!r})"

    def __reduce__(self):
        return (FieldLocs, (self.path, tuple(self._index), self._data))


class Ref(str):
    """An id that refers to another record, remembering where it was written."""

    loc: Loc

    def __new__(cls, value: str, loc: Loc) -> "Ref":
        ref = super().__new__(cls, value)
        ref.loc = loc
        return ref

    def __reduce__(self):
        return (Ref, (str(self), self.loc))


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date known to a year, a month or a day, possibly only approximately."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def earliest(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> _dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return _dt.date(self.year, month, day)

    def sort_key(self) -> tuple:
        """Chronological order; a coarser date sorts before finer dates inside it."""
        return (self.year, self.month or 0, self.day or 0, self.approximate)

    def iso(self) -> str:
        """The format's own spelling: ``2025``, ``2025-09``, ``~2025-09-06``."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return ("~" if self.approximate else "") + text

    def human(self) -> str:
        """``2025``, ``Sep 2025``, ``~6 Sep 2025``: never padded to a day it does not know."""
        text = str(self.year)
        if self.month:
            text = f"{_MONTHS[self.month - 1]} {text}"
        if self.day:
            text = f"{self.day} {text}"
        return ("~" if self.approximate else "") + text

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True, slots=True)
class Money:
    """An amount as reported: ``low`` = ``high`` for a point figure, else a range.

    ``qualifier`` says how to read it: ``exact`` (as reported), ``about``,
    ``up to`` (the figure is a ceiling) or ``at least`` (a floor).
    """

    currency: str
    low: Decimal
    high: Decimal
    qualifier: str = "exact"
    note: str | None = None
    date: FuzzyDate | None = None

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def bounds(self) -> tuple[Decimal, Decimal | None]:
        """The interval the true value lies in; ``None`` as the high bound means unbounded."""
        if self.qualifier == "up to":
            return Decimal(0), self.high
        if self.qualifier == "at least":
            return self.low, None
        return self.low, self.high


@dataclass(frozen=True, slots=True)
class Citation:
    source: str
    quote: str | None = None
    loc: Loc = None  # type: ignore[assignment]  # always given by the loader
    page: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """Fields shared by every record: its id, where it was read, where each field was read.

    ``field_locs`` is a ``FieldLocs`` when loaded (any ``{key: Loc}`` mapping will do).
    """

    id: str
    loc: Loc
    field_locs: Mapping[str, Loc] = field(repr=False, compare=False, hash=False)

    def at(self, key: str) -> Loc:
        """Location of a field's value (``dates.signed`` for one date), else of the record."""
        loc = self.field_locs.get(key)
        if loc is None and "." in key:
            loc = self.field_locs.get(key.partition(".")[0])
        return loc or self.loc


@dataclass(frozen=True, slots=True)
class Stake:
    """A share of a venture in percent: ``15%``, ``about 15%``, ``10 to 20%`` (exact)."""

    low: Decimal
    high: Decimal
    qualifier: str = "exact"

    def __str__(self) -> str:
        text = f"{self.low}%" if self.low == self.high else f"{self.low} to {self.high}%"
        return text if self.qualifier == "exact" else f"{self.qualifier} {text}"


@dataclass(frozen=True, slots=True)
class PartyRole:
    party: str
    role: str
    loc: Loc
    note: str | None = None
    stake: Stake | None = None


@dataclass(frozen=True, slots=True)
class Component:
    """One tranche, stake or instrument inside a deal, provided by one of the deal's parties."""

    kind: str
    party: str
    loc: Loc
    value: "Money | None" = None
    status: str | None = None
    date: FuzzyDate | None = None
    disbursed: "Money | None" = None
    note: str | None = None
    sources: tuple[Citation, ...] = ()

    @property
    def contingent(self) -> bool:
        return self.kind in CONTINGENT_KINDS


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One dated status change of a deal (``history:``)."""

    date: FuzzyDate
    status: str
    loc: Loc
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Phase:
    name: str
    loc: Loc
    status: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class DealOutline(Record):
    """What the whole-dataset checks read of a deal: its id, where it and its fields are, its
    parties and the sources it cites (without quotes).

    ``validate`` keeps only this of each deal once the deal's own checks have run (titles,
    summaries and quotes are most of a deal's memory). A ``Deal`` is a ``DealOutline`` too:
    the dataset checks are typed against this class (``rules.Outlines``), so a check cannot
    read a field that validate does not keep.
    """

    parties: tuple[PartyRole, ...] = ()
    sources: tuple[Citation, ...] = ()
    path: str = ""
    # Format 1.1: the deals this one is inside of or succeeds, and its components (whose
    # parties and sources the dataset checks resolve).
    part_of: str | None = None
    follows: str | None = None
    components: tuple[Component, ...] = ()


@dataclass(frozen=True, slots=True)
class Deal(DealOutline):
    # A required field that failed to read is None (never a made-up default), so that
    # diff and textconv of a broken file show what was really read.
    title: str | None = None
    instrument: str | None = None
    status: str | None = None
    dates: Mapping[str, FuzzyDate] = field(default_factory=dict)
    # One country code, or (format 1.1) a tuple of them as written: see analysis.links.hosts.
    host: "str | tuple[str, ...] | None" = None
    value: Money | None = None
    count: int = 1
    sectors: tuple[str, ...] = ()
    commodities: tuple[str, ...] = ()
    binding: bool | None = None
    exclusive: bool | None = None
    phases: tuple[Phase, ...] = ()
    summary: str | None = None
    disbursed: Money | None = None
    history: tuple[HistoryEntry, ...] = ()

    def outline(self) -> DealOutline:
        """The deal as the dataset checks read it (see ``DealOutline``)."""
        return DealOutline(self.id, self.loc, self.field_locs, self.parties,
                           tuple([Citation(c.source, None, c.loc) for c in self.sources]),
                           self.path, self.part_of, self.follows, self.components)

    @property
    def lifecycle_dates(self) -> Mapping[str, FuzzyDate]:
        """``dates``, or when only ``history`` is given, the first date of each status in it."""
        if self.dates or not self.history:
            return self.dates
        derived: dict[str, FuzzyDate] = {}
        for entry in self.history:
            derived.setdefault(entry.status, entry.date)
        return derived

    @property
    def is_binding(self) -> bool:
        """Whether the deal binds its parties; an MoU or framework does not unless stated."""
        if self.binding is not None:
            return self.binding
        return self.instrument not in NON_BINDING_INSTRUMENTS

    def first_date(self) -> FuzzyDate | None:
        """The earliest lifecycle date: where the deal sits on a timeline."""
        return min(self.lifecycle_dates.values(), key=FuzzyDate.sort_key, default=None)

    def status_date(self) -> FuzzyDate | None:
        if self.history and self.history[-1].status == self.status:
            return self.history[-1].date
        return self.lifecycle_dates.get(self.status)


@dataclass(frozen=True, slots=True)
class Party(Record):
    name: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    type: str | None = None
    note: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Source(Record):
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: FuzzyDate | None = None
    kind: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Reserve(Record):
    country: str | None = None
    commodity: str | None = None
    value: Money | None = None
    basis: str | None = None
    date: FuzzyDate | None = None
    sources: tuple[Citation, ...] = ()
    supersedes: str | None = None


@dataclass(frozen=True, slots=True)
class Event(Record):
    date: FuzzyDate | None = None
    kind: str | None = None
    title: str | None = None
    actors: tuple[str, ...] = ()
    deals: tuple[str, ...] = ()
    summary: str | None = None
    sources: tuple[Citation, ...] = ()
    countries: tuple[str, ...] = ()
    reserves: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim(Record):
    claim: str | None = None
    verdict: str | None = None
    about: tuple[str, ...] = ()
    made: FuzzyDate | None = None
    checked: FuzzyDate | None = None
    note: str | None = None
    sources: tuple[Citation, ...] = ()
    countries: tuple[str, ...] = ()
    reserves: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rate:
    """``1 from = rate to`` on ``date``."""

    date: FuzzyDate
    from_currency: str
    to_currency: str
    rate: Decimal
    loc: Loc
    sources: tuple[Citation, ...] = ()
    field_locs: Mapping[str, Loc] = field(default_factory=dict, repr=False, compare=False,
                                          hash=False)

    def at(self, key: str) -> Loc:
        return self.field_locs.get(key, self.loc)


@dataclass(frozen=True, slots=True)
class Dataset:
    """Everything read from one dataset root, in a stable order (by file, then position)."""

    root: str
    deals: tuple[Deal, ...] = ()
    parties: tuple[Party, ...] = ()
    sources: tuple[Source, ...] = ()
    reserves: tuple[Reserve, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    rates: tuple[Rate, ...] = ()
    files: tuple[str, ...] = ()
    # Ids of deal files that gave no deal (they failed to read): records citing one are not
    # reported as citing an unknown deal, on top of the file's own errors.
    unread_deals: tuple[str, ...] = ()

    def by_id(self, kind: str) -> dict[str, Record]:
        """First record of each id for one record type (``deals``, ``parties`` …)."""
        index: dict[str, Record] = {}
        for record in getattr(self, kind):
            index.setdefault(record.id, record)
        return index


class Outlines(Protocol):
    """What a dataset check may read: every record, deals as ``DealOutline`` only.

    A ``Dataset`` of whole deals is one (a ``Deal`` is a ``DealOutline``), and so is the
    dataset ``validate`` assembles from outlines: a check typed against this reads the same
    fields on both paths.
    """

    @property
    def deals(self) -> Sequence[DealOutline]: ...
    @property
    def parties(self) -> Sequence[Party]: ...
    @property
    def sources(self) -> Sequence[Source]: ...
    @property
    def reserves(self) -> Sequence[Reserve]: ...
    @property
    def events(self) -> Sequence[Event]: ...
    @property
    def claims(self) -> Sequence[Claim]: ...
    @property
    def rates(self) -> Sequence[Rate]: ...
    @property
    def unread_deals(self) -> Sequence[str]: ...
