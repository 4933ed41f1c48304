"""Options shared by every command, declared once, and the error boundary.

Nothing heavy is imported here: this module is loaded on every start-up.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import sys
from typing import Annotated, Optional

import typer

DEFAULT_DATA = "deals"


def find_data(value: str) -> str:
    """The default dataset folder, found as git finds its repository.

    Without --data or DEALTRACK_DATA, ``deals`` is looked for from the current
    folder upwards: a folder named ``deals`` that holds the current one (running
    from inside the dataset) or a ``deals`` folder beside an ancestor (running
    from elsewhere in the repository). The path is given relative to the current
    folder, so every path printed opens from there.
    """
    if value != DEFAULT_DATA or os.environ.get("DEALTRACK_DATA") or os.path.isdir(value):
        return value
    here = folder = os.getcwd()
    while True:
        if os.path.basename(folder) == DEFAULT_DATA:
            return os.path.relpath(folder, here)
        if os.path.isdir(os.path.join(folder, DEFAULT_DATA)):
            return os.path.relpath(os.path.join(folder, DEFAULT_DATA), here)
        parent = os.path.dirname(folder)
        if parent == folder:
            return value
        folder = parent


DataOpt = Annotated[str, typer.Option(
    "--data", "-d", envvar="DEALTRACK_DATA", metavar="DIR", show_default=True,
    callback=find_data,
    help="Dataset root folder (or set DEALTRACK_DATA; by default the nearest deals/ at or "
    "above the current folder).")]
TodayOpt = Annotated[Optional[str], typer.Option(
    "--today", metavar="YYYY-MM-DD",
    help="Date taken as today for the future-date check (reproducible CI runs).")]
SelectOpt = Annotated[Optional[list[str]], typer.Option(
    "--select", metavar="CODE", help="Report only these rule codes or prefixes (DT2, DT301).")]
IgnoreOpt = Annotated[Optional[list[str]], typer.Option(
    "--ignore", metavar="CODE", help="Do not report these rule codes or prefixes.")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Exit 1 on warnings too, not only on errors.")]
NoCacheOpt = Annotated[bool, typer.Option(
    "--no-cache", help="Neither read nor write the parse cache (kept in the user's cache "
    "folder, or DEALTRACK_CACHE_DIR); results are the same either way.")]

# Analysis options (summary, totals, shares, timeline, list, show …). Repeat a
# filter to allow several values; different filters must all hold.
CurrencyOpt = Annotated[str, typer.Option(
    "--currency", metavar="CODE", show_default=True,
    help="Reporting currency; other currencies are converted only with a rate from rates.yaml.")]
HostOpt = Annotated[Optional[list[str]], typer.Option(
    "--host", metavar="CC", help="Only deals hosted in this country (ISO code, repeatable).")]
PartnerOpt = Annotated[Optional[list[str]], typer.Option(
    "--partner", metavar="CC",
    help="Only deals with a party from this country other than the host (repeatable).")]
PartyOpt = Annotated[Optional[list[str]], typer.Option(
    "--party", metavar="ID", help="Only deals this party (id) takes part in (repeatable).")]
InstrumentOpt = Annotated[Optional[list[str]], typer.Option(
    "--instrument", metavar="KIND", help="Only this instrument: mou, agreement, loan … "
    "(repeatable).")]
StatusOpt = Annotated[Optional[list[str]], typer.Option(
    "--status", metavar="STATUS", help="Only deals with this status (repeatable; naming "
    "cancelled or expired counts those deals).")]
SectorOpt = Annotated[Optional[list[str]], typer.Option(
    "--sector", metavar="SECTOR", help="Only deals in this sector (repeatable).")]
CommodityOpt = Annotated[Optional[list[str]], typer.Option(
    "--commodity", metavar="COMMODITY", help="Only deals naming this commodity (repeatable).")]


def _not(name: str, metavar: str, what: str):
    return Annotated[Optional[list[str]], typer.Option(
        f"--not-{name}", metavar=metavar, help=f"Leave out deals with this {what} (repeatable).")]


ExactOpt = Annotated[bool, typer.Option(
    "--exact", help="Show every digit of every amount (text rounds to three significant "
    "figures; JSON and CSV are always exact).")]
IncludeEndedOpt = Annotated[bool, typer.Option(
    "--include-ended", help="Count cancelled and expired deals in totals and shares too "
    "(by default they are left out and named).")]
SinceOpt = Annotated[Optional[str], typer.Option(
    "--since", metavar="DATE", help="From this date on: 2025, 2025-09, 'Sep 2025', 2025-09-08.")]
UntilOpt = Annotated[Optional[str], typer.Option(
    "--until", metavar="DATE", help="Up to the end of this date: 2025-09 runs to 30 Sep.")]


# The deal filters of the analysis commands, in the order --help lists them.
# Each filter that takes several values has an exclusion twin, --not-NAME.
FILTER_OPTIONS = (("host", HostOpt), ("partner", PartnerOpt), ("party", PartyOpt),
                  ("instrument", InstrumentOpt), ("status", StatusOpt), ("sector", SectorOpt),
                  ("commodity", CommodityOpt),
                  ("since", SinceOpt), ("until", UntilOpt),
                  ("not_host", _not("host", "CC", "host country")),
                  ("not_partner", _not("partner", "CC", "partner country")),
                  ("not_party", _not("party", "ID", "party")),
                  ("not_instrument", _not("instrument", "KIND", "instrument")),
                  ("not_status", _not("status", "STATUS", "status")),
                  ("not_sector", _not("sector", "SECTOR", "sector")),
                  ("not_commodity", _not("commodity", "COMMODITY", "commodity")),
                  ("include_ended", IncludeEndedOpt))


def deal_filters(command):
    """Give an analysis command the deal filters (--host … --until) as options.

    The command declares one parameter ``filters`` where the options belong in
    its --help, and receives them there as one ``{name: value}`` dict. Typer
    reads the signature set here, so each command does not repeat eight options.
    """
    import inspect

    signature = inspect.signature(command, eval_str=True)
    params = list(signature.parameters.values())
    at = [p.name for p in params].index("filters")
    options = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                 annotation=option,
                                 default=False if name == "include_ended" else None)
               for name, option in FILTER_OPTIONS]

    @functools.wraps(command)
    def run(*args, **kwargs):
        filters = {name: kwargs.pop(name, None) for name, _ in FILTER_OPTIONS}
        return command(*args, filters=filters, **kwargs)

    run.__signature__ = signature.replace(parameters=params[:at] + options + params[at + 1:])
    return run


def format_option(report: str, default: str = "text"):
    """A ``--format`` option offering the formats registered for ``report``."""
    from dealtrack.render import formats

    choices = formats(report)
    return Annotated[str, typer.Option(
        "--format", "-f", metavar="|".join(choices), show_default=True,
        help="Output format: " + ", ".join(choices) + ".")]


class UsageError(Exception):
    """A bad option value: one line, exit 2."""


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print one clear line to stderr and return the exit to raise."""
    from dealtrack.textsafe import escape

    sys.stderr.write(f"dealtrack: error: {escape(message)}\n")
    sys.stderr.flush()
    return typer.Exit(code)


