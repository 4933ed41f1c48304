"""Glue shared by the analysis commands: check options, load a clean dataset, stop on DT401.

The order is fixed so that a bad option is always one line and exit 2,
whatever the dataset holds: options that need no data (dates, choices,
currency and country codes, kinds) are checked before anything is loaded;
those that name records (party ids, sectors, deal ids) right after loading.
An analysis of a dataset with validation errors would present figures the
data does not support, so these commands print the errors to stderr and exit
1 without a report; warnings only earn a one-line note, printed once the
options have all passed.
"""

from __future__ import annotations

from typing import Annotated, NamedTuple

import typer

from dealtrack.cli.common import UsageError, check_choice, parse_today


def check_currency(code: str) -> str:
    from dealtrack.load.values import currency_code

    upper = code.strip().upper()
    if not currency_code(upper):
        raise UsageError(f"--currency '{code}' is not an ISO 4217 currency code (such as USD)")
    return upper


def load_checked(data: str, today, output, cache: bool = True):
    """``(dataset, warnings)`` for the dataset under ``data``; exits 1 (errors on stderr)
    when it does not validate. ``today`` is a date (check it with ``parse_today`` before
    loading). Pass ``warnings`` to ``note_warnings`` once every option has passed."""
    from dealtrack.load import load_dataset
    from dealtrack.render.fmt import plural

    loaded = load_dataset(data, today=today, cache=cache)
    if loaded.errors:
        _problems(loaded.diagnostics, output,
                  f"no report: the dataset has {plural(len(loaded.errors), 'error')} "
                  "(see above; 'dealtrack validate' checks it)")
    return loaded.dataset, len(loaded.diagnostics)


def note_warnings(warnings: int, output) -> None:
    """One line on stderr when the dataset has warnings (call it once the options passed)."""
    from dealtrack.render.fmt import plural

    if warnings:
        say(output, f"note: {plural(warnings, 'warning')} in the dataset; run "
                     "'dealtrack validate' to see them")


def stop_on_diagnostics(result, output) -> None:
    """Exit 1 without a report when a figure could not be converted (DT401)."""
    from dealtrack.render.fmt import plural

    if result.diagnostics:
        figures = plural(len(result.diagnostics), "figure")
        _problems(list(result.diagnostics), output,
                  f"no report: {figures} could not be converted to {result.currency}")


def report_diagnostics(result, output) -> None:
    """After a report that shows what it could: list unconverted figures, exit 1."""
    from dealtrack.render.fmt import plural

    if result.diagnostics:
        figures = plural(len(result.diagnostics), "figure")
        _problems(list(result.diagnostics), output,
                  f"{figures} shown in their own currency: no rate to {result.currency}",
                  shown=True)


def _problems(diagnostics, output, message: str, shown: bool = False):
    """The errors and one line on stderr, then exit 1; with ``--format json`` and no report
    ``shown``, a JSON document saying so (with the diagnostics) on stdout."""
    errors = [d for d in diagnostics if d.severity == "error"]
    _lines(errors, output)
    say(output, f"dealtrack: {message}")
    if output.format == "json" and output.report and not shown:
        from dealtrack.render.diagnostics import render_refusal

        render_refusal(output.report, message, errors, output)
    raise typer.Exit(1)


def say(output, line: str) -> None:
    """One line on stderr, never wrapped (logs and grep see it whole)."""
    output.err.print(line, markup=False, highlight=False, soft_wrap=True)


def _lines(diagnostics, output) -> None:
    from rich.text import Text

    from dealtrack.render.diagnostics import format_line

    for d in diagnostics:
        output.err.print(Text(format_line(d)), soft_wrap=True)
        if d.hint:
            output.err.print(Text(f"  hint: {d.hint}", style="dim"), soft_wrap=True)


def split(values) -> tuple[str, ...]:
    """Repeated and comma-separated option values as one tuple (``--host PK,AU --host CN``)."""
    return tuple(v.strip() for raw in values or () for v in raw.split(",") if v.strip())


