"""What the headline figures count, how they rank and how they read (issue 12).

Every figure here is checked by hand against the deals written below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import TODAY

from analysis import mkdata


def deals():
    return [
        mkdata.deal("big", value="USD 600 billion", instrument="agreement",
                    commodities="[copper, cobalt]"),
        mkdata.deal("open", partners=("cn-co",), value="at least USD 2 billion",
                    instrument="loan", status="announced", date="2024-03",
                    commodities="[cobalt, copper]"),
        mkdata.deal("gone", partners=("cn-co",), value="USD 523 million", status="cancelled",
                    date="2023-05-01", commodities="[rare-earths]"),
        mkdata.deal("stuck", partners=("jp-bank",), value="USD 100 million", instrument="loan",
                    status="stalled", date="2025-01-02", commodities="[rare-earths, lithium]"),
        mkdata.deal("small", value="USD 400 million", instrument="contract", date="2023-02-01",
                    commodities="[rare-earths]"),
    ]


@pytest.fixture
def data(tmp_path):
    return str(mkdata.build(tmp_path, deals()))


def flat(text: str) -> str:
    return " ".join(text.split())


def line_of(out: str, start: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(start))


def test_a_cancelled_deal_is_left_out_and_named(run, data):
    out = run("summary", "--data", data, "--today", TODAY).stdout
    # counted: 600 bn + at least 2 bn + 100 m + 400 m = at least 602.5 bn
    assert "Total value: at least USD 602 billion across the 4 instruments" in flat(out)
    assert "not counted: 1 cancelled deal, USD 523 million: gone (--include-ended counts " \
        "them)" in flat(out)
    cn = line_of(out, "CN ")
    assert "at least USD 2 billion" in cn and "523" not in cn
    doc = json.loads(run("summary", "--data", data, "-f", "json", "--today", TODAY).stdout)
    assert doc["deals"] == 4 and "gone" not in doc["partners"][1]["deal_ids"]
    assert doc["not_counted"] == [{"reason": "cancelled", "deals": 1, "instruments": 1,
                                   "value": {"low": "523000000", "high": "523000000",
                                             "currency": "USD", "qualifier": "exact"},
                                   "deal_ids": ["gone"]}]


def test_include_ended_and_status_count_ended_deals(run, data):
    for extra in (["--include-ended"], ["--status", "cancelled,signed"]):
        doc = json.loads(run("totals", "--data", data, "-f", "json", "--today", TODAY,
                             *extra).stdout)
        assert "gone" in doc["total"]["deal_ids"] and doc["not_counted"] == []
    doc = json.loads(run("totals", "--data", data, "-f", "json", "--today", TODAY,
                         "--include-ended").stdout)
    assert doc["total"]["value"]["low"] == "603023000000"   # 602.5 bn + 523 m


def test_stalled_deals_are_counted_and_said(run, data):
    out = run("totals", "--data", data, "--today", TODAY).stdout
    assert "of which stalled: USD 100 million (1 deal: stuck)" in flat(out)
    doc = json.loads(run("totals", "--data", data, "-f", "json", "--today", TODAY).stdout)
    assert doc["stalled"]["deal_ids"] == ["stuck"] and "stuck" in doc["total"]["deal_ids"]


def test_exclusion_filters(run, data):
    doc = json.loads(run("totals", "--data", data, "-f", "json", "--today", TODAY,
                         "--not-status", "stalled", "--not-partner", "cn").stdout)
    assert sorted(doc["total"]["deal_ids"]) == ["big", "small"]
    assert doc["filters"]["not_status"] == ["stalled"]
    doc = json.loads(run("list", "--data", data, "-f", "json", "--today", TODAY,
                         "--commodity", "rare-earths", "--not-commodity", "lithium").stdout)
    assert [d["id"] for d in doc["deals"]] == ["small", "gone"]   # listed, ended or not
    bad = run("totals", "--data", data, "--not-status", "stalld", "--today", TODAY)
    assert bad.exit_code == 2 and "did you mean 'stalled'" in bad.stderr
    bad = run("totals", "--data", data, "--commodity", "rare-earth", "--today", TODAY)
    assert bad.exit_code == 2 and "rare-earths" in bad.stderr


def test_one_open_ended_figure_does_not_blank_the_other_shares(run, data):
    out = run("totals", "--data", data, "--today", TODAY).stdout
    # stated: US 600.4 bn, CN 2 bn, JP 0.1 bn of 602.5 bn
    us, cn, jp = line_of(out, "US "), line_of(out, "CN "), line_of(out, "JP ")
    assert "99.7 %" in us and "0 %" not in us.replace("99.7 %", "")
    assert "0.332 % †" in cn                     # 2 / 602.5
    assert "0.0166 %" in jp                      # 0.1 / 602.5
    assert "† shares and order rest on stated figures" in flat(out)
    assert "open-ended: open" in flat(out)
    doc = json.loads(run("totals", "--data", data, "-f", "json", "--today", TODAY).stdout)
    cn_json = next(g for g in doc["groups"] if g["key"]["partner"] == "CN")
    assert cn_json["share"]["low"] == "0"        # the exact interval stays in JSON
    assert cn_json["stated_share"]["low"].startswith("0.0033195")
    assert cn_json["open_ended"] == ["open"]


def test_600_billion_ranks_above_at_least_2_billion(run, data):
    doc = json.loads(run("list", "--data", data, "--sort", "value", "-f", "json",
                         "--today", TODAY).stdout)
    assert [d["id"] for d in doc["deals"]][:2] == ["big", "open"]
    out = run("list", "--data", data, "--sort", "value", "--today", TODAY).stdout
    assert out.index("big") < out.index("open")
    assert "Order: largest stated figure first; an 'at least' or 'up to' figure at the " \
        "number it states" in flat(out)


def test_one_row_per_commodity_holding_every_deal_of_it(run, data):
    out = run("totals", "--data", data, "--by", "commodity", "--today", TODAY).stdout
    rare = [line for line in out.splitlines() if line.startswith("rare-earths")]
    # stuck (100 m) + small (400 m); gone is cancelled
    assert len(rare) == 1 and "USD 500 million" in rare[0]
    assert "rows overlap" in out
    doc = json.loads(run("totals", "--data", data, "--by", "commodity", "-f", "json",
                         "--today", TODAY).stdout)
    keys = [g["key"]["commodity"] for g in doc["groups"]]
    assert sorted(keys) == ["cobalt", "copper", "lithium", "rare-earths"]
    assert doc["overlap"] is True and doc["total"]["deals"] == 4


def test_years_come_in_date_order(run, data):
    doc = json.loads(run("totals", "--data", data, "--by", "year", "-f", "json",
                         "--today", TODAY).stdout)
    assert [g["key"]["year"] for g in doc["groups"]] == ["2023", "2024", "2025"]


def test_binding_means_binding_signed_and_not_ended(run, data):
    doc = json.loads(run("summary", "--data", data, "-f", "json", "--today", TODAY).stdout)
    binding = {g["key"]: sorted(g["deal_ids"]) for g in doc["binding"]}
    # open is an announced loan; stuck a stalled loan never signed; gone is cancelled
    assert binding == {"binding": ["big", "small"], "not yet signed": ["open", "stuck"]}
    out = run("summary", "--data", data, "--today", TODAY).stdout
    assert "Not yet signed: 2 deals" in out


def test_multi_valued_labels_are_sorted(run, tmp_path):
    folder = str(mkdata.build(tmp_path, [
        mkdata.deal("a", partners=("us-co", "cn-co"), value="USD 1 million"),
        mkdata.deal("b", partners=("cn-co", "us-co"), value="USD 2 million")]))
    doc = json.loads(run("totals", "--data", folder, "-f", "json", "--today", TODAY).stdout)
    assert [g["key"]["partner"] for g in doc["groups"]] == ["CN+US"]


def _piped(*args: str, columns: int = 80) -> str:
    env = dict(os.environ, COLUMNS=str(columns), NO_COLOR="1")
    env.pop("DEALTRACK_DATA", None)
    done = subprocess.run([sys.executable, "-m", "dealtrack", *args, "--today", TODAY],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("command", [["summary"], ["totals"], ["totals", "--by", "commodity"],
                                     ["list"], ["shares"], ["timeline"], ["show", "big"]])
def test_no_trailing_spaces_when_piped(data, command):
    out = _piped(*command, "--data", data)
    assert out.strip()
    assert [line for line in out.splitlines() if line != line.rstrip()] == []


@pytest.mark.parametrize("command", [["summary"], ["totals"], ["totals", "--by", "year"]])
def test_numbers_are_never_cut_at_40_columns(data, command):
    out = _piped(*command, "--data", data, columns=40)
    figures = {"summary": ("99.7 %", "0.332 %", "0.0166 %"),
               "totals": ("99.7 %", "0.332 %", "0.0166 %", "100 %"),
               "year": ("100 %", "USD 400 million")}[command[-1]]
    for figure in figures:
        assert any(figure in line for line in out.splitlines()), figure   # never split
    assert all(len(line) <= 40 for line in out.splitlines())


def test_markdown_briefing_is_a_document(run, data):
    result = run("summary", "--data", data, "--format", "markdown", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    assert md.startswith("## Briefing · USD\n")
    assert "**Total value: at least USD 602 billion across the 4 instruments that report a " \
        "value**" in md
    assert "- of which stalled: USD 100 million (1 deal: stuck)\n" in md
    assert "- not counted: 1 cancelled deal, USD 523 million: gone" in md
    assert "| partner | instruments | deals | value | share |\n| --- | ---: | ---: | --- | ---: |" \
        in md
    assert "| CN China | 1 | 1 | at least USD 2 billion | 0.332 % † |" in md
    assert "| Not yet signed | 2 | 2 | at least USD 2.1 billion |" in md
    assert all(line == line.rstrip() for line in md.splitlines())
    # every table row has as many cells as its header
    for block in md.split("\n\n"):
        rows = [r for r in block.splitlines() if r.startswith("|")]
        assert len({r.replace("\\|", "").count("|") for r in rows}) <= 1, block


def test_csv_keeps_the_reported_amount_and_currency(run, tmp_path):
    import csv
    import io

    folder = str(mkdata.mixed(tmp_path))
    rows = list(csv.DictReader(io.StringIO(run("list", "--data", folder, "-f", "csv",
                                               "--today", TODAY).stdout)))
    b = next(r for r in rows if r["id"] == "b-cny")
    # CNY 1 billion at 0.14 (rate of 1 Sep 2025 for a deal of 6 Sep) = USD 140 million
    assert (b["value_low"], b["currency"]) == ("140000000", "USD")
    assert (b["original_low"], b["original_high"], b["original_currency"]) == (
        "1000000000", "1000000000", "CNY")
    rows = list(csv.DictReader(io.StringIO(run("totals", "--data", folder, "-f", "csv",
                                               "--today", TODAY).stdout)))
    cn = next(r for r in rows if r["partner"] == "CN")
    assert (cn["value_low"], cn["original_low"], cn["original_currency"]) == (
        "140000000", "1000000000", "CNY")


PIPELINE = """\
id: pipe
title: A pipeline
instrument: investment
status: cancelled
dates:
  signed: 2025-09-08
  cancelled: 2025-10-01
