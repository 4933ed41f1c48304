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
                           "complete", "diagnostics"}
    assert report["complete"] is True
    assert report["old"]["label"] == "HEAD" and len(report["old"]["commit"]) == 40
    assert report["new"] == {"label": "working tree", "commit": None}
    assert report["summary"] == {"added": 0, "removed": 0, "changed": 1, "moved": 0,
                                 "unreadable": 0}
    record = report["records"][0]
    assert record["fields"][0] == {"field": "status", "change": "changed", "old": "signed",
                                   "new": "in-force", "added": [], "removed": []}
    assert record["value"]["new"] == {"currency": "USD", "low": "1500000000",
                                      "high": "1500000000", "qualifier": "exact",
                                      "text": "USD 1.5 billion"}
    assert report["effects"]["computed"] is True and report["effects"]["reason"] is None
    us = next(p for p in report["effects"]["partners"] if p["key"] == ["US"])
    assert us["value"]["new"] == {"low": "1500000000", "high": "1500000000",
                                  "currency": "USD", "qualifier": "exact"}
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
    assert result.exit_code == 1        # bad data: exit 1, as every command gives for it
    assert "value: USD 500 million → USD 600 million" in result.stdout
    # The deal's file is there but fails to read: it was not removed.
    assert "- deal pk-cn-b2b-mous-2025" not in result.stdout
    assert "! deal pk-cn-b2b-mous-2025" in result.stdout
    assert "    unreadable at HEAD, line 2: DT010 " in result.stdout
    assert "Effect on totals (USD): not computed: HEAD has 1 error (DT010)" \
        in result.stdout
    assert "Totals by partner" not in result.stdout
    assert result.stdout.rstrip().endswith("1 changed, 1 unreadable")
    broken = next(line for line in result.stderr.splitlines() if "DT010" in line)
    assert broken.startswith(f"HEAD:deals/{B2B}:2:")
    assert "HEAD: the dataset does not load cleanly" in result.stderr
    assert "HEAD~1: the dataset" not in result.stderr


def _widest(text: str) -> int:
    from rich.cells import cell_len

    return max(cell_len(line) for line in text.splitlines())


def test_a_file_that_breaks_is_unreadable_not_removed_and_back_is_not_added(run, repo):
    repo.edit(B2B, "sectors:", "title: [unclosed\nsectors:")
    repo.commit("Break the B2B file")
    repo.edit(B2B, "title: [unclosed\nsectors:", "sectors:")
    repo.commit("Fix it")
    broke = run("diff", "HEAD~2", "HEAD~1", "--exit-code", "--data", str(repo.data))
    assert broke.exit_code == 1
    assert "! deal pk-cn-b2b-mous-2025" in broke.stdout
    assert "unreadable at HEAD~1, line " in broke.stdout
    assert "- deal" not in broke.stdout and "→ none" not in broke.stdout
    assert "not computed" in broke.stdout and "CN:" not in broke.stdout
    fixed = run("diff", "HEAD~1", "HEAD", "-f", "json", "--data", str(repo.data))
    assert fixed.exit_code == 1
    report = json.loads(fixed.stdout)
    assert report["summary"] == {"added": 0, "removed": 0, "changed": 0, "moved": 0,
                                 "unreadable": 1}
    record = report["records"][0]
    assert (record["change"], record["unreadable"]) == ("unreadable", "old")
    assert record["diagnostics"][0]["code"] == "DT010"
    assert record["diagnostics"][0]["path"] == f"HEAD~1:deals/{B2B}"
    assert report["effects"]["computed"] is False
    assert report["effects"]["reason"].startswith("HEAD~1 has 1 error (DT010)")
    assert report["effects"]["partners"] == [] and report["complete"] is False


def test_a_deleted_file_is_still_a_removal(run, repo):
    repo.path(B2B).unlink()
    repo.edit("events.yaml", "  deals: [pk-cn-b2b-mous-2025]\n", "")
    result = run("diff", "--data", str(repo.data))
    assert result.exit_code == 0, result.stderr
    assert "- deal pk-cn-b2b-mous-2025" in result.stdout
    assert "unreadable" not in result.stdout
    assert "    CN: USD 4.2 billion → none; share 89.4 % → none\n" in result.stdout
    # US's value did not move (only its share of a smaller total): not listed; the grand
    # total's change is: 4.7 bn → 0.5 bn
    assert "US:" not in result.stdout
    assert "Total (USD): USD 4.7 billion → USD 500 million\n" in result.stdout


