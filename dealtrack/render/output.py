"""Where rendered output goes: data to stdout, diagnostics and notes to stderr.

Rich decides colour: only on a terminal; with ``NO_COLOR`` set (to anything but
an empty string) no escape code at all is written, bold included.

Paging is git's: long terminal output goes through ``DEALTRACK_PAGER``, else
``PAGER``, else ``less``, with ``LESS=FRX`` when ``LESS`` is unset (quit when
it fits on one screen, pass colours through, keep the screen afterwards);
an empty pager, ``cat``, ``dealtrack --no-pager`` or output that is not a
terminal pages nothing.

Streams that cannot encode everything (an ISO-8859-1 locale,
``PYTHONIOENCODING=ascii``) never fail a report: ``setup_streams`` makes
the report's own symbols ASCII (``→`` as ``->``, ``·`` as ``-``) and any
other character a ``\\uXXXX`` escape, which in JSON is the same string.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cached_property

# The exit status when the reader of stdout went away (``dealtrack … | head``):
# git's, a process ended by SIGPIPE as the shell reports it (128 + 13). Quiet.
CLOSED_PIPE = 141


def closed_pipe() -> "SystemExit":
    """Stop writing for good after a closed pipe: the exit to raise, with stdout muted."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return SystemExit(CLOSED_PIPE)


def _console(stderr: bool):
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # Rich exits 1 here, the findings status
            self.quiet = True
            raise closed_pipe()

        def _render_buffer(self, buffer) -> str:
            # The last guard: whatever a renderer printed, no control, bidi or
            # line-separator character from the data reaches the terminal raw
            # (Rich's own line breaks and control segments are kept).
            return super()._render_buffer(_guarded(buffer))

    plain = bool(os.environ.get("NO_COLOR"))
    return _Console(stderr=stderr, highlight=False, emoji=False, no_color=plain or None,
                    **({"color_system": None} if plain else {}))


# ---- paging -------------------------------------------------------------------------------

_paging = True


def disable_paging() -> None:
    """``dealtrack --no-pager``: never page in this process."""
    global _paging
    _paging = False


def pager_command() -> list[str] | None:
    """The pager to run, as git chooses it; None when paging is off."""
    import shlex

    if not _paging:
        return None
    command = os.environ.get("DEALTRACK_PAGER")
    if command is None:
        command = os.environ.get("PAGER", "less")
    try:
        args = shlex.split(command)
    except ValueError:
        return None
    return None if not args or args == ["cat"] else args


def pager():
    """A Rich pager running ``pager_command()``, or None when paging is off."""
    from rich.pager import Pager

    args = pager_command()
    if args is None:
        return None

    class _Command(Pager):
        def show(self, content: str) -> None:
            _run_pager(args, content)

    return _Command()


def _run_pager(args: list[str], content: str) -> None:
    import signal
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    data = content.encode(encoding, _ERRORS if _registered else "replace")
    sys.stdout.flush()
    try:
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(content)   # no such pager: print as if not paged
        return
    # Ctrl-C belongs to the pager while it runs (less uses it), as in git.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            proc.stdin.write(data)
            proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass                    # the user quit before reading it all
        proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


# ---- streams that cannot encode everything -------------------------------------------------

_ERRORS = "dealtrack-ascii"
_EXACT_ERRORS = "dealtrack-exact"
_registered = False
_narrow = False     # stdout cannot encode every character
_ASCII = {"→": "->", "←": "<-", "·": "-", "–": "-", "—": "--", "…": "...", "≥": ">=",
          "≤": "<=", "×": "x", "÷": "/", "█": "#", "▮": "#", "▒": ":", "▏": "|", "┄": "-",
          "─": "-", "†": "+", "€": "EUR", "£": "GBP", "¥": "JPY", "\u2060": ""}


def _escaped(char: str) -> str:
    """``\\uXXXX`` (a surrogate pair past U+FFFF): the same character to a JSON reader."""
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _fallback(error: UnicodeEncodeError):
    """Text output: the report's own symbols as ASCII, anything else escaped."""
    chars = error.object[error.start:error.end]
    return "".join(_ASCII.get(c, _escaped(c)) for c in chars), error.end