host: PK
parties:
  - party: pk-co
    role: host
    note: holds 15 % through a subsidiary
  - party: us-co
    role: investor
value:
  amount: 2 billion
  currency: USD
  qualifier: about
  note: pipeline of projects, not money committed
  date: 2025-08
sectors: [mining]
sources:
  - source: src-a
    quote: a pipeline worth about two billion
  - source: src-a
    quote: second quote from the same source
"""


def test_show_gives_value_notes_dates_party_notes_and_every_quote(run, tmp_path):
    folder = mkdata.build(tmp_path, [("deals/pipe.yaml", PIPELINE)])
    result = run("show", "pipe", "--data", str(folder), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    out = flat(result.stdout)
    assert "value ~USD 2 billion" in out
    assert "value date Aug 2025" in out
    assert "value note pipeline of projects, not money committed" in out
    assert "pk-co (Pakistani company, PK) host: holds 15 % through a subsidiary" in out
    assert "us-co (American company, US) investor" in out
    assert '"a pipeline worth about two billion"' in out
    assert '"second quote from the same source"' in out
    assert "cancelled (ended: not counted in totals or shares)" in out
    doc = json.loads(run("show", "pipe", "--data", str(folder), "-f", "json",
                         "--today", TODAY).stdout)["record"]
    assert doc["value_note"] == "pipeline of projects, not money committed"
    assert doc["value_date"] == "2025-08" and doc["ended"] == "cancelled"
    assert doc["parties"][0]["note"] == "holds 15 % through a subsidiary"


SECTIONS_RESERVES = """\
- {id: pk-re, country: PK, commodity: rare-earths, value: USD 6 to 8 trillion,
   sources: [{source: src-a, quote: six to eight}]}
