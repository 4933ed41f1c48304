"""The real command line (``python -m dealtrack``): one usage-error style, the dataset found
from anywhere inside the repository, as git finds its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hardening_support import TIMEOUT

SHIPPED = Path(__file__).resolve().parent.parent.parent / "deals"


def _dealtrack(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DEALTRACK_")}
    base.update(NO_COLOR="1", **env)
    return subprocess.run([sys.executable, "-m", "dealtrack", *args], cwd=cwd, env=base,
                          capture_output=True, text=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("args, says", [
    (["fmt", "--no-such-option"], "No such option: --no-such-option"),
    (["log"], "Missing argument 'ID'"),
    (["no-such-command"], "No such command 'no-such-command'"),
    (["summary", "--format", "xml"], "--format must be one of"),
    (["list", "--since", "yesterday-ish"], "--since"),
])
def test_every_usage_error_is_one_line_in_one_style(tmp_path, args, says):
    result = _dealtrack(*args, "--data", str(SHIPPED), cwd=tmp_path) if args[0] not in (
        "no-such-command",) else _dealtrack(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dealtrack: error: "), result.stderr
    assert says in lines[0]
    assert "Usage:" not in result.stderr and result.stdout == ""


def test_no_arguments_prints_the_help(tmp_path):
    result = _dealtrack(cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: ") and "validate" in result.stdout


@pytest.mark.parametrize("where", ["deals", "deals/pk", "docs"])
def test_the_dataset_is_found_from_inside_it_or_beside_it(tmp_path, where):
    top = tmp_path / "repo"
    shutil.copytree(SHIPPED, top / "deals")
    (top / "docs").mkdir()
    cwd = top / where
    result = _dealtrack("validate", cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert "files checked" in result.stderr
    broken = top / "deals" / "pk" / "broken.yaml"
    broken.write_text("id: [\n")
    result = _dealtrack("validate", cwd=cwd)
    assert result.returncode == 1
    path = result.stderr.splitlines()[0].split(":")[0]
    assert (cwd / path).resolve() == broken.resolve()      # opens from where the user is
    # Outside any dataset: the one-line error, as before.
    outside = _dealtrack("validate", cwd=tmp_path)
    assert outside.returncode == 2 and "dataset folder not found" in outside.stderr
