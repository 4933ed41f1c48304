"""Every party, source, deal and reserve reference resolves, with a "did you mean" when it
does not; the relations between deals (``part-of``, ``follows``) and reserve estimates
(``supersedes``) form no cycle."""

from __future__ import annotations

from dealtrack.diagnostics import Diagnostic, did_you_mean
from dealtrack.load.fields import BY_PLURAL
from dealtrack.model import Citation, Loc, Outlines


def check_references(dataset: Outlines, options) -> list[Diagnostic]:
    parties = {p.id for p in dataset.parties}
    sources = {s.id for s in dataset.sources}
    deals = {d.id for d in dataset.deals} | set(dataset.unread_deals)
    reserves = {r.id for r in dataset.reserves}
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
        for key, ref in (("part-of", deal.part_of), ("follows", deal.follows)):
            if ref is not None:
                need(ref, deals, "deal", "a deal file", _where(ref, deal.at(key)))
        for part in deal.components:
            cite(part.sources)
    for reserve in dataset.reserves:
        cite(reserve.sources)
        if reserve.supersedes is not None:
            need(reserve.supersedes, reserves, "reserve estimate", "reserves.yaml",
                 _where(reserve.supersedes, reserve.at("supersedes")))
    for event in dataset.events:
        for actor in event.actors:
            need(actor, parties, "party", "parties.yaml", _where(actor, event.at("actors")))
        for ref in event.deals:
            need(ref, deals, "deal", "a deal file", _where(ref, event.at("deals")))
        for ref in event.reserves:
            need(ref, reserves, "reserve estimate", "reserves.yaml",
                 _where(ref, event.at("reserves")))
        cite(event.sources)
    for claim in dataset.claims:
        for ref in claim.about:
            need(ref, deals, "deal", "a deal file", _where(ref, claim.at("about")))
        for ref in claim.reserves:
            need(ref, reserves, "reserve estimate", "reserves.yaml",
                 _where(ref, claim.at("reserves")))
        cite(claim.sources)
    for rate in dataset.rates:
        cite(rate.sources)
    return found


_RELATIONS = (("deals", "part-of", "a deal cannot be part of itself"),
              ("deals", "follows", "a deal cannot follow itself"),
              ("reserves", "supersedes", "a reserve estimate cannot supersede itself"))


def check_cycles(dataset: Outlines, options) -> list[Diagnostic]:
    """DT215: following ``part-of``, ``follows`` or ``supersedes`` never leads back."""
    found: list[Diagnostic] = []
    for kind, key, noun in _RELATIONS:
        attr = BY_PLURAL[kind].attrs[key]   # the model attribute (``part-of`` → ``part_of``)
        records = {}
        for record in getattr(dataset, kind):
            records.setdefault(record.id, record)
        links = {rid: getattr(r, attr) for rid, r in records.items() if getattr(r, attr)}
        done: set[str] = set()
        for start in links:
            if start in done:
                continue
            path: list[str] = []
            at = start
            while at in links and at not in done and at not in path:
                path.append(at)
                at = links[at]
            done.update(path)
            if at in path:
                cycle = path[path.index(at):]
                first = min(cycle)  # reported once, at the smallest id of the cycle
                loop = cycle[cycle.index(first):] + cycle[:cycle.index(first)] + [first]
                record = records[first]
                found.append(Diagnostic(
                    _where(links[first], record.at(key)), "DT215",
                    f"{key} runs in a circle: " + " → ".join(loop),
                    hint=f"{noun}; remove the link" if len(cycle) == 1
                    else f"remove one of the {key} links"))
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
