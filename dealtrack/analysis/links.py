"""How records relate: a deal's partner countries and counterparties, what a reserve covers,
which events and claims mention a deal.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from dealtrack.model import Claim, Dataset, Deal, Event, Party, Reserve

DOMESTIC = "(domestic)"


def party_index(dataset: Dataset) -> dict[str, Party]:
    return dataset.by_id("parties")  # type: ignore[return-value]


def counterparties(deal: Deal, parties: Mapping[str, Party]) -> tuple[str, ...]:
    """Ids of the deal's parties that are not from the host country, in the file's order.

    Parties missing from the registry are left out (validation reports them).
    """
    seen: list[str] = []
    for role in deal.parties:
        party = parties.get(role.party)
        if party is not None and party.country != deal.host and role.party not in seen:
            seen.append(role.party)
    return tuple(seen)


def partners(deal: Deal, parties: Mapping[str, Party]) -> tuple[str, ...]:
    """The countries of the parties not from the host country, sorted (``('CN', 'US')``)."""
    return tuple(sorted({parties[p].country for p in counterparties(deal, parties)}))


def covers(reserve: Reserve, deal: Deal) -> bool:
    """A deal counts against an estimate when hosted in its country and naming its commodity."""
    return deal.host == reserve.country and (
        reserve.commodity in deal.commodities or reserve.commodity in deal.sectors)


def covered_by(deals: Sequence[Deal]) -> dict[tuple[str, str], list[int]]:
    """``(country, commodity)`` → positions in ``deals`` of the deals an estimate of that
    commodity in that country ``covers``, in order: one pass, not one per estimate."""
    index: dict[tuple[str, str], list[int]] = {}
    for position, deal in enumerate(deals):
        for slug in dict.fromkeys((*deal.commodities, *deal.sectors)):
            index.setdefault((deal.host, slug), []).append(position)
    return index


def events_about(dataset: Dataset, deal_id: str) -> tuple[Event, ...]:
    return tuple(e for e in dataset.events if deal_id in e.deals)


def claims_about(dataset: Dataset, deal_id: str) -> tuple[Claim, ...]:
    return tuple(c for c in dataset.claims if deal_id in c.about)
