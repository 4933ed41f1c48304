"""``diff`` of two generated revisions: serial, parallel, cached and uncached runs agree byte
for byte.

Each revision has more files than ``PARALLEL_MIN_FILES``, so the files to parse are
really split between two processes; most blobs are in both revisions, so most results
are shared between them (and, with the cache, found by blob id on the next run). The
broken corpus has a quarter of its files failing in every way the generator knows, in
files shared by both revisions and in files that changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gitrepo import ENV
from test_same_results import DEALS, _generator


@pytest.fixture(scope="module", params=["valid", "invalid"])
def history(request, tmp_path_factory) -> Path:
    """A repository whose ``deals/`` is a generated corpus at HEAD~1 and its next revision
    at HEAD."""
    top = tmp_path_factory.mktemp(request.param) / "repo"
    top.mkdir()
    env = {**os.environ, **ENV, "HOME": str(top.parent)}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=top, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    gen = _generator()
    broken = ["--invalid", "0.25"] if request.param == "invalid" else []
    for revision in (0, 1):
        shutil.rmtree(top / "deals", ignore_errors=True)
        gen.main([str(DEALS), str(top / "deals"), "--revision", str(revision), *broken])
        git("add", "-A")
        git("commit", "-q", "-m", f"revision {revision}")
    return top


def _diff(history: Path, fmt: str, jobs: int, cache: Path | None, monkeypatch):
    from dealtrack.cli.app import app

    monkeypatch.setenv("DEALTRACK_JOBS", str(jobs))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    args = ["diff", "HEAD~1", "HEAD", "--data", str(history / "deals"), "--format", fmt,
            "--today", "2025-12-31"]
    if cache is None:
        args.append("--no-cache")
    else:
        monkeypatch.setenv("DEALTRACK_CACHE_DIR", str(cache))
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_serial_parallel_cached_and_uncached_diffs_agree(history, fmt, tmp_path, monkeypatch):
    reference = _diff(history, fmt, 1, None, monkeypatch)
    assert reference[0] in (0, 1) and reference[1]
    cache = tmp_path / "cache"
    for jobs, where in ((2, None), (2, cache), (2, cache), (1, cache)):   # cold, then warm
        assert _diff(history, fmt, jobs, where, monkeypatch) == reference, (jobs, where)
    assert list(cache.iterdir())
