"""Exact money arithmetic for reports: ranges stay ranges, qualifiers carry through,
and currencies are converted only with a rate recorded in ``rates.yaml``.

A rate A→B also converts B→A (dividing by it; format 1.1), and with no rate
either way a figure goes through one pivot currency (USD) when both legs have
a rate; every rate used is kept (``Conversion``, with ``via`` for the second
leg) so that reports show them under "Rates used". A rate dated more than
``max_age`` days (default ``RATE_AGE_DAYS``) before the figure it converts is
flagged (``Conversion.stale``). An inverse conversion is a quotient: it is
rounded to ``QUOTIENT_DIGITS`` significant digits (half-even), the only
rounding in a converted figure.

Sums and products run in a wide decimal context that traps any rounding, so
a total is exact to the last digit or the program stops. Quotients (shares)
cannot always terminate; they are computed to ``QUOTIENT_DIGITS`` significant
digits and rounded outwards (low bound down, high bound up), so a share range
always contains the true share.
"""

from __future__ import annotations

import bisect

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from typing import Iterable

from dealtrack.diagnostics import Diagnostic
from dealtrack.model import EXACT, Deal, FuzzyDate, Loc, Money, Rate

QUOTIENT_DIGITS = 28
_EXACT = EXACT
_DOWN = Context(prec=QUOTIENT_DIGITS, rounding=ROUND_FLOOR)
_UP = Context(prec=QUOTIENT_DIGITS, rounding=ROUND_CEILING)
_QUOTIENT = Context(prec=QUOTIENT_DIGITS)
ZERO = Decimal(0)
ONE = Decimal(1)
PIVOT = "USD"
RATE_AGE_DAYS = 365
# The age limit in force (``--rate-age``); a conversion asks for it when not given one.
_rate_age = [RATE_AGE_DAYS]
_DEFAULT_AGE = -1


def set_rate_age(days: int | None) -> None:
    """Flag rates more than ``days`` older than their figure (None: never flag)."""
    _rate_age[0] = days


# What a report may total: the stated value (pledged, committed) or what was paid out.
MEASURES = ("value", "disbursed")


@dataclass(frozen=True, slots=True)
class Range:
    """An amount in one currency known to lie in ``[low, high]``; ``high=None`` is unbounded.

    ``qualifier`` is how the figure was reported (``exact``, ``about``, ``up to``,
    ``at least``); the bounds already encode what it means (see ``Money.bounds``).
    """

    low: Decimal
    high: Decimal | None
    currency: str
    qualifier: str = "exact"

    @classmethod
    def of(cls, money: Money) -> "Range":
        low, high = money.bounds()
        return cls(low, high, money.currency, money.qualifier)

    @property
    def is_point(self) -> bool:
        return self.high is not None and self.low == self.high

    @classmethod
    def stated_of(cls, money: Money) -> "Range":
        """The figure as written, its qualifier aside: ``at least USD 2 billion`` is [2, 2] bn,
        ``up to USD 500 million`` [500, 500] m (see ``Valued.stated``)."""
        return cls(money.low, money.high, money.currency, money.qualifier)

    @property
    def open_ended(self) -> bool:
        """Whether the bounds rest on a qualifier: ``at least`` or ``up to``."""
        return self.qualifier in ("at least", "up to")

    def midpoint(self) -> Decimal:
        """The middle of a bounded range (used to rank stated figures, never summed)."""
        high = self.low if self.high is None else self.high
        return _EXACT.divide(_EXACT.add(self.low, high), 2)

    def times(self, rate: Decimal, currency: str) -> "Range":
        """The same range converted at ``rate`` (exactly)."""
        high = None if self.high is None else _EXACT.multiply(self.high, rate)
        return Range(_EXACT.multiply(self.low, rate), high, currency, self.qualifier)

    def over(self, rate: Decimal, currency: str) -> "Range":
        """The same range converted by dividing by ``rate`` (an inverse rate), each bound
        to ``QUOTIENT_DIGITS`` significant digits: a point figure stays a point."""
        def div(x: Decimal) -> Decimal:
            q = _QUOTIENT.divide(x, rate)
            return q.quantize(ONE) if q == q.to_integral_value() else q.normalize()
        high = None if self.high is None else div(self.high)
        return Range(div(self.low), high, currency, self.qualifier)


