"""``dealtrack totals`` as text (a table with bars), JSON, CSV and Markdown."""

from __future__ import annotations

import json

from dealtrack.analysis.totals import Group, TotalsResult
from dealtrack.render.fmt import (RANGE_SHARES_NOTE, agree, bar, conversion_json, csv_text,
                                  markdown_table, money_cells, money_json, money_text, part_of,
                                  share_cells, share_is_range, share_json, share_text)
from dealtrack.render.views import footer, heading, indented, table, text

JSON_VERSION = 1
BAR_WIDTH = 8


def _partial(group: Group) -> bool:
    return group.value is not None and group.reported_instruments < group.instruments


def render_text(result: TotalsResult, output) -> None:
    console = output.out
    heading(console, f"Totals by {' × '.join(result.by)}", result.filters, result.currency)
    console.print(text(reported_line(result.total)), overflow="fold")
    grid = table(*[(k, {"min_width": 6}) for k in result.by],
                 ("instr.", {"justify": "right", "no_wrap": True}),
                 ("deals", {"justify": "right", "no_wrap": True}),
                 ("value", {"min_width": 12}),
                 ("share", {"justify": "right", "min_width": 6}),
                 ("", {"min_width": BAR_WIDTH, "no_wrap": True}))
    marks = []
    for group in result.groups:
        value = money_text(group.value)
        if _partial(group):
            marks.append(f"{' × '.join(group.key)}: {partial_text(group)}")
            value += f" [{len(marks)}]"
        grid.add_row(*[text(k) for k in group.key], str(group.instruments), str(group.deals),
                     text(value, "dim" if group.value is None else None),
                     share_text(group.share), text(bar(group.share, BAR_WIDTH), "cyan"))
    grid.add_section()
    grid.add_row(*(["total"] + [""] * (len(result.by) - 1)), str(result.total.instruments),
                 str(result.total.deals), text(money_text(result.total.value), "bold"),
                 "100 %" if result.total.value is not None else "–", "")
    console.print(grid)
    notes = [f"[{i}] {m}" for i, m in enumerate(marks, 1)]
    if notes:
        console.print(text("Partly reported groups", "bold"))
        for line in notes:
            indented(console, line)
    if any(share_is_range(g.share) for g in result.groups):
        indented(console, f"Note: {RANGE_SHARES_NOTE}.", 0)
    footer(console, result.partly, result.conversions, result.filters)


def partial_text(group: Group) -> str:
    """``1 of 2 instruments reports a value; not reported: b`` for a partly reported group."""
    reported = group.reported_instruments
    return (f"{part_of(reported, group.instruments, 'instrument')} "
            f"{agree(reported, 'reports', 'report')} a value; "
            f"not reported: {', '.join(group.unreported)}")


def reported_line(total: Group) -> str:
    """``22 of 25 instruments (2 of 5 deals) report a value: USD 4.7 billion``."""
    if total.deals == 0:
        return "No deals match."
    return (f"{part_of(total.reported_instruments, total.instruments, 'instrument')} "
            f"({part_of(total.reported_deals, total.deals, 'deal')}) "
            f"{agree(total.reported_instruments, 'reports', 'report')} a value: "
            f"{money_text(total.value)}")


def _group_json(group: Group, by) -> dict:
    return {"key": dict(zip(by, group.key)), "instruments": group.instruments,
            "deals": group.deals, "reported_instruments": group.reported_instruments,
            "reported_deals": group.reported_deals, "value": money_json(group.value),
            "share": share_json(group.share), "deal_ids": list(group.deal_ids),
            "unreported": list(group.unreported)}


def to_json(result: TotalsResult) -> dict:
    total = _group_json(result.total, ())
    del total["key"], total["share"]
    return {"version": JSON_VERSION, "report": "totals", "currency": result.currency,
            "by": list(result.by), "filters": result.filters.as_json(), "total": total,
            "groups": [_group_json(g, result.by) for g in result.groups],
            "conversions": [conversion_json(c) for c in result.conversions],
            "partly_in_date_window": list(result.partly)}


def render_json(result: TotalsResult, output) -> None:
    output.write_data(json.dumps(to_json(result), indent=2, ensure_ascii=False))


HEADER = ["instruments", "deals", "reported_instruments", "value_low", "value_high", "currency",
          "qualifier", "share_low", "share_high"]


def _rows(result: TotalsResult) -> list[list[str]]:
    rows = []
    for group in result.groups:
        rows.append(list(group.key) + [str(group.instruments), str(group.deals),
                                       str(group.reported_instruments),
                                       *money_cells(group.value), *share_cells(group.share)])
    return rows


def render_csv(result: TotalsResult, output) -> None:
    output.write_data(csv_text(list(result.by) + HEADER, _rows(result)))


def render_markdown(result: TotalsResult, output) -> None:
    rows, notes = [], []
    for g in result.groups:
        value = money_text(g.value)
        if _partial(g):
            notes.append(f"{' × '.join(g.key)}: {partial_text(g)}")
            value += f" [{len(notes)}]"
        rows.append(list(g.key) + [str(g.instruments), str(g.deals), value,
                                   share_text(g.share)])
    rows.append(["**total**"] + [""] * (len(result.by) - 1) + [
        str(result.total.instruments), str(result.total.deals),
        money_text(result.total.value), ""])
    n = len(result.by)
    table = markdown_table(list(result.by) + ["instruments", "deals", "value", "share"], rows,
                           right={n, n + 1, n + 3})
    output.write_data(table + "".join(f"\n[{i}] {line}\n" for i, line in enumerate(notes, 1)))
