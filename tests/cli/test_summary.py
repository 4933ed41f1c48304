"""``dealtrack summary`` on the shipped data and on built datasets, text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

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
    # 500e6 / 8e12 = 0.00625 %, 500e6 / 6e12 = 0.00833… % shown rounded up
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
    # 1,250,000,000 × 0.00353 = 4,412,500: three significant figures, every digit with --exact
    assert "USD 4.41 million" in result.stdout
    exact = run("summary", "--data", str(folder), "--today", TODAY, "--exact")
    assert "USD 4.4125 million" in exact.stdout
    assert "1 PKR = 0.00353 USD (rate of 8 Sep 2025" in result.stdout


def test_bad_options_are_one_line(run):
    for args in (["--since", "03/04/2025"], ["--currency", "XYZ"], ["--instrument", "moo"],
                 ["--format", "csv"]):
        result = run("summary", "--data", str(SHIPPED), *args)
        assert result.exit_code == 2, args
        assert result.stderr.count("\n") == 1 and result.stdout == ""


PK_RESERVE = """\
- id: pk-mining-estimate-of-the-geological-survey
  country: PK
  commodity: mining
  value: PKR 2,000,000,000,000
  sources: [{source: src-a, quote: 2 trillion rupees}]
- id: au-mining
  country: AU
  commodity: mining
  value: AUD 5 trillion
  sources: [{source: src-b, quote: 5 trillion}]