def parse_options(since=None, until=None, include_ended=False, today=None, **lists):
    """``(filters, today)`` from the shared options (``host=…, not_status=…``), checked
    before any loading."""
    from dealtrack.analysis.filters import FACETS, parse_filters

    plural = dict(FACETS)
    values = {}
    for name, raw in lists.items():
        negated = name.startswith("not_")
        field = plural[name[4:] if negated else name]
        values[("not_" if negated else "") + field] = split(raw)
    filters = parse_filters(since=since, until=until, include_ended=bool(include_ended),
                            **values)
    return filters, parse_today(today)


class Opened(NamedTuple):
    """A dataset loaded for a report, with the checked options it was loaded under."""

    dataset: object
    filters: object
    currency: str | None
    warnings: int
    output: object


def open_report(report: str | None, fmt: str | None, data: str, *, filters: dict, today,
                no_cache: bool, currency: str | None = None) -> Opened:
    """Check ``--format``, ``--currency`` and the filters, then load the dataset.

    The one preamble of every filtered analysis command; options that need no data are
    checked before loading, so a bad one is one line and exit 2. Commands that write
    files (``export``, ``report``) pass no ``report`` and check their own formats.
    """
    from dealtrack.render import formats
    from dealtrack.render.output import Output

    if report is not None:
        check_choice("--format", fmt, formats(report))
    checked_currency = check_currency(currency) if currency is not None else None
    parsed, day = parse_options(**filters, today=today)
    output = Output(report=report, format=fmt)
    dataset, warnings = load_filtered(data, day, parsed, output, cache=not no_cache)
    return Opened(dataset, parsed, checked_currency, warnings, output)


def finish_report(report: str, fmt: str, result, opened: Opened, converts: bool = True,
                  exact: bool = False) -> None:
    """The warnings note, a stop on unconvertible figures (DT401) for reports that convert
    money, then the rendering."""
    note_warnings(opened.warnings, opened.output)
    if converts:
        stop_on_diagnostics(result, opened.output)
    render(report, fmt, result, opened.output, exact)


def render(report: str, fmt: str, result, output, exact: bool = False) -> None:
    """Render ``result``: every digit with ``exact`` (``--exact``), and with no trailing
    whitespace on any line when stdout is not a terminal."""
    from dealtrack.render import renderer
    from dealtrack.render.fmt import exact_figures
    from dealtrack.render.views import plain_lines

    with exact_figures(exact), plain_lines(output.out):
        renderer(report, fmt)(result, output)


def load_filtered(data: str, today, filters, output, cache: bool = True):
    """``(dataset, warnings)`` as ``load_checked``, with ``filters`` checked against the
    dataset (party ids, sectors)."""
    from dealtrack.analysis.filters import check_filters

    dataset, warnings = load_checked(data, today, output, cache)
    check_filters(dataset, filters)
    return dataset, warnings


# Format 1.1: which figure a report totals, the stated value or what was paid out.
MeasureOpt = Annotated[str, typer.Option(
    "--measure", metavar="MEASURE",
    help="Which figure to total: value (stated, pledged or committed; the default) or "
         "disbursed (money actually paid out; deals without it are 'not reported').")]


def check_measure(measure: str) -> str:
    from dealtrack.analysis.money import MEASURES

    measure = measure.strip().lower()
    if measure not in MEASURES:
        raise UsageError(f"--measure '{measure}' is not known (one of: {', '.join(MEASURES)})")
    return measure


RateAgeOpt = Annotated[int, typer.Option(
    "--rate-age", metavar="DAYS",
    help="Flag a conversion whose rate is more than DAYS older than the figure it converts "
         "(default 365; 0 flags any older rate).")]


def set_rate_age(days: int) -> None:
    from dealtrack.analysis.money import set_rate_age as set_limit

    if days < 0:
        raise UsageError(f"--rate-age must be 0 or more days, not {days}")
    set_limit(days)


def money_options(measure: str, rate_age: int) -> str:
    """``--measure`` checked and ``--rate-age`` applied, as every report taking them does;
    the measure, normalised."""
    measure = check_measure(measure)
    set_rate_age(rate_age)
    return measure
