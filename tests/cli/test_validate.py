"""`dealtrack validate` as people and CI use it: streams, formats, exit codes, PATHS."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, SHIPPED, TODAY, write

CASES = REPO / "tests" / "cases"


def test_shipped_dataset_is_clean(run):
    result = run("validate", "--data", str(SHIPPED), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "no problems" in result.stderr


def test_default_data_folder_is_deals_in_the_current_directory(run):
    result = run("validate", "--today", TODAY, cwd=REPO)
    assert result.exit_code == 0, result.stderr
    assert "files checked" in result.stderr


def test_findings_go_to_stderr_as_path_line_col(run):
    result = run("validate", "--data", "unknown-key-typo", "--today", TODAY,
                 cwd=CASES / "invalid")
    assert result.exit_code == 1
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first == ("unknown-key-typo/pk/ussm-fwo-2025.yaml:18:1: DT101 unknown key 'stauts' "
                     "in a deal")
    assert "did you mean 'status'?" in result.stderr


def test_json_report_is_on_stdout_and_complete(run):
    result = run("validate", "--data", "unresolved-references", "--format", "json",
                 "--today", TODAY, cwd=CASES / "invalid")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["report"], report["version"]) == ("validate", 1)
    assert report["summary"] == {"errors": 4, "warnings": 0}
    first = report["diagnostics"][0]
    assert set(first) == {"path", "line", "column", "code", "severity", "message", "hint",
                          "related"}
    assert {d["message"] for d in report["diagnostics"]} >= {"unknown party 'usm'",
                                                              "unknown source 'babar-2052'"}


def test_duplicate_ids_name_both_places_in_json(run):
    result = run("validate", "--data", "duplicate-ids", "--format", "json", "--today", TODAY,
                 cwd=CASES / "invalid")
    report = json.loads(result.stdout)
    party = next(d for d in report["diagnostics"] if "party id" in d["message"])
    assert (party["line"], party["related"][0]["line"]) == (14, 6)


def test_github_annotations(run):
    result = run("validate", "--data", "bad-enum-status", "--format", "github", "--today", TODAY,
                 cwd=CASES / "invalid")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "::error file=bad-enum-status/pk/ussm-fwo-2025.yaml,line=4,col=9,title=DT104::")
    assert "bad-enum-status/pk/ussm-fwo-2025.yaml:4:9: DT104" in result.stderr


def test_warnings_fail_only_with_strict(run):
    args = ("validate", "--data", "warning-figure-without-quote", "--today", TODAY)
    assert run(*args, cwd=CASES / "valid").exit_code == 0
    strict = run(*args, "--strict", cwd=CASES / "valid")
    assert strict.exit_code == 1
    assert "DT302" in strict.stderr


def test_select_and_ignore_by_code_or_prefix(run):
    args = ("validate", "--data", "unresolved-references", "--today", TODAY)
    ignored = run(*args, "--ignore", "DT2", cwd=CASES / "invalid")
    assert ignored.exit_code == 0
    assert "DT202" not in ignored.stderr
    selected = run(*args, "--select", "DT202", cwd=CASES / "invalid")
    assert selected.exit_code == 1
    assert selected.stderr.count("DT202") == 4


def test_unknown_rule_code_is_a_usage_error(run):
    result = run("validate", "--data", str(SHIPPED), "--select", "DT999")
    assert result.exit_code == 2
    assert result.stderr.startswith("dealtrack: error: --select: no rule code starts with")
    assert len(result.stderr.strip().splitlines()) == 1


def test_future_dates_follow_today(run, tmp_path):
    shutil.copytree(CASES / "invalid" / "future-date", tmp_path / "d")
    assert run("validate", "--data", str(tmp_path / "d"), "--today", "2026-11-26").exit_code == 1
    assert run("validate", "--data", str(tmp_path / "d"), "--today", "2027-01-05").exit_code == 0


def test_bad_today_is_a_usage_error(run):
    result = run("validate", "--data", str(SHIPPED), "--today", "yesterday")
    assert result.exit_code == 2
    assert "--today takes a date as YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize("target", ["no-such-folder", "deals/parties.yaml"])
def test_missing_or_non_folder_root_is_one_line_exit_2(run, target):
    result = run("validate", "--data", target, cwd=REPO)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("dealtrack: error: ")
    assert "Traceback" not in result.stderr


def test_data_from_environment(run, monkeypatch):
    monkeypatch.setenv("DEALTRACK_DATA", "unknown-key-typo")
    from typer.testing import CliRunner

    from dealtrack.cli.app import app

    import os
    old = os.getcwd()
    os.chdir(CASES / "invalid")
    try:
        result = CliRunner().invoke(app, ["validate", "--today", TODAY])
    finally:
        os.chdir(old)
    assert result.exit_code == 1
    assert "stauts" in result.stderr


def test_paths_come_first_but_the_whole_dataset_must_validate(run, tmp_path):
    root = shutil.copytree(CASES / "invalid" / "unresolved-references", tmp_path / "d")
    deal = root / "pk" / "ussm-fwo-2025.yaml"
    full = run("validate", "--data", str(root), "--today", TODAY)
    result = run("validate", "--data", str(root), "--today", TODAY, str(deal))
    assert result.exit_code == full.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if ": DT" in line]
    assert "unknown party 'usm'" in lines[0] and lines[0].startswith(str(deal))
    assert any("events.yaml" in line for line in lines)    # the others follow
    assert sorted(lines) == sorted(line for line in full.stderr.splitlines() if ": DT" in line)
    assert "outside the 1 named file" in result.stderr
    # A file that is clean itself does not let a broken dataset through.
    result = run("validate", "--data", str(root), "--today", TODAY, str(root / "parties.yaml"))
    assert result.exit_code == 1


def test_paths_outside_the_dataset_are_a_usage_error(run, tmp_path):
    outside = write(tmp_path, {"x.yaml": "a: 1\n"}) / "x.yaml"
    result = run("validate", "--data", str(SHIPPED), str(outside))
    assert result.exit_code == 2
    assert "is not inside the dataset folder" in result.stderr


def test_all_problems_in_all_files_in_one_run(run, tmp_path):
    root = tmp_path / "d"
    for name in ("unknown-key-typo", "bad-country-code", "yaml11-boolean"):
        shutil.copytree(CASES / "invalid" / name, root / name)
        for registry in ("parties.yaml", "sources.yaml"):
            (root / name / registry).unlink()
        (root / name / "pk" / "ussm-fwo-2025.yaml").rename(
            root / name / "pk" / f"ussm-fwo-2025-{name}.yaml")
    shutil.copy(CASES / "invalid" / "unknown-key-typo" / "parties.yaml", root)
    shutil.copy(CASES / "invalid" / "unknown-key-typo" / "sources.yaml", root)
    result = run("validate", "--data", str(root), "--today", TODAY, "--select", "DT101,DT111,DT109")
    codes = [line.split(": ")[1].split()[0] for line in result.stderr.splitlines()
             if ": DT" in line]
    assert sorted(codes) == ["DT101", "DT109", "DT109", "DT111"]


def test_no_color_and_no_escape_codes_when_not_a_terminal(run):
    result = run("validate", "--data", "bad-enum-status", "--today", TODAY, cwd=CASES / "invalid")
    assert "\x1b[" not in result.stderr


@pytest.mark.parametrize("case", ["hostile-many-problems-in-one-file", "hostile-long-line",
                                  "control-character-in-title", "bad-country-code"])
def test_the_report_is_the_same_whether_rich_writes_it_or_not(run, monkeypatch, case):
    # Not a terminal: the lines are written without Rich. FORCE_COLOR makes Rich treat the
    # stream as a terminal and write them itself (NO_COLOR: unstyled); the bytes are the same.
    plain = run("validate", "--data", case, "--today", TODAY, cwd=CASES / "invalid")
    monkeypatch.setenv("FORCE_COLOR", "1")
    rich = run("validate", "--data", case, "--today", TODAY, cwd=CASES / "invalid")
    assert plain.exit_code == rich.exit_code == 1
    assert plain.stderr == rich.stderr and plain.stdout == rich.stdout == ""


def test_version_and_help_list_every_command(run):
    from dealtrack import __version__

    assert run("--version").stdout == f"dealtrack {__version__}\n"
    help_text = run("--help").stdout
    assert "validate" in help_text
