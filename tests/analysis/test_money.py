"""Exact range arithmetic, qualifiers, shares and conversion with recorded rates."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealtrack.analysis.money import (Range, Share, combine_qualifiers, decimal_text, find_rate,
                                      share, total, value_in)
from dealtrack.model import FuzzyDate, Loc, Money, Rate
from dealtrack.render.fmt import amount_text, money_text, percent_text, share_text

USD = "USD"


def r(low, high, qualifier="exact"):
    return Range(D(low), None if high is None else D(high), USD, qualifier)


def test_ranges_add_bound_by_bound():
    # [1, 2] + [3, 5] = [1+3, 2+5] = [4, 7]
    assert total([r(1, 2), r(3, 5)], USD) == r(4, 7)


def test_about_is_contagious_and_up_to_raises_only_the_high_bound():
    # 4.2 bn exact + up to 0.5 bn ([0, 0.5]) = [4.2, 4.7] bn, still "exact" as reported
    upto = Range.of(Money(USD, D(500_000_000), D(500_000_000), "up to"))
    assert upto == r(0, 500_000_000, "up to")
    mixed = total([r(4_200_000_000, 4_200_000_000), upto], USD)
    assert (mixed.low, mixed.high, mixed.qualifier) == (D(4_200_000_000), D(4_700_000_000),
                                                        "exact")
    assert money_text(mixed) == "USD 4.2 to 4.7 billion"
    assert total([mixed, r(1, 1, "about")], USD).qualifier == "about"
    assert combine_qualifiers(["up to", "up to"]) == "up to"


def test_at_least_makes_the_total_unbounded_and_says_so():
    floor = Range.of(Money(USD, D(10**9), D(10**9), "at least"))
    summed = total([floor, r(5 * 10**8, 5 * 10**8)], USD)
    assert (summed.low, summed.high) == (D(1_500_000_000), None)
    assert money_text(summed) == "at least USD 1.5 billion"


def test_a_sum_never_rounds():
    # 28 significant digits would round this; the sum must keep every digit.
    big = r("123456789012345678.123456789", "123456789012345678.123456789")
    assert decimal_text(total([big, r("0.000000001", "0.000000001")], USD).low) == \
        "123456789012345678.12345679"


def test_adding_currencies_without_a_rate_is_refused():
    with pytest.raises(ValueError):
        total([r(1, 1), Range(D(1), D(1), "PKR")], USD)


def test_share_of_a_range_in_a_range_is_low_over_high_to_high_over_low():
    # 500 m in [6, 8] trillion: 500e6 / 8e12 = 0.0000625 (terminates);
    # 500e6 / 6e12 = 1/12000 = 0.0000833… rounded UP at 28 significant digits.
    portion = share(r(500_000_000, 500_000_000), r(6 * 10**12, 8 * 10**12))
    assert portion.low == D("0.0000625")
    assert decimal_text(portion.high) == "0.00008333333333333333333333333334"
    assert portion.low <= D(1) / D(12000) <= portion.high
    # The text shows each bound to three significant figures: 0.00833… % → 0.00833 %.
    assert share_text(portion) == "0.00625 %–0.00833 %"


def test_exact_share_bounds_round_outwards_at_28_digits():
    # 1 / 1.2 = 0.8333…: the low bound rounds down, the high bound up.
    portion = share(r(1, 1), r("1.2", "1.2"))
    assert decimal_text(portion.low) == "0.8333333333333333333333333333"
    assert decimal_text(portion.high) == "0.8333333333333333333333333334"


def test_share_of_a_zero_or_unbounded_whole():
    assert share(r(1, 1), r(0, 0)) is None
    # whole at least 10: a share of 5 is in [0, 5/10]
    assert share(r(5, 5), r(10, None)) == Share(D(0), D("0.5"))
    # part of its own total cannot exceed 100 %
    assert share(r(5, None), r(10, None), of_total=True).high == D(1)


def test_percentages_show_three_significant_figures():
    assert percent_text(D(500) / D(4700)) == "10.6 %"    # 10.638…
    assert percent_text(D(4200) / D(4700)) == "89.4 %"   # 89.361…
    assert percent_text(D("0.0000625")) == "0.00625 %"
    assert percent_text(D(1)) == "100 %"


def test_decimal_text_never_uses_exponents():
    assert decimal_text(D("4.7E+9")) == "4700000000"
    assert decimal_text(D("6.25E-5")) == "0.0000625"
    assert decimal_text(D("0E-7")) == "0"


def _rate(date: str, value: str, frm="PKR", to="USD") -> Rate:
    from dealtrack.load.values import parse_date

    return Rate(parse_date(date)[0], frm, to, D(value), Loc("rates.yaml", 1, 1))


RATES = (_rate("2025-09-01", "0.0035"), _rate("2025-09-20", "0.0036"))


def test_the_latest_rate_on_or_before_the_date_is_used():
    assert find_rate(RATES, "PKR", "USD", FuzzyDate(2025, 9, 8)).rate == D("0.0035")
    assert find_rate(RATES, "PKR", "USD", FuzzyDate(2025, 9, 20)).rate == D("0.0036")
    # a figure dated only "Sep 2025" may be as late as 30 Sep: the 20 Sep rate applies
    assert find_rate(RATES, "PKR", "USD", FuzzyDate(2025, 9)).rate == D("0.0036")
    assert find_rate(RATES, "PKR", "USD", FuzzyDate(2025, 8, 31)) is None
    assert find_rate(RATES, "USD", "PKR", FuzzyDate(2025, 9, 30)) is None  # no inverting


def test_conversion_is_exact_and_records_the_rate():
    money = Money("PKR", D(1_250_000_000), D(1_250_000_000))
    valued = value_in(money, USD, RATES, record="x", on=FuzzyDate(2025, 9, 8),
                      loc=Loc("x.yaml", 3, 8))
    # 1,250,000,000 × 0.0035 = 4,375,000
    assert valued.value == r(4_375_000, 4_375_000)
    assert (valued.conversion.rate, valued.conversion.rate_date) == (D("0.0035"),
                                                                     FuzzyDate(2025, 9, 1))
    assert money_text(valued.value, exact=True) == "USD 4.375 million"
    assert money_text(valued.value) == "USD 4.38 million"   # three significant figures


def test_a_missing_rate_is_a_diagnostic_naming_pair_and_date():
    money = Money("EUR", D(10), D(10))
    valued = value_in(money, USD, RATES, record="eu-deal", on=FuzzyDate(2025, 9),
                      loc=Loc("eu.yaml", 9, 8))
    assert valued.value is None and valued.reported
    d = valued.diagnostic
    assert (d.code, d.severity, str(d.loc)) == ("DT401", "error", "eu.yaml:9:8")
    assert "from EUR to USD on or before 2025-09" in d.message and "eu-deal" in d.message


def _shown(text: str) -> D:
    return D(text.removeprefix("≥ ").removesuffix(" %")) / 100


@given(st.decimals(min_value=D("0.000000001"), max_value=D(3), places=12),
       st.decimals(min_value=D("0.000000001"), max_value=D(3), places=12))
def test_shown_share_bounds_are_within_half_a_unit_of_the_third_figure(a, b):
    low, high = sorted((a, b))
    text = share_text(Share(low, high))
    parts = [_shown(t) for t in text.split("–")]
    shown_low, shown_high = parts[0], parts[-1]
    for shown, exact in ((shown_low, low), (shown_high, high)):
        unit = D(1).scaleb(exact.scaleb(2).adjusted() - 2 - 2)  # a unit of the 3rd figure
        assert abs(shown - exact) <= unit  # (one unit: carries like 99.96 → 100)


def test_shown_bounds_are_rounded_to_three_figures():
    # [13.37 %, 22.73 %] (500/3740, 600/2640)
    portion = share(r(500, 600), r(2640, 3740))
    assert share_text(portion) == "13.4 %–22.7 %"
    assert share_text(Share(D("0.9996"), None)) == "≥ 99.9 %"
    # A share that is one figure (up to the quotient's rounding) stays one figure ...
    assert share_text(share(r(42, 42), r(47, 47))) == "89.4 %"
    # ... and only the whole is 100 %: 99.96 % of a total reads 99.9 %.
    assert share_text(Share(D("0.9996"), D("0.9996"))) == "99.9 %"
    assert share_text(Share(D(1), D(1))) == "100 %"
    assert percent_text(D("0.99951"), "ROUND_CEILING") == "100 %"


@pytest.mark.parametrize("low, high, readable, exact", [
    ("660674750000", None, "661 billion", "660.67475 billion"),
    ("4704412500", None, "4.7 billion", "4.7044125 billion"),
    ("134700000", "550254600000", "135 million to 550 billion",
     "134.7 million to 550.2546 billion"),
    ("6000000000000", "8000000000000", "6 to 8 trillion", "6 to 8 trillion"),
    ("4412500", "4413000", "4.4125 to 4.413 million", "4.4125 to 4.413 million"),
    ("602500000000", "602600000000", "602.5 to 602.6 billion", "602.5 to 602.6 billion"),
    ("4412.5", None, "4,410", "4,412.5"),
])
def test_amounts_read_to_three_significant_figures_each_in_its_own_scale(low, high, readable,
                                                                         exact):
    # a range keeps the digits that tell its ends apart without rounding it wider
    # (4.412 to 4.413 would double the width of 4.4125 to 4.413)
    high = None if high is None else D(high)
    assert amount_text(D(low), high) == readable
    assert amount_text(D(low), high, exact=True) == exact


def test_qualifiers_survive_rounding():
    value = Range(D("660674750000"), None, USD, "about")
    assert money_text(value) == "at least ~USD 661 billion"
    assert money_text(Range(D(0), D("4704412500"), USD, "up to")) == "up to USD 4.7 billion"