"""
PKR_RATE = ("- {date: 2025-09-01, from: PKR, to: USD, rate: 0.0036, "
            "sources: [{source: src-a}]}\n")


def test_each_rate_used_is_listed_once(run, tmp_path):
    # The PKR deal is counted in the totals and against the PK estimate: one conversion.
    folder = str(mkdata.build(tmp_path, [mkdata.deal("pk", value="PKR 1,250,000,000")],
                              rates=PKR_RATE + PKR_RATE.replace("PKR", "AUD")
                              .replace("0.0036", "0.65"), reserves=PK_RESERVE))
    result = run("summary", "--data", folder, "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    rates = result.stdout.split("Rates used")[1]
    assert rates.count("pk: 1 PKR = 0.0036 USD") == 1
    doc = json.loads(run("summary", "--data", folder, "--format", "json",
                         "--today", TODAY).stdout)
    records = [c["record"] for c in doc["conversions"]]
    assert sorted(records) == ["au-mining", "pk", "pk-mining-estimate-of-the-geological-survey"]


def test_host_filter_keeps_only_that_countrys_estimates_and_rates(run, tmp_path):
    # No AUD rate at all: the AU estimate cannot be converted, but with --host PK it is
    # not part of the briefing, so neither its rate nor its missing rate matters.
    folder = str(mkdata.build(tmp_path, [mkdata.deal("pk", value="PKR 1,250,000,000")],
                              rates=PKR_RATE, reserves=PK_RESERVE))
    assert run("summary", "--data", folder, "--today", TODAY).exit_code == 1
    result = run("summary", "--data", folder, "--host", "PK", "--format", "json",
                 "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [r["reserve"] for r in doc["reserves"]] == [
        "pk-mining-estimate-of-the-geological-survey"]
    assert sorted(c["record"] for c in doc["conversions"]) == [
        "pk", "pk-mining-estimate-of-the-geological-survey"]


def test_reserve_lines_wrap_under_their_indent(run, tmp_path):
    folder = str(mkdata.build(tmp_path, [
        mkdata.deal("pk", value="about USD 1,234,567,891 to 2,345,678,912"),
        mkdata.deal("pk2", value="at least USD 3,456,789,123"), mkdata.deal("pk3")],
        reserves=PK_RESERVE.split("- id: au-mining")[0].replace(
            "PKR 2,000,000,000,000", "USD 6 to 8 trillion")))
    result = run("summary", "--data", folder, "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    section = result.stdout.split("Reserve estimates")[1].split("\n\n")[0]
    lines = section.splitlines()[1:]
    assert len(lines) > 3  # the long lines did wrap
    assert all(line.startswith("  ") for line in lines), lines
    assert all(line.startswith("    ") for line in lines[1:]), lines
    # The deal without a value is named, not hidden in the total.
    assert "* 2 of 3 instruments (2 of 3 deals) report a value; not reported: pk3" \
        in " ".join(section.split())
    assert fits(result.stdout)


def test_one_deal_reads_in_the_singular(run, tmp_path):
    folder = str(mkdata.build(tmp_path, [mkdata.deal("a", value="USD 1 million")]))
    out = " ".join(run("summary", "--data", folder, "--today", TODAY).stdout.split())
    assert "1 deal standing for 1 instrument; 1 of 1 instrument (1 of 1 deal) reports a " \
        "value." in out
    assert "across the 1 instrument that reports a value" in out


def test_data_quality_lists_are_capped_in_text_but_complete_in_json(run, tmp_path):
    ids = [f"deal-{n:02}" for n in range(12)]
    folder = str(mkdata.build(tmp_path, [mkdata.deal(i, value="USD 1 million") for i in ids]))
    out = run("summary", "--data", folder, "--today", TODAY).stdout
    assert "figures resting on a single source (12):" in out
    assert "deal-00, deal-01, deal-02, deal-03, deal-04 … and 7 more" in out
    assert "deal-05" not in out.split("Data quality")[1]
    doc = json.loads(run("summary", "--data", folder, "--format", "json",
                         "--today", TODAY).stdout)
    assert doc["quality"]["single_source"] == ids


def test_error_line_on_stderr_is_never_wrapped(run, tmp_path):
    folder = mkdata.build(tmp_path / ("a-rather-long-folder-name-" * 3), [
        mkdata.deal("a", value="USD 1 million")])
    (folder / "a.yaml").write_text((folder / "a.yaml").read_text() + "stauts: signed\n")
    result = run("summary", "--data", str(folder), "--today", TODAY)
    assert result.exit_code == 1
    assert "\ndealtrack: no report: the dataset has 1 error (see above; 'dealtrack " \
        "validate' checks it)\n" in result.stderr
    assert all(line.startswith(str(folder)) or line.startswith(("  hint:", "dealtrack:"))
               for line in result.stderr.splitlines()), result.stderr


def test_a_large_dataset_keeps_the_briefing_short_and_the_json_complete(run, tmp_path):
    # Past a handful of hosts, partner groups, estimates, claims and conversions the text
    # says how many more there are and where to see them; JSON keeps every one.
    import importlib.util

    from dealtrack.render import summary as view

    spec = importlib.util.spec_from_file_location(
        "gen_corpus", Path(__file__).resolve().parents[2] / "benchmarks" / "gen_corpus.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    root = tmp_path / "deals"
    gen.main(["1200", str(root)])
    text = run("summary", "--data", str(root), "--today", "2025-12-31")
    assert text.exit_code == 0, text.stderr
    data = json.loads(run("summary", "--data", str(root), "--today", "2025-12-31",
                          "--format", "json").stdout)
    partners = len(data["partners"])
    assert partners > view.PARTNER_ROWS and len(data["claims"]) > view.CLAIM_LINES
    for more in ("more hosts (dealtrack totals --by host)",
                 f"… and {partners - view.PARTNER_ROWS:,} more partner groups",
                 "more estimates (dealtrack shares)",
                 "more claims (--format json lists every one)",
                 "more conversions (--format json lists every one)"):
        assert more in " ".join(text.stdout.split()), more   # wrapped lines joined
    assert len(text.stdout.splitlines()) < 250
    # filtered, the commands it points to need the same options to list the same deals
    since = run("summary", "--data", str(root), "--today", "2025-12-31", "--since", "2010")
    assert "(dealtrack totals --by partner with the same options)" in \
        " ".join(since.stdout.split())
