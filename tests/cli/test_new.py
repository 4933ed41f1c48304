"""`dealtrack new`: scaffold, check with validate's rules, write atomically, never overwrite."""

from __future__ import annotations

import shutil

import pytest

from conftest import SHIPPED, TODAY

DEAL = ["new", "deal", "--id", "ussm-pk-refinery-2025", "--title", "USSM refinery agreement",
        "--instrument", "agreement", "--status", "signed", "--date", "signed=2025-10-02",
        "--host", "PK", "--party", "ussm:investor", "--party", "fwo:host",
        "--value", "USD 1.5 billion", "--sector", "processing", "--commodity", "rare-earths",
        "--source", "babar-2025", "--quote", "a refinery worth $1.5 billion",
        "--today", TODAY]


@pytest.fixture
def data(tmp_path):
    root = tmp_path / "deals"
    shutil.copytree(SHIPPED, root)
    return root


def test_a_new_deal_goes_to_host_folder_and_validates(run, data):
    result = run(*DEAL, "--data", str(data))
    assert result.exit_code == 0, result.stderr
    target = data / "pk" / "ussm-pk-refinery-2025.yaml"
    assert result.stdout == f"{target}\n"
    text = target.read_text()
    assert text.startswith("id: ussm-pk-refinery-2025\ntitle: USSM refinery agreement\n")
    assert "  - party: ussm\n    role: investor\n" in text
    check = run("validate", "--data", str(data), "--today", TODAY)
    assert check.exit_code == 0, check.stderr


def test_new_never_overwrites(run, data):
    assert run(*DEAL, "--data", str(data)).exit_code == 0
    target = data / "pk" / "ussm-pk-refinery-2025.yaml"
    target.write_text(target.read_text() + "# my notes\n")
    before = target.read_bytes()
    again = run(*DEAL, "--data", str(data))
    assert again.exit_code == 2
    assert again.stderr == f"dealtrack: error: {target} already exists; not overwritten\n"
    assert target.read_bytes() == before


def test_bad_input_gets_validate_diagnostics_and_nothing_is_written(run, data):
    args = [a if a != "ussm:investor" else "usm:investor" for a in DEAL]
    args = [a if a != "signed=2025-10-02" else "signed=2025-13-02" for a in args]
    result = run(*args, "--data", str(data))
    assert result.exit_code == 1
    assert "DT106 'signed': '2025-13-02' is not a real date" in result.stderr
    assert "DT202 unknown party 'usm'" in result.stderr
    assert "did you mean 'ussm'?" in result.stderr
    assert "not written" in result.stderr
    assert not (data / "pk" / "ussm-pk-refinery-2025.yaml").exists()


def test_a_duplicate_id_in_another_folder_is_refused(run, data):
    args = [a if a != "ussm-pk-refinery-2025" else "us-au-critical-minerals-2025" for a in DEAL]
    result = run(*args, "--data", str(data))
    assert result.exit_code == 1
    assert "DT201 duplicate deal id 'us-au-critical-minerals-2025'" in result.stderr


def test_a_party_is_appended_keeping_the_registry_byte_for_byte(run, data):
    registry = data / "parties.yaml"
    before = registry.read_bytes()
    result = run("new", "party", "--id", "acme", "--name", "Acme: Mining & Co", "--country",
                 "US", "--type", "company", "--alias", "ACME", "--data", str(data))
    assert result.exit_code == 0, result.stderr
    after = registry.read_bytes()
    assert after.startswith(before)
    assert after[len(before):] == (b'- id: acme\n  name: "Acme: Mining & Co"\n'
                                   b"  aliases: [ACME]\n  country: US\n  type: company\n")
    duplicate = run("new", "party", "--id", "acme", "--name", "Other", "--country", "US",
                    "--type", "company", "--data", str(data))
    assert duplicate.exit_code == 1
    assert "DT201 duplicate party id 'acme'" in duplicate.stderr
    assert registry.read_bytes() == after


def test_source_and_event_are_appended_to_their_registries(run, data):
    source = run("new", "source", "--id", "ft-2025", "--title", "FT report", "--kind", "news",
                 "--date", "2025-10", "--data", str(data))
    assert source.exit_code == 0, source.stderr
    event = run("new", "event", "--id", "visit-2025", "--date", "~2025-10", "--kind", "visit",
                "--title", "A visit", "--actor", "ussm", "--source", "ft-2025",
                "--data", str(data), "--today", TODAY)
    assert event.exit_code == 0, event.stderr
    assert event.stdout == f"{data / 'events.yaml'}\n"
    check = run("validate", "--data", str(data), "--today", TODAY, "--ignore", "DT302")
    assert check.exit_code == 0, check.stderr


