"""compute_timeline: one axis, honest precision, gaps for empty years."""

from __future__ import annotations

import pytest

from dealtrack.analysis.filters import Filters
from dealtrack.analysis.timeline import Gap, Year, compute_timeline
from dealtrack.errors import DealtrackError
from dealtrack.model import FuzzyDate

import mkdata

EVENTS = """\
- {id: old, date: 1971, kind: history, title: Old visit, sources: [{source: src-a}]}
- {id: talk, date: ~2025-09-06, kind: statement, title: A statement, deals: [a],
   sources: [{source: src-a}]}
"""
CLAIMS = """\
- {id: rumour, claim: Something happened., verdict: "false", about: [b], made: 2025-10,
   sources: [{source: src-a}]}
"""


@pytest.fixture
def ds(tmp_path):
    return mkdata.load(mkdata.build(tmp_path, [
        mkdata.deal("a", date="2025-09-08"),
        mkdata.deal("b", partners=("cn-co",), date="2025"),
    ], events=EVENTS, claims=CLAIMS))


def test_entries_in_order_with_a_gap(ds):
    result = compute_timeline(ds)
    assert [(e.date.human(), e.kind, e.id) for e in result.entries] == [
        ("1971", "event", "old"), ("2025", "deal", "b"), ("~6 Sep 2025", "event", "talk"),
        ("8 Sep 2025", "deal", "a"), ("Oct 2025", "claim", "rumour")]
    first, gap, last = result.blocks
    assert isinstance(gap, Gap) and (gap.first, gap.last, gap.years) == (1972, 2024, 53)
    assert isinstance(last, Year)
    # year-only entries head the year, then months in order
    assert [p.month for p in last.periods] == [None, 9, 10]


def test_kind_and_deal_filters(ds):
    assert [e.id for e in compute_timeline(ds, kinds=("claim",)).entries] == ["rumour"]
    assert [e.id for e in compute_timeline(ds, kinds=("statement",)).entries] == ["talk"]
    # partner CN keeps deal b and the claim about it, drops the event about deal a
    assert [e.id for e in compute_timeline(ds, Filters(partners=("CN",))).entries] == \
        ["b", "rumour"]
    with pytest.raises(DealtrackError, match="did you mean 'claim'"):
        compute_timeline(ds, kinds=("claims",))


def test_date_window_applies_to_each_entry(ds):
    result = compute_timeline(ds, Filters(since=FuzzyDate(2025, 9, 7)))
    # "2025" is partly inside; ~6 Sep is out; 8 Sep and Oct are in
    assert [(e.id, e.partly) for e in result.entries] == [("b", True), ("a", False),
                                                          ("rumour", False)]