def _exact(error: UnicodeEncodeError):
    """Data output (JSON, CSV, Markdown): every character escaped, nothing rewritten."""
    return "".join(_escaped(c) for c in error.object[error.start:error.end]), error.end


def setup_streams() -> None:
    """Make stdout and stderr never fail on a character they cannot encode.

    On a narrow encoding (ASCII, ISO-8859-1) text falls back to ASCII
    (``_fallback``); on UTF-8 only lone surrogates (names that were not UTF-8)
    are escaped.
    """
    import codecs

    global _registered, _narrow
    if not _registered:
        codecs.register_error(_ERRORS, _fallback)
        codecs.register_error(_EXACT_ERRORS, _exact)
        _registered = True
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if stream is sys.stdout:
            _narrow = encoding not in ("utf-8", "utf8")
        try:
            stream.reconfigure(errors=_ERRORS)
        except (AttributeError, ValueError, OSError):
            pass


# Rich treats a stream as a terminal (and may style, colour or lay out what it writes) when
# it is one, or when one of these says so; in a notebook it renders HTML.
_RICH_TERMINAL_SETTINGS = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def _plain(stream) -> bool:
    """Whether a console on ``stream`` would write nothing but the text itself: the stream
    is not a terminal and nothing tells Rich otherwise (anything unusual: not plain)."""
    if "IPython" in sys.modules or any(name in os.environ for name in _RICH_TERMINAL_SETTINGS):
        return False
    try:
        return not stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _guarded(buffer):
    from rich.segment import Segment

    from dealtrack.textsafe import escape_lines

    for segment in buffer:
        text, style, control = segment
        yield segment if control or not text else Segment(escape_lines(text), style, control)


@dataclass
class Output:
    """Where one report goes: ``out`` and ``err`` are Rich consoles on stdout and stderr,
    made when first used (a JSON report never loads Rich)."""

    # The report and format being written, when a refusal must be said in that format
    # (``--format json``: a JSON document carrying the diagnostics, not silence).
    report: str = ""
    format: str = "text"

    @cached_property
    def out(self):
        return _console(False)

    @cached_property
    def err(self):
        return _console(True)

    def plain(self, stderr: bool = False) -> bool:
        """Whether ``err`` (``stderr``) or ``out`` would write lines of text unstyled, as
        they are: then ``write_lines`` writes the same bytes without loading Rich."""
        return _plain(sys.stderr if stderr else sys.stdout)

    def write_lines(self, lines: list[str], stderr: bool = False) -> None:
        """Lines of one-line text (escaped already) as a console writes them when ``plain``:
        each after the same last guard (``escape_lines``), ended by a line break."""
        from dealtrack.textsafe import escape_lines

        stream = sys.stderr if stderr else sys.stdout
        try:
            stream.write("".join(escape_lines(line) + "\n" for line in lines))
            stream.flush()
        except BrokenPipeError:
            raise closed_pipe() from None

    def write_json(self, document) -> None:
        """A report's JSON document to stdout: exact, indented, UTF-8, with the characters a
        terminal would act on escaped (``textsafe.json_text``)."""
        import json

        from dealtrack.textsafe import json_text

        self.write_data(json_text(json.dumps(document, indent=2, ensure_ascii=False)))

    def write_data(self, text: str) -> None:
        """Raw text (JSON, CSV) to stdout, untouched by Rich.

        On a stream that cannot encode every character, each one it cannot is a
        ``\\uXXXX`` escape: in JSON the very same string, elsewhere unambiguous.
        """
        if _narrow:
            encoding = sys.stdout.encoding
            text = text.encode(encoding, _EXACT_ERRORS).decode(encoding)
        try:
            sys.stdout.write(text)
            if not text.endswith("\n"):
                sys.stdout.write("\n")
            sys.stdout.flush()
        except BrokenPipeError:
            raise closed_pipe() from None
