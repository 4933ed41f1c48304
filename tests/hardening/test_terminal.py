"""On a terminal and in narrow locales, as git behaves: paging, NO_COLOR, ASCII fallback.

Reports run in a real pseudo-terminal (``pty``) with a recording pager, and
under ``PYTHONIOENCODING=ascii`` / ``latin-1`` through pipes.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from hardening_support import TIMEOUT, TODAY

SHIPPED = Path(__file__).resolve().parent.parent.parent / "deals"
RECORDER = """import os, sys
data = sys.stdin.buffer.read()
open(sys.argv[1], "wb").write(data)
open(sys.argv[1] + ".less", "w").write(os.environ.get("LESS", "<unset>"))
"""


def _in_terminal(tmp_path: Path, args: list[str], env: dict[str, str]) -> bytes:
    """Run ``dealtrack ARGS`` with stdout on a 80x10 pseudo-terminal; what it printed there."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("DEALTRACK_") and k not in ("NO_COLOR", "LESS", "PAGER",
                                                              "FORCE_COLOR", "TERM")}
    base.update(COLUMNS="80", LINES="10", TERM="xterm-256color", **env)
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "dealtrack", *args], stdout=secondary,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=base,
                            cwd=tmp_path)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=TIMEOUT)
    os.close(primary)
    assert proc.returncode == 0, proc.stderr.read()
    return seen


@pytest.fixture
def recorder(tmp_path):
    script = tmp_path / "pager.py"
    script.write_text(RECORDER)
    return f"{sys.executable} {script} {tmp_path / 'paged.txt'}", tmp_path / "paged.txt"


REPORT = ["timeline", "--data", str(SHIPPED), "--today", TODAY]


def test_long_output_is_paged_with_less_options_like_git(tmp_path, recorder):
    command, paged = recorder
    _in_terminal(tmp_path, REPORT, {"PAGER": command})
    assert paged.exists() and b"Timeline" in paged.read_bytes()
    assert Path(str(paged) + ".less").read_text() == "FRX"
    # LESS already set is the user's: kept.
    _in_terminal(tmp_path, REPORT, {"PAGER": command, "LESS": "-S"})
    assert Path(str(paged) + ".less").read_text() == "-S"


def test_dealtrack_pager_wins_and_no_color_means_no_escape_codes(tmp_path, recorder):
    command, paged = recorder
    _in_terminal(tmp_path, REPORT, {"PAGER": "false", "DEALTRACK_PAGER": command,
                                    "NO_COLOR": "1"})
    assert b"Timeline" in paged.read_bytes() and b"\x1b" not in paged.read_bytes()


@pytest.mark.parametrize("off", [["--no-pager"], "DEALTRACK_PAGER=", "PAGER=cat"])
def test_paging_can_be_turned_off(tmp_path, recorder, off):
    command, paged = recorder
    env = {"PAGER": command}
    args = REPORT
    if isinstance(off, list):
        args = off + REPORT
    else:
        key, value = off.split("=")
        env[key] = value
    shown = _in_terminal(tmp_path, args, env)
    assert not paged.exists()
    assert b"Timeline" in shown


REPORTS = [["summary"], ["timeline"], ["totals"], ["shares"], ["list"], ["show",
           "ussm-fwo-critical-minerals-2025"], ["validate"], ["summary", "--format", "json"],
           ["list", "--format", "csv"], ["totals", "--format", "markdown"]]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("report", REPORTS, ids=lambda r: "-".join(r))
def test_every_report_runs_in_a_narrow_locale(tmp_path, encoding, report):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEALTRACK_")}
    env.update(PYTHONIOENCODING=encoding, NO_COLOR="1", COLUMNS="100", LC_ALL="C")
    done = subprocess.run([sys.executable, "-m", "dealtrack", *report, "--data", str(SHIPPED),
                           "--today", TODAY], capture_output=True, env=env, timeout=TIMEOUT,
                          cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr
    if encoding == "ascii":
        assert done.stdout.isascii() and done.stderr.isascii()
    if "json" in report:   # escapes, so the very same strings
        utf8 = subprocess.run([sys.executable, "-m", "dealtrack", *report, "--data",
                               str(SHIPPED), "--today", TODAY], capture_output=True,
                              env={**env, "PYTHONIOENCODING": "utf-8"}, timeout=TIMEOUT,
                              cwd=tmp_path)
        assert json.loads(done.stdout) == json.loads(utf8.stdout)
