"""Every key the analysis commands put in their JSON is documented in docs/json.md."""

from __future__ import annotations

import json
import re

import pytest

from conftest import REPO, SHIPPED, TODAY

DOC = (REPO / "docs" / "json.md").read_text(encoding="utf-8")


def _section(name: str) -> str:
    match = re.search(rf"^## {name}\n(.*?)(?=^## |\Z)", DOC, re.M | re.S)
    assert match, f"docs/json.md has no '## {name}' section"
    return match.group(1)


def _keys(value, out: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            out.add(key)
            _keys(item, out)
    elif isinstance(value, list):
        for item in value:
            _keys(item, out)
    return out


@pytest.mark.parametrize("command, args", [
    ("summary", []), ("totals", ["--by", "partner", "--by", "year"]), ("shares", []),
    ("timeline", []), ("list", []), ("show", ["ussm-fwo-critical-minerals-2025"]),
    ("show", ["ussm"]), ("show", ["china-quits-cpec"]), ("show", ["pk-rare-earths"]),
    ("show", ["babar-2025"]), ("show", ["nixon-china-trip-1972"]),
])
def test_json_keys_are_documented(run, command, args):
    result = run(command, *args, "--data", str(SHIPPED), "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["report"] == command and doc["version"] == 1
    text = _section(command) + _section("Shared values")
    if command == "summary":
        text += _section("shares") + _section("timeline")
    if command == "show":
        text += _section("shares")
    # keys that are data, not names (group labels, statuses) are exempt
    data_keys = {"partner", "year", "signed", "announced"} | set(doc.get("verdicts", {}))
    missing = {k for k in _keys(doc, set()) - data_keys if f'"{k}"' not in text
               and f"`{k}`" not in text}
    assert not missing, f"undocumented keys in {command}: {sorted(missing)}"
