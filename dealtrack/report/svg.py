"""The briefing's charts as inline SVG, drawn from result objects (no library, no network).

Every chart has a ``<title>`` and a ``<desc>`` (read by screen readers), each
mark its own ``<title>`` with the exact words of the figure, and ranges are
drawn as ranges: a solid part for what is surely held and a lighter part for
what the range leaves open. Dates are drawn as the span they are known to
(a year, a month or a day), approximate ones with a dashed outline.
"""

from __future__ import annotations

import calendar
import html
import math
from decimal import Decimal

from dealtrack.analysis.money import Range, Share
from dealtrack.analysis.shares import ReserveShares
from dealtrack.analysis.timeline import TimelineResult
from dealtrack.analysis.totals import Group
from dealtrack.render.fmt import money_text, share_text
from dealtrack.render.notes import stated_share_text

WIDTH = 720
FONT = 12
COLOURS = {"deal": "#1f5fa8", "event": "#2a8a5a", "claim": "#b5531a"}
TIMELINE_ROWS = 80


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _open(height: int, title: str, desc: str, ident: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'aria-labelledby="{ident}-title {ident}-desc" id="{ident}">',
            f'<title id="{ident}-title">{_e(title)}</title>',
            f'<desc id="{ident}-desc">{_e(desc)}</desc>']


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>'
            f'{_e(text)}</text>')


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def partner_chart(groups: tuple[Group, ...], label=lambda key: key) -> str:
    """Horizontal bars of each partner group's share of the total (0–100 %): shares of the
    stated figures (``stated_share_text``), as text views show them, so one open-ended
    figure does not blank every other bar."""
    left, right, row = 170, 150, 26
    plot = WIDTH - left - right
    height = 30 + row * max(len(groups), 1) + 10
    desc = "; ".join(f"{label(g.key[0])}: {money_text(g.value)}, {stated_share_text(g)}"
                     for g in groups) or "no deals"
    out = _open(height, "Share of the tracked value by partner group", desc, "partner-chart")
    top = axis_top([g.stated_share for g in groups])
    for quarter in range(5):
        x = left + plot * quarter / 4
        out.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{height - 8}" class="grid"/>')
        tick = (top * quarter / 4 * 100).normalize()
        out.append(_text(x, 14, f"{tick:f} %", "middle", "axis"))
    for i, group in enumerate(groups):
        y = 26 + i * row
        name = label(group.key[0])
        out.append(_text(left - 8, y + 15, _short(name, 24), "end"))
        words = f"{name}: {money_text(group.value)}, {stated_share_text(group)} of the total"
        out.append(f"<g><title>{_e(words)}</title>")
        out += _share_bar(group.stated_share, left, y + 4, plot, 16, top)
        out.append("</g>")
        out.append(_text(left + plot + 8, y + 15, _short(stated_share_text(group), 22)))
    out.append("</svg>")
    return "\n".join(out)


def axis_top(shares) -> Decimal:
    """The end of a share axis: 100 %, or for smaller shares the first of 1, 2 or 4 times a
    power of ten at or above the largest, so quarter ticks read plainly (shares of 0.6 % get
    an axis to 1 %, not bars too thin to see)."""
    highest = max((min(Decimal(1), s.high if s.high is not None else Decimal(1))
                   for s in shares if s is not None), default=Decimal(1))
    if highest <= 0:
        return Decimal(1)
    power = Decimal(10) ** (highest.adjusted())
    for step in (1, 2, 4, 10):
        if power * step >= highest:
            return min(Decimal(1), power * step)
    return Decimal(1)


