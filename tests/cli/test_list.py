"""``dealtrack list``: one line per deal, filtered and sorted."""

from __future__ import annotations

import csv
import io
import json

from conftest import SHIPPED, TODAY

from analysis import mkdata


def test_sorted_by_value(run, tmp_path):
    folder = str(mkdata.mixed(tmp_path))
    doc = json.loads(run("list", "--data", folder, "--sort", "value", "--format", "json",
                         "--today", TODAY).stdout)
    # high bounds: e-about 3000 m, a-usd 500, b-cny 140 (CNY 1 bn × 0.14), c-upto 100;
    # d-none has no value and goes last
    assert [d["id"] for d in doc["deals"]] == ["e-about", "a-usd", "b-cny", "c-upto", "d-none"]
    assert doc["deals"][2]["reported_value"]["currency"] == "CNY"
    assert doc["deals"][2]["value"]["low"] == "140000000"


def test_text_filters_and_partial_dates(run, tmp_path):
    folder = str(mkdata.mixed(tmp_path))
    result = run("list", "--data", folder, "--partner", "CN", "--since", "2025-09-07",
                 "--today", TODAY)
    out = result.stdout
    # b-cny (6 Sep) is out; e-about (Sep 2025) is only partly in and marked
    assert "b-cny" not in out and "Sep 2025 *" in out and "e-about" in out
    assert "only partly inside it" in out and "included: e-about" in out


def test_shipped_csv_by_date(run):
    rows = list(csv.DictReader(io.StringIO(run("list", "--data", str(SHIPPED), "--format",
                                               "csv", "--today", TODAY).stdout)))
    assert [r["id"] for r in rows][-2:] == ["pk-cn-b2b-mous-2025",
                                            "ussm-fwo-critical-minerals-2025"]
    bundle = rows[-2]
    assert (bundle["instruments"], bundle["value_low"], bundle["date"]) == ("21", "4200000000",
                                                                           "~2025-09-06")
    text = run("list", "--data", str(SHIPPED), "--today", TODAY).stdout
    assert "value not reported" in text
    assert all(len(line.rstrip()) <= 80 for line in text.splitlines())
