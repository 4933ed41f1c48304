"""What docs/security.md promises, checked: no object construction, no network, no shell.

Each guarantee is tested by making the forbidden thing fail loudly (a
constructor, a socket, a subprocess) and running real commands over both the
shipped dataset and hostile files: if any code path used it, the command
would fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import yaml

from hardening_support import TODAY, dealtrack, minimal_dataset

SHIPPED = Path(__file__).resolve().parent.parent.parent / "deals"
TAGS = Path(__file__).resolve().parent.parent / "cases" / "invalid" / "hostile-tags"


class Forbidden(AssertionError):
    pass


def _forbid(*args, **kwargs):
    raise Forbidden("called")


@pytest.fixture
def sealed(monkeypatch):
    """No YAML constructor, no socket, no subprocess for the duration of the test."""
    for cls in (yaml.constructor.BaseConstructor, yaml.constructor.SafeConstructor):
        monkeypatch.setattr(cls, "construct_object", _forbid)
        monkeypatch.setattr(cls, "construct_document", _forbid)
    monkeypatch.setattr(socket.socket, "connect", _forbid)
    monkeypatch.setattr(socket, "create_connection", _forbid)
    monkeypatch.setattr(socket, "getaddrinfo", _forbid)
    monkeypatch.setattr(subprocess.Popen, "__init__", _forbid)
    monkeypatch.setattr(os, "system", _forbid)


@pytest.mark.parametrize("command", [["validate"], ["summary"], ["timeline"], ["totals"],
                                     ["shares"], ["list"], ["fmt", "--check"]])
@pytest.mark.parametrize("dataset", ["shipped", "hostile-tags"])
def test_commands_never_construct_objects_open_sockets_or_start_processes(
        run, sealed, tmp_path, command, dataset):
    root = tmp_path / "ds"
    shutil.copytree(SHIPPED if dataset == "shipped" else TAGS, root,
                    ignore=shutil.ignore_patterns("expected.txt"))
    extra = ["--today", TODAY] if command[0] in ("validate", "summary", "timeline") else []
    result = run(*command, "--data", str(root), *extra)
    assert "internal error" not in result.stderr, result.stderr
    assert result.exit_code in (0, 1), result.stderr
    if dataset == "hostile-tags" and command[0] == "validate":
        assert result.stderr.count(": DT013 ") == 6


@pytest.mark.parametrize("revision", ["--output=pwned.txt", "-p", "HEAD\n--output=pwned.txt",
                                      "--end-of-options"])
def test_revision_names_that_look_like_options_are_refused(tmp_path, revision):
    root = minimal_dataset(tmp_path / "deals")
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b",
           "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@b", "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)
    result = dealtrack("diff", "--data", root.name, "--", revision, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("dealtrack: error: ") and result.stderr.count("\n") == 1
    assert sorted(os.listdir(tmp_path)) == [".git", "deals"]
