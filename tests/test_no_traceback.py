"""No command prints a traceback on any golden case, valid or invalid.

Every registered command must be listed in ARGS (or SKIP, with the reason), so a new
command cannot escape this test. Exit codes must be documented ones (0, 1, 2); 3 means
an internal error reached the error boundary. The cases are committed to a git
repository, so that ``diff`` and ``log`` read them at a revision too, and every command
that reads the dataset is given it with ``--data``: a command that stopped at a usage
error before reading a file would prove nothing (REACHES says which must get further).
"""

from __future__ import annotations

import os
import shutil
import subprocess
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
# Commands that must read the case's files, never stop at a usage error (exit 2). log may
# exit 2 on a case whose history holds no deal with that id (it says so in one line).
REACHES = {"fmt", "diff", "validate", "summary", "totals", "timeline", "list"}
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
    from gitrepo import ENV

    root = tmp_path_factory.mktemp("cases")
    found = []
    for kind in ("valid", "invalid"):
        for case in sorted((REPO / "tests" / "cases" / kind).iterdir()):
            if case.is_dir():
                found.append(shutil.copytree(case, root / kind / case.name, symlinks=True))
    env = {**os.environ, **ENV, "HOME": str(root)}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "cases"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return found


@pytest.mark.parametrize("command", [c for c in _commands() if c not in SKIP])
def test_command_never_prints_a_traceback(run, cases, command):
    for case in cases:
        args = list(ARGS[command])
        if command == "textconv":
            args = [str(case / args[0])]
        data = [] if command in ("schema", "textconv") else ["--data", str(case)]
        if command == "fmt":
            args = args + [str(case)]
        result = run(command, *data, *args, cwd=case)
        shown = result.stdout + result.stderr
        assert "Traceback" not in shown, f"{command} on {case.name}:\n{shown}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{command} on {case.name} raised {result.exception!r}")
        assert result.exit_code in (0, 1, 2), f"{command} on {case.name}: {shown}"
        if command in REACHES:
            assert result.exit_code != 2 or "dataset folder" in shown and \
                case.name == "no-yaml-files", f"{command} on {case.name} stopped early: {shown}"
        if command == "log" and (case / "pk" / f"{DEAL}.yaml").exists():
            assert result.exit_code in (0, 1), f"log on {case.name}: {shown}"