def _share_bar(share: Share | None, x0: float, y: float, width: float, h: float,
               top: Decimal = Decimal(1)) -> list[str]:
    if share is None:
        return [_text(x0 + 4, y + 11, "value not reported", cls="muted")]
    low = min(share.low, top)
    high = top if share.high is None else min(share.high, top)
    solid = float(low / top) * width
    upto = float(high / top) * width
    out = [f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(solid, 1.5):.1f}" height="{h}" '
           f'class="bar"/>']
    if upto - solid > 0.5:
        out.append(f'<rect x="{x0 + solid:.1f}" y="{y:.1f}" width="{upto - solid:.1f}" '
                   f'height="{h}" class="bar-range"/>')
    return out


def _log_x(value: Decimal, lo: int, hi: int, x0: float, width: float) -> float:
    if value <= 0:
        return x0
    return x0 + width * (math.log10(value) - lo) / (hi - lo)


def reserve_chart(blocks: tuple[ReserveShares, ...]) -> str:
    """Each estimate's value range against the value of the deals counted against it, on
    a logarithmic axis (the two differ by orders of magnitude)."""
    figures = [r for b in blocks for r in (b.value, b.total) if r is not None]
    numbers = [x for r in figures for x in (r.low, r.high) if x is not None and x > 0]
    if not numbers:
        return ""
    lo = math.floor(math.log10(min(numbers)))
    hi = max(math.ceil(math.log10(max(numbers))), lo + 1)
    left, right, row = 170, 150, 24
    plot = WIDTH - left - right
    height = 34 + row * 2 * len(blocks) + 10 * len(blocks)
    desc = "; ".join(f"{b.reserve.id}: estimate {money_text(b.value)}, "
                     + (f"deals {money_text(b.total)}, {share_text(b.total_share)} of the "
                        "estimate" if b.rows else "no tracked deal counts against it")
                     for b in blocks)
    out = _open(height, "Reserve estimates and the deals counted against them "
                "(logarithmic scale)", desc, "reserve-chart")
    for power in range(lo, hi + 1):
        x = _log_x(Decimal(10) ** power, lo, hi, left, plot)
        out.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{height - 6}" class="grid"/>')
        out.append(_text(x, 14, _power_label(power), "middle", "axis"))
    y = 26
    for block in blocks:
        for name, value, cls in ((f"{block.reserve.id}", block.value, "bar-estimate"),
                                 ("deals counted", block.total, "bar")):
            out.append(_text(left - 8, y + 14, _short(name, 24), "end"))
            missing = "value not reported" if block.rows or cls != "bar" else "none"
            words = f"{name}: {money_text(value) if value is not None else missing}"
            out.append(f"<g><title>{_e(words)}</title>")
            out += _range_mark(value, lo, hi, left, plot, y + 3, cls, missing)
            out.append("</g>")
            y += row
        out.append(_text(left + plot + 8, y - row + 2,
                         _short(f"{share_text(block.total_share)}", 22)))
        y += 10
    out.append("</svg>")
    return "\n".join(out)


def _power_label(power: int) -> str:
    """``1 million``, ``10 billion``, ``100 trillion``; ``10^15`` past the named scales."""
    words = {0: "", 3: " thousand", 6: " million", 9: " billion", 12: " trillion"}
    base = power - power % 3
    if base in words:
        return f"{10 ** (power - base)}{words[base]}"
    return f"10^{power}"


def _range_mark(value: Range | None, lo, hi, x0, width, y, cls,
                missing: str = "value not reported") -> list[str]:
    if value is None:
        return [_text(x0 + 4, y + 11, missing, cls="muted")]
    a = _log_x(value.low, lo, hi, x0, width)
    b = x0 + width if value.high is None else _log_x(value.high, lo, hi, x0, width)
    if b - a < 4:  # a point figure: a diamond, not a bar from zero
        c = (a + b) / 2
        return [f'<path d="M{c:.1f},{y:.1f} l6,8 l-6,8 l-6,-8 z" class="{cls}"/>']
    return [f'<rect x="{a:.1f}" y="{y:.1f}" width="{b - a:.1f}" height="16" rx="3" '
            f'class="{cls}"/>']


