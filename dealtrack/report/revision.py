"""The git commit a dataset folder is at, for the briefing's footer (None outside git)."""

from __future__ import annotations

from dealtrack.errors import DealtrackError
from dealtrack.report.briefing import Revision


def dataset_revision(root: str) -> Revision | None:
    """HEAD's commit and date, and whether the dataset's files differ from it."""
    from dealtrack.gitio import find_repo, run_git

    try:
        repo = find_repo(root)
        head = run_git(["log", "-1", "--format=%H%x00%cI"], repo.top).decode().strip()
        if not head:
            return None
        commit, _, date = head.partition("\0")
        status = run_git(["status", "--porcelain", "--", repo.prefix or "."], repo.top)
    except DealtrackError:
        return None
    return Revision(commit, date, bool(status.strip()))
