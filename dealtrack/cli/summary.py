"""``dealtrack summary``: the one-screen briefing."""

from __future__ import annotations

import typer

from dealtrack.cli.analysis_args import MeasureOpt, RateAgeOpt
from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, ExactOpt, NoCacheOpt,
                                  TodayOpt, deal_filters, format_option, guarded)


@guarded
@deal_filters
def summary(
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("summary") = "text",
    currency: CurrencyOpt = "USD",
    exact: ExactOpt = False,
    filters: dict | None = None,   # --host … --until, see deal_filters
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
    measure: MeasureOpt = "value",
    rate_age: RateAgeOpt = 365,
) -> None:
    """The briefing: deals and instruments, total value, binding vs non-binding, partner
    shares, reserve shares, latest events, claims and their verdicts, data-quality notes.

    \b
    Examples:
      dealtrack summary
      dealtrack summary --host PK --since 2025
      dealtrack summary --format json
    """
    from dealtrack.analysis.summary import compute_summary
    from dealtrack.cli.analysis_args import finish_report, money_options, open_report

    measure = money_options(measure, rate_age)

    opened = open_report("summary", fmt, data, today=today, no_cache=no_cache, currency=currency,
                         filters=filters)
    result = compute_summary(opened.dataset, opened.currency, opened.filters,
                             measure=measure)
    finish_report("summary", fmt, result, opened, exact=exact)


def register(app: typer.Typer) -> None:
    app.command("summary", short_help="One-screen briefing on the tracked deals.")(summary)
