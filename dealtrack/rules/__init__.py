"""Checks over a whole loaded dataset. Each is ``check(dataset, options) -> list[Diagnostic]``.

The checks are a plain sequence run in order; adding one is adding a
function to ``RULES`` and its codes to the catalogue in ``diagnostics``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from dealtrack.diagnostics import Diagnostic
from dealtrack.model import Dataset


@dataclass(frozen=True, slots=True)
class Options:
    """What a check may depend on besides the data: only the date taken as today."""

    today: _dt.date


def _rules():
    from dealtrack.rules import dates, identity, provenance, references, reserves

    return (identity.check_unique_ids, identity.check_unique_rates, references.check_references,
            dates.check_dates, dates.check_binding, reserves.check_reserve_values,
            provenance.check_figures_quoted)


def run_rules(dataset: Dataset, today: _dt.date | None = None) -> list[Diagnostic]:
    """Run every whole-dataset check; ``today`` defaults to the system date."""
    options = Options(today or _dt.date.today())
    found: list[Diagnostic] = []
    for rule in _rules():
        found.extend(rule(dataset, options))
    return found
