"""`dealtrack diff` against real git repositories: views, exit codes, hostile arguments."""

from __future__ import annotations

import json

import pytest

from gitrepo import B2B, USSM, make_repo


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path)


def _upgrade_ussm(repo):
    repo.edit(USSM, "status: signed", "status: in-force")
    repo.edit(USSM, "  signed: 2025-09-08", "  signed: 2025-09-08\n  in-force: 2025-10-01")
    repo.edit(USSM, "value: USD 500 million", "value: USD 1.5 billion")


def test_default_compares_head_with_the_working_tree(run, repo):
    _upgrade_ussm(repo)
    result = run("diff", cwd=repo.top)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("HEAD → working tree\n")
    assert "~ deal ussm-fwo-critical-minerals-2025 — USSM–FWO critical minerals MoU" in out
    assert "    status: signed → in-force\n" in out
    assert "    value: USD 500 million → USD 1.5 billion\n" in out
    assert "    US: USD 500 million → USD 1.5 billion; share 10.6 % → 26.3 %\n" in out
    assert out.rstrip().endswith("1 changed")
    assert result.stderr == ""


def test_exit_code_is_1_with_changes_and_0_without(run, repo):
    clean = run("diff", "--exit-code", cwd=repo.top)
    assert clean.exit_code == 0 and "no changes" in clean.stdout
    _upgrade_ussm(repo)
    assert run("diff", "--exit-code", cwd=repo.top).exit_code == 1
    assert run("diff", cwd=repo.top).exit_code == 0


def test_two_revisions_and_a_move(run, repo):
    repo.move(B2B, "cn/pk-cn-b2b-mous-2025.yaml")
    first = repo.commit("Move the B2B bundle")
    _upgrade_ussm(repo)
    repo.commit("USSM MoU in force")
    result = run("diff", "HEAD~2", first, "--data", str(repo.data))
    assert result.exit_code == 0, result.stderr
    assert "> deal pk-cn-b2b-mous-2025" in result.stdout
    assert f"moved: {B2B} → cn/pk-cn-b2b-mous-2025.yaml" in result.stdout
    assert "ussm" not in result.stdout.split("moved:")[1]  # the later commit is not included
    assert "+ deal" not in result.stdout and "- deal" not in result.stdout


def test_json_is_documented_and_exact(run, repo):
    _upgrade_ussm(repo)
    result = run("diff", "--format", "json", cwd=repo.top)
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert set(report) == {"version", "old", "new", "summary", "records", "effects",
                           "diagnostics"}
    assert report["old"]["label"] == "HEAD" and len(report["old"]["commit"]) == 40
    assert report["new"] == {"label": "working tree", "commit": None}
    assert report["summary"] == {"added": 0, "removed": 0, "changed": 1, "moved": 0}
    record = report["records"][0]
    assert record["fields"][0] == {"field": "status", "change": "changed", "old": "signed",
                                   "new": "in-force", "added": [], "removed": []}
    assert record["value"]["new"] == {"currency": "USD", "low": "1500000000",
                                      "high": "1500000000", "qualifier": "exact",
                                      "text": "USD 1.5 billion"}
    us = next(p for p in report["effects"]["partners"] if p["key"] == ["US"])
    assert us["value"]["new"] == {"low": "1500000000", "high": "1500000000"}
    assert us["share"]["old"]["low"].startswith("0.106")


def test_markdown_is_ready_for_a_pull_request(run, repo):
    _upgrade_ussm(repo)
    result = run("diff", "-f", "markdown", cwd=repo.top)
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("### dealtrack diff: `HEAD` → `working tree`")
    assert "- deal `ussm-fwo-critical-minerals-2025` — USSM–FWO critical minerals MoU" in md
    assert "  - value: USD 500 million → USD 1.5 billion" in md
    assert "| partner US | USD 500 million | USD 1.5 billion | 10.6 % | 26.3 % |" in md


@pytest.mark.parametrize("args", [["--", "--output=/tmp/x"], ["--", "-p"], ["HEAD", "--", "-q"]])
def test_arguments_starting_with_a_dash_are_refused(run, repo, args):
    result = run("diff", *args, cwd=repo.top)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("dealtrack: error: '-")
    assert "never starts with '-'" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_an_option_like_revision_without_separator_is_a_usage_error(run, repo):
    result = run("diff", "--upload-pack=touch /tmp/x", cwd=repo.top)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("rev", ["nosuch", "HEAD~9"])
def test_a_bad_revision_is_one_line_and_exit_2(run, repo, rev):
    result = run("diff", rev, cwd=repo.top)
    assert result.exit_code == 2
    assert result.stderr == f"dealtrack: error: unknown revision '{rev}': no such commit in " \
                            f"{repo.top.resolve()}\n"


def test_outside_a_repository_is_one_line_and_exit_2(run, tmp_path):
    (tmp_path / "deals").mkdir()
    result = run("diff", cwd=tmp_path)
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr


def test_a_broken_revision_reports_diagnostics_on_stderr_and_still_diffs(run, repo):
    repo.path(B2B).write_text("id: pk-cn-b2b-mous-2025\ntitle: [oops\n")
    repo.edit(USSM, "value: USD 500 million", "value: USD 600 million")
    repo.commit("Broken file")
    result = run("diff", "HEAD~1", "HEAD", "--data", str(repo.data))
    assert result.exit_code == 0
    assert "value: USD 500 million → USD 600 million" in result.stdout
    assert "- deal pk-cn-b2b-mous-2025" in result.stdout
    broken = next(line for line in result.stderr.splitlines() if "DT010" in line)
    assert broken.startswith(f"HEAD:deals/{B2B}:2:")
    assert "HEAD: the dataset does not load cleanly" in result.stderr
    assert "HEAD~1: the dataset" not in result.stderr