def parse_today(value: str | None) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today takes a date as YYYY-MM-DD, not '{value}'") from None


def check_choice(option: str, value: str, choices: list[str]) -> str:
    if value not in choices:
        raise UsageError(f"{option} must be one of {', '.join(choices)}, not '{value}'")
    return value


def check_codes(option: str, patterns: list[str] | None) -> list[str]:
    from dealtrack.diagnostics import CATALOGUE, did_you_mean

    out = []
    for raw in patterns or []:
        for pattern in raw.split(","):
            pattern = pattern.strip().upper()
            if not pattern:
                continue
            if not any(code.startswith(pattern) for code in CATALOGUE):
                hint = did_you_mean(pattern, CATALOGUE)
                raise UsageError(f"{option}: no rule code starts with '{pattern}'"
                                 + (f" ({hint})" if hint else ""))
            out.append(pattern)
    return out


def guarded(command):
    """Turn library exceptions into one line and exit 2; internal errors into one line too."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        from dealtrack.errors import DealtrackError

        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except (DealtrackError, UsageError) as exc:
            raise fail(str(exc)) from None
        except BrokenPipeError:
            # The reader (head, less) went away: quiet, with git's status (see output.py).
            from dealtrack.render.output import closed_pipe

            raise closed_pipe() from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if os.environ.get("DEALTRACK_DEBUG"):
                raise
            raise fail(f"internal error: {type(exc).__name__}: {exc} (this is a bug in "
                       "dealtrack; set DEALTRACK_DEBUG=1 for the traceback and please report it)",
                       3) from None

    return run
