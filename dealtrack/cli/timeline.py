"""``dealtrack timeline``: every dated thing on one axis."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.common import (DEFAULT_DATA, DataOpt, HostOpt, InstrumentOpt, NoCacheOpt,
                                  PartnerOpt, PartyOpt, SectorOpt, SinceOpt, StatusOpt, TodayOpt,
                                  UntilOpt, format_option, guarded)


@guarded
def timeline(
    kind: Annotated[Optional[list[str]], typer.Option(
        "--kind", "-k", metavar="KIND", help="Only entries of this kind: deal, event, claim, "
        "an event kind (statement, visit …), a deal status (signed …), made or checked "
        "(repeatable).")] = None,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("timeline") = "text",
    host: HostOpt = None, partner: PartnerOpt = None, party: PartyOpt = None,
    instrument: InstrumentOpt = None, status: StatusOpt = None, sector: SectorOpt = None,
    since: SinceOpt = None, until: UntilOpt = None,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Deal dates, events and claims on one axis, by year and month, with the precision
    each date has (Sep 2025, ~6 Sep 2025); empty years are folded into a gap marker.
    """
    from dealtrack.analysis.timeline import check_kinds, compute_timeline
    from dealtrack.cli.analysis_args import finish_report, open_report, split

    kinds = check_kinds(tuple(k.lower() for k in split(kind)))
    opened = open_report("timeline", fmt, data, today=today, no_cache=no_cache,
                         filters=dict(host=host, partner=partner, party=party,
                                      instrument=instrument, status=status, sector=sector,
                                      since=since, until=until))
    result = compute_timeline(opened.dataset, opened.filters, kinds)
    finish_report("timeline", fmt, result, opened, converts=False)


def register(app: typer.Typer) -> None:
    app.command("timeline", short_help="Deal dates, events and claims on one time axis.")(timeline)
