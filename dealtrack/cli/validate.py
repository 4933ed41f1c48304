"""``dealtrack validate``: check a dataset, for people (text) and CI (json, github)."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from dealtrack.cli.common import (DEFAULT_DATA, DataOpt, IgnoreOpt, NoCacheOpt, SelectOpt,
                                  StrictOpt, TodayOpt, UsageError, check_choice, check_codes,
                                  format_option, guarded, parse_today)


@guarded
def validate(
    paths: Annotated[Optional[list[str]], typer.Argument(
        metavar="PATHS", help="Files to report first (as pre-commit passes them); the whole "
        "dataset is still checked and its other findings follow, so a change that breaks "
        "another file is not let through.")] = None,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("validate") = "text",
    strict: StrictOpt = False,
    today: TodayOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Check every deal file and registry; report problems as path:line:col: CODE message.

    Exit 0 when clean, 1 on errors (or on warnings with --strict), 2 on usage errors.
    With PATHS (pre-commit), findings in those files come first, then any others: a
    change that breaks another file (a renamed party, a deleted deal still cited)
    fails as it does in full validate.

    \b
    Examples:
      dealtrack validate
      dealtrack validate --format github --strict --today 2026-11-26
      dealtrack validate deals/pk/ussm-fwo-critical-minerals-2025.yaml
    """
    from dealtrack.diagnostics import select as choose
    from dealtrack.load import check_dataset
    from dealtrack.render import formats, renderer
    from dealtrack.render.diagnostics import ValidationReport
    from dealtrack.render.output import Output

    check_choice("--format", fmt, formats("validate"))
    chosen, ignored = check_codes("--select", select), check_codes("--ignore", ignore)
    checked = check_dataset(data, today=parse_today(today), cache=not no_cache)
    diagnostics = choose(checked.diagnostics, chosen, ignored)
    elsewhere = 0
    if paths:
        wanted = _wanted(paths, data)
        named = [d for d in diagnostics if os.path.realpath(d.loc.path) in wanted]
        elsewhere = len(diagnostics) - len(named)
        diagnostics = named + [d for d in diagnostics if os.path.realpath(d.loc.path)
                               not in wanted]
    report = ValidationReport(data, len(checked.files), diagnostics)
    output = Output()
    renderer("validate", fmt)(report, output)
    if elsewhere:
        typer.echo(f"{elsewhere} of these finding{'s are' if elsewhere != 1 else ' is'} "
                   f"outside the {len(paths)} named file{'s' if len(paths) != 1 else ''} "
                   "(listed after theirs): the whole dataset must validate", err=True)
    if report.errors or (strict and report.warnings):
        raise typer.Exit(1)


def _wanted(paths: list[str], root: str) -> set[str]:
    real_root = os.path.realpath(root)
    wanted = set()
    for path in paths:
        real = os.path.realpath(path)
        if not os.path.exists(path):
            raise UsageError(f"no such file: {path}")
        if not (real + os.sep).startswith(real_root + os.sep):
            raise UsageError(f"{path} is not inside the dataset folder {root}")
        wanted.add(real)
    return wanted


def register(app: typer.Typer) -> None:
    app.command("validate",
                short_help="Check deal files and registries; report every problem.")(validate)
