"""``dealtrack list``: one line per deal, filterable, sortable by date or value."""

from __future__ import annotations

from typing import Annotated

import typer

from dealtrack.cli.analysis_args import MeasureOpt, RateAgeOpt
from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, ExactOpt, NoCacheOpt,
                                  TodayOpt, check_choice, deal_filters, format_option, guarded)


@guarded
@deal_filters
def list_deals(
    sort: Annotated[str, typer.Option(
        "--sort", "-s", metavar="date|value|id", show_default=True,
        help="Order: date (oldest first), value (largest first) or id.")] = "date",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("list") = "text",
    currency: CurrencyOpt = "USD",
    exact: ExactOpt = False,
    filters: dict | None = None,   # --host … --until, see deal_filters
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
    measure: MeasureOpt = "value",
    rate_age: RateAgeOpt = 365,
) -> None:
    """One line per deal: date, host and partners, instrument, status, instruments, value.

    \b
    Examples:
      dealtrack list
      dealtrack list --sort value --host PK
      dealtrack list --format csv > deals.csv
    """
    from dealtrack.analysis.listing import SORTS, list_deals as compute
    from dealtrack.cli.analysis_args import finish_report, money_options, open_report

    measure = money_options(measure, rate_age)

    check_choice("--sort", sort, list(SORTS))
    opened = open_report("list", fmt, data, today=today, no_cache=no_cache, currency=currency,
                         filters=filters)
    result = compute(opened.dataset, opened.filters, opened.currency, sort, reverse,
                     measure=measure)
    finish_report("list", fmt, result, opened, exact=exact)


def register(app: typer.Typer) -> None:
    app.command("list", short_help="One line per deal, filterable and sortable.")(list_deals)
