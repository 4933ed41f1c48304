"""What the headline figures count: the one place that says which deals have *ended*.

An ended deal no longer commits anyone to anything, so adding its value to a
total, a share or a partner table would overstate what is tracked: such deals
are left out of every sum and named beside it instead ("not counted: 2
cancelled deals, USD 523 million: a, b"). ``--include-ended`` (or ``--status``
naming the status) counts them again.

Today a deal has ended when its status is ``cancelled`` or ``expired``.
Format 1.1 adds two more ways, and they belong in ``ended_reasons`` alone:
a deal that another counted deal ``follows`` is superseded, and a deal
``part-of`` a counted deal is already inside that deal's value. Every report
asks this module, so adding them here changes every report at once.

Stalled deals have not ended (a stalled deal may resume): they are counted,
and totals say how much of them is stalled.
"""

from __future__ import annotations

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
    reasons = {}
    for deal in dataset.deals:
        reason = ended_reason(deal)
        if reason:
            reasons[deal.id] = reason
    return reasons


def is_signed(deal: Deal) -> bool:
    """Whether the deal reached signing: its status or a lifecycle date at or after it."""
    return deal.status in SIGNED_OR_LATER or any(s in SIGNED_OR_LATER for s in deal.dates)


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
