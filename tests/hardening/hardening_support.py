"""Helpers for the hardening tests: a small valid dataset, and the CLI run as a real process.

Hostile input is run through a separate ``python -m dealtrack`` process with a
generous timeout, so that a hang or a crash of the interpreter (libyaml
recursing on deep input, a FIFO blocking a read) fails the test instead of
taking the test run down with it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
MINIMAL = TESTS / "cases" / "valid" / "minimal-deal"
TODAY = "2026-11-26"
TIMEOUT = 120  # seconds: a bound that catches hangs, never a speed assertion
DIAGNOSTIC = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>DT\d{3}) ")


def minimal_dataset(root: Path) -> Path:
    """A copy of the golden minimal dataset (two registries and one deal) at ``root``."""
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns("expected.txt"))
    return root


def dealtrack(*args: str, cwd: Path, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """Run ``dealtrack ARGS`` in a fresh interpreter; stdout and stderr kept apart."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DEALTRACK_") and k not in ("FORCE_COLOR",)}
    env.update(NO_COLOR="1", COLUMNS="200", PYTHONIOENCODING="utf-8:backslashreplace")
    return subprocess.run([sys.executable, "-m", "dealtrack", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=timeout, text=True, encoding="utf-8",
                          errors="backslashreplace", stdin=subprocess.DEVNULL)


def validate(root: Path, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """``dealtrack validate --data <name>`` run from the dataset's parent folder."""
    return dealtrack("validate", "--data", root.name, "--today", TODAY, cwd=root.parent,
                     timeout=timeout)


def diagnostics(stderr: str) -> list[tuple[str, int, int, str]]:
    """The ``(path, line, column, code)`` of every diagnostic line in a text report."""
    found = []
    for line in stderr.splitlines():
        match = DIAGNOSTIC.match(line)
        if match:
            found.append((match["path"], int(match["line"]), int(match["col"]), match["code"]))
    return found


def assert_no_crash(result: subprocess.CompletedProcess) -> None:
    """No traceback, no internal error: whatever went wrong was said in the user's terms."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    assert "internal error" not in output, output[-3000:]
    assert result.returncode in (0, 1, 2), (result.returncode, output[-3000:])


_BREAK = re.compile(r"\r\n|[\r\n]")


def file_lines(data: bytes) -> list[str]:
    """A file's lines as editors (and so every diagnostic) count them.

    Breaks are CR, LF and CRLF (not NEL, LS or PS, which libyaml also counts);
    the empty place after a final break is not a line; an empty file has one
    empty line.
    """
    text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines
