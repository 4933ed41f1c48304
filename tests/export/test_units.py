"""The pieces under the commands, on hand-built values: spreadsheet cells, links, charts."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dealtrack.analysis.money import Range, Share
from dealtrack.analysis.timeline import Entry, TimelineResult
from dealtrack.analysis.totals import Group
from dealtrack.export.web import link, safe_url
from dealtrack.model import FuzzyDate
from dealtrack.textsafe import FORMULA_START, NUMBER, csv_cell, csv_restore
from dealtrack.report.svg import partner_chart, timeline_chart


@given(st.text())
def test_neutralised_cells_never_start_a_formula_and_restore_exactly(cell):
    safe = csv_cell(cell)
    assert not safe.startswith(FORMULA_START) or NUMBER.fullmatch(safe)
    assert csv_restore(safe) == cell


def test_only_http_addresses_become_links():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", " data:text/html,x", "/etc/passwd",
                "http://", "https://x.org/\"onmouseover=alert(1)", "vbscript:x", "file:///x"):
        assert safe_url(bad) is None, bad
    assert link("javascript:alert(1)", "<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert link("https://a.org/?x=1&y=2", "t") == (
        '<a href="https://a.org/?x=1&amp;y=2" rel="noopener noreferrer">t</a>')


def _widths(svg: str, cls: str) -> list[float]:
    return [float(w) for w in re.findall(rf'width="([\d.]+)" height="16" class="{cls}"', svg)]


def _stated(key, money, share, open_ended=()):
    """A group whose stated share (what bars show) is ``share``; its exact share is open."""
    exact = Share(Decimal(0), None) if open_ended else share
    return Group(key, 1, 1, money, exact, stated=money, stated_share=share,
                 open_ended=open_ended)


def test_a_share_range_is_drawn_as_a_range():
    money = Range(Decimal(1), Decimal(3), "USD")
    groups = (_stated(("CN",), money, Share(Decimal("0.25"), Decimal("0.75"))),
              _stated(("US",), money, Share(Decimal("0.5"), Decimal("0.5")), ("us-deal",)),
              Group(("FR",), 1, 1, None, None))
    svg = partner_chart(groups)
    assert "50.0 % †" in svg    # US: an open-ended figure, drawn at its stated share
    solid, open_part = _widths(svg, "bar"), _widths(svg, "bar-range")
    assert len(solid) == 2 and len(open_part) == 1          # only CN is a range
    assert open_part[0] == solid[0] * 2                        # 25 % surely, up to 75 %
    assert solid[1] == solid[0] * 2                            # US: 50 %
    assert "value not reported" in svg
    assert "<title" in svg and "<desc" in svg


def test_timeline_marks_cover_what_their_date_is_known_to():
    def entry(date, name):
        return Entry(date, "event", "statement", name, name)

    entries = (entry(FuzzyDate(2024), "year"), entry(FuzzyDate(2024, 6), "month"),
               entry(FuzzyDate(2024, 6, 3), "day"), entry(FuzzyDate(2024, 9, approximate=True),
                                                          "approx"))
    svg, left_out = timeline_chart(TimelineResult(entries, ()))
    assert left_out == 0
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]
    year, month, day, _ = widths
    assert year > 10 * month and month > 5 * day
    assert svg.count('stroke-dasharray') == 1                  # the approximate one
    assert "known to the year" in svg and "known to the day" in svg


def test_small_shares_get_an_axis_they_can_be_seen_on():
    from dealtrack.report.svg import axis_top

    def top(*highs):
        return axis_top([Share(Decimal(0), None if h is None else Decimal(h)) for h in highs])

    assert top("0.00889", "0.002") == Decimal("0.01")      # ticks 0.25 % … 1 %
    assert top("0.3") == Decimal("0.4") and top("0.012") == Decimal("0.02")
    assert top("0.9") == 1 and top("0.5") == 1 and top(None) == 1 and top() == 1
    small = Range(Decimal(1), Decimal(1), "USD")
    groups = (_stated(("CN",), small, Share(Decimal("0.008"), Decimal("0.008"))),
              _stated(("US",), small, Share(Decimal("0.004"), Decimal("0.004"))))
    svg = partner_chart(groups)
    assert ">1 %</text>" in svg and ">0.25 %</text>" in svg and ">100 %<" not in svg
    solid = _widths(svg, "bar")
    assert solid[0] == solid[1] * 2 and solid[0] > 300     # 0.8 % of a 1 % axis: a long bar


def test_timeline_chart_marks_ended_deals_as_the_text_timeline_does():
    entries = (Entry(FuzzyDate(2025, 5), "deal", "signed", "mou-1", "A long memorandum title "
                     "that the chart must cut", ended="superseded"),
               Entry(FuzzyDate(2025, 6), "deal", "signed", "jv-1", "Joint venture"))
    svg, _ = timeline_chart(TimelineResult(entries, ()))
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert any(l.endswith("[superseded: not counted]") for l in labels), labels
    assert "A long memorandum title that the chart must cut [superseded: not counted]" in svg
    assert sum("not counted" in l for l in labels) == 1          # the counted deal: unmarked


def test_every_export_format_the_cli_offers_has_a_writer():
    from dealtrack.export import FORMATS
    from dealtrack.export.formats import WRITERS

    assert tuple(WRITERS) == FORMATS
