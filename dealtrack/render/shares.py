"""``dealtrack shares`` as text (per estimate: source, deals, bars), JSON, CSV and Markdown."""

from __future__ import annotations


from dealtrack.analysis.shares import ReserveShares, SharesResult
from dealtrack.render.fmt import (agree, bar, conversion_json, csv_text, markdown_table,
                                  money_cells, money_json, money_text, part_of, plural,
                                  share_cells, share_json, share_text)
from dealtrack.render.views import footer, heading, indented, print_fitted, table, text

JSON_VERSION = 1
BAR_WIDTH = 6


def render_text(result: SharesResult, output) -> None:
    console = output.out
    heading(console, "Shares of reserve estimates", result.filters, result.currency)
    if not result.reserves:
        console.print(text("No reserve estimates in the dataset (reserves.yaml)."))
    for block in result.reserves:
        console.print()
        render_block(console, block)
    footer(console, result.partly, result.conversions, result.filters)


def render_block(console, block: ReserveShares) -> None:
    """One estimate: what it is, where it comes from, and each deal's share of it."""
    reserve = block.reserve
    console.print(text(f"{reserve.id}: {reserve.country} {reserve.commodity}, "
                       f"{money_text(block.value)}", "bold"), overflow="fold")
    if reserve.basis:
        indented(console, reserve.basis)
    for citation in block.sources:
        quote = f': "{citation.quote}"' if citation.quote else ""
        indented(console, f"source {citation.source}{quote}", 2, "dim")
    if not block.rows:
        console.print(text("  no tracked deal counts against this estimate"))
        if block.ended:
            indented(console, ended_note(block))
        return
    grid = table(("deal", {"min_width": 12}), ("value", {"min_width": 12}),
                 ("share", {"justify": "right", "no_wrap": True}),
                 ("", {"min_width": BAR_WIDTH, "no_wrap": True}))
    for row in block.rows:
        grid.add_row(text(row.deal_id), text(money_text(row.value),
                                             "dim" if row.value is None else None),
                     share_text(row.share), text(bar(row.share, BAR_WIDTH), "cyan"))
    grid.add_section()
    instruments = sum(r.instruments for r in block.rows)
    partly = unreported_note(block)
    grid.add_row(text(f"total ({plural(len(block.rows), 'deal')}, "
                      f"{plural(instruments, 'instrument')})"),
                 text(money_text(block.total) + (" *" if partly else ""), "bold"),
                 share_text(block.total_share), "")
    stacked = [(row.deal_id, (money_text(row.value), share_text(row.share)))
               for row in block.rows]
    stacked.append((f"total ({plural(len(block.rows), 'deal')}, "
                    f"{plural(instruments, 'instrument')})",
                    (f"{money_text(block.total)}{' *' if partly else ''}",
                     share_text(block.total_share))))
    print_fitted(console, grid, stacked, bars=True)
    if partly:
        indented(console, f"* {partly}", 0)
    if block.ended:
        indented(console, ended_note(block), 0)


def ended_note(block: ReserveShares) -> str:
    """``not counted (ended): gone`` for the ended deals an estimate leaves out."""
    return (f"not counted (cancelled or expired): {', '.join(block.ended)} "
            "(--include-ended counts them)")


def unreported_note(block: ReserveShares) -> str:
    """``1 of 2 instruments (1 of 2 deals) reports a value; not reported: b`` when some of
    the deals counted against an estimate report no value; '' when all do."""
    missing = [r for r in block.rows if r.value is None]
    if not missing:
        return ""
    reported = [r for r in block.rows if r.value is not None]
    instruments = sum(r.instruments for r in reported)
    return (f"{part_of(instruments, sum(r.instruments for r in block.rows), 'instrument')} "
            f"({part_of(len(reported), len(block.rows), 'deal')}) "
            f"{agree(instruments, 'reports', 'report')} a value; not reported: "
            + ", ".join(r.deal_id for r in missing))


def block_json(block: ReserveShares) -> dict:
    reserve = block.reserve
    return {
        "reserve": reserve.id, "country": reserve.country, "commodity": reserve.commodity,
        "basis": reserve.basis, "date": reserve.date.iso() if reserve.date else None,
        "value": money_json(block.value),
        "sources": [{"source": c.source, "quote": c.quote} for c in block.sources],
        "deals": [{"deal": r.deal_id, "title": r.title, "instruments": r.instruments,
                   "value": money_json(r.value), "share": share_json(r.share)}
                  for r in block.rows],
        "total": {"deals": len(block.rows),
                  "instruments": sum(r.instruments for r in block.rows),
                  "value": money_json(block.total), "share": share_json(block.total_share)},
        "not_counted": list(block.ended),
    }


def to_json(result: SharesResult) -> dict:
    return {"version": JSON_VERSION, "report": "shares", "currency": result.currency,
            "explicit_deals": result.explicit, "filters": result.filters.as_json(),
            "reserves": [block_json(b) for b in result.reserves],
            "conversions": [conversion_json(c) for c in result.conversions],
            "partly_in_date_window": list(result.partly)}


def render_json(result: SharesResult, output) -> None:
    output.write_json(to_json(result))


HEADER = ["reserve", "deal", "instruments", "value_low", "value_high", "currency", "qualifier",
          "share_low", "share_high"]


def render_csv(result: SharesResult, output) -> None:
    rows = []
    for block in result.reserves:
        for row in block.rows:
            rows.append([block.reserve.id, row.deal_id, str(row.instruments),
                         *money_cells(row.value), *share_cells(row.share)])
        rows.append([block.reserve.id, "(total)", str(sum(r.instruments for r in block.rows)),
                     *money_cells(block.total), *share_cells(block.total_share)])
    output.write_data(csv_text(HEADER, rows))


def render_markdown(result: SharesResult, output) -> None:
    rows, notes = [], []
    for block in result.reserves:
        for row in block.rows:
            rows.append([block.reserve.id, row.deal_id, money_text(row.value),
                         share_text(row.share)])
        partly = unreported_note(block)
        if partly:
            notes.append(f"{block.reserve.id}: {partly}")
        rows.append([block.reserve.id, "**total**", money_text(block.total)
                     + (f" [{len(notes)}]" if partly else ""), share_text(block.total_share)])
    table = markdown_table(["reserve", "deal", "value", "share of estimate"], rows, right={3})
    output.write_data(table + "".join(f"\n[{i}] {n}\n" for i, n in enumerate(notes, 1)))
