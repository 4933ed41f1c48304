"""``dealtrack totals`` as text (a table with bars), JSON, CSV and Markdown."""

from __future__ import annotations

from dealtrack.analysis.totals import Group, TotalsResult
from dealtrack.render.fmt import (RANGE_SHARES_NOTE, agree, bar, conversion_json, csv_text,
                                  markdown_table, md_text, measure_heading, measure_json,
                                  measured_text, money_cells, money_json, money_range,
                                  money_text, part_of, plural, share_cells, share_is_range,
                                  share_json)
from dealtrack.render.notes import (ended_lines, no_match_text, overlap_note, stalled_rows_text,
                                    stalled_text, stated_note, stated_share_text)
from dealtrack.render.views import (footer, heading, indented, longest_word, print_fitted,
                                    table, text)

JSON_VERSION = 1
BAR_WIDTH = 8


def _partial(group: Group) -> bool:
    return group.value is not None and group.reported_instruments < group.instruments


def render_text(result: TotalsResult, output) -> None:
    console = output.out
    heading(console, f"Totals by {' × '.join(result.by)}", result.filters,
            measure_heading(result.currency, result.measure))
    console.print(text(reported_line(result.total, result.measure) if result.total.deals
                       else no_match_text(result)), overflow="fold")
    for line in headline_notes(result):
        indented(console, line, 0)
    marks, values = [], []
    for group in result.groups:
        value = measured_text(group.value, result.measure)
        if _partial(group):
            marks.append(f"{' × '.join(group.key)}: {partial_text(group, result.measure)}")
            value += f" [{len(marks)}]"
        values.append(value)
    total_value = measured_text(result.total.value, result.measure)
    grid = table(*[(k, {"min_width": 6}) for k in result.by],
                 ("instr.", {"justify": "right", "no_wrap": True}),
                 ("deals", {"justify": "right", "no_wrap": True}),
                 ("value", {"min_width": max(12, longest_word(values + [total_value]))}),
                 ("share", {"justify": "right", "no_wrap": True}),
                 ("", {"min_width": BAR_WIDTH, "no_wrap": True}))
    stacked = []
    for group, value in zip(result.groups, values):
        share = stated_share_text(group)
        grid.add_row(*[text(k) for k in group.key], str(group.instruments), str(group.deals),
                     text(value, "dim" if group.value is None else None),
                     share, text(bar(group.stated_share, BAR_WIDTH), "cyan"))
        stacked.append((" × ".join(group.key), (counts_text(group), value, share)))
    grid.add_section()
    whole = "100 %" if result.total.value is not None else "–"
    grid.add_row(*(["total"] + [""] * (len(result.by) - 1)), str(result.total.instruments),
                 str(result.total.deals), text(total_value, "bold"), whole, "")
    stacked.append(("total", (counts_text(result.total), total_value, whole)))
    print_fitted(console, grid, stacked, bars=True)
    notes = [f"[{i}] {m}" for i, m in enumerate(marks, 1)]
    if notes:
        console.print(text("Partly reported groups", "bold"))
        for line in notes:
            indented(console, line)
    for line in table_notes(result):
        indented(console, line, 0)
    footer(console, result.partly, result.conversions, result.filters)


def counts_text(group: Group) -> str:
    """``2 instruments, 1 deal``: a group's counts, for a stacked row."""
    return f"{plural(group.instruments, 'instrument')}, {plural(group.deals, 'deal')}"


def headline_notes(result: TotalsResult, limit: int | None = None) -> list[str]:
    """Under a total: how much of it is stalled, and the ended deals it leaves out."""
    stalled = stalled_text(result, limit)
    return ([stalled] if stalled else []) + ended_lines(result, limit)


def table_notes(result: TotalsResult, groups=None, limit: int | None = None) -> list[str]:
    """Under a table of groups: what its shares rest on, whether rows overlap, why a share is
    a range."""
    groups = result.groups if groups is None else groups
    lines = [line for line in (stalled_rows_text(groups, limit), stated_note(groups, limit),
                               overlap_note(result), contingent_note(result, limit)) if line]
    if any(share_is_range(g.stated_share) for g in groups):
        lines.append(f"Note: {RANGE_SHARES_NOTE}.")
    return lines


def contingent_note(result: TotalsResult, limit: int | None = None) -> str:
    """``contingent, not summed: a guarantee from adb (USD 110 million) in reko-…``."""
    from dealtrack.canonical import spell_money

    if not result.contingent:
        return ""
    items = [f"{part.kind} from {part.party}"
             + (f" ({spell_money(part.value)})" if part.value else "") + f" in {deal_id}"
             for deal_id, part in result.contingent]
    shown = items if limit is None else items[:limit]
    more = f" … and {len(items) - len(shown)} more" if len(shown) < len(items) else ""
    return "contingent, listed but not summed: " + "; ".join(shown) + more


