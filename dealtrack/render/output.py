"""Where rendered output goes: data to stdout, diagnostics and notes to stderr.

Rich decides colour: only on a terminal, never when ``NO_COLOR`` is set.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

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

    return _Console(stderr=stderr, highlight=False, emoji=False)


def _guarded(buffer):
    from rich.segment import Segment

    from dealtrack.textsafe import escape_lines

    for segment in buffer:
        text, style, control = segment
        yield segment if control or not text else Segment(escape_lines(text), style, control)


@dataclass
class Output:
    out: object = field(default_factory=lambda: _console(False))
    err: object = field(default_factory=lambda: _console(True))

    def write_data(self, text: str) -> None:
        """Raw text (JSON, CSV) to stdout, untouched by Rich."""
        try:
            sys.stdout.write(text)
            if not text.endswith("\n"):
                sys.stdout.write("\n")
            sys.stdout.flush()
        except BrokenPipeError:
            raise closed_pipe() from None
