"""`dealtrack log ID`: the commits that changed one record, following moves."""

from __future__ import annotations

import json

import pytest

from gitrepo import B2B, USSM, make_repo


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path)


def test_log_follows_a_deal_through_moves_and_changes(run, repo):
    repo.move(USSM, "pakistan/ussm-fwo-critical-minerals-2025.yaml")
    repo.commit("Move Pakistan deals", author="Bo Reviewer <bo@example.org>")
    repo.edit("pakistan/ussm-fwo-critical-minerals-2025.yaml", "value: USD 500 million",
              "value: USD 1.5 billion")
    repo.commit("USSM value revised")
    repo.edit(B2B, "count: 21", "count: 22")
    repo.commit("Unrelated change")
    result = run("log", "ussm-fwo-critical-minerals-2025", cwd=repo.top)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.index("USSM value revised") < out.index("Move Pakistan deals") \
        < out.index("Shipped dataset")
    assert "Unrelated change" not in out
    assert "    value: USD 500 million → USD 1.5 billion" in out
    # Too long for 80 columns on one line: the new path goes under the old one.
    assert (f"    moved: {USSM}\n        → pakistan/ussm-fwo-critical-minerals-2025.yaml\n"
            in out)
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Bo Reviewer" in out
    assert out.rstrip().endswith("3 commits changed deal ussm-fwo-critical-minerals-2025")


def test_log_of_a_registry_record_skips_commits_that_left_it_alone(run, repo):
    repo.edit("parties.yaml", "  name: US Strategic Metals", "  name: United States Strategic Metals")
    repo.commit("Rename USSM")
    repo.edit("parties.yaml", "  name: Frontier Works Organisation", "  name: FWO")
    repo.commit("Rename FWO")
    result = run("log", "ussm", "--kind", "party", "--format", "json", cwd=repo.top)
    assert result.exit_code == 0, result.stderr
    # --type, the former spelling, still works (hidden from --help).
    former = run("log", "ussm", "--type", "party", "--format", "json", cwd=repo.top)
    assert former.stdout == result.stdout
    assert "--type" not in run("log", "--help").stdout
    report = json.loads(result.stdout)
    assert [e["subject"] for e in report["entries"]] == ["Rename USSM", "Shipped dataset"]
    first = report["entries"][0]
    assert first["type"] == "party" and first["author"] == "Ada Analyst"
    assert first["fields"] == [{"field": "name", "change": "changed",
                                "old": "US Strategic Metals",
                                "new": "United States Strategic Metals",
                                "added": [], "removed": []}]
    assert len(first["commit"]) == 40 and first["date"][:4].isdigit()


def test_an_unknown_id_is_one_line_and_exit_2(run, repo):
    result = run("log", "no-such-deal", cwd=repo.top)
    assert result.exit_code == 2
    assert result.stderr.startswith("dealtrack: error: no commit reachable from HEAD changed")
    assert len(result.stderr.splitlines()) == 1


def test_a_hostile_start_revision_is_refused(run, repo):
    result = run("log", "ussm", "--rev", "--output=/tmp/x", cwd=repo.top)
    assert result.exit_code == 2
    assert "never starts with '-'" in result.stderr


def test_a_commit_that_breaks_the_file_is_unreadable_not_a_removal(run, repo):
    repo.edit(B2B, "sectors:", "title: [unclosed\nsectors:")
    repo.commit("Break the B2B file")
    repo.edit(B2B, "title: [unclosed\nsectors:", "sectors:")
    repo.commit("Fix the B2B file")
    result = run("log", "pk-cn-b2b-mous-2025", cwd=repo.top)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "removed" not in out
    assert out.count("+ added deal pk-cn-b2b-mous-2025") == 1     # only in the first commit
    fixed, broke = out.split("Fix the B2B file")[1].split("Break the B2B file")
    assert "! unreadable deal pk-cn-b2b-mous-2025" in fixed
    assert "unreadable before this commit, line " in fixed
    assert "unreadable after this commit, line " in broke
    report = json.loads(run("log", "pk-cn-b2b-mous-2025", "-f", "json", cwd=repo.top).stdout)
    assert [(e["subject"], e["change"], e.get("unreadable")) for e in report["entries"]] == [
        ("Fix the B2B file", "unreadable", "old"), ("Break the B2B file", "unreadable", "new"),
        ("Shipped dataset", "added", None)]
    assert report["entries"][1]["diagnostics"][0]["code"] == "DT010"


def test_log_lines_fit_80_columns(run, repo):
    from rich.cells import cell_len

    repo.move(USSM, "pakistan/critical-minerals/ussm-fwo-critical-minerals-2025.yaml")
    repo.commit("Move the USSM memorandum of understanding into the critical minerals folder",
                author="Bartholomew Reviewer-Longname <bo@example.org>")
    result = run("log", "ussm-fwo-critical-minerals-2025", cwd=repo.top)
    assert result.exit_code == 0, result.stderr
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80, result.stdout
    words = " ".join(result.stdout.split())
    assert ("Bartholomew Reviewer-Longname Move the USSM memorandum of understanding into the "
            "critical minerals folder") in words
