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
