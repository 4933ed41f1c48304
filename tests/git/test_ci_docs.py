"""docs/ci.md's workflow works when copied: each dealtrack step runs as written in a checkout.

The workflow is read from the page, its `run:` steps that call dealtrack are run
in a repository with a pull-request branch (the base fetched as ``origin/main``,
as ``fetch-depth: 0`` gives), and the manifest it points to has the hooks it names.
"""

from __future__ import annotations

import re
import shlex

import yaml

from conftest import REPO
from gitrepo import USSM, make_repo

CI = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")


def _workflow() -> dict:
    block = re.search(r"```yaml\n(# \.github/workflows/deals\.yml\n.*?)```", CI, re.S).group(1)
    return yaml.safe_load(block)


def test_the_workflow_fetches_history_and_runs_every_check_even_after_a_failure():
    steps = _workflow()["jobs"]["deals"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    install = next(s for s in steps if s.get("name") == "Install dealtrack")
    assert "pip install dealtrack\n" not in install["run"] and "git+" in install["run"]
    checks = [s for s in steps if "dealtrack " in s.get("run", "") and "pip" not in s["run"]]
    assert [s["run"].split()[1] for s in checks] == ["validate", "fmt", "diff"]
    assert all(s.get("if", "").startswith("always()") for s in checks[1:])
    assert "v0.1.0" not in CI and "pip install dealtrack " not in CI


def test_each_dealtrack_step_runs_as_written(run, tmp_path):
    repo = make_repo(tmp_path)
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    repo.git("checkout", "-q", "-b", "pr")
    repo.edit(USSM, "title: USSM–FWO critical minerals MoU", "title: USSM–FWO minerals MoU")
    repo.commit("Shorter title")
    steps = _workflow()["jobs"]["deals"]["steps"]
    for step in steps:
        command = step.get("run", "")
        if not command.startswith("dealtrack "):
            continue
        command = command.split(">>")[0].replace("${{ github.base_ref }}", "main")
        args = shlex.split(command)[1:]
        result = run(*args, cwd=repo.top)
        assert result.exit_code == 0, (command, result.stdout, result.stderr)
        if args[0] == "diff":
            assert "title: USSM–FWO critical minerals MoU → USSM–FWO minerals MoU" in result.stdout
            assert result.stdout.startswith("### dealtrack diff: `origin/main`")


def test_the_pre_commit_manifest_has_the_hooks_the_page_names():
    manifest = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    ids = {hook["id"] for hook in manifest}
    named = set(re.findall(r"- id: (dealtrack-[a-z]+)", CI))
    assert named and named <= ids
    validate = next(h for h in manifest if h["id"] == "dealtrack-validate")
    assert validate["always_run"] is True
