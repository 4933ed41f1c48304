"""Spelling of figures shared by the analysis reports: money, percentages, bars, JSON values.

Text shows amounts to three significant figures, each in its own scale
(``USD 661 billion``, ``USD 135 million to 550 billion``), ``about`` as ``~``
(``at least ~USD 661 billion``); ``exact_figures()`` (``--exact``) shows every
digit instead. Percentages are shown to three significant figures, rounded to
the nearest. JSON and CSV keep the exact figures.
"""

from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

from dealtrack.analysis.money import QUOTIENT_DIGITS, Conversion, Range, Share, decimal_text
from dealtrack.model import EXACT

NOT_REPORTED = "value not reported"
_SCALES = (("trillion", 12), ("billion", 9), ("million", 6))
PERCENT_DIGITS = 3
AMOUNT_DIGITS = 3
ABOUT = "~"
_EXACT_FIGURES: ContextVar[bool] = ContextVar("exact_figures", default=False)


@contextmanager
def exact_figures(exact: bool = True):
    """Within this block, text shows every digit of every amount (``--exact``)."""
    token = _EXACT_FIGURES.set(exact)
    try:
        yield
    finally:
        _EXACT_FIGURES.reset(token)


def _scale_of(number: Decimal) -> tuple[str, int] | None:
    for word, power in _SCALES:
        if number >= Decimal(10) ** power:
            return word, power
    return None


def _plain(number: Decimal) -> str:
    """``4412.5`` → ``4,412.5``: grouped, exact, no trailing zeros."""
    text = decimal_text(number)
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def _round(number: Decimal, digits: int) -> Decimal:
    """``number`` to ``digits`` significant figures, rounded to the nearest."""
    if number == 0:
        return number
    step = Decimal(1).scaleb(number.adjusted() - (digits - 1))
    return number.quantize(step, rounding=ROUND_HALF_EVEN)


def _scaled(number: Decimal, digits: int | None) -> tuple[str, str]:
    """``(digits, scale word)`` for one figure: ``('661', 'billion')``, ``('4,410', '')``."""
    if digits is not None:
        number = _round(number, digits)
    scale = _scale_of(number)
    if scale is None:
        return _plain(number), ""
    word, power = scale
    return _plain(number.scaleb(-power, EXACT)), word


def _amount(low: Decimal, high: Decimal | None, digits: int | None) -> str:
    one = _scaled(low, digits)
    if high is None or high == low:
        return " ".join(p for p in one if p)
    two = _scaled(high, digits)
    if one[1] == two[1]:
        return f"{one[0]} to {' '.join(p for p in two if p)}"
    return f"{' '.join(p for p in one if p)} to {' '.join(p for p in two if p)}"


def amount_text(low: Decimal, high: Decimal | None = None, exact: bool | None = None) -> str:
    """``4.2 billion``, ``6 to 8 trillion``, ``135 million to 550 billion``, ``4,410``.

    Three significant figures in each bound's own scale, or every digit when ``exact``
    (default: ``--exact`` given, see ``exact_figures``). A range gets the digits that tell
    its bounds apart without widening it by more than a tenth (``_tells_apart``).
    """
    if exact is None:
        exact = _EXACT_FIGURES.get()
    if exact:
        return _amount(low, high, None)
    for digits in range(AMOUNT_DIGITS, 40):
        if high is None or high == low or _tells_apart(low, high, digits):
            return _amount(low, high, digits)
    return _amount(low, high, None)


def _tells_apart(low: Decimal, high: Decimal, digits: int) -> bool:
    """Whether ``digits`` figures show the range as it is: its bounds read differently, and
    rounding moves neither by more than a tenth of the range's width (``602.5 to 602.6``
    must not read ``602 to 603``, a range ten times as wide)."""
    if _scaled(low, digits) == _scaled(high, digits):
        return False
    slack = (high - low) / 10
    return abs(_round(low, digits) - low) <= slack and abs(_round(high, digits) - high) <= slack


