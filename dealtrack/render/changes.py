"""Reporters for ``diff`` and ``log``: Rich text, JSON (docs/json.md) and Markdown for pull requests.

The wording of one field change is shared by every view, so a change reads
the same in a terminal, in a pull request and in ``log``.
"""

from __future__ import annotations

import json
from decimal import Decimal

JSON_VERSION = 1
_LONG = 72
_MARK = {"added": "+", "removed": "-", "changed": "~", "moved": ">"}
_STYLE = {"added": "green", "removed": "red", "changed": "yellow", "moved": "cyan"}


def _short(text: str, limit: int = _LONG) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_field(change) -> str:
    """``status: signed → in-force``, ``sources: + br-2025``, ``dates.signed: + 2025-09-04``."""
    kind = change.kind
    if kind == "reordered":
        return f"{change.field}: reordered"
    if kind == "items":
        parts = [f"+ {_short(x)}" for x in change.added] + [f"- {_short(x)}" for x in change.removed]
        return f"{change.field}: " + ", ".join(parts)
    if kind == "set":
        return f"{change.field}: + {_short(change.new)}"
    if kind == "unset":
        return f"{change.field}: - {_short(change.old)}"
    return f"{change.field}: {_short(change.old, 60)} → {_short(change.new, 60)}"


def describe_record(record) -> str:
    """The head line of a record change, without its mark."""
    text = f"{record.type} {record.id}"
    if record.title:
        text += f" — {_short(record.title, 60)}"
    return text


def describe_move(record) -> str | None:
    if record.moved:
        return f"moved: {record.old_path} → {record.new_path}"
    return None


def spell_bounds(currency: str, bounds) -> str:
    from dealtrack.canonical import spell_amount

    if bounds is None:
        return "none"
    low, high = bounds
    if high is None:
        return f"at least {currency} {spell_amount(low, low)}"
    return f"{currency} {spell_amount(low, high)}"


def spell_share(bounds) -> str:
    if bounds is None:
        return "none"
    low, high = bounds

    def pct(x: Decimal) -> str:
        percent = x * 100
        if percent and abs(percent) < Decimal("0.1"):
            # Two significant digits, so a small share never shows as 0.0 %.
            return format(percent.quantize(Decimal(1).scaleb(percent.adjusted() - 1)), "f")
        return f"{percent:.1f}"

    if high is None:
        return f"≥ {pct(low)} %"
    if pct(low) == pct(high):
        return f"{pct(low)} %"
    return f"{pct(low)}–{pct(high)} %"


def describe_shift(currency: str, shift) -> str:
    name = " / ".join(shift.key)
    text = f"{name}: {spell_bounds(currency, shift.old_value)} → " \
           f"{spell_bounds(currency, shift.new_value)}"
    if shift.old_share is not None or shift.new_share is not None:
        text += f"; share {spell_share(shift.old_share)} → {spell_share(shift.new_share)}"
    return text


def summary_line(diff) -> str:
    if not diff.records:
        return "no changes"
    parts = [f"{diff.count(c)} {c}" for c in ("changed", "moved", "added", "removed")
             if diff.count(c)]
    return ", ".join(parts)


def _report_diagnostics(diff, output) -> None:
    """Errors of either side go to stderr: the diff still covers what loaded."""
    from dealtrack.render.diagnostics import format_line

    for side in (diff.old, diff.new):
        errors = [d for d in side.diagnostics if d.severity == "error"]
        for d in errors:
            output.err.print(format_line(d), soft_wrap=True, markup=False, highlight=False)
        if errors:
            output.err.print(f"{side.label}: the dataset does not load cleanly "
                             f"({len(errors)} error{'s' if len(errors) != 1 else ''}); "
                             "the diff covers what loads", soft_wrap=True, markup=False)


# ---- diff -----------------------------------------------------------------------------

def render_diff_text(diff, output) -> None:
    from rich.text import Text

    _report_diagnostics(diff, output)
    console = output.out
    console.print(Text(f"{diff.old.label} → {diff.new.label}", style="bold"), soft_wrap=True)
    for record in diff.records:
        line = Text(f"{_MARK[record.change]} ", style=_STYLE[record.change])
        line.append(describe_record(record), style="bold")
        console.print(line, soft_wrap=True)
        move = describe_move(record)
        if move:
            console.print(Text(f"    {move}", style="cyan"), soft_wrap=True)
        for change in record.fields:
            console.print(Text(f"    {describe_field(change)}"), soft_wrap=True)
    effects = diff.effects
    if effects is not None:
        if effects.totals:
            console.print(Text(f"Totals by partner ({effects.currency}):", style="bold"))
            for shift in effects.totals:
                console.print(Text(f"    {describe_shift(effects.currency, shift)}"),
                              soft_wrap=True)
        if effects.reserves:
            console.print(Text("Reserve shares:", style="bold"))
            for shift in effects.reserves:
                console.print(Text(f"    {describe_shift(effects.currency, shift)}"),
                              soft_wrap=True)
        for note in effects.notes:
            output.err.print(f"note: {note}", soft_wrap=True, markup=False)
    console.print(Text(summary_line(diff), style="dim"), soft_wrap=True)


