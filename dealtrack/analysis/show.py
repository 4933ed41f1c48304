"""``dealtrack show ID``: one record with everything linked to it."""

from __future__ import annotations

from dataclasses import dataclass

from dealtrack.analysis.links import claims_about, counterparties, events_about, partners
from dealtrack.analysis.money import Valued, deal_value
from dealtrack.analysis.shares import ReserveShares, compute_shares
from dealtrack.diagnostics import Diagnostic, did_you_mean
from dealtrack.errors import DealtrackError
from dealtrack.model import (Citation, Claim, Dataset, Deal, Event, Party, PartyRole, Reserve,
                             Source)

KINDS = ("deal", "party", "event", "claim", "reserve", "source")
_PLURAL = {"deal": "deals", "party": "parties", "event": "events", "claim": "claims",
           "reserve": "reserves", "source": "sources"}


@dataclass(frozen=True, slots=True)
class Quote:
    """A citation with its source resolved (``source`` None when the id does not resolve)."""

    source_id: str
    source: Source | None
    quote: str | None
    page: str | None = None


@dataclass(frozen=True, slots=True)
class Member:
    """A party in a deal, resolved."""

    role: PartyRole
    party: Party | None


@dataclass(frozen=True, slots=True)
class DealDetail:
    deal: Deal
    members: tuple[Member, ...]
    partners: tuple[str, ...]
    counterparties: tuple[str, ...]
    valued: Valued
    quotes: tuple[Quote, ...]
    events: tuple[Event, ...]
    claims: tuple[Claim, ...]
    shares: tuple[ReserveShares, ...]
    # Format 1.1: relations as (relation, deal id) — "part of", "contains", "follows",
    # "followed by" — each chain followed to its end; components with their figures in the
    # reporting currency (None: no figure reported; a contingent component's figure is given,
    # and the views say it is not summed); why the deal is not counted.
    relations: tuple[tuple[str, str], ...] = ()
    components: tuple[tuple[object, Valued | None], ...] = ()
    not_counted: str | None = None
    disbursed: Valued | None = None


@dataclass(frozen=True, slots=True)
class PartyDetail:
    party: Party
    deals: tuple[tuple[Deal, str], ...]
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class EventDetail:
    event: Event
    actors: tuple[tuple[str, Party | None], ...]
    deals: tuple[Deal, ...]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class ClaimDetail:
    claim: Claim
    deals: tuple[Deal, ...]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class ReserveDetail:
    reserve: Reserve
    shares: ReserveShares
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class SourceDetail:
    source: Source
    cited_by: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ShowResult:
    kind: str
    id: str
    detail: object
    currency: str
    also: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def show_record(dataset: Dataset, record_id: str, currency: str = "USD",
                kind: str | None = None) -> ShowResult:
    """Find ``record_id`` (a deal first, then party, event, claim, reserve, source) and link it."""
    kinds = KINDS if kind is None else (kind,)
    if kind is not None and kind not in KINDS:
        raise DealtrackError(f"--kind must be one of {', '.join(KINDS)}, not '{kind}'")
    found = [k for k in kinds if record_id in dataset.by_id(_PLURAL[k])]
    if not found:
        raise DealtrackError(_not_found(dataset, record_id, kind))
    kind = found[0]
    record = dataset.by_id(_PLURAL[kind])[record_id]
    detail, diagnostics = _DETAIL[kind](dataset, record, currency)
    return ShowResult(kind, record_id, detail, currency, tuple(found[1:]), tuple(diagnostics))


def _not_found(dataset: Dataset, record_id: str, kind: str | None) -> str:
    """Why nothing is shown: the id is another kind of record, or a near miss, or unknown."""
    other = [k for k in KINDS if record_id in dataset.by_id(_PLURAL[k])]
    if other:
        return (f"'{record_id}' is {_a(other[0])}, not {_a(kind)} "
                f"(drop --kind, or use --kind {other[0]})")
    pool = KINDS if kind is None else (kind,)
    ids = [i for k in pool for i in dataset.by_id(_PLURAL[k])]
    hint = did_you_mean(record_id, ids)
    what = "record" if kind is None else kind
    return f"no {what} '{record_id}' in this dataset" + (f" ({hint})" if hint else "")


def _a(kind: str | None) -> str:
    return "an " + kind if kind and kind[0] in "aeiou" else f"a {kind}"