def timeline_chart(result: TimelineResult) -> tuple[str, int]:
    """Deals, events and claims, each drawn over the span its date is known to; years
    without entries are cut out (a break mark). Returns the SVG and how many entries it
    leaves out (it shows the latest ``TIMELINE_ROWS``)."""
    entries = list(result.entries)[-TIMELINE_ROWS:]
    left_out = len(result.entries) - len(entries)
    if not entries:
        return "", 0
    years = sorted({e.date.year for e in entries})
    segments = _segments(years)
    label_w, row = 300, 18
    plot_x, plot_w = label_w + 10, WIDTH - label_w - 20
    gap_w = 18
    gaps = len(segments) - 1
    year_w = (plot_w - gaps * gap_w) / sum(last - first + 1 for first, last in segments)
    starts, x = {}, plot_x
    for first, last in segments:
        starts[(first, last)] = x
        x += (last - first + 1) * year_w + gap_w

    def xpos(day) -> float:
        for (first, last), sx in starts.items():
            if first <= day.year <= last:
                fraction = (day.timetuple().tm_yday - 1) / (366 if calendar.isleap(day.year) else 365)
                return sx + (day.year - first + fraction) * year_w
        return plot_x

    height = 34 + row * len(entries) + 8
    desc = (f"{len(entries)} dated entries from {entries[0].date.human()} to "
            f"{entries[-1].date.human()}; each is drawn over the whole year, month or day "
            "its date is known to; approximate dates are outlined with dashes")
    out = _open(height, "Timeline of deals, events and claims", desc, "timeline-chart")
    for (first, last), sx in starts.items():
        for year in range(first, last + 1):
            gx = sx + (year - first) * year_w
            out.append(f'<line x1="{gx:.1f}" y1="20" x2="{gx:.1f}" y2="{height - 6}" '
                       'class="grid"/>')
            if year_w >= 28 or year == first:
                out.append(_text(gx + 2, 14, str(year), cls="axis"))
        if sx + (last - first + 1) * year_w < plot_x + plot_w - 1:
            bx = sx + (last - first + 1) * year_w + gap_w / 2
            out.append(f'<path d="M{bx - 5:.1f},{height - 6} l4,-10 M{bx:.1f},{height - 6} '
                       'l4,-10" class="gap"><title>years without entries left out</title>'
                       '</path>')
    for i, entry in enumerate(entries):
        y = 26 + i * row
        mark = entry.ended_mark if entry.title else ""
        label = f"{entry.date.human()} · {entry.title or entry.id}"
        out.append(_text(label_w, y + 12, _short(label, 46 - len(mark)) + mark, "end"))
        a, b = xpos(entry.date.earliest()), xpos(entry.date.latest())
        b = max(b + (year_w / 365), a + 4)
        dashed = ' stroke-dasharray="3 2"' if entry.date.approximate else ""
        words = (f"{entry.kind} {entry.what}: {entry.date.human()} "
                 f"(known to the {entry.date.precision}"
                 f"{', approximate' if entry.date.approximate else ''}) "
                 f"{entry.labelled_title}")
        out.append(f'<g class="mark-{entry.kind}"><title>{_e(words)}</title>'
                   f'<rect x="{a:.1f}" y="{y + 3:.1f}" width="{b - a:.1f}" height="12" rx="2" '
                   f'fill="{COLOURS[entry.kind]}" fill-opacity="'
                   f'{0.45 if entry.date.approximate else 0.9}" stroke="{COLOURS[entry.kind]}"'
                   f'{dashed}/></g>')
    out.append("</svg>")
    return "\n".join(out), left_out


def _segments(years: list[int]) -> list[tuple[int, int]]:
    """Runs of years to draw; more than one empty year between entries is cut out."""
    segments: list[tuple[int, int]] = []
    for year in years:
        if segments and year - segments[-1][1] <= 2:
            segments[-1] = (segments[-1][0], year)
        else:
            segments.append((year, year))
    return segments

