"""``dealtrack log ID``: the commits that changed one record, and what each changed."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.common import (DEFAULT_DATA, DataOpt, UsageError, check_choice, format_option,
                                  guarded)

TYPES = ["deal", "party", "source", "reserve", "event", "claim", "rate"]


@guarded
def log(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id.")],
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("log") = "text",
    record_kind: Annotated[Optional[list[str]], typer.Option(
        "--kind", "-k", metavar="KIND", help="Follow only this kind of record: "
        + ", ".join(TYPES) + " (all by default; repeatable), as show --kind.")] = None,
    record_type: Annotated[Optional[list[str]], typer.Option(
        "--type", "-t", hidden=True, help="The former name of --kind.")] = None,
    rev: Annotated[str, typer.Option(
        "--rev", metavar="REV", help="Start from this revision.")] = "HEAD",
) -> None:
    """Show the history of one record: commit, date, author and the change each commit made,
    following the record when its file moves between folders.

    \b
    Examples:
      dealtrack log ussm-fwo-critical-minerals-2025
      dealtrack log ussm --kind party
      dealtrack log ussm-fwo-critical-minerals-2025 --format json
    """
    from dealtrack.analysis.history import record_history
    from dealtrack.render import formats, renderer
    from dealtrack.render.output import Output

    check_choice("--format", fmt, formats("log"))
    record_type = [*(record_kind or []), *(record_type or [])] or None
    for name in record_type or []:
        check_choice("--kind", name, TYPES)
    if record_id.startswith("-"):
        raise UsageError(f"'{record_id}' is not a record id")
    history = record_history(data, record_id, types=record_type, rev=rev)
    renderer("log", fmt)(history, Output())


def register(app: typer.Typer) -> None:
    app.command("log", short_help="History of one record through the commits.")(log)
