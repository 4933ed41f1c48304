"""``dealtrack totals``: instruments, deals, value and share of the total per group."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.analysis_args import MeasureOpt, RateAgeOpt
from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, ExactOpt, NoCacheOpt,
                                  TodayOpt, deal_filters, format_option, guarded)


@guarded
@deal_filters
def totals(
    by: Annotated[Optional[list[str]], typer.Option(
        "--by", "-b", metavar="KEY", help="Group by partner, host, party, instrument, status, "
        "sector, commodity, year or binding; repeat for a cross-tabulation "
        "(default: partner).")] = None,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("totals") = "text",
    currency: CurrencyOpt = "USD",
    exact: ExactOpt = False,
    filters: dict | None = None,   # --host … --until, see deal_filters
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
    measure: MeasureOpt = "value",
    rate_age: RateAgeOpt = 365,
) -> None:
    """Total value per group, as exact ranges, with each group's share of the grand total.

    The total counts each deal once: a deal with partners CN and US is the group
    CN+US; by sector, commodity or party a deal is in the row of each of its
    values (rows overlap). Cancelled and expired deals are left out and named
    (--include-ended counts them). Deals without a value count as deals but not
    as zero. Exit 1 when the dataset has errors or a figure has no exchange rate.

    \b
    Examples:
      dealtrack totals
      dealtrack totals --by host --by instrument
      dealtrack totals --by year --currency PKR --format csv
    """
    from dealtrack.analysis.totals import check_keys, compute_totals
    from dealtrack.cli.analysis_args import finish_report, money_options, open_report

    keys = check_keys(by or ["partner"])
    measure = money_options(measure, rate_age)
    opened = open_report("totals", fmt, data, today=today, no_cache=no_cache, currency=currency,
                         filters=filters)
    result = compute_totals(opened.dataset, keys, opened.currency, opened.filters,
                            measure=measure)
    finish_report("totals", fmt, result, opened, exact=exact)


def register(app: typer.Typer) -> None:
    app.command("totals", short_help="Value, instruments and shares per group.")(totals)