def partial_text(group: Group, measure: str = "value") -> str:
    """``1 of 2 instruments reports a value; not reported: b`` for a partly reported group."""
    reported = group.reported_instruments
    return (f"{part_of(reported, group.instruments, 'instrument')} "
            f"{agree(reported, 'reports', 'report')} {_figure(measure)}; "
            f"not reported: {', '.join(group.unreported)}")


def _figure(measure: str) -> str:
    return "a value" if measure == "value" else "a disbursed figure"


def reported_line(total: Group, measure: str = "value") -> str:
    """``22 of 25 instruments (2 of 5 deals) report a value: USD 4.7 billion``."""
    if total.deals == 0:
        return "No deals match."
    return (f"{part_of(total.reported_instruments, total.instruments, 'instrument')} "
            f"({part_of(total.reported_deals, total.deals, 'deal')}) "
            f"{agree(total.reported_instruments, 'reports', 'report')} {_figure(measure)}: "
            f"{money_text(total.value)}")


def _group_json(group: Group, by) -> dict:
    return {"key": dict(zip(by, group.key)), "instruments": group.instruments,
            "deals": group.deals, "reported_instruments": group.reported_instruments,
            "reported_deals": group.reported_deals, "value": money_json(group.value),
            "share": share_json(group.share), "deal_ids": list(group.deal_ids),
            "unreported": list(group.unreported), **stated_json(group)}


def stated_json(group: Group) -> dict:
    """The stated figures text views rank and share by (``value``/``share`` stay exact)."""
    return {"stated_value": money_json(group.stated),
            "stated_share": share_json(group.stated_share),
            "open_ended": list(group.open_ended), "stalled_deals": list(group.stalled_ids),
            "originals": [money_json(o) for o in group.originals]}


def counting_json(result: TotalsResult) -> dict:
    """What a total leaves out (``not_counted``, by reason) and its ``stalled`` part."""
    def brief(group: Group) -> dict:
        return {"deals": group.deals, "instruments": group.instruments,
                "value": money_json(group.value), "deal_ids": list(group.deal_ids)}

    return {"not_counted": [{"reason": g.key[0], **brief(g)} for g in result.ended],
            "stalled": brief(result.stalled) if result.stalled else None}


def to_json(result: TotalsResult) -> dict:
    total = _group_json(result.total, ())
    del total["key"], total["share"], total["stated_share"]
    return {"version": JSON_VERSION, "report": "totals", "currency": result.currency,
            "by": list(result.by), "filters": result.filters.as_json(), "total": total,
            "groups": [_group_json(g, result.by) for g in result.groups],
            "conversions": [conversion_json(c) for c in result.conversions],
            "partly_in_date_window": list(result.partly), **counting_json(result),
            "overlap": result.overlap,
            **measure_json(result.measure),
            **({"contingent": [{"deal": deal_id, "kind": p.kind, "party": p.party,
                                "value": money_json(money_range(p.value)), "note": p.note}
                               for deal_id, p in result.contingent]}
               if result.contingent else {})}


def render_json(result: TotalsResult, output) -> None:
    output.write_json(to_json(result))


HEADER = ["instruments", "deals", "reported_instruments", "value_low", "value_high", "currency",
          "qualifier", "share_low", "share_high", "original_low", "original_high",
          "original_currency"]


def original_cells(originals) -> tuple[str, str, str]:
    """The group's figures as reported: low, high and currency when they are in one
    currency; with several, only the currencies (``CNY+USD``): JSON ``originals`` has each."""
    if len(originals) == 1:
        low, high, currency, _ = money_cells(originals[0])
        return low, high, currency
    return "", "", "+".join(o.currency for o in originals)


def _rows(result: TotalsResult) -> list[list[str]]:
    rows = []
    for group in result.groups:
        rows.append(list(group.key) + [str(group.instruments), str(group.deals),
                                       str(group.reported_instruments),
                                       *money_cells(group.value), *share_cells(group.share),
                                       *original_cells(group.originals)])
    return rows


def render_csv(result: TotalsResult, output) -> None:
    output.write_data(csv_text(list(result.by) + HEADER, _rows(result)))


def render_markdown(result: TotalsResult, output) -> None:
    rows, notes = [], []
    for g in result.groups:
        value = money_text(g.value)
        if _partial(g):
            notes.append(f"{' × '.join(g.key)}: {partial_text(g)}")
            value += f" [{len(notes)}]"
        rows.append(list(g.key) + [str(g.instruments), str(g.deals), value,
                                   stated_share_text(g)])
    rows.append(["**total**"] + [""] * (len(result.by) - 1) + [
        str(result.total.instruments), str(result.total.deals),
        money_text(result.total.value), ""])
    n = len(result.by)
    table = markdown_table(list(result.by) + ["instruments", "deals", "value", "share"], rows,
                           right={n, n + 1, n + 3})
    head = "".join(f"{md_text(line)}\n\n" for line in headline_notes(result))
    output.write_data(head + table
                      + "".join(f"\n[{i}] {md_text(line)}\n" for i, line in enumerate(notes, 1))
                      + "".join(f"\n{md_text(line)}\n" for line in table_notes(result)))
