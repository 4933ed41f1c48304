"""How records relate: a deal's partner countries and counterparties, what a reserve covers,
which events and claims mention a deal.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from dealtrack.model import Claim, Dataset, Deal, Event, Party, Reserve

DOMESTIC = "(domestic)"


def party_index(dataset: Dataset) -> dict[str, Party]:
    return dataset.by_id("parties")  # type: ignore[return-value]


def hosts(deal: Deal) -> tuple[str, ...]:
    """The deal's host countries, sorted (one today; format 1.1 allows a list)."""
    host = deal.host
    if host is None:
        return ()
    return (host,) if isinstance(host, str) else tuple(sorted(host))


def counterparties(deal: Deal, parties: Mapping[str, Party]) -> tuple[str, ...]:
    """Ids of the deal's parties that are not from the host country, in the file's order.

    Parties missing from the registry are left out (validation reports them).
    """
    seen: list[str] = []
    home = hosts(deal)
    for role in deal.parties:
        party = parties.get(role.party)
        if party is not None and party.country not in home and role.party not in seen:
            seen.append(role.party)
    return tuple(seen)


def partners(deal: Deal, parties: Mapping[str, Party]) -> tuple[str, ...]:
    """The countries of the parties not from the host country, sorted (``('CN', 'US')``).

    A multilateral party without a country (format 1.1) is its own partner, named by its
    id (``ifc``), never a country's; the EU is ``EU``.
    """
    return tuple(sorted({parties[p].country or p for p in counterparties(deal, parties)}))


def component_labels(deal: Deal, party_id: str, key: str,
                     parties: Mapping[str, Party]) -> tuple[str, ...]:
    """The partner group (``key="partner"``) or party group (``"party"``) a component
    provided by ``party_id`` counts in: its party's country, the party itself when it has
    none (a multilateral), ``(domestic)`` for a party from a host country."""
    party = parties.get(party_id)
    if party is None or (party.country is not None and party.country in hosts(deal)):
        return (DOMESTIC,)
    if key == "party":
        return (party_id,)
    return (party.country or party_id,)


def covers(reserve: Reserve, deal: Deal) -> bool:
    """A deal counts against an estimate when hosted in its country and naming its commodity."""
    return reserve.country in hosts(deal) and (
        reserve.commodity in deal.commodities or reserve.commodity in deal.sectors)


def covered_by(deals: Sequence[Deal]) -> dict[tuple[str, str], list[int]]:
    """``(country, commodity)`` → positions in ``deals`` of the deals an estimate of that
    commodity in that country ``covers``, in order: one pass, not one per estimate."""
    index: dict[tuple[str, str], list[int]] = {}
    for position, deal in enumerate(deals):
        for slug in dict.fromkeys((*deal.commodities, *deal.sectors)):
            for host in hosts(deal):
                index.setdefault((host, slug), []).append(position)
    return index


def events_about(dataset: Dataset, deal_id: str) -> tuple[Event, ...]:
    return tuple(e for e in dataset.events if deal_id in e.deals)


def claims_about(dataset: Dataset, deal_id: str) -> tuple[Claim, ...]:
    return tuple(c for c in dataset.claims if deal_id in c.about)


def about_hosts(dataset: Dataset, hosts: Sequence[str]):
    """With ``--host``: a test whether a claim or event is about one of those hosts by its
    own ``countries`` or ``reserves`` (format 1.1), so it appears in that host's briefing;
    None without ``--host``."""
    if not hosts:
        return None
    wanted = set(hosts)
    reserves = {r.id: r.country for r in dataset.reserves}

    def test(record) -> bool:
        return bool(wanted & set(record.countries)) or any(
            reserves.get(r) in wanted for r in record.reserves)

    return test
