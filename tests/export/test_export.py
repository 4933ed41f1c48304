"""``dealtrack export``: every format, through the CLI, checked against what the other
commands print for the same data."""

from __future__ import annotations

import csv
import html
import io
import json
import sqlite3
from decimal import Decimal

import pytest

from conftest import REPO, TODAY
from exportdata import FORMULA, GOOD_URL, ended, hostile, shipped  # noqa: F401 - fixtures


FORMATS = ("csv", "sqlite", "jsonl", "timelinejs")


def _export(run, data, fmt, out, *extra):
    result = run("export", "--data", str(data), "--format", fmt, "--output", str(out),
                 "--today", TODAY, *extra)
    assert result.exit_code == 0, result.stderr
    return result


def _csv(folder, table):
    with open(folder / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


COUNTING = [("hostile", ()), ("ended", ()), ("ended", ("--include-ended",)),
            ("ended", ("--not-status", "stalled", "--not-partner", "CN"))]


def _totals_json(run, data, by, args):
    result = run("totals", "--by", by, "--format", "json", "--data", str(data),
                 "--today", TODAY, *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("dataset,args", COUNTING)
def test_sqlite_totals_equal_totals_json(run, request, tmp_path, dataset, args):
    """The SQL views (REAL sums) and cli_totals (exact) count what totals counts: ended deals
    left out unless --include-ended, binding as signed binding deals, the same filters."""
    data = request.getfixturevalue(dataset)
    out = tmp_path / "deals.db"
    _export(run, data, "sqlite", out, *args)
    db = sqlite3.connect(out)
    for by in ("partner", "host", "binding"):
        totals = _totals_json(run, data, by, args)
        _check_views(db, by, totals)
        _check_cli_totals(db, by, totals, dataset, args)
        _check_originals(run, data, db, by, args)


def _check_views(db, by, totals):
    rows = {r[0]: r[1:] for r in db.execute(
        f"SELECT {by}, instruments, deals, reported_instruments, reported_deals, value_low, "
        f"value_high, currency FROM totals_by_{by}")}
    assert set(rows) == {g["key"][by] for g in totals["groups"]}
    for group in totals["groups"]:
        value = group["value"]
        expected = (group["instruments"], group["deals"], group["reported_instruments"],
                    group["reported_deals"],
                    float(Decimal(value["low"])) if value else None,
                    float(Decimal(value["high"])) if value and value["high"] else None,
                    value["currency"] if value else None)
        got = rows[group["key"][by]]
        assert got[:4] == expected[:4] and got[6] == expected[6]
        # REAL sums: equal to the exact figure to double precision
        for real, exact in zip(got[4:6], expected[4:6]):
            assert real == exact if exact is None else real == pytest.approx(exact, rel=1e-15)
    grand = db.execute("SELECT instruments, deals, value_low, value_high FROM totals").fetchone()
    total = totals["total"]
    value = total["value"] or {}
    assert grand[:2] == (total["instruments"], total["deals"])
    assert grand[2:] == tuple(None if value.get(k) is None else
                              pytest.approx(float(Decimal(value[k])), rel=1e-15)
                              for k in ("low", "high"))
    # every exported deal is either counted or named as not counted
    deals = dict(db.execute("SELECT id, counted FROM deals"))
    not_counted = {i for g in totals["not_counted"] for i in g["deal_ids"]}
    assert {i for i, c in deals.items() if not c} == not_counted
    assert sum(deals.values()) == total["deals"]


def _exact(group) -> tuple:
    value, share = group["value"] or {}, group.get("share") or {}
    stated, stated_share = group.get("stated_value") or {}, group.get("stated_share") or {}
    return (group["instruments"], group["deals"], group.get("reported_deals"), value.get("low"),
            value.get("high"), value.get("qualifier"), share.get("low"), share.get("high"),
            stated.get("low"), stated.get("high"), stated_share.get("low"),
            stated_share.get("high"), "; ".join(group.get("open_ended", ())) or None,
            "; ".join(group["deal_ids"]) or None, "; ".join(group["unreported"]) or None)


def _check_originals(run, data, db, by, args):
    """The figures as reported, per group: as totals --format csv gives them."""
    result = run("totals", "--by", by, "--format", "csv", "--data", str(data), "--today", TODAY,
                 *args)
    assert result.exit_code == 0, result.stderr
    expected = {row[by]: (row["original_low"] or None, row["original_high"] or None,
                          row["original_currency"] or None)
                for row in csv.DictReader(io.StringIO(result.stdout))}
    got = {r[0]: r[1:] for r in db.execute(
        "SELECT key, original_low, original_high, original_currency FROM cli_totals "
        "WHERE by = ?", (by,))}
    assert got == expected


def _check_cli_totals(db, by, totals, dataset, args):
    columns = ("instruments, deals, reported_deals, value_low, value_high, qualifier, share_low, "
               "share_high, stated_low, stated_high, stated_share_low, stated_share_high, "
               "open_ended, deal_ids, unreported")
    rows = {r[0]: r[1:] for r in db.execute(
        f"SELECT key, {columns} FROM cli_totals WHERE by = ?", (by,))}
    assert rows == {g["key"][by]: _exact(g) for g in totals["groups"]}
    total = db.execute(f"SELECT {columns} FROM cli_totals WHERE by = 'total'").fetchone()
    shares = (6, 7, 10, 11)   # the total's share is 1; JSON leaves it out
    assert [x for i, x in enumerate(total) if i not in shares] == [
        x for i, x in enumerate(_exact(totals["total"])) if i not in shares]
    ended = {r[0]: r[1:] for r in db.execute(
        "SELECT key, instruments, deals, value_low, deal_ids FROM cli_totals "
        "WHERE by = 'not counted'")}
    assert ended == {g["reason"]: (g["instruments"], g["deals"], (g["value"] or {}).get("low"),
                                   "; ".join(g["deal_ids"])) for g in totals["not_counted"]}
    stalled = db.execute("SELECT deals, deal_ids FROM cli_totals WHERE by = 'stalled'").fetchone()
    expected = totals["stalled"]
    assert stalled == (None if expected is None else
                       (expected["deals"], "; ".join(expected["deal_ids"])))
    if dataset == "hostile":
        assert any("." in (r[3] or "") for r in rows.values())  # converted: not whole numbers
    if dataset == "ended" and not args:
        assert ended["cancelled"][3] == "cancelled-plant-2025" and stalled


def test_sqlite_keeps_exact_text_beside_real_and_searches(run, hostile, tmp_path):
    out = tmp_path / "x.db"
    result = _export(run, hostile, "sqlite", out)
    db = sqlite3.connect(out)
    row = db.execute("SELECT amount_text, low, low_real, high, qualifier, converted_low, "
                     "converted_high, rate, rate_date FROM deals WHERE id = 'hostile-2025'"
                     ).fetchone()
    assert row == ("about PKR 1,250,000,001 to 1,500,000,000", "1250000001", 1250000001.0,
                   "1500000000", "about", "4500000.0036", "5400000", "0.0036", "2025-01-01")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    fks = db.execute("PRAGMA foreign_key_list(deal_parties)").fetchall()
    assert {(f[2], f[3]) for f in fks} == {("deals", "deal"), ("parties", "party")}
    found = db.execute("SELECT kind, id FROM search WHERE search MATCH 'landmark'").fetchall()
    assert ("claims", "landmark-agreement") in found
    meta = json.loads((tmp_path / "x.metadata.json").read_text(encoding="utf-8"))
    assert meta["title"] and meta["license"] and meta["source"]
    tables = meta["databases"]["x"]["tables"]
    assert tables["deals"]["columns"]["converted_low"]
    assert "x.metadata.json" in result.stderr


def test_csv_tables_keep_exact_figures_and_neutralise_formulas(run, hostile, tmp_path):
    out = tmp_path / "csv"
    _export(run, hostile, "csv", out, "--currency", "USD")
    deals = {r["id"]: r for r in _csv(out, "deals")}
    hostile_row = deals["hostile-2025"]
    assert hostile_row["title"] == "'" + FORMULA
    assert hostile_row["summary"].startswith("<script>")  # text, not a formula: unchanged
    assert hostile_row["value_note"] == "'+1 <b>bold</b>"
    assert (hostile_row["low"], hostile_row["high"], hostile_row["currency"],
            hostile_row["qualifier"]) == ("1250000001", "1500000000", "PKR", "about")
    assert (hostile_row["converted_low"], hostile_row["converted_currency"],
            hostile_row["rate"]) == ("4500000.0036", "USD", "0.0036")
    sources = {r["id"]: r for r in _csv(out, "sources")}
    assert sources["evil-source"]["publisher"].startswith("'=")
    # No cell of any table starts with a formula character.
    for path in out.iterdir():
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in row), row


def test_filters_and_currency_apply(run, shipped, tmp_path):
    out = tmp_path / "au"
    result = run("export", "--data", shipped.name, "--format", "csv", "--output", "au",
                 "--host", "AU", "--today", TODAY, cwd=shipped.parent)   # relative paths
    assert result.exit_code == 0, result.stderr
    deals = _csv(out, "deals")
    assert [(r["id"], r["path"]) for r in deals] == [
        ("us-au-critical-minerals-2025", "au/us-au-critical-minerals-2025.yaml")]
    assert {r["deal"] for r in _csv(out, "deal_parties")} == {"us-au-critical-minerals-2025"}
    assert _csv(out, "reserves") == []  # the only estimate is Pakistan's


def test_missing_rate_writes_what_it_can_and_exits_1(run, hostile, tmp_path):
    out = tmp_path / "eur"
    result = run("export", "--data", str(hostile), "--format", "csv", "--output", str(out),
                 "--currency", "EUR", "--today", TODAY)
    assert result.exit_code == 1
    assert "DT401" in result.stderr
    row = next(r for r in _csv(out, "deals") if r["id"] == "pk-cn-b2b-mous-2025")
    assert row["converted_low"] == "" and row["low"] == "4200000000"


def test_an_ended_deal_without_a_rate_is_a_note_not_an_error(run, ended, tmp_path):
    """Not counted, it rests in no total (summary says so in its "not counted" line): the
    export writes it in its own currency and exits 0; once counted, the rate is needed."""
    deal = ended / "pk" / "cancelled-plant-2025.yaml"
    deal.write_text(deal.read_text(encoding="utf-8").replace("USD 300 million", "ZAR 300 million"),
                    encoding="utf-8")
    out = tmp_path / "out"
    result = run("export", "--data", str(ended), "--format", "csv", "--output", str(out),
                 "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert "DT401" not in result.stderr
    assert ("note: not converted to USD, no rate (deals not counted): cancelled-plant-2025"
            in result.stderr)
    row = next(r for r in _csv(out, "deals") if r["id"] == "cancelled-plant-2025")
    assert (row["counted"], row["currency"], row["low"], row["converted_low"]) == (
        "false", "ZAR", "300000000", "")
    counted = run("export", "--data", str(ended), "--format", "csv", "--output",
                  str(tmp_path / "all"), "--include-ended", "--today", TODAY)
    assert counted.exit_code == 1
    assert "DT401" in counted.stderr and "cancelled-plant-2025" in counted.stderr


def test_jsonl_one_record_a_line(run, hostile, tmp_path):
    out = tmp_path / "d.jsonl"
    _export(run, hostile, "jsonl", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    deal = next(r for r in records if r["table"] == "deals" and r["id"] == "hostile-2025")
    assert deal["title"] == FORMULA and deal["count"] == 1 and deal["is_binding"] is True
    assert deal["low"] == "1250000001"
    assert {r["table"] for r in records} >= {"deals", "citations", "claims", "events"}


def test_timelinejs_dates_keep_their_precision_and_text_is_inert(run, hostile, tmp_path):
    out = tmp_path / "t.json"
    _export(run, hostile, "timelinejs", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert slides["deal-us-au-critical-minerals-2025-signed"]["start_date"] == {
        "year": "2025", "display_date": "~2025"}
    assert slides["deal-pk-cn-b2b-mous-2025-signed"]["start_date"] == {
        "year": "2025", "month": "9", "day": "6", "display_date": "~6 Sep 2025"}
    assert slides["deal-hostile-2025-signed"]["start_date"] == {
        "year": "2025", "month": "3", "display_date": "Mar 2025"}
    hostile_slide = slides["deal-hostile-2025-signed"]
    text = json.dumps(doc)
    assert "<script" not in text and "<img" not in text and "javascript:" not in text
    assert "&lt;script&gt;" in hostile_slide["text"]["text"]  # the source title, escaped
    assert hostile_slide["text"]["text"].count('<a href="') == 1   # the https source only
    assert f'<a href="{html.escape(GOOD_URL)}"' in hostile_slide["text"]["text"]


def test_timelinejs_marks_ended_deals_as_the_text_timeline_does(run, tmp_path):
    """Superseded and part-of deals (format 1.1) read "[superseded: not counted]" in their
    slide's headline, as in dealtrack timeline; --include-ended counts them: no mark."""
    root = REPO / "tests" / "cases" / "valid" / "format-1-1"
    for args, marked in (((), True), (("--include-ended",), False)):
        out = tmp_path / f"t{len(args)}.json"
        _export(run, root, "timelinejs", out, *args)
        slides = {s["unique_id"]: s for s in json.loads(out.read_text("utf-8"))["events"]}
        for slide_id, reason in (("deal-maaden-mp-mou-2025-signed", "superseded"),
                                 ("deal-reko-diq-exim-2025-approved", "part-of")):
            headline = slides[slide_id]["text"]["headline"]
            assert headline.endswith(f" [{reason}: not counted]") is marked, headline
        assert sum("not counted" in s["text"]["headline"] for s in slides.values()) == (
            2 if marked else 0)


def test_outputs_are_never_overwritten_without_force(run, shipped, tmp_path):
    for fmt in FORMATS:
        out = tmp_path / f"out-{fmt}"
        _export(run, shipped, fmt, out)
        before = sorted(p.name for p in tmp_path.iterdir())
        again = run("export", "--data", str(shipped), "--format", fmt, "--output", str(out),
                    "--today", TODAY)
        assert again.exit_code == 2 and "already exists" in again.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary left
        _export(run, shipped, fmt, out, "--force")


def test_force_never_replaces_a_folder_that_is_not_an_export(run, shipped, tmp_path):
    result = run("export", "--data", str(shipped), "--format", "csv", "--output",
                 str(shipped), "--force", "--today", TODAY)
    assert result.exit_code == 2 and "not overwritten" in result.stderr
    assert (shipped / "parties.yaml").exists()
