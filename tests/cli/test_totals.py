"""``dealtrack totals``: every format, exact values, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import SHIPPED, TODAY

from analysis import mkdata


@pytest.fixture
def mixed(tmp_path):
    return str(mkdata.mixed(tmp_path))


def test_text_table_with_bars_at_80_columns(run, mixed):
    result = run("totals", "--data", mixed, "--by", "partner", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    flat = " ".join(out.split())
    # total [500+140+0+2000, 500+140+100+3000] m = [2.64, 3.74] bn, about (e-about)
    assert "24 of 26 instruments (4 of 5 deals) report a value: ~USD 2.64 to 3.74 " \
        "billion" in flat
    us = next(line for line in out.splitlines() if line.startswith("US "))
    # [500, 600] m; text shares the stated figures: US states 500 + (up to) 100 = 600 m of
    # a stated total of [500+140+100+2000, 500+140+100+3000] = [2740, 3740] m:
    # [600/3740, 600/2740] = [16.04 %, 21.90 %], marked as resting on an 'up to' figure
    assert "USD 500 to 600 million" in us and "16.0 %–21.9 % †" in us and "▒" in us
    jp = next(line for line in out.splitlines() if line.startswith("JP "))
    assert "value not reported" in jp
    assert "b-cny: 1 CNY = 0.14 USD (rate of 1 Sep 2025" in flat
    assert all(len(line.rstrip()) <= 80 for line in out.splitlines())


def test_json_is_exact(run, mixed):
    result = run("totals", "--data", mixed, "--format", "json", "--today", TODAY)
    doc = json.loads(result.stdout)
    assert doc["total"]["value"] == {"low": "2640000000", "high": "3740000000",
                                     "currency": "USD", "qualifier": "about"}
    groups = {g["key"]["partner"]: g for g in doc["groups"]}
    assert groups["CN"]["value"]["low"] == "140000000"     # 1e9 CNY × 0.14
    assert groups["CN"]["instruments"] == 21
    assert groups["JP"]["value"] is None and groups["JP"]["unreported"] == ["d-none"]
    # 500 / 3740 = 0.133689839572192513368983957219…, floored at 28 digits
    assert groups["US"]["share"]["low"] == "0.1336898395721925133689839572"
    assert doc["conversions"][0]["rate"] == "0.14"


def test_csv_and_markdown(run, mixed):
    result = run("totals", "--data", mixed, "--by", "partner", "--by", "year", "--format", "csv",
                 "--today", TODAY)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    cn = next(r for r in rows if (r["partner"], r["year"]) == ("CN", "2025"))
    assert (cn["instruments"], cn["value_low"], cn["currency"]) == ("21", "140000000", "USD")
    md = run("totals", "--data", mixed, "--format", "markdown", "--today", TODAY).stdout
    assert md.startswith("| partner | instruments | deals | value | share |")
    assert "| **total** | 26 | 5 | \\~USD 2.64 to 3.74 billion |  |" in md


def test_shipped_bundle_counts_21(run):
    result = run("totals", "--data", str(SHIPPED), "--by", "instrument", "--format", "json",
                 "--host", "PK", "--today", TODAY)
    groups = {g["key"]["instrument"]: g for g in json.loads(result.stdout)["groups"]}
    # the PK–CN bundle (21) and the USSM–FWO MoU (1) are both MoUs
    assert (groups["mou"]["instruments"], groups["mou"]["deals"]) == (22, 2)
    assert groups["mou"]["value"]["low"] == "4700000000"


def test_filters_at_partial_date_boundaries(run, mixed):
    result = run("totals", "--data", mixed, "--since", "2025-09-07", "--until", "Sep 2025",
                 "--format", "json", "--today", TODAY)
    doc = json.loads(result.stdout)
    # in: a-usd (8 Sep); partly: d-none (2025), e-about (Sep 2025); out: b-cny (6 Sep),
    # c-upto (1 Oct)
    assert doc["partly_in_date_window"] == ["d-none", "e-about"]
    assert doc["total"]["deals"] == 3
    assert doc["filters"]["since"] == "2025-09-07" and doc["filters"]["until"] == "2025-09"


def test_usage_errors(run, mixed):
    result = run("totals", "--data", mixed, "--by", "partnr")
    assert result.exit_code == 2 and "did you mean 'partner'" in result.stderr
    result = run("totals", "--data", mixed, "--party", "us-c0")
    assert result.exit_code == 2 and "did you mean 'us-co'" in result.stderr


def test_markdown_keeps_the_partly_reported_marker(run, tmp_path):
    folder = str(mkdata.build(tmp_path, [
        mkdata.deal("a", value="USD 1 million"), mkdata.deal("b"),
        mkdata.deal("c", partners=("cn-co",), value="USD 3 million")]))
    out = run("totals", "--data", folder, "--format", "markdown", "--today", TODAY).stdout
    us = next(line for line in out.splitlines() if line.startswith("| US "))
    assert "| USD 1 million [1] |" in us
    assert "\n[1] US: 1 of 2 instruments reports a value; not reported: b\n" in out


def test_singular_counts(run, tmp_path):
    folder = str(mkdata.build(tmp_path, [mkdata.deal("a", value="USD 1 million"),
                                         mkdata.deal("b")]))
    out = run("totals", "--data", folder, "--today", TODAY).stdout
    assert "1 of 2 instruments (1 of 2 deals) reports a value: USD 1 million" in out
    one = str(mkdata.build(tmp_path / "one", [mkdata.deal("a", value="USD 1 million")]))
    out = run("totals", "--data", one, "--today", TODAY).stdout
    assert "1 of 1 instrument (1 of 1 deal) reports a value: USD 1 million" in out


def test_a_group_holding_the_whole_total_is_exactly_100_percent(run, tmp_path):
    # US is the only partner; its figures are ranges (an 'up to' and an 'at least'), yet it
    # is the whole total: exactly 100 %, not the conservative 0 %–100 %.
    folder = str(mkdata.build(tmp_path, [
        mkdata.deal("a", value="USD 1 million"), mkdata.deal("b", value="up to USD 2 million"),
        mkdata.deal("c", value="at least USD 3 million"), mkdata.deal("d")]))
    result = run("totals", "--data", folder, "--format", "json", "--today", TODAY)
    [us] = json.loads(result.stdout)["groups"]
    assert us["share"] == {"low": "1", "high": "1"}
    out = run("totals", "--data", folder, "--today", TODAY).stdout
    us_line = next(line for line in out.splitlines() if line.startswith("US "))
    assert "100 %" in us_line and "0 %" not in us_line.replace("100 %", "")
    assert "shares of the total are ranges" not in out


def test_range_shares_are_explained_in_a_note(run, mixed, tmp_path):
    out = run("totals", "--data", mixed, "--by", "partner", "--today", TODAY).stdout
    flat = " ".join(out.split())
    assert "Note: shares of the total are ranges where values are: [group low ÷ total high, " \
        "group high ÷ total low], at most 100 %" in flat
    exact = str(mkdata.build(tmp_path / "exact", [
        mkdata.deal("a", value="USD 1 million"),
        mkdata.deal("c", partners=("cn-co",), value="USD 3 million")]))
    out = run("totals", "--data", exact, "--today", TODAY).stdout
    assert "shares of the total are ranges" not in out
    assert "25.0 %" in out and "75.0 %" in out
