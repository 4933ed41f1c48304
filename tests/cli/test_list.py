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


# A bad option is one line and exit 2, whatever the dataset holds (reviewer's findings).

def _broken(tmp_path):
    folder = mkdata.build(tmp_path, [mkdata.deal("a", value="USD 1 million")])
    (folder / "a.yaml").write_text((folder / "a.yaml").read_text() + "stauts: signed\n")
    return str(folder)


def _with_warning(tmp_path):
    deal_path, deal_text = mkdata.deal("a", value="USD 1 million")
    # A citation without a quote is a warning (DT302), not an error.
    deal_text = deal_text.replace(", quote: figure as reported", "")
    return str(mkdata.build(tmp_path, [(deal_path, deal_text)]))


def test_bad_option_on_a_dataset_with_errors_names_the_option(run, tmp_path):
    folder = _broken(tmp_path)
    for args, said in ((["--since", "bogus"], "--since 'bogus' is not a date"),
                       (["--host", "XX"], "--host 'XX' is not an ISO 3166-1 country code"),
                       (["--instrument", "moo"], "--instrument 'moo' is not known"),
                       (["--sort", "size"], "--sort must be one of date, value, id"),
                       (["--currency", "XYZ"], "--currency 'XYZ' is not an ISO 4217"),
                       (["--today", "soon"], "--today takes a date")):
        result = run("list", "--data", folder, *args)
        assert result.exit_code == 2, args
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and said in result.stderr, result.stderr
        assert "DT101" not in result.stderr


def test_usage_error_is_the_only_line_even_when_the_dataset_has_warnings(run, tmp_path):
    folder = _with_warning(tmp_path)
    assert "note: 1 warning in the dataset" in run("list", "--data", folder,
                                                   "--today", TODAY).stderr
    for args in (["--since", "bogus"], ["--party", "us-c"], ["--sector", "minig"]):
        result = run("list", "--data", folder, "--today", TODAY, *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("dealtrack: error: ") and \
            result.stderr.count("\n") == 1, result.stderr


def test_host_and_partner_must_be_country_codes(run, tmp_path):
    folder = str(mkdata.mixed(tmp_path))
    for option, value, hint in (("--host", "XX", "such as PK, CN or US"),
                                ("--partner", "UK", "the ISO 3166-1 code is 'GB'"),
                                ("--host", "PAK", "such as PK")):
        result = run("list", "--data", folder, option, value, "--today", TODAY)
        assert result.exit_code == 2 and result.stdout == ""
        assert f"{option} '{value}' is not an ISO 3166-1 country code" in result.stderr
        assert hint in result.stderr
    # Lower case is accepted everywhere and means the same as upper case.
    lower = run("list", "--data", folder, "--partner", "cn", "--format", "json",
                "--today", TODAY)
    upper = run("list", "--data", folder, "--partner", "CN", "--format", "json",
                "--today", TODAY)
    assert lower.exit_code == 0 and lower.stdout == upper.stdout
    assert json.loads(lower.stdout)["deals"]


def test_sector_that_no_deal_has_is_refused_with_a_suggestion(run, tmp_path):
    folder = str(mkdata.mixed(tmp_path))
    result = run("list", "--data", folder, "--sector", "minig", "--today", TODAY)
    assert result.exit_code == 2 and result.stdout == ""
    assert "--sector 'minig': no deal in this dataset has this sector (did you mean " \
        "'mining'?)" in result.stderr
    far = run("list", "--data", folder, "--sector", "fisheries", "--today", TODAY)
    assert far.exit_code == 2 and "sectors in use: energy, mining)" in far.stderr
    # A sector that exists but matches nothing together with another filter is no error.
    empty = run("list", "--data", folder, "--sector", "mining", "--host", "AU",
                "--today", TODAY)
    assert empty.exit_code == 0 and "No deals match." in empty.stdout
