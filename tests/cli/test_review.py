"""Findings of the held-out review (issues 12-14), each reproduced through the CLI."""

from __future__ import annotations

from conftest import TODAY

from analysis import mkdata
from test_headlines import SECTIONS_RESERVES, deals, flat


def test_summary_text_names_ended_deals_an_estimate_leaves_out_as_markdown_does(run, tmp_path):
    folder = str(mkdata.build(tmp_path, deals(), reserves=SECTIONS_RESERVES))
    for fmt in ("text", "markdown"):
        out = run("summary", "--data", folder, "--format", fmt, "--today", TODAY).stdout
        # 'gone' (cancelled, PK rare earths) is left out of the pk-re estimate: said in both
        assert "not counted (cancelled or expired): gone" in flat(out).replace("\\", ""), fmt


def test_separators_and_tabs_in_a_quote_are_shown_escaped_and_the_lines_still_fit(
        run, tmp_path, monkeypatch):
    path, body = mkdata.deal("sep", value="USD 1 million")
    quote = r"USD 1 million \u2028 paid out \u202e to the fund \u2029 in full \t now"
    body = body.replace("quote: figure as reported", f'quote: "{quote}"')
    folder = str(mkdata.build(tmp_path, [(path, body)]))
    for columns in (40, 80):
        monkeypatch.setenv("COLUMNS", str(columns))
        result = run("show", "sep", "--data", folder, "--today", TODAY)
        assert result.exit_code == 0, result.stderr
        out = result.stdout
        assert all(len(line) <= columns for line in out.splitlines()), out
        # every separator shown as its escape, none dropped at a wrap or taken for a space
        assert not any(c in out for c in "\u2028\u2029\u202e\t"), out
        shown = flat(out).replace(" ", "")
        for escape in (r"\u2028", r"\u202e", r"\u2029", r"\t"):
            assert escape in shown, (escape, out)


