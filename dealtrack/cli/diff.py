"""``dealtrack diff [REV_A [REV_B]]``: what changed in the data between two revisions."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dealtrack.cli.common import (DEFAULT_DATA, DataOpt, ExactOpt, NoCacheOpt, TodayOpt,
                                  UsageError, check_choice, format_option, guarded, parse_today)

WORKING_TREE = "working tree"


@guarded
def diff(
    revisions: Annotated[Optional[list[str]], typer.Argument(
        metavar="[REV_A [REV_B]]", help="Compare REV_A with REV_B; with one revision, that "
        "revision with the working tree; with none, HEAD with the working tree.")] = None,
    data: DataOpt = DEFAULT_DATA,
    fmt: format_option("diff") = "text",
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Also exit 1 when the data changed (0 when it did not).")] = False,
    exact: ExactOpt = False,
    today: TodayOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show what changed in the data: records added, removed, moved and changed field by field,
    and the effect on totals by partner and on reserve shares.

    Records are matched by type and id, so a deal moved to another folder is
    reported as moved. Files at a revision are named REV:path (as `git show`
    takes them). Exit 1 when either side has errors or the effect on totals
    cannot be computed (a figure without an exchange rate); the diff still
    shows what loads.

    \b
    Examples:
      dealtrack diff
      dealtrack diff HEAD~1 --exit-code
      dealtrack diff origin/main --format markdown
    """
    from dealtrack.cli.analysis_args import render
    from dealtrack.render import formats
    from dealtrack.render.output import Output

    check_choice("--format", fmt, formats("diff"))
    revisions = list(revisions or [])
    if len(revisions) > 2:
        raise UsageError("diff takes at most two revisions: REV_A [REV_B]")
    result = compare(data, revisions or ["HEAD"], parse_today(today), cache=not no_cache)
    render("diff", fmt, result, Output(), exact)
    if not result.complete or (exit_code and result.changed):
        raise typer.Exit(1)


def compare(data: str, revisions: list[str], today=None, cache: bool = True):
    """Load both sides and diff them.

    Two revisions are read together: a file with the same blob in both is
    parsed once (and, with ``cache``, found in the cache by its blob id). A
    revision and the working tree do not depend on each other: with more than
    one CPU the revision is loaded by a forked child while this process loads
    the working tree.
    """
    import os

    from dealtrack import gitio
    from dealtrack.load import collector_paused
    from dealtrack.analysis.diff import Side, diff_datasets
    from dealtrack.errors import DealtrackError
    from dealtrack.load.files import jobs_wanted
    from dealtrack.load.fork import both

    for rev in revisions:
        gitio.check_revision_name(rev)
    if not os.path.isdir(data):
        raise DealtrackError(f"dataset folder not found: {data} "
                             "(use --data DIR or set DEALTRACK_DATA)")
    repo = gitio.find_repo(data)
    commits = [gitio.resolve(repo, rev) for rev in revisions]  # an unknown one: before any work
    parallel = jobs_wanted(None) > 1

    def side(index: int, loaded: tuple) -> Side:
        dataset, diagnostics, blobs = loaded
        return Side(revisions[index], commits[index], dataset, diagnostics,
                    f"{revisions[index]}:{repo.prefix}", blobs)

    def sides(loads: list[tuple]) -> list[tuple]:
        return [(loaded.dataset, tuple(loaded.diagnostics), blobs) for loaded, blobs in loads]

    # Two whole datasets of records without reference cycles: a collection would walk them
    # all again and again while the effects are computed, and once more when rendering.
    with collector_paused():
        if len(revisions) == 2:
            old, new = sides(gitio.load_revisions(data, revisions, today=today, repo=repo,
                                                  missing_ok=True, commits=commits,
                                                  cache=cache, parallel=parallel))
            return diff_datasets(side(0, old), side(1, new))

        def revision() -> tuple:
            # Its own cat-file process: a pipe is never shared across a fork.
            return sides(gitio.load_revisions(data, revisions, today=today, repo=repo,
                                              missing_ok=True, commits=commits,
                                              cache=cache))[0]

        old, new = both(revision, lambda: working_tree_side(data, today, cache,
                                                            jobs=1 if parallel else None),
                        parallel=parallel)
        return diff_datasets(side(0, old), new)


def working_tree_side(data: str, today=None, cache: bool = True, jobs: int | None = None):
    import os

    from dealtrack.analysis.diff import Side
    from dealtrack.load import load_dataset

    loaded = load_dataset(data, today=today, cache=cache, jobs=jobs)
    root = os.path.normpath(data)
    prefix = "" if root == "." else root + os.sep
    return Side(WORKING_TREE, None, loaded.dataset, tuple(loaded.diagnostics), prefix)


def register(app: typer.Typer) -> None:
    app.command("diff", short_help="Semantic diff of the data between git revisions.")(diff)
