"""Where something was read: a file, line and column (its own module so that diagnostics can be
loaded without the record classes)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Loc:
    """A position in a file: 1-based line and column, as editors show them."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}"
        return self.path
