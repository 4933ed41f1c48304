"""The dataset as flat tables: one schema read by every export format.

``TABLES`` says, once, which tables there are, their columns, each column's
type and meaning; the CSV header, the SQLite DDL, the Datasette metadata,
the JSON Lines records and docs/export.md all follow it. ``build_tables``
fills the rows from a loaded dataset with plain values (``str``, ``int``,
``bool`` or ``None``): money stays exact decimal text, dates keep the
precision they were written with (``~2025-09``), and each figure comes with
its value in the reporting currency and the recorded rate used, found by
the same function the reports use (``dealtrack.analysis.money``).

Filters select deals as every analysis command does; the tables that hang
off deals follow them, and events, claims and reserve estimates are those
``summary`` shows for the same filters (each by its own dates and links); the
registries (parties, sources, rates) are whole. Ended deals (cancelled,
expired: ``analysis.counting``) that pass the filters are exported too, with
``counted`` false unless ``--include-ended`` counts them, so the SQL views and
``cli_totals`` count exactly what ``dealtrack totals`` counts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from dealtrack.analysis.counting import binding_label, ended_reason
from dealtrack.analysis.filters import Filters, select_deals
from dealtrack.analysis.money import (Conversion, Valued, decimal_text, figure_date, value_in,
                                      valued_deal)
from dealtrack.analysis.timeline import compute_timeline
from dealtrack.analysis.summary import compute_summary
from dealtrack.analysis.totals import Group, group_key
from dealtrack.canonical import record_key, spell_money
from dealtrack.diagnostics import Diagnostic
from dealtrack.analysis.links import hosts
from dealtrack.model import STATUSES, Citation, Dataset, Money
from dealtrack.render.fmt import money_cells, share_cells
from dealtrack.render.totals import original_cells

# Column types: text, int, bool, date (the format's spelling, ~ for approximate),
# decimal (exact text; SQLite adds a REAL column NAME_real beside it).
LIST_SEPARATOR = "; "
TOTALS_BY = ("partner", "host", "binding")   # the groupings exported with their totals
NOT_COUNTED, STALLED_ROW = "not counted", "stalled"   # cli_totals rows beside the groups


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    description: str
    ref: str | None = None    # "table.column" this column refers to (SQLite foreign key)


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _money_columns(what: str) -> tuple[Column, ...]:
    return (
        Column("amount_text", "text", f"the {what} as the format spells it "
               "(about USD 4.2 billion); reads back to the same value"),
        Column("currency", "text", "ISO 4217 code of the figure as reported"),
        Column("low", "decimal", "low end as reported, exact decimal text"),
        Column("high", "decimal", "high end as reported (equal to low for a point figure)"),
        Column("qualifier", "text", "exact | about | up to | at least"),
        Column("value_note", "text", "note given with the figure (long form)"),
        Column("value_date", "date", "date given with the figure (long form)"),
        Column("converted_currency", "text", "reporting currency (--currency)"),
        Column("converted_low", "decimal", "lower bound in the reporting currency (an 'up to' "
               "figure starts at 0), empty when there is no figure or no rate"),
        Column("converted_high", "decimal", "upper bound in the reporting currency; empty for "
               "'at least' (unbounded) or when there is no figure or no rate"),
        Column("rate", "decimal", "rate used: 1 unit of currency = rate converted_currency "
               "(empty when no conversion was needed)"),
        Column("rate_date", "date", "date of the recorded rate used"),
    )


def _about_columns() -> tuple[Column, ...]:
    return (Column("countries", "text", "format 1.1: countries it is about, separated by '; '"),
            Column("reserves", "text", "format 1.1: reserve estimate ids it is about, "
                   "separated by '; '"))


def _disbursed_columns(what: str) -> tuple[Column, ...]:
    return (
        Column("disbursed_text", "text", f"amount {what} has paid out so far (format 1.1 "
               "disbursed), as the format spells it"),
        Column("disbursed_currency", "text", "its currency"),
        Column("disbursed_low", "decimal", "its low end, exact"),
        Column("disbursed_high", "decimal", "its high end, exact"),
        Column("disbursed_qualifier", "text", "exact | about | up to | at least"),
        Column("disbursed_note", "text", "note given with the disbursed figure"),
        Column("disbursed_date", "date", "date of the disbursed figure"),
    )


def _deal_links(owner: str) -> Table:
    """``event_deals`` / ``claim_deals``: which deals each event or claim is about."""
    return Table(f"{owner}_deals", f"Which deals each {owner} is about.", (
        Column(owner, "text", f"{owner} id", f"{owner}s.id"),
        Column("deal", "text", "deal id (the deal may be outside a filtered export)"),
    ), key=(owner, "deal"))


TABLES: tuple[Table, ...] = (
    Table("deals", "One row per deal file: what was agreed, by whom, when, for how much.", (
        Column("id", "text", "deal id (its file name without .yaml)"),
        Column("path", "text", "file path below the dataset root"),
        Column("title", "text", "title"),
        Column("instrument", "text", "mou | agreement | contract | joint-venture | loan | "
               "grant | investment | framework | other"),
        Column("status", "text", "current status"),
        *(Column(f"date_{s.replace('-', '_')}", "date", f"date the deal was {s}")
          for s in STATUSES),
        Column("first_date", "date", "earliest lifecycle date (where the deal sits in time)"),
        Column("host", "text", "ISO 3166-1 country where the deal is carried out (format "
               "1.1: several joined with +, sorted: the key of totals --by host)"),
        Column("host_list", "text", "format 1.1: the hosts as the file lists them, in its "
               "order, separated by '; ' (empty when the file gives one code)"),
        Column("dates_from_history", "bool", "format 1.1: true when the file gives only "
               "history, so the date_* columns are its first date of each status"),
        Column("part_of", "text", "format 1.1: the deal this one is inside of (part-of)"),
        Column("follows", "text", "format 1.1: the earlier deal this one succeeds"),
        Column("partner_group", "text", "partner countries other than the host, joined with "
               "+ (the key of totals --by partner)"),
        Column("count", "int", "how many instruments the record stands for"),
        Column("binding", "bool", "binding as written in the file (empty: not stated)"),
        Column("is_binding", "bool", "binding instrument (as written, else from the "
               "instrument)"),
        Column("binding_label", "text", "binding (signed or later, not ended) | not yet "
               "signed | non-binding | ended: the key of totals --by binding"),
        Column("ended", "text", "cancelled | expired (the deal ended: not counted, unless "
               "--include-ended counts it), or (format 1.1) superseded | part-of while the "
               "deal that follows or holds it is counted; empty otherwise"),
        Column("counted", "bool", "counted in totals and shares under the export's filters "
               "(false: an ended deal, left out unless --include-ended)"),
        Column("exclusive", "bool", "exclusive as written (empty: not stated)"),
        Column("sectors", "text", "sectors, separated by '; '"),
        Column("commodities", "text", "commodities, separated by '; '"),
        Column("summary", "text", "summary"),
        *_money_columns("value"),
        *_disbursed_columns("the deal"),
    )),
    Table("deal_parties", "Who takes part in each deal, in the order the file lists them.", (
        Column("deal", "text", "deal id", "deals.id"),
        Column("position", "int", "1-based position in the deal's parties list"),
        Column("party", "text", "party id", "parties.id"),
        Column("role", "text", "investor | lender | buyer | host | partner | guarantor | "
               "operator | signatory | borrower | seller | adviser | insurer"),
        Column("stake", "text", "format 1.1: the share of the venture the party holds or "
               "buys, as written (15%, about 15%, 10 to 20%)"),
        Column("note", "text", "note"),
    ), key=("deal", "position")),
    Table("deal_history", "Format 1.1 history: each deal's dated status changes, in order "
          "(the last one's status is the deal's).", (
        Column("deal", "text", "deal id", "deals.id"),
        Column("position", "int", "1-based position in the deal's history list"),
        Column("date", "date", "date of the change"),
        Column("status", "text", "the status the deal took"),
        Column("note", "text", "note"),
    ), key=("deal", "position")),
    Table("deal_components", "Format 1.1 components: the tranches, stakes and instruments "
          "inside a deal, each from one of its parties, in the order the file lists them "
          "(contingent kinds, such as a guarantee, are listed, never summed).", (
        Column("deal", "text", "deal id", "deals.id"),
        Column("position", "int", "1-based position in the deal's components list"),
        Column("kind", "text", "equity | loan | grant | guarantee | credit-line | bond | "
               "offtake | price-floor | other"),
        Column("party", "text", "party id of who provides it", "parties.id"),
        Column("contingent", "bool", "a guarantee, offtake or price floor: never summed"),
        *_money_columns("component's value"),
        Column("status", "text", "the component's own status"),
        Column("date", "date", "the component's date"),
        *_disbursed_columns("the component"),
        Column("note", "text", "note"),
    ), key=("deal", "position")),
    Table("deal_phases", "Phases of each deal, in order.", (
        Column("deal", "text", "deal id", "deals.id"),
        Column("position", "int", "1-based position in the deal's phases list"),
        Column("name", "text", "phase name"),
        Column("status", "text", "phase status"),
        Column("note", "text", "note"),
    ), key=("deal", "position")),
    Table("citations", "Every citation: which record rests on which source, with the quote.", (
        Column("record_type", "text", "deal | component | reserve | event | claim | rate"),
        Column("record_id", "text", "id of the citing record (a rate: FROM-TO-DATE; a "
               "component: DEAL/POSITION)"),
        Column("position", "int", "1-based position in the record's sources list"),
        Column("source", "text", "source id", "sources.id"),
        Column("quote", "text", "the quoted words that support the record"),
        Column("page", "text", "page or section"),
    ), key=("record_type", "record_id", "position")),
    Table("parties", "The party registry (parties.yaml).", (
        Column("id", "text", "party id"),
        Column("name", "text", "name"),
        Column("aliases", "text", "other names, separated by '; '"),
        Column("country", "text", "ISO 3166-1 country"),
        Column("type", "text", "government | ministry | state-owned | military | company | "
               "business-group | bank | multilateral | other"),
        Column("note", "text", "note"),
        Column("url", "text", "web page"),
    )),
    Table("sources", "The source registry (sources.yaml).", (
        Column("id", "text", "source id"),
        Column("title", "text", "title"),
        Column("publisher", "text", "publisher"),
        Column("author", "text", "author"),
        Column("date", "date", "publication date"),
        Column("kind", "text", "news | opinion | official | dataset | other"),
        Column("url", "text", "address"),
        Column("note", "text", "note"),
    )),
    Table("reserves", "Reserve-value estimates (reserves.yaml).", (
        Column("id", "text", "estimate id"),
        Column("country", "text", "ISO 3166-1 country"),
        Column("commodity", "text", "commodity"),
        Column("basis", "text", "what the estimate measures"),
        Column("date", "date", "date of the estimate"),
        Column("supersedes", "text", "format 1.1: the older estimate this one replaces (reports "
               "use the newest, so it may be outside the export)"),
        *_money_columns("estimate"),
    )),
    Table("events", "Dated events that are not deals (events.yaml).", (
        Column("id", "text", "event id"),
        Column("date", "date", "date"),
        Column("date_precision", "text", "year | month | day"),
        Column("kind", "text", "statement | policy | visit | deal | history | other"),
        Column("title", "text", "title"),
        Column("actors", "text", "party ids, separated by '; '"),
        Column("summary", "text", "summary"),
        *_about_columns(),
    )),
    _deal_links("event"),
    Table("claims", "Circulating claims with their verdict (claims.yaml).", (
        Column("id", "text", "claim id"),
        Column("claim", "text", "the claim as it circulates"),
        Column("verdict", "text", "supported | disputed | unsupported | false"),
        Column("made", "date", "when the claim was made"),
        Column("checked", "date", "when it was checked"),
        Column("note", "text", "reasoning behind the verdict"),
        *_about_columns(),
    )),
    _deal_links("claim"),
    Table("cli_totals", "The totals dealtrack totals --by partner|host|binding prints, exact "
          "(the totals_by_* views recompute them in SQL with REAL sums), with the grand "
          "total, its stalled part and the ended deals it leaves out.", (
        Column("by", "text", "partner | host | binding | total (the grand total) | stalled "
               "(the stalled part of the total) | not counted (ended deals left out)"),
        Column("key", "text", "the group (CN, CN+US, PK, not yet signed …; total; stalled; "
               "the reason for not counted: cancelled, expired)"),
        Column("instruments", "int", "instruments in the group"),
        Column("deals", "int", "deal records in the group"),
        Column("reported_instruments", "int", "instruments of the deals that report a value"),
        Column("reported_deals", "int", "deals that report a value (converted)"),
        Column("value_low", "decimal", "low end of the group's value in the reporting "
               "currency; empty when no deal reports one"),
        Column("value_high", "decimal", "high end; empty when unbounded or not reported"),
        Column("currency", "text", "reporting currency"),
        Column("qualifier", "text", "qualifier of the sum (about if any part is)"),
        Column("share_low", "decimal", "lower bound of the share of the grand total"),
        Column("share_high", "decimal", "upper bound of the share of the grand total"),
        Column("stated_low", "decimal", "the stated figure text views show and rank by (an "
               "'at least' or 'up to' figure at its stated number): low end"),
        Column("stated_high", "decimal", "high end of the stated figure"),
        Column("stated_share_low", "decimal", "share of the stated grand total: low end"),
        Column("stated_share_high", "decimal", "share of the stated grand total: high end"),
        Column("open_ended", "text", "deals whose 'at least'/'up to' figure the stated "
               "figures rest on, separated by '; '"),
        Column("deal_ids", "text", "the group's deals, separated by '; '"),
        Column("unreported", "text", "the group's deals that report no value, separated by "
               "'; '"),
        Column("original_low", "decimal", "the group's figures as reported, summed, when they "
               "are in one currency: low end (as totals --format csv)"),
        Column("original_high", "decimal", "high end of the figures as reported"),
        Column("original_currency", "text", "their currency; several joined with + (then "
               "original_low/high are empty)"),
    ), key=("by", "key")),
    Table("rates", "Recorded currency conversion rates (rates.yaml).", (
        Column("id", "text", "FROM-TO-DATE, as citations name the rate"),
        Column("date", "date", "date of the rate"),
        Column("from_currency", "text", "1 unit of this currency …"),
        Column("to_currency", "text", "… is worth rate units of this one"),
        Column("rate", "decimal", "exact rate"),
    )),
)
TABLE_NAMES = tuple(t.name for t in TABLES)


def table(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)


@dataclass(frozen=True, slots=True)
class Export:
    """Rows of every table (``{table: [ {column: value} ]}``), in the reporting currency."""

    currency: str
    filters: Filters
    rows: dict[str, list[dict]]
    conversions: tuple[Conversion, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    # Deals not counted (ended, or counted through another deal) with a figure that has no
    # rate: their rows keep their own currency, as the reports' "not counted" lines say;
    # not an error, since no total rests on them (``--include-ended`` makes it one).
    not_converted: tuple[str, ...] = ()


def _date(value) -> str | None:
    return value.iso() if value is not None else None


def _relative(path: str, root: str) -> str:
    """A deal's file below the dataset root, '/'-separated (``pk/x.yaml``)."""
    if path:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        if not rel.startswith(os.pardir):
            return rel.replace(os.sep, "/")
    return path


