"""A deal's components (format 1.1): provided by a party of the deal, summing to its value.

Only components with a value that are not contingent (a guarantee, an offtake, a
price floor is listed, never summed) are added, and only when they are in the
deal's own currency (validate converts nothing). An ``about`` figure on either
side is read as ±10 %: a source's rounded headline is not a disagreement.
"""

from __future__ import annotations

from decimal import Decimal

from dealtrack.diagnostics import Diagnostic, did_you_mean
from dealtrack.model import EXACT, Deal, Money

_ABOUT = Decimal("0.1")


def check_components(deal: Deal, options) -> list[Diagnostic]:
    if not deal.components:
        return []
    found = []
    members = [role.party for role in deal.parties]
    for part in deal.components:
        if part.party not in members:
            found.append(Diagnostic(part.loc, "DT210",
                                    f"component '{part.kind}' is provided by '{part.party}', "
                                    "which is not a party of this deal",
                                    hint=did_you_mean(part.party, members)
                                    or f"add  {{party: {part.party}, role: ...}}  to parties"))
    found.extend(_sum_check(deal))
    return found


def component_sum(deal: Deal) -> tuple[Decimal, Decimal | None, str] | None:
    """Exact (low, high, currency) of the deal's summed components, when they share one
    currency; None when none has a value or the currencies differ (high None: unbounded)."""
    values = [p.value for p in deal.components if p.value is not None and not p.contingent]
    if not values or len({v.currency for v in values}) != 1:
        return None
    low, high = Decimal(0), Decimal(0)
    for value in values:
        a, b = _bounds(value)
        low = EXACT.add(low, a)
        high = None if high is None or b is None else EXACT.add(high, b)
    return low, high, values[0].currency


def _bounds(value: Money) -> tuple[Decimal, Decimal | None]:
    low, high = value.bounds()
    if value.qualifier == "about":
        low = EXACT.multiply(low, 1 - _ABOUT)
        high = EXACT.multiply(high, 1 + _ABOUT)
    return low, high


def _sum_check(deal: Deal) -> list[Diagnostic]:
    total = component_sum(deal)
    if deal.value is None or total is None or total[2] != deal.value.currency:
        return []
    low, high, currency = total
    v_low, v_high = _bounds(deal.value)
    if (high is not None and high < v_low) or (v_high is not None and low > v_high):
        shown = f"{low:,}" if low == high else f"{low:,} to {high:,}" if high else f"{low:,}+"
        return [Diagnostic(deal.at("value"), "DT211",
                           f"value {_money(deal.value)} disagrees with its components, which "
                           f"add up to {currency} {shown}",
                           hint="check both against the sources; components that are only "
                                "part of the deal belong in a note, or give the deal's value "
                                "as 'at least'")]
    return []


def _money(value: Money) -> str:
    text = f"{value.currency} {value.low:,}"
    if value.is_range:
        text += f" to {value.high:,}"
    return text if value.qualifier == "exact" else f"{value.qualifier} {text}"
