"""Reporters for ``diff`` and ``log``: Rich text, JSON (docs/json.md) and Markdown for pull requests.

The wording of one field change is shared by every view, so a change reads
the same in a terminal, in a pull request and in ``log``.
"""

from __future__ import annotations

JSON_VERSION = 1
_LONG = 72
_MARK = {"added": "+", "removed": "-", "changed": "~", "moved": ">", "unreadable": "!"}
_STYLE = {"added": "green", "removed": "red", "changed": "yellow", "moved": "cyan",
          "unreadable": "magenta"}
CHANGES = ("changed", "moved", "added", "removed", "unreadable")
_SHOWN_PROBLEMS = 3


def _short(text: str, limit: int = _LONG) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_field(change, full: bool = False) -> str:
    """``status: signed → in-force``, ``sources: + br-2025``, ``dates.signed: + 2025-09-04``.

    Long values are shortened (``…``) for a terminal; ``full`` keeps every word (Markdown,
    where a quote cut mid-word would be misquoted)."""
    def short(text: str, limit: int = _LONG) -> str:
        return " ".join(text.split()) if full else _short(text, limit)

    kind = change.kind
    if kind == "reordered":
        return f"{change.field}: reordered"
    if kind == "items":
        parts = [f"+ {short(x)}" for x in change.added] + [f"- {short(x)}" for x in change.removed]
        return f"{change.field}: " + ", ".join(parts)
    if kind == "set":
        return f"{change.field}: + {short(change.new)}"
    if kind == "unset":
        return f"{change.field}: - {short(change.old)}"
    return f"{change.field}: {short(change.old, 60)} → {short(change.new, 60)}"


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


def describe_problems(record, where: str) -> list[str]:
    """``unreadable at HEAD, line 44: DT010 did not find expected ','``, a few at most."""
    lines = [f"unreadable {where}, line {d.loc.line}: {d.code} {d.message}"
             for d in record.problems[:_SHOWN_PROBLEMS]]
    more = len(record.problems) - _SHOWN_PROBLEMS
    if more > 0:
        lines.append(f"… and {more} more problem{'s' if more != 1 else ''} in that file")
    return lines


def describe_duplicate(record) -> str | None:
    """Say how a record with a duplicated id was matched (``diff`` only)."""
    if not record.duplicate:
        return None
    path = record.new_path or record.old_path
    if path:
        return f"id used more than once (DT201); matched by file: {path}"
    return "id used more than once (DT201); matched by file, then in order"


def spell_value(value) -> str:
    """A total as the analysis views spell it (``about USD 4.2 billion``); ``none`` if absent."""
    from dealtrack.render.fmt import money_text

    return "none" if value is None else money_text(value)


def spell_share(share) -> str:
    """A share as the analysis views spell it (``0.00625 %–0.00833 %``); ``none`` if absent."""
    from dealtrack.render.fmt import share_text

    return "none" if share is None else share_text(share)


STATED_NOTE = ("† share of the stated figures, as totals shows it (an 'at least' or 'up to' "
               "figure at its stated number); exact bounds: --format json")


def shown_share(exact, stated) -> str:
    """The share a text view shows: of the stated figures when it differs from the exact
    interval (one open-ended figure makes every exact share start at 0 %), marked ``†``."""
    from dealtrack.render.notes import STATED_MARK

    if stated is None or stated == exact:
        return spell_share(exact)
    return f"{spell_share(stated)} {STATED_MARK}"


def stated_marked(effects) -> bool:
    """Whether any shown share rests on the stated figures (then ``STATED_NOTE`` is said)."""
    return any(s.old_stated_share not in (None, s.old_share)
               or s.new_stated_share not in (None, s.new_share) for s in effects.totals)


def describe_shift(shift) -> str:
    name = " / ".join(shift.key)
    text = f"{name}: {spell_value(shift.old_value)} → {spell_value(shift.new_value)}"
    if shift.old_share is not None or shift.new_share is not None:
        text += (f"; share {shown_share(shift.old_share, shift.old_stated_share)} → "
                 f"{shown_share(shift.new_share, shift.new_stated_share)}")
    if getattr(shift, "rate_only", False):
        text += " (only the exchange rate changed: see Rates)"
    return text


def describe_total(effects) -> str | None:
    """``Total (USD): USD 4.7 billion → USD 5.2 billion``, or None when it did not move."""
    if effects.old_total == effects.new_total:
        return None
    return (f"Total ({effects.currency}): {spell_value(effects.old_total)} → "
            f"{spell_value(effects.new_total)}")


