"""Renderers, chosen by report and format name from one registry.

Each entry names ``module:function`` so that a command imports only the
renderer it uses. A renderer takes ``(result, output)`` and writes; it never
computes anything the result does not already hold.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable

REGISTRY: dict[str, dict[str, str]] = {
    "diff": {
        "text": "dealtrack.render.changes:render_diff_text",
        "json": "dealtrack.render.changes:render_diff_json",
        "markdown": "dealtrack.render.changes:render_diff_markdown",
    },
    "log": {
        "text": "dealtrack.render.changes:render_log_text",
        "json": "dealtrack.render.changes:render_log_json",
    },
    "summary": {
        "text": "dealtrack.render.summary:render_text",
        "json": "dealtrack.render.summary:render_json",
        "markdown": "dealtrack.render.summary:render_markdown",
    },
    "totals": {
        "text": "dealtrack.render.totals:render_text",
        "json": "dealtrack.render.totals:render_json",
        "csv": "dealtrack.render.totals:render_csv",
        "markdown": "dealtrack.render.totals:render_markdown",
    },
    "shares": {
        "text": "dealtrack.render.shares:render_text",
        "json": "dealtrack.render.shares:render_json",
        "csv": "dealtrack.render.shares:render_csv",
        "markdown": "dealtrack.render.shares:render_markdown",
    },
    "timeline": {
        "text": "dealtrack.render.timeline:render_text",
        "json": "dealtrack.render.timeline:render_json",
        "csv": "dealtrack.render.timeline:render_csv",
    },
    "show": {
        "text": "dealtrack.render.show:render_text",
        "json": "dealtrack.render.show:render_json",
    },
    "list": {
        "text": "dealtrack.render.listing:render_text",
        "json": "dealtrack.render.listing:render_json",
        "csv": "dealtrack.render.listing:render_csv",
        "markdown": "dealtrack.render.listing:render_markdown",
    },
    "validate": {
        "text": "dealtrack.render.diagnostics:render_text",
        "json": "dealtrack.render.diagnostics:render_json",
        "github": "dealtrack.render.diagnostics:render_github",
    },
}


def formats(report: str) -> list[str]:
    return list(REGISTRY[report])


def renderer(report: str, fmt: str) -> Callable:
    """The function rendering ``report`` as ``fmt``; KeyError for an unknown pair."""
    module, _, name = REGISTRY[report][fmt].partition(":")
    return getattr(import_module(module), name)
