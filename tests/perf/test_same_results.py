"""Speed never changes a result: cached, uncached, serial and parallel runs agree byte for byte.

The corpora come from benchmarks/gen_corpus.py: large enough (over
``PARALLEL_MIN_FILES``) that the parallel path really forks, and one of them
with a fifth of its files broken in every way the generator knows.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dealtrack.load import check_dataset, load_dataset
from dealtrack.load import files as load_files

REPO = Path(__file__).resolve().parents[2]
TODAY = "2025-12-31"
DEALS = 320


def _generator():
    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "benchmarks" / "gen_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=["valid", "invalid"])
def corpus(request, tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp(request.param) / "deals"
    gen = _generator()
    gen.main([str(DEALS), str(root)] + (["--invalid", "0.25"] if request.param == "invalid" else []))
    return str(root)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("DEALTRACK_CACHE_DIR", str(path))
    return path


def _cli(args: list[str], jobs: int, monkeypatch) -> tuple[int, str, str]:
    from dealtrack.cli.app import app

    monkeypatch.setenv("DEALTRACK_JOBS", str(jobs))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def test_generated_corpora_are_what_the_tests_need(corpus):
    """The valid corpus is clean and the broken one has findings of many kinds."""
    checked = check_dataset(corpus, today=datetime.date(2025, 12, 31), jobs=1)
    assert len(checked.files) > load_files.PARALLEL_MIN_FILES
    codes = {d.code for d in checked.diagnostics}
    if "invalid" in corpus:
        assert len(codes) >= 10
    else:
        assert codes == set()


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_validate_output_identical_serial_parallel_cached(corpus, cache_dir, monkeypatch, fmt):
    args = ["validate", "--data", corpus, "--today", TODAY, "--format", fmt]
    serial = _cli(args + ["--no-cache"], 1, monkeypatch)
    parallel = _cli(args + ["--no-cache"], 2, monkeypatch)
    cold = _cli(args, 2, monkeypatch)          # fills the cache
    warm = _cli(args, 1, monkeypatch)          # per-file results and the stored check result
    warm_parallel = _cli(args, 2, monkeypatch)
    assert serial[0] == (1 if "invalid" in corpus else 0)
    for other in (parallel, cold, warm, warm_parallel):
        assert other == serial
    assert not list(Path(corpus).rglob(".*")), "the cache must live outside the dataset"
    assert any(cache_dir.glob("*.pack"))


def test_loaded_records_identical_serial_parallel_cached(corpus, cache_dir):
    today = datetime.date(2025, 12, 31)
    serial = load_dataset(corpus, today=today, jobs=1)
    runs = [load_dataset(corpus, today=today, jobs=2),
            load_dataset(corpus, today=today, jobs=2, cache=True),
            load_dataset(corpus, today=today, jobs=1, cache=True)]
    for other in runs:
        assert other.dataset == serial.dataset
        assert other.dataset.files == serial.dataset.files
        assert other.diagnostics == serial.diagnostics
        # field_locs is left out of record equality; it must survive too
        assert [d.field_locs for d in other.dataset.deals] == \
               [d.field_locs for d in serial.dataset.deals]


def _pids(corpus: str, jobs: int, keep) -> set[int]:
    from dealtrack.load.discover import discover

    refs, _ = discover(corpus)
    return {outcome for *_, outcome, _ in load_files.read_files(refs, jobs, keep)}


def test_parallel_really_forks(corpus):
    # ``keep`` runs where each file was parsed (its value is what comes back), so it tells
    # which processes parsed: two with two jobs, this one alone with one.
    import os as _os

    assert len(_pids(corpus, 2, lambda result: _os.getpid())) == 2
    assert _pids(corpus, 1, lambda result: _os.getpid()) == {_os.getpid()}


def test_no_cache_writes_nothing(corpus, cache_dir, monkeypatch):
    code, _, stderr = _cli(["validate", "--no-cache", "--data", corpus, "--today", TODAY], 1,
                           monkeypatch)
    assert "files checked" in stderr
    assert not cache_dir.exists() or not any(cache_dir.iterdir())
    _cli(["validate", "--data", corpus, "--today", TODAY], 1, monkeypatch)
    assert any(cache_dir.glob("*.pack"))


def _golden_roots() -> list[Path]:
    cases = REPO / "tests" / "cases"
    return sorted(p.parent for p in cases.glob("*/*/expected.txt"))


def test_validate_keeping_outlines_finds_what_whole_deals_give(corpus):
    # validate checks each deal as it is read and keeps only its outline; the analysis
    # commands load whole deals and run every check at the end. Same findings, always.
    today = datetime.date(2025, 12, 31)
    for jobs in (1, 2):
        whole = load_dataset(corpus, today=today, jobs=jobs).diagnostics
        assert check_dataset(corpus, today=today, jobs=jobs).diagnostics == whole
    if "invalid" in corpus:
        codes = {d.code for d in whole}
        assert {"DT202", "DT203", "DT204", "DT301"} <= codes, codes


def test_outlines_agree_on_every_golden_case():
    today = datetime.date(2026, 11, 26)
    roots = _golden_roots()
    assert len(roots) > 30
    for case in roots:
        whole = load_dataset(str(case), today=today).diagnostics
        assert check_dataset(str(case), today=today).diagnostics == whole, case.name


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cache_filled_by_validate_holds_whole_deals(corpus, cache_dir, jobs):
    # validate keeps only outlines, but what it stores for the next command must be the
    # whole file as read: a summary after a validate shows titles, phases and quotes.
    today = datetime.date(2025, 12, 31)
    check_dataset(corpus, today=today, jobs=jobs, cache=True)
    fresh = load_dataset(corpus, today=today, jobs=1)
    cached = load_dataset(corpus, today=today, jobs=1, cache=True)
    assert cached.dataset == fresh.dataset and cached.diagnostics == fresh.diagnostics
    assert any(deal.summary for deal in cached.dataset.deals)
    assert any(c.quote for deal in cached.dataset.deals for c in deal.sources)


def test_reports_and_validate_share_the_stored_findings(corpus, cache_dir, monkeypatch):
    # Whichever runs first stores its findings; the other, over the same files, takes
    # them instead of running the whole-dataset checks again. Same findings either way.
    from dealtrack import rules
    from dealtrack.load import cache

    # The corpus was written moments ago; trust its stat signatures as if it were older.
    trusting = cache.ParseCache(trust_margin_ns=-10 ** 11)
    today = datetime.date(2025, 12, 31)
    fresh = load_dataset(corpus, today=today, jobs=1)
    check_dataset(corpus, today=today, jobs=1, cache=trusting)
    ran = []
    real = rules.run_rules
    monkeypatch.setattr(rules, "run_rules", lambda *a, **k: ran.append(1) or real(*a, **k))
    report = load_dataset(corpus, today=today, jobs=1, cache=trusting)
    assert ran == [] and report.diagnostics == fresh.diagnostics
    assert report.dataset == fresh.dataset
    # another day is another question: the checks run again
    later = datetime.date(2026, 1, 1)
    expected = load_dataset(corpus, today=later, jobs=1).diagnostics
    load_dataset(corpus, today=later, jobs=1, cache=trusting)
    assert len(ran) == 2   # the uncached load above, and this one
    # and validate answers from what that report stored, without reading a single file
    class Answering(cache.ParseCache):
        def open(self, root):
            pack = super().open(root)
            pack.read_through = lambda *a, **k: pytest.fail("loaded again")
            return pack

    answering = Answering(trust_margin_ns=-10 ** 11)
    assert check_dataset(corpus, today=later, jobs=1, cache=answering).diagnostics == expected


def test_a_worker_that_dies_costs_time_not_results(corpus):
    # A worker killed mid-run (out of memory, say) never reports back: the files it took
    # are parsed here at the end, and the result is what a serial run gives.
    import os as _os

    from dealtrack.load.discover import discover

    parent = _os.getpid()

    def die_in_a_worker(result):
        if _os.getpid() != parent:
            _os._exit(9)     # it took a chunk of files, and died without a word
        return result

    refs, _ = discover(corpus)
    serial = sorted((o[0], o[3], o[4]) for o in load_files.read_files(refs, 1))
    died = sorted((o[0], o[3], o[4]) for o in load_files.read_files(refs, 2, die_in_a_worker))
    assert died == serial and len(serial) == len(refs)


def test_dataset_checks_read_only_what_an_outline_keeps():
    # validate keeps a DealOutline of each deal; a dataset check that read a field only whole
    # deals have (value, title ...) would fail here, not silently differ between commands.
    from dataclasses import replace

    from dealtrack.load import load_dataset
    from dealtrack.model import DealOutline
    from dealtrack.rules import check_whole, options_for

    loaded = load_dataset(str(REPO / "deals"), check=False)
    outlines = replace(loaded.dataset, deals=tuple(d.outline() for d in loaded.dataset.deals))
    assert all(type(d) is DealOutline and not hasattr(d, "value") for d in outlines.deals)
    options = options_for(None)
    assert check_whole(outlines, options) == check_whole(loaded.dataset, options)
