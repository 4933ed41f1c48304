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

    return _Console(stderr=stderr, highlight=False, emoji=False)


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
