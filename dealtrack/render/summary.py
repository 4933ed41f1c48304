"""``dealtrack summary``: the one-screen briefing as text (80 columns) and JSON."""

from __future__ import annotations

from functools import lru_cache

from dealtrack.analysis.summary import SummaryResult
from dealtrack.analysis.totals import Group
from dealtrack.render.fmt import (agree, bar, conversion_json, conversion_text, markdown_table,
                                  md_text, measure_json, money_json, money_text, part_of, plural,
                                  share_json, share_text)
from dealtrack.render.notes import ended_lines, no_match_text, stated_share_text
from dealtrack.render.shares import ended_note, unreported_note
from dealtrack.render.totals import (counting_json, counts_text, headline_notes, stated_json,
                                     table_notes)
from dealtrack.render.views import (footer, hanging, heading, indented, longest_word,
                                    print_fitted, table, text)

JSON_VERSION = 1
BAR_WIDTH = 8
QUALITY_IDS = 5  # ids named per data-quality line in text; JSON lists them all
# A briefing stays about one screen however large the dataset: past these, the text says how
# many more there are and which command lists them (JSON always has everything).
HOST_GROUPS = 8
PARTNER_ROWS = 12
RESERVE_BLOCKS = 8
RATE_LINES = 10
CLAIM_LINES = 10
# The data-quality notes: (attribute of SummaryResult.quality, label), in the order shown.
QUALITY = (("approximate_dates", "approximate dates (~)"),
            ("coarse_dates", "dated only to the month or year"),
            ("ranges", "values that are ranges or qualified (about, up to, at least)"),
            ("unreported", "no value reported"),
            ("single_source", "figures resting on a single source"),
            ("converted", "values converted with a recorded rate"),
            ("partly_in_window", "only partly inside the date window"))


@lru_cache(maxsize=256)
def country_label(code: str) -> str:
    """``CN China``; a joined key (``CN+US``) or a placeholder stays as it is."""
    if len(code) != 2 or not code.isalpha():
        return code
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    name = getattr(country, "common_name", None) or getattr(country, "name", None)
    return f"{code} {name}" if name else code


def first_ids(ids, limit: int = QUALITY_IDS) -> str:
    """``a, b, c, d, e and 12 more``: a list that keeps the briefing on one screen."""
    if len(ids) <= limit:
        return ", ".join(ids)
    return f"{', '.join(ids[:limit])} … and {len(ids) - limit} more"


def _group_words(group: Group) -> str:
    words = f"{plural(group.deals, 'deal')}, {plural(group.instruments, 'instrument')}"
    return f"{words}, {money_text(group.value)}"


def headline(result: SummaryResult) -> tuple[str, str]:
    """The two opening sentences: what is counted, and the total value."""
    total = result.total
    reported = total.reported_instruments
    counted = (f"{plural(total.deals, 'deal')} standing for "
               f"{plural(total.instruments, 'instrument')}; "
               f"{part_of(reported, total.instruments, 'instrument')} "
               f"({part_of(total.reported_deals, total.deals, 'deal')}) "
               f"{agree(reported, 'reports', 'report')} a value.")
    value = (f"Total value: {money_text(total.value)} across the "
             f"{plural(reported, 'instrument')} that {agree(reported, 'reports', 'report')} "
             "a value")
    return counted, value


def binding_rows(result: SummaryResult) -> list[tuple[str, str]]:
    """``("Binding:", "2 deals, …")``: signed binding deals, those not yet signed, the rest."""
    return [(f"{g.key[0].capitalize()}:", _group_words(g)) for g in result.binding.groups]


