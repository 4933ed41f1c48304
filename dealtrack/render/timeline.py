"""``dealtrack timeline`` as text (a ruler, then entries by year and month), JSON and CSV."""

from __future__ import annotations

import json

from dealtrack.analysis.timeline import Entry, Gap, TimelineResult, Year
from dealtrack.render.fmt import csv_text, plural
from dealtrack.render.views import heading, maybe_paged, text

JSON_VERSION = 1
RULER_CAP = 20
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def gap_text(gap: Gap) -> str:
    span = str(gap.first) if gap.years == 1 else f"{gap.first}–{gap.last}"
    return f"┄┄ {span}: {plural(gap.years, 'year')} without entries ┄┄"


def ruler(result: TimelineResult, width: int | None = None) -> str:
    """``1971 ▮ ─ 1972 ▮ ─ ┄52 yrs┄ ─ 2025 ▮▮▮▮▮▮▮▮▮▮▮▮▮ 13``: the whole span on one line.

    Given a ``width``, the ruler is shortened to fit rather than wrapped: first one mark
    per year (with its count), then the middle of the span elided (``…``), keeping the
    first year and as many of the latest as fit.
    """
    from rich.cells import cell_len

    for cap in (RULER_CAP, 1):
        parts = [_ruler_part(block, cap) for block in result.blocks]
        line = SEPARATOR.join(parts)
        if width is None or cell_len(line) <= width:
            return line
    head, tail = parts[0], []
    for part in reversed(parts[1:]):
        trial = SEPARATOR.join([head, "…", part, *tail])
        if cell_len(trial) > width:
            break
        tail.insert(0, part)
    line = SEPARATOR.join([head, "…", *tail]) if tail else head
    return line if cell_len(line) <= width else ""


SEPARATOR = " ─ "


def _ruler_part(block, cap: int) -> str:
    if isinstance(block, Gap):
        return f"┄{block.years} yr{'s' if block.years != 1 else ''}┄"
    marks = "▮" * min(block.count, cap)
    return f"{block.year} {marks}" + (f" {block.count}" if block.count > 1 else "")


def _date_cell(entry: Entry) -> str:
    return entry.date.human() + (" *" if entry.partly else "")


def _entries(period) -> object:
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=13)
    grid.add_column(no_wrap=True, min_width=16)
    grid.add_column(overflow="fold", ratio=1)
    for entry in period.entries:
        record = text(entry.id, "bold")
        record.append(f"\n{entry.title}", style="")
        grid.add_row(text("  " + _date_cell(entry)), text(f"{entry.kind} {entry.what}"), record)
    return grid


def render_text(result: TimelineResult, output) -> None:
    console = output.out
    kinds = f"kind {' or '.join(result.kinds)}" if result.kinds else ""
    if not result.entries:
        heading(console, "Timeline", result.filters, kinds)
        console.print(text("No dated entries match."))
        return
    with maybe_paged(console, 4 + 3 * len(result.entries) + 2 * len(result.blocks)):
        heading(console, "Timeline", result.filters, kinds)
        line = ruler(result, console.width)
        if line:
            console.print(text(line, "cyan"), no_wrap=True, overflow="crop")
        for block in result.blocks:
            console.print()
            if isinstance(block, Gap):
                console.print(text(gap_text(block), "yellow"))
                continue
            console.print(text(str(block.year), "bold"))
            for period in block.periods:
                if period.month is not None:
                    console.print(text(f" {_MONTHS[period.month - 1]} {period.year}", "bold"))
                console.print(_entries(period))
        if any(e.partly for e in result.entries):
            console.print(text("* dated more coarsely than the date window and only partly "
                               "inside it"), overflow="fold")


def entry_json(entry: Entry) -> dict:
    return {"date": entry.date.iso(), "precision": entry.date.precision,
            "approximate": entry.date.approximate, "display": entry.date.human(),
            "kind": entry.kind, "what": entry.what, "id": entry.id, "title": entry.title,
            "partly_in_date_window": entry.partly}


def to_json(result: TimelineResult) -> dict:
    blocks = []
    for block in result.blocks:
        if isinstance(block, Gap):
            blocks.append({"gap": {"from": block.first, "to": block.last, "years": block.years}})
        else:
            blocks.append({"year": block.year, "entries": block.count})
    return {"version": JSON_VERSION, "report": "timeline", "filters": result.filters.as_json(),
            "kinds": list(result.kinds), "entries": [entry_json(e) for e in result.entries],
            "span": blocks}


def render_json(result: TimelineResult, output) -> None:
    output.write_data(json.dumps(to_json(result), indent=2, ensure_ascii=False))


def render_csv(result: TimelineResult, output) -> None:
    rows = [[e.date.iso(), e.date.precision, "true" if e.date.approximate else "false",
             e.kind, e.what, e.id, e.title] for e in result.entries]
    output.write_data(csv_text(["date", "precision", "approximate", "kind", "what", "id",
                                "title"], rows))