def test_a_figure_without_a_rate_makes_the_effects_not_computable(run, repo):
    repo.edit(B2B, "value: USD 4.2 billion", "value: PKR 1,200,000,000,000")
    result = run("diff", "--data", str(repo.data))
    assert result.exit_code == 1                          # as totals and shares give for DT401
    assert "    value: USD 4.2 billion → PKR 1.2 trillion\n" in result.stdout
    assert ("Effect on totals (USD): not computed: no exchange rate to USD for 1 figure\n"
            "    (DT401); see stderr\n") in result.stdout
    assert "→ none" not in result.stdout and "100" not in result.stdout
    assert f"deals/{B2B}:" in result.stderr and "DT401 no exchange rate from PKR to USD" \
        in result.stderr
    report = json.loads(run("diff", "-f", "json", "--data", str(repo.data)).stdout)
    effects = report["effects"]
    assert effects["computed"] is False and effects["partners"] == []
    assert effects["reason"] == "no exchange rate to USD for 1 figure (DT401)"
    assert [(d["side"], d["code"], d["path"]) for d in effects["diagnostics"]] == [
        ("new", "DT401", str(repo.data / B2B))]
    assert effects["total"] == {"old": None, "new": None}


def test_a_duplicated_id_is_matched_by_file_and_never_double_counted(run, repo):
    copy = repo.path("dup/ussm-fwo-critical-minerals-2025.yaml")
    copy.parent.mkdir()
    copy.write_text(repo.path(USSM).read_text().replace("value: USD 500 million",
                                                        "value: USD 9 billion"))
    result = run("diff", "--data", str(repo.data))
    assert result.exit_code == 1
    out = result.stdout
    # The original did not move or change; the copy is the addition.
    assert "+ deal ussm-fwo-critical-minerals-2025" in out
    assert "~ deal" not in out and "> deal" not in out and "moved" not in out
    assert "matched by file:\n        dup/ussm-fwo-critical-minerals-2025.yaml" in out
    assert "not computed: working tree has 1 error (DT201)" in out
    assert "billion" not in out                                 # no doubled totals
    assert "DT201 duplicate deal id 'ussm-fwo-critical-minerals-2025'" in result.stderr
    report = json.loads(run("diff", "-f", "json", "--data", str(repo.data)).stdout)
    assert [(r["change"], r["path"]["new"], r["duplicate"]) for r in report["records"]] == [
        ("added", "dup/ussm-fwo-critical-minerals-2025.yaml", True)]


def test_a_total_that_becomes_about_says_so_in_every_view(run, repo):
    repo.edit(B2B, "value: USD 4.2 billion", "value: about USD 4.2 billion")
    text = run("diff", "--data", str(repo.data))
    assert text.exit_code == 0, text.stderr
    assert "    CN: USD 4.2 billion → ~USD 4.2 billion; share 89.4 % → 89.4 %\n" \
        in text.stdout
    md = run("diff", "-f", "markdown", "--data", str(repo.data)).stdout
    assert "| partner CN | USD 4.2 billion | \\~USD 4.2 billion |" in md
    report = json.loads(run("diff", "-f", "json", "--data", str(repo.data)).stdout)
    cn = next(p for p in report["effects"]["partners"] if p["key"] == ["CN"])
    assert cn["value"]["old"]["qualifier"] == "exact"
    assert cn["value"]["new"] == {"low": "4200000000", "high": "4200000000",
                                  "currency": "USD", "qualifier": "about"}
    assert report["effects"]["total"]["new"]["qualifier"] == "about"


def test_reserve_shares_read_as_in_the_shares_view(run, repo):
    _upgrade_ussm(repo)
    diff = run("diff", "--data", str(repo.data))
    shares = run("shares", "--data", str(repo.data), "--today", "2026-11-26")
    assert shares.exit_code == 0, shares.stderr
    total = next(line for line in shares.stdout.splitlines() if line.startswith("total"))
    shown = " ".join(total.split("USD 1.5 billion")[1].split()[:3])
    assert shown == "0.0188 %–0.0250 %"         # 1.5e9 / 8e12 = 0.01875 %, to three figures
    words = " ".join(diff.stdout.split())       # the line may wrap
    assert f"pk-rare-earths: USD 500 million → USD 1.5 billion; share 0.00625 %–0.00833 % " \
           f"→ {shown}" in words                # not 0.0062–0.0083 % → 0.019–0.025 %
    assert "100.0 %" not in diff.stdout


def test_every_line_fits_80_columns(run, repo):
    repo.move(B2B, "pakistan/china/joint-ventures/pk-cn-b2b-mous-2025.yaml")
    _upgrade_ussm(repo)
    result = run("diff", "--data", str(repo.data))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert _widest(out) <= 80, out
    assert (f"    moved: {B2B}\n"
            "        → pakistan/china/joint-ventures/pk-cn-b2b-mous-2025.yaml\n") in out
    assert ("    pk-rare-earths: USD 500 million → USD 1.5 billion; share 0.00625 %–0.00833 %"
            "\n        → ") in out


