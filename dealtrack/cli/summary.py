"""``dealtrack summary``: the one-screen briefing."""

from __future__ import annotations

import typer

from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, HostOpt, InstrumentOpt,
                                  NoCacheOpt, PartnerOpt, PartyOpt, SectorOpt, SinceOpt, StatusOpt,
                                  TodayOpt, UntilOpt, format_option, guarded)


@guarded
def summary(
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("summary") = "text",
    currency: CurrencyOpt = "USD",
    host: HostOpt = None, partner: PartnerOpt = None, party: PartyOpt = None,
    instrument: InstrumentOpt = None, status: StatusOpt = None, sector: SectorOpt = None,
    since: SinceOpt = None, until: UntilOpt = None,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """The briefing: deals and instruments, total value, binding vs non-binding, partner
    shares, reserve shares, latest events, claims and their verdicts, data-quality notes.
    """
    from dealtrack.analysis.summary import compute_summary
    from dealtrack.cli.analysis_args import finish_report, open_report

    opened = open_report("summary", fmt, data, today=today, no_cache=no_cache, currency=currency,
                         filters=dict(host=host, partner=partner, party=party,
                                      instrument=instrument, status=status, sector=sector,
                                      since=since, until=until))
    result = compute_summary(opened.dataset, opened.currency, opened.filters)
    finish_report("summary", fmt, result, opened)


def register(app: typer.Typer) -> None:
    app.command("summary", short_help="One-screen briefing on the tracked deals.")(summary)
