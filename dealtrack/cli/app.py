"""The ``dealtrack`` Typer app; each command lives in its own module and registers here."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack import __version__

app = typer.Typer(
    name="dealtrack",
    help="Track geopolitical and economic deals kept as YAML files: validate, total, "
         "share, diff.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dealtrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None,
) -> None:
    """Track geopolitical and economic deals kept as YAML files: validate, total, share, diff."""


def _register() -> None:
    from dealtrack.cli import (diff, fmt, gitsetup, list_cmd, log, new, schema, shares, show,
                               summary, textconv, timeline, totals, validate)

    # The order of `dealtrack --help`: checking, briefing, drilling down, git, authoring.
    for module in (validate, summary, totals, shares, timeline, list_cmd, show, diff, log, fmt,
                   new, schema, textconv, gitsetup):
        module.register(app)


_register()


def main() -> None:
    app()
