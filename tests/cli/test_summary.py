"""``dealtrack summary`` on the shipped data and on built datasets, text and JSON."""

from __future__ import annotations

import json

from conftest import SHIPPED, TODAY

from analysis import mkdata


def fits(text: str, width: int = 80) -> bool:
    return all(len(line.rstrip()) <= width for line in text.splitlines())


def test_shipped_briefing_for_pakistan(run):
    result = run("summary", "--data", str(SHIPPED), "--host", "PK", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    # 21 (PK–CN bundle) + 1 (USSM–FWO) instruments report a value: 4.2 + 0.5 = 4.7 bn
    assert "Total value: USD 4.7 billion across the 22 instruments that report a value" in out
    assert "4 deals standing for 24 instruments" in out   # + JBIC loan, PK–FR talks
    # 0.5 / 4.7 = 10.6 %, 4.2 / 4.7 = 89.4 %
    us = next(line for line in out.splitlines() if line.startswith("US "))
    cn = next(line for line in out.splitlines() if line.startswith("CN "))
    assert "USD 500 million" in us and "10.6 %" in us
    assert "USD 4.2 billion" in cn and "89.4 %" in cn and "█" in cn
    # 500e6 / 8e12 = 0.00625 %, 500e6 / 6e12 = 0.00833 %
    assert "0.00625 %–0.00833 %" in out
    assert "FALSE" in out and "UNSUPPORTED" in out and "~6 Sep 2025" in out
    assert fits(out) and "\x1b[" not in out


def test_whole_shipped_dataset_json(run):
    result = run("summary", "--data", str(SHIPPED), "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["value"] == {"low": "4700000000", "high": "4700000000", "currency": "USD",
                            "qualifier": "exact"}
    assert (doc["instruments"], doc["reported_instruments"]) == (25, 22)
    shares = {g["key"]: g["share"] for g in doc["partners"]}
    # 42/47 = 0.893617021276595744680851063829…, floor / ceiling at 28 digits
    assert shares["CN"] == {"low": "0.8936170212765957446808510638",
                            "high": "0.8936170212765957446808510639"}
    assert shares["FR"] is None
    assert doc["verdicts"] == {"supported": 0, "disputed": 2, "unsupported": 2, "false": 4}
    assert doc["reserves"][0]["total"]["share"]["low"] == "0.0000625"


def test_dataset_with_errors_gives_no_report(run, tmp_path):
    folder = mkdata.build(tmp_path, [mkdata.deal("a", value="USD 1 million")])
    (folder / "a.yaml").write_text((folder / "a.yaml").read_text() + "stauts: signed\n")
    result = run("summary", "--data", str(folder), "--today", TODAY)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "DT101" in result.stderr and "no report" in result.stderr


def test_missing_rate_stops_the_briefing(run, tmp_path):
    folder = mkdata.build(tmp_path, [mkdata.deal("pk", value="PKR 1,250,000,000")])
    result = run("summary", "--data", str(folder), "--today", TODAY)
    assert result.exit_code == 1 and result.stdout == ""
    assert "DT401 no exchange rate from PKR to USD on or before 2025-09-08" in result.stderr


def test_a_rate_makes_it_work_and_is_shown(run, tmp_path):
    folder = mkdata.build(tmp_path, [mkdata.deal("pk", value="PKR 1,250,000,000")], rates=(
        "- {date: 2025-09-08, from: PKR, to: USD, rate: 0.00353, sources: [{source: src-a}]}\n"))
    result = run("summary", "--data", str(folder), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    # 1,250,000,000 × 0.00353 = 4,412,500
    assert "USD 4.4125 million" in result.stdout
    assert "1 PKR = 0.00353 USD (rate of 8 Sep 2025" in result.stdout


def test_bad_options_are_one_line(run):
    for args in (["--since", "03/04/2025"], ["--currency", "XYZ"], ["--instrument", "moo"],
                 ["--format", "csv"]):
        result = run("summary", "--data", str(SHIPPED), *args)
        assert result.exit_code == 2, args
        assert result.stderr.count("\n") == 1 and result.stdout == ""
