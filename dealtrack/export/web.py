"""Data that leaves for a browser or a spreadsheet, made inert.

Everything from the data is text: HTML gets it escaped, links only for
``http(s)`` addresses, and spreadsheets get cells that can never run as a
formula.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet shows as text: ``=1+1`` → ``'=1+1``.

    Reversible (``restore``): a cell that already starts with quotes before a formula
    character gets one more, so ``restore(neutralise(x)) == x`` for every ``x``.
    """
    if cell.lstrip("'")[:1] in FORMULA_START and cell.lstrip("'") != "":
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The cell ``neutralise`` was given."""
    if cell.startswith("'") and cell.lstrip("'")[:1] in FORMULA_START \
            and cell.lstrip("'") != "":
        return cell[1:]
    return cell
