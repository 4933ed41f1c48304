"""``dealtrack report``: the briefing as one self-contained HTML file."""

from __future__ import annotations

from typing import Annotated

import typer

from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, ExactOpt, NoCacheOpt,
                                  TodayOpt, deal_filters, guarded)
from dealtrack.cli.export import ForceOpt

ReportOutputOpt = Annotated[str, typer.Option(
    "--output", "-o", metavar="FILE", show_default=True, help="HTML file to write.")]


@guarded
@deal_filters
def report(
    output_path: ReportOutputOpt = "briefing.html",
    data: DataOpt = DEFAULT_DATA,
    currency: CurrencyOpt = "USD",
    exact: ExactOpt = False,
    filters: dict | None = None,   # --host … --until, see deal_filters
    force: ForceOpt = False,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """The briefing for people who will never open a terminal: one HTML file, readable
    offline, with the summary's figures, charts of partner and reserve shares, a timeline,
    a sortable table of deals, every figure with its sources and quotes, claims with
    verdicts, data-quality notes, the rates used and the dataset's git revision. Same
    filters and --currency as summary; stops (exit 1) where summary would. Figures read as
    in summary (three significant figures; hover one for every digit, or use --exact).

    \b
    Examples:
      dealtrack report
      dealtrack report --host PK --output pk.html --force
      dealtrack report --currency PKR --since 2025
    """
    import os

    from dealtrack.cli.analysis_args import note_warnings, open_report, say, stop_on_diagnostics
    from dealtrack.export.files import check_free, write_files
    from dealtrack.render.fmt import exact_figures, plural
    from dealtrack.report.briefing import compute_briefing
    from dealtrack.report.html import render_html
    from dealtrack.report.revision import dataset_revision

    opened = open_report(None, None, data, filters=filters, today=today, no_cache=no_cache,
                         currency=currency)
    if not force:
        check_free([output_path], force)   # refuse before any work
    note_warnings(opened.warnings, opened.output)
    name = os.path.basename(os.path.abspath(data))
    briefing = compute_briefing(opened.dataset, opened.currency, opened.filters,
                                dataset_revision(data), name)
    stop_on_diagnostics(briefing.summary, opened.output)
    with exact_figures(exact):
        page = render_html(briefing)
    write_files({output_path: page.encode("utf-8")}, force)
    ended = sum(not row.counted for row in briefing.deals)
    say(opened.output, f"wrote {output_path}: {plural(len(briefing.deals), 'deal')}"
                       + (f" ({ended} not counted)" if ended else ""))


def register(app: typer.Typer) -> None:
    app.command("report", short_help="The briefing as one self-contained HTML file.")(report)
