"""Dates as people type them, and how partial dates meet a --since/--until window."""

from __future__ import annotations

import pytest

from dealtrack.analysis.filters import (IN, OUT, PARTLY, FilterError, Filters, parse_when,
                                        select_deals, window)
from dealtrack.model import FuzzyDate

import mkdata


@pytest.mark.parametrize("typed, expected", [
    ("2025", FuzzyDate(2025)),
    ("2025-09", FuzzyDate(2025, 9)),
    ("Sep 2025", FuzzyDate(2025, 9)),
    ("September 2025", FuzzyDate(2025, 9)),
    ("2025-09-08", FuzzyDate(2025, 9, 8)),
    ("8 Sep 2025", FuzzyDate(2025, 9, 8)),
    ("Sep 8, 2025", FuzzyDate(2025, 9, 8)),
    ("25/12/2025", FuzzyDate(2025, 12, 25)),   # only one reading is a date
])
def test_typed_dates_keep_their_precision(typed, expected):
    assert parse_when(typed) == expected


@pytest.mark.parametrize("typed, why", [
    ("03/04/2025", "ambiguous"), ("Sep", "no year"), ("soon", "not a date"),
])
def test_unreadable_dates_are_refused_with_a_reason(typed, why):
    with pytest.raises(FilterError, match=why):
        parse_when(typed, "--since")


SEP = FuzzyDate(2025, 9)


@pytest.mark.parametrize("since, until, expected", [
    (FuzzyDate(2025, 9, 1), None, IN),          # 1–30 Sep all on or after 1 Sep
    (FuzzyDate(2025, 9, 15), None, PARTLY),     # 1–14 Sep before, 15–30 Sep after
    (FuzzyDate(2025, 10), None, OUT),
    (None, FuzzyDate(2025, 9), IN),             # --until 2025-09 runs to 30 Sep
    (None, FuzzyDate(2025, 9, 30), IN),
    (None, FuzzyDate(2025, 9, 29), PARTLY),
    (None, FuzzyDate(2025, 8, 31), OUT),
    (FuzzyDate(2025), FuzzyDate(2025), IN),
])
def test_a_month_against_the_window(since, until, expected):
    assert window(SEP, Filters(since=since, until=until)) == expected


def test_a_day_is_never_partly_inside():
    assert window(FuzzyDate(2025, 9, 8), Filters(since=FuzzyDate(2025, 9, 8))) == IN
    assert window(FuzzyDate(2025, 9, 7), Filters(since=FuzzyDate(2025, 9, 8))) == OUT


def test_partly_inside_deals_are_kept_and_named(tmp_path):
    ds = mkdata.load(mkdata.mixed(tmp_path))
    chosen = select_deals(ds, Filters(since=FuzzyDate(2025, 9, 7)))
    # a-usd 8 Sep (in), b-cny 6 Sep (out), c-upto 1 Oct (in), d-none "2025" (partly),
    # e-about "2025-09" (partly)
    assert [d.id for d in chosen.deals] == ["a-usd", "c-upto", "d-none", "e-about"]
    assert chosen.partly == ("d-none", "e-about")


def test_deal_filters_combine(tmp_path):
    ds = mkdata.load(mkdata.mixed(tmp_path))
    # partner CN: b-cny (CN) and e-about (CN+US); with instrument mou both remain
    assert [d.id for d in select_deals(ds, Filters(partners=("CN",))).deals] == \
        ["b-cny", "e-about"]
    assert [d.id for d in select_deals(ds, Filters(partners=("CN",), sectors=("energy",))
                                       ).deals] == ["e-about"]
    assert [d.id for d in select_deals(ds, Filters(instruments=("loan",))).deals] == ["d-none"]


def test_a_filter_value_given_twice_is_one_choice_echoed_once():
    from dealtrack.analysis.filters import parse_filters

    chosen = parse_filters(hosts=["cl", "CL"], statuses=["signed", "signed"],
                           sectors=["Mining", "mining"])
    assert (chosen.hosts, chosen.statuses, chosen.sectors) == (("CL",), ("signed",), ("mining",))
    assert chosen.describe()[0] == "host CL"
