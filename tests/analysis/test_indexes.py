"""The lookups reports make per figure are indexed; an index must answer what a scan would.

A scan over every rate per figure, or over every deal per reserve estimate,
made a 10,000-deal summary take seconds; the indexes replace those scans and
these properties hold them to the scans' answers, ties and order included.
"""

from __future__ import annotations

import os
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dealtrack.analysis.links import covered_by, covers
from dealtrack.analysis.money import find_rate
from dealtrack.model import Deal, FuzzyDate, Loc, Rate, Reserve

EXAMPLES = int(os.environ.get("DEALTRACK_FUZZ_EXAMPLES", "150"))
LOC = Loc("rates.yaml", 1, 1)

dates = st.builds(
    lambda year, month, day, approx: FuzzyDate(year, month if month or not day else 1,
                                               day, approx),
    st.integers(2023, 2025), st.none() | st.integers(1, 12), st.none() | st.integers(1, 28),
    st.booleans())
currencies = st.sampled_from(["USD", "CNY", "PKR"])


def scan_rate(rates, from_currency, to_currency, on):
    """The definition: the latest eligible rate, the first listed among equals."""
    candidates = [r for r in rates
                  if r.from_currency == from_currency and r.to_currency == to_currency
                  and (on is None or r.date.earliest() <= on.latest())]
    return max(candidates, key=lambda r: (r.date.earliest(), r.date.sort_key()), default=None)


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(st.lists(st.tuples(dates, currencies, currencies, st.integers(1, 9)), max_size=12),
       st.none() | dates, currencies, currencies)
def test_indexed_rate_lookup_answers_as_a_scan(specs, on, from_currency, to_currency):
    rates = tuple(Rate(date, a, b, Decimal(n), Loc("rates.yaml", line, 1))
                  for line, (date, a, b, n) in enumerate(specs, 1))
    found = find_rate(rates, from_currency, to_currency, on)
    expected = scan_rate(rates, from_currency, to_currency, on)
    assert found is expected   # the same record, so the same line is cited


slugs = st.sampled_from(["copper", "gold", "mining", "ports", "lithium"])


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(st.lists(st.tuples(st.sampled_from(["PK", "AU", None]), st.lists(slugs, max_size=3),
                          st.lists(slugs, max_size=3)), max_size=15),
       st.sampled_from(["PK", "AU", None]), st.none() | slugs)
def test_reserve_coverage_index_answers_as_a_scan(specs, country, commodity):
    deals = [Deal(f"d{i}", LOC, {}, host=host, sectors=tuple(sectors),
                  commodities=tuple(commodities))
             for i, (host, sectors, commodities) in enumerate(specs)]
    reserve = Reserve("r", LOC, {}, country=country, commodity=commodity)
    indexed = [deals[i] for i in covered_by(deals).get((country, commodity), ())]
    assert indexed == [d for d in deals if covers(reserve, d)]
