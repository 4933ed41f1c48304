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


def _opt(*names: str, help: str, metavar: str | None = "TEXT"):
    return typer.Option(*names, help=help, show_default=False, metavar=metavar)


@guarded
def new(
    record: Annotated[str, typer.Argument(metavar="deal|party|source|event",
                                          help="What to create.")],
    id: Annotated[One, _opt("--id", metavar="ID", help="The record's id (lower-case, digits, '-').")] = None,
    title: Annotated[One, _opt("--title", help="Title (deal, source, event).")] = None,
    name: Annotated[One, _opt("--name", help="Name (party).")] = None,
    instrument: Annotated[One, _opt("--instrument", metavar="KIND", help="Instrument (deal): mou, agreement, …")]
        = None,
    status: Annotated[One, _opt("--status", metavar="STATUS", help="Status (deal): signed, in-force, …")] = None,
    date: Annotated[Many, _opt("--date", metavar="DATE", help="Deal: STATUS=DATE (repeat); source, event: "
                                              "DATE.")] = None,
    host: Annotated[One, _opt("--host", metavar="CC", help="Host country code (deal), or several "
                              "comma-separated (AU,US); the first decides the folder.")]
        = None,
    party: Annotated[Many, _opt("--party", metavar="ID:ROLE", help="ID:ROLE or ID:ROLE:STAKE "
                                "(deal; repeat), e.g. jbic:lender:15%.")] = None,
    value: Annotated[One, _opt("--value", metavar="AMOUNT", help="Amount (deal), e.g. 'USD 500 million'.")] = None,
    component: Annotated[Many, _opt("--component", metavar="KIND:PARTY[:AMOUNT]",
                                    help="A component of the deal (repeat), e.g. "
                                         "'loan:us-exim:USD 1.25 billion'.")] = None,
    count: Annotated[One, _opt("--count", metavar="N", help="How many instruments (deal).")] = None,
    sector: Annotated[Many, _opt("--sector", metavar="SECTOR", help="Sector (deal; repeat).")] = None,
    commodity: Annotated[Many, _opt("--commodity", metavar="COMMODITY", help="Commodity (deal; repeat).")] = None,
    binding: Annotated[Optional[bool], _opt("--binding/--not-binding", help="Deal.", metavar=None)] = None,
    exclusive: Annotated[Optional[bool], _opt("--exclusive/--not-exclusive", help="Deal.", metavar=None)]
        = None,
    summary: Annotated[One, _opt("--summary", help="Summary (deal, event).")] = None,
    source: Annotated[Many, _opt("--source", metavar="ID", help="Cited source id (repeat).")] = None,
    quote: Annotated[Many, _opt("--quote", help="Quote for the --source in the same position.")]
        = None,
    alias: Annotated[Many, _opt("--alias", help="Alias (party; repeat).")] = None,
    country: Annotated[One, _opt("--country", metavar="CC", help="Country code (party).")] = None,
    type: Annotated[One, _opt("--type", metavar="TYPE", help="Party type: company, government, …")] = None,
    kind: Annotated[One, _opt("--kind", metavar="KIND", help="Kind (source: news, …; event: statement, …).")]
        = None,
    publisher: Annotated[One, _opt("--publisher", help="Publisher (source).")] = None,
    author: Annotated[One, _opt("--author", help="Author (source).")] = None,
    url: Annotated[One, _opt("--url", metavar="URL", help="URL (party, source).")] = None,
    note: Annotated[One, _opt("--note", help="Note (party, source).")] = None,
    actor: Annotated[Many, _opt("--actor", metavar="ID", help="Actor party id (event; repeat).")] = None,
    deal: Annotated[Many, _opt("--deal", metavar="ID", help="Related deal id (event; repeat).")] = None,
    data: DataOpt = DEFAULT_DATA,
    today: TodayOpt = None,
) -> None:
    """Create a deal file, or add a party, source or event to its registry.

    Values come from the options, or from prompts when run in a terminal.
    The record is checked with the same rules as `validate` before anything
    is written; it is written atomically, never over an existing file, and
    the path written is printed. A deal goes to <host>/<id>.yaml.

    \b
    Examples:
      dealtrack new party --id acme --name Acme --country US --type company
      dealtrack new deal --id acme-pk-2025 --title 'Acme MoU' --instrument mou \\
        --status signed --date signed=2025-09-08 --host PK --party acme:investor \\
        --sector mining --source babar-2025
      dealtrack new deal        (in a terminal: asks for each missing value)
    """
    from dealtrack import scaffold

    if record not in scaffold.KINDS:
        raise UsageError(f"new takes one of {', '.join(scaffold.KINDS)}, not '{record}'")
    given = {k: v for k, v in locals().items()
             if k in _ALL and v is not None and v != []}
    for key in given:
        if key not in FIELDS[record]:
            raise UsageError(f"--{key} does not apply to a {record}")
    interactive = _interactive()
    if interactive:
        _prompt(record, given)
    day = parse_today(today)
    while True:
        for key in ("host", "country"):  # as the analysis filters do: `pk` means PK
            if isinstance(given.get(key), str):
                given[key] = given[key].upper()
        if record == "deal" and isinstance(given.get("host"), str) and \
                any(sep in given["host"] for sep in ",+"):   # several hosts (format 1.1)
            given["host"] = [h.strip() for h in given["host"].replace("+", ",").split(",")
                             if h.strip()]
        try:
            fields = _fields(record, given)
        except OptionError as exc:
            if not interactive:
                raise
            typer.echo(f"--{exc.key}: {exc}", err=True)
            _ask(record, exc.key, given)       # only the bad answer again
            continue
        planned = scaffold.plan(data, record, fields, today=day)
        problems = _by_option(planned)
        for option, d in problems:
            _say_problem(option, d)
        bad = {option for option, d in problems if d.severity == "error" and option}
        if not planned.errors:
            break
        if not interactive or not bad:
            typer.echo(f"not written: fix the {record}'s options above and run again", err=True)
            raise typer.Exit(1)
        for option in sorted(bad, key=FIELDS[record].index):
            _ask(record, option, given)
    scaffold.write(planned)
    typer.echo(planned.path)