def partner_rows(result: SummaryResult):
    """``(group, label, value text, share text, partial note or '')`` for the partner table."""
    rows = []
    for group in result.partners.groups[:PARTNER_ROWS]:
        partial = ""
        if group.value is not None and group.reported_instruments < group.instruments:
            partial = (f"{group.key[0]}: "
                       f"{part_of(group.reported_instruments, group.instruments, 'instrument')}"
                       f" {agree(group.reported_instruments, 'reports', 'report')} a value")
        rows.append((group, country_label(group.key[0]), money_text(group.value),
                     stated_share_text(group), partial))
    return rows


def _headline_text(console, result: SummaryResult) -> None:
    """The headline lines, hosts and binding, and the partner table (counted deals only)."""
    counted, value = headline(result)
    console.print(text(counted), overflow="fold")
    console.print(text(value, "bold"), overflow="fold")
    for line in headline_notes(result.partners, QUALITY_IDS):
        indented(console, line, 2)
    hosts = [f"{g.key[0]} {_group_words(g)}" for g in result.hosts.groups[:HOST_GROUPS]]
    hosts += _more(len(result.hosts.groups) - HOST_GROUPS, "host", "dealtrack totals --by host",
                   result)
    hanging(console, [("Hosts:", "; ".join(hosts))] + binding_rows(result), indent=0)

    console.print()
    console.print(text("By partner: share of the tracked value", "bold"))
    rows = partner_rows(result)
    values = [r[2] + (" *" if r[4] else "") for r in rows]
    grid = table(("partner", {"min_width": 8}),
                 ("instr.", {"justify": "right", "no_wrap": True}),
                 ("deals", {"justify": "right", "no_wrap": True}),
                 ("value", {"min_width": max(12, longest_word(values))}),
                 ("share", {"justify": "right", "no_wrap": True}),
                 ("", {"min_width": BAR_WIDTH, "no_wrap": True}))
    stacked = []
    for (group, label, _, share, _), value in zip(rows, values):
        grid.add_row(text(label), str(group.instruments), str(group.deals),
                     text(value, "dim" if group.value is None else None),
                     share, text(bar(group.stated_share, BAR_WIDTH), "cyan"))
        stacked.append((label, (counts_text(group), value, share)))
    print_fitted(console, grid, stacked, bars=True)
    for line in _more(len(result.partners.groups) - PARTNER_ROWS, "partner group",
                      "dealtrack totals --by partner", result):
        indented(console, line, 0)
    for row in rows:
        if row[4]:
            indented(console, f"* {row[4]}", 0)
    for line in table_notes(result.partners, result.partners.groups[:PARTNER_ROWS],
                            QUALITY_IDS):
        indented(console, line, 0)


def render_text(result: SummaryResult, output) -> None:
    console = output.out
    total = result.total
    measure = result.partners.measure
    heading(console, "Briefing", result.filters,
            result.currency + ("" if measure == "value" else f" · {measure} (paid out)"))
    ended = ended_lines(result.partners, QUALITY_IDS)
    if total.deals == 0:
        # only the headline and partner table need counted deals: the estimates, events,
        # claims and notes of what the filters select are still the briefing
        console.print(text(no_match_text(result.partners)), overflow="fold")
        for line in ended:
            indented(console, line, 0)
    else:
        _headline_text(console, result)

    if result.reserves.reserves:
        console.print()
        console.print(text("Reserve estimates: share that tracked deals represent", "bold"))
        for block in result.reserves.reserves[:RESERVE_BLOCKS]:
            title, lines = reserve_lines(block)
            hanging(console, [(f"{block.reserve.id}:", title)])
            for line in lines:
                indented(console, line, 4)
        for line in _more(len(result.reserves.reserves) - RESERVE_BLOCKS, "estimate",
                          "dealtrack shares", result):
            indented(console, line, 0)

    if result.latest_events:
        console.print()
        console.print(text("Latest events", "bold"))
        hanging(console, [(e.date.human(), e.title) for e in result.latest_events])

    if result.claims:
        console.print()
        console.print(text(claims_title(result), "bold"), overflow="fold")
        claims = sorted(result.claims, key=lambda c: (c.verdict, c.id))
        hanging(console, [(c.verdict.upper(), c.claim) for c in claims[:CLAIM_LINES]])
        # (no text report lists every claim: the timeline shows only dated ones)
        for line in _more(len(claims) - CLAIM_LINES, "claim", "--format json lists every one"):
            indented(console, line, 0)

    lines = quality_lines(result)
    if lines:
        console.print()
        console.print(text("Data quality", "bold"))
        for label, ids in lines:
            console.print(text(f"  {label}:"))
            hanging(console, [("", first_ids(ids))], indent=3)
    footer(console, (), result.conversions, result.filters, limit=RATE_LINES)


