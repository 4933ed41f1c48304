"""The ``dealtrack`` Typer app; each command lives in its own module and registers here."""

from __future__ import annotations

import os
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


def _no_python_types_in_help() -> None:
    """Typer (0.2x) prints an argument's Python type after its metavar (``ID <str>``,
    ``PATHS <list[str]>``); the metavar already says what to give."""
    from typer import core

    argument = getattr(core, "TyperArgument", None)
    original = getattr(argument, "display_type_rich", None)
    if original is None or getattr(original, "_dealtrack", False):
        return

    def display_type_rich(self, ctx):
        return None if self.metavar else original(self, ctx)

    display_type_rich._dealtrack = True
    argument.display_type_rich = display_type_rich


_no_python_types_in_help()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dealtrack {__version__}")
        raise typer.Exit()


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


# Each command's module (``dealtrack.cli.<module>``, whose ``register`` adds it to an app), in
# the order of `dealtrack --help`: checking, briefing, drilling down, git, authoring.
COMMANDS = {"validate": "validate", "summary": "summary", "totals": "totals", "shares": "shares",
            "timeline": "timeline", "list": "list_cmd", "show": "show", "diff": "diff",
            "log": "log", "fmt": "fmt", "new": "new", "schema": "schema", "textconv": "textconv",
            "git-setup": "gitsetup", "report": "report", "export": "export",
            "import": "import_cmd"}


def _made(names) -> typer.Typer:
    """An app with the root options and the commands ``names``, their modules imported now."""
    from importlib import import_module

    made = typer.Typer(**_SETTINGS)
    made.callback()(root)
    for name in names:
        import_module(f"dealtrack.cli.{COMMANDS[name]}").register(made)
    return made


def _full() -> typer.Typer:
    """``app``: every command. Made when first asked for: a run needs one command, and
    importing every command's module costs more than a cached validate's own imports."""
    full = globals().get("app")
    if full is None:
        full = globals()["app"] = _made(COMMANDS)
    return full


def __getattr__(name: str):
    if name == "app":
        return _full()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def app_for(args: list[str]) -> typer.Typer:
    """The app to run ``dealtrack ARGS`` with: the one command named, else the full app.

    Typer turns every registered command into a Click command (evaluating all of its
    annotations) on every start, and each command's module takes its own imports; a
    run needs one. Its help, options and errors are those of the full app.
    """
    name = next((arg for arg in args if not arg.startswith("-")), "")  # after --no-pager
    if name in COMMANDS:
        return _made([name])
    if "--version" in args and set(args) <= {"--version", "--no-pager"}:
        return _made([])    # prints the version before any command is looked at
    return _full()


_MAIN_PID = None


def _stop(signum, frame) -> None:
    # SIGTERM, SIGHUP: unwind (writers remove their temporary files), then exit 128 + N.
    # A forked worker that inherited this handler ends at once and quietly: the main
    # process says what happened.
    if os.getpid() != _MAIN_PID:
        os._exit(128 + signum)
    raise SystemExit(128 + signum)


def _interrupt(signum, frame) -> None:
    # Ctrl-C reaches every process of the terminal's group: the main process raises
    # KeyboardInterrupt (one line, exit 130); a forked worker ends without a traceback.
    if os.getpid() != _MAIN_PID:
        os._exit(130)
    raise KeyboardInterrupt


def main() -> None:
    """Run ``dealtrack``: the process boundary for signals, closed pipes and exit statuses.

    Ctrl-C is one line and exit 130; SIGTERM and SIGHUP unwind quietly with
    128 + N; a closed stdout is quiet with git's 141. On those the process
    ends at once (``os._exit``, after flushing), without waiting for
    anything registered to run at exit.
    """
    import signal

    from dealtrack.render.output import setup_streams

    global _MAIN_PID
    _MAIN_PID = os.getpid()
    setup_streams()
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _stop)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
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
        from dealtrack.render.output import CLOSED_PIPE

        code = CLOSED_PIPE
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        from dealtrack.render.output import closed_pipe

        code = closed_pipe().code
    if code > 128:   # a signal (130 Ctrl-C, 141 closed pipe, 128 + N): end at once
        try:
            sys.stderr.flush()
        finally:
            os._exit(code)
    sys.exit(code)
