"""Worker processes behave: they ignore Ctrl-C (the parent decides) and die with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux processes")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("workers") / "c"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "gen_corpus.py"), "3000",
                    str(root)], check=True, capture_output=True)
    return str(root)


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _start(corpus: str) -> subprocess.Popen:
    env = {**os.environ, "DEALTRACK_JOBS": "3", "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "dealtrack", "validate", "--no-cache",
                                "--data", corpus, "--today", "2025-12-31"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_children_of(process.pid)) < 2:   # the workers are running
        assert process.poll() is None and time.monotonic() < deadline, "no workers started"
        time.sleep(0.02)
    return process


def test_workers_die_with_a_parent_killed_outright(corpus):
    process = _start(corpus)
    workers = _children_of(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived its parent"
        time.sleep(0.05)


def test_ctrl_c_reaches_no_worker(corpus):
    # Ctrl-C goes to the whole process group: the workers ignore it, so none prints a
    # traceback; the parent stops the run (its own handling is the CLI's).
    process = _start(corpus)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert b"Traceback" not in stderr
    assert b"Process " not in stderr   # multiprocessing's "Process Process-1:" banner


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"
