"""``dealtrack list``: one line per deal, filterable, sortable by date or value."""

from __future__ import annotations

from typing import Annotated

import typer

from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, NoCacheOpt, HostOpt, InstrumentOpt,
                                  PartnerOpt, PartyOpt, SectorOpt, SinceOpt, StatusOpt, TodayOpt,
                                  UntilOpt, check_choice, format_option, guarded)


@guarded
def list_deals(
    sort: Annotated[str, typer.Option(
        "--sort", "-s", metavar="date|value|id", show_default=True,
        help="Order: date (oldest first), value (largest first) or id.")] = "date",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("list") = "text",
    currency: CurrencyOpt = "USD",
    host: HostOpt = None, partner: PartnerOpt = None, party: PartyOpt = None,
    instrument: InstrumentOpt = None, status: StatusOpt = None, sector: SectorOpt = None,
    since: SinceOpt = None, until: UntilOpt = None,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """One line per deal: date, host and partners, instrument, status, instruments, value."""
    from dealtrack.analysis.listing import SORTS, list_deals as compute
    from dealtrack.cli.analysis_args import (check_currency, load_filtered, note_warnings,
                                             parse_options, stop_on_diagnostics)
    from dealtrack.render import formats, renderer
    from dealtrack.render.output import Output

    check_choice("--format", fmt, formats("list"))
    check_choice("--sort", sort, list(SORTS))
    currency = check_currency(currency)
    filters, day = parse_options(host, partner, party, instrument, status, sector, since,
                                 until, today)
    output = Output()
    dataset, warnings = load_filtered(data, day, filters, output, cache=not no_cache)
    result = compute(dataset, filters, currency, sort, reverse)
    note_warnings(warnings, output)
    stop_on_diagnostics(result, output)
    renderer("list", fmt)(result, output)


def register(app: typer.Typer) -> None:
    app.command("list", short_help="One line per deal, filterable and sortable.")(list_deals)