def _quotes(dataset: Dataset, citations: tuple[Citation, ...]) -> tuple[Quote, ...]:
    sources = dataset.by_id("sources")
    return tuple(Quote(c.source, sources.get(c.source), c.quote, c.page) for c in citations)


def _deal(dataset: Dataset, deal: Deal, currency: str):
    parties = dataset.by_id("parties")
    valued = deal_value(deal, currency, dataset.rates)
    shares = compute_shares(dataset, deal_ids=(deal.id,), currency=currency)
    from dealtrack.analysis.links import covers

    linked = tuple(r for r in shares.reserves if covers(r.reserve, deal))
    diagnostics = [valued.diagnostic] if valued.diagnostic else []
    diagnostics += [d for d in shares.diagnostics if d not in diagnostics]
    from dealtrack.analysis.counting import ended_reasons
    from dealtrack.analysis.money import value_in

    parts = []
    for part in deal.components:
        figure = None
        if part.value is not None:
            figure = value_in(part.value, currency, dataset.rates, record=deal.id,
                              on=part.value.date or part.date or deal.first_date(),
                              loc=part.loc)
        parts.append((part, figure))
    disbursed = deal_value(deal, currency, dataset.rates, "disbursed") \
        if deal.disbursed or any(p.disbursed for p in deal.components) else None
    return DealDetail(
        deal, tuple(Member(p, parties.get(p.party)) for p in deal.parties),
        partners(deal, parties), counterparties(deal, parties), valued,
        _quotes(dataset, deal.sources), events_about(dataset, deal.id),
        claims_about(dataset, deal.id), linked, relations(dataset, deal), tuple(parts),
        ended_reasons(dataset).get(deal.id), disbursed), diagnostics


def relations(dataset: Dataset, deal: Deal) -> tuple[tuple[str, str], ...]:
    """The deal's ``part-of`` and ``follows`` chains, both ways: ``("part of", outer)`` up to
    the outermost deal, ``("follows", earlier)`` back to the first, and the deals that are
    inside it (``contains``) or follow it (``followed by``). Cycles stop where they close."""
    deals = dataset.by_id("deals")
    out: list[tuple[str, str]] = []
    for relation, attr in (("part of", "part_of"), ("follows", "follows")):
        seen = {deal.id}
        at = getattr(deal, attr)
        while at and at not in seen:
            out.append((relation, at))
            seen.add(at)
            at = getattr(deals[at], attr) if at in deals else None
    out += [("contains", d.id) for d in dataset.deals if d.part_of == deal.id]
    out += [("followed by", d.id) for d in dataset.deals if d.follows == deal.id]
    return tuple(out)


def _party(dataset: Dataset, party: Party, currency: str):
    deals = tuple((d, r.role) for d in dataset.deals for r in d.parties if r.party == party.id)
    events = tuple(e for e in dataset.events if party.id in e.actors)
    return PartyDetail(party, deals, events), []


def _event(dataset: Dataset, event: Event, currency: str):
    parties, deals = dataset.by_id("parties"), dataset.by_id("deals")
    return EventDetail(event, tuple((a, parties.get(a)) for a in event.actors),
                       tuple(deals[d] for d in event.deals if d in deals),
                       _quotes(dataset, event.sources)), []


def _claim(dataset: Dataset, claim: Claim, currency: str):
    deals = dataset.by_id("deals")
    return ClaimDetail(claim, tuple(deals[d] for d in claim.about if d in deals),
                       _quotes(dataset, claim.sources)), []


def _reserve(dataset: Dataset, reserve: Reserve, currency: str):
    shares = compute_shares(dataset, reserve.id, currency=currency)
    return (ReserveDetail(reserve, shares.reserves[0], _quotes(dataset, reserve.sources)),
            list(shares.diagnostics))


def _source(dataset: Dataset, source: Source, currency: str):
    cited = []
    for kind in ("deals", "events", "claims", "reserves"):
        for record in getattr(dataset, kind):
            if any(c.source == source.id for c in record.sources):
                cited.append((kind[:-1] if kind != "parties" else "party", record.id))
    return SourceDetail(source, tuple(cited)), []


_DETAIL = {"deal": _deal, "party": _party, "event": _event, "claim": _claim,
           "reserve": _reserve, "source": _source}