def test_the_stated_figure_mark_has_an_ascii_form_that_keeps_the_table_aligned(tmp_path):
    import os
    import subprocess
    import sys

    folder = str(mkdata.build(tmp_path, deals()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEALTRACK_")}
    env.update(PYTHONIOENCODING="ascii", NO_COLOR="1", COLUMNS="100")
    done = subprocess.run([sys.executable, "-m", "dealtrack", "totals", "--by", "partner",
                           "--data", folder, "--today", TODAY], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "\\u2020" not in done.stdout, done.stdout      # not a six-character escape
    lines = done.stdout.splitlines()
    assert any(" % + |" in line for line in lines), done.stdout   # the open-ended row's mark
    assert any(line.startswith("+ shares and order rest on stated figures") for line in lines)
    rows = [line for line in lines if line.count("|") >= 5]
    assert len({len("|".join(line.split("|")[:5])) for line in rows}) == 1, done.stdout


def test_report_reserve_chart_says_no_deal_counts_rather_than_value_not_reported(run, tmp_path):
    folder = str(mkdata.build(tmp_path, deals(), reserves=SECTIONS_RESERVES))
    output = tmp_path / "briefing.html"
    result = run("report", "--data", folder, "--output", str(output), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    html = output.read_text()
    # au-re: no AU deal at all; every deal in the dataset reports a value
    assert "value not reported" not in html
    assert "au-re: estimate USD 1 trillion, no tracked deal counts against it" in html


def test_diff_shares_rest_on_stated_figures_as_totals_does(run, tmp_path):
    from gitrepo import USSM, make_repo

    repo = make_repo(tmp_path)
    deal = repo.top / "deals" / "pk" / "ussm-fwo-critical-minerals-2025.yaml"
    extra = deal.parent / "open-2025.yaml"
    extra.write_text(deal.read_text().replace("id: ussm-fwo-critical-minerals-2025",
                                              "id: open-2025")
                     .replace("value: USD 500 million", "value: at least USD 2 billion")
                     .replace("$500 million", "at least $2 billion"))
    repo.commit("an open-ended deal")
    repo.edit(USSM, "value: USD 500 million", "value: USD 1.5 billion")
    repo.commit("revised")
    result = run("diff", "HEAD~1", "HEAD", cwd=repo.top)
    assert result.exit_code == 0, result.stderr
    shift = next(line for line in result.stdout.splitlines() if "; share" in line)
    # one open-ended deal must not make the other groups' shares read "0 %–…"
    assert "share 0 %" not in flat(result.stdout), result.stdout
    assert "†" in shift and "share of the stated figures" in result.stdout


def test_an_empty_report_says_when_only_ended_deals_matched(run, tmp_path):
    folder = str(mkdata.build(tmp_path, deals()))
    # the PK dataset with only 'gone' (cancelled) selected
    for args in (["summary"], ["summary", "--format", "markdown"], ["totals"]):
        out = flat(run(*args, "--data", folder, "--status", "signed", "--party", "cn-co",
                       "--not-status", "stalled", "--today", TODAY).stdout)
        assert "No deals match." in out, out            # nothing at all matched
        out = flat(run(*args, "--data", folder, "--instrument", "mou", "--party", "cn-co",
                       "--today", TODAY).stdout)
        assert "every matching deal has ended" in out and "not counted: 1 cancelled deal" in out


def test_timeline_marks_the_entries_of_ended_deals_as_docs_say(run, tmp_path):
    import json

    folder = str(mkdata.build(tmp_path, deals()))
    out = run("timeline", "--data", folder, "--today", TODAY).stdout
    assert "Deal gone [cancelled: not counted]" in flat(out), out
    assert "Deal small [" not in flat(out)
    doc = json.loads(run("timeline", "--data", folder, "-f", "json", "--today", TODAY).stdout)
    ended = {e["id"]: e["ended"] for e in doc["entries"] if e["kind"] == "deal"}
    assert ended["gone"] == "cancelled" and ended["small"] is None and ended["stuck"] is None


def test_import_reports_a_blank_required_cell_at_its_own_column(run, tmp_path):
    import shutil
    from pathlib import Path

    examples = Path(__file__).resolve().parents[2] / "docs" / "examples"
    data = tmp_path / "deals"
    shutil.copytree(Path(__file__).resolve().parents[2] / "deals", data)
    sheet = tmp_path / "sheet.csv"
    lines = (examples / "sheet.csv").read_text(encoding="utf-8").splitlines()
    row = lines[1].split(",", 2)
    lines += [",".join(["", *row[1:]]),                         # row 3: no id
              ",".join([row[0] + "-b", "", row[2]])]            # row 4: no title
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("import", "csv", str(sheet), "--map", str(examples / "sheet-map.yaml"),
                 "--data", str(data), "--dry-run", "--today", TODAY)
    assert result.exit_code == 1
    assert f"{sheet}:3:Deal ID: DT102 a deal has no 'id'" in result.stderr, result.stderr
    assert f"{sheet}:4:Deal: DT102 a deal has no 'title'" in result.stderr, result.stderr


def test_a_briefing_of_only_ended_deals_keeps_its_other_sections(run, tmp_path):
    claims = ("- {id: gone-goes-on, claim: The cancelled deal goes on., verdict: false, "
              "about: [gone], sources: [{source: src-a}]}\n")
    folder = str(mkdata.build(tmp_path, deals(), claims=claims))
    for fmt in ("text", "markdown"):
        out = flat(run("summary", "--data", folder, "--instrument", "mou", "--party", "cn-co",
                       "--format", fmt, "--today", TODAY).stdout)
        assert "every matching deal has ended" in out, out
        assert "The cancelled deal goes on." in out, (fmt, out)     # its claim is still shown


def test_a_narrow_range_is_not_rounded_into_a_wider_one(run, tmp_path):
    path, body = mkdata.deal("narrow", value="USD 602.5 to 602.6 billion")
    body = body.replace("quote: figure as reported", "quote: USD 602.5 to 602.6 billion")
    folder = str(mkdata.build(tmp_path, [(path, body)]))
    out = run("list", "--data", folder, "--today", TODAY).stdout
    assert "USD 602.5 to 602.6 billion" in flat(out), out
    assert "602 to 603" not in flat(out)


def test_json_reports_escape_bidi_controls_and_read_back_the_same(run, tmp_path):
    import json

    path, body = mkdata.deal("bidi", value="USD 1 million")
    title = "Loan \u202egnp.exe\u202c to the fund"
    body = body.replace("quote: figure as reported", 'quote: "USD 1 million"')
    body = "\n".join(f'title: "{title.encode("unicode_escape").decode()}"'
                     if line.startswith("title:") else line for line in body.splitlines())
    folder = str(mkdata.build(tmp_path, [(path, body)]))
    for command in (["list"], ["show", "bidi"], ["timeline"]):
        result = run(*command, "--format", "json", "--data", folder, "--today", TODAY)
        assert not any(c in result.stdout for c in "\u202e\u202c"), command
        assert "\\u202e" in result.stdout, command
        assert title in json.dumps(json.loads(result.stdout), ensure_ascii=False), command
