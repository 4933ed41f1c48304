"""A reserve estimate is a denominator: it needs a positive lower bound."""

from __future__ import annotations

from dealtrack.diagnostics import Diagnostic
from dealtrack.model import Outlines


def check_reserve_values(dataset: Outlines, options) -> list[Diagnostic]:
    found = []
    for reserve in dataset.reserves:
        if reserve.value is None:
            continue
        low, _ = reserve.value.bounds()
        if low <= 0:
            found.append(Diagnostic(
                reserve.at("value"), "DT209",
                f"reserve estimate '{reserve.id}' has no positive lower bound "
                "(shares of it would be unbounded)",
                hint="give the estimate as reported, e.g. 'USD 6 to 8 trillion'; "
                     "'up to' and zero cannot be divided by"))
    return found
