"""Data that leaves for a browser or a spreadsheet, made inert.

Everything from the data is text: HTML gets it escaped and links only for
``http(s)`` addresses (spreadsheet cells are made inert by ``textsafe.csv_cell``).
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) address with a host; None otherwise
    (``javascript:``, ``data:``, relative paths …)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ord(c) < 33 or c in "\"'<>`\\" for c in url):
        return None
    return url


def link(url: str | None, label: str) -> str:
    """``<a href=…>label</a>`` for a safe address, else the escaped label alone."""
    safe = safe_url(url)
    text = html.escape(label)
    if safe is None:
        return text
    return f'<a href="{html.escape(safe, quote=True)}" rel="noopener noreferrer">{text}</a>'
