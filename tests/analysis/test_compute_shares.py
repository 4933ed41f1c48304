"""compute_shares: deals against reserve estimates, as exact share ranges."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from dealtrack.analysis.money import _UP
from dealtrack.analysis.shares import compute_shares
from dealtrack.errors import DealtrackError

import mkdata

RESERVES = """\
- id: pk-ree
  country: PK
  commodity: rare-earths
  value: USD 6 to 8 trillion
  basis: estimated value
  sources: [{source: src-a, quote: 6 to 8 trillion}]
- id: pk-copper
  country: PK
  commodity: copper
  value: USD 1 trillion
  sources: [{source: src-b, quote: 1 trillion}]
"""


@pytest.fixture
def ds(tmp_path):
    return mkdata.load(mkdata.build(tmp_path, [
        mkdata.deal("mou", value="USD 500 million", commodities="[rare-earths, cobalt]"),
        mkdata.deal("cap", value="up to USD 1 billion", sectors="[rare-earths]"),
        mkdata.deal("none", commodities="[rare-earths]"),
        mkdata.deal("other", value="USD 7 billion", commodities="[copper]"),
        mkdata.deal("abroad", host="AU", partners=("us-co",), value="USD 9 billion",
                    commodities="[rare-earths]"),
    ], reserves=RESERVES))


def test_rows_and_total_by_hand(ds):
    block = compute_shares(ds, "pk-ree").reserve("pk-ree")
    # matched: hosted in PK and naming rare-earths (commodity or sector), in dataset order;
    # "abroad" is hosted in AU, "other" names only copper
    assert [r.deal_id for r in block.rows] == ["cap", "mou", "none"]
    # mou: [500e6 / 8e12, 500e6 / 6e12] = [0.0000625, 1/12000]
    mou = block.row("mou").share
    assert mou.low == D("0.0000625") and mou.high == _UP.divide(D(1), D(12000))
    # cap (up to 1 bn = [0, 1e9]): [0 / 8e12, 1e9 / 6e12] = [0, 1/6000]
    cap = block.row("cap").share
    assert cap.low == 0 and cap.high == _UP.divide(D(1), D(6000))
    # none: no value, no share, not zero
    assert block.row("none").value is None and block.row("none").share is None
    # total [500e6, 1.5e9]: [500e6 / 8e12, 1.5e9 / 6e12] = [0.0000625, 0.00025]
    assert (block.total.low, block.total.high) == (D(500_000_000), D(1_500_000_000))
    assert (block.total_share.low, block.total_share.high) == (D("0.0000625"), D("0.00025"))
    assert block.sources[0].source == "src-a"


def test_every_estimate_by_default(ds):
    result = compute_shares(ds)
    assert [b.reserve_id for b in result.reserves] == ["pk-ree", "pk-copper"]
    # 7e9 / 1e12 = 0.007 exactly
    assert result.reserve("pk-copper").row("other").share.low == D("0.007")


def test_explicit_deals_replace_the_matching(ds):
    block = compute_shares(ds, "pk-ree", deal_ids=("other",)).reserve("pk-ree")
    assert [r.deal_id for r in block.rows] == ["other"]
    # 7e9 / 8e12 = 0.000875
    assert block.total_share.low == D("0.000875")


def test_unknown_ids_are_refused(ds):
    with pytest.raises(DealtrackError, match="did you mean 'pk-ree'"):
        compute_shares(ds, "pk-re")
    with pytest.raises(DealtrackError, match="no deal 'mous'"):
        compute_shares(ds, deal_ids=("mous",))