def _interactive() -> bool:
    import sys

    return sys.stdin.isatty()


_ALL = {name for names in FIELDS.values() for name in names}


class OptionError(UsageError):
    """A bad value for one option (``key``): in a terminal, that answer alone is asked again."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


# Optional values worth asking for in a terminal (empty answer: left out).
OPTIONAL_PROMPTS = {"deal": {"value": "value, e.g. 'USD 500 million' (empty if not reported)"}}


def _prompt(record: str, given: dict) -> None:
    for key in REQUIRED[record]:
        if key not in given:
            _ask(record, key, given)
    for key, label in OPTIONAL_PROMPTS.get(record, {}).items():
        if key not in given:
            answer = typer.prompt(label, default="", show_default=False, err=True).strip()
            if answer:
                given[key] = answer


def _ask(record: str, key: str, given: dict) -> None:
    """Ask for one value (again), showing the current one as the default."""
    label = PROMPTS.get(key, key)
    label = label.get(record, key) if isinstance(label, dict) else label
    label = OPTIONAL_PROMPTS.get(record, {}).get(key, label)
    current = given.get(key)
    if isinstance(current, list):
        current = ", ".join(current)
    answer = typer.prompt(label, err=True, default=current or None).strip()
    if key in LISTS and not (key == "date" and record != "deal"):
        given[key] = [part.strip() for part in answer.split(",") if part.strip()]
    else:
        given[key] = [answer] if key == "date" else answer


# The option that sets each key of the emitted record.
_OPTION_OF = {"dates": "date", "parties": "party", "sources": "source", "sectors": "sector",
              "commodities": "commodity", "aliases": "alias", "actors": "actor", "deals": "deal",
              "quote": "quote"}


def _by_option(planned) -> list:
    """Each problem with the new record as (option, diagnostic): the file was never written,
    so a problem is told against the option that gave the value, not a line of it."""
    import re

    lines = planned.data.decode("utf-8", "replace").splitlines()
    top = re.compile(r"^(?:- |  )?([a-z][a-z-]*):" if planned.append_to is not None
                     else r"^([a-z][a-z-]*):")
    found = []
    for d in planned.diagnostics:
        option = None
        if 0 < d.loc.line <= len(lines):
            if re.match(r"^\s+(?:- )?quote:", lines[d.loc.line - 1]):
                option = "quote"
            for number in range(d.loc.line - 1, -1, -1):
                if option:
                    break
                key = top.match(lines[number])
                if key and not lines[number].startswith("    "):
                    option = _OPTION_OF.get(key.group(1), key.group(1))
        found.append((option, d))
    return found


def _say_problem(option: str | None, d) -> None:
    from dealtrack.textsafe import escape

    where = f"--{option}" if option else "the new record"
    typer.echo(f"{where}: {d.code} {escape(d.message)}", err=True)
    if d.hint:
        typer.echo(f"  hint: {escape(d.hint)}", err=True)


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
                raise OptionError("date", f"{article} {record} has one --date")
            else:
                out["date"] = _date(value[0])
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
            raise OptionError("date", "--date for a deal is STATUS=DATE (signed=2025-09-08), "
                              f"not '{item}'")
        status = status.strip()
        if status in dates:
            raise OptionError("date", f"--date {status}= is given twice ({status}="
                              f"{dates[status]} and {item.strip()}); a deal has one date per "
                              "status")
        dates[status] = _date(when.strip())
    return dates


def _date(text: str) -> str:
    """A date as every filter takes it (``10 Dec 2025``, ``Dec 2025``, ``2025-12-10``; ``~``
    for approximate), written in the format's spelling (``2025-12-10``)."""
    from dealtrack.analysis.filters import FilterError, parse_when

    approximate = text.startswith("~")
    body = text[1:].strip() if approximate else text
    try:
        when = parse_when(body, "--date")
    except FilterError:
        return text            # as written: the record check says what is wrong with it
    return ("~" if approximate else "") + when.iso()


def _party(item: str) -> dict:
    party, sep, role = item.partition(":")
    if not sep:
        raise OptionError("party", f"--party is ID:ROLE or ID:ROLE:STAKE (ussm:investor), "
                                   f"not '{item}'")
    role, _, stake = role.partition(":")
    out = {"party": party.strip(), "role": role.strip()}
    if stake.strip():   # format 1.1: the share of the venture the party holds or buys
        out["stake"] = stake.strip()
    return out


def _component(item: str) -> dict:
    kind, sep, rest = item.partition(":")
    party, _, value = rest.partition(":")
    if not sep or not party.strip():
        raise OptionError("component", "--component is KIND:PARTY or KIND:PARTY:AMOUNT "
                                       f"(loan:us-exim:USD 1.25 billion), not '{item}'")
    out = {"kind": kind.strip(), "party": party.strip()}
    if value.strip():
        out["value"] = value.strip()
    return out


def register(app: typer.Typer) -> None:
    app.command("new", short_help="Scaffold a deal, party, source or event.")(new)
