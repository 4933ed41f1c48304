"""Glue shared by the analysis commands: load a clean dataset, build filters, stop on DT401.

An analysis of a dataset with validation errors would present figures the
data does not support, so these commands print the errors to stderr and exit
1 without a report; warnings only earn a one-line note.
"""

from __future__ import annotations

import typer

from dealtrack.cli.common import UsageError, parse_today


def check_currency(code: str) -> str:
    from dealtrack.load.values import currency_code

    upper = code.strip().upper()
    if not currency_code(upper):
        raise UsageError(f"--currency '{code}' is not an ISO 4217 currency code (such as USD)")
    return upper


def load_checked(data: str, today: str | None, output):
    """The dataset under ``data``; exits 1 (errors on stderr) when it does not validate."""
    from dealtrack.load import load_dataset
    from dealtrack.render.fmt import plural

    loaded = load_dataset(data, today=parse_today(today))
    if loaded.errors:
        _problems(loaded.diagnostics, output,
                  f"no report: the dataset has {plural(len(loaded.errors), 'error')} "
                  "(see above; 'dealtrack validate' checks it)")
    warnings = len(loaded.diagnostics)
    if warnings:
        output.err.print(f"note: {plural(warnings, 'warning')} in the dataset; run "
                         "'dealtrack validate' to see them", markup=False, highlight=False)
    return loaded.dataset


def stop_on_diagnostics(result, output) -> None:
    """Exit 1 without a report when a figure could not be converted (DT401)."""
    from dealtrack.render.fmt import plural

    if result.diagnostics:
        figures = plural(len(result.diagnostics), "figure")
        _problems(list(result.diagnostics), output,
                  f"no report: {figures} could not be converted to {result.currency}")


def report_diagnostics(result, output) -> None:
    """After a report that shows what it could: list unconverted figures, exit 1."""
    if result.diagnostics:
        _problems(list(result.diagnostics), output,
                  f"{len(result.diagnostics)} figure(s) shown in their own currency: no rate to "
                  f"{result.currency}")


def _problems(diagnostics, output, message: str):
    errors = [d for d in diagnostics if d.severity == "error"]
    _lines(errors, output)
    output.err.print(f"dealtrack: {message}", markup=False, highlight=False)
    raise typer.Exit(1)


def _lines(diagnostics, output) -> None:
    from rich.text import Text

    from dealtrack.render.diagnostics import format_line

    for d in diagnostics:
        output.err.print(Text(format_line(d)), soft_wrap=True)
        if d.hint:
            output.err.print(Text(f"  hint: {d.hint}", style="dim"), soft_wrap=True)


def filters_from(dataset, host=None, partner=None, party=None, instrument=None, status=None,
                 sector=None, since=None, until=None):
    """Filters from the shared options (comma-separated values are split too)."""
    from dealtrack.analysis.filters import make_filters

    def split(values):
        return tuple(v.strip() for raw in values or () for v in raw.split(",") if v.strip())

    return make_filters(dataset, hosts=split(host), partners=split(partner),
                        parties=split(party), instruments=split(instrument),
                        statuses=split(status), sectors=split(sector), since=since,
                        until=until)
