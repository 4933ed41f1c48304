"""``dealtrack timeline`` as text (a ruler, then entries by year and month), JSON and CSV."""

from __future__ import annotations

import re

from dealtrack.analysis.timeline import Entry, Gap, TimelineResult
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


def _entries(period, console) -> object:
    """The period's entries in three columns: date, what happened, then the record's id
    (bold) over its title, which wraps under itself.

    Laid out here, as ready-made segments, rather than as a Rich table: measuring and
    rendering a table per period took seconds for a timeline of 10,000 deals. The id is
    folded and the title wrapped to the last column's width; lines carry no padding at
    their end.
    """
    from rich.cells import cell_len
    from rich.segment import Segment
    from rich.style import Style

    dates = ["  " + _date_cell(entry) for entry in period.entries]
    kinds = [f"{entry.kind} {entry.what}" for entry in period.entries]
    first = max(13, *map(cell_len, dates))
    second = max(16, *map(cell_len, kinds))
    room = console.width - first - second - 2
    # Too narrow for three columns: the id and title go under the date, indented.
    stacked = room < 16
    if stacked:
        room = max(console.width - 4, 8)
    indent = Segment(" " * (4 if stacked else first + second + 2))
    bold, newline = Style(bold=True), Segment.line()
    out = []
    for entry, date, kind in zip(period.entries, dates, kinds):
        if stacked:
            out += [Segment(f"{date} {kind}"), newline, indent]
        else:
            out.append(Segment(f"{date}{' ' * (first - cell_len(date))} "
                               f"{kind}{' ' * (second - cell_len(kind))} "))
        for number, line in enumerate(_fold(entry.id, room)):
            out += [newline, indent] if number else []
            out.append(Segment(line, bold))
        title = entry.labelled_title
        for line in _wrap(title, room, console):
            out += [newline, indent]
            out += line.render(console) if not isinstance(line, str) else [Segment(line)]
        out.append(newline)
    return _Segments(out)


class _Segments:
    """Segments laid out already: printed as they are."""

    def __init__(self, segments: list):
        self.segments = segments

    def __rich_console__(self, console, options):
        return self.segments


def _fold(value: str, width: int) -> list[str]:
    return [value[i:i + width] for i in range(0, len(value), width)] or [""]


_WORD = re.compile(r"\s*\S+\s*")


def _wrap(title: str, width: int, console) -> list:
    """The title's lines at ``width``, broken as Rich breaks them: greedily between words,
    a word longer than the line folded onto lines of its own.

    Plain ASCII (one cell per character) is broken here, at a fraction of the cost of
    Rich's ``Text.wrap`` (tests hold the two to the same lines); anything else by
    Rich, which knows how wide each character shows.
    """
    if not (title.isascii() and title.isprintable()):
        lines = text(title).wrap(console, width, overflow="fold")
        for line in lines:
            line.rstrip()  # in place: no padding at the end of a line
        return list(lines)
    breaks, offset = [], 0
    for match in _WORD.finditer(title):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            chunks = [word[i:i + width] for i in range(0, len(word), width)]
            for number, chunk in enumerate(chunks):
                if start:
                    breaks.append(start)
                if number == len(chunks) - 1:
                    offset = len(chunk)
                else:
                    start += len(chunk)
        else:
            breaks.append(start)
            offset = len(word)
    edges = [0, *breaks, len(title)]
    return [title[a:b].rstrip() for a, b in zip(edges, edges[1:])] or [""]


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
                console.print(_entries(period, console), soft_wrap=True, end="")
        if any(e.partly for e in result.entries):
            console.print(text("* dated more coarsely than the date window and only partly "
                               "inside it"), overflow="fold")


def entry_json(entry: Entry) -> dict:
    return {"date": entry.date.iso(), "precision": entry.date.precision,
            "approximate": entry.date.approximate, "display": entry.date.human(),
            "kind": entry.kind, "what": entry.what, "id": entry.id, "title": entry.title,
            "partly_in_date_window": entry.partly, "ended": entry.ended}


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
    output.write_json(to_json(result))


def render_csv(result: TimelineResult, output) -> None:
    rows = [[e.date.iso(), e.date.precision, "true" if e.date.approximate else "false",
             e.kind, e.what, e.id, e.title] for e in result.entries]
    output.write_data(csv_text(["date", "precision", "approximate", "kind", "what", "id",
                                "title"], rows))
