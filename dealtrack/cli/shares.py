"""``dealtrack shares``: deals as shares of reserve estimates."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, HostOpt, InstrumentOpt,
                                  NoCacheOpt, PartnerOpt, PartyOpt, SectorOpt, SinceOpt, StatusOpt,
                                  TodayOpt, UntilOpt, format_option, guarded)


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
    from dealtrack.cli.analysis_args import finish_report, open_report

    opened = open_report("shares", fmt, data, today=today, no_cache=no_cache, currency=currency,
                         filters=dict(host=host, partner=partner, party=party,
                                      instrument=instrument, status=status, sector=sector,
                                      since=since, until=until))
    result = compute_shares(opened.dataset, reserve, tuple(deals or ()), opened.currency,
                            opened.filters)
    finish_report("shares", fmt, result, opened)


def register(app: typer.Typer) -> None:
    app.command("shares", short_help="Deal values as shares of reserve estimates.")(shares)