def render_diff_markdown(diff, output) -> None:
    _report_diagnostics(diff, output)
    lines = [f"### dealtrack diff: `{diff.old.label}` → `{diff.new.label}`", ""]
    if not diff.records:
        lines.append("No changes to the data.")
    for change in ("changed", "moved", "added", "removed"):
        group = [r for r in diff.records if r.change == change]
        if not group:
            continue
        lines += [f"**{change.capitalize()}**", ""]
        for record in group:
            lines.append(f"- {record.type} `{record.id}`"
                         + (f" — {_md(_short(record.title, 60))}" if record.title else ""))
            move = describe_move(record)
            if move:
                lines.append(f"  - {_md(move)}")
            for field_change in record.fields:
                lines.append(f"  - {_md(describe_field(field_change))}")
        lines.append("")
    effects = diff.effects
    if effects is not None and (effects.totals or effects.reserves):
        lines += [f"**Effect on totals ({effects.currency})**", "",
                  "| group | before | after | share before | share after |",
                  "|---|---|---|---|---|"]
        for label, shifts in (("partner", effects.totals), ("reserve", effects.reserves)):
            for s in shifts:
                lines.append(f"| {label} {_md(' / '.join(s.key))} | "
                             f"{spell_bounds(effects.currency, s.old_value)} | "
                             f"{spell_bounds(effects.currency, s.new_value)} | "
                             f"{spell_share(s.old_share)} | {spell_share(s.new_share)} |")
        lines.append("")
    if effects is not None:
        lines += [f"_{_md(note)}_" for note in effects.notes]
    lines.append(f"_{summary_line(diff)}_")
    output.write_data("\n".join(lines))


def _md(text: str) -> str:
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


def _field_json(change) -> dict:
    return {"field": change.field, "change": change.kind, "old": change.old, "new": change.new,
            "added": list(change.added), "removed": list(change.removed)}


def _money_fields(record) -> dict:
    from dealtrack.canonical import money_json

    if record.type not in ("deal", "reserve"):
        return {}
    old = getattr(record.old_record, "value", None)
    new = getattr(record.new_record, "value", None)
    if old == new and record.change == "changed":
        return {}
    return {"value": {"old": money_json(old), "new": money_json(new)}}


def _bounds_json(bounds):
    if bounds is None:
        return None
    return {"low": str(bounds[0]), "high": None if bounds[1] is None else str(bounds[1])}


def _shift_json(shift) -> dict:
    return {"key": list(shift.key), "value": {"old": _bounds_json(shift.old_value),
                                              "new": _bounds_json(shift.new_value)},
            "share": {"old": _bounds_json(shift.old_share), "new": _bounds_json(shift.new_share)}}


def _diag_json(d) -> dict:
    return {"path": d.loc.path, "line": d.loc.line, "column": d.loc.col, "code": d.code,
            "severity": d.severity, "message": d.message, "hint": d.hint}


def diff_to_json(diff) -> dict:
    effects = diff.effects
    return {
        "version": JSON_VERSION,
        "old": {"label": diff.old.label, "commit": diff.old.commit},
        "new": {"label": diff.new.label, "commit": diff.new.commit},
        "summary": {c: diff.count(c) for c in ("added", "removed", "changed", "moved")},
        "records": [
            {"type": r.type, "id": r.id, "change": r.change, "title": r.title,
             "path": {"old": r.old_path, "new": r.new_path},
             "fields": [_field_json(f) for f in r.fields], **_money_fields(r)}
            for r in diff.records
        ],
        "effects": None if effects is None else {
            "currency": effects.currency,
            "total": {"old": _bounds_json(effects.old_total),
                      "new": _bounds_json(effects.new_total)},
            "partners": [_shift_json(s) for s in effects.totals],
            "reserves": [_shift_json(s) for s in effects.reserves],
            "notes": list(effects.notes),
        },
        "diagnostics": {"old": [_diag_json(d) for d in diff.old.diagnostics],
                        "new": [_diag_json(d) for d in diff.new.diagnostics]},
    }


def render_diff_json(diff, output) -> None:
    _report_diagnostics(diff, output)
    output.write_data(json.dumps(diff_to_json(diff), indent=2, ensure_ascii=False))


# ---- log ------------------------------------------------------------------------------

def render_log_text(history, output) -> None:
    from rich.text import Text

    console = output.out
    for entry in history.entries:
        head = Text(entry.commit[:10], style="yellow")
        head.append(f"  {entry.date[:10]}  {entry.author}  ")
        head.append(entry.subject, style="bold")
        console.print(head, soft_wrap=True)
        record = entry.change
        line = Text(f"    {_MARK[record.change]} {record.change} {record.type} {record.id}",
                    style=_STYLE[record.change])
        path = record.new_path or record.old_path
        if path and not record.moved:
            line.append(f" ({path})", style="dim")
        console.print(line, soft_wrap=True)
        move = describe_move(record)
        if move:
            console.print(Text(f"    {move}", style="cyan"), soft_wrap=True)
        for change in record.fields:
            console.print(Text(f"    {describe_field(change)}"), soft_wrap=True)
    n = len(history.entries)
    console.print(Text(f"{n} commit{'s' if n != 1 else ''} changed {history.type} "
                       f"{history.id}", style="dim"), soft_wrap=True)


def log_to_json(history) -> dict:
    return {
        "version": JSON_VERSION,
        "type": history.type,
        "id": history.id,
        "entries": [
            {"commit": e.commit, "type": e.change.type, "date": e.date, "author": e.author, "email": e.email,
             "subject": e.subject, "change": e.change.change,
             "path": {"old": e.change.old_path, "new": e.change.new_path},
             "fields": [_field_json(f) for f in e.change.fields], **_money_fields(e.change)}
            for e in history.entries
        ],
    }


def render_log_json(history, output) -> None:
    output.write_data(json.dumps(log_to_json(history), indent=2, ensure_ascii=False))
