"""``dealtrack list``: one line per deal, filterable, sortable by date or value."""

from __future__ import annotations

from typing import Annotated

import typer

from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, HostOpt, InstrumentOpt,
                                  NoCacheOpt, PartnerOpt, PartyOpt, SectorOpt, SinceOpt, StatusOpt,
                                  TodayOpt, UntilOpt, check_choice, format_option, guarded)


@guarded
def list_deals(
    sort: Annotated[str, typer.Option(
        "--sort", "-s", metavar="date|value|id", show_default=True,
        help="Order: date (oldest first), value (largest first) or id.")] = "date",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("list") = "text",
    currency: CurrencyOpt = "USD",
    host: HostOpt = None, partner: PartnerOpt = None, party: PartyOpt = None,
    instrument: InstrumentOpt = None, status: StatusOpt = None, sector: SectorOpt = None,
    since: SinceOpt = None, until: UntilOpt = None,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """One line per deal: date, host and partners, instrument, status, instruments, value."""
    from dealtrack.analysis.listing import SORTS, list_deals as compute
    from dealtrack.cli.analysis_args import finish_report, open_report

    check_choice("--sort", sort, list(SORTS))
    opened = open_report("list", fmt, data, today=today, no_cache=no_cache, currency=currency,
                         filters=dict(host=host, partner=partner, party=party,
                                      instrument=instrument, status=status, sector=sector,
                                      since=since, until=until))
    result = compute(opened.dataset, opened.filters, opened.currency, sort, reverse)
    finish_report("list", fmt, result, opened)


def register(app: typer.Typer) -> None:
    app.command("list", short_help="One line per deal, filterable and sortable.")(list_deals)