- {id: au-re, country: AU, commodity: rare-earths, value: USD 1 trillion,
   sources: [{source: src-b, quote: one}]}
"""
SECTIONS_EVENTS = """\
- {id: ev-pk, date: 2025-09-10, kind: statement, title: About the PK deal, deals: [pk-old],
   sources: [{source: src-a}]}
- {id: ev-au, date: 2025-09-11, kind: statement, title: About the AU deal, deals: [au-new],
   sources: [{source: src-a}]}
"""
SECTIONS_CLAIMS = """\
- {id: cl-pk, claim: Something about PK, verdict: false, about: [pk-old], made: 2023-06,
   sources: [{source: src-a}]}
- {id: cl-au, claim: Something about AU, verdict: disputed, about: [au-new], made: 2025-10,
   sources: [{source: src-a}]}
- {id: cl-undated, claim: Undated about PK, verdict: false, about: [pk-old],
   sources: [{source: src-a}]}
"""


def test_filters_apply_to_every_section_of_the_briefing(run, tmp_path):
    folder = str(mkdata.build(tmp_path, [
        mkdata.deal("pk-old", value="USD 1 billion", date="2023-05-01",
                    commodities="[rare-earths]"),
        mkdata.deal("au-new", host="AU", value="USD 2 billion", date="2025-09-01",
                    commodities="[rare-earths]")],
        reserves=SECTIONS_RESERVES, events=SECTIONS_EVENTS, claims=SECTIONS_CLAIMS))
    doc = json.loads(run("summary", "--data", folder, "--host", "AU", "-f", "json",
                         "--today", TODAY).stdout)
    assert [r["reserve"] for r in doc["reserves"]] == ["au-re"]
    assert [e["id"] for e in doc["latest_events"]] == ["ev-au"]
    assert [c["id"] for c in doc["claims"]] == ["cl-au"]
    assert "pk-re" not in doc["quality"]["single_source"]    # a PK reserve is not in it
    doc = json.loads(run("summary", "--data", folder, "--since", "2025", "-f", "json",
                         "--today", TODAY).stdout)
    # pk-old (2023) is outside the window: its claims (made 2023, or undated) go with it
    assert doc["deals"] == 1 and [c["id"] for c in doc["claims"]] == ["cl-au"]
    assert [e["id"] for e in doc["latest_events"]] == ["ev-au", "ev-pk"]  # dated in window
    out = run("summary", "--data", folder, "--host", "AU", "--today", TODAY).stdout
    assert "pk-re" not in out and "Something about PK" not in out


@pytest.mark.parametrize("columns", [44, 50, 56, 62, 70])
def test_shares_are_whole_at_every_width(data, columns):
    out = _piped("totals", "--data", data, columns=columns)
    for figure in ("99.7 %", "0.332 % †", "0.0166 %"):
        assert any(figure in line for line in out.splitlines()), (columns, figure)
    assert all(len(line) <= columns for line in out.splitlines())


def test_an_ended_deal_without_a_rate_does_not_stop_the_report(run, tmp_path):
    folder = str(mkdata.build(tmp_path, [
        mkdata.deal("kept", value="USD 10 million"),
        mkdata.deal("dropped", value="EUR 5 million", status="expired")]))
    result = run("totals", "--data", folder, "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert "not counted: 1 expired deal: dropped (not converted to USD, no rate: dropped)" \
        in flat(result.stdout)
    # counted, it needs its rate like any other figure
    counted = run("totals", "--data", folder, "--include-ended", "--today", TODAY)
    assert counted.exit_code == 1 and "DT401" in counted.stderr


def test_shares_with_a_host_shows_that_hosts_estimates(run, tmp_path):
    folder = str(mkdata.build(tmp_path, [
        mkdata.deal("pk-old", value="USD 1 billion", date="2023-05-01",
                    commodities="[rare-earths]")], reserves=SECTIONS_RESERVES))
    doc = json.loads(run("shares", "--data", folder, "--host", "PK", "-f", "json",
                         "--today", TODAY).stdout)
    assert [r["reserve"] for r in doc["reserves"]] == ["pk-re"]
    # 1 bn of [6, 8] tn = [0.0125 %, 0.01666… %]
    out = run("shares", "--data", folder, "--host", "PK", "--today", TODAY).stdout
    assert "0.0125 %–0.0167 %" in out and "au-re" not in out


def test_rows_holding_stalled_deals_say_so(run, data):
    out = run("summary", "--data", data, "--today", TODAY).stdout
    assert "of which stalled: JP USD 100 million (stuck)" in flat(out)
    doc = json.loads(run("totals", "--data", data, "-f", "json", "--today", TODAY).stdout)
    jp = next(g for g in doc["groups"] if g["key"]["partner"] == "JP")
    assert jp["stalled_deals"] == ["stuck"]


def test_markdown_briefing_renders_as_a_document(run, tmp_path):
    from markdown_it import MarkdownIt   # ships with Rich

    folder = str(mkdata.build(tmp_path, [
        *deals(), mkdata.deal("about", partners=("jp-bank",), value="about USD 3 billion",
                              date="2025-09-09")]))
    md = run("summary", "--data", folder, "--format", "markdown", "--today", TODAY).stdout
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)
    assert html.startswith("<h2>Briefing · USD</h2>")
    assert html.count("<table>") == 2 and "<h3>By partner: share of the tracked value</h3>" \
        in html
    assert "<td>~USD 3 billion</td>" in html          # '~' is text, never strikethrough
    assert "<s>" not in html and "<del>" not in html
    assert "<li>not counted: 1 cancelled deal, USD 523 million: gone" in html


@pytest.mark.parametrize("columns", [20, 25, 40])
def test_list_never_cuts_a_word_of_a_figure(data, columns):
    out = _piped("list", "--data", data, columns=columns)
    words = set(out.split())
    assert {"million", "billion", "600", "523"} <= words      # whole words, not "millio n"
    assert all(len(line) <= columns for line in out.splitlines())


def test_shares_leave_ended_deals_out_unless_named(run, tmp_path):
    folder = str(mkdata.build(tmp_path, deals(), reserves=SECTIONS_RESERVES))
    doc = json.loads(run("shares", "--data", folder, "--reserve", "pk-re", "-f", "json",
                         "--today", TODAY).stdout)
    [block] = doc["reserves"]
    # stuck (100 m) and small (400 m) count against PK rare earths; gone is cancelled
    assert sorted(d["deal"] for d in block["deals"]) == ["small", "stuck"]
    assert block["total"]["value"]["low"] == "500000000" and block["not_counted"] == ["gone"]
    out = run("shares", "--data", folder, "--reserve", "pk-re", "--today", TODAY).stdout
    assert "not counted (cancelled or expired): gone" in flat(out)
    named = json.loads(run("shares", "gone", "--data", folder, "--reserve", "pk-re", "-f",
                           "json", "--today", TODAY).stdout)
    assert [d["deal"] for d in named["reserves"][0]["deals"]] == ["gone"]


def test_an_estimate_the_filters_leave_out_needs_no_rate(run, tmp_path):
    reserves = SECTIONS_RESERVES.replace("value: USD 1 trillion", "value: AUD 1 trillion")
    folder = str(mkdata.build(tmp_path, [
        mkdata.deal("pk-old", value="USD 1 billion", commodities="[rare-earths]")],
        reserves=reserves))
    assert run("summary", "--data", folder, "--today", TODAY).exit_code == 1   # AUD: no rate
    result = run("summary", "--data", folder, "--partner", "US", "-f", "json",
                 "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert [r["reserve"] for r in json.loads(result.stdout)["reserves"]] == ["pk-re"]
