"""Real temporary git repositories for the git-facing tests (diff, log, textconv, git-setup)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent / "deals"

ENV = {"GIT_AUTHOR_NAME": "Ada Analyst", "GIT_AUTHOR_EMAIL": "ada@example.org",
       "GIT_COMMITTER_NAME": "Ada Analyst", "GIT_COMMITTER_EMAIL": "ada@example.org",
       "GIT_CONFIG_NOSYSTEM": "1"}


class Repo:
    """A git work tree holding a copy of the shipped dataset under ``deals/``."""

    def __init__(self, top: Path):
        self.top = top
        self.data = top / "deals"

    def git(self, *args: str) -> str:
        env = {**os.environ, **ENV, "HOME": str(self.top.parent)}
        done = subprocess.run(["git", *args], cwd=self.top, env=env, capture_output=True,
                              text=True, check=True)
        return done.stdout

    def commit(self, message: str, author: str | None = None) -> str:
        self.git("add", "-A")
        args = ["commit", "-q", "-m", message]
        if author:
            args += ["--author", author]
        self.git(*args)
        return self.git("rev-parse", "HEAD").strip()

    def path(self, rel: str) -> Path:
        return self.data / rel

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.path(rel)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def move(self, rel: str, new_rel: str) -> None:
        target = self.path(new_rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", f"deals/{rel}", f"deals/{new_rel}")


def make_repo(tmp_path: Path) -> Repo:
    """A new repository whose first commit is the shipped dataset."""
    top = tmp_path / "repo"
    top.mkdir()
    shutil.copytree(SHIPPED, top / "deals")
    repo = Repo(top)
    repo.git("init", "-q", "-b", "main")
    repo.commit("Shipped dataset")
    return repo


USSM = "pk/ussm-fwo-critical-minerals-2025.yaml"
B2B = "pk/pk-cn-b2b-mous-2025.yaml"
