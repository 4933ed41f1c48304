"""``dealtrack show ID`` as text (fields, then linked sources, events, claims, shares) and JSON."""

from __future__ import annotations

from dealtrack.analysis.show import (ClaimDetail, DealDetail, EventDetail, PartyDetail, Quote,
                                     ReserveDetail, ShowResult, SourceDetail)
from dealtrack.analysis.counting import binding_label, ended_reason
from dealtrack.analysis.links import hosts
from dealtrack.render.fmt import (conversion_json, conversion_text, money_json, money_range,
                                  money_text, share_json, share_text)
from dealtrack.render.views import indented, text

JSON_VERSION = 1


def _fields(console, rows: list[tuple[str, str]]) -> None:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        if value:
            grid.add_row(label, _lines(value))
    console.print(grid)


def _lines(value: str):
    """A field of one entry a line (parties, components, history): each line escaped on its
    own (``views.text``), the line breaks between them kept."""
    from rich.text import Text

    return Text("\n").join(text(line) for line in value.split("\n"))


def _section(console, title: str, lines: list[str]) -> None:
    if lines:
        console.print()
        console.print(text(title, "bold"))
        for line in lines:
            indented(console, line)


def _sources(console, quotes: tuple[Quote, ...]) -> None:
    """Each source once, with the quotes taken from it beneath."""
    if not quotes:
        return
    console.print()
    console.print(text("Sources", "bold"))
    grouped: dict[str, list[Quote]] = {}
    for q in quotes:
        grouped.setdefault(q.source_id, []).append(q)
    for source_id, items in grouped.items():
        s = items[0].source
        where = ", ".join(x for x in (s.title if s else "(not in sources.yaml)",
                                      s.publisher if s else None,
                                      s.date.human() if s and s.date else None) if x)
        indented(console, f"{source_id}: {where}")
        for q in items:
            page = f" (p. {q.page})" if q.page else ""
            if q.quote:
                indented(console, f'"{q.quote}"{page}', 4, "italic")
            else:
                indented(console, f"(cited without a quote){page}", 4, "dim")


def _deal_text(console, d: DealDetail, currency: str) -> None:
    deal = d.deal
    console.print(text(f"Deal {deal.id}: {deal.title}", "bold"), overflow="fold")
    value = money_text(d.valued.value if d.valued.reported else None)
    if d.valued.conversion:
        value += f" (reported as {money_text(d.valued.original)})"
    elif d.valued.diagnostic:
        value = f"{money_text(d.valued.original)} (no rate to {currency}: see stderr)"
    figure = deal.value
    _fields(console, [
        ("instrument", f"{deal.instrument} ({binding_label(deal)})"
                       + (f", {deal.count} instruments" if deal.count > 1 else "")),
        ("status", deal.status + (" (ended: not counted in totals or shares)"
                                  if ended_reason(deal) else _not_counted(d))),
        ("dates", ", ".join(f"{s} {x.human()}" for s, x in deal.dates.items())),
        ("history", "\n".join(f"{e.date.human()}  {e.status}" + (f": {e.note}" if e.note else "")
                              for e in deal.history)),
        ("host", ", ".join(hosts(deal))),
        ("partners", ", ".join(d.partners) or "none (all parties from the host country)"),
        ("parties", "\n".join(member_text(m) for m in d.members)),
        ("value", value),
        ("value date", figure.date.human() if figure and figure.date else ""),
        ("value note", figure.note or "" if figure else ""),
        ("rate", conversion_text(d.valued.conversion) if d.valued.conversion else ""),
        ("disbursed", _disbursed(d)),
        ("components", "\n".join(component_text(part, figure) for part, figure in d.components)),
        ("relations", "\n".join(f"{relation} {other}" for relation, other in d.relations)),
        ("sectors", ", ".join(deal.sectors)),
        ("commodities", ", ".join(deal.commodities)),
        ("exclusive", {True: "yes", False: "no", None: ""}[deal.exclusive]),
        ("phases", "\n".join(f"{i}. {p.name}" for i, p in enumerate(deal.phases, 1))),
        ("summary", deal.summary or ""),
        ("file", deal.path or str(deal.loc)),
    ])
    _sources(console, d.quotes)
    _section(console, "Events", [f"{e.date.human() if e.date else 'undated'}  {e.kind}  "
                                 f"{e.id}: {e.title}" for e in d.events])
    _section(console, "Claims", [f"{c.verdict.upper()}  {c.id}: {c.claim}" for c in d.claims])
    _section(console, "Share of reserve estimates", [
        f"{b.reserve.id} ({money_text(b.value)}): "
        f"{share_text(b.row(deal.id).share) if b.row(deal.id) else '–'}" for b in d.shares])


