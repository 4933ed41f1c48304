"""The rule catalogue in docs/rules.md and the code agree, code by code and severity."""

import re

from conftest import REPO


def test_every_code_is_documented_with_its_severity():
    from dealtrack.diagnostics import CATALOGUE

    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^### (DT\d{3}) — .*\((error|warning)\)$", text, re.M))
    assert documented == {code: rule.severity for code, rule in CATALOGUE.items()}
