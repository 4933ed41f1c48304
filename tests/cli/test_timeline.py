"""``dealtrack timeline`` on the shipped data: ruler, gap marker, honest precision."""

from __future__ import annotations

import json

from conftest import SHIPPED, TODAY


def test_text(run):
    result = run("timeline", "--data", str(SHIPPED), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    lines = out.splitlines()
    # 1971, 1972, then nothing until 2025: 1973–2024 is 52 years
    assert lines[1].startswith("1971 ▮ ─ 1972 ▮ ─ ┄52 yrs┄ ─ 2025")
    assert "┄┄ 1973–2024: 52 years without entries ┄┄" in out
    # precision as written: approximate day, approximate month, exact day; never padded
    assert "~6 Sep 2025" in out and "~Sep 2025" in out and "~8 Sep 2025" in out
    signed = next(line for line in lines if "ussm-fwo-critical-minerals-2025" in line)
    assert signed.split()[:4] == ["8", "Sep", "2025", "deal"]
    assert "1 Sep 2025" not in out and "01" not in out
    assert all(len(line.rstrip()) <= 80 for line in lines)


def test_json_and_kind(run):
    doc = json.loads(run("timeline", "--data", str(SHIPPED), "--kind", "history", "--format",
                         "json", "--today", TODAY).stdout)
    assert [e["id"] for e in doc["entries"]] == ["kissinger-beijing-visit-1971",
                                                 "nixon-china-trip-1972",
                                                 "gilgit-baltistan-minerals-project-2025"]
    assert doc["entries"][2]["display"] == "~2025"
    assert doc["span"][2] == {"gap": {"from": 1973, "to": 2024, "years": 52}}


def test_bad_kind(run):
    result = run("timeline", "--data", str(SHIPPED), "--kind", "visits")
    assert result.exit_code == 2 and "did you mean 'visit'" in result.stderr


def test_unknown_kind_lists_every_accepted_kind(run):
    result = run("timeline", "--data", str(SHIPPED), "--kind", "zzz")
    assert result.exit_code == 2 and result.stdout == ""
    listed = result.stderr.split("one of: ")[1]
    for kind in ("deal", "event", "claim", "statement", "visit", "signed", "cancelled",
                 "made", "checked"):
        assert kind in listed


def test_long_ruler_is_shortened_to_one_line_never_wrapped(run, tmp_path):
    from analysis import mkdata

    # One deal every 7 years from 1900: a ruler of ~40 tokens, far wider than 80 columns.
    years = list(range(1900, 2026, 7))
    folder = mkdata.build(tmp_path, [mkdata.deal(f"d{y}", date=f"{y}-01-15") for y in years])
    result = run("timeline", "--data", str(folder), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    ruler, after = lines[1], lines[2]
    assert len(ruler) <= 80 and after == ""
    # The first year, an ellipsis for the elided middle, and the latest year, whole tokens.
    assert ruler.startswith(f"{years[0]} ▮ ─ … ─ ") and ruler.endswith(f"{years[-1]} ▮")
    assert "┄6 yrs┄" in ruler and not ruler.endswith("┄")
    # The body still has every year.
    assert all(str(y) in result.stdout for y in years)


def test_narrow_terminals_stack_the_record_under_its_date(run, monkeypatch):
    from rich.cells import cell_len

    for width in (30, 36, 41, 60):
        monkeypatch.setenv("COLUMNS", str(width))
        out = run("timeline", "--today", TODAY).stdout
        assert max(cell_len(line) for line in out.splitlines()) <= width, width
        # an id longer than the line is folded, never cut
        assert "kissinger-beijing-visit-1971" in out.replace("\n    ", "")
    monkeypatch.setenv("COLUMNS", "36")
    lines = run("timeline", "--today", TODAY).stdout.splitlines()
    at = lines.index("  1971 event history")
    assert lines[at + 1] == "    kissinger-beijing-visit-1971"
