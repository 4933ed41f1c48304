"""The examples in docs/format.md form a dataset that validates cleanly."""

import re

from conftest import REPO, TODAY


def test_format_examples_are_a_valid_dataset(run, tmp_path):
    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n# file: deals/(\S+)\n(.*?)```", text, re.S)
    assert len(blocks) >= 7
    for rel, body in blocks:
        path = tmp_path / "deals" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    result = run("validate", "--data", str(tmp_path / "deals"), "--today", TODAY, "--strict")
    assert result.exit_code == 0, result.stderr