RATE = ("- {{date: 2025-09-01, from: PKR, to: USD, rate: {rate}, "
        "sources: [{{source: babar-2025}}]}}\n")


def test_a_change_of_rate_alone_is_said_and_named(run, repo):
    # PKR 141 billion at 0.0036 = USD 507.6 million; at 0.0035 = USD 493.5 million
    repo.edit(USSM, "value: USD 500 million", "value: PKR 141 billion")
    repo.path("rates.yaml").write_text(RATE.format(rate="0.0036"), encoding="utf-8")
    repo.commit("USSM in rupees")
    repo.path("rates.yaml").write_text(RATE.format(rate="0.0035"), encoding="utf-8")
    result = run("diff", "--data", str(repo.data))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Total (USD): USD 4.71 billion → USD 4.69 billion" in out   # 4.2 bn + each
    assert "US: USD 508 million → USD 494 million; share 10.8 % → 10.5 % (only the " \
        "exchange rate changed: see Rates)" in " ".join(out.split())
    assert "ussm-fwo-critical-minerals-2025: 1 PKR = 0.0036 USD (rate of 1 Sep 2025) → " \
        "1 PKR = 0.0035 USD (rate of 1 Sep 2025)" in " ".join(out.split())
    assert "CN:" not in out                         # its value did not move
    assert all(line == line.rstrip() for line in out.splitlines())
    doc = json.loads(run("diff", "--data", str(repo.data), "-f", "json").stdout)
    [us] = doc["effects"]["partners"]
    assert us["rate_only"] is True and us["value"]["new"]["low"] == "493500000"
    assert [r["record"] for r in doc["effects"]["rates"]] == [
        "ussm-fwo-critical-minerals-2025"]


def test_markdown_quotes_are_never_cut(run, repo):
    long = ("the $500 million Memorandum of Understanding (MoU) between Pakistan and US, "
            "signed in Islamabad, with a view to increasing cooperation in the critical "
            "minerals sector and processing")
    repo.edit(USSM, "the $500 million Memorandum of Understanding (MoU) between Pakistan and\n"
              "      US with a view to increasing cooperation in the critical minerals sector.",
              long)
    md = run("diff", "--data", str(repo.data), "--format", "markdown").stdout
    assert "…" not in md
    assert "signed in Islamabad, with a view to increasing cooperation in the critical " \
        "minerals sector and processing" in md


def test_components_history_stakes_and_relations_change_in_the_datas_own_terms(run, repo):
    """Format 1.1 in diff and log: a lender joining, a history entry, a stake, a relation."""
    repo.edit(USSM, "status: signed\ndates:\n  signed: 2025-09-08",
              "status: signed\nhistory:\n  - {date: 2025-09-08, status: signed}")
    repo.edit(USSM, "    role: investor", "    role: investor\n    stake: 10%")
    repo.edit(USSM, "value: USD 500 million", "value: USD 500 million\ncomponents:\n"
              "  - {kind: equity, party: ussm, value: USD 500 million}")
    repo.commit("components")
    repo.edit(USSM, "  - {date: 2025-09-08, status: signed}",
              "  - {date: 2025-09-08, status: signed}\n"
              "  - {date: 2025-10-01, status: stalled, note: talks paused}")
    repo.edit(USSM, "status: signed\nhistory", "status: stalled\nhistory")
    repo.edit(USSM, "stake: 10%", "stake: about 15%")
    repo.edit(USSM, "  - {kind: equity, party: ussm, value: USD 500 million}",
              "  - {kind: equity, party: ussm, value: USD 500 million}\n"
              "  - {kind: guarantee, party: fwo, note: land access}")
    repo.edit(B2B, "host: PK", "host: PK\npart-of: ussm-fwo-critical-minerals-2025")
    result = run("diff", cwd=repo.top)
    out = " ".join(result.stdout.split())
    assert "history: + 2025-10-01 stalled — talks paused" in out
    assert "parties: + ussm (investor, stake about 15%), - ussm (investor, stake 10%)" in out
    assert "components: + guarantee from fwo — land access" in out
    assert "part-of: + ussm-fwo-critical-minerals-2025" in out or \
        "part-of: ussm-fwo-critical-minerals-2025" in out
    repo.commit("stalled")
    log = run("log", "ussm-fwo-critical-minerals-2025", cwd=repo.top)
    assert log.exit_code == 0, log.stderr
    assert "components: + guarantee from fwo" in " ".join(log.stdout.split())
