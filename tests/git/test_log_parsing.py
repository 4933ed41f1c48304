"""`log` reads git's output by a fixed NUL-separated shape: no field text can shift the others."""

from __future__ import annotations

import json

import pytest

from dealtrack import gitio
from dealtrack.errors import DealtrackError
from gitrepo import USSM, make_repo

ID = "ussm-fwo-critical-minerals-2025"


@pytest.mark.parametrize("subject", [
    "value \x01deals/pk/x.yaml\x00 revised",
    "\x01" + "f" * 40 + " forged",
    ":100644 100644 " + "0" * 40 + " " + "1" * 40 + " M",
])
def test_a_subject_holding_separators_is_read_as_a_subject(run, tmp_path, subject):
    repo = make_repo(tmp_path)
    repo.edit(USSM, "value: USD 500 million", "value: USD 1.5 billion")
    # git cuts a message at NUL, so the subject ends there.
    repo.commit(subject.replace("\x00", ""), author="Eve \x01 <eve@example.org>")
    head = repo.git("rev-parse", "HEAD").strip()
    result = run("log", ID, "--format", "json", cwd=repo.top)
    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)["entries"]
    assert [e["commit"] for e in entries][0] == head
    assert len(entries) == 2
    assert entries[0]["subject"].startswith(subject.split("\x00")[0][:5])
    assert entries[0]["email"] == "eve@example.org"
    text = run("log", ID, cwd=repo.top)
    assert text.exit_code == 0, text.stderr
    assert "\x01" not in text.stdout
    assert ("\\x01" in text.stdout) == ("\x01" in subject)


def test_output_of_another_shape_is_an_error_not_data(tmp_path, monkeypatch):
    repo = make_repo(tmp_path)
    found = gitio.find_repo(str(repo.data))
    head = repo.git("rev-parse", "HEAD").strip()
    real = gitio.run_git

    def shifted(args, cwd, **kwargs):
        out = real(args, cwd, **kwargs)
        return out.replace(b"\0", b"\0extra\0", 1) if args[0] == "log" else out

    monkeypatch.setattr(gitio, "run_git", shifted)
    with pytest.raises(DealtrackError, match="unexpected shape"):
        gitio.log_commits(found, head, ["deals"])
