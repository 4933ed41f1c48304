"""``dealtrack totals``: instruments, deals, value and share of the total per group."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, NoCacheOpt, HostOpt, InstrumentOpt,
                                  PartnerOpt, PartyOpt, SectorOpt, SinceOpt, StatusOpt, TodayOpt,
                                  UntilOpt, check_choice, format_option, guarded)


@guarded
def totals(
    by: Annotated[Optional[list[str]], typer.Option(
        "--by", "-b", metavar="KEY", help="Group by partner, host, party, instrument, status, "
        "sector, commodity, year or binding; repeat for a cross-tabulation "
        "(default: partner).")] = None,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("totals") = "text",
    currency: CurrencyOpt = "USD",
    host: HostOpt = None, partner: PartnerOpt = None, party: PartyOpt = None,
    instrument: InstrumentOpt = None, status: StatusOpt = None, sector: SectorOpt = None,
    since: SinceOpt = None, until: UntilOpt = None,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Total value per group, as exact ranges, with each group's share of the grand total.

    Each deal counts once: a deal with partners CN and US is the group CN+US.
    Deals without a value count as deals but not as zero. Exit 1 when the
    dataset has errors or a figure has no exchange rate.
    """
    from dealtrack.analysis.totals import check_keys, compute_totals
    from dealtrack.cli.analysis_args import (check_currency, load_filtered, note_warnings,
                                             parse_options, stop_on_diagnostics)
    from dealtrack.render import formats, renderer
    from dealtrack.render.output import Output

    check_choice("--format", fmt, formats("totals"))
    currency = check_currency(currency)
    keys = check_keys(by or ["partner"])
    filters, day = parse_options(host, partner, party, instrument, status, sector, since,
                                 until, today)
    output = Output()
    dataset, warnings = load_filtered(data, day, filters, output, cache=not no_cache)
    result = compute_totals(dataset, keys, currency, filters)
    note_warnings(warnings, output)
    stop_on_diagnostics(result, output)
    renderer("totals", fmt)(result, output)


def register(app: typer.Typer) -> None:
    app.command("totals", short_help="Value, instruments and shares per group.")(totals)
