"""Checks over a loaded dataset, in two kinds.

*Deal checks* (``check(deal, options) -> list[Diagnostic]``) look at one deal
on its own: its dates, its figures and their quotes. *Dataset checks*
(``check(dataset, options)``) need every record at once (unique ids,
references) or look at the registries. Deal checks can run as each deal is
loaded, after which ``validate`` keeps only the deal's outline
(``model.DealOutline``: what the dataset checks read), not the whole deal: at
100,000 deals that is most of its memory. Dataset checks are typed against
``model.Outlines``, so they read the same fields whether they are given
outlines or whole deals. Adding a check is adding a function to one of the two lists and
its codes to the catalogue in ``diagnostics``.
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass

from dealtrack.diagnostics import Diagnostic
from dealtrack.model import Dataset, Deal, Outlines


@dataclass(frozen=True, slots=True)
class Options:
    """What a check may depend on besides the data: only the date taken as today."""

    today: _dt.date


@functools.cache
def _deal_checks():
    from dealtrack.rules import components, dates, provenance

    return (dates.check_deal_dates, dates.check_deal_binding, provenance.check_deal_figures,
            components.check_components)


@functools.cache
def _dataset_checks():
    from dealtrack.rules import dates, identity, provenance, references, reserves

    return (identity.check_unique_ids, identity.check_unique_rates, references.check_references,
            references.check_cycles, dates.check_registry_dates, reserves.check_reserve_values,
            provenance.check_reserve_figures)


def options_for(today: _dt.date | None) -> Options:
    """``today`` defaults to the system date."""
    return Options(today or _dt.date.today())


def check_deal(deal: Deal, options: Options) -> list[Diagnostic]:
    """Every deal check on one deal."""
    found: list[Diagnostic] = []
    for check in _deal_checks():
        found.extend(check(deal, options))
    return found


def check_whole(dataset: Outlines, options: Options) -> list[Diagnostic]:
    """Every dataset check; the deals may be outlines (see ``model.DealOutline``)."""
    found: list[Diagnostic] = []
    for check in _dataset_checks():
        found.extend(check(dataset, options))
    return found


def run_rules(dataset: Dataset, today: _dt.date | None = None) -> list[Diagnostic]:
    """Run every check on a dataset of whole deals."""
    options = options_for(today)
    found: list[Diagnostic] = []
    for deal in dataset.deals:
        found.extend(check_deal(deal, options))
    found.extend(check_whole(dataset, options))
    return found
