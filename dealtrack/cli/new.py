"""``dealtrack new deal|party|source|event``: scaffold a record, check it, write it safely."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.common import (DEFAULT_DATA, DataOpt, TodayOpt, UsageError, guarded,
                                  parse_today)

Many = Optional[list[str]]
One = Optional[str]

# Which options each record type takes, in the format's key order; required ones first.
FIELDS = {
    "deal": ("id", "title", "instrument", "status", "date", "host", "party", "value",
             "component", "count", "sector", "commodity", "binding", "exclusive", "summary",
             "source", "quote"),
    "party": ("id", "name", "alias", "country", "type", "note", "url"),
    "source": ("id", "title", "publisher", "author", "date", "kind", "url", "note"),
    "event": ("id", "date", "kind", "title", "actor", "deal", "summary", "source", "quote"),
}
REQUIRED = {
    "deal": ("id", "title", "instrument", "status", "date", "host", "party", "sector", "source"),
    "party": ("id", "name", "country", "type"),
    "source": ("id", "title", "kind"),
    "event": ("id", "date", "kind", "title", "source"),
}
LISTS = {"date", "party", "sector", "commodity", "source", "quote", "alias", "actor", "deal",
         "component"}
PROMPTS = {
    "host": "host country code; several comma-separated (AU, US); EU for the European Union",
    "date": {"deal": "dates as STATUS=DATE, comma-separated (signed=2025-09-08)",
             "event": "date (YYYY-MM-DD, YYYY-MM or YYYY; ~ if approximate)",
             "source": "date (YYYY-MM-DD, YYYY-MM or YYYY)"},
    "party": "parties as ID:ROLE or ID:ROLE:STAKE, comma-separated (ussm:investor:15%, "
             "fwo:host)",
    "sector": "sectors, comma-separated", "source": "source ids, comma-separated",
}


def _opt(*names: str, help: str):
    return typer.Option(*names, help=help, show_default=False)


@guarded
def new(
    record: Annotated[str, typer.Argument(metavar="deal|party|source|event",
                                          help="What to create.")],
    id: Annotated[One, _opt("--id", help="The record's id (lower-case, digits, '-').")] = None,
    title: Annotated[One, _opt("--title", help="Title (deal, source, event).")] = None,
    name: Annotated[One, _opt("--name", help="Name (party).")] = None,
    instrument: Annotated[One, _opt("--instrument", help="Instrument (deal): mou, agreement, …")]
        = None,
    status: Annotated[One, _opt("--status", help="Status (deal): signed, in-force, …")] = None,
    date: Annotated[Many, _opt("--date", help="Deal: STATUS=DATE (repeat); source, event: "
                                              "DATE.")] = None,
    host: Annotated[One, _opt("--host", help="Host country code (deal), or several "
                                             "comma-separated (AU,US); the first decides the "
                                             "folder.")] = None,
    party: Annotated[Many, _opt("--party", help="ID:ROLE or ID:ROLE:STAKE (deal; repeat), "
                                                "e.g. jbic:lender:15%.")] = None,
    value: Annotated[One, _opt("--value", help="Amount (deal), e.g. 'USD 500 million'.")] = None,
    component: Annotated[Many, _opt("--component", help="KIND:PARTY or KIND:PARTY:AMOUNT "
                                                        "(deal; repeat), e.g. "
                                                        "'loan:us-exim:USD 1.25 billion'.")]
        = None,
    count: Annotated[One, _opt("--count", help="How many instruments (deal).")] = None,
    sector: Annotated[Many, _opt("--sector", help="Sector (deal; repeat).")] = None,
    commodity: Annotated[Many, _opt("--commodity", help="Commodity (deal; repeat).")] = None,
    binding: Annotated[Optional[bool], _opt("--binding/--not-binding", help="Deal.")] = None,
    exclusive: Annotated[Optional[bool], _opt("--exclusive/--not-exclusive", help="Deal.")]
        = None,
    summary: Annotated[One, _opt("--summary", help="Summary (deal, event).")] = None,
    source: Annotated[Many, _opt("--source", help="Cited source id (repeat).")] = None,
    quote: Annotated[Many, _opt("--quote", help="Quote for the --source in the same position.")]
        = None,
    alias: Annotated[Many, _opt("--alias", help="Alias (party; repeat).")] = None,
    country: Annotated[One, _opt("--country", help="Country code (party).")] = None,
    type: Annotated[One, _opt("--type", help="Party type: company, government, …")] = None,
    kind: Annotated[One, _opt("--kind", help="Kind (source: news, …; event: statement, …).")]
        = None,
    publisher: Annotated[One, _opt("--publisher", help="Publisher (source).")] = None,
    author: Annotated[One, _opt("--author", help="Author (source).")] = None,
    url: Annotated[One, _opt("--url", help="URL (party, source).")] = None,
    note: Annotated[One, _opt("--note", help="Note (party, source).")] = None,
    actor: Annotated[Many, _opt("--actor", help="Actor party id (event; repeat).")] = None,
    deal: Annotated[Many, _opt("--deal", help="Related deal id (event; repeat).")] = None,
    data: DataOpt = DEFAULT_DATA,
    today: TodayOpt = None,
) -> None:
    """Create a deal file, or add a party, source or event to its registry.

    Values come from the options, or from prompts when run in a terminal.
    The record is checked with the same rules as `validate` before anything
    is written; it is written atomically, never over an existing file, and
    the path written is printed. A deal goes to <host>/<id>.yaml.
    """
    from dealtrack import scaffold

    if record not in scaffold.KINDS:
        raise UsageError(f"new takes one of {', '.join(scaffold.KINDS)}, not '{record}'")
    given = {k: v for k, v in locals().items()
             if k in _ALL and v is not None and v != []}
    for key in given:
        if key not in FIELDS[record]:
            raise UsageError(f"--{key} does not apply to a {record}")
    if _interactive():
        _prompt(record, given)
    for key in ("host", "country"):  # as the analysis filters do: `pk` means PK
        if isinstance(given.get(key), str):
            given[key] = given[key].upper()
    if record == "deal" and isinstance(given.get("host"), str) and \
            any(sep in given["host"] for sep in ",+"):   # several hosts (format 1.1)
        given["host"] = [h.strip() for h in given["host"].replace("+", ",").split(",")
                         if h.strip()]
    fields = _fields(record, given)
    planned = scaffold.plan(data, record, fields, today=parse_today(today))
    if planned.diagnostics:
        from dealtrack.render.diagnostics import ValidationReport, render_text
        from dealtrack.render.output import Output

        render_text(ValidationReport(data, 1, list(planned.diagnostics)), Output())
    if planned.errors:
        typer.echo(f"not written: fix the {record} above and run again", err=True)
        raise typer.Exit(1)
    scaffold.write(planned)
    typer.echo(planned.path)


def _interactive() -> bool:
    import sys

    return sys.stdin.isatty()


_ALL = {name for names in FIELDS.values() for name in names}


def _prompt(record: str, given: dict) -> None:
    for key in REQUIRED[record]:
        if key in given:
            continue
        label = PROMPTS.get(key, key)
        label = label.get(record, key) if isinstance(label, dict) else label
        answer = typer.prompt(label, err=True).strip()
        if key in LISTS and not (key == "date" and record != "deal"):
            given[key] = [part.strip() for part in answer.split(",") if part.strip()]
        else:
            given[key] = [answer] if key == "date" else answer


def _fields(record: str, given: dict) -> dict:
    """The record as plain data in the format's key order, values as the user wrote them."""
    from dealtrack.scaffold import citations

    out: dict = {}
    for key in FIELDS[record]:
        value = given.get(key)
        if value is None or key == "quote":
            continue
        if key == "date":
            if record == "deal":
                out["dates"] = _dates(value)
            elif len(value) != 1:
                article = "an" if record[0] in "aeiou" else "a"
                raise UsageError(f"{article} {record} has one --date")
            else:
                out["date"] = value[0]
        elif key == "party":
            out["parties"] = [_party(p) for p in value]
        elif key == "component":
            out["components"] = [_component(c) for c in value]
        elif key == "source":
            out["sources"] = citations(value, given.get("quote") or [])
        elif key in ("binding", "exclusive"):
            out[key] = "true" if value else "false"
        elif key in LISTS:
            plural = {"sector": "sectors", "commodity": "commodities", "alias": "aliases",
                      "actor": "actors", "deal": "deals"}[key]
            out[plural] = list(value)
        else:
            out[key] = value
    if "quote" in given and "source" not in given:
        raise UsageError("--quote goes with a --source")
    return out


