"""The shipped pre-commit hooks, run by pre-commit itself, reject every commit full validate rejects.

pre-commit installs this repository (at its committed HEAD) into its own
environment, as a deal repository's ``.pre-commit-config.yaml`` would, and
runs the hooks on staged changes. Skipped where pre-commit is not installed
(``pip install pre-commit``) or this checkout is not a git repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gitrepo import ENV, USSM, make_repo

PROJECT = Path(__file__).resolve().parent.parent.parent
pytest.importorskip("pre_commit")


def _project_head() -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT, capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    return done.stdout.strip()


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def _pre_commit(repo, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **ENV, "HOME": str(repo.top.parent), "PRE_COMMIT_HOME": str(home)}
    env.pop("DEALTRACK_DATA", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run"], cwd=repo.top, env=env,
                          capture_output=True, text=True, timeout=600)


def _configured(tmp_path):
    repo = make_repo(tmp_path)
    (repo.top / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {PROJECT}\n    rev: {_project_head()}\n"
        "    hooks:\n      - id: dealtrack-validate\n      - id: dealtrack-fmt\n")
    repo.commit("Use the dealtrack hooks")
    return repo


def _breaking(repo, change: str) -> None:
    if change == "registry rename":
        repo.edit("parties.yaml", "- id: ussm\n", "- id: ussm-inc\n")
    elif change == "duplicate id":
        shutil.copy(repo.path(USSM), repo.data / "au" / Path(USSM).name)
    elif change == "deleted deal still cited":
        repo.git("rm", "-q", f"deals/{USSM}")
    repo.git("add", "-A")


@pytest.mark.parametrize("change", ["registry rename", "duplicate id",
                                    "deleted deal still cited"])
def test_the_hook_rejects_what_full_validate_rejects(tmp_path, home, change):
    repo = _configured(tmp_path)
    _breaking(repo, change)
    result = _pre_commit(repo, home)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "dealtrack validate" in out and "Failed" in out
    assert {"registry rename": "DT202", "duplicate id": "DT201",
            "deleted deal still cited": "DT202"}[change] in out


def test_a_clean_change_passes_and_a_layout_change_fails_fmt(tmp_path, home):
    repo = _configured(tmp_path)
    repo.edit(USSM, "value: USD 500 million", "value: USD 600 million")
    repo.git("add", "-A")
    result = _pre_commit(repo, home)
    assert result.returncode == 0, result.stdout + result.stderr
    text = repo.path(USSM).read_text()
    lines = text.splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines.insert(0, lines.pop(title))   # keys out of canonical order
    repo.path(USSM).write_text("".join(lines))
    repo.git("add", "-A")
    result = _pre_commit(repo, home)
    assert result.returncode == 1
    assert "dealtrack fmt --check" in result.stdout and "Failed" in result.stdout
