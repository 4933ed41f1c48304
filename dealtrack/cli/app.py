"""The ``dealtrack`` Typer app; each command lives in its own module and registers here."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from dealtrack import __version__

_SETTINGS = dict(
    name="dealtrack",
    help="Track geopolitical and economic deals kept as YAML files: validate, total, "
         "share, diff.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app = typer.Typer(**_SETTINGS)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dealtrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None,
    no_pager: Annotated[bool, typer.Option(
        "--no-pager", help="Never page long output (else DEALTRACK_PAGER, PAGER or less, "
        "as git does).")] = False,
) -> None:
    """Track geopolitical and economic deals kept as YAML files: validate, total, share, diff."""
    if no_pager:
        from dealtrack.render.output import disable_paging

        disable_paging()


def _register() -> None:
    from dealtrack.cli import (diff, export, fmt, gitsetup, import_cmd, list_cmd, log, new,
                               report, schema, shares, show, summary, textconv, timeline, totals,
                               validate)

    # The order of `dealtrack --help`: checking, briefing, drilling down, git, authoring.
    for module in (validate, summary, totals, shares, timeline, list_cmd, show, diff, log, fmt,
                   new, schema, textconv, gitsetup, report, export, import_cmd):
        module.register(app)


_register()


def _only(name: str) -> typer.Typer:
    """The app with just the command being run.

    Typer turns every registered command into a Click command (evaluating all
    of its annotations) on every start, about 0.1 s for all fourteen; a run
    needs one. Its help, options and errors are those of the full app.
    """
    single = typer.Typer(**_SETTINGS)
    single.registered_callback = app.registered_callback
    single.registered_commands = [info for info in app.registered_commands if info.name == name]
    return single


def app_for(args: list[str]) -> typer.Typer:
    """The app to run ``dealtrack ARGS`` with: the one command named, else the full app."""
    name = next((arg for arg in args if not arg.startswith("-")), "")  # after --no-pager
    known = any(info.name == name for info in app.registered_commands)
    return _only(name) if known else app


def _stop(signum, frame) -> None:
    # SIGTERM, SIGHUP: unwind (writers remove their temporary files), then exit 128 + N.
    raise SystemExit(128 + signum)


def main() -> None:
    """Run ``dealtrack``: the process boundary for signals, closed pipes and exit statuses.

    Ctrl-C is one line and exit 130; SIGTERM and SIGHUP unwind quietly with
    128 + N; a closed stdout is quiet with git's 141. On those the process
    ends at once (``os._exit``, after flushing), without waiting for
    anything registered to run at exit.
    """
    import os
    import signal

    from dealtrack.render.output import setup_streams

    setup_streams()
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _stop)
    try:                        # typer vendors click since 0.2x; before, it used click
        from typer import _click as click
    except ImportError:
        import click

    try:
        returned = app_for(sys.argv[1:])(standalone_mode=False)
        code = returned if isinstance(returned, int) else 0
    except click.exceptions.ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":   # plain `dealtrack`: the help
            sys.stdout.write(exc.format_message() + "\n")
            code = 0
        else:
            # Click's own usage errors in the one style of every other: one line, exit 2.
            where = exc.ctx.command_path if getattr(exc, "ctx", None) else "dealtrack"
            sys.stderr.write(f"dealtrack: error: {exc.format_message()} "
                             f"(see '{where} --help')\n")
            code = exc.exit_code
    except typer.Abort:
        sys.stderr.write("dealtrack: error: aborted\n")
        code = 1
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        if isinstance(exc.code, str):
            sys.stderr.write(exc.code + "\n")
    except KeyboardInterrupt:  # before the command started (its own boundary catches it)
        sys.stderr.write("dealtrack: error: interrupted\n")
        code = 130
    except BrokenPipeError:
        code = 141
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        from dealtrack.render.output import closed_pipe

        code = closed_pipe().code
    if code in (130, 141) or code > 128:
        try:
            sys.stderr.flush()
        finally:
            os._exit(code)
    sys.exit(code)
