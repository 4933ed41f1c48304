"""``dealtrack show``: a record with everything linked to it."""

from __future__ import annotations

import json

from conftest import SHIPPED, TODAY

DEAL = "ussm-fwo-critical-minerals-2025"


def test_deal(run):
    result = run("show", DEAL, "--data", str(SHIPPED), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "USD 500 million" in out and "mou (non-binding)" in out
    assert "ussm (US Strategic Metals, US) investor" in out
    assert "babar-2025: Eric's Insight" in out and '"Pakistan signed a memorandum' in out
    assert "FALSE  landmark-agreement" in out
    assert "pk-rare-earths (USD 6 to 8 trillion): 0.00625 %–0.00833 %" in out
    assert all(len(line.rstrip()) <= 80 for line in out.splitlines())


def test_deal_json(run):
    doc = json.loads(run("show", DEAL, "--data", str(SHIPPED), "--format", "json",
                         "--today", TODAY).stdout)
    assert (doc["kind"], doc["id"]) == ("deal", DEAL)
    record = doc["record"]
    assert record["partners"] == ["US"] and record["value"]["low"] == "500000000"
    assert {"claim": "landmark-agreement", "verdict": "false"} in record["claims"]
    assert record["reserve_shares"][0]["share"]["low"] == "0.0000625"


def test_party_event_claim(run):
    party = run("show", "ussm", "--data", str(SHIPPED), "--today", TODAY).stdout
    assert "Party ussm: US Strategic Metals" in party and DEAL in party
    claim = run("show", "china-quits-cpec", "--data", str(SHIPPED), "--today", TODAY).stdout
    assert "verdict" in claim and "UNSUPPORTED" in claim
    event = run("show", "nixon-china-trip-1972", "--data", str(SHIPPED), "--today", TODAY)
    assert "date" in event.stdout and "1972" in event.stdout


def test_unknown_id(run):
    result = run("show", "ussm-fwo", "--data", str(SHIPPED))
    assert result.exit_code == 2 and result.stdout == ""
    assert "no record 'ussm-fwo'" in result.stderr


def test_a_figure_without_rate_is_shown_as_written_and_fails(run, tmp_path):
    from analysis import mkdata

    folder = mkdata.build(tmp_path, [mkdata.deal("pk", value="PKR 1,250,000,000")])
    result = run("show", "pk", "--data", str(folder), "--today", TODAY)
    assert result.exit_code == 1
    assert "PKR 1.25 billion (no rate to USD" in result.stdout
    assert "DT401 no exchange rate from PKR to USD on or before 2025-09-08" in result.stderr


def test_id_of_another_kind_says_what_it_is(run):
    # babar-2025 is a source: asking for it as a deal must not suggest the same id back.
    result = run("show", "babar-2025", "--kind", "deal", "--data", str(SHIPPED),
                 "--today", TODAY)
    assert result.exit_code == 2 and result.stdout == ""
    assert "'babar-2025' is a source, not a deal" in result.stderr
    assert "did you mean 'babar-2025'" not in result.stderr


def test_near_miss_within_a_kind_is_suggested(run):
    result = run("show", "babar-2026", "--kind", "source", "--data", str(SHIPPED),
                 "--today", TODAY)
    assert result.exit_code == 2
    assert "no source 'babar-2026' in this dataset (did you mean 'babar-2025'?)" in result.stderr


def test_bad_kind_lists_every_kind_before_loading(run, tmp_path):
    result = run("show", "x", "--kind", "bogus", "--data", str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert result.stderr == ("dealtrack: error: --kind must be one of deal, party, event, "
                             "claim, reserve, source, not 'bogus'\n")


FORMAT_11 = SHIPPED.parent / "tests" / "cases" / "valid" / "format-1-1"


def test_a_format_11_deal_shows_stakes_history_components_and_relations(run):
    args = ("--data", str(FORMAT_11), "--today", TODAY)
    text = " ".join(run("show", "reko-diq-finance-2025", *args).stdout.split())
    assert "barrick (Barrick, CA) operator, stake 50%" in text
    assert "history Feb 2025 announced Nov 2025 approved: boards approved" in text
    assert "guarantee from adb: USD 110 million (contingent: listed, not summed)" in text
    assert "loan from us-exim: USD 1.25 billion (disbursed USD 300 million)" in text
    assert "relations contains reko-diq-exim-2025" in text
    record = json.loads(run("show", "reko-diq-finance-2025", "--format", "json",
                            *args).stdout)["record"]
    assert record["stakes"] == {"barrick": "50%"}
    assert [c["kind"] for c in record["components"]] == ["loan", "loan", "guarantee", "loan"]
    assert record["disbursed"]["low"] == "300000000"
    mou = " ".join(run("show", "maaden-mp-mou-2025", *args).stdout.split())
    assert "superseded: a counted deal follows it; not counted" in mou
    assert "followed by maaden-mp-jv-2025" in mou
    # a version-1 deal's JSON has none of the 1.1 keys
    v1 = json.loads(run("show", "ussm-fwo-critical-minerals-2025", "--format", "json",
                        "--data", str(SHIPPED), "--today", TODAY).stdout)["record"]
    assert not {"stakes", "history", "components", "relations", "disbursed"} & set(v1)