def member_text(m) -> str:
    """``ussm (US Strategic Metals, US) investor, stake 15%: note on the role; party note: …``."""
    who = (f"{m.role.party} ({m.party.name}, {m.party.country or 'no country'})" if m.party
           else f"{m.role.party} (not in parties.yaml)")
    notes = [n for n in (m.role.note, f"party note: {m.party.note}"
                         if m.party and m.party.note else None) if n]
    stake = f", stake {m.role.stake}" if m.role.stake else ""
    return f"{who} {m.role.role}{stake}" + (f": {'; '.join(notes)}" if notes else "")


def component_text(part, figure) -> str:
    """``loan from us-exim: USD 1.25 billion (approved, Nov 2025; disbursed USD 300 million):
    note``; a contingent component says it is not summed."""
    from dealtrack.canonical import spell_money

    value = money_text(figure.value) if figure is not None and figure.value is not None else (
        money_text(figure.original) if figure is not None and figure.original else "")
    details = [x for x in (part.status, part.date.human() if part.date else None,
                           f"disbursed {spell_money(part.disbursed)}" if part.disbursed
                           else None,
                           "contingent: listed, not summed" if part.contingent else None) if x]
    out = f"{part.kind} from {part.party}" + (f": {value}" if value else "")
    if details:
        out += f" ({'; '.join(details)})"
    return out + (f": {part.note}" if part.note else "")


def _disbursed(d) -> str:
    if d.disbursed is None:
        return ""
    if d.disbursed.value is None:
        return "not reported" if not d.disbursed.reported else \
            f"{money_text(d.disbursed.original)} (no rate)"
    figure = d.deal.disbursed
    when = f" ({figure.date.human()})" if figure and figure.date else ""
    return money_text(d.disbursed.value) + when


def _not_counted(d) -> str:
    why = {"superseded": " (superseded: a counted deal follows it; not counted)",
           "part-of": " (part of a counted deal: not counted a second time)"}
    return why.get(d.not_counted or "", "")


def _party_text(console, d: PartyDetail, currency: str) -> None:
    p = d.party
    console.print(text(f"Party {p.id}: {p.name}", "bold"), overflow="fold")
    _fields(console, [("country", p.country), ("type", p.type), ("aliases", ", ".join(p.aliases)),
                      ("note", p.note or ""), ("url", p.url or "")])
    _section(console, "Deals", [f"{deal.id} ({role}): {deal.title}" for deal, role in d.deals])
    _section(console, "Events", [f"{e.date.human() if e.date else 'undated'}  {e.id}: "
                                 f"{e.title}" for e in d.events])


def _event_text(console, d: EventDetail, currency: str) -> None:
    e = d.event
    console.print(text(f"Event {e.id}: {e.title}", "bold"), overflow="fold")
    _fields(console, [("date", e.date.human() if e.date else "undated"), ("kind", e.kind),
                      ("actors", ", ".join(f"{a} ({p.name})" if p else a for a, p in d.actors)),
                      ("summary", e.summary or "")])
    _section(console, "Deals", [f"{deal.id}: {deal.title}" for deal in d.deals])
    _sources(console, d.quotes)


def _claim_text(console, d: ClaimDetail, currency: str) -> None:
    c = d.claim
    console.print(text(f"Claim {c.id}: {c.claim}", "bold"), overflow="fold")
    _fields(console, [("verdict", c.verdict.upper()),
                      ("made", c.made.human() if c.made else ""),
                      ("checked", c.checked.human() if c.checked else ""),
                      ("note", c.note or "")])
    _section(console, "About", [f"{deal.id}: {deal.title}" for deal in d.deals])
    _sources(console, d.quotes)


def _reserve_text(console, d: ReserveDetail, currency: str) -> None:
    from dealtrack.render.shares import render_block

    console.print(text("Reserve estimate", "bold"))
    render_block(console, d.shares)
    _sources(console, d.quotes)


def _source_text(console, d: SourceDetail, currency: str) -> None:
    s = d.source
    console.print(text(f"Source {s.id}: {s.title}", "bold"), overflow="fold")
    _fields(console, [("publisher", s.publisher or ""), ("author", s.author or ""),
                      ("date", s.date.human() if s.date else ""), ("kind", s.kind),
                      ("url", s.url or ""), ("note", s.note or "")])
    _section(console, "Cited by", [f"{kind} {rid}" for kind, rid in d.cited_by])


_TEXT = {DealDetail: _deal_text, PartyDetail: _party_text, EventDetail: _event_text,
         ClaimDetail: _claim_text, ReserveDetail: _reserve_text, SourceDetail: _source_text}


def render_text(result: ShowResult, output) -> None:
    _TEXT[type(result.detail)](output.out, result.detail, result.currency)
    if result.also:
        others = " and ".join(("an " if k[0] in "aeiou" else "a ") + k for k in result.also)
        output.err.print(f"note: '{result.id}' is also the id of {others}; use --kind to show it",
                         markup=False, highlight=False, soft_wrap=True)