def money_text(value: Range | None, exact: bool | None = None) -> str:
    """A range as people read it: ``USD 4.7 billion``, ``~USD 6 to 8 trillion``,
    ``up to USD 500 million``, ``at least USD 1 billion``; None → ``value not reported``."""
    if value is None:
        return NOT_REPORTED
    about = ABOUT if value.qualifier == "about" else ""
    if value.high is None:
        return f"at least {about}{value.currency} {amount_text(value.low, exact=exact)}"
    if value.qualifier == "up to" and value.low == 0:
        return f"up to {about}{value.currency} {amount_text(value.high, exact=exact)}"
    return f"{about}{value.currency} {amount_text(value.low, value.high, exact=exact)}"


def measured_text(value: Range | None, measure: str) -> str:
    """A figure of the measure totalled (``--measure``); with ``disbursed`` a missing one is
    "not reported" (format 1.1), else ``money_text``."""
    if value is None and measure != "value":
        return "not reported"
    return money_text(value)


def measure_heading(currency: str, measure: str) -> str:
    """A report heading's last word: the currency, and the measure unless it is ``value``."""
    return currency + ("" if measure == "value" else f" · {measure}")


def measure_json(measure: str) -> dict:
    """A report's ``measure`` key (docs/json.md): present only when it is not ``value``."""
    return {} if measure == "value" else {"measure": measure}


def percent_text(fraction: Decimal, rounding: str = ROUND_HALF_EVEN) -> str:
    """``0.1063829…`` → ``10.6 %``: three significant figures, rounded half-even or in the
    direction given (``ROUND_FLOOR`` for a lower bound, ``ROUND_CEILING`` for an upper one).
    """
    percent = fraction.scaleb(2)
    if percent == 0:
        return "0 %"
    rounded = _significant(percent, rounding)
    if rounded.adjusted() != percent.adjusted():
        # 99.96 → 100.0: one digit too many after carrying into the next power of ten.
        rounded = _significant(rounded, rounding)
    return f"{format(rounded, 'f')} %"


def _significant(number: Decimal, rounding: str) -> Decimal:
    step = Decimal(1).scaleb(number.adjusted() - (PERCENT_DIGITS - 1))
    return number.quantize(step, rounding=rounding)


def share_text(share: Share | None) -> str:
    """``10.6 %``, ``0.00625 %–0.00833 %``, ``≥ 2.50 %``; None → ``–``.

    Each bound is shown to three significant figures, rounded to the nearest, as people
    read percentages (the issue's own ``0.00625 %–0.00833 %``); JSON keeps the exact
    fractions. An open-ended share (``≥``) rounds down, so that it never claims more. A
    share known exactly (its bounds differ only by the rounding of the quotient) is one
    figure.
    """
    if share is None:
        return "–"
    if share.high is None:
        return f"≥ {percent_text(share.low, ROUND_FLOOR)}"
    if not share_is_range(share):
        nearest = percent_text(share.high)
        # 100 % is kept for the whole: 99.96 % of a total reads 99.9 %, not 100 %.
        return percent_text(share.low, ROUND_FLOOR) if (
            nearest == "100 %" and share.low < 1) else nearest
    low = percent_text(share.low)
    high = percent_text(share.high)
    if high == "100 %" and share.high < 1:
        high = percent_text(share.high, ROUND_FLOOR)   # only the whole reads 100 %
    return low if low == high else f"{low}–{high}"


def share_is_range(share: Share | None) -> bool:
    """Whether a share is truly a range, not one figure whose bounds differ only by the
    rounding of the quotient (``42/47`` is computed as two neighbouring 28-digit numbers)."""
    if share is None:
        return False
    if share.high is None:
        return True
    if share.high == share.low:
        return False
    if share.low == 0:
        return True
    slack = Decimal(1).scaleb(share.high.adjusted() - QUOTIENT_DIGITS + 2)
    return share.high - share.low > slack


RANGE_SHARES_NOTE = ("shares of the total are ranges where values are: [group low ÷ total "
                     "high, group high ÷ total low], at most 100 %; the true share lies "
                     "inside (a group's own uncertainty is in the total too)")


def bar(share: Share | None, width: int) -> str:
    """``█`` for the share surely held, ``▒`` for the part the range leaves open."""
    if share is None or width <= 0:
        return ""
    high = Decimal(1) if share.high is None else min(share.high, Decimal(1))
    solid = int((min(share.low, Decimal(1)) * width).to_integral_value(ROUND_HALF_EVEN))
    upto = int((high * width).to_integral_value(ROUND_HALF_EVEN))
    if solid == 0 and upto == 0 and high > 0:
        return "▏"  # visible, even when far below one cell
    return "█" * solid + "▒" * (upto - solid)


