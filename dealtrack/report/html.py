"""The briefing as one self-contained HTML file: no network at view time, no external
script, style or font (a Content-Security-Policy says so to the browser too).

Every string from the data goes through ``html.escape``; links are made only for
http(s) addresses (``export.web.link``). Figures are spelt by the same functions
as the text reports (``render.fmt``, ``render.notes``), so the page and ``dealtrack
summary`` agree word for word: readable figures (three significant figures), each
with every digit in its ``title`` (a tooltip; ``--exact`` prints every digit), and
the same notes on what is not counted (ended deals), what is stalled and what the
shares rest on. The deals table sorts with a few lines of inline script, and is
in date order without it.
"""

from __future__ import annotations

import base64
import hashlib
import html

from dealtrack.analysis.counting import PART_OF, SUPERSEDED, binding_label
from dealtrack.analysis.links import hosts
from dealtrack.analysis.money import Range
from dealtrack.analysis.show import Quote
from dealtrack.export.web import link
from dealtrack.render.fmt import (agree, conversion_text, exact_figures, money_text, part_of,
                                  plural, share_text)
from dealtrack.render.notes import no_match_text, stated_share_text
from dealtrack.render.summary import QUALITY as QUALITY_LABELS
from dealtrack.render.summary import QUALITY_IDS
from dealtrack.render.summary import country_label, headline
from dealtrack.render.totals import headline_notes, table_notes
from dealtrack.report.briefing import Briefing, DealRow
from dealtrack.report.svg import axis_top, partner_chart, reserve_chart, timeline_chart

STYLE = """
:root { --ink: #1b1f24; --muted: #5b6470; --line: #d5dae0; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1000px; padding: 1.5rem; background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem;
     margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
.meta, .muted, figcaption, .note { color: var(--muted); }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr));
           gap: .8rem; margin: 1rem 0; padding: 0; }
.figures div { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; }
.figures dt { color: var(--muted); font-size: .85rem; }
.figures dd { margin: 0; font-size: 1.25rem; font-weight: 600; }
.figures dd.count { font-size: .85rem; font-weight: 400; color: var(--muted); }
td.money { white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
         border-bottom: 1px solid var(--line); }
thead th { background: #f3f5f7; }
td.num, th.num { text-align: right; white-space: nowrap; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0;
            cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
blockquote { margin: .3rem 0 .6rem 1rem; padding-left: .7rem; border-left: 3px solid var(--line);
             font-style: italic; }
.ended { color: #a3231a; font-size: .85rem; }
.verdict { font-weight: 700; text-transform: uppercase; font-size: .8rem; }
.verdict-false { color: #a3231a; } .verdict-unsupported { color: #a35a00; }
.verdict-disputed { color: #6b4fa0; } .verdict-supported { color: #22733f; }
svg.chart { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg text.axis, svg text.muted { fill: var(--muted); }
svg line.grid { stroke: #e6e9ed; }
svg .bar { fill: var(--accent); } svg .bar-range { fill: #9dbbe0; }
svg .bar-estimate { fill: #c9a227; } svg .gap { stroke: var(--muted); fill: none; }
.legend span { display: inline-block; margin-right: 1rem; }
.swatch { display: inline-block; width: .9em; height: .9em; vertical-align: -.1em;
          margin-right: .3em; border-radius: 2px; }
a { color: var(--accent); }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; } section, figure, tr, blockquote { break-inside: avoid; }
  th button { pointer-events: none; } th button::after { content: "" !important; }
  a[href]::after { content: " (" attr(href) ")"; font-size: .8em; color: var(--muted); }
  .no-print { display: none; }
}
"""

SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th[data-sort]").forEach(function (th, index) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var down = th.getAttribute("aria-sort") === "ascending";
      table.querySelectorAll("th[aria-sort]").forEach(function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      var numeric = th.getAttribute("data-sort") === "number";
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[index].getAttribute("data-value") || a.cells[index].textContent;
        var y = b.cells[index].getAttribute("data-value") || b.cells[index].textContent;
        var r = numeric ? (parseFloat(x || "-1") - parseFloat(y || "-1")) : x.localeCompare(y);
        return down ? -r : r;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _fig(make, tag: str = "span", attrs: str = "") -> str:
    """The text ``make()`` spells, readable, in ``<tag>``; when any figure in it is rounded,
    the same text with every digit is the element's ``title`` (shown on hover)."""
    readable = make()
    with exact_figures():
        exact = make()
    title = f' title="{_e(exact)}"' if exact != readable else ""
    if not title and tag == "span" and not attrs:
        return _e(readable)
    return f"<{tag}{attrs}{title}>{_e(readable)}</{tag}>"


def _notes(lines) -> str:
    """Notes under a figure or table (what is not counted, stalled, what shares rest on)."""
    return "".join(_fig(lambda line=line: line, "p", ' class="note"') for line in lines)


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _source_line(q: Quote) -> str:
    s = q.source
    if s is None:
        return f"{_e(q.source_id)} (not in sources.yaml)"
    words = ", ".join(_e(x) for x in (s.publisher, s.author,
                                       s.date.human() if s.date else None) if x)
    return (f"{link(s.url, s.title or q.source_id)}" + (f" — {words}" if words else "")
            + f' <span class="muted">[{_e(q.source_id)}]</span>')


def _quotes_html(quotes: tuple[Quote, ...]) -> str:
    """Each source once, with the quotes taken from it beneath."""
    grouped: dict[str, list[Quote]] = {}
    for q in quotes:
        grouped.setdefault(q.source_id, []).append(q)
    parts = ['<ul class="sources">']
    for items in grouped.values():
        parts.append(f"<li>{_source_line(items[0])}")
        for q in items:
            if q.quote:
                page = f" (p. {_e(q.page)})" if q.page else ""
                parts.append(f"<blockquote>{_e(q.quote)}{page}</blockquote>")
        parts.append("</li>")
    parts.append("</ul>")
    return "".join(parts)


def _reported(row: DealRow) -> str:
    valued = row.valued
    return money_text(valued.original if valued.reported else None)


def _converted(row: DealRow, currency: str) -> str:
    valued = row.valued
    if not valued.reported:
        return "–"
    if valued.value is None:
        return f"no rate to {currency}"
    return money_text(valued.value)


def _sort_value(value: Range | None) -> str:
    return "" if value is None else str(value.low)


def _figures(b: Briefing) -> str:
    summary = b.summary
    total = summary.total
    reported = total.reported_instruments
    items = [("Total value", lambda: money_text(total.value), ""),
             ("Deals", lambda: f"{total.deals:,}", ""),
             ("Instruments", lambda: f"{total.instruments:,}", ""),
             ("Report a value", lambda: part_of(reported, total.instruments, "instrument"), "")]
    # binding, not yet signed, non-binding (a row of their own): the figure, its counts beneath
    binding = [(g.key[0].capitalize(), lambda g=g: money_text(g.value),
                f"{plural(g.deals, 'deal')}, {plural(g.instruments, 'instrument')}")
               for g in summary.binding.groups]
    cells = "".join(f'<dl class="figures">{_cards(row)}</dl>' for row in (items, binding) if row)
    notes = _notes(headline_notes(summary.partners, QUALITY_IDS))
    if total.deals == 0:
        return f"<p>{_e(no_match_text(summary.partners))}</p>{notes}"
    return (cells + _fig(lambda: " ".join(headline(summary)) + ".", "p", ' id="headline"')
            + notes + _groups_table("Hosts", "Host", summary.hosts.groups))


def _groups_table(caption: str, name: str, groups, share: bool = False) -> str:
    """Groups of a total as a table: label, instruments, deals, value (with how many report
    one when not all do) and, with ``share``, the share text views show."""
    rows = []
    for g in groups:
        partly = (g.value is not None and g.reported_instruments < g.instruments)
        note = (f" ({part_of(g.reported_instruments, g.instruments, 'instrument')} "
                f"{agree(g.reported_instruments, 'reports', 'report')} a value)" if partly else "")
        rows.append(f"<tr><th scope=\"row\">{_e(country_label(g.key[0]))}</th>"
                    f'<td class="num">{g.instruments:,}</td><td class="num">{g.deals:,}</td>'
                    f"<td>{_fig(lambda g=g: money_text(g.value))}{_e(note)}</td>"
                    + (f'<td class="num">{_fig(lambda g=g: stated_share_text(g))}</td>'
                       if share else "") + "</tr>")
    return (f'<table><caption class="muted">{_e(caption)}</caption>'
            f'<thead><tr><th scope="col">{_e(name)}</th><th scope="col" class="num">'
            'Instruments</th><th scope="col" class="num">Deals</th><th scope="col">Value</th>'
            + ('<th scope="col" class="num">Share</th>' if share else "")
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _cards(items) -> str:
    """``(label, figure, counts)`` as cards: the figure large, the counts beneath."""
    return "".join(f"<div><dt>{_e(k)}</dt>" + _fig(v, "dd", f' data-figure="{_e(k)}"')
                   + (f'<dd class="count">{_e(counts)}</dd>' if counts else "") + "</div>"
                   for k, v, counts in items)


CHART_ROWS = 20   # bars per chart: a chart stays readable; the tables beneath list every one


def _charted(count: int, noun: str, order: str) -> str:
    """Said under a chart that shows only the first ``CHART_ROWS`` of ``count``, or ''."""
    if count <= CHART_ROWS:
        return ""
    which = f"{CHART_ROWS} {order}" if order == "largest" else f"{order} {CHART_ROWS}"
    return f" The chart shows the {which} of {count:,} {noun}s; the list beneath has every one."


def _partners(b: Briefing) -> str:
    groups = b.summary.partners.groups
    if not groups:
        return "<p>No deal is counted, so there are no shares.</p>"
    top = axis_top([g.stated_share for g in groups[:CHART_ROWS]])
    axis = f" The axis runs to {(top * 100).normalize():f} %." if top < 1 else ""
    return (f"<figure>{partner_chart(groups[:CHART_ROWS], country_label)}"
            "<figcaption>Dark: the share surely held; light: the part a range leaves open. "
            f"Shares of the stated figures, as the table's.{axis}"
            f"{_e(_charted(len(groups), 'partner group', 'largest'))}</figcaption></figure>"
            + _groups_table("Partner groups (the figures of the chart)", "Partner", groups,
                            share=True)
            + _notes(table_notes(b.summary.partners, limit=QUALITY_IDS)))


def _reserves(b: Briefing) -> str:
    blocks = b.summary.reserves.reserves
    if not blocks:
        return ("<p>No reserve estimate for the selected deals.</p>" if b.summary.filters.any
                else "<p>No reserve estimates in the dataset.</p>")
    parts = [f"<figure>{reserve_chart(blocks[:CHART_ROWS])}<figcaption>Gold: the estimate (a "
             "bar for a range); blue: the deals counted against it. Logarithmic scale: each "
             "grid line is ten times the one before."
             f"{_e(_charted(len(blocks), 'estimate', 'first'))}</figcaption></figure>"]
    for block in blocks:
        r = block.reserve
        share = share_text(block.total_share)
        deals = _fig(lambda block=block, share=share: (
            f"{plural(len(block.rows), 'deal')} worth {money_text(block.total)}: "
            f"{share} of the estimate" if block.rows else "no tracked deal counts against it"))
        ended = (f'<br><span class="note">not counted (ended): {_e(", ".join(block.ended))}'
                 "</span>" if block.ended else "")
        parts.append(f'<h3 id="reserve-{_e(r.id)}">{_e(r.id)}: {_e(r.country)} '
                     f"{_e(r.commodity)}</h3><p>Estimate: "
                     f"<strong>{_fig(lambda block=block: money_text(block.value))}</strong>"
                     f"{(' — ' + _e(r.basis)) if r.basis else ''}. {deals}.{ended}</p>"
                     + _quotes_html(b.reserve_quotes.get(r.id, ())))
    return "".join(parts)


def _timeline(b: Briefing) -> str:
    svg, left_out = timeline_chart(b.timeline)
    if not svg:
        return "<p>No dated entries.</p>"
    legend = "".join(f'<span><i class="swatch" style="background:{c}"></i>{k}s</span>'
                     for k, c in (("deal", "#1f5fa8"), ("event", "#2a8a5a"),
                                  ("claim", "#b5531a")))
    more = (f" The {left_out} earliest entries are left out of the chart "
            "(dealtrack timeline lists them)." if left_out else "")
    return (f'<figure>{svg}<figcaption><span class="legend">{legend}</span> Each mark covers '
            "the year, month or day its date is known to; dashed outline: approximate date."
            f"{_e(more)}</figcaption></figure>")


def _deal_table(b: Briefing) -> str:
    rows = []
    for row in sorted(b.deals, key=lambda r: (r.deal.first_date().sort_key()
                                              if r.deal.first_date() else (0,), r.deal.id)):
        d = row.deal
        first = d.first_date()
        rows.append(
            f'<tr><td><a href="#deal-{_e(d.id)}">{_e(d.title)}</a><br>'
            f'<span class="muted">{_e(d.id)}</span>{_not_counted(row)}</td>'
            f'<td data-value="{_e(first.iso().lstrip("~") if first else "")}">'
            f"{_e(first.human() if first else 'undated')}</td>"
            f"<td>{_e(d.instrument)}{' ×' + str(d.count) if d.count > 1 else ''}<br>"
            f'<span class="muted">{_e(binding_label(d))}</span></td>'
            f"<td>{_e(d.status)}</td><td>{_e('+'.join(hosts(d)))}</td>"
            f"<td>{_e(', '.join(row.partners) or '–')}</td>"
            f'<td class="money" data-value="{_e(_sort_value(row.valued.value))}">'
            f"{_fig(lambda row=row: _converted(row, b.currency))}</td>"
            f'<td class="num">{len({q.source_id for q in row.quotes})}</td></tr>')
    head = "".join(f'<th scope="col" data-sort="{kind}"{cls}>{_e(name)}</th>' for name, kind, cls
                   in (("Deal", "text", ""), ("Date", "text", ""), ("Instrument", "text", ""),
                       ("Status", "text", ""), ("Host", "text", ""), ("Partners", "text", ""),
                       (f"Value ({b.currency})", "number", ""),
                       ("Sources", "number", ' class="num"')))
    return (f'<table class="sortable" id="deal-table"><thead><tr>{head}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>" + _not_counted_note(b)
            + '<p class="muted no-print">Click a column heading to sort.</p>')


def _not_counted_note(b: Briefing) -> str:
    """Why the deals marked "not counted" are left out: ended (--include-ended counts them),
    or counted through the deal that follows or holds them (never counted twice)."""
    reasons = [r.reason for r in b.deals if not r.counted]
    if not reasons:
        return ""
    related = [x for x in reasons if x in (SUPERSEDED, PART_OF)]
    ended = [x for x in reasons if x not in (SUPERSEDED, PART_OF)]
    why = ([f"{len(ended)} {agree(len(ended), 'has', 'have')} ended ({' or '.join(sorted(set(ended)))}; "
            "--include-ended counts them)"] if ended else [])
    why += ([f"{len(related)} {agree(len(related), 'is', 'are')} counted through the deal that follows or "
             f"holds {agree(len(related), 'it', 'them')} ({', '.join(sorted(set(related)))})"]
            if related else [])
    return (f'<p class="note">{plural(len(reasons), "deal")} marked <em>not counted</em> '
            f"{agree(len(reasons), 'is', 'are')} left out of every total and share: "
            f"{_e('; '.join(why))}.</p>")


def _not_counted(row: DealRow) -> str:
    return "" if row.counted else '<br><strong class="ended">not counted</strong>'


def _deal_sources(b: Briefing) -> str:
    parts = []
    for row in b.deals:
        d = row.deal
        conversion = row.valued.conversion
        rate = (f'<br><span class="muted">{_e(conversion_text(conversion))}</span>'
                if conversion else "")
        if row.valued.reported and row.valued.value is None:
            rate = f'<br><span class="muted">no recorded rate to {_e(b.currency)}</span>'
        dates = ", ".join(f"{s} {x.human()}" for s, x in d.lifecycle_dates.items())
        parts.append(f'<article id="deal-{_e(d.id)}"><h3>{_e(d.title)}</h3>'
                     f'<p><span class="muted">{_e(d.id)} · {_e(dates)}</span><br>'
                     f"Value as reported: <strong>{_fig(lambda row=row: _reported(row))}</strong>"
                     f"{rate}"
                     + (f'<br><strong class="ended">not counted: {_e(row.reason)}</strong>'
                        if not row.counted else "")
                     + (f'<br><span class="muted">{_e(d.value.note)}</span>'
                        if d.value is not None and d.value.note else "") + "</p>"
                     + (f"<p>{_e(d.summary)}</p>" if d.summary else "")
                     + _quotes_html(row.quotes) + "</article>")
    return "".join(parts) or "<p>No deals match.</p>"


def _claims(b: Briefing) -> str:
    claims = sorted(b.summary.claims, key=lambda c: (c.verdict, c.id))
    if not claims:
        return "<p>No claims about the selected deals.</p>"
    counts = ", ".join(f"{n} {v}" for v, n in b.summary.verdicts if n)
    rows = [f'<tr id="claim-{_e(c.id)}"><td><span class="verdict verdict-{_e(c.verdict)}">'
            f"{_e(c.verdict)}</span></td><td>{_e(c.claim)}"
            + (f'<p class="note">{_e(c.note)}</p>' if c.note else "")
            + f"</td><td>{_quotes_html(b.claim_quotes.get(c.id, ()))}</td></tr>"
            for c in claims]
    return (f"<p>{_e(counts)}</p><table><thead><tr><th scope=\"col\">Verdict</th>"
            '<th scope="col">Claim</th><th scope="col">Sources</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def _quality(b: Briefing) -> str:
    items = []
    for attr, label in QUALITY_LABELS:
        ids = getattr(b.summary.quality, attr)
        if ids:
            items.append(f"<li><strong>{_e(label)} ({len(ids)}):</strong> "
                         f"{_e(', '.join(ids))}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else "<p>Nothing to note.</p>"


def _rates(b: Briefing) -> str:
    conversions = b.summary.conversions
    if not conversions:
        return f"<p>No conversion was needed: every figure is in {_e(b.currency)}.</p>"
    return "<ul>" + "".join(f"<li>{_e(conversion_text(c))}</li>" for c in conversions) + "</ul>"


def _revision(b: Briefing) -> str:
    r = b.revision
    if r is None:
        return "The dataset is not in a git repository."
    dirty = " (with uncommitted changes)" if r.dirty else ""
    return (f"Dataset at git commit <code>{_e(r.commit[:12])}</code> of "
            f'<time datetime="{_e(r.date)}">{_e(_when(r.date))}</time>{dirty}.')


def _when(iso: str) -> str:
    """``2025-09-08T14:03:00+02:00`` as ``8 Sep 2025, 14:03 (UTC+02:00)``."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    zone = moment.strftime("%z")
    zone = f" (UTC{zone[:3]}:{zone[3:]})" if zone else ""
    return f"{moment.day} {moment:%b %Y, %H:%M}{zone}"


def render_html(b: Briefing) -> str:
    """The whole page."""
    from dealtrack import __version__

    filters = " · ".join(b.summary.filters.describe())
    sub = " · ".join(x for x in (f"figures in {b.currency}", filters) if x)
    sections = [
        ("summary", "Summary", _figures(b)),
        ("partners", "Partner shares", _partners(b)),
        ("reserves", "Reserve estimates", _reserves(b)),
        ("timeline", "Timeline", _timeline(b)),
        ("deals", "Deals", _deal_table(b)),
        ("figures", "Every figure with its sources", _deal_sources(b)),
        ("claims", "Claims and verdicts", _claims(b)),
        ("quality", "Data quality", _quality(b)),
        ("rates", "Rates used", _rates(b)),
    ]
    nav = "".join(f'<li><a href="#{k}">{_e(t)}</a></li>' for k, t, _ in sections)
    body = "".join(f'<section id="{k}" aria-labelledby="{k}-h"><h2 id="{k}-h">{_e(t)}</h2>'
                   f"{content}</section>" for k, t, content in sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(_csp())}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Deal briefing{(' · ' + _e(b.name)) if b.name else ''}</title>"
        '<meta name="generator" content="dealtrack">'
        f"<style>{STYLE}</style></head><body>"
        f"<header><h1>Deal briefing</h1><p class=\"meta\">{_e(sub)}<br>"
        f"{_revision(b)}</p><nav class=\"no-print\" aria-label=\"Sections\"><ul>{nav}</ul>"
        "</nav></header>"
        f"<main>{body}</main>"
        f'<footer class="meta"><p>Made by dealtrack {_e(__version__)} from '
        f"{_e(b.name or 'the dataset')}. Figures are rounded to three significant figures "
        "(hover one for every digit, or make the page with --exact); ranges stay ranges; "
        "other currencies are converted only with a recorded rate.</p></footer>"
        f"<script>{SCRIPT}</script></body></html>\n")
