"""What the headline figures count: the one place that says which deals have *ended*.

An ended deal no longer commits anyone to anything, so adding its value to a
total, a share or a partner table would overstate what is tracked: such deals
are left out of every sum and named beside it instead ("not counted: 2
cancelled deals, USD 523 million: a, b"). ``--include-ended`` (or ``--status``
naming the status) counts them again.

A deal has ended when its status is ``cancelled`` or ``expired``. Format 1.1
adds two more reasons a deal is not counted, given by ``ended_reasons`` alone:
a deal that another counted deal ``follows`` is ``superseded``, and a deal
``part-of`` a counted deal is already inside that deal's value (reason
``part-of``). Both apply only while the other deal is itself counted (not
ended, not superseded): when the successor is cancelled, the earlier deal
counts again. Every report asks this module, so both apply in every report.

Stalled deals have not ended (a stalled deal may resume): they are counted,
and totals say how much of them is stalled.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from dealtrack.model import Dataset, Deal

ENDED_STATUSES = ("cancelled", "expired")
STALLED = "stalled"
# Statuses at or after signing, on the forward path; stalled and ended deals are judged by
# the dates they reached.
SIGNED_OR_LATER = ("signed", "in-force", "implementing", "completed")


def ended_reason(deal: Deal) -> str | None:
    """Why ``deal`` has ended, judged on the deal alone: its status, or None."""
    return deal.status if deal.status in ENDED_STATUSES else None


def ended_reasons(dataset: Dataset) -> dict[str, str]:
    """``{deal id: reason}`` for every ended deal of ``dataset``.

    The reason is a word for the briefing and a status ``--status`` can name to count
    such deals again (``cancelled``, ``expired``). Format 1.1's relations plug in here:
    ``superseded`` for a deal that a counted deal ``follows``, ``part-of`` for a deal
    inside a counted one.
    """
    reasons = status_reasons(dataset.deals)
    reasons.update(relation_reasons(dataset.deals, reasons))
    return reasons


def status_reasons(deals: Sequence[Deal]) -> dict[str, str]:
    """``{deal id: status}`` for the deals of ``deals`` ended by their own status."""
    return {deal.id: reason for deal in deals if (reason := ended_reason(deal))}


def relation_reasons(deals: Sequence[Deal], ended: Mapping[str, str] = {}) -> dict[str, str]:
    """``{deal id: superseded | part-of}`` for the deals of ``deals`` that are not counted
    because another of ``deals`` (itself counted, not in ``ended``) follows them or holds
    them. Reports call it on the deals their filters keep, so a loan selected without its
    package still counts; whenever both are counted, it counts once."""
    if not any(d.part_of or d.follows for d in deals):
        return {}
    by_id: dict[str, Deal] = {}
    for deal in deals:
        by_id.setdefault(deal.id, deal)
    reasons = dict(ended)
    _relations(by_id, reasons)
    return {k: v for k, v in reasons.items() if v in RELATION_REASONS and k not in ended}


SUPERSEDED, PART_OF = "superseded", "part-of"
RELATION_REASONS = (SUPERSEDED, PART_OF)


def _relations(by_id: dict[str, Deal], reasons: dict[str, str]) -> None:
    """Add ``superseded`` and ``part-of`` to ``reasons``: a deal is not counted when a
    counted deal follows it, or when the deal it is part of is counted (an outer deal is
    judged first, so a loan inside a package inside a pipeline counts once, at the top).
    Cycles (DT215) and dangling references (DT202) count the deal as it stands."""
    successors: dict[str, list[str]] = {}
    for deal in by_id.values():
        if deal.follows and deal.follows in by_id and deal.follows != deal.id:
            successors.setdefault(deal.follows, []).append(deal.id)
    state: dict[str, bool] = {}

    def counted(deal_id: str, path: tuple[str, ...] = ()) -> bool:
        if deal_id in state:
            return state[deal_id]
        if deal_id in path:  # a cycle: reported by validate; stop here
            return deal_id not in reasons
        path += (deal_id,)
        deal = by_id[deal_id]
        result = deal_id not in reasons
        if result and any(counted(s, path) for s in successors.get(deal_id, ())):
            reasons[deal_id] = SUPERSEDED
            result = False
        outer = deal.part_of
        if result and outer and outer in by_id and outer != deal_id and counted(outer, path):
            reasons[deal_id] = PART_OF
            result = False
        state[deal_id] = result
        return result

    for deal_id in by_id:
        counted(deal_id)


def is_signed(deal: Deal) -> bool:
    """Whether the deal reached signing: its status or a lifecycle date at or after it."""
    return deal.status in SIGNED_OR_LATER or any(s in SIGNED_OR_LATER for s in deal.lifecycle_dates)


BINDING_LABELS = ("binding", "not yet signed", "non-binding", "ended")


def binding_label(deal: Deal) -> str:
    """``binding`` only for a binding instrument that is signed (or later) and not ended;
    ``not yet signed`` for a binding instrument only announced; ``non-binding`` for MoUs,
    frameworks and anything marked ``binding: false``; ``ended`` for an ended deal counted
    with ``--include-ended``."""
    if ended_reason(deal):
        return "ended"
    if not deal.is_binding:
        return "non-binding"
    return "binding" if is_signed(deal) else "not yet signed"
