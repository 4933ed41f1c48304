"""What the headline figures count (analysis.counting), through the public functions."""

from __future__ import annotations

from decimal import Decimal as D

from dealtrack.analysis.counting import binding_label, ended_reasons
from dealtrack.analysis.filters import Filters, select_deals
from dealtrack.analysis.listing import list_deals
from dealtrack.analysis.totals import compute_totals

import mkdata


def _ds(tmp_path):
    return mkdata.load(mkdata.build(tmp_path, [
        mkdata.deal("signed-loan", value="USD 1 billion", instrument="loan"),
        mkdata.deal("announced-loan", value="USD 2 billion", instrument="loan",
                    status="announced"),
        mkdata.deal("cancelled-mou", value="USD 3 billion", status="cancelled"),
        mkdata.deal("expired-loan", value="USD 4 billion", instrument="loan",
                    status="expired"),
        mkdata.deal("stalled-mou", value="at least USD 5 billion", status="stalled"),
    ]))


def test_ended_deals_are_selected_apart(tmp_path):
    ds = _ds(tmp_path)
    assert ended_reasons(ds) == {"cancelled-mou": "cancelled", "expired-loan": "expired"}
    chosen = select_deals(ds, Filters())
    assert sorted(d.id for d in chosen.deals) == ["announced-loan", "signed-loan",
                                                  "stalled-mou"]
    assert sorted(d.id for d in chosen.ended) == ["cancelled-mou", "expired-loan"]
    assert len(chosen.matching) == 5
    assert len(select_deals(ds, Filters(include_ended=True)).deals) == 5
    assert [d.id for d in select_deals(ds, Filters(statuses=("expired",))).deals] == [
        "expired-loan"]


def test_totals_name_what_they_leave_out_and_what_is_stalled(tmp_path):
    result = compute_totals(_ds(tmp_path), ["partner"])
    # counted: 1 + 2 + at least 5 = at least 8 bn
    assert result.total.value.low == D(8_000_000_000) and result.total.value.high is None
    assert {g.key[0]: g.value.low for g in result.ended} == {
        "cancelled": D(3_000_000_000), "expired": D(4_000_000_000)}
    assert result.stalled.deal_ids == ("stalled-mou",)
    assert result.total.stated.high == D(8_000_000_000)   # the stated figures are bounded


def test_binding_labels(tmp_path):
    labels = {d.id: binding_label(d) for d in _ds(tmp_path).deals}
    assert labels == {"signed-loan": "binding", "announced-loan": "not yet signed",
                      "cancelled-mou": "ended", "expired-loan": "ended",
                      "stalled-mou": "non-binding"}


def test_value_order_rests_on_stated_figures(tmp_path):
    ds = mkdata.load(mkdata.build(tmp_path, [
        mkdata.deal("open", value="at least USD 2 billion"),
        mkdata.deal("big", value="USD 600 billion"),
        mkdata.deal("wide", value="USD 1 to 999 billion"),       # midpoint 500 bn
        mkdata.deal("ceiling", value="up to USD 550 billion")]))
    assert [r.deal.id for r in list_deals(ds, sort="value").rows] == [
        "big", "ceiling", "wide", "open"]