def describe_rate(shift) -> str:
    """``b-cny: 1 CNY = 0.14 USD (rate of 1 Sep 2025) → 0.15 USD (rate of 20 Sep 2025)``."""
    from dealtrack.analysis.money import decimal_text

    def one(c) -> str:
        return (f"1 {c.from_currency} = {decimal_text(c.rate)} {c.to_currency} "
                f"(rate of {c.rate_date.human()})")

    return f"{shift.record}: {one(shift.old)} → {one(shift.new)}"


def summary_line(diff) -> str:
    if not diff.records:
        return "no changes"
    parts = [f"{diff.count(c)} {c}" for c in CHANGES if diff.count(c)]
    return ", ".join(parts)


def not_computed(effects) -> str:
    return f"not computed: {effects.reason}"


def _report_diagnostics(diff, output) -> None:
    """Errors of either side go to stderr: the diff still covers what loads."""
    from dealtrack.render.diagnostics import format_line

    for side in (diff.old, diff.new):
        errors = side.errors
        for d in errors:
            output.err.print(format_line(d), soft_wrap=True, markup=False, highlight=False)
        if errors:
            output.err.print(f"{side.label}: the dataset does not load cleanly "
                             f"({len(errors)} error{'s' if len(errors) != 1 else ''}); "
                             "the diff covers what loads", soft_wrap=True, markup=False,
                             highlight=False)
    effects = diff.effects
    if effects is not None and effects.diagnostics:
        for _, d in effects.diagnostics:
            output.err.print(format_line(d), soft_wrap=True, markup=False, highlight=False)
        output.err.print(f"the effect on totals is {not_computed(effects)}", soft_wrap=True,
                         markup=False, highlight=False)


def _cuts(plain: str, first: int, rest: int) -> list[int]:
    """Offsets to cut ``plain`` at so that the first piece fits ``first`` cells, the others
    ``rest`` (after their leading spaces are dropped); at a space when there is one.

    Linear in the length of ``plain``: cell widths are summed once, and each cut
    is found by bisection in the running sums.
    """
    from bisect import bisect_right
    from itertools import accumulate

    from rich.cells import get_character_cell_size

    acc = [0, *accumulate(get_character_cell_size(c) for c in plain)]
    cuts, start, limit = [], 0, max(first, 8)
    while acc[-1] - acc[start] > limit:
        end = max(bisect_right(acc, acc[start] + limit) - 1, start)
        space = plain.rfind(" ", start + 1, end + 1)
        cut = space if space > start else max(end, start + 1)
        cuts.append(cut)
        start = cut
        while start < len(plain) and plain[start] == " ":
            start += 1
        limit = max(rest, 8)
    return cuts


def _print(console, text, indent: int = 0, hang: int = 4) -> None:
    """One logical line, wrapped at spaces to the console width with a hanging indent."""
    from rich.text import Text

    if isinstance(text, str):
        text = Text(text)
    width = console.width
    pieces = text.divide(_cuts(text.plain, width - indent, width - indent - hang))
    for number, piece in enumerate(pieces):
        if number:
            piece = piece[len(piece.plain) - len(piece.plain.lstrip(" ")):]
        lead = " " * (indent + (hang if number else 0))
        console.print(Text(lead) + piece, soft_wrap=True)


def _styled(text: str, style: str = ""):
    from rich.text import Text

    return Text(text, style=style)


def _print_move(console, record, indent: int = 4) -> None:
    """``moved: a → b`` on one line when it fits, else ``→ b`` under it."""
    from rich.cells import cell_len

    move = describe_move(record)
    if move is None:
        return
    if indent + cell_len(move) <= console.width:
        _print(console, _styled(move, "cyan"), indent)
    else:
        _print(console, _styled(f"moved: {record.old_path}", "cyan"), indent)
        _print(console, _styled(f"→ {record.new_path}", "cyan"), indent + 4)


# ---- diff -----------------------------------------------------------------------------

