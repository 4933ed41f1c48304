"""compute_totals on a mixed dataset: ranges, bundles, conversion, deals without a value."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from dealtrack.analysis.money import _DOWN, _UP
from dealtrack.analysis.totals import compute_totals
from dealtrack.errors import DealtrackError

import mkdata

M = 10**6


@pytest.fixture
def ds(tmp_path):
    return mkdata.load(mkdata.mixed(tmp_path))


def test_grand_total_by_hand(ds):
    result = compute_totals(ds, ["partner"])
    # a-usd   USD 500 m                         [ 500,  500] m
    # b-cny   CNY 1 bn, 6 Sep, rate of 1 Sep 0.14 → [ 140,  140] m   (21 instruments)
    # c-upto  up to USD 100 m                   [   0,  100] m
    # d-none  no value                          (2 instruments)
    # e-about about USD 2 to 3 bn               [2000, 3000] m
    # total                                     [2640, 3740] m, "about"
    t = result.total
    assert (t.value.low, t.value.high, t.value.qualifier) == (2640 * M, 3740 * M, "about")
    assert (t.instruments, t.deals) == (1 + 21 + 1 + 2 + 1, 5)
    assert (t.reported_instruments, t.reported_deals) == (24, 4)
    assert t.unreported == ("d-none",)
    [conversion] = result.conversions
    assert (conversion.record, conversion.rate, conversion.rate_date.iso()) == \
        ("b-cny", D("0.14"), "2025-09-01")
    assert result.diagnostics == ()


def test_groups_by_partner_by_hand(ds):
    result = compute_totals(ds, ["partner"])
    us = result.group("US")
    # a-usd + c-upto = [500 + 0, 500 + 100] = [500, 600] m; both as reported ("exact")
    assert (us.value.low, us.value.high, us.value.qualifier) == (500 * M, 600 * M, "exact")
    # share of [500, 600] in [2640, 3740]: [500/3740, 600/2640]
    assert us.share.low == _DOWN.divide(D(500), D(3740))
    assert us.share.high == _UP.divide(D(600), D(2640))
    assert result.group("CN").instruments == 21
    assert result.group("CN+US").value.qualifier == "about"
    jp = result.group("JP")
    assert (jp.value, jp.share, jp.instruments, jp.deals) == (None, None, 2, 1)
    # every deal in exactly one group
    assert sorted(i for g in result.groups for i in g.deal_ids) == sorted(
        d.id for d in ds.deals)


@pytest.mark.parametrize("keys", [["host"], ["instrument"], ["status"], ["commodity"],
                                  ["year"], ["binding"], ["partner", "year"]])
def test_single_valued_groupings_count_a_deal_once(ds, keys):
    result = compute_totals(ds, keys)
    assert sum(g.deals for g in result.groups) == 5
    assert sum(g.instruments for g in result.groups) == 26
    assert not result.overlap


def test_multi_valued_keys_put_a_deal_in_each_of_its_values(ds):
    result = compute_totals(ds, ["sector"])
    # e-about is in energy and in mining: rows overlap, the total counts it once
    assert result.group("energy").deal_ids == ("e-about",)
    assert "e-about" in result.group("mining").deal_ids
    assert result.group("energy+mining") is None
    assert result.overlap and result.total.deals == 5
    assert sum(g.deals for g in result.groups) == 6
    parties = compute_totals(ds, ["party"])
    assert "e-about" in parties.group("cn-co").deal_ids
    assert "e-about" in parties.group("us-co").deal_ids
    # e-about, USD 2 to 3 bn, is the only energy figure: energy's share is stated 2.5/3.5…
    assert result.group("energy").value.low == D(2_000_000_000)


def test_binding_counts_only_signed_binding_deals(ds):
    # d-none is a loan (binding) only announced: not yet signed, not binding
    result = compute_totals(ds, ["binding"])
    assert result.group("binding") is None
    assert result.group("not yet signed").deal_ids == ("d-none",)


def test_missing_rate_is_reported_not_skipped(tmp_path):
    folder = mkdata.build(tmp_path, [mkdata.deal("eu", value="EUR 10 million"),
                                     mkdata.deal("us", value="USD 1 million")])
    result = compute_totals(mkdata.load(folder), ["partner"])
    [d] = result.diagnostics
    assert d.code == "DT401" and "from EUR to USD on or before 2025-09-08" in d.message
    assert result.total.unconverted == ("eu",)


def test_reporting_currency_converts_through_the_inverse_of_a_recorded_rate(ds):
    # CNY reporting: the three USD deals have no USD→CNY rate; since format 1.1 the recorded
    # CNY→USD rate converts them by its exact inverse, and the conversion says so
    result = compute_totals(ds, ["partner"], currency="CNY")
    assert result.diagnostics == ()
    inverse = sorted(c.record for c in result.conversions if c.inverse)
    assert inverse == ["a-usd", "c-upto", "e-about"]


def test_unknown_key_is_refused_with_a_suggestion(ds):
    with pytest.raises(DealtrackError, match="did you mean 'partner'"):
        compute_totals(ds, ["partnr"])
