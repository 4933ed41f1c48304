"""``dealtrack report``: the HTML briefing read back with a parser, and in a real browser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import warnings
from decimal import Decimal

import pytest

from conftest import TODAY
from exportdata import FORMULA, GOOD_URL, SCRIPT, ended, hostile, shipped  # noqa: F401 - fixtures
from htmlcheck import Page, png_colours


def _report(run, data, out, *extra):
    result = run("report", "--data", str(data), "--output", str(out), "--today", TODAY, *extra)
    assert result.exit_code == 0, result.stderr
    return Page(out.read_text(encoding="utf-8"))


def _summary(run, data, *extra):
    result = run("summary", "--data", str(data), "--format", "json", "--today", TODAY, *extra)
    return json.loads(result.stdout)


def _money(value) -> str:
    from dealtrack.analysis.money import Range
    from dealtrack.render.fmt import money_text

    if value is None:
        return money_text(None)
    return money_text(Range(Decimal(value["low"]),
                            None if value["high"] is None else Decimal(value["high"]),
                            value["currency"], value["qualifier"]))


def test_page_is_well_formed_and_accessible(run, shipped, tmp_path):
    page = _report(run, shipped, tmp_path / "b.html")
    assert page.problems == []
    assert page.doctype.lower() == "doctype html"
    assert len(page.all("h1")) == 1 and len(page.all("h2")) >= 8
    assert page.all("html")[0]["lang"] == "en"
    for svg in page.all("svg"):
        assert svg["role"] == "img" and svg["aria-labelledby"]
    assert len(page.all("svg")) == 3                       # partners, reserves, timeline
    assert page.all("th") and page.all("caption")
    assert "@media print" in open(tmp_path / "b.html", encoding="utf-8").read()


def test_page_is_self_contained(run, shipped, tmp_path):
    page = _report(run, shipped, tmp_path / "b.html")
    for tag, attrs in page.tags:
        assert "src" not in attrs, (tag, attrs)            # nothing fetched: no img/script src
        if tag == "link":
            pytest.fail(f"external resource {attrs}")
    csp = next(m for m in page.all("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp["content"]
    assert len(page.scripts) == 1


def test_every_headline_figure_of_summary_is_on_the_page(run, shipped, tmp_path):
    page = _report(run, shipped, tmp_path / "b.html")
    summary = _summary(run, shipped)
    text = page.text
    assert f"{summary['deals']} deals standing for {summary['instruments']} instruments" in text
    assert f"Total value: {_money(summary['value'])}" in text
    for group in summary["partners"] + summary["hosts"] + summary["binding"]:
        assert _money(group["value"]) in text
    for block in summary["reserves"]:
        assert _money(block["value"]) in text and _money(block["total"]["value"]) in text
    for claim in summary["claims"]:
        assert claim["claim"] in text
    for ids in summary["quality"].values():
        for record_id in ids:
            assert record_id in text


def test_every_figure_has_its_sources_and_quotes(run, hostile, tmp_path):
    from dealtrack.load import load_dataset

    page = _report(run, hostile, tmp_path / "b.html")
    dataset = load_dataset(str(hostile)).dataset
    hrefs = {a.get("href") for a in page.all("a")}
    text = page.text
    cited = {c.source for r in dataset.deals + dataset.reserves + dataset.claims
             for c in r.sources}
    for source in dataset.sources:
        if source.id in cited and source.url and source.url.startswith("https://"):
            assert source.url in hrefs
    for record in dataset.deals + dataset.reserves + dataset.claims:
        for citation in record.sources:
            assert " ".join(citation.quote.split()) in text, citation.quote
    assert GOOD_URL in hrefs and not any("javascript" in (h or "") for h in hrefs)
    ids = {a.get("id") for _, a in page.tags}
    assert {f"deal-{d.id}" for d in dataset.deals} <= ids
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs if h)


def _notes(data, *filters):
    """What the text summary says under its headline and partner table, for these filters."""
    from dealtrack.analysis.summary import compute_summary
    from dealtrack.load import load_dataset
    from dealtrack.render.summary import QUALITY_IDS
    from dealtrack.render.totals import headline_notes, table_notes

    result = compute_summary(load_dataset(str(data)).dataset, "USD", *filters)
    return [" ".join(line.split()) for line in headline_notes(result.partners, QUALITY_IDS)
            + table_notes(result.partners, limit=QUALITY_IDS)]


def test_page_says_what_is_not_counted_as_summary_does(run, ended, tmp_path):
    page = _report(run, ended, tmp_path / "b.html")
    text = page.text
    notes = _notes(ended)
    assert any(n.startswith("not counted: 1 cancelled deal, USD 300 million: "
                            "cancelled-plant-2025") for n in notes)
    assert any(n.startswith("of which stalled: at least USD 2 billion") for n in notes)
    assert any(n.startswith("† shares and order rest on stated figures") for n in notes)
    for note in notes:
        assert note in text, note
    summary = _summary(run, ended)
    assert f"Total value: {_money(summary['value'])}" in text
    assert {g["key"] for g in summary["binding"]} == {"binding", "not yet signed", "non-binding"}
    for group in summary["binding"]:
        assert group["key"].capitalize() in text and _money(group["value"]) in text
    # the ended deal is listed, marked, and in no total; the open-ended one is marked †
    assert "cancelled-plant-2025" in text and "not counted: cancelled" in text
    assert "37.4 % †" in text and "USD 4.2 billion" in text


def test_figures_are_readable_with_every_digit_in_the_title(run, ended, tmp_path):
    page = _report(run, ended, tmp_path / "b.html")
    assert "~PKR 1.25 to 1.5 billion" in page.text
    titles = [a["title"] for _, a in page.tags if "title" in a]
    assert "~PKR 1.250000001 to 1.5 billion" in titles
    exact = _report(run, ended, tmp_path / "e.html", "--exact", "--include-ended")
    assert "~PKR 1.250000001 to 1.5 billion" in exact.text
    assert not any("title" in a for t, a in exact.tags if t in ("span", "dd", "p"))
    assert "not counted" not in exact.text            # --include-ended counts the cancelled deal
    assert "Ended" in exact.text                      # … as its own binding group
    filtered = _report(run, ended, tmp_path / "f.html", "--not-status", "stalled",
                       "--commodity", "rare-earths")
    assert "stalled-loan-2025" not in filtered.text
    assert "commodity rare-earths · not status stalled" in filtered.text   # as summary says
    assert "1 deal standing for 1 instrument" in filtered.text


def test_filters_and_currency_are_those_of_summary(run, hostile, tmp_path):
    page = _report(run, hostile, tmp_path / "b.html", "--host", "PK")
    summary = _summary(run, hostile, "--host", "PK")
    assert f"Total value: {_money(summary['value'])}" in page.text
    assert "US–Australia" not in page.text
    assert "host PK" in page.text and "0.0036" in page.text  # the filter and the rate used
    failed = run("report", "--data", str(hostile), "--output", str(tmp_path / "e.html"),
                 "--currency", "EUR", "--today", TODAY)
    assert failed.exit_code == 1 and "DT401" in failed.stderr
    assert not (tmp_path / "e.html").exists()


def test_nothing_in_the_data_becomes_markup_or_script(run, hostile, tmp_path):
    out = tmp_path / "b.html"
    page = _report(run, hostile, out)
    raw = out.read_text(encoding="utf-8")
    assert page.problems == []
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    assert SCRIPT in page.text and FORMULA in page.text    # shown as text
    assert "<script>alert" not in raw and "<img" not in raw and "<b>" not in raw
    for _, attrs in page.tags:
        assert not any(k.startswith("on") for k in attrs), attrs
        assert not (attrs.get("href") or "").lower().startswith("javascript")


def test_an_existing_file_is_kept_without_force(run, shipped, tmp_path):
    out = tmp_path / "b.html"
    out.write_text("mine", encoding="utf-8")
    result = run("report", "--data", str(shipped), "--output", str(out), "--today", TODAY)
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    _report(run, shipped, out, "--force")


def test_git_revision_is_named(run, shipped, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x",
           "GIT_COMMITTER_DATE": "2025-10-20T10:00:00+00:00"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "data"]):
        subprocess.run(["git", *args], cwd=shipped, env=env, check=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=shipped, capture_output=True,
                            text=True, check=True).stdout.strip()
    page = _report(run, shipped, tmp_path / "b.html")
    assert f"git commit {commit[:12]} of 20 Oct 2025, 10:00 (UTC+00:00)" in page.text
    assert any(a.get("datetime") == "2025-10-20T10:00:00+00:00" for a in page.all("time"))
    (shipped / "events.yaml").write_text((shipped / "events.yaml").read_text() + "\n")
    assert "uncommitted changes" in _report(run, shipped, tmp_path / "c.html", "--force").text


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_briefing_in_headless_chromium(run, shipped, tmp_path):
    browser = _chromium()
    if browser is None:
        reason = "chromium is not installed (apt-get install chromium): browser test skipped"
        print(reason)
        warnings.warn(reason)  # shown in pytest's summary even with -q
        pytest.skip(reason)
    out = tmp_path / "briefing.html"
    _report(run, shipped, out)
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,1600"]
    dom = subprocess.run(flags + ["--dump-dom", out.as_uri()], capture_output=True, text=True,
                         timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = Page(dom.stdout)
    summary = _summary(run, shipped)
    assert f"Total value: {_money(summary['value'])}" in rendered.text
    assert f"{summary['deals']} deals standing for {summary['instruments']} instruments" \
        in rendered.text
    # The sorting script ran: headings became buttons.
    assert len(rendered.all("button")) >= 8
    shot = tmp_path / "shot.png"
    done = subprocess.run(flags + [f"--screenshot={shot}", out.as_uri()], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    assert png_colours(shot.read_bytes()) > 1, "the screenshot is blank"


def test_timeline_chart_marks_ended_deals_as_the_text_timeline_does(run, tmp_path):
    from conftest import REPO

    root = REPO / "tests" / "cases" / "valid" / "format-1-1"
    def chart(name, *extra):
        _report(run, root, tmp_path / name, *extra)
        page = (tmp_path / name).read_text(encoding="utf-8")
        return page.split('id="timeline-chart"')[1].split("</svg>")[0]

    marked = chart("b.html")
    for title, reason in (("Ma&#x27;aden–MP Materials MoU", "superseded"),
                          ("US EXIM loan to Reko Diq", "part-of")):
        assert f"{title} [{reason}: not counted]" in marked            # the mark's title
        assert f"… [{reason}: not counted]</text>" in marked           # and its label
    assert "not counted]" not in chart("c.html", "--include-ended")   # counted: unmarked


def test_deals_counted_through_another_say_why_not_ended(run, tmp_path):
    """A superseded or part-of deal (format 1.1) is not counted because another deal counts
    it, not because it ended: the page names that reason and does not promise that
    --include-ended counts it."""
    from conftest import REPO

    text = _report(run, REPO / "tests" / "cases" / "valid" / "format-1-1",
                   tmp_path / "b.html").text
    assert "not counted: superseded" in text and "not counted: part-of" in text
    assert "2 are counted through the deal that follows or holds them" in text
    assert "--include-ended counts them" not in text


def test_ended_deals_are_said_to_come_back_with_include_ended(run, ended, tmp_path):
    text = _report(run, ended, tmp_path / "b.html").text
    assert "1 has ended (cancelled; --include-ended counts them)" in text
