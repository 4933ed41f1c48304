"""A git repository committed inside the dataset is never used, and git never starts programs.

The attack (issue 14, item 1): a pull request adds the files of a bare
repository (``HEAD``, ``objects/``, ``refs/``, ``config``) to ``deals/``.
Its config names a signature program and its history holds the changed
data, so a dealtrack that let git discover it would run the program and
report "no changes" for a real change.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from gitrepo import ENV, USSM, make_repo

VALUE = "value: USD 500 million"
CHANGED = "value: USD 1.5 billion"


def _git(*args: str, cwd: Path, input: bytes | None = None) -> str:
    env = {**os.environ, **ENV, "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, env=env, input=input, capture_output=True,
                          check=True).stdout.decode()


def _program(tmp_path: Path) -> tuple[Path, Path]:
    """A program that leaves a mark when run; returns (program, mark)."""
    mark = tmp_path / "RAN"
    program = tmp_path / "evil.sh"
    program.write_text(f"#!/bin/sh\ntouch '{mark}'\nexit 1\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return program, mark


def _plant(repo, tmp_path: Path, program: Path) -> None:
    """Commit a bare repository into deals/ whose signed history already has the change."""
    bare = tmp_path / "planted"
    _git("init", "-q", "--bare", str(bare), cwd=tmp_path)
    work = tmp_path / "planted-tree"
    shutil.copytree(repo.data, work)
    path = work / USSM
    path.write_text(path.read_text().replace(VALUE, CHANGED))
    _git(f"--git-dir={bare}", f"--work-tree={work}", "add", "-A", cwd=tmp_path)
    tree = _git(f"--git-dir={bare}", "write-tree", cwd=tmp_path).strip()
    body = (f"tree {tree}\nauthor M <m@x> 1700000000 +0000\ncommitter M <m@x> 1700000000 +0000\n"
            "gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n\n"
            "the planted history\n")
    commit = _git(f"--git-dir={bare}", "hash-object", "-t", "commit", "-w", "--stdin",
                  cwd=tmp_path, input=body.encode()).strip()
    for ref in ("refs/heads/main", "refs/remotes/origin/main"):
        _git(f"--git-dir={bare}", "update-ref", ref, commit, cwd=tmp_path)
    (bare / "HEAD").write_text("ref: refs/heads/main\n")
    for key, value in (("core.bare", "false"), ("core.worktree", "."),
                       ("log.showSignature", "true"), ("gpg.program", str(program)),
                       ("core.fsmonitor", str(program)), ("diff.external", str(program))):
        _git(f"--git-dir={bare}", "config", key, value, cwd=tmp_path)
    for entry in bare.iterdir():
        target = repo.data / entry.name
        if entry.is_dir():
            shutil.copytree(entry, target)
        else:
            shutil.copy2(entry, target)
    repo.commit("A pull request that plants a repository")


@pytest.fixture
def planted(tmp_path):
    repo = make_repo(tmp_path)
    program, mark = _program(tmp_path)
    _plant(repo, tmp_path, program)
    # The git used by the planted repo would see this working tree as its own.
    assert _git("rev-parse", "--is-bare-repository", cwd=repo.data).strip() in ("true", "false")
    return repo, mark


def test_a_planted_repository_neither_hides_a_change_nor_runs_a_program(run, planted):
    repo, mark = planted
    repo.edit(USSM, VALUE, CHANGED)
    for where in ({"cwd": repo.top}, {"cwd": repo.data}):
        result = run("diff", "HEAD", "--exit-code", "--data", str(repo.data), **where)
        assert result.exit_code == 1, result.stdout + result.stderr
        assert f"{VALUE.split(': ')[1]} → {CHANGED.split(': ')[1]}" in result.stdout
        result = run("diff", "origin/main", "--data", str(repo.data), **where)
        assert result.exit_code == 2 and "unknown revision 'origin/main'" in result.stderr
    repo.commit("USSM value revised")
    result = run("log", "ussm-fwo-critical-minerals-2025", "--data", str(repo.data))
    assert result.exit_code == 0, result.stderr
    assert "USSM value revised" in result.stdout
    assert "the planted history" not in result.stdout
    assert not mark.exists()


def test_git_config_of_the_users_own_repository_starts_no_program(run, tmp_path):
    repo = make_repo(tmp_path)
    program, mark = _program(tmp_path)
    repo.edit(USSM, VALUE, CHANGED)
    repo.git("add", "-A")
    tree = repo.git("write-tree").strip()
    parent = repo.git("rev-parse", "HEAD").strip()
    body = (f"tree {tree}\nparent {parent}\nauthor M <m@x> 1700000000 +0000\n"
            "committer M <m@x> 1700000000 +0000\n"
            "gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n\n"
            "signed change\n")
    commit = _git("hash-object", "-t", "commit", "-w", "--stdin", cwd=repo.top,
                  input=body.encode()).strip()
    repo.git("update-ref", "refs/heads/main", commit)
    # Set last: the test's own `git add` would run the fsmonitor program.
    for key, value in (("log.showSignature", "true"), ("gpg.program", str(program)),
                       ("core.fsmonitor", str(program)), ("diff.external", str(program))):
        repo.git("config", key, value)
    assert run("log", "ussm-fwo-critical-minerals-2025", cwd=repo.top).exit_code == 0
    assert run("diff", "HEAD~1", "HEAD", cwd=repo.top).exit_code == 0
    assert not mark.exists()


def test_a_git_directory_inside_the_dataset_is_refused(run, tmp_path, monkeypatch):
    repo = make_repo(tmp_path)
    (repo.data / "sub").mkdir()
    _git("init", "-q", "--bare", str(repo.data / "sub" / "store"), cwd=tmp_path)
    monkeypatch.setenv("GIT_DIR", str(repo.data / "sub" / "store"))
    monkeypatch.setenv("GIT_WORK_TREE", str(repo.top))
    result = run("diff", "--data", str(repo.data))
    assert result.exit_code == 2
    assert "inside the dataset folder" in result.stderr


@pytest.mark.parametrize("target", ["outside", "/dev/zero", "fifo"])
def test_git_setup_refuses_a_gitattributes_symlink_or_special_file(run, tmp_path, target):
    repo = make_repo(tmp_path)
    attributes = repo.top / ".gitattributes"
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n")
    if target == "fifo":
        os.mkfifo(attributes)
    else:
        attributes.symlink_to(outside if target == "outside" else target)
    result = run("git-setup", "--yes", cwd=repo.top)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert ".gitattributes is" in result.stderr and "internal error" not in result.stderr
    assert outside.read_text() == "keep me\n"
    assert attributes.is_symlink() or target == "fifo"
