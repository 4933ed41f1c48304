"""``dealtrack shares`` on the shipped data: the USSM–FWO MoU against the rare-earth estimate."""

from __future__ import annotations

import csv
import io
import json

from conftest import SHIPPED, TODAY

DEAL = "ussm-fwo-critical-minerals-2025"


def test_text(run):
    result = run("shares", "--data", str(SHIPPED), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "pk-rare-earths: PK rare-earths, USD 6 to 8 trillion" in out
    assert "source babar-2025" in out
    row = next(line for line in out.splitlines() if line.startswith(DEAL))
    # 500e6 / 8e12 = 0.0000625 = 0.00625 %; 500e6 / 6e12 = 0.0000833… → 0.00833 % (nearest)
    assert "USD 500 million" in row and "0.00625 %–0.00833 %" in row
    assert all(len(line.rstrip()) <= 80 for line in out.splitlines())


def test_json_keeps_exact_fractions(run):
    doc = json.loads(run("shares", "--data", str(SHIPPED), "--reserve", "pk-rare-earths",
                         "--format", "json", "--today", TODAY).stdout)
    [reserve] = doc["reserves"]
    assert reserve["value"] == {"low": "6000000000000", "high": "8000000000000",
                                "currency": "USD", "qualifier": "exact"}
    [deal] = reserve["deals"]
    assert deal["deal"] == DEAL
    assert deal["share"] == {"low": "0.0000625", "high": "0.00008333333333333333333333333334"}


def test_explicit_deal_and_csv(run):
    result = run("shares", "--data", str(SHIPPED), "pk-cn-b2b-mous-2025", "--format", "csv",
                 "--today", TODAY)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # 4.2e9 / 8e12 = 0.000525 exactly
    assert rows[0]["deal"] == "pk-cn-b2b-mous-2025" and rows[0]["share_low"] == "0.000525"


def test_unknown_reserve_is_one_line(run):
    result = run("shares", "--data", str(SHIPPED), "--reserve", "pk-rare-earth")
    assert result.exit_code == 2 and "did you mean 'pk-rare-earths'" in result.stderr


def test_total_row_says_how_many_deals_report_a_value(run, tmp_path):
    from analysis import mkdata

    folder = str(mkdata.build(tmp_path, [
        mkdata.deal("a", value="USD 500 million", commodities="[rare-earths]"),
        mkdata.deal("b", commodities="[rare-earths]")], reserves=(
        "- {id: pk-ree, country: PK, commodity: rare-earths, value: USD 6 to 8 trillion, "
        "sources: [{source: src-a, quote: 6 to 8 trillion}]}\n")))
    out = run("shares", "--data", folder, "--today", TODAY).stdout
    total = next(line for line in out.splitlines() if line.startswith("total"))
    assert "USD 500 million *" in total
    assert "* 1 of 2 instruments (1 of 2 deals) reports a value; not reported: b" in out
    md = run("shares", "--data", folder, "--format", "markdown", "--today", TODAY).stdout
    assert "| pk-ree | **total** | USD 500 million [1] |" in md
    assert "\n[1] pk-ree: 1 of 2 instruments (1 of 2 deals) reports a value; not reported: b\n" \
        in md
