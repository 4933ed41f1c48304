"""A git submodule inside the dataset: the same rule in the working tree and at a revision."""

from __future__ import annotations

import shutil

from gitrepo import USSM, make_repo


def test_a_submodule_is_skipped_in_both_views(run, tmp_path):
    for name in ("other", "main"):
        (tmp_path / name).mkdir()
    other = make_repo(tmp_path / "other")                 # a repository of more deals
    shutil.move(str(other.path(USSM)), str(other.data / "copied.yaml"))
    other.commit("One deal")
    repo = make_repo(tmp_path / "main")
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other.top),
             "deals/vendor")
    repo.commit("Add a submodule of deals")
    result = run("diff", "--exit-code", cwd=repo.top)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "no changes" in result.stdout
    listing = run("list", "--format", "json", "--today", "2026-11-26", cwd=repo.top)
    assert "vendor" not in listing.stdout