def render_diff_text(diff, output) -> None:
    from rich.text import Text

    _report_diagnostics(diff, output)
    console = output.out
    _print(console, _styled(f"{diff.old.label} → {diff.new.label}", "bold"))
    labels = {"old": f"at {diff.old.label}", "new": f"at {diff.new.label}"}
    for record in diff.records:
        line = Text(f"{_MARK[record.change]} ", style=_STYLE[record.change])
        line.append(describe_record(record), style="bold")
        _print(console, line)
        _print_move(console, record)
        duplicate = describe_duplicate(record)
        if duplicate:
            _print(console, _styled(duplicate, "red"), 4)
        for change in record.fields:
            _print(console, describe_field(change), 4)
        for problem in describe_problems(record, labels.get(record.unreadable, "")):
            _print(console, _styled(problem, _STYLE["unreadable"]), 4)
    effects = diff.effects
    if effects is not None:
        if not effects.computed:
            _print(console, _styled(f"Effect on totals ({effects.currency}): "
                                    f"{not_computed(effects)}; see stderr", "bold"))
        total = describe_total(effects) if effects.computed else None
        if total:
            _print(console, _styled(total, "bold"))
        if effects.totals:
            _print(console, _styled(f"Totals by partner ({effects.currency}), groups whose "
                                    "value changed:", "bold"))
            for shift in effects.totals:
                _print(console, describe_shift(shift), 4)
            if stated_marked(effects):
                _print(console, _styled(STATED_NOTE, "dim"), 4)
        if effects.reserves:
            _print(console, _styled("Reserve shares:", "bold"))
            for shift in effects.reserves:
                _print(console, describe_shift(shift), 4)
        if effects.rates:
            _print(console, _styled("Rates (a figure converted at another rate):", "bold"))
            for shift in effects.rates:
                _print(console, describe_rate(shift), 4)
    _print(console, _styled(summary_line(diff), "dim"))


def render_diff_markdown(diff, output) -> None:
    from dealtrack.render.diagnostics import format_line
    from dealtrack.textsafe import markdown_code

    _report_diagnostics(diff, output)
    lines = [f"### dealtrack diff: {markdown_code(diff.old.label)} → "
             f"{markdown_code(diff.new.label)}", ""]
    if not diff.records:
        lines.append("No changes to the data.")
    labels = {"old": f"at {diff.old.label}", "new": f"at {diff.new.label}"}
    for change in CHANGES:
        group = [r for r in diff.records if r.change == change]
        if not group:
            continue
        lines += [f"**{change.capitalize()}**", ""]
        for record in group:
            lines.append(f"- {record.type} {markdown_code(record.id)}"
                         + (f" — {_md(record.title)}" if record.title else ""))
            for note in (describe_move(record), describe_duplicate(record)):
                if note:
                    lines.append(f"  - {_md(note)}")
            for field_change in record.fields:
                lines.append(f"  - {_md(describe_field(field_change, full=True))}")
            for problem in describe_problems(record, labels.get(record.unreadable, "")):
                lines.append(f"  - {_md(problem)}")
        lines.append("")
    effects = diff.effects
    if effects is not None and not effects.computed:
        lines += [f"**Effect on totals ({effects.currency})**: {_md(not_computed(effects))}", ""]
        lines += [f"- {markdown_code(format_line(d))}" for _, d in effects.diagnostics]
        if effects.diagnostics:
            lines.append("")
    total = describe_total(effects) if effects is not None and effects.computed else None
    if effects is not None and (effects.totals or effects.reserves or total):
        lines += [f"**Effect on totals ({effects.currency})**", ""]
        if total:
            lines += [_md(total), ""]
        lines += ["| group | before | after | share before | share after |",
                  "|---|---|---|---|---|"]
        for label, shifts in (("partner", effects.totals), ("reserve", effects.reserves)):
            for s in shifts:
                note = " (rate only)" if s.rate_only else ""
                lines.append(f"| {label} {_md(' / '.join(s.key))}{note} | "
                             f"{_md(spell_value(s.old_value))} | {_md(spell_value(s.new_value))} | "
                             f"{shown_share(s.old_share, s.old_stated_share)} | "
                             f"{shown_share(s.new_share, s.new_stated_share)} |")
        lines.append("")
        if stated_marked(effects):
            lines += [_md(STATED_NOTE), ""]
    if effects is not None and effects.rates:
        lines += ["**Rates** (a figure converted at another rate)", ""]
        lines += [f"- {_md(describe_rate(r))}" for r in effects.rates]
        lines.append("")
    lines.append(f"_{summary_line(diff)}_")
    output.write_data("\n".join(lines))


def _md(text: str) -> str:
    from dealtrack.textsafe import markdown_text

    return markdown_text(text)


def _field_json(change) -> dict:
    return {"field": change.field, "change": change.kind, "old": change.old, "new": change.new,
            "added": list(change.added), "removed": list(change.removed)}


def _money_fields(record) -> dict:
    from dealtrack.canonical import money_json

    if record.type not in ("deal", "reserve") or record.change == "unreadable":
        return {}
    old = getattr(record.old_record, "value", None)
    new = getattr(record.new_record, "value", None)
    if old == new and record.change == "changed":
        return {}
    return {"value": {"old": money_json(old), "new": money_json(new)}}


