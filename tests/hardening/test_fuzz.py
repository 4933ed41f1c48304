"""Fuzzing the YAML reading and conversion: any bytes in, diagnostics out, never an exception.

The normal run tries a small fixed number of inputs per target. For a long
run (see docs/security.md):

    DEALTRACK_FUZZ_EXAMPLES=200000 pytest tests/hardening/test_fuzz.py -p no:cacheprovider

Every crash found becomes a golden case under tests/cases/invalid/regression-*.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealtrack.load import parse_file
from hardening_support import file_lines

EXAMPLES = int(os.environ.get("DEALTRACK_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CASES = Path(__file__).resolve().parent.parent / "cases"
SEEDS = sorted({p.read_bytes() for p in CASES.glob("valid/*/**/*.yaml")} | {
    p.read_bytes() for p in CASES.glob("invalid/*/**/*.yaml") if p.stat().st_size < 20_000})
NAMES = ["pk/x.yaml", "ussm-fwo-2025.yaml", "parties.yaml", "sources.yaml", "reserves.yaml",
         "events.yaml", "claims.yaml", "rates.yaml"]
# What YAML and the format are made of: indicators, keys, values that mean something.
TOKENS = ["\n", "  ", " ", "- ", ": ", "-", ":", "[", "]", "{", "}", ", ", "&a ", "*a", "!t ",
          "!!python/object:os.system ", "? ", "|", ">-", "'", '"', "#", "%YAML 1.1\n", "---\n",
          "...\n", "\t", "~", "\\", "\ufeff", "\u2028", "\x85", "\r", "\r\n", "\x00", "\x07",
          "id", "title", "status", "dates", "signed", "host", "value", "count", "parties", "party",
          "role", "sources", "source", "quote", "amount", "currency", "rate", "from", "to", "date",
          "NO", "yes", "true", "null", "USD", "PK", "about", "up to", "4.2", "billion", "6 to 8",
          "1,250,000,000", "500_000", "4.2e9", "1e999999", "9" * 30, "2025-09-08", "~2025",
          "2025-02-30", "0000", "é", "日本", "\U0001f600"]

# Codes that stop a file before conversion (a duplicate key, DT011, does not).
REFUSED = {"DT002", "DT003", "DT004", "DT005", "DT010", "DT012", "DT013", "DT014"}
def _check(name: str, data: bytes) -> None:
    result = parse_file(name, name, data)  # must not raise, whatever data holds
    lines = file_lines(data)
    for d in result.diagnostics:
        assert d.loc.path == name
        assert 1 <= d.loc.line <= len(lines), (d, len(lines))
        assert 1 <= d.loc.col <= len(lines[d.loc.line - 1]) + 1, (d, lines[d.loc.line - 1][:80])
        for related in d.related:
            assert 1 <= related.line <= len(lines), d
        assert d.severity in ("error", "warning")
    if {d.code for d in result.diagnostics} & REFUSED:
        assert result.records == (), "a file refused while reading still gave records"


yaml_like = st.lists(st.sampled_from(TOKENS) | st.text(max_size=3), max_size=60).map(
    lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))


@st.composite
def mutated(draw) -> bytes:
    """A real dataset file with a few bytes inserted, deleted or replaced."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "token"]))
        if action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif action == "replace":
            data[at:at + 1] = draw(st.binary(min_size=1, max_size=1))
        else:
            data[at:at] = draw(st.sampled_from(TOKENS)).encode("utf-8", "surrogatepass")
    return bytes(data)


@FUZZ
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=400))
def test_any_bytes(name, data):
    _check(name, data)


@FUZZ
@given(name=st.sampled_from(NAMES), data=yaml_like)
def test_yaml_like_text(name, data):
    _check(name, data)


@FUZZ
@given(name=st.sampled_from(NAMES), data=mutated())
def test_mutated_dataset_files(name, data):
    _check(name, data)
