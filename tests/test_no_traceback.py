"""No command prints a traceback on any golden case, valid or invalid.

Every registered command must be listed in ARGS (or SKIP, with the reason), so a new
command cannot escape this test. Exit codes must be documented ones (0, 1, 2); 3 means
an internal error reached the error boundary.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, TODAY

DEAL = "ussm-fwo-2025"  # the deal id the golden cases use
ARGS = {
    "validate": ["--today", TODAY],
    "schema": [],
    "summary": [],
    "totals": ["--by", "partner"],
    "shares": [],
    "timeline": [],
    "list": [],
    "show": [DEAL],
    "diff": [],
    "log": [DEAL],
    "fmt": ["--check"],
    "textconv": ["pk/" + DEAL + ".yaml"],
    "report": ["--output", "briefing.html", "--force"],
    "export": ["--format", "sqlite", "--output", "export.db", "--force"],
    "import": ["csv", "."],   # the case folder is no export folder: one line, exit 2
}
SKIP = {
    "new": "writes files and prompts; covered by its own tests",
    "git-setup": "changes git configuration; covered by its own tests",
}


def _commands() -> list[str]:
    from dealtrack.cli.app import app

    return sorted(c.name for c in app.registered_commands)


def test_every_command_is_covered():
    assert set(_commands()) - set(ARGS) - set(SKIP) == set()


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("cases")
    found = []
    for kind in ("valid", "invalid"):
        for case in sorted((REPO / "tests" / "cases" / kind).iterdir()):
            if case.is_dir():
                found.append(shutil.copytree(case, root / kind / case.name, symlinks=True))
    return found


@pytest.mark.parametrize("command", [c for c in _commands() if c not in SKIP])
def test_command_never_prints_a_traceback(run, cases, command):
    for case in cases:
        args = list(ARGS[command])
        if command == "textconv":
            args = [str(case / args[0])]
        data = [] if command in ("schema", "textconv") else ["--data", str(case)]
        if command == "fmt":
            data = []
            args = args + [str(case)]
        result = run(command, *data, *args, cwd=case)
        shown = result.stdout + result.stderr
        assert "Traceback" not in shown, f"{command} on {case.name}:\n{shown}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{command} on {case.name} raised {result.exception!r}")
        assert result.exit_code in (0, 1, 2), f"{command} on {case.name}: {shown}"
