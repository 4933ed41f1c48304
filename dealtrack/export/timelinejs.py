"""The timeline as TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

One slide per entry of ``dealtrack timeline`` (deal lifecycle dates, events,
claims made or checked). A date carries only the parts it is known to:
``{"year": "2025"}`` for a year, ``month`` added for a month, ``day`` for a
day; ``display_date`` says it in words with ``~`` for approximate dates, so
TimelineJS never shows a padded "1 January". TimelineJS renders headline and
text as HTML: both are escaped here, and sources are links only for http(s)
addresses.
"""

from __future__ import annotations

import html

from dealtrack.analysis.filters import Filters
from dealtrack.analysis.timeline import Entry, compute_timeline
from dealtrack.export.web import link
from dealtrack.model import Citation, Dataset, FuzzyDate

GROUPS = {"deal": "Deals", "event": "Events", "claim": "Claims"}


def date_json(date: FuzzyDate) -> dict:
    """``{"year": "2025", "month": "9", "display_date": "~Sep 2025"}``: known parts only."""
    out = {"year": str(date.year)}
    if date.month:
        out["month"] = str(date.month)
    if date.day:
        out["day"] = str(date.day)
    out["display_date"] = date.human()
    return out


def sources_html(citations: tuple[Citation, ...], sources: dict) -> str:
    items = []
    for citation in citations:
        source = sources.get(citation.source)
        label = (source.title if source is not None and source.title else citation.source)
        quote = (f" — “{html.escape(citation.quote)}”" if citation.quote else "")
        items.append(f"<li>{link(source.url if source is not None else None, label)}"
                     f"{quote}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _slide(entry: Entry, record, sources: dict) -> dict:
    what = {"deal": f"deal {entry.what}", "event": entry.what,
            "claim": f"claim {entry.what}"}[entry.kind]
    extra = ""
    if entry.kind == "claim" and record is not None:
        extra = f"<p>Verdict: <strong>{html.escape(record.verdict or '')}</strong></p>"
    if entry.ended:
        extra += f"<p>Not counted: {html.escape(entry.ended)}</p>"
    body = (f"<p>{html.escape(what)} · {html.escape(entry.date.human())} · "
            f"<code>{html.escape(entry.id)}</code></p>{extra}"
            + sources_html(getattr(record, "sources", ()), sources))
    return {"start_date": date_json(entry.date),
            "text": {"headline": html.escape(entry.labelled_title if entry.title else entry.id),
                     "text": body},
            "group": GROUPS[entry.kind], "display_date": entry.date.human(),
            "unique_id": f"{entry.kind}-{entry.id}-{entry.what}", "autolink": False}


def timeline_json(dataset: Dataset, filters: Filters | None = None) -> dict:
    """The TimelineJS3 document for the entries ``dealtrack timeline`` shows."""
    filters = filters or Filters()
    result = compute_timeline(dataset, filters)
    records = {"deal": dataset.by_id("deals"), "event": dataset.by_id("events"),
               "claim": dataset.by_id("claims")}
    sources = dataset.by_id("sources")
    words = ", ".join(filters.describe())
    return {
        "title": {"text": {
            "headline": "Deals, events and claims",
            "text": html.escape("Exported by dealtrack" + (f" ({words})" if words else "")
                                + "; dates are shown only as precisely as they are known, "
                                "~ marks an approximate date.")}},
        "events": [_slide(e, records[e.kind].get(e.id), sources) for e in result.entries],
    }
