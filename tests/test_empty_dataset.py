"""A dataset folder without a single YAML file: DT007 for validate, yet `new` can start one."""

from __future__ import annotations

from conftest import TODAY


def test_validate_of_a_folder_without_yaml_fails_with_dt007(run, tmp_path):
    root = tmp_path / "deal"          # e.g. a typo for deals/: the folder exists
    root.mkdir()
    (root / "notes.txt").write_text("not data\n")
    (root / "sub").mkdir()
    result = run("validate", "--data", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == \
        f"{root}:1:1: DT007 no YAML files in the dataset folder"
    assert result.stderr.splitlines()[-1] == "0 files checked: 1 error, 0 warnings"


def test_validate_json_names_dt007_as_an_error(run, tmp_path):
    import json

    result = run("validate", "--data", str(tmp_path), "--today", TODAY, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(d["code"], d["severity"], d["path"]) for d in report["diagnostics"]] == \
        [("DT007", "error", str(tmp_path))]


def test_one_yaml_file_is_enough_to_silence_dt007(run, tmp_path):
    (tmp_path / "parties.yaml").write_text("- id: acme\n  name: Acme\n  country: US\n"
                                           "  type: company\n")
    result = run("validate", "--data", str(tmp_path), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert "DT007" not in result.stderr


def test_new_starts_a_dataset_in_an_empty_folder(run, tmp_path):
    root = tmp_path / "deals"
    root.mkdir()
    steps = [
        ["new", "party", "--id", "acme", "--name", "Acme Mining", "--country", "US",
         "--type", "company"],
        ["new", "party", "--id", "mof-pk", "--name", "Ministry of Finance", "--country", "PK",
         "--type", "ministry"],
        ["new", "source", "--id", "wire-2025", "--title", "Acme signs in Pakistan",
         "--kind", "news"],
        ["new", "deal", "--id", "acme-pk-2025", "--title", "Acme copper agreement",
         "--instrument", "agreement", "--status", "signed", "--date", "signed=2025-03-04",
         "--host", "PK", "--party", "acme:investor", "--party", "mof-pk:host",
         "--sector", "mining", "--source", "wire-2025"],
    ]
    for argv in steps:
        result = run(*argv, "--data", str(root), "--today", TODAY)
        assert result.exit_code == 0, (argv, result.stderr)
        assert "DT007" not in result.stderr
    assert (root / "parties.yaml").exists() and (root / "sources.yaml").exists()
    assert (root / "pk" / "acme-pk-2025.yaml").exists()
    check = run("validate", "--data", str(root), "--today", TODAY)
    assert check.exit_code == 0, check.stderr
    assert check.stderr == "3 files checked: no problems\n"


def test_new_deal_in_an_empty_folder_reports_only_its_own_problems(run, tmp_path):
    # The empty folder's DT007 belongs to the folder, not to the record being written.
    result = run("new", "deal", "--id", "x-2025", "--title", "X", "--instrument", "mou",
                 "--status", "signed", "--date", "signed=2025-01-01", "--host", "PK",
                 "--party", "acme:investor", "--sector", "mining", "--source", "s1",
                 "--data", str(tmp_path), "--today", TODAY)
    assert result.exit_code == 1
    assert "DT202 unknown party 'acme'" in result.stderr
    assert "DT007" not in result.stderr
    assert not (tmp_path / "pk").exists()