def _joined(values) -> str | None:
    return LIST_SEPARATOR.join(values) if values else None


def money_row(money: Money | None, valued: Valued, currency: str) -> dict:
    """The money columns of one figure (see ``_money_columns``)."""
    if money is None:
        return {c.name: None for c in _money_columns("")}
    converted = valued.value
    conversion = valued.conversion
    return {
        "amount_text": spell_money(money), "currency": money.currency,
        "low": decimal_text(money.low), "high": decimal_text(money.high),
        "qualifier": money.qualifier, "value_note": money.note,
        "value_date": _date(money.date),
        "converted_currency": currency if converted is not None else None,
        "converted_low": decimal_text(converted.low) if converted is not None else None,
        "converted_high": (decimal_text(converted.high)
                           if converted is not None and converted.high is not None else None),
        "rate": decimal_text(conversion.rate) if conversion else None,
        "rate_date": conversion.rate_date.iso() if conversion else None,
    }


def _disbursed(money: Money | None) -> dict:
    """The disbursed_* columns of a component (as reported, not converted)."""
    if money is None:
        return {}
    return {"disbursed_text": spell_money(money), "disbursed_currency": money.currency,
            "disbursed_low": decimal_text(money.low), "disbursed_high": decimal_text(money.high),
            "disbursed_qualifier": money.qualifier, "disbursed_note": money.note,
            "disbursed_date": _date(money.date)}


