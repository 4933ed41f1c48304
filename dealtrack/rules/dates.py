"""Dates in lifecycle order, none in the future, the current status dated; MoUs not binding.

Partial and approximate dates are compared as intervals, and a pair is out of
order only when it is certainly so: ``2025-09`` may precede or follow
``2025-09-08``. An approximate date (``~2025-09-06``) is widened to the next
coarser unit (its month; its year; the years either side of a year).
"""

from __future__ import annotations

import datetime as _dt

from dealtrack.diagnostics import Diagnostic
from dealtrack.model import (LIFECYCLE, NON_BINDING_INSTRUMENTS, STATUSES, Deal, FuzzyDate,
                             Outlines)

_INSTRUMENT_NAMES = {"mou": "an MoU", "framework": "a framework"}
_TERMINAL = tuple(s for s in STATUSES if s not in LIFECYCLE)


def interval(date: FuzzyDate) -> tuple[_dt.date, _dt.date]:
    """The days a fuzzy date may stand for, widened when it is approximate."""
    # Loaded dates are shared objects (load.values.parse_date): found by identity, which
    # spares hashing the date (a Python-level dataclass hash) on every look-up.
    found = _INTERVALS.get(id(date))
    if found is not None and found[0] is date:
        return found[1]
    if len(_INTERVALS) >= _INTERVALS_KEPT:
        _INTERVALS.clear()
    days = _INTERVALS[id(date)] = (date, _interval(date))
    return days[1]


_INTERVALS: dict[int, tuple[FuzzyDate, tuple[_dt.date, _dt.date]]] = {}
_INTERVALS_KEPT = 20_000   # as many as load.values keeps date spellings


def _interval(date: FuzzyDate) -> tuple[_dt.date, _dt.date]:
    if not date.approximate:
        return date.earliest(), date.latest()
    if date.day:
        return FuzzyDate(date.year, date.month).earliest(), FuzzyDate(date.year, date.month).latest()
    if date.month:
        return FuzzyDate(date.year).earliest(), FuzzyDate(date.year).latest()
    return _dt.date(max(date.year - 1, 1), 1, 1), _dt.date(min(date.year + 1, 9999), 12, 31)


def certainly_before(later: FuzzyDate, earlier: FuzzyDate) -> bool:
    """Whether ``later`` is certainly before ``earlier`` (so the pair is out of order)."""
    return interval(later)[1] < interval(earlier)[0]


def check_deal_dates(deal: Deal, options) -> list[Diagnostic]:
    found = _lifecycle(deal)
    if deal.history:
        found.extend(_history(deal))
    elif deal.dates and deal.status and not any(
            s in deal.dates for s in STATUSES[STATUSES.index(deal.status):]):
        found.append(Diagnostic(deal.at("status"), "DT205",
                                f"status is '{deal.status}' but 'dates' has no date for it "
                                "or a later status",
                                hint=f"add  {deal.status}: YYYY-MM-DD  under dates"))
    for status, date in deal.dates.items():
        if _is_future(date, options.today):
            found.append(_future(date, f"dates.{status}", deal.at(f"dates.{status}"),
                                 options.today))
    for entry in deal.history:
        if _is_future(entry.date, options.today):
            found.append(_future(entry.date, "history date", entry.loc, options.today))
    for key in ("value", "disbursed"):
        money = getattr(deal, key)
        if money and money.date and _is_future(money.date, options.today):
            found.append(_future(money.date, f"{key}.date", deal.at(key), options.today))
    for part in deal.components:
        for key, date in (("date", part.date),
                          ("disbursed.date", part.disbursed and part.disbursed.date)):
            if date and _is_future(date, options.today):
                found.append(_future(date, f"component {key}", part.loc, options.today))
    return found


