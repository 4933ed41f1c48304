"""``dealtrack import csv``: round trips through an export, spreadsheets through a mapping,
problems at their cell, all rows or none."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, TODAY, write
from exportdata import FORMULA, SCRIPT, ended, hostile, shipped  # noqa: F401 - fixtures

EXAMPLES = REPO / "docs" / "examples"


def _records(root):
    """Every deal as the format spells it (what diff compares), by id."""
    from dealtrack.canonical import record_data
    from dealtrack.load import load_dataset

    loaded = load_dataset(str(root))
    assert not loaded.errors, loaded.errors
    return {d.id: record_data("deals", d) for d in loaded.dataset.deals}


def _round_trip(run, root, tmp_path):
    out = tmp_path / "csv"
    if out.exists():
        shutil.rmtree(out)
    assert run("export", "-d", str(root), "-f", "csv", "-o", str(out), "--today", TODAY
               ).exit_code in (0, 1)
    before = _records(root)
    for deal in before:
        path = next(root.rglob(f"{deal}.yaml"))
        path.unlink()
    result = run("import", "csv", str(out), "--data", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    return before, _records(root)


def test_export_then_import_gives_the_same_records(run, ended, tmp_path):
    """Every deal comes back, the ended ones (exported though not counted) included."""
    before, after = _round_trip(run, ended, tmp_path)
    assert {"cancelled-plant-2025", "stalled-loan-2025"} <= set(after)
    assert after == before
    assert after["hostile-2025"]["title"] == FORMULA     # neutralised on export, restored


def test_round_trip_shows_no_change_in_dealtrack_diff(run, shipped, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "data"]):
        subprocess.run(["git", *args], cwd=shipped, env=env, check=True)
    _round_trip(run, shipped, tmp_path)
    diff = run("diff", "--data", str(shipped), "--exit-code", "--today", TODAY)
    assert diff.exit_code == 0, diff.stdout + diff.stderr


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
                min_size=1, max_size=40).filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_TEXT, summary=_TEXT, quote=_TEXT,
       low=st.decimals(min_value=0, max_value=10 ** 12, places=2, allow_nan=False),
       span=st.decimals(min_value=0, max_value=10 ** 9, places=0, allow_nan=False),
       qualifier=st.sampled_from(["", "about ", "up to ", "at least "]),
       date=st.sampled_from(["2024", "2024-05", "~2024-05-06", "~2023"]))
def test_round_trip_of_any_text_and_amount(run, tmp_path, title, summary, quote, low, span,
                                           qualifier, date):
    from dealtrack.canonical import scalar, spell_amount

    root = tmp_path / "d"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "deals", root)
    amount = spell_amount(low, low + span)
    write(root, {"xx/gen-1.yaml": (
        f"id: gen-1\ntitle: {scalar(title)}\ninstrument: loan\nstatus: signed\n"
        f"dates:\n  signed: {date}\nhost: PK\nparties:\n  - party: ussm\n    role: lender\n"
        f"value: {qualifier}USD {amount}\nsectors: [mining]\nsummary: {scalar(summary)}\n"
        f"sources:\n  - source: babar-2025\n    quote: {scalar(quote)}\n")})
    before, after = _round_trip(run, root, tmp_path)
    assert after == before


def test_a_spreadsheet_through_the_documented_mapping(run, shipped):
    result = run("import", "csv", str(EXAMPLES / "sheet.csv"), "--map",
                 str(EXAMPLES / "sheet-map.yaml"), "--data", str(shipped), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    record = _records(shipped)["example-refinery-2025"]
    assert record["parties"] == [{"party": "ussm", "role": "investor"},
                                 {"party": "fwo", "role": "host"}]
    assert record["dates"] == {"announced": "~2025-10"} and record["binding"] == "false"
    assert (shipped / "pk" / "example-refinery-2025.yaml").exists()
    validate = run("validate", "--data", str(shipped), "--today", TODAY)
    assert validate.exit_code == 0, validate.stdout


def _sheet(tmp_path, rows):
    path = tmp_path / "sheet.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Deal ID", "Deal", "Type", "Stage", "Announced", "Country", "Parties",
                         "Amount", "Sectors", "Source", "Quote"])
        writer.writerows(rows)
    return path


GOOD = ["good-2025", "Good", "loan", "announced", "2025-01", "PK", "ussm:lender", "",
        "mining", "babar-2025", ""]


def test_problems_name_file_row_and_column_and_nothing_is_written(run, shipped, tmp_path):
    bad = ["bad-2025", "Bad", "lone", "announced", "2025-13", "PK", "usm:lender",
           "USD 5 zillion", "mining", "babar-2025", ""]
    sheet = _sheet(tmp_path, [GOOD, bad])
    result = run("import", "csv", str(sheet), "--map", str(EXAMPLES / "sheet-map.yaml"),
                 "--data", str(shipped), "--today", TODAY)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(l.startswith(f"{sheet}:3:Type: DT104 ") for l in lines), lines
    assert any(l.startswith(f"{sheet}:3:Announced: DT106 ") for l in lines), lines
    assert any(l.startswith(f"{sheet}:3:Amount: DT107 ") for l in lines), lines
    assert any(l.startswith(f"{sheet}:3:Parties: DT2") and "usm" in l for l in lines), lines
    assert not list(shipped.rglob("good-2025.yaml"))      # all rows or none
    assert "nothing written" in result.stderr


def test_never_overwrites_a_deal_already_there(run, shipped, tmp_path):
    taken = GOOD[:]
    taken[0] = "ussm-fwo-critical-minerals-2025"
    original = (shipped / "pk" / "ussm-fwo-critical-minerals-2025.yaml").read_bytes()
    result = run("import", "csv", str(_sheet(tmp_path, [taken])), "--map",
                 str(EXAMPLES / "sheet-map.yaml"), "--data", str(shipped), "--today", TODAY)
    assert result.exit_code == 1 and "CSV003" in result.stderr
    assert (shipped / "pk" / "ussm-fwo-critical-minerals-2025.yaml").read_bytes() == original


def test_export_folder_problems_point_at_the_side_tables(run, shipped, tmp_path):
    out = tmp_path / "csv"
    run("export", "-d", str(shipped), "-f", "csv", "-o", str(out), "--today", TODAY)
    text = (out / "deal_parties.csv").read_text(encoding="utf-8")
    (out / "deal_parties.csv").write_text(text.replace(",ussm,", ",usmm,"), encoding="utf-8")
    for path in shipped.rglob("*.yaml"):
        if path.parent != shipped:
            path.unlink()
    result = run("import", "csv", str(out), "--data", str(shipped), "--today", TODAY)
    assert result.exit_code == 1
    assert f"{out / 'deal_parties.csv'}:" in result.stderr and ":party: DT2" in result.stderr
    assert not [p for p in shipped.rglob("*.yaml") if p.parent != shipped]


def test_usage_errors_are_one_line(run, shipped, tmp_path):
    sheet = _sheet(tmp_path, [GOOD])
    no_map = run("import", "csv", str(sheet), "--data", str(shipped))
    assert no_map.exit_code == 2 and "--map" in no_map.stderr
    bad_map = tmp_path / "m.yaml"
    bad_map.write_text("columns:\n  titel: Deal\n", encoding="utf-8")
    result = run("import", "csv", str(sheet), "--map", str(bad_map), "--data", str(shipped))
    assert result.exit_code == 2 and "CSV004" in result.stderr and "title" in result.stderr


FORMAT_1_1_KEYS = ("history", "host", "part-of", "follows", "disbursed", "components")


def _git_commit(root):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "data"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)


def test_format_1_1_round_trip(run, tmp_path):
    """Every format 1.1 key of the golden case leaves in the CSV export and comes back:
    host lists in their order, history (deal_history.csv; a deal with only history gets no
    dates), part-of, follows, a deal's own disbursed, party stakes and components (with
    their quotes: citations of record_type component, DEAL/POSITION). The records are
    equal and ``dealtrack diff --exit-code`` sees no change."""
    root = tmp_path / "deals"
    shutil.copytree(REPO / "tests" / "cases" / "valid" / "format-1-1", root)
    (root / "expected.txt").unlink()
    git = shutil.which("git") is not None
    if git:
        _git_commit(root)
    before, after = _round_trip(run, root, tmp_path)
    assert after == before
    covered = {key for record in before.values() for key in record}
    assert set(FORMAT_1_1_KEYS) <= covered
    assert any(isinstance(r["host"], list) for r in before.values())
    assert any("stake" in p for r in before.values() for p in r["parties"])
    assert "dates" not in after["reko-diq-finance-2025"]           # history only
    assert after["us-ukraine-fund-2025"]["dates"]                   # history and dates
    assert after["us-au-minerals-framework-2025"]["host"] == ["US", "AU"]   # file's order
    folder = tmp_path / "csv"
    assert "signing called off" in (folder / "deal_history.csv").read_text(encoding="utf-8")
    table = (folder / "deal_components.csv").read_text(encoding="utf-8")
    assert "us-exim" in table and "USD 300 million" in table and ",true," in table
    if git:
        diff = run("diff", "--data", str(root), "--exit-code", "--today", TODAY)
        assert diff.exit_code == 0, diff.stdout + diff.stderr


def test_format_1_1_registry_keys_are_exported(run, tmp_path):
    """Reserve supersedes, and the countries and reserves claims and events are about,
    are columns in every format (the registries are exported, not imported)."""
    import json
    import sqlite3

    root = REPO / "tests" / "cases" / "valid" / "format-1-1"
    out = tmp_path / "f.db"
    assert run("export", "-d", str(root), "-f", "sqlite", "-o", str(out), "--today", TODAY
               ).exit_code == 0
    db = sqlite3.connect(out)
    assert dict(db.execute("SELECT id, supersedes FROM reserves WHERE supersedes IS NOT NULL")
                ) == {"pk-copper-2025": "pk-copper-2022"}
    assert list(db.execute("SELECT countries, reserves FROM claims")) == [("PK", "pk-copper-2025")]
    assert list(db.execute("SELECT countries, reserves FROM events")) == [("EU", "eu-lithium")]
    assert list(db.execute("SELECT party, stake FROM deal_parties WHERE deal = "
                           "'maaden-mp-jv-2025'")) == [("maaden", "51%"), ("mp-materials", "49%")]
    assert list(db.execute("SELECT host, host_list, part_of, follows FROM deals WHERE id IN "
                           "('us-au-minerals-framework-2025', 'reko-diq-exim-2025', "
                           "'maaden-mp-jv-2025') ORDER BY id")) == [
        ("SA", None, None, "maaden-mp-mou-2025"), ("PK", None, "reko-diq-finance-2025", None),
        ("AU+US", "US; AU", None, None)]
    assert list(db.execute("SELECT disbursed_text, disbursed_low FROM deals WHERE id = "
                           "'reko-diq-exim-2025'")) == [("USD 300 million", "300000000")]
    jsonl = tmp_path / "f.jsonl"
    assert run("export", "-d", str(root), "-f", "jsonl", "-o", str(jsonl), "--today", TODAY
               ).exit_code == 0
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    history = [r for r in records if r.get("table") == "deal_history"]
    assert len(history) == 5, records[:3]


def test_superseded_and_nested_deals_are_exported_as_not_counted(run, tmp_path):
    import sqlite3

    root = tmp_path / "deals"
    shutil.copytree(REPO / "tests" / "cases" / "valid" / "format-1-1", root)
    out = tmp_path / "f.db"
    assert run("export", "-d", str(root), "-f", "sqlite", "-o", str(out), "--today", TODAY
               ).exit_code == 0
    db = sqlite3.connect(out)
    assert dict(db.execute("SELECT id, ended FROM deals WHERE NOT counted")) == {
        "reko-diq-exim-2025": "part-of", "maaden-mp-mou-2025": "superseded"}
    assert dict(db.execute("SELECT key, deal_ids FROM cli_totals WHERE by = 'not counted'")) == {
        "part-of": "reko-diq-exim-2025", "superseded": "maaden-mp-mou-2025"}


@pytest.mark.parametrize("path, kept", [
    ("pk/x-1.yaml", True), ("x-1.yaml", True), ("../pk/x-1.yaml", False),
    ("/etc/x-1.yaml", False), ("pk/.git/x-1.yaml", False), ("pk/other.yaml", False),
    ("C:/pk/x-1.yaml", False), ("pk\\x-1.yaml", False), ("pk//x-1.yaml", False), ("", False)])
def test_an_exported_path_is_kept_only_below_the_dataset(path, kept):
    from dealtrack.importer.csvimport import kept_path

    assert (kept_path(path, "x-1") == path and bool(path)) is kept
