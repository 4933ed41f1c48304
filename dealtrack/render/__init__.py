"""Renderers, chosen by report and format name from one registry.

Each entry names ``module:function`` so that a command imports only the
renderer it uses. A renderer takes ``(result, output)`` and writes; it never
computes anything the result does not already hold.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable

REGISTRY: dict[str, dict[str, str]] = {
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