def reserve_lines(block) -> tuple[str, list[str]]:
    """An estimate's title line, then what the tracked deals represent of it."""
    r = block.reserve
    sources = ", ".join(dict.fromkeys(c.source for c in block.sources)) or "no source"
    title = f"{r.country} {r.commodity}, {money_text(block.value)} ({sources})"
    ended = [ended_note(block)] if block.ended else []
    if not block.rows:
        return title, ["no tracked deal counts against it"] + ended
    if block.total is None:
        return title, [f"{plural(len(block.rows), 'deal')}, none reporting a value"] + ended
    partly = unreported_note(block)
    lines = [f"{plural(len(block.rows), 'deal')} worth {money_text(block.total)}"
             f"{' *' if partly else ''}: {share_text(block.total_share)} of the estimate"]
    return title, lines + ([f"* {partly}"] if partly else []) + ended


def claims_title(result: SummaryResult) -> str:
    counts = ", ".join(f"{n} {v}" for v, n in result.verdicts if n)
    return f"Claims ({counts})"


def quality_lines(result: SummaryResult) -> list[tuple[str, tuple[str, ...]]]:
    """``(label with count, ids)`` for each data-quality note that names something."""
    out = []
    for attr, label in QUALITY:
        ids = getattr(result.quality, attr)
        if ids:
            out.append((f"{label} ({len(ids)})", ids))
    return out


def _more(count: int, noun: str, where: str, result: SummaryResult | None = None) -> list[str]:
    """``… and 12 more partner groups (dealtrack totals --by partner)``, when there are more.

    Given the ``result``, a command is said to need the summary's own options when it was
    filtered or reported in another currency: without them it would list other deals.
    """
    if count <= 0:
        return []
    if result is not None and (result.filters.describe() or result.currency != "USD"):
        where += " with the same options"
    return [f"… and {count:,} more {noun}{'' if count == 1 else 's'} ({where})"]


def _headline_markdown(result: SummaryResult) -> list[str]:
    """The headline, hosts and binding table, and the partner table (counted deals only)."""
    md = md_text
    lines: list[str] = []
    counted, value = headline(result)
    lines += [md(counted), "", f"**{md(value)}**", ""]
    notes = headline_notes(result.partners)
    if notes:
        lines += [f"- {md(line)}" for line in notes] + [""]
    lines += ["| | deals | instruments | value |", "| --- | ---: | ---: | --- |"]
    for label, groups in (("host", result.hosts.groups), ("", result.binding.groups)):
        for g in groups:
            name = f"host {g.key[0]}" if label else g.key[0].capitalize()
            lines.append(f"| {md(name)} | {g.deals} | {g.instruments} | "
                         f"{md(money_text(g.value))} |")
    lines += ["", "### By partner: share of the tracked value", ""]
    rows, partial = [], []
    for group in result.partners.groups:
        value = money_text(group.value)
        if group.value is not None and group.reported_instruments < group.instruments:
            partial.append(f"{group.key[0]}: "
                           f"{part_of(group.reported_instruments, group.instruments, 'instrument')}"
                           f" {agree(group.reported_instruments, 'reports', 'report')} a value")
            value += f" [{len(partial)}]"
        rows.append([country_label(group.key[0]), str(group.instruments), str(group.deals),
                     value, stated_share_text(group)])
    lines.append(markdown_table(["partner", "instruments", "deals", "value", "share"], rows,
                                right={1, 2, 4}))
    lines += [f"[{i}] {md(line)}" + "\n" for i, line in enumerate(partial, 1)]
    lines += [md(line) + "\n" for line in table_notes(result.partners)]
    return lines