def money_json(value: Range | None) -> dict | None:
    """``{"low": "500000000", "high": "500000000", "currency": "USD", "qualifier": "exact"}``."""
    if value is None:
        return None
    return {"low": decimal_text(value.low),
            "high": None if value.high is None else decimal_text(value.high),
            "currency": value.currency, "qualifier": value.qualifier}


def share_json(share: Share | None) -> dict | None:
    if share is None:
        return None
    return {"low": decimal_text(share.low),
            "high": None if share.high is None else decimal_text(share.high)}


def share_cells(share: Share | None) -> tuple[str, str]:
    """Exact low/high fraction strings for CSV ('' when none or unbounded)."""
    if share is None:
        return "", ""
    return decimal_text(share.low), "" if share.high is None else decimal_text(share.high)


def money_cells(value: Range | None) -> tuple[str, str, str, str]:
    """low, high, currency, qualifier for CSV ('' for an unknown or unbounded figure)."""
    if value is None:
        return "", "", "", ""
    return (decimal_text(value.low), "" if value.high is None else decimal_text(value.high),
            value.currency, value.qualifier)


def money_range(money):
    """A figure as written (``model.Money``) as a ``Range``, or None."""
    return Range.of(money) if money is not None else None


def conversion_json(c: Conversion) -> dict:
    out = {"record": c.record, "from": c.from_currency, "to": c.to_currency,
           "rate": decimal_text(c.rate), "rate_date": c.rate_date.iso(),
           "figure_date": c.figure_date.iso() if c.figure_date else None,
           "rate_at": str(c.rate_loc)}
    if c.inverse:   # format 1.1: the recorded rate is to→from; the figure was divided by it
        out["inverse"] = True
    if c.stale:
        out["stale"] = True
    if c.via is not None:   # through the pivot currency: the second leg
        out["via"] = conversion_json(c.via)
    return out


def conversion_text(c: Conversion) -> str:
    when = f" for a figure of {c.figure_date.human()}" if c.figure_date else ""
    return f"{c.record}: " + "; then ".join(
        _leg_text(leg) + f" (rate of {leg.rate_date.human()}{when})"
        + (f" — stale: rate {_age(leg)} days older than the figure" if leg.stale else "")
        for leg in c.legs())


def _age(c: Conversion) -> int:
    return (c.figure_date.earliest() - c.rate_date.latest()).days


def _leg_text(c: Conversion) -> str:
    if c.inverse:
        return (f"1 {c.from_currency} = 1/{decimal_text(c.rate)} {c.to_currency} "
                f"(inverse of 1 {c.to_currency} = {decimal_text(c.rate)} {c.from_currency})")
    return f"1 {c.from_currency} = {decimal_text(c.rate)} {c.to_currency}"


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    """CSV with every cell a spreadsheet shows as text (no live ``=HYPERLINK(…)``)."""
    from dealtrack.textsafe import csv_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(c) if isinstance(c, str) else c for c in row] for row in rows)
    return buffer.getvalue()


def markdown_table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> str:
    """A GitHub-flavoured Markdown table; cells are inert (``textsafe.markdown_cell``)."""
    from dealtrack.textsafe import markdown_cell

    lines = ["| " + " | ".join(markdown_cell(h) for h in header) + " |",
             "| " + " | ".join("---:" if i in right else "---" for i in range(len(header)))
             + " |"]
    lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def md_text(value: str) -> str:
    """User text for a Markdown paragraph: characters Markdown would read as markup are
    escaped, line breaks become spaces (``*`` stays a star, ``<b>`` stays text)."""
    from dealtrack.textsafe import markdown_text

    return markdown_text(" ".join(value.split()))


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def part_of(n: int, whole: int, word: str, words: str | None = None) -> str:
    """``1 of 1 instrument``, ``22 of 25 instruments``: the noun agrees with the whole."""
    return f"{n} of {plural(whole, word, words)}"


def agree(n: int, singular: str, plural_form: str) -> str:
    """The verb for a count as subject: ``1 … reports``, ``2 … report``."""
    return singular if n == 1 else plural_form
