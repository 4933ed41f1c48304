"""`dealtrack fmt`: canonical key order, every comment kept, idempotent, atomic, --check."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import REPO, SHIPPED, write

MESSY = """\
# deals/pk/messy-2025.yaml — a hand-written file with keys out of order
title: Messy MoU   
id: messy-2025
status: signed
# Dates: the signing is approximate.
dates:
  # in-force came later
  in-force: 2025-10-01
  signed: ~2025-09-06  # two days before
instrument: mou
host: PK
parties:
  # the investor first
  - role: investor   # as reported
    party: ussm
  - party: fwo
    role: host
value: USD 500 million
sectors: [critical-minerals]
summary: >-
  A summary whose folded text
  # is not a comment, but text
sources:
  - quote: worth $500 million
    source: babar-2025
# trailing note about the file
"""


@pytest.fixture
def data(tmp_path):
    root = tmp_path / "deals"
    shutil.copytree(SHIPPED, root)
    write(root, {"pk/messy-2025.yaml": MESSY})
    return root


def _comments(text: str) -> list[str]:
    return sorted(line.split("#", 1)[1].strip() for line in text.splitlines() if "#" in line)


def test_keys_go_in_the_format_order_and_every_comment_is_kept(run, data):
    result = run("fmt", "--data", str(data))
    assert result.exit_code == 0, result.stderr
    messy = data / "pk" / "messy-2025.yaml"
    assert result.stdout == f"{messy}\n"
    text = messy.read_text()
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == ["id", "title", "instrument", "status", "dates", "host", "parties", "value",
                    "sectors", "summary", "sources"]
    assert "  signed: ~2025-09-06  # two days before\n  # in-force came later\n  in-force:" in text
    assert "  - party: ussm\n    role: investor   # as reported\n" in text
    assert "  - source: babar-2025\n    quote: worth $500 million\n" in text
    assert _comments(text) == _comments(MESSY)
    assert "title: Messy MoU\n" in text  # trailing whitespace gone
    assert text.startswith("# deals/pk/messy-2025.yaml")
    assert text.endswith("# trailing note about the file\n")
    assert run("validate", "--data", str(data), "--today", "2026-11-26").exit_code == 0


def test_fmt_is_idempotent_and_the_shipped_data_is_already_canonical(run, data):
    assert run("fmt", "--data", str(data)).exit_code == 0
    before = {p: p.read_bytes() for p in data.rglob("*.yaml")}
    second = run("fmt", "--data", str(data))
    assert second.exit_code == 0 and second.stdout == ""
    assert "0 files reformatted, 11 already canonical" in second.stderr
    assert {p: p.read_bytes() for p in data.rglob("*.yaml")} == before
    shipped = run("fmt", "--check", "--data", str(SHIPPED))
    assert shipped.exit_code == 0, shipped.stdout


def test_check_lists_the_files_and_changes_nothing(run, data):
    messy = data / "pk" / "messy-2025.yaml"
    result = run("fmt", "--check", "--data", str(data))
    assert result.exit_code == 1
    assert result.stdout == f"{messy}\n"
    assert "1 file would be reformatted" in result.stderr
    assert messy.read_text() == MESSY


def test_check_with_github_format_annotates_the_first_line_that_would_change(run, data):
    messy = data / "pk" / "messy-2025.yaml"
    result = run("fmt", "--check", "--format", "github", "--data", str(data))
    assert result.exit_code == 1
    # Line 2 (the title) is the first that moves: the comment on line 1 stays first.
    assert result.stdout == (f"::error file={messy},line=2,title=dealtrack fmt::not in "
                             "canonical form; run `dealtrack fmt` to fix\n")
    assert f"{messy}\n" in result.stderr and "1 file would be reformatted" in result.stderr
    assert messy.read_text() == MESSY


def test_paths_limit_the_files_and_must_be_inside_the_dataset(run, data, tmp_path):
    only = run("fmt", "--check", str(data / "parties.yaml"), "--data", str(data))
    assert only.exit_code == 0
    outside = run("fmt", str(tmp_path), "--data", str(data))
    assert outside.exit_code == 2
    assert "is not inside the dataset folder" in outside.stderr


def test_a_file_that_does_not_parse_is_left_alone_with_the_reason(run, data):
    broken = data / "pk" / "broken-2025.yaml"
    broken.write_text("title: x\nid: [oops\n")
    result = run("fmt", "--data", str(data))
    assert result.exit_code == 1
    assert f"{broken}: does not parse ({broken}:2:" in result.stderr
    assert "fix it first" in result.stderr
    assert broken.read_text() == "title: x\nid: [oops\n"


def test_a_failure_between_write_and_rename_leaves_the_old_file_and_no_temp(run, data,
                                                                             monkeypatch):
    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = run("fmt", "--data", str(data))
    assert result.exit_code == 2
    assert result.stderr.startswith("dealtrack: error: cannot write")
    assert "No space left on device" in result.stderr
    assert (data / "pk" / "messy-2025.yaml").read_text() == MESSY
    assert [p.name for p in (data / "pk").iterdir() if p.name.startswith(".")] == []


KILLED_WRITER = """
import os, sys, time
sys.path.insert(0, {repo!r})
def stall(src, dst):
    open({flag!r}, "w").close()
    time.sleep(60)
os.replace = stall
from dealtrack.cli.app import app
sys.argv = ["dealtrack", "fmt", "--data", {data!r}]
app()
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_killed_fmt_leaves_the_old_file_intact(data, tmp_path, sig):
    flag = tmp_path / "about-to-rename"
    script = KILLED_WRITER.format(repo=str(REPO), flag=str(flag), data=str(data))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not flag.exists():
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(sig)
    proc.wait(timeout=30)
    assert (data / "pk" / "messy-2025.yaml").read_text() == MESSY
    leftovers = [p.name for p in (data / "pk").iterdir() if p.name.startswith(".")]
    if sig == signal.SIGINT:
        assert leftovers == []          # cleaned up on the way out
    else:
        # SIGKILL cannot be caught: the temporary file may remain, hidden from the loader.
        assert all(name.startswith(".messy-2025.yaml.") for name in leftovers)
        from dealtrack.load import load_dataset

        assert all(".tmp" not in f for f in load_dataset(str(data)).dataset.files)


def test_a_symlinked_file_is_formatted_once_and_the_link_stays_a_link(run, data):
    messy = data / "pk" / "messy-2025.yaml"
    link = data / "no" / "link.yaml"
    link.parent.mkdir()
    link.symlink_to("../pk/messy-2025.yaml")
    result = run("fmt", "--data", str(data))
    assert result.stdout == f"{messy}\n"          # once, under its own name
    assert link.is_symlink() and os.readlink(link) == "../pk/messy-2025.yaml"
    assert messy.read_text().startswith("# deals/pk/messy-2025.yaml")
    assert "1 file reformatted, 10 already canonical" in result.stderr
    assert run("fmt", "--check", "--data", str(data)).exit_code == 0
