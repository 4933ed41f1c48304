"""``dealtrack show ID``: one record with everything linked to it."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, ExactOpt, NoCacheOpt,
                                  TodayOpt, check_choice, format_option, guarded, parse_today)


@guarded
def show(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="A deal, party, event, claim, "
                                             "reserve or source id.")],
    kind: Annotated[Optional[str], typer.Option(
        "--kind", "-k", metavar="KIND", help="When ids collide: deal, party, event, claim, "
        "reserve or source.")] = None,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("show") = "text",
    currency: CurrencyOpt = "USD",
    exact: ExactOpt = False,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """One deal (or party, event, claim, reserve, source) with everything linked to it:
    parties, sources with their quotes, events, claims and reserve shares.

    \b
    Examples:
      dealtrack show ussm-fwo-critical-minerals-2025
      dealtrack show ussm --kind party
      dealtrack show pk-rare-earths --format json
    """
    from dealtrack.analysis.show import KINDS, show_record
    from dealtrack.cli.analysis_args import (check_currency, load_checked, note_warnings,
                                             render, report_diagnostics)
    from dealtrack.render import formats
    from dealtrack.render.output import Output

    check_choice("--format", fmt, formats("show"))
    if kind is not None:
        check_choice("--kind", kind, list(KINDS))
    currency = check_currency(currency)
    day = parse_today(today)
    output = Output(report="show", format=fmt)
    dataset, warnings = load_checked(data, day, output, cache=not no_cache)
    result = show_record(dataset, record_id, currency, kind)
    note_warnings(warnings, output)
    render("show", fmt, result, output, exact)
    # The record is still worth seeing; a figure without a rate still fails the run.
    report_diagnostics(result, output)


def register(app: typer.Typer) -> None:
    app.command("show", short_help="One record with everything linked to it.")(show)