def _quotes_json(quotes: tuple[Quote, ...]) -> list[dict]:
    return [{"source": q.source_id, "title": q.source.title if q.source else None,
             "publisher": q.source.publisher if q.source else None,
             "date": q.source.date.iso() if q.source and q.source.date else None,
             "quote": q.quote, "page": q.page} for q in quotes]


def _v11_json(d) -> dict:
    """Format 1.1 keys, present only for a deal that uses them (version-1 output unchanged)."""
    deal, out = d.deal, {}
    if any(m.role.stake for m in d.members):
        out["stakes"] = {m.role.party: str(m.role.stake) for m in d.members if m.role.stake}
    if deal.history:
        out["history"] = [{"date": e.date.iso(), "status": e.status, "note": e.note}
                          for e in deal.history]
    if deal.components:
        out["components"] = [{
            "kind": p.kind, "party": p.party, "contingent": p.contingent,
            "value": money_json(f.value) if f is not None else None,
            "reported_value": money_json(f.original) if f is not None else None,
            "status": p.status, "date": p.date.iso() if p.date else None,
            "disbursed": money_json(money_range(p.disbursed)), "note": p.note}
            for p, f in d.components]
    if d.disbursed is not None:
        out["disbursed"] = money_json(d.disbursed.value)
    if d.relations:
        out["relations"] = [{"relation": r, "deal": other} for r, other in d.relations]
    if d.not_counted in ("superseded", "part-of"):
        out["not_counted"] = d.not_counted
    return out


def _record_json(result: ShowResult) -> dict:
    d = result.detail
    if isinstance(d, DealDetail):
        deal = d.deal
        return {
            "title": deal.title, "path": deal.path, "instrument": deal.instrument,
            "status": deal.status, "binding": deal.is_binding, "exclusive": deal.exclusive,
            "instruments": deal.count,
            "dates": {s: x.iso() for s, x in deal.lifecycle_dates.items()}, "host": deal.host,
            "partners": list(d.partners), "counterparties": list(d.counterparties),
            "parties": [{"party": m.role.party, "role": m.role.role,
                         "name": m.party.name if m.party else None,
                         "country": m.party.country if m.party else None,
                         "note": m.role.note,
                         "party_note": m.party.note if m.party else None} for m in d.members],
            "value": money_json(d.valued.value),
            "value_note": deal.value.note if deal.value else None,
            "value_date": deal.value.date.iso() if deal.value and deal.value.date else None,
            "binding_label": binding_label(deal), "ended": ended_reason(deal),
            "reported_value": money_json(d.valued.original),
            "conversion": conversion_json(d.valued.conversion) if d.valued.conversion else None,
            "sectors": list(deal.sectors), "commodities": list(deal.commodities),
            "phases": [p.name for p in deal.phases], "summary": deal.summary,
            **_v11_json(d),
            "sources": _quotes_json(d.quotes),
            "events": [e.id for e in d.events], "claims": [
                {"claim": c.id, "verdict": c.verdict} for c in d.claims],
            "reserve_shares": [{"reserve": b.reserve.id, "value": money_json(b.value),
                                "share": share_json(b.row(deal.id).share)
                                if b.row(deal.id) else None} for b in d.shares],
        }
    if isinstance(d, PartyDetail):
        p = d.party
        return {"name": p.name, "country": p.country, "type": p.type,
                "aliases": list(p.aliases), "note": p.note, "url": p.url,
                "deals": [{"deal": deal.id, "role": role} for deal, role in d.deals],
                "events": [e.id for e in d.events]}
    if isinstance(d, EventDetail):
        e = d.event
        return {"title": e.title, "date": e.date.iso() if e.date else None, "kind": e.kind,
                "actors": [a for a, _ in d.actors], "deals": [x.id for x in d.deals],
                "summary": e.summary, "sources": _quotes_json(d.quotes)}
    if isinstance(d, ClaimDetail):
        c = d.claim
        return {"claim": c.claim, "verdict": c.verdict,
                "made": c.made.iso() if c.made else None,
                "checked": c.checked.iso() if c.checked else None, "note": c.note,
                "about": [x.id for x in d.deals], "sources": _quotes_json(d.quotes)}
    if isinstance(d, ReserveDetail):
        from dealtrack.render.shares import block_json

        return block_json(d.shares) | {"sources": _quotes_json(d.quotes)}
    s = d.source
    return {"title": s.title, "publisher": s.publisher, "author": s.author,
            "date": s.date.iso() if s.date else None, "kind": s.kind, "url": s.url,
            "note": s.note, "cited_by": [{"kind": k, "id": i} for k, i in d.cited_by]}


def to_json(result: ShowResult) -> dict:
    return {"version": JSON_VERSION, "report": "show", "kind": result.kind, "id": result.id,
            "currency": result.currency, "also": list(result.also),
            "record": _record_json(result)}


def render_json(result: ShowResult, output) -> None:
    output.write_json(to_json(result))
