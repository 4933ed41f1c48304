"""The analysis commands read the parse cache too, and never give a different answer."""

from __future__ import annotations

import os

import pytest

from conftest import SHIPPED, TODAY


@pytest.mark.parametrize("command, args", [
    ("summary", []), ("totals", ["--by", "partner"]), ("shares", []), ("timeline", []),
    ("list", []), ("show", ["ussm-fwo-critical-minerals-2025"]),
])
def test_cached_and_uncached_reports_are_identical(run, tmp_path, monkeypatch, command, args):
    cache = tmp_path / "cache"
    monkeypatch.setenv("DEALTRACK_CACHE_DIR", str(cache))
    base = (command, *args, "--data", str(SHIPPED), "--today", TODAY, "--format", "json")
    fresh = run(*base, "--no-cache")
    assert fresh.exit_code == 0, fresh.stderr
    assert not cache.exists() or not any(cache.rglob("*")), "--no-cache wrote to the cache"
    filling = run(*base)
    warm = run(*base)
    assert any(p.is_file() for p in cache.rglob("*")), "the cache was not used"
    assert fresh.stdout == filling.stdout == warm.stdout
    assert fresh.stderr == filling.stderr == warm.stderr
