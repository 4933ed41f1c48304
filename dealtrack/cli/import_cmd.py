"""``dealtrack import csv PATH``: deal files from a spreadsheet or an export folder."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.common import DEFAULT_DATA, DataOpt, TodayOpt, guarded

KindArg = Annotated[str, typer.Argument(metavar="csv", help="What PATH is: csv.")]
PathArg = Annotated[str, typer.Argument(
    metavar="PATH", help="A folder written by 'export --format csv', or a CSV file (with "
                         "--map).")]
MapOpt = Annotated[Optional[str], typer.Option(
    "--map", metavar="FILE", help="Mapping of deal keys to the sheet's columns (YAML); see "
                                  "docs/export.md.")]
DryRunOpt = Annotated[bool, typer.Option(
    "--dry-run", help="Check every row and list the files, but write nothing.")]


@guarded
def import_csv(
    kind: KindArg,
    path: PathArg,
    data: DataOpt = DEFAULT_DATA,
    mapping: MapOpt = None,
    dry_run: DryRunOpt = False,
    today: TodayOpt = None,
) -> None:
    """Turn each row into a deal file (<host>/<id>.yaml under the dataset; from an export
    folder, the path it was exported from), checked exactly
    as validate checks it against the dataset it joins. Problems are listed as
    FILE:ROW:COLUMN: CODE message and nothing is written; otherwise every file is written,
    and none replaces an existing one.

    \b
    Examples:
      dealtrack import csv exported-tables/
      dealtrack import csv sheet.csv --map sheet-map.yaml --dry-run
    """
    import os
    import sys

    from dealtrack.cli.common import UsageError, check_choice, parse_today
    from dealtrack.importer import csvimport

    check_choice("import: the kind", kind, ["csv"])
    day = parse_today(today)
    if not os.path.isdir(data):
        raise UsageError(f"not a folder: {data} (--data takes the dataset's root folder)")
    if os.path.isdir(path):
        if mapping:
            raise UsageError("--map is for a spreadsheet's CSV file; a folder written by "
                             "'export --format csv' needs none")
        planned, problems = csvimport.from_export(path)
    elif os.path.isfile(path):
        if not mapping:
            raise UsageError(f"{path} is a file: give --map FILE saying which column is which "
                             "deal key (docs/export.md), or import an export folder")
        planned, problems = csvimport.from_sheet(path, csvimport.read_mapping(mapping))
    else:
        raise UsageError(f"no such file or folder: {path}")
    result = csvimport.plan_import(data, planned, problems, today=day)
    for problem in result.problems:
        sys.stderr.write(f"{problem}\n")
        if problem.hint:
            sys.stderr.write(f"  hint: {problem.hint}\n")
    if result.errors:
        sys.stderr.write(f"dealtrack: nothing written: {len(result.errors)} problem(s) in "
                         f"{len(result.planned)} row(s)\n")
        raise typer.Exit(1)
    if dry_run:
        for item in result.planned:
            sys.stdout.write(f"would write {os.path.join(data, item.relpath)}\n")
        return
    for written in csvimport.write_import(data, result):
        sys.stdout.write(f"wrote {written}\n")


def register(app: typer.Typer) -> None:
    app.command("import", short_help="Deal files from a spreadsheet (CSV) or a CSV export.")(
        import_csv)
