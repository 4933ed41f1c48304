"""Reading a dataset at a git revision: same loader, git plumbing only, hostile names refused."""

from __future__ import annotations

import subprocess

import pytest

from dealtrack import gitio
from dealtrack.canonical import record_data
from dealtrack.errors import DealtrackError
from dealtrack.load import load_dataset
from gitrepo import B2B, USSM, make_repo


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path)


def _records(dataset):
    return {kind: [record_data(kind, r) for r in getattr(dataset, kind)]
            for kind in ("deals", "parties", "sources", "reserves", "events", "claims")}


def test_a_revision_loads_the_same_records_as_the_working_tree(repo):
    at_head = gitio.load_revision(str(repo.data), "HEAD", today=None)
    on_disk = load_dataset(str(repo.data))
    assert _records(at_head.dataset) == _records(on_disk.dataset)
    assert len(at_head.dataset.files) == len(on_disk.dataset.files) == 10


def test_files_at_a_revision_are_named_rev_colon_path_from_the_top(repo):
    loaded = gitio.load_revision(str(repo.data), "HEAD")
    assert f"HEAD:deals/{USSM}" in loaded.dataset.files
    deal = loaded.dataset.by_id("deals")["ussm-fwo-critical-minerals-2025"]
    assert deal.path == f"HEAD:deals/{USSM}"
    # The name is one `git show` accepts.
    shown = repo.git("show", deal.path)
    assert shown.startswith("# deals/pk/ussm-fwo-critical-minerals-2025.yaml")


def test_a_broken_file_at_a_revision_is_a_diagnostic_and_the_rest_still_loads(repo):
    repo.path(B2B).write_text("id: pk-cn-b2b-mous-2025\ntitle: [unclosed\n", encoding="utf-8")
    repo.commit("Break a file")
    loaded = gitio.load_revision(str(repo.data), "HEAD")
    errors = [d for d in loaded.diagnostics if d.code == "DT010"]
    assert errors and str(errors[0].loc).startswith(f"HEAD:deals/{B2B}:")
    assert "ussm-fwo-critical-minerals-2025" in loaded.dataset.by_id("deals")
    assert "pk-cn-b2b-mous-2025" not in loaded.dataset.by_id("deals")


@pytest.mark.parametrize("rev", ["nosuch", "HEAD~5", "main:deals", "deadbeef"])
def test_an_unknown_revision_is_one_clear_error(repo, rev):
    with pytest.raises(DealtrackError, match=f"unknown revision '{rev}'"):
        gitio.load_revision(str(repo.data), rev)


@pytest.mark.parametrize("rev", ["--output=/tmp/pwned", "-p", "--exec=touch x", "-"])
def test_a_revision_starting_with_a_dash_never_reaches_git(repo, monkeypatch, rev):
    calls = []
    real_popen = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: calls.append(a) or real_popen(*a, **k))
    with pytest.raises(DealtrackError, match="never starts with '-'"):
        gitio.load_revision(str(repo.data), rev)
    assert calls == []


def test_blobs_are_read_by_one_cat_file_process_for_both_revisions(repo, monkeypatch):
    started = []
    real_popen = subprocess.Popen

    def popen(args, *rest, **kwargs):
        started.append(args)
        return real_popen(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)  # subprocess.run goes through it too
    monkeypatch.setenv("DEALTRACK_JOBS", "1")         # both sides here, where the spy sees them
    from dealtrack.cli.diff import compare

    compare(str(repo.data), ["HEAD", "HEAD"])
    commands = [[a for a in args if not a.startswith("-c") and "=" not in a] for args in started]
    cat_files = [a for a in commands if a[:2] == ["git", "cat-file"]]
    assert len(cat_files) == 1
    # rev-parse --show-toplevel, then per revision rev-parse and ls-tree, and one cat-file
    # for both: nothing per file.
    assert len(started) == 6


def test_the_dataset_folder_is_found_relative_to_the_top_level(repo, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(repo.data / "pk")
    found = gitio.find_repo("..")
    assert found.prefix == "deals/"
    loaded = gitio.load_revision("..", "HEAD")
    assert "ussm-fwo-critical-minerals-2025" in loaded.dataset.by_id("deals")
    monkeypatch.chdir(elsewhere)
    with pytest.raises(DealtrackError, match="not inside a git repository"):
        gitio.find_repo(".")


def test_a_dataset_folder_missing_at_the_revision_is_an_error(repo):
    (repo.top / "other").mkdir()
    (repo.top / "other" / "parties.yaml").write_text("[]\n")
    with pytest.raises(DealtrackError, match="other does not exist at revision 'HEAD'"):
        gitio.load_revision(str(repo.top / "other"), "HEAD")


def test_a_committed_file_name_with_escape_codes_is_reported_escaped_not_printed(tmp_path):
    """A name holding ESC would drive the reader's terminal; it is refused, shown escaped."""
    repo = make_repo(tmp_path)
    repo.path("pk/evil\x1b[2J.yaml").write_text("id: x\n", encoding="utf-8")
    repo.commit("evil")
    loaded = gitio.load_revision(str(repo.data), "HEAD")
    shown = [d for d in loaded.diagnostics if d.code == "DT001"]
    assert len(shown) == 1
    assert "\x1b" not in shown[0].loc.path and "\\x1b" in shown[0].loc.path
