"""Shared test helpers: run the CLI in-process with stdout and stderr kept apart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "deals"
TODAY = "2026-11-26"


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Tests never read or write the user's real parse cache."""
    monkeypatch.setenv("DEALTRACK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def run(monkeypatch):
    """Invoke ``dealtrack ARGS`` as ``main`` does; returns the click Result (``.stdout``, ``.stderr``)."""
    from dealtrack.cli.app import app_for

    monkeypatch.delenv("DEALTRACK_DATA", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")

    def invoke(*args: str, cwd: Path | None = None, input: str | None = None):
        old = os.getcwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            return CliRunner().invoke(app_for(list(args)), list(args), input=input)
        finally:
            os.chdir(old)

    return invoke


def write(root: Path, files: dict[str, str]) -> Path:
    """Create a dataset from ``{relative path: text}``; returns the root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
