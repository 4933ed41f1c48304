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