def _about(record) -> dict:
    """The countries/reserves columns of an event or claim (format 1.1)."""
    return {"countries": _joined(record.countries), "reserves": _joined(record.reserves)}


def _citations(kind: str, record_id: str, citations: tuple[Citation, ...]) -> list[dict]:
    return [{"record_type": kind, "record_id": record_id, "position": i, "source": c.source,
             "quote": c.quote, "page": c.page} for i, c in enumerate(citations, 1)]


def totals_row(by: str, key: str, group: Group) -> dict:
    """One ``cli_totals`` row: a group as ``totals --format json`` gives it, exact."""
    low, high, money_currency, qualifier = money_cells(group.value)
    share_low, share_high = share_cells(group.share)
    stated_low, stated_high, _, _ = money_cells(group.stated)
    stated_share_low, stated_share_high = share_cells(group.stated_share)
    return {"by": by, "key": key, "instruments": group.instruments, "deals": group.deals,
            "reported_instruments": group.reported_instruments,
            "reported_deals": group.reported_deals, "value_low": low or None,
            "value_high": high or None, "currency": money_currency or None,
            "qualifier": qualifier or None, "share_low": share_low or None,
            "share_high": share_high or None, "stated_low": stated_low or None,
            "stated_high": stated_high or None, "stated_share_low": stated_share_low or None,
            "stated_share_high": stated_share_high or None,
            "open_ended": _joined(group.open_ended), "deal_ids": _joined(group.deal_ids),
            "unreported": _joined(group.unreported),
            **dict(zip(("original_low", "original_high", "original_currency"),
                       (cell or None for cell in original_cells(group.originals))))}


