"""Ids are unique per record type across the whole dataset; a rate is given once."""

from __future__ import annotations

from dealtrack.diagnostics import Diagnostic
from dealtrack.load.fields import RECORD_TYPES
from dealtrack.model import Outlines

# Every record type known by an id (a rate is known by its pair and date: check_unique_rates).
_KINDS = {rtype.plural: rtype.singular for rtype in RECORD_TYPES if rtype.identity == ("id",)
          or not rtype.identity}


def check_unique_ids(dataset: Outlines, options) -> list[Diagnostic]:
    found = []
    for kind, noun in _KINDS.items():
        first = {}
        for record in getattr(dataset, kind):
            earlier = first.setdefault(record.id, record)
            if earlier is not record:
                there = earlier.at("id")
                found.append(Diagnostic(record.at("id"), "DT201",
                                        f"duplicate {noun} id '{record.id}' (first at {there})",
                                        hint=f"each {noun} needs its own id",
                                        related=(there,)))
    return found


def check_unique_rates(dataset: Outlines, options) -> list[Diagnostic]:
    found = []
    first = {}
    for rate in dataset.rates:
        key = (rate.date, rate.from_currency, rate.to_currency)
        earlier = first.setdefault(key, rate)
        if earlier is not rate:
            found.append(Diagnostic(rate.loc, "DT207",
                                    f"rate {rate.from_currency}→{rate.to_currency} on "
                                    f"{rate.date} is given twice (first at {earlier.loc})",
                                    hint="keep one rate per currency pair and date",
                                    related=(earlier.loc,)))
    return found