def test_options_that_do_not_apply_are_usage_errors(run, data):
    result = run("new", "party", "--id", "x", "--title", "X", "--data", str(data))
    assert result.exit_code == 2
    assert result.stderr == "dealtrack: error: --title does not apply to a party\n"
    unknown = run("new", "widget", "--data", str(data))
    assert unknown.exit_code == 2


def test_prompts_fill_in_missing_values_on_a_terminal(run, data, monkeypatch):
    from dealtrack.cli import new

    monkeypatch.setattr(new, "_interactive", lambda: True)
    result = run("new", "party", "--id", "acme", "--data", str(data),
                 input="Acme Corp\nUS\ncompany\n")
    assert result.exit_code == 0, result.stderr
    assert (data / "parties.yaml").read_text().endswith(
        "- id: acme\n  name: Acme Corp\n  country: US\n  type: company\n")


def test_appending_to_a_symlinked_registry_keeps_the_link(run, data):
    shared = data / ".shared"
    shared.mkdir()
    (data / "parties.yaml").rename(shared / "parties.yaml")
    (data / "parties.yaml").symlink_to(".shared/parties.yaml")
    result = run("new", "party", "--id", "acme", "--name", "Acme", "--country", "US",
                 "--type", "company", "--data", str(data))
    assert result.exit_code == 0, result.stderr
    assert (data / "parties.yaml").is_symlink()
    assert (shared / "parties.yaml").read_text().endswith("- id: acme\n  name: Acme\n"
                                                          "  country: US\n  type: company\n")


def test_a_registry_linked_outside_the_dataset_is_not_written_through(run, data, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes((data / "parties.yaml").read_bytes())
    (data / "parties.yaml").unlink()
    (data / "parties.yaml").symlink_to(outside)
    before = outside.read_bytes()
    result = run("new", "party", "--id", "acme", "--name", "Acme", "--country", "US",
                 "--type", "company", "--data", str(data))
    assert result.exit_code == 2
    assert result.stderr == (f"dealtrack: error: {data / 'parties.yaml'} is a symlink leading "
                             "outside the dataset; not written\n")
    assert outside.read_bytes() == before


def test_a_status_dated_twice_is_a_usage_error_not_a_silent_choice(run, data):
    args = [a if a != "signed=2025-10-02" else "signed=2025-09" for a in DEAL]
    result = run(*args, "--date", "signed=2025-10", "--data", str(data))
    assert result.exit_code == 2
    assert result.stderr == ("dealtrack: error: --date signed= is given twice (signed=2025-09 "
                             "and signed=2025-10); a deal has one date per status\n")
    assert not (data / "pk" / "ussm-pk-refinery-2025.yaml").exists()


def test_an_event_takes_one_date(run, data):
    result = run("new", "event", "--id", "visit-2025", "--date", "2025-10", "--date", "2025-11",
                 "--kind", "visit", "--title", "A visit", "--source", "babar-2025",
                 "--data", str(data))
    assert result.exit_code == 2
    assert result.stderr == "dealtrack: error: an event has one --date\n"


def test_a_lower_case_host_is_written_as_the_iso_code(run, data):
    args = [a if a != "PK" else "pk" for a in DEAL]
    result = run(*args, "--data", str(data))
    assert result.exit_code == 0, result.stderr
    assert "\nhost: PK\n" in (data / "pk" / "ussm-pk-refinery-2025.yaml").read_text()


def test_a_new_deal_with_several_hosts_a_stake_and_components(run, data):
    """Format 1.1 through `new`: hosts comma-separated, ID:ROLE:STAKE, KIND:PARTY:AMOUNT."""
    args = [a if a != "PK" else "pk,us" for a in DEAL]
    args[args.index("ussm:investor")] = "ussm:investor:about 15%"
    result = run(*args, "--component", "equity:ussm:USD 1.5 billion",
                 "--component", "offtake:ussm", "--data", str(data))
    assert result.exit_code == 0, result.stderr
    text = (data / "pk" / "ussm-pk-refinery-2025.yaml").read_text()
    assert "host: [PK, US]\n" in text
    assert "    role: investor\n    stake: about 15%\n" in text
    assert ("components:\n  - kind: equity\n    party: ussm\n    value: USD 1.5 billion\n"
            "  - kind: offtake\n    party: ussm\n") in text
    check = run("validate", "--data", str(data), "--today", TODAY, "--strict")
    assert check.exit_code == 0, check.stderr
    bad = run("new", "deal", "--component", "loan", "--data", str(data))
    assert bad.exit_code == 2 and "KIND:PARTY" in bad.stderr
