"""`dealtrack textconv` and `dealtrack git-setup`: plain `git diff` shows data, not layout."""

from __future__ import annotations

import os
import sys

import pytest

from conftest import REPO, SHIPPED
from gitrepo import USSM, make_repo


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path)


def test_textconv_prints_records_canonically_without_comments(run, tmp_path):
    deal = tmp_path / "x-2025.yaml"
    deal.write_text("# a comment\ntitle: X\nid: x-2025\nvalue: USD 1,500,000,000\n")
    result = run("textconv", str(deal))
    assert result.exit_code == 0
    assert result.stdout == "id: x-2025\ntitle: X\nvalue: USD 1.5 billion\n"


def test_textconv_reads_git_temporary_copies_of_registries(run, tmp_path):
    copy = tmp_path / "Ab12Cd_parties.yaml"
    copy.write_bytes((SHIPPED / "parties.yaml").read_bytes())
    result = run("textconv", str(copy))
    assert result.exit_code == 0
    assert result.stdout.startswith("- id: ussm\n  name: US Strategic Metals\n")
    assert "#" not in result.stdout


def test_textconv_shows_an_unreadable_file_as_it_is(run, tmp_path):
    broken = tmp_path / "y.yaml"
    broken.write_text("id: [oops\n")
    result = run("textconv", str(broken))
    assert result.exit_code == 0
    assert result.stdout.startswith("# dealtrack textconv: shown as is (DT010")
    assert result.stdout.endswith("id: [oops\n")


def test_git_setup_asks_first_and_changes_nothing_without_consent(run, repo):
    result = run("git-setup", cwd=repo.top)
    assert result.exit_code == 2
    assert "will git config --local diff.dealtrack.textconv" in result.stderr
    assert "run it with --yes" in result.stderr
    assert not (repo.top / ".gitattributes").exists()
    assert "dealtrack" not in repo.git("config", "--local", "--list")


def test_git_setup_wires_git_diff_to_textconv(run, repo, monkeypatch):
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep
                       + os.environ.get("PATH", ""))
    (repo.top / ".gitattributes").write_text("# keep me\n*.png binary\n")
    result = run("git-setup", "--yes", cwd=repo.top)
    assert result.exit_code == 0, result.stderr
    attributes = (repo.top / ".gitattributes").read_text()
    assert attributes == ("# keep me\n*.png binary\ndeals/**/*.yaml diff=dealtrack\n"
                          "deals/**/*.yml diff=dealtrack\n")
    assert "textconv" in repo.git("config", "--local", "diff.dealtrack.textconv")
    # A comment-only edit and a key reorder vanish from git diff; a real change reads as data.
    path = repo.path(USSM)
    text = path.read_text().replace("# The three phases", "# Three phases")
    text = text.replace("value: USD 500 million\n", "").replace(
        "host: PK\n", "host: PK\nvalue: USD 500,000,000\n")
    path.write_text(text)
    assert repo.git("diff", "--", f"deals/{USSM}") == ""
    path.write_text(text.replace("status: signed", "status: in-force"))
    shown = repo.git("diff", "--", f"deals/{USSM}")
    assert "-status: signed\n+status: in-force\n" in shown
    again = run("git-setup", cwd=repo.top)
    assert again.exit_code == 0 and "already set up" in again.stderr


def test_a_value_that_failed_to_read_is_left_out_not_replaced_by_a_default(run):
    """`status: sigend` must not show up as some default status in a git diff."""
    case = REPO / "tests" / "cases" / "invalid" / "bad-enum-status" / "pk" / "ussm-fwo-2025.yaml"
    result = run("textconv", str(case))
    assert "title: USSM–FWO critical minerals MoU" in result.stdout
    assert "status:" not in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_textconv_refuses_a_fifo_without_waiting_for_a_writer(run, tmp_path):
    fifo = tmp_path / "deal.yaml"
    os.mkfifo(fifo)
    result = run("textconv", str(fifo))
    assert result.exit_code == 2
    assert "is not a regular file; not read" in result.stderr
