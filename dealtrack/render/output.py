"""Where rendered output goes: data to stdout, diagnostics and notes to stderr.

Rich decides colour: only on a terminal, never when ``NO_COLOR`` is set.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field


def _console(stderr: bool):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False)


@dataclass
class Output:
    out: object = field(default_factory=lambda: _console(False))
    err: object = field(default_factory=lambda: _console(True))

    def write_data(self, text: str) -> None:
        """Raw text (JSON, CSV) to stdout, untouched by Rich."""
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
