"""``dealtrack shares``: deals as shares of reserve estimates."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, NoCacheOpt, HostOpt, InstrumentOpt,
                                  PartnerOpt, PartyOpt, SectorOpt, SinceOpt, StatusOpt, TodayOpt,
                                  UntilOpt, check_choice, format_option, guarded)


@guarded
def shares(
    deals: Annotated[Optional[list[str]], typer.Argument(
        metavar="[DEAL]...", help="Deal ids to measure (default: every deal hosted in the "
        "estimate's country naming its commodity).")] = None,
    reserve: Annotated[Optional[str], typer.Option(
        "--reserve", "-r", metavar="ID", help="Only this reserve estimate.")] = None,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("shares") = "text",
    currency: CurrencyOpt = "USD",
    host: HostOpt = None, partner: PartnerOpt = None, party: PartyOpt = None,
    instrument: InstrumentOpt = None, status: StatusOpt = None, sector: SectorOpt = None,
    since: SinceOpt = None, until: UntilOpt = None,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Each deal's value as a share of a reserve estimate: [deal low / reserve high,
    deal high / reserve low], per deal and for their total, with the estimate's source.
    """
    from dealtrack.analysis.shares import compute_shares
    from dealtrack.cli.analysis_args import (check_currency, load_filtered, note_warnings,
                                             parse_options, stop_on_diagnostics)
    from dealtrack.render import formats, renderer
    from dealtrack.render.output import Output

    check_choice("--format", fmt, formats("shares"))
    currency = check_currency(currency)
    filters, day = parse_options(host, partner, party, instrument, status, sector, since,
                                 until, today)
    output = Output()
    dataset, warnings = load_filtered(data, day, filters, output, cache=not no_cache)
    result = compute_shares(dataset, reserve, tuple(deals or ()), currency, filters)
    note_warnings(warnings, output)
    stop_on_diagnostics(result, output)
    renderer("shares", fmt)(result, output)


def register(app: typer.Typer) -> None:
    app.command("shares", short_help="Deal values as shares of reserve estimates.")(shares)
