"""Datasets for the export, report and import tests: the shipped one, and a hostile copy
whose text tries to run as a formula, as markup or as script everywhere it can."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SHIPPED, TODAY, write  # noqa: F401 - TODAY re-exported for the tests

FORMULA = '=HYPERLINK("http://x")'
SCRIPT = "<script>alert(1)</script>"

HOSTILE_DEAL = f"""\
id: hostile-2025
title: '{FORMULA}'
instrument: loan
status: signed
dates:
  signed: 2025-03
host: PK
parties:
  - party: ussm
    role: lender
    note: "{SCRIPT}"
value:
  amount: 1,250,000,001 to 1,500,000,000
  currency: PKR
  qualifier: about
  note: "+1 <b>bold</b>"
sectors: [mining]
summary: "{SCRIPT} and @SUM(A1) and -2+3"
sources:
  - source: evil-source
    quote: '<img src=x onerror=alert(1)> said {FORMULA}'
  - source: good-source
    quote: a loan of about PKR 1,250,000,001 to 1,500,000,000
"""

HOSTILE_SOURCES = """
- id: evil-source
  title: "<script>alert('source')</script>"
  publisher: "=cmd|' /C calc'!A0"
  date: 2025-03
  kind: news
  url: "javascript:alert(1)"
- id: good-source
  title: A plain news report
  publisher: Example Wire
  date: 2025-03
  kind: news
  url: https://example.org/news?a=1&b=2
"""
GOOD_URL = "https://example.org/news?a=1&b=2"

RATES = """\
- date: 2025-01-01
  from: PKR
  to: USD
  rate: 0.0036
  sources: [{source: babar-2025}]
"""


ENDED_DEALS = {
    "pk/cancelled-plant-2025.yaml": """\
id: cancelled-plant-2025
title: A smelter that was cancelled
instrument: investment
status: cancelled
dates:
  announced: 2025-02
  cancelled: 2025-06
host: PK
parties:
  - party: ussm
    role: investor
value: USD 300 million
binding: true
sectors: [mining]
sources:
  - source: good-source
    quote: a smelter of USD 300 million, since cancelled
""",
    "pk/stalled-loan-2025.yaml": """\
id: stalled-loan-2025
title: A loan of at least USD 2 billion, stalled
instrument: loan
status: stalled
dates:
  signed: 2025-04
  stalled: 2025-08
host: PK
parties:
  - party: ussm
    role: lender
value: at least USD 2 billion
sectors: [mining]
sources:
  - source: good-source
    quote: at least USD 2 billion, now stalled
""",
}


@pytest.fixture
def shipped(tmp_path) -> Path:
    """A private copy of the shipped dataset."""
    root = tmp_path / "deals"
    shutil.copytree(SHIPPED, root)
    return root


@pytest.fixture
def hostile(shipped) -> Path:
    """The shipped dataset plus a deal, a source and a rate full of injection attempts."""
    (shipped / "sources.yaml").write_text(
        (shipped / "sources.yaml").read_text(encoding="utf-8") + HOSTILE_SOURCES,
        encoding="utf-8")
    write(shipped, {"pk/hostile-2025.yaml": HOSTILE_DEAL, "rates.yaml": RATES})
    return shipped


@pytest.fixture
def ended(hostile) -> Path:
    """The hostile dataset plus a cancelled deal (not counted unless --include-ended) and a
    stalled one with an open-ended figure (counted, said stalled, shares on stated figures)."""
    write(hostile, ENDED_DEALS)
    return hostile