@dataclass(frozen=True, slots=True)
class Share:
    """A fraction known to lie in ``[low, high]``; ``high=None`` when no upper bound is known."""

    low: Decimal
    high: Decimal | None


def combine_qualifiers(qualifiers: Iterable[str]) -> str:
    """A sum is ``about`` if any part is; it keeps a qualifier all parts share; else ``exact``.

    ``up to`` and ``at least`` need no flag of their own in a mixed sum: the
    bounds already say it (an ``up to`` part adds to the high bound only, an
    ``at least`` part removes the high bound).
    """
    kinds = set(qualifiers)
    if "about" in kinds:
        return "about"
    if len(kinds) == 1:
        return kinds.pop()
    return "exact"


def total(ranges: Iterable[Range], currency: str) -> Range | None:
    """``[a,b] + [c,d] = [a+c, b+d]`` over ranges in ``currency``; None for no ranges."""
    parts = list(ranges)
    if not parts:
        return None
    for part in parts:
        if part.currency != currency:
            raise ValueError(f"cannot add {part.currency} to {currency} without a rate")
    low = ZERO
    high: Decimal | None = ZERO
    for part in parts:
        low = _EXACT.add(low, part.low)
        high = None if high is None or part.high is None else _EXACT.add(high, part.high)
    return Range(low, high, currency, combine_qualifiers(p.qualifier for p in parts))


def share(part: Range, whole: Range, *, of_total: bool = False) -> Share | None:
    """Share of ``[a,b]`` in ``[L,H]``: ``[a/H, b/L]``; None when the whole is zero.

    ``of_total`` says the part is included in the whole (a group of a grand
    total), so the share cannot exceed 1 and is capped there.
    """
    if whole.high is not None and whole.high == 0:
        return None
    low = ZERO if whole.high is None else _DOWN.divide(part.low, whole.high)
    high = None
    if part.high is not None and whole.low != 0:
        high = _UP.divide(part.high, whole.low)
    if of_total:
        low = min(low, ONE)
        high = ONE if high is None else min(high, ONE)
    return Share(low, high)


@dataclass(frozen=True, slots=True)
class Conversion:
    """A recorded rate applied to one figure, kept so that reports can show it."""

    record: str
    from_currency: str
    to_currency: str
    rate: Decimal
    rate_date: FuzzyDate
    figure_date: FuzzyDate | None
    rate_loc: Loc
    # Format 1.1: ``inverse``: the rate is recorded to→from and the figure was divided by it;
    # ``via``: the second leg of a conversion through the pivot currency (this one is the
    # first, to the pivot); ``stale``: the rate is more than the age limit older than the figure.
    inverse: bool = False
    via: "Conversion | None" = None
    stale: bool = False

    def legs(self) -> tuple["Conversion", ...]:
        return (self,) if self.via is None else (self, self.via)


@dataclass(frozen=True, slots=True)
class Valued:
    """A record's figure in the reporting currency, or why it has none.

    ``value`` is None when the record reports no figure (``reported`` False)
    or when no rate converts it (then ``diagnostic`` says which). ``stated`` is
    the figure as written, in the reporting currency, without what its
    qualifier does to the bounds (``at least USD 2 billion`` is [2, 2] bn): text
    views rank and share by it so that one open-ended figure cannot blank the
    others (JSON keeps the exact ``value``).
    """

    reported: bool
    value: Range | None = None
    original: Range | None = None
    conversion: Conversion | None = None
    diagnostic: Diagnostic | None = None
    stated: Range | None = None
    more: tuple[Conversion, ...] = ()   # further conversions (components in other currencies)

    def conversions(self) -> tuple[Conversion, ...]:
        return ((self.conversion,) if self.conversion else ()) + self.more


