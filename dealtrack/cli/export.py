"""``dealtrack export``: the dataset as CSV tables, SQLite (Datasette), JSON Lines or TimelineJS."""

from __future__ import annotations

from typing import Annotated

import typer

from dealtrack.cli.common import (DEFAULT_DATA, CurrencyOpt, DataOpt, NoCacheOpt, TodayOpt,
                                  deal_filters, guarded)
from dealtrack.export import FORMATS as EXPORT_FORMATS

ExportFormatOpt = Annotated[str, typer.Option(
    "--format", "-f", metavar="|".join(EXPORT_FORMATS),
    help="csv: a folder of tables; sqlite: a database with totals views and full-text "
         "search, plus Datasette metadata beside it; jsonl: one table row a line; "
         "timelinejs: a TimelineJS3 JSON file.")]
OutputOpt = Annotated[str, typer.Option(
    "--output", "-o", metavar="PATH", help="File (or folder, for csv) to write.")]
ForceOpt = Annotated[bool, typer.Option(
    "--force", help="Replace an existing output (a csv folder only if it holds nothing but "
                    "export files).")]


@guarded
@deal_filters
def export(
    fmt: ExportFormatOpt,
    output_path: OutputOpt,
    data: DataOpt = DEFAULT_DATA,
    currency: CurrencyOpt = "USD",
    filters: dict | None = None,   # --host … --until, see deal_filters
    force: ForceOpt = False,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write the deals (with their parties, sources, citations and quotes), reserve
    estimates, events, claims and rates for spreadsheets, SQLite/Datasette, notebooks or
    TimelineJS. Amounts keep their exact low and high figures, qualifier and currency, with
    the figure in --currency and the recorded rate used beside them. Writing is atomic; an
    existing output is replaced only with --force. See docs/export.md.

    \b
    Examples:
      dealtrack export --format csv --output tables/
      dealtrack export --format sqlite --output deals.db --force
      dealtrack export --format timelinejs --output timeline.json
    """
    from dealtrack.cli.analysis_args import note_warnings, open_report, report_diagnostics, say
    from dealtrack.cli.common import check_choice
    from dealtrack.export import export_dataset
    from dealtrack.render.fmt import plural
    from dealtrack.render.notes import ids_text

    check_choice("--format", fmt, list(EXPORT_FORMATS))
    opened = open_report(None, None, data, filters=filters, today=today, no_cache=no_cache,
                         currency=currency)
    note_warnings(opened.warnings, opened.output)
    result, notes = export_dataset(opened.dataset, fmt, output_path, currency=opened.currency,
                                   filters=opened.filters, force=force)
    rows = {name: len(rows) for name, rows in result.rows.items()}
    ended = sum(not row["counted"] for row in result.rows["deals"])
    counts = ", ".join(plural(rows[table], noun) for table, noun in (
        ("deals", "deal"), ("citations", "citation"), ("events", "event"), ("claims", "claim")))
    say(opened.output, f"wrote {output_path} ({fmt}): {counts}"
                       + (f" ({plural(ended, 'deal')} not counted)" if ended else ""))
    if result.not_converted:
        say(opened.output, f"note: not converted to {result.currency}, no rate (deals not "
                           f"counted): {ids_text(list(result.not_converted), 10)}")
    for line in notes:
        say(opened.output, line)
    report_diagnostics(result, opened.output)


def register(app: typer.Typer) -> None:
    app.command("export", short_help="Export for spreadsheets, SQLite/Datasette, TimelineJS.")(
        export)