def build_tables(dataset: Dataset, currency: str = "USD",
                 filters: Filters | None = None) -> Export:
    """Every table's rows for the deals passing ``filters``, with figures in ``currency``."""
    filters = filters or Filters()
    selection = select_deals(dataset, filters)
    parties = dataset.by_id("parties")
    values: dict[str, Valued] = {}
    rows: dict[str, list[dict]] = {name: [] for name in TABLE_NAMES}
    conversions: list[Conversion] = []
    diagnostics: list[Diagnostic] = []
    not_converted: list[str] = []

    def note(valued: Valued, deal_id: str | None = None) -> None:
        if valued.conversion:
            conversions.append(valued.conversion)
        if valued.diagnostic and deal_id is not None and deal_id not in counted:
            not_converted.append(deal_id)
        elif valued.diagnostic:
            diagnostics.append(valued.diagnostic)

    counted = {d.id for d in selection.deals}
    for deal in selection.matching:
        valued = valued_deal(deal, currency, dataset.rates, values)
        note(valued, deal.id)
        first = deal.first_date()
        row = {"id": deal.id, "path": _relative(deal.path, dataset.root), "title": deal.title,
               "instrument": deal.instrument, "status": deal.status}
        dates = deal.lifecycle_dates
        row.update({f"date_{s.replace('-', '_')}": _date(dates.get(s)) for s in STATUSES})
        row.update({
            "first_date": _date(first), "host": "+".join(hosts(deal)),
            "host_list": (None if deal.host is None or isinstance(deal.host, str)
                          else LIST_SEPARATOR.join(deal.host)),
            "dates_from_history": bool(deal.history) and not deal.dates,
            "part_of": deal.part_of, "follows": deal.follows,
            "partner_group": group_key(deal, "partner", parties), "count": deal.count,
            "binding": deal.binding, "is_binding": deal.is_binding,
            "binding_label": binding_label(deal),
            "ended": selection.reasons.get(deal.id) or ended_reason(deal),
            "counted": deal.id in counted,
            "exclusive": deal.exclusive, "sectors": _joined(deal.sectors),
            "commodities": _joined(deal.commodities), "summary": deal.summary})
        row.update(money_row(deal.value, valued, currency))
        row.update(_disbursed(deal.disbursed))
        rows["deals"].append(row)
        rows["deal_parties"] += [{"deal": deal.id, "position": i, "party": p.party,
                                  "role": p.role,
                                  "stake": str(p.stake) if p.stake is not None else None,
                                  "note": p.note}
                                 for i, p in enumerate(deal.parties, 1)]
        rows["deal_history"] += [{"deal": deal.id, "position": i, "date": _date(h.date),
                                  "status": h.status, "note": h.note}
                                 for i, h in enumerate(deal.history, 1)]
        rows["deal_phases"] += [{"deal": deal.id, "position": i, "name": p.name,
                                 "status": p.status, "note": p.note}
                                for i, p in enumerate(deal.phases, 1)]
        rows["citations"] += _citations("deal", deal.id, deal.sources)
        for position, part in enumerate(deal.components, 1):
            part_valued = value_in(part.value, currency, dataset.rates, record=deal.id,
                                   on=(part.value.date if part.value else None) or part.date
                                   or figure_date(deal), loc=part.loc)
            note(part_valued, deal.id)
            row = {"deal": deal.id, "position": position, "kind": part.kind,
                   "party": part.party, "contingent": part.contingent}
            row.update(money_row(part.value, part_valued, currency))
            row.update({"status": part.status, "date": _date(part.date), "note": part.note})
            row.update(_disbursed(part.disbursed))
            rows["deal_components"].append(row)
            rows["citations"] += _citations("component", f"{deal.id}/{position}", part.sources)
    for party in dataset.parties:
        rows["parties"].append({"id": party.id, "name": party.name,
                                "aliases": _joined(party.aliases), "country": party.country,
                                "type": party.type, "note": party.note, "url": party.url})
    for source in dataset.sources:
        rows["sources"].append({"id": source.id, "title": source.title,
                                "publisher": source.publisher, "author": source.author,
                                "date": _date(source.date), "kind": source.kind,
                                "url": source.url, "note": source.note})
    summary = compute_summary(dataset, currency, filters)
    for reserve in (block.reserve for block in summary.reserves.reserves):
        valued = value_in(reserve.value, currency, dataset.rates, record=reserve.id,
                          on=reserve.date, loc=reserve.at("value"))
        note(valued)
        row = {"id": reserve.id, "country": reserve.country, "commodity": reserve.commodity,
               "basis": reserve.basis, "date": _date(reserve.date),
               "supersedes": reserve.supersedes}
        row.update(money_row(reserve.value, valued, currency))
        rows["reserves"].append(row)
        rows["citations"] += _citations("reserve", reserve.id, reserve.sources)
    kept_events = {e.id for e in compute_timeline(dataset, filters, kinds=("event",)).entries}
    for event in dataset.events:
        undated_kept = event.date is None and filters == Filters()
        if event.id not in kept_events and not undated_kept:
            continue
        rows["events"].append({"id": event.id, "date": _date(event.date),
                               "date_precision": event.date.precision if event.date else None,
                               "kind": event.kind, "title": event.title,
                               "actors": _joined(event.actors), "summary": event.summary,
                               **_about(event)})
        rows["event_deals"] += [{"event": event.id, "deal": d} for d in event.deals]
        rows["citations"] += _citations("event", event.id, event.sources)
    for claim in summary.claims:
        rows["claims"].append({"id": claim.id, "claim": claim.claim, "verdict": claim.verdict,
                               "made": _date(claim.made), "checked": _date(claim.checked),
                               "note": claim.note, **_about(claim)})
        rows["claim_deals"] += [{"claim": claim.id, "deal": d} for d in claim.about]
        rows["citations"] += _citations("claim", claim.id, claim.sources)
    totals = dict(zip(TOTALS_BY, (summary.partners, summary.hosts, summary.binding)))
    for by in TOTALS_BY:
        rows["cli_totals"] += [totals_row(by, g.key[0], g) for g in totals[by].groups]
    grand = summary.partners
    rows["cli_totals"].append(totals_row("total", "total", grand.total))
    if grand.stalled is not None:
        rows["cli_totals"].append(totals_row(STALLED_ROW, STALLED_ROW, grand.stalled))
    rows["cli_totals"] += [totals_row(NOT_COUNTED, g.key[0], g) for g in grand.ended]
    for rate in dataset.rates:
        key = record_key("rates", rate)
        rows["rates"].append({"id": key, "date": rate.date.iso(),
                              "from_currency": rate.from_currency,
                              "to_currency": rate.to_currency, "rate": decimal_text(rate.rate)})
        rows["citations"] += _citations("rate", key, rate.sources)
    return Export(currency, filters, rows, tuple(dict.fromkeys(conversions)),
                  tuple(dict.fromkeys(diagnostics)), tuple(dict.fromkeys(not_converted)))
