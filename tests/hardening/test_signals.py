"""Signals and closed pipes at the process boundary: quiet, prompt, nothing left behind.

Real processes (``python -m dealtrack``) get real signals: SIGTERM while
``fmt`` rewrites hundreds of files, SIGINT while a report runs, and a reader
that closes the pipe after one line.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hardening_support import TIMEOUT, minimal_dataset

SHIPPED = Path(__file__).resolve().parent.parent.parent / "deals"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEALTRACK_")}
    env.update(NO_COLOR="1", PYTHONIOENCODING="utf-8")
    return env


def _unformatted(root: Path, count: int) -> Path:
    """A dataset of ``count`` deals that ``fmt`` must rewrite (keys out of order)."""
    minimal_dataset(root)
    text = (root / "pk" / "ussm-fwo-2025.yaml").read_text()
    text = text.replace("instrument: mou\nstatus: signed\n", "status: signed\ninstrument: mou\n")
    for i in range(count):
        (root / "pk" / f"d{i}.yaml").write_text(text.replace("id: ussm-fwo-2025", f"id: d{i}"))
    return root


def _start(*args: str, cwd: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dealtrack", *args], cwd=cwd, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_sigterm_during_fmt_leaves_no_temporary_file(tmp_path):
    rng = random.Random(14)
    stopped = 0
    for attempt in range(4):
        root = _unformatted(tmp_path / f"ds{attempt}", 300)
        before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
        proc = _start("fmt", "--data", str(root), cwd=tmp_path)
        time.sleep(0.4 + rng.random() * 0.8)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=TIMEOUT)
        # 143: stopped mid-way; 0 or -15: it had finished (at interpreter exit Python puts
        # the default SIGTERM action back).
        assert proc.returncode in (0, 128 + signal.SIGTERM, -signal.SIGTERM), err
        assert b"Traceback" not in err
        stopped += proc.returncode == 128 + signal.SIGTERM
        assert [p.name for p in root.rglob("*") if p.name.endswith(".tmp")] == [], (proc.returncode, err)
        for path, old in before.items():  # each file old or new, none cut short
            assert path.read_bytes() in (old, old.replace(b"status: signed\ninstrument: mou\n",
                                                          b"instrument: mou\nstatus: signed\n"))
    assert stopped, "no run was stopped mid-way: the test proved nothing"


def test_ctrl_c_is_one_line_and_exit_130(tmp_path):
    root = _unformatted(tmp_path / "ds", 3000)
    proc = _start("fmt", "--check", "--data", str(root), cwd=tmp_path)
    time.sleep(0.8)
    proc.send_signal(signal.SIGINT)
    started = time.monotonic()
    out, err = proc.communicate(timeout=TIMEOUT)
    assert time.monotonic() - started < 5
    if proc.returncode != 130:
        pytest.skip("the run ended before the signal arrived")
    assert err.decode().splitlines()[-1] == "dealtrack: error: interrupted"
    assert b"Traceback" not in err and b"Aborted" not in err


@pytest.mark.parametrize("command", [["summary"], ["timeline"], ["list"], ["totals"],
                                     ["summary", "--format", "json"], ["validate"]])
def test_a_closed_pipe_ends_quietly_with_gits_status(tmp_path, command):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write, as after `head -1`
    proc = subprocess.run([sys.executable, "-m", "dealtrack", *command, "--data", str(SHIPPED)],
                          cwd=tmp_path, env={**_env(), "COLUMNS": "80"}, stdout=write_end,
                          stderr=subprocess.PIPE, timeout=TIMEOUT)
    os.close(write_end)
    assert b"Traceback" not in proc.stderr and b"Exception ignored" not in proc.stderr
    assert b"error" not in proc.stderr, proc.stderr
    # validate writes nothing to stdout; every report stops as git does (128 + SIGPIPE).
    assert proc.returncode == (0 if command == ["validate"] else 141)


def test_ctrl_c_to_the_whole_process_group_during_a_parallel_load(tmp_path):
    """A terminal sends Ctrl-C to every process of the group: workers included. One line,
    exit 130, promptly, no worker's traceback, and no process of the group left."""
    root = _unformatted(tmp_path / "ds", 3000)
    for attempt in range(3):
        proc = subprocess.Popen([sys.executable, "-m", "dealtrack", "validate", "--no-cache",
                                 "--data", str(root)], cwd=tmp_path,
                                env={**_env(), "DEALTRACK_JOBS": "2"}, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        time.sleep(0.7 + 0.3 * attempt)
        try:
            os.killpg(proc.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        started = time.monotonic()
        out, err = proc.communicate(timeout=TIMEOUT)
        assert time.monotonic() - started < 5
        if proc.returncode != 130:
            continue                                   # finished before the signal
        assert err.decode() == "dealtrack: error: interrupted\n"
        time.sleep(0.5)
        with pytest.raises(ProcessLookupError):       # nothing of the group still running
            os.killpg(proc.pid, 0)
