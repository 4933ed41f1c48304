"""Pieces shared by the Rich views of the analysis reports: headers, tables, notes, paging."""

from __future__ import annotations

from contextlib import contextmanager

from dealtrack.analysis.filters import Filters
from dealtrack.render.fmt import conversion_text, plural


def text(value: str, style: str | None = None):
    """User data as a Rich Text (never parsed as markup: ``[0, X]`` stays as written)."""
    from rich.text import Text

    return Text(value, style=style or "")


def heading(console, title: str, filters: Filters | None = None, extra: str = "") -> None:
    words = [title] + list(filters.describe() if filters else ()) + ([extra] if extra else [])
    console.print(text(" · ".join(words), "bold"), overflow="fold")


def table(*columns: tuple[str, dict]):
    """A borderless table that folds long cells rather than run past the terminal."""
    from rich import box
    from rich.table import Table

    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for name, options in columns:
        grid.add_column(name, overflow=options.pop("overflow", "fold"), **options)
    return grid


def longest_word(cells) -> int:
    """The widest word in ``cells``: a column at least this wide never cuts a figure."""
    from rich.cells import cell_len

    return max((cell_len(w) for c in cells for w in str(c).split()), default=1)


def fits(console, renderable) -> bool:
    """Whether ``renderable`` fits the console's width without cutting anything."""
    from rich.measure import Measurement

    wide = console.options.update_width(100_000)   # measured unclamped, then compared
    return Measurement.get(console, wide, renderable).minimum <= console.width


def print_fitted(console, grid, rows: list[tuple[str, tuple[str, ...]]],
                 bars: bool = False) -> None:
    """``grid`` when it fits the width; else each row stacked: its label, then each of its
    figures on a line of its own, indented (a figure wraps between words, never inside a
    number, and a share stays on one line with its ``%``). With ``bars``, the last column
    holds bars, and is left out before anything else when the width is short."""
    from rich.cells import cell_len

    for column in grid.columns:
        # Rich measures a no-wrap column by its longest word, then crops it: make its
        # minimum its widest cell, so that a figure is never cut ("52.1 %–" for a range).
        if column.no_wrap:
            widest = max((cell_len(str(c)) for c in column.cells), default=0)
            column.min_width = max(column.min_width or 0, widest)
    if fits(console, grid):
        console.print(grid)
        return
    if bars and len(grid.columns) > 1:
        grid.columns.pop()        # a bar cut short would misstate the share: drop it first
        if fits(console, grid):
            console.print(grid)
            return
    for label, figures in rows:
        console.print(text(label), overflow="fold")
        for figure in figures:
            if figure:
                indented(console, figure)


@contextmanager
def plain_lines(console):
    """Print the block as is on a terminal; elsewhere (a pipe, a file) without the spaces
    Rich pads lines with, so that piped text has no trailing whitespace."""
    if console.is_terminal:
        yield
        return
    with console.capture() as captured:
        yield
    lines = captured.get().split("\n")
    console.file.write("\n".join(line.rstrip() for line in lines))
    console.file.flush()


def notes(console, lines: list[str], title: str) -> None:
    if not lines:
        return
    console.print(text(title, "bold"))
    for line in lines:
        indented(console, line)


def footer(console, partly: tuple[str, ...], conversions, filters: Filters | None,
           limit: int | None = None) -> None:
    """Rates used and records only partly inside the date window: always said, never hidden.

    ``limit`` caps the conversions listed (a briefing); the rest are counted, and
    ``--format json`` lists every one.
    """
    lines = []
    if partly:
        lines.append(f"{plural(len(partly), 'record')} dated more coarsely than the date window "
                     f"and only partly inside it, included: {', '.join(partly)}")
    notes(console, lines, "Date window")
    shown = [conversion_text(c) for c in conversions[:limit]]
    if limit is not None and len(conversions) > limit:
        shown.append(f"… and {len(conversions) - limit:,} more conversions "
                     "(--format json lists every one)")
    notes(console, shown, "Rates used")


@contextmanager
def maybe_paged(console, lines: int):
    """Page long output on a terminal, as git does (``render.output.pager``)."""
    from dealtrack.render.output import pager

    chosen = pager() if console.is_terminal and lines > console.size.height else None
    if chosen is not None:
        with console.pager(chosen, styles=console.color_system is not None):
            yield
    else:
        yield


def hanging(console, rows, indent: int = 2, left_style: str | None = None) -> None:
    """Rows of (left, right) with the right column folding under itself, not under the left."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style=left_style or "")
    grid.add_column(overflow="fold")
    for left, right in rows:
        grid.add_row(text(" " * indent + left), text(right))
    console.print(grid)


def indented(console, value: str, indent: int = 2, style: str | None = None) -> None:
    """A paragraph whose wrapped lines keep its indent."""
    from rich.padding import Padding

    console.print(Padding(text(value, style), (0, 0, 0, indent)), overflow="fold")