def _dates(values: list[str]) -> dict:
    dates = {}
    for item in values:
        status, sep, when = item.partition("=")
        if not sep:
            raise UsageError(f"--date for a deal is STATUS=DATE (signed=2025-09-08), not '{item}'")
        status = status.strip()
        if status in dates:
            raise UsageError(f"--date {status}= is given twice ({status}={dates[status]} and "
                             f"{item.strip()}); a deal has one date per status")
        dates[status] = when.strip()
    return dates


def _party(item: str) -> dict:
    party, sep, role = item.partition(":")
    if not sep:
        raise UsageError(f"--party is ID:ROLE or ID:ROLE:STAKE (ussm:investor), not '{item}'")
    role, sep, stake = role.partition(":")
    out = {"party": party.strip(), "role": role.strip()}
    if stake.strip():
        out["stake"] = stake.strip()
    return out


def _component(item: str) -> dict:
    kind, sep, rest = item.partition(":")
    party, _, value = rest.partition(":")
    if not sep or not party.strip():
        raise UsageError(f"--component is KIND:PARTY or KIND:PARTY:AMOUNT "
                         f"(loan:us-exim:USD 1.25 billion), not '{item}'")
    out = {"kind": kind.strip(), "party": party.strip()}
    if value.strip():
        out["value"] = value.strip()
    return out


def register(app: typer.Typer) -> None:
    app.command("new", short_help="Scaffold a deal, party, source or event.")(new)
