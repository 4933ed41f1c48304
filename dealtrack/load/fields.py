"""What each key of each record holds, as data: the one place a key of the format is declared.

A ``Field`` says what kind of value a key takes (``text``, ``date``, a
``choice`` among options, a ``list`` of items, a nested ``record`` …),
whether it is required, and what the value becomes in the model. The
converter (``load.convert``), the JSON Schema (``dealtrack.schema``), the
canonical key order (``dealtrack.fmt``, ``dealtrack.canonical``) and the
record-type table below all read these tables, so adding a key to the
format is adding one entry to one of them.

``RECORD_TYPES`` is the table of record types: plural (the ``Dataset``
attribute and the kind of a file's results), singular (how messages and
reports name one), model class, registry file (``parties.yaml`` …; deals
are one per file), and fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

from dealtrack.model import (COMPONENT_KINDS, EVENT_KINDS, INSTRUMENTS, PARTY_TYPES, QUALIFIERS,
                             ROLES, SOURCE_KINDS, STATUSES, VERDICTS, Citation, Claim, Component,
                             Deal, Event, HistoryEntry, Party, PartyRole, Phase, Rate, Reserve,
                             Source)

# The kinds of value a key can take. Scalars are read from their text by what the key expects
# (``load.values``); the others are read by ``load.convert``.
SCALAR_KINDS = ("text", "line", "id", "ref", "slug", "choice", "boolean", "count", "decimal", "date",
                "country", "currency", "amount", "stake")
# ``hosts``: one country code, or a list of them (format 1.1).
KINDS = (*SCALAR_KINDS, "money", "list", "record", "dates", "hosts")


@dataclass(frozen=True, eq=False)
class Field:
    """One key's specification.

    ``kind``: one of ``KINDS``. ``options``: the vocabulary of a ``choice``.
    ``item``: the ``Field`` of a ``list``'s items; ``minimum``: its fewest
    entries; ``shared``: equal lists are one tuple in memory (a small
    vocabulary such as sectors). ``fields``: the keys of a ``record`` (or the
    long form of ``money``, or the statuses of ``dates``), ``what``: how a
    message names one, ``build``: its model class. ``attr``: the model
    attribute when it is not the key (``from`` → ``from_currency``).
    ``hint``: what to say when a required key is missing. ``unless``: ``(key, value)``:
    the field is required unless the record's ``key`` holds ``value`` (``None``: unless
    ``key`` is present at all), as a multilateral party needs no country.
    """

    kind: str
    required: bool = False
    options: tuple[str, ...] = ()
    item: "Field | None" = None
    minimum: int = 0
    shared: bool = False
    fields: Mapping[str, "Field"] | None = None
    what: str = ""
    build: type | None = None
    attr: str | None = None
    hint: str | None = None
    unless: tuple[str, str | None] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:  # pragma: no cover - a typo in the tables below
            raise ValueError(f"unknown field kind {self.kind!r}")


def _req(kind: str, **more) -> Field:
    return Field(kind, True, **more)


def choice(options: tuple[str, ...], required: bool = False) -> Field:
    return Field("choice", required, options=options)


def list_of(item: Field, minimum: int = 0, required: bool = False, **more) -> Field:
    return Field("list", required, item=item, minimum=minimum, **more)


def record(what: str, build: type, fields: Mapping[str, Field]) -> Field:
    return Field("record", fields=fields, what=what, build=build)


CITATION = record("a source citation", Citation, {
    "source": _req("id"),
    "quote": Field("text"),
    "page": Field("text"),
})

PARTY_ROLE = record("a deal party", PartyRole, {
    "party": _req("id"),
    "role": choice(ROLES, required=True),
    "stake": Field("stake"),
    "note": Field("text"),
})

PHASE = record("a phase", Phase, {
    "name": _req("text"),
    "status": choice(STATUSES),
    "note": Field("text"),
})

# The long form of an amount (``value: {amount: ..., currency: ...}``).
MONEY_FIELDS: dict[str, Field] = {
    "amount": _req("amount"),
    "currency": _req("currency"),
    "qualifier": choice(QUALIFIERS),
    "note": Field("text"),
    "date": Field("date"),
}
MONEY = Field("money", fields=MONEY_FIELDS)

SOURCES = list_of(CITATION, minimum=1,
                  hint="cite at least one source:  sources: [{source: ID, quote: ...}]")
IDS = list_of(Field("ref"))
COUNTRIES = list_of(Field("country"))

COMPONENT = record("a component", Component, {
    "kind": choice(COMPONENT_KINDS, required=True),
    "party": Field("ref", True, hint="name who provides it:  party: ID  (a party of the deal)"),
    "value": MONEY,
    "status": choice(STATUSES),
    "date": Field("date"),
    "disbursed": MONEY,
    "note": Field("text"),
    "sources": list_of(CITATION),
})

HISTORY_ENTRY = record("a history entry", HistoryEntry, {
    "date": _req("date"),
    "status": choice(STATUSES, required=True),
    "note": Field("text"),
})
SLUGS = list_of(Field("slug"), shared=True)   # sectors and commodities: a small vocabulary
TEXTS = list_of(Field("text"))


def _required(spec: Field) -> Field:
    """The same field, required."""
    return replace(spec, required=True)


DEAL: dict[str, Field] = {
    "id": _req("id"),
    "title": _req("line"),
    "instrument": choice(INSTRUMENTS, required=True),
    "status": choice(STATUSES, required=True),
    "dates": Field("dates", True, fields={status: Field("date") for status in STATUSES},
                   hint="give the date of at least one status, for example  "
                        "dates: {signed: 2025-09-08}", unless=("history", None)),
    "history": list_of(HISTORY_ENTRY, minimum=1),
    "host": _req("hosts"),
    "parties": list_of(PARTY_ROLE, minimum=1, required=True,
                       hint="list who signed:  parties: [{party: ID, role: investor}]"),
    "value": MONEY,
    "disbursed": MONEY,
    "components": list_of(COMPONENT, minimum=1),
    "count": Field("count"),
    "sectors": _required(SLUGS),
    "commodities": SLUGS,
    "binding": Field("boolean"),
    "exclusive": Field("boolean"),
    "phases": list_of(PHASE),
    "part-of": Field("ref", attr="part_of"),
    "follows": Field("ref"),
    "summary": Field("text"),
    "sources": _required(SOURCES),
}

PARTY: dict[str, Field] = {
    "id": _req("id"),
    "name": _req("line"),
    "aliases": TEXTS,
    "country": Field("country", True, unless=("type", "multilateral")),
    "type": choice(PARTY_TYPES, required=True),
    "note": Field("text"),
    "url": Field("text"),
}

SOURCE: dict[str, Field] = {
    "id": _req("id"),
    "title": _req("text"),
    "publisher": Field("text"),
    "author": Field("text"),
    "date": Field("date"),
    "kind": choice(SOURCE_KINDS, required=True),
    "url": Field("text"),
    "note": Field("text"),
}

RESERVE: dict[str, Field] = {
    "id": _req("id"),
    "country": _req("country"),
    "commodity": _req("slug"),
    "value": _required(MONEY),
    "basis": Field("text"),
    "date": Field("date"),
    "supersedes": Field("ref"),
    "sources": _required(SOURCES),
}

EVENT: dict[str, Field] = {
    "id": _req("id"),
    "date": _req("date"),
    "kind": choice(EVENT_KINDS, required=True),
    "title": _req("line"),
    "actors": IDS,
    "deals": IDS,
    "countries": COUNTRIES,
    "reserves": IDS,
    "summary": Field("text"),
    "sources": _required(SOURCES),
}

CLAIM: dict[str, Field] = {
    "id": _req("id"),
    "claim": _req("line"),
    "verdict": choice(VERDICTS, required=True),
    "about": IDS,
    "countries": COUNTRIES,
    "reserves": IDS,
    "made": Field("date"),
    "checked": Field("date"),
    "note": Field("text"),
    "sources": _required(SOURCES),
}

RATE: dict[str, Field] = {
    "date": _req("date"),
    "from": _req("currency", attr="from_currency"),
    "to": _req("currency", attr="to_currency"),
    "rate": _req("decimal"),
    "sources": SOURCES,
}


@dataclass(frozen=True, eq=False)
class RecordType:
    """One type of record, and everything the code needs to know about it.

    ``identity``: the keys a record cannot be kept without (an entry without
    them is reported and dropped); a deal always has its file name's id.
    """

    plural: str
    singular: str
    cls: type
    registry: str | None
    what: str
    fields: Mapping[str, Field]
    identity: tuple[str, ...] = ("id",)
    attrs: Mapping[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "attrs", {key: spec.attr or key
                                           for key, spec in self.fields.items()})


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType("deals", "deal", Deal, None, "a deal", DEAL, identity=()),
    RecordType("parties", "party", Party, "parties", "a party", PARTY),
    RecordType("sources", "source", Source, "sources", "a source", SOURCE),
    RecordType("reserves", "reserve", Reserve, "reserves", "a reserve estimate", RESERVE),
    RecordType("events", "event", Event, "events", "an event", EVENT),
    RecordType("claims", "claim", Claim, "claims", "a claim", CLAIM),
    RecordType("rates", "rate", Rate, "rates", "a rate", RATE,
               identity=("date", "from", "to", "rate")),
)
BY_PLURAL: dict[str, RecordType] = {t.plural: t for t in RECORD_TYPES}
BY_REGISTRY: dict[str, RecordType] = {t.registry: t for t in RECORD_TYPES if t.registry}


def key_order(fields: Mapping[str, Field]) -> dict[str, tuple]:
    """``{key: (order of its own keys, their children)}`` for the keys holding mappings.

    What ``fmt`` needs to put nested mappings in canonical order: a ``record``
    (or a list of them), the long form of ``money`` and ``dates``.
    """
    out = {}
    for key, spec in fields.items():
        inner = spec.item if spec.kind == "list" else spec
        if inner is not None and inner.fields is not None:
            out[key] = (tuple(inner.fields), key_order(inner.fields))
    return out