def render_markdown(result: SummaryResult, output) -> None:
    """The briefing as a Markdown document, to paste into a report or a pull request: the
    same sections, figures and notes as the text view, every list complete."""
    md = md_text
    total = result.total
    words = ["Briefing"] + list(result.filters.describe()) + [result.currency] + (
        [] if result.partners.measure == "value" else [f"{result.partners.measure} (paid out)"])
    lines = [f"## {md(' · '.join(words))}", ""]
    if total.deals == 0:
        lines += [md(no_match_text(result.partners)), ""]
        lines += [f"- {md(line)}" for line in ended_lines(result.partners)] + [""]
    else:
        lines += _headline_markdown(result)
    if result.reserves.reserves:
        lines += ["### Reserve estimates: share that tracked deals represent", ""]
        for block in result.reserves.reserves:
            title, more = reserve_lines(block)
            lines.append(f"- **{md(block.reserve.id)}**: {md(title)}")
            lines += [f"  - {md(line)}" for line in more]
        lines.append("")
    if result.latest_events:
        lines += ["### Latest events", ""]
        lines += [f"- {md(e.date.human())}: {md(e.title)}" for e in result.latest_events]
        lines.append("")
    if result.claims:
        lines += [f"### {md(claims_title(result))}", ""]
        lines += [f"- **{c.verdict.upper()}** {md(c.claim)}"
                  for c in sorted(result.claims, key=lambda c: (c.verdict, c.id))]
        lines.append("")
    quality = quality_lines(result)
    if quality:
        lines += ["### Data quality", ""]
        lines += [f"- {md(label)}: {md(', '.join(ids))}" for label, ids in quality]
        lines.append("")
    if result.conversions:
        lines += ["### Rates used", ""]
        lines += [f"- {md(conversion_text(c))}" for c in result.conversions]
        lines.append("")
    output.write_data("\n".join(lines).rstrip("\n") + "\n")


def _groups_json(groups) -> list[dict]:
    return [{"key": g.key[0], "instruments": g.instruments, "deals": g.deals,
             "reported_instruments": g.reported_instruments, "value": money_json(g.value),
             "share": share_json(g.share), "deal_ids": list(g.deal_ids), **stated_json(g)}
            for g in groups]


def to_json(result: SummaryResult) -> dict:
    from dealtrack.render.shares import block_json
    from dealtrack.render.timeline import entry_json

    total = result.total
    return {
        "version": JSON_VERSION, "report": "summary", "currency": result.currency,
        **measure_json(result.partners.measure),
        "filters": result.filters.as_json(),
        "deals": total.deals, "instruments": total.instruments,
        "reported_deals": total.reported_deals,
        "reported_instruments": total.reported_instruments,
        "value": money_json(total.value),
        "hosts": _groups_json(result.hosts.groups),
        "binding": _groups_json(result.binding.groups),
        "partners": _groups_json(result.partners.groups),
        "reserves": [block_json(b) for b in result.reserves.reserves],
        "latest_events": [entry_json(e) for e in result.latest_events],
        "claims": [{"id": c.id, "claim": c.claim, "verdict": c.verdict, "about": list(c.about)}
                   for c in result.claims],
        "verdicts": dict(result.verdicts),
        "quality": {attr: list(getattr(result.quality, attr)) for attr, _ in QUALITY},
        "conversions": [conversion_json(c) for c in result.conversions],
        **counting_json(result.partners),
    }


def render_json(result: SummaryResult, output) -> None:
    output.write_json(to_json(result))
