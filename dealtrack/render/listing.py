"""``dealtrack list`` as text (one line per deal), JSON, CSV and Markdown."""

from __future__ import annotations

from dealtrack.analysis.counting import ended_reason
from dealtrack.analysis.links import hosts
from dealtrack.analysis.listing import DealRow, ListResult
from dealtrack.render.fmt import (conversion_json, csv_text, markdown_table, measure_heading,
                                  measure_json, measured_text, money_cells, money_json,
                                  money_text, plural)
from dealtrack.render.views import (footer, heading, indented, longest_word, maybe_paged,
                                    print_fitted, text)

JSON_VERSION = 1
VALUE_ORDER_NOTE = ("Order: largest stated figure first; an 'at least' or 'up to' figure at "
                    "the number it states, a range at its midpoint")


def _where(row: DealRow) -> str:
    return "+".join(hosts(row.deal)) + (" ← " + "+".join(row.partners) if row.partners else "")


def render_text(result: ListResult, output) -> None:
    from rich.table import Table

    console = output.out
    if not result.rows:
        heading(console, f"Deals by {result.sort}", result.filters, result.currency)
        console.print(text("No deals match."))
        return
    # With --measure disbursed a deal without the figure is "not reported" (format 1.1).
    values = [measured_text(row.valued.value, result.measure) for row in result.rows]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold", ratio=3)
    grid.add_column(overflow="fold", ratio=2, justify="right", min_width=longest_word(values))
    stacked = []
    for row, value in zip(result.rows, values):
        date = (row.date.human() if row.date else "undated") + (" *" if row.partly else "")
        deal = row.deal
        about = (f"{_where(row)} · {deal.instrument} · {deal.status}"
                 + (f" · {plural(deal.count, 'instrument')}" if deal.count > 1 else ""))
        body = text(deal.id, "bold")
        body.append(f"\n{about}", style="")
        grid.add_row(text(date), body, text(value, "dim" if row.valued.value is None else None))
        stacked.append((f"{date}  {deal.id}", (about, value)))
    instruments = sum(r.deal.count for r in result.rows)
    with maybe_paged(console, len(result.rows) * 2 + 6):
        heading(console, f"Deals by {result.sort}", result.filters,
                measure_heading(result.currency, result.measure))
        print_fitted(console, grid, stacked)
        ended = [r.deal.id for r in result.rows if ended_reason(r.deal)]
        console.print(text(f"{plural(len(result.rows), 'deal')}, "
                           f"{plural(instruments, 'instrument')}"
                           + (f"; {len(ended)} ended (cancelled or expired), listed but not "
                              f"counted in totals: {', '.join(ended)}" if ended else "")),
                      overflow="fold")
        if result.sort == "value" and any(
                r.valued.value is not None and (r.valued.value.open_ended or
                                                not r.valued.value.is_point)
                for r in result.rows):
            indented(console, VALUE_ORDER_NOTE, 0)
        footer(console, tuple(r.deal.id for r in result.rows if r.partly), result.conversions,
               result.filters)


def row_json(row: DealRow) -> dict:
    deal = row.deal
    return {"id": deal.id, "title": deal.title, "path": deal.path,
            "date": row.date.iso() if row.date else None,
            "dates": {status: date.iso() for status, date in deal.lifecycle_dates.items()},
            "host": deal.host, "partners": list(row.partners), "instrument": deal.instrument,
            "status": deal.status, "binding": deal.is_binding, "instruments": deal.count,
            "sectors": list(deal.sectors), "commodities": list(deal.commodities),
            "value": money_json(row.valued.value), "reported_value": money_json(
                row.valued.original), "partly_in_date_window": row.partly,
            "ended": ended_reason(deal)}


def to_json(result: ListResult) -> dict:
    return {"version": JSON_VERSION, "report": "list", "currency": result.currency,
            "sort": result.sort, "filters": result.filters.as_json(),
            "deals": [row_json(r) for r in result.rows],
            "conversions": [conversion_json(c) for c in result.conversions],
            **measure_json(result.measure)}


def render_json(result: ListResult, output) -> None:
    output.write_json(to_json(result))


HEADER = ["id", "date", "host", "partners", "instrument", "status", "instruments", "value_low",
          "value_high", "currency", "qualifier", "title", "original_low", "original_high",
          "original_currency"]


def _cells(row: DealRow) -> list[str]:
    original = money_cells(row.valued.original)[:3]
    return [row.deal.id, row.date.iso() if row.date else "", "+".join(hosts(row.deal)),
            "+".join(row.partners), row.deal.instrument, row.deal.status, str(row.deal.count),
            *money_cells(row.valued.value), row.deal.title, *original]


def render_csv(result: ListResult, output) -> None:
    output.write_data(csv_text(HEADER, [_cells(r) for r in result.rows]))


def render_markdown(result: ListResult, output) -> None:
    rows = [[r.date.human() if r.date else "undated", r.deal.id, _where(r), r.deal.instrument,
             r.deal.status, str(r.deal.count), money_text(r.valued.value)] for r in result.rows]
    output.write_data(markdown_table(["date", "deal", "host ← partner", "instrument", "status",
                                      "n", "value"], rows, right={5}))
