"""``dealtrack shares``: deals as shares of reserve estimates."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.analysis_args import MeasureOpt, RateAgeOpt
from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, ExactOpt, NoCacheOpt,
                                  TodayOpt, deal_filters, format_option, guarded)


@guarded
@deal_filters
def shares(
    deals: Annotated[Optional[list[str]], typer.Argument(
        metavar="[DEAL]...", help="Deal ids to measure (default: every deal hosted in the "
        "estimate's country naming its commodity).")] = None,
    reserve: Annotated[Optional[str], typer.Option(
        "--reserve", "-r", metavar="ID", help="Only this reserve estimate.")] = None,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("shares") = "text",
    currency: CurrencyOpt = "USD",
    exact: ExactOpt = False,
    filters: dict | None = None,   # --host … --until, see deal_filters
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
    measure: MeasureOpt = "value",
    rate_age: RateAgeOpt = 365,
) -> None:
    """Each deal's value as a share of a reserve estimate: [deal low / reserve high,
    deal high / reserve low], per deal and for their total, with the estimate's source.

    \b
    Examples:
      dealtrack shares
      dealtrack shares --reserve pk-rare-earths --format json
    """
    from dealtrack.analysis.shares import compute_shares
    from dealtrack.cli.analysis_args import finish_report, money_options, open_report

    measure = money_options(measure, rate_age)

    opened = open_report("shares", fmt, data, today=today, no_cache=no_cache, currency=currency,
                         filters=filters)
    result = compute_shares(opened.dataset, reserve, tuple(deals or ()), opened.currency,
                            opened.filters, measure=measure)
    finish_report("shares", fmt, result, opened, exact=exact)


def register(app: typer.Typer) -> None:
    app.command("shares", short_help="Deal values as shares of reserve estimates.")(shares)