def _unreadable_fields(record) -> dict:
    if record.change != "unreadable":
        return {}
    return {"unreadable": record.unreadable,
            "diagnostics": [_diag_json(d) for d in record.problems]}


def _shift_json(shift) -> dict:
    from dealtrack.render.fmt import money_json, share_json

    return {"key": list(shift.key),
            "value": {"old": money_json(shift.old_value), "new": money_json(shift.new_value)},
            "share": {"old": share_json(shift.old_share), "new": share_json(shift.new_share)},
            "stated_share": {"old": share_json(shift.old_stated_share),
                             "new": share_json(shift.new_stated_share)},
            "rate_only": shift.rate_only}


def _diag_json(d) -> dict:
    return {"path": d.loc.path, "line": d.loc.line, "column": d.loc.col, "code": d.code,
            "severity": d.severity, "message": d.message, "hint": d.hint}


def _effects_json(effects) -> dict | None:
    from dealtrack.render.fmt import conversion_json, money_json

    if effects is None:
        return None
    labels = {"old": "before", "new": "after"}
    return {
        "currency": effects.currency,
        "computed": effects.computed,
        "reason": effects.reason,
        "total": {"old": money_json(effects.old_total), "new": money_json(effects.new_total)},
        "partners": [_shift_json(s) for s in effects.totals],
        "reserves": [_shift_json(s) for s in effects.reserves],
        "rates": [{"record": r.record, "old": conversion_json(r.old),
                   "new": conversion_json(r.new)} for r in effects.rates],
        "diagnostics": [{"side": side, **_diag_json(d)} for side, d in effects.diagnostics],
        "notes": [f"{labels[side]}: {d.message}" for side, d in effects.diagnostics],
    }


def diff_to_json(diff) -> dict:
    return {
        "version": JSON_VERSION,
        "old": {"label": diff.old.label, "commit": diff.old.commit},
        "new": {"label": diff.new.label, "commit": diff.new.commit},
        "summary": {c: diff.count(c) for c in ("added", "removed", "changed", "moved",
                                               "unreadable")},
        "records": [
            {"type": r.type, "id": r.id, "change": r.change, "title": r.title,
             "path": {"old": r.old_path, "new": r.new_path},
             "fields": [_field_json(f) for f in r.fields], **_money_fields(r),
             **_unreadable_fields(r), "duplicate": r.duplicate}
            for r in diff.records
        ],
        "effects": _effects_json(diff.effects),
        "complete": diff.complete,
        "diagnostics": {"old": [_diag_json(d) for d in diff.old.diagnostics],
                        "new": [_diag_json(d) for d in diff.new.diagnostics]},
    }


def render_diff_json(diff, output) -> None:
    _report_diagnostics(diff, output)
    output.write_json(diff_to_json(diff))


# ---- log ------------------------------------------------------------------------------

_LOG_SIDES = {"old": "before this commit", "new": "after this commit",
              "both": "before and after this commit"}


def render_log_text(history, output) -> None:
    from rich.text import Text

    from dealtrack.textsafe import escape

    console = output.out
    for entry in history.entries:
        head = Text(entry.commit[:10], style="yellow")
        head.append(f"  {escape(entry.date[:10])}  {escape(entry.author)}  ")
        head.append(escape(entry.subject), style="bold")
        _print(console, head)
        record = entry.change
        line = Text(f"{_MARK[record.change]} {record.change} {record.type} {record.id}",
                    style=_STYLE[record.change])
        path = record.new_path or record.old_path
        if path and not record.moved:
            line.append(f" ({path})", style="dim")
        _print(console, line, 4)
        _print_move(console, record)
        for change in record.fields:
            _print(console, describe_field(change), 4)
        for problem in describe_problems(record, _LOG_SIDES.get(record.unreadable, "")):
            _print(console, _styled(problem, _STYLE["unreadable"]), 4)
    n = len(history.entries)
    _print(console, _styled(f"{n} commit{'s' if n != 1 else ''} changed {history.type} "
                            f"{history.id}", "dim"))


def log_to_json(history) -> dict:
    return {
        "version": JSON_VERSION,
        "type": history.type,
        "id": history.id,
        "entries": [
            {"commit": e.commit, "type": e.change.type, "date": e.date, "author": e.author,
             "email": e.email, "subject": e.subject, "change": e.change.change,
             "path": {"old": e.change.old_path, "new": e.change.new_path},
             "fields": [_field_json(f) for f in e.change.fields], **_money_fields(e.change),
             **_unreadable_fields(e.change)}
            for e in history.entries
        ],
    }


def render_log_json(history, output) -> None:
    output.write_json(log_to_json(history))