def _history(deal: Deal) -> list[Diagnostic]:
    """DT212-DT214: a history in date order, ending at the deal's status, agreeing with dates."""
    found = []
    entries = deal.history
    for earlier, later in zip(entries, entries[1:]):
        if certainly_before(later.date, earlier.date):
            found.append(Diagnostic(later.loc, "DT212",
                                    f"history: {later.status} ({later.date}) is listed after "
                                    f"{earlier.status} ({earlier.date}) but dated before it",
                                    hint="list history entries in date order, oldest first"))
    last = entries[-1]
    if deal.status and last.status != deal.status:
        found.append(Diagnostic(deal.at("status"), "DT213",
                                f"status is '{deal.status}' but the last history entry is "
                                f"'{last.status}' ({last.date})",
                                hint=f"set  status: {last.status}, or add the change to "
                                     f"'{deal.status}' at the end of history"))
    firsts: dict[str, FuzzyDate] = {}
    for entry in entries:
        firsts.setdefault(entry.status, entry.date)
    for status, date in deal.dates.items():
        if status not in firsts:
            found.append(Diagnostic(deal.at(f"dates.{status}"), "DT214",
                                    f"dates.{status} ({date}) has no entry in history",
                                    hint=f"add  {{date: {date}, status: {status}}}  to "
                                         "history, or remove the date"))
        elif firsts[status] != date:
            found.append(Diagnostic(deal.at(f"dates.{status}"), "DT214",
                                    f"dates.{status} ({date}) disagrees with history, where "
                                    f"'{status}' is first dated {firsts[status]}",
                                    hint="dates give the first date of each status in history"))
    if deal.dates:
        for status, date in firsts.items():
            if status not in deal.dates:
                found.append(Diagnostic(deal.at("dates"), "DT214",
                                        f"history has '{status}' ({date}) but dates does not",
                                        hint=f"add  {status}: {date}  under dates, or leave "
                                             "dates out: history is enough"))
    return found


def check_registry_dates(dataset: Outlines, options) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for kind in ("events", "sources", "reserves"):
        for record in getattr(dataset, kind):
            if record.date and _is_future(record.date, options.today):
                found.append(_future(record.date, "date", record.at("date"), options.today))
    for claim in dataset.claims:
        for key in ("made", "checked"):
            date = getattr(claim, key)
            if date and _is_future(date, options.today):
                found.append(_future(date, key, claim.at(key), options.today))
    for rate in dataset.rates:
        if _is_future(rate.date, options.today):
            found.append(_future(rate.date, "date", rate.at("date"), options.today))
    return found


def _lifecycle(deal) -> list[Diagnostic]:
    found = []
    dates = deal.lifecycle_dates
    ordered = [(s, dates[s]) for s in LIFECYCLE if s in dates]
    for (first, a), (second, b) in zip(ordered, ordered[1:]):
        if certainly_before(b, a):
            # 'approved' (format 1.1) is named in the hint only where a deal uses it.
            order = " ≤ ".join(s for s in LIFECYCLE if s != "approved" or s in dates)
            found.append(Diagnostic(_where(deal, second), "DT203",
                                    f"{second} ({b}) is before {first} ({a})",
                                    hint="lifecycle order is " + order))
    if deal.history:
        return found  # stalled, cancelled or expired then resumed: the history gives the order
    for end in _TERMINAL:
        if end not in deal.dates:
            continue
        for start in ("announced", "signed"):
            if start in deal.dates and certainly_before(deal.dates[end], deal.dates[start]):
                found.append(Diagnostic(deal.at(f"dates.{end}"), "DT203",
                                        f"{end} ({deal.dates[end]}) is before {start} "
                                        f"({deal.dates[start]})"))
    return found


def _where(deal, status: str):
    """Where a status is dated: under ``dates``, else its first ``history`` entry."""
    if not deal.dates:
        entry = next((e for e in deal.history if e.status == status), None)
        if entry is not None:
            return entry.loc
    return deal.at(f"dates.{status}")


def _is_future(date: FuzzyDate, today: _dt.date) -> bool:
    return interval(date)[0] > today


def _future(date: FuzzyDate, what: str, loc, today: _dt.date) -> Diagnostic:
    """DT204; asked for only when ``_is_future`` (a location is made only when it is needed)."""
    return Diagnostic(loc, "DT204", f"{what} {date} is in the future (today is {today})",
                      hint="record only what has happened; --today DATE fixes 'today' "
                           "for reproducible runs")


def check_deal_binding(deal: Deal, options) -> list[Diagnostic]:
    if deal.binding is not True or deal.instrument not in NON_BINDING_INSTRUMENTS:
        return []
    return [Diagnostic(deal.at("binding"), "DT206",
                       f"{_INSTRUMENT_NAMES[deal.instrument]} is marked binding: true",
                       hint="an MoU or framework is normally not binding; check the source, "
                            "and use instrument: agreement if it is")]