def find_rate(rates: Iterable[Rate], from_currency: str, to_currency: str,
              on: FuzzyDate | None) -> Rate | None:
    """The latest ``from → to`` rate dated on or before ``on`` (any rate when ``on`` is None).

    Partial dates: a rate counts as "on or before" a figure dated ``2025-09``
    when the rate's earliest day is not after the figure's last day (30 Sep).
    Of rates dated alike, the first listed wins.
    """
    pairs = _rate_index(rates if isinstance(rates, tuple) else tuple(rates))
    found = pairs.get((from_currency, to_currency))
    if found is None:
        return None
    ordered, keys, earliest = found
    end = len(ordered) if on is None else bisect.bisect_right(earliest, on.latest())
    if end == 0:
        return None
    return ordered[bisect.bisect_left(keys, keys[end - 1])]


# The rates last indexed: reports look up a rate per figure (tens of thousands), always in
# the same dataset's tuple of rates (diff: two datasets, in turn). Held by identity, with
# the tuple itself, so an id is never reused while it is a key; a tuple cannot change.
_INDEXED: dict[int, tuple[tuple, dict]] = {}


def _rate_index(rates: tuple) -> dict:
    """``(from, to)`` → (rates in date order, their sort keys, their earliest days)."""
    found = _INDEXED.get(id(rates))
    if found is not None and found[0] is rates:
        return found[1]
    pairs: dict[tuple[str, str], list[Rate]] = {}
    for rate in rates:
        pairs.setdefault((rate.from_currency, rate.to_currency), []).append(rate)
    index = {}
    for pair, listed in pairs.items():
        keys = [(r.date.earliest(), r.date.sort_key()) for r in listed]
        order = sorted(range(len(listed)), key=keys.__getitem__)  # stable: file order in ties
        index[pair] = ([listed[i] for i in order], [keys[i] for i in order],
                       [keys[i][0] for i in order])
    if len(_INDEXED) >= 2:
        _INDEXED.clear()
    _INDEXED[id(rates)] = (rates, index)
    return index


def _leg(rates, record: str, source: str, target: str, on: FuzzyDate | None,
         max_age: int | None) -> Conversion | None:
    """One conversion step ``source → target``: a direct rate, else the inverse of a
    ``target → source`` rate."""
    rate, flipped = find_rate(rates, source, target, on), False
    if rate is None:
        rate, flipped = find_rate(rates, target, source, on), True
        if rate is None:
            return None
    stale = False
    if max_age == _DEFAULT_AGE:
        max_age = _rate_age[0]
    if on is not None and max_age is not None:
        stale = (on.earliest() - rate.date.latest()).days > max_age
    return Conversion(record, source, target, rate.rate, rate.date, on, rate.loc, flipped,
                      None, stale)


def convert(figure: Range, conversion: Conversion) -> Range:
    """``figure`` converted by every leg of ``conversion``."""
    for leg in conversion.legs():
        figure = (figure.over(leg.rate, leg.to_currency) if leg.inverse
                  else figure.times(leg.rate, leg.to_currency))
    return figure


def find_conversion(rates, record: str, source: str, target: str, on: FuzzyDate | None,
                    max_age: int | None = _DEFAULT_AGE) -> Conversion | None:
    """How to convert ``source`` to ``target``: one leg (direct or inverse), else two through
    ``PIVOT``; None when no recorded rate allows it."""
    rates = rates if isinstance(rates, tuple) else tuple(rates)
    one = _leg(rates, record, source, target, on, max_age)
    if one is not None or PIVOT in (source, target):
        return one
    first = _leg(rates, record, source, PIVOT, on, max_age)
    second = _leg(rates, record, PIVOT, target, on, max_age) if first else None
    if second is None:
        return None
    from dataclasses import replace

    return replace(first, via=second)


