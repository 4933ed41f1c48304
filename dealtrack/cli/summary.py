"""``dealtrack summary``: the one-screen briefing."""

from __future__ import annotations

import typer

from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, NoCacheOpt, HostOpt, InstrumentOpt,
                                  PartnerOpt, PartyOpt, SectorOpt, SinceOpt, StatusOpt, TodayOpt,
                                  UntilOpt, check_choice, format_option, guarded)


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
    from dealtrack.cli.analysis_args import (check_currency, load_filtered, note_warnings,
                                             parse_options, stop_on_diagnostics)
    from dealtrack.render import formats, renderer
    from dealtrack.render.output import Output

    check_choice("--format", fmt, formats("summary"))
    currency = check_currency(currency)
    filters, day = parse_options(host, partner, party, instrument, status, sector, since,
                                 until, today)
    output = Output()
    dataset, warnings = load_filtered(data, day, filters, output, cache=not no_cache)
    result = compute_summary(dataset, currency, filters)
    note_warnings(warnings, output)
    stop_on_diagnostics(result, output)
    renderer("summary", fmt)(result, output)


def register(app: typer.Typer) -> None:
    app.command("summary", short_help="One-screen briefing on the tracked deals.")(summary)
