"""No value from a data file or from git can forge an output line or reach the terminal raw.

Each case plants a line break, an escape sequence, a bidi override or a
Markdown/CSV payload where a user could, and checks what a reader (a
terminal, a CI log, a pull-request comment, a spreadsheet) would get.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from gitrepo import USSM, make_repo
from hardening_support import TODAY, minimal_dataset

FORGED = "deals/pk/fake.yaml:1:1: DT201 forged"
DIAGNOSTIC = re.compile(r"^(?P<path>[^:]+):\d+:\d+: DT\d{3} ")


def _lines_are_honest(stderr: str, root: Path) -> None:
    assert "\x1b" not in stderr and "\u202e" not in stderr
    for line in stderr.splitlines():
        assert "forged" not in line or not line.startswith("deals/pk/fake.yaml"), line
        match = DIAGNOSTIC.match(line)
        if match:
            assert match["path"].startswith(str(root)), line


@pytest.mark.parametrize("text, code", [
    ('"a\\n' + FORGED + '\\x1b[2J": 1\n"a\\n' + FORGED + '\\x1b[2J": 2\n', "DT011"),
    ("x: !<a%0A" + FORGED.replace(" ", "%20") + "%1B[2J> v\n", "DT013"),
    ('parties: "x\\n' + FORGED + '\\x1b[2J"\n', "DT103"),
])
def test_values_in_diagnostics_are_escaped_and_cut(run, tmp_path, text, code):
    root = minimal_dataset(tmp_path / "ds")
    deal = root / "pk" / "ussm-fwo-2025.yaml"
    old = deal.read_text()
    deal.write_text(old.replace("parties:\n", text + "parties:\n", 1) if code != "DT103"
                    else old.replace("sectors: [critical-minerals, mining]\n",
                                     text.replace("parties", "sectors")))
    result = run("validate", "--data", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert f": {code} " in result.stderr, result.stderr
    _lines_are_honest(result.stderr, root)
    assert "\\n" in result.stderr or "\\x" in result.stderr
    github = run("validate", "--data", str(root), "--today", TODAY, "--format", "github")
    assert all(line.startswith("::") for line in github.stdout.splitlines())
    assert "\x1b" not in github.stdout


def test_a_bidi_override_in_a_folder_name_is_shown_escaped(run, tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    folder = root / "pk\u202elmth.exe"
    folder.mkdir()
    (folder / "broken.yaml").write_text("id: [\n")
    result = run("validate", "--data", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert "\u202e" not in result.stderr and "pk\\u202elmth.exe" in result.stderr
    listing = run("list", "--data", str(root), "--today", TODAY)
    assert "\u202e" not in listing.stdout + listing.stderr


def test_log_escapes_authors_subjects_and_diff_refuses_revision_names_with_escapes(run, tmp_path):
    repo = make_repo(tmp_path)
    repo.edit(USSM, "value: USD 500 million", "value: USD 1.5 billion")
    repo.commit("revised\x1b[2J\u202e\x07 value", author="Eve\x1b[31m <eve@example.org>")
    result = run("log", "ussm-fwo-critical-minerals-2025", cwd=repo.top)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "revised\\x1b[2J\\u202e\\x07 value" in result.stdout
    for rev in ("HEAD\x1b[2J", "HEAD\tx", "HEAD\u202e", "main\u2028x"):
        refused = run("diff", rev, cwd=repo.top)
        assert refused.exit_code == 2, refused.stdout
        assert "is not a revision" in refused.stderr
        assert not any(c in refused.stderr for c in "\x1b\t\u202e\u2028")
        assert len(refused.stderr.splitlines()) == 1


def test_diff_markdown_neutralises_mentions_strikethrough_links_and_code_breakout(run, tmp_path):
    repo = make_repo(tmp_path)
    repo.edit(USSM, "title: USSM–FWO critical minerals MoU",
              "title: '@octocat ~~void~~ https://evil.example www.evil.example <b>x</b> [l](u)'")
    repo.git("checkout", "-q", "-b", "x`y`@team")
    result = run("diff", "x`y`@team", "--format", "markdown", cwd=repo.top)
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    assert "@octocat" not in md, [l for l in md.splitlines() if "@octocat" in l]
    assert "~~void~~" not in md and "https://" not in md and "www.evil" not in md
    assert "<b>" not in md and "[l](u)" not in md
    # The branch name stays inside one code span: a fence longer than any backtick run in it.
    heading = md.splitlines()[0]
    assert "``x`y`@team``" in heading


def test_csv_never_holds_a_live_formula(run, tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    deal = root / "pk" / "ussm-fwo-2025.yaml"
    deal.write_text(deal.read_text().replace(
        "title: USSM–FWO critical minerals MoU",
        "title: '=HYPERLINK(\"https://evil.example\",\"click\")'"))
    for command in ("list", "timeline"):
        result = run(command, "--data", str(root), "--format", "csv", "--today", TODAY)
        assert result.exit_code == 0, result.stderr
        cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
        assert "'=HYPERLINK(\"https://evil.example\",\"click\")" in cells
        assert not any(c.startswith(("=", "+", "@")) for c in cells)


@pytest.mark.parametrize("command", [["timeline"], ["summary"], ["list"],
                                     ["show", "ussm-fwo-2025"]])
def test_a_line_break_in_a_title_forges_no_report_line(run, tmp_path, command):
    root = minimal_dataset(tmp_path / "ds")
    deal = root / "pk" / "ussm-fwo-2025.yaml"
    deal.write_text(deal.read_text().replace(
        "title: USSM–FWO critical minerals MoU",
        'title: "USSM MoU\\n2025 Dec   forged entry\\u2028\\u202eevil"'))
    result = run(*command, "--data", str(root), "--today", TODAY)
    # Either the title is refused (a diagnostic, no report) or shown on its one line.
    assert result.exit_code in (0, 1), result.stderr
    out = result.stdout + result.stderr
    assert not any(line.lstrip().startswith("2025 Dec   forged") for line in out.splitlines())
    assert "\u2028" not in out and "\u202e" not in out
