"""Every party, source and deal reference resolves, with a "did you mean" when it does not."""

from __future__ import annotations

from dealtrack.diagnostics import Diagnostic, did_you_mean
from dealtrack.model import Citation, Loc, Outlines


def check_references(dataset: Outlines, options) -> list[Diagnostic]:
    parties = {p.id for p in dataset.parties}
    sources = {s.id for s in dataset.sources}
    deals = {d.id for d in dataset.deals} | set(dataset.unread_deals)
    found: list[Diagnostic] = []
    guesses: dict[tuple[str, str], str | None] = {}

    def need(ref: str, known: set[str], noun: str, registry: str, loc: Loc) -> None:
        if ref not in known:
            hint = _guess(guesses, ref, known, noun) or f"add it to {registry}"
            found.append(Diagnostic(loc, "DT202", f"unknown {noun} '{ref}'", hint=hint))

    def cite(citations: tuple[Citation, ...]) -> None:
        for citation in citations:
            need(citation.source, sources, "source", "sources.yaml", citation.loc)

    for deal in dataset.deals:
        seen = {}
        for member in deal.parties:
            need(member.party, parties, "party", "parties.yaml", member.loc)
            if member.party in seen and seen[member.party] == member.role:
                found.append(Diagnostic(member.loc, "DT208",
                                        f"party '{member.party}' is listed twice as {member.role}",
                                        hint="remove the repeated entry"))
            seen[member.party] = member.role
        cite(deal.sources)
    for reserve in dataset.reserves:
        cite(reserve.sources)
    for event in dataset.events:
        for actor in event.actors:
            need(actor, parties, "party", "parties.yaml", _where(actor, event.at("actors")))
        for ref in event.deals:
            need(ref, deals, "deal", "a deal file", _where(ref, event.at("deals")))
        cite(event.sources)
    for claim in dataset.claims:
        for ref in claim.about:
            need(ref, deals, "deal", "a deal file", _where(ref, claim.at("about")))
        cite(claim.sources)
    for rate in dataset.rates:
        cite(rate.sources)
    return found


# Each guess compares one id with every known id; past this many distinct unknown ids
# (a hostile or broken dataset) the hint falls back to "add it to ...".
MAX_GUESSES = 200


def _guess(guesses: dict, ref: str, known: set[str], noun: str) -> str | None:
    key = (noun, ref)
    if key not in guesses:
        guesses[key] = did_you_mean(ref, known) if len(guesses) < MAX_GUESSES else None
    return guesses[key]


def _where(ref: str, fallback: Loc) -> Loc:
    return getattr(ref, "loc", fallback)
