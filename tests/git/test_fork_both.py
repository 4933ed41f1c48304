"""``diff`` loads its two sides at once: the child's answer is used, and equals a serial run."""

from __future__ import annotations

import os

from dealtrack.load.fork import both


def test_the_first_load_runs_once_in_a_child_and_its_answer_is_used(tmp_path):
    log = tmp_path / "ran"

    def first():
        with open(log, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        return ("records", 1, b"\x00")

    assert both(first, lambda: "here") == (("records", 1, b"\x00"), "here")
    pids = log.read_text().split()
    assert len(pids) == 1 and pids[0] != str(os.getpid())   # not redone here


def test_a_failing_child_means_the_work_is_redone_here_with_its_own_error(tmp_path):
    calls = []

    def first():
        calls.append(os.getpid())
        raise LookupError("no such thing")

    try:
        both(first, lambda: None)
    except LookupError as exc:
        assert str(exc) == "no such thing"
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("the error was lost")
    assert calls == [os.getpid()]   # the child's attempt is invisible; the parent's raised


class Foreign:
    """Not a dealtrack record: the codec refuses to rebuild it from the child's bytes."""

    def __eq__(self, other):
        return isinstance(other, Foreign)


def test_an_answer_the_codec_refuses_is_recomputed_not_trusted(tmp_path):
    log = tmp_path / "ran"

    def first():
        with open(log, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        return Foreign()

    assert both(first, lambda: 2) == (Foreign(), 2)
    assert str(os.getpid()) in log.read_text().split()   # redone here


def test_diff_in_parallel_equals_diff_in_series(tmp_path, monkeypatch):
    from dealtrack.cli.diff import compare
    from gitrepo import USSM, make_repo

    repo = make_repo(tmp_path)
    repo.edit(USSM, "status: signed", "status: in-force")
    repo.edit(USSM, "  signed: 2025-09-08", "  signed: 2025-09-08\n  in-force: 2025-10-01")
    repo.commit("USSM in force")
    repo.edit(USSM, "USD 500 million", "USD 1.5 billion")   # and a working-tree edit
    results = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("DEALTRACK_JOBS", jobs)
        results[jobs] = (compare(str(repo.data), ["HEAD~1", "HEAD"]),
                         compare(str(repo.data), ["HEAD~1"]))
    assert results["1"] == results["2"]
    two_revisions, with_working_tree = results["2"]
    assert [r.id for r in two_revisions.records] == ["ussm-fwo-critical-minerals-2025"]
    assert with_working_tree.effects != two_revisions.effects   # the value edit counts


def test_unchanged_blobs_are_skipped_without_changing_the_diff(tmp_path):
    # Records whose file has the same blob at the same path are not compared field by
    # field; comparing them all must give exactly the same diff.
    from dataclasses import replace

    from dealtrack.analysis.diff import diff_datasets
    from dealtrack.cli.diff import compare
    from gitrepo import B2B, USSM, make_repo

    repo = make_repo(tmp_path)
    repo.edit(USSM, "status: signed", "status: in-force")
    repo.edit(USSM, "  signed: 2025-09-08", "  signed: 2025-09-08\n  in-force: 2025-10-01")
    repo.move(B2B, "pakistan/china/pk-cn-b2b-mous-2025.yaml")
    repo.commit("USSM in force; B2B moved")
    fast = compare(str(repo.data), ["HEAD~1", "HEAD"])
    assert fast.old.blobs and fast.new.blobs
    slow = diff_datasets(replace(fast.old, blobs={}), replace(fast.new, blobs={}))
    assert [(r.id, r.change, r.fields) for r in fast.records] == \
           [(r.id, r.change, r.fields) for r in slow.records]
    assert {r.change for r in fast.records} == {"changed", "moved"}
    assert fast.effects == slow.effects
