"""``dealtrack timeline``: every dated thing on one axis."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.common import (DEFAULT_DATA, DataOpt, NoCacheOpt, TodayOpt, deal_filters,
                                  format_option, guarded)


@guarded
@deal_filters
def timeline(
    kind: Annotated[Optional[list[str]], typer.Option(
        "--kind", "-k", metavar="KIND", help="Only entries of this kind: deal, event, claim, "
        "an event kind (statement, visit …), a deal status (signed …), made or checked "
        "(repeatable).")] = None,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("timeline") = "text",
    filters: dict | None = None,   # --host … --until, see deal_filters
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Deal dates, events and claims on one axis, by year and month, with the precision
    each date has (Sep 2025, ~6 Sep 2025); empty years are folded into a gap marker.

    \b
    Examples:
      dealtrack timeline
      dealtrack timeline --since 2025-09 --kind event
      dealtrack timeline --format csv
    """
    from dealtrack.analysis.timeline import check_kinds, compute_timeline
    from dealtrack.cli.analysis_args import finish_report, open_report, split

    kinds = check_kinds(tuple(k.lower() for k in split(kind)))
    opened = open_report("timeline", fmt, data, today=today, no_cache=no_cache,
                         filters=filters)
    result = compute_timeline(opened.dataset, opened.filters, kinds)
    finish_report("timeline", fmt, result, opened, converts=False)


def register(app: typer.Typer) -> None:
    app.command("timeline", short_help="Deal dates, events and claims on one time axis.")(timeline)