def value_in(money: Money | None, currency: str, rates: Iterable[Rate], *, record: str,
             on: FuzzyDate | None, loc: Loc, max_age: int | None = _DEFAULT_AGE) -> Valued:
    """``money`` in ``currency``: unchanged, converted with recorded rates, or a DT401."""
    if money is None:
        return Valued(reported=False)
    original = Range.of(money)
    stated = Range.stated_of(money)
    if money.currency == currency:
        return Valued(True, original, original, stated=stated)
    conversion = find_conversion(rates, record, money.currency, currency, on, max_age)
    if conversion is None:
        when = f"on or before {on.iso()}" if on is not None else "of any date"
        return Valued(True, None, original, diagnostic=Diagnostic(
            loc, "DT401", f"no exchange rate from {money.currency} to {currency} {when} "
            f"(needed for '{record}')",
            hint=f"add a rate to rates.yaml (- date: {on.iso() if on else 'YYYY-MM-DD'}, "
                 f"from: {money.currency}, to: {currency}, rate: ...) or report in "
                 f"{money.currency} with --currency {money.currency}"))
    return Valued(True, convert(original, conversion), original, conversion,
                  stated=convert(stated, conversion))


def figure_of(record, measure: str = "value") -> Money | None:
    """The figure of a deal or component that ``measure`` totals: its ``value`` or ``disbursed``."""
    return record.value if measure == "value" else record.disbursed


def figure_date(deal: Deal, measure: str = "value") -> FuzzyDate | None:
    """The date a deal's figure is converted at: its own ``date``, else the deal's first date."""
    money = figure_of(deal, measure)
    if money is not None and money.date is not None:
        return money.date
    return deal.first_date()


def deal_value(deal: Deal, currency: str, rates: Iterable[Rate], measure: str = "value",
               max_age: int | None = _DEFAULT_AGE) -> Valued:
    """A deal's value (or, ``measure="disbursed"``, what it paid out) in the reporting
    currency (see ``value_in``). A deal without the figure but with components that have it
    is worth their sum, contingent components (a guarantee …) left out."""
    money = figure_of(deal, measure)
    if money is None and deal.components:
        parts = component_values(deal, currency, rates, measure, max_age)
        if parts:
            return sum_valued([v for _, v in parts], currency)
    return value_in(money, currency, rates, record=deal.id, on=figure_date(deal, measure),
                    loc=deal.at(measure), max_age=max_age)


def component_values(deal: Deal, currency: str, rates: Iterable[Rate], measure: str = "value",
                     max_age: int | None = _DEFAULT_AGE) -> list[tuple]:
    """``[(component, Valued)]`` for the deal's summable components that report ``measure``."""
    out = []
    for part in deal.components:
        money = figure_of(part, measure)
        if money is None or part.contingent:
            continue
        on = money.date or part.date or figure_date(deal)
        out.append((part, value_in(money, currency, rates, record=deal.id, on=on, loc=part.loc,
                                   max_age=max_age)))
    return out


def sum_valued(parts: list[Valued], currency: str) -> Valued:
    """Several figures of one record as one: summed when every one converts, else the first
    failure (its DT401); the conversions used are kept in ``more``."""
    for part in parts:
        if part.diagnostic is not None:
            return part
    conversions = [p.conversion for p in parts if p.conversion]
    value = total([p.value for p in parts], currency)
    stated = total([p.stated for p in parts], currency)
    originals = {p.original.currency for p in parts}
    original = (total([p.original for p in parts], originals.pop()) if len(originals) == 1
                else value)
    return Valued(True, value, original, conversions[0] if conversions else None,
                  stated=stated, more=tuple(conversions[1:]))


def valued_deal(deal: Deal, currency: str, rates: Iterable[Rate],
                values: dict[str, Valued], measure: str = "value") -> Valued:
    """``deal_value``, remembered in ``values`` (by deal id) for one currency, measure and
    dataset (callers keep one ``values`` per measure)."""
    found = values.get(deal.id)
    if found is None:
        found = values[deal.id] = deal_value(deal, currency, rates, measure)
    return found


def decimal_text(number: Decimal) -> str:
    """Plain decimal notation, no exponent, no trailing zeros: ``0.0000625``, ``4700000000``."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
