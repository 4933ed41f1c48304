"""The sentences that say what a headline counts, leaves out and rests on.

Plain strings, shared by the text and Markdown views of ``totals`` and
``summary`` (and any other report built on ``TotalsResult``).
"""

from __future__ import annotations

from dealtrack.analysis.totals import MULTI_KEYS, Group, TotalsResult
from dealtrack.render.fmt import money_text, plural, share_text

STATED_MARK = "†"
MULTI_NOUNS = {"sector": "sectors", "commodity": "commodities", "party": "counterparties"}
assert set(MULTI_NOUNS) == set(MULTI_KEYS)


def ids_text(ids, limit: int | None = None) -> str:
    """``a, b, c`` or, past ``limit``, ``a, b … and 3 more``."""
    ids = list(ids)
    if limit is None or len(ids) <= limit:
        return ", ".join(ids)
    return f"{', '.join(ids[:limit])} … and {len(ids) - limit:,} more"


def ended_lines(result: TotalsResult, limit: int | None = None) -> list[str]:
    """``not counted: 2 cancelled deals, USD 523 million: byd-…, tsingshan-…`` per reason."""
    from dealtrack.analysis.counting import PART_OF, SUPERSEDED

    why = {SUPERSEDED: "(a counted deal follows them)",
           PART_OF: "(inside a counted deal's value)"}
    lines = []
    for group in result.ended:
        reason = group.key[0]
        amount = "" if group.value is None and group.unconverted else \
            f", {money_text(group.value)}"
        unconverted = (f" (not converted to {result.currency}, no rate: "
                       f"{ids_text(group.unconverted, limit)})" if group.unconverted else "")
        lines.append(f"not counted: {plural(group.deals, reason + ' deal')}{amount}: "
                     f"{ids_text(group.deal_ids, limit)}{unconverted} "
                     + why.get(reason, "(--include-ended counts them)"))
    return lines


def stalled_text(result: TotalsResult, limit: int | None = None) -> str:
    """``of which stalled: USD 100 million (1 deal: stuck)``, or '' when nothing is stalled."""
    group = result.stalled
    if group is None:
        return ""
    return (f"of which stalled: {money_text(group.value)} "
            f"({plural(group.deals, 'deal')}: {ids_text(group.deal_ids, limit)})")


def stalled_rows_text(groups, limit: int | None = None) -> str:
    """``of which stalled: CN USD 1.1 billion (cn-pk-loan)`` for the rows holding stalled
    deals, or ''."""
    parts = [f"{' × '.join(g.key)} {money_text(g.stalled_value)} "
             f"({ids_text(g.stalled_ids, limit)})" for g in groups if g.stalled_ids]
    return f"of which stalled: {'; '.join(parts)}" if parts else ""


def stated_share_text(group: Group) -> str:
    """The share text views show: of the stated figures, marked when an open-ended figure
    (``at least``, ``up to``) is counted at its stated number."""
    text = share_text(group.stated_share)
    return f"{text} {STATED_MARK}" if group.open_ended and group.stated_share else text


def stated_note(groups, limit: int | None = None) -> str:
    """The footnote for ``STATED_MARK``, naming the deals the shares rest on, or ''."""
    ids = list(dict.fromkeys(i for g in groups if g.stated_share for i in g.open_ended))
    if not ids:
        return ""
    return (f"{STATED_MARK} shares and order rest on stated figures: an 'at least' or 'up to' "
            f"figure counts at its stated number, a range at its midpoint for the order "
            f"(exact bounds: --format json); open-ended: {ids_text(ids, limit)}")


def overlap_note(result: TotalsResult) -> str:
    """Said under a table whose rows overlap (``--by sector`` …), or ''."""
    if not result.overlap:
        return ""
    keys = [k for k in result.by if k in MULTI_KEYS]
    nouns = " or ".join(MULTI_NOUNS[k] for k in keys) or "values"
    return (f"rows overlap: a deal with several {nouns} is in the row of each, so rows add "
            f"up to more than the total, which counts each deal once")
