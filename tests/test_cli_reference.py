"""docs/cli.md is the `--help` of every command; a test keeps it from going stale.

Regenerate with:  DEALTRACK_REGEN_DOCS=1 python -m pytest tests/test_cli_reference.py
"""

from __future__ import annotations

import os

from conftest import REPO

HEADER = """# CLI reference

Generated from `dealtrack --help` and each command's `--help` (80 columns); a test
fails when this page and the program disagree.
"""


def _reference(run) -> str:
    from dealtrack.cli.app import app

    parts = [HEADER, "## dealtrack\n", "```\n" + run("--help").stdout + "```\n"]
    for command in app.registered_commands:
        result = run(command.name, "--help")
        assert result.exit_code == 0
        parts += [f"## dealtrack {command.name}\n", "```\n" + result.stdout + "```\n"]
    return "\n".join(parts)


def test_cli_reference_is_current(run):
    text = _reference(run)
    path = REPO / "docs" / "cli.md"
    if os.environ.get("DEALTRACK_REGEN_DOCS"):
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, "docs/cli.md is stale: regenerate it"


def test_help_lists_every_command_on_one_untruncated_line(run):
    from dealtrack.cli.app import app

    help_text = run("--help").stdout
    for command in app.registered_commands:
        line = next(l for l in help_text.splitlines() if l.strip().startswith(command.name + " "))
        assert not line.rstrip().endswith("..."), line
        assert len(line) <= 80
