"""Two revisions read together: a blob in both is parsed once, and shown under each one's name.

``diff REV_A REV_B`` parses each distinct (path, blob) once and gives every
revision the result under its own ``REV:path``; with the cache, a later run
finds those results by blob id. None of this may show: same output, each
side's own labels, nothing in the cache with --no-cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dealtrack import gitio
from dealtrack.cli.diff import compare
from dealtrack.load import codec
from dealtrack.load.parse import parse_file
from gitrepo import B2B, USSM, make_repo

CASES = Path(__file__).resolve().parent.parent / "cases"


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path)


@pytest.fixture
def parses(monkeypatch):
    """Every ``parse_file`` call made in this process: ``(relpath, display)``."""
    import dealtrack.load.parse as parse

    calls = []
    real = parse.parse_file

    def spy(relpath, display, data):
        calls.append((relpath, display))
        return real(relpath, display, data)

    monkeypatch.setattr(parse, "parse_file", spy)
    monkeypatch.setenv("DEALTRACK_JOBS", "1")   # every parse here, where the spy sees it
    return calls


def _yaml_files(repo, rev: str) -> list[str]:
    listed = repo.git("ls-tree", "-r", "--name-only", rev, "--", "deals").split()
    return [p for p in listed if p.endswith((".yaml", ".yml"))]


def _loc_paths(side) -> set[str]:
    paths = {d.loc.path for d in side.diagnostics}
    for kind in ("deals", "parties", "sources", "events", "claims", "reserves", "rates"):
        paths |= {r.loc.path for r in getattr(side.dataset, kind)}
    return paths


def test_a_blob_in_both_revisions_is_parsed_once_and_a_second_run_parses_nothing(
        run, repo, parses):
    repo.edit(USSM, "title: USSM–FWO", "title: The USSM–FWO")
    repo.commit("USSM retitled")
    first = run("diff", "HEAD~1", "HEAD", "--data", str(repo.data), "--today", "2026-11-26")
    assert first.exit_code == 0, first.stderr
    assert "title: USSM–FWO critical minerals MoU → The USSM–FWO" in first.stdout
    # every file of HEAD~1 once, and the one file that changed once more
    assert len(parses) == len(_yaml_files(repo, "HEAD~1")) + 1
    assert len(set(relpath for relpath, _ in parses)) == len(_yaml_files(repo, "HEAD~1"))
    parses.clear()
    again = run("diff", "HEAD~1", "HEAD", "--data", str(repo.data), "--today", "2026-11-26")
    assert parses == []                      # every result from the cache, by blob id
    assert (again.stdout, again.stderr, again.exit_code) == (
        first.stdout, first.stderr, first.exit_code)
    as_json = [run("diff", "HEAD~1", "HEAD", "--data", str(repo.data), "--format", "json",
                   "--today", "2026-11-26", *flags).stdout for flags in ([], ["--no-cache"])]
    assert as_json[0] == as_json[1]


def test_a_shared_file_with_problems_is_labelled_with_each_revisions_own_name(repo):
    repo.edit(B2B, "status:", "colour: red\nstatus:")          # DT1xx: an unknown key
    repo.commit("A key the format does not know")
    repo.edit(USSM, "title: USSM–FWO", "title: The USSM–FWO")
    repo.commit("USSM retitled")
    data = repo.path(B2B).read_bytes()
    for cache in (True, False, True):        # the last run: the cache of the first
        diff = compare(str(repo.data), ["HEAD~1", "HEAD"], cache=cache)
        for side in (diff.old, diff.new):
            display = f"{side.label}:deals/{B2B}"
            reference = parse_file(B2B, display, data)
            assert reference.diagnostics, "the file was meant to have a problem"
            found = [d for d in side.diagnostics if d.loc.path.endswith(B2B)]
            assert found == [d for d in reference.diagnostics if d in found] == list(
                reference.diagnostics)
            deal = next(d for d in side.dataset.deals if d.id == "pk-cn-b2b-mous-2025")
            assert deal == reference.records[0]
            assert {p.split(":", 1)[0] for p in _loc_paths(side)} == {side.label}


def test_a_cached_result_never_shows_another_revisions_name(repo):
    repo.edit(USSM, "title: USSM–FWO", "title: The USSM–FWO")
    old = repo.git("rev-parse", "HEAD").strip()
    new = repo.commit("USSM retitled")
    compare(str(repo.data), ["HEAD~1", "HEAD"])          # fills the cache
    diff = compare(str(repo.data), [old[:10], new])       # the same blobs, other names
    assert {p.split(":", 1)[0] for p in _loc_paths(diff.old)} == {old[:10]}
    assert {p.split(":", 1)[0] for p in _loc_paths(diff.new)} == {new}
    assert diff.new.dataset.root == f"{new}:deals"


def test_a_file_whose_text_holds_its_own_name_keeps_that_text(repo):
    name = f"HEAD~1:deals/{B2B}"
    repo.edit(B2B, "title: ", f"title: '{name}' # ")
    repo.commit("A title that looks like a file name")
    repo.edit(USSM, "title: USSM–FWO", "title: The USSM–FWO")
    repo.commit("USSM retitled")
    diff = compare(str(repo.data), ["HEAD~1", "HEAD"])
    for side in (diff.old, diff.new):
        deal = next(d for d in side.dataset.deals if d.id == "pk-cn-b2b-mous-2025")
        assert deal.title == name
        assert deal.loc.path == f"{side.label}:deals/{B2B}"


def test_no_cache_leaves_the_cache_untouched(run, repo, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("DEALTRACK_CACHE_DIR", str(cache))
    repo.edit(USSM, "title: USSM–FWO", "title: The USSM–FWO")
    repo.commit("USSM retitled")
    result = run("diff", "HEAD~1", "HEAD", "--data", str(repo.data), "--no-cache")
    assert result.exit_code == 0 and "The USSM–FWO" in result.stdout
    assert not cache.exists() or list(cache.iterdir()) == []
    cached = run("diff", "HEAD~1", "HEAD", "--data", str(repo.data))
    assert cached.stdout == result.stdout and list(cache.iterdir())


def test_a_damaged_cache_gives_the_same_diff(run, repo, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("DEALTRACK_CACHE_DIR", str(cache))
    repo.edit(USSM, "title: USSM–FWO", "title: The USSM–FWO")
    repo.commit("USSM retitled")
    args = ("diff", "HEAD~1", "HEAD", "--data", str(repo.data), "--format", "json")
    first = run(*args)
    for path in cache.iterdir():
        raw = bytearray(path.read_bytes())
        for i in range(0, len(raw) // 2, 97):   # the entries, not the index at the end
            raw[i] ^= 0x55
        path.write_bytes(bytes(raw))
    damaged = run(*args)
    assert (damaged.stdout, damaged.exit_code) == (first.stdout, first.exit_code)


def test_load_revision_gives_the_same_result_with_and_without_the_cache(repo):
    cold = gitio.load_revision(str(repo.data), "HEAD", cache=True)
    warm = gitio.load_revision(str(repo.data), "HEAD", cache=True)
    plain = gitio.load_revision(str(repo.data), "HEAD")
    assert cold == warm == plain


@pytest.mark.parametrize("path", sorted(p for p in CASES.rglob("*.y*ml")),
                         ids=lambda p: str(p.relative_to(CASES)))
def test_a_result_encoded_without_its_name_reads_back_under_any_name(path):
    """Every golden file, valid or not: relabelled, exactly what a parse under the new name
    gives (or, where the name also occurs in the text, not shared at all)."""
    relpath = str(path.relative_to(CASES)).split("/", 2)[2]
    data = path.read_bytes()
    before, after = f"HEAD~3:deals/{relpath}", f"main:deals/{relpath}"
    encoded = codec.encode_unnamed(parse_file(relpath, before, data), before)
    assert encoded is not None and before.encode() not in encoded
    assert codec.decode_named(encoded, after) == parse_file(relpath, after, data)
    with pytest.raises(ValueError):
        codec.decode(encoded)          # never taken for a whole result
    with pytest.raises(ValueError):
        codec.decode_named(codec.encode(parse_file(relpath, before, data)), after)


def test_a_revision_cache_of_another_dealtrack_or_in_a_folder_others_can_write_is_not_used(
        repo, parses, tmp_path):
    from dealtrack.load.cache import ParseCache

    folder = tmp_path / "cache"
    files = len(_yaml_files(repo, "HEAD"))
    gitio.load_revision(str(repo.data), "HEAD", cache=ParseCache(str(folder), fingerprint="a"))
    assert len(parses) == files
    gitio.load_revision(str(repo.data), "HEAD", cache=ParseCache(str(folder), fingerprint="a"))
    assert len(parses) == files                 # the same dealtrack: all from the cache
    gitio.load_revision(str(repo.data), "HEAD", cache=ParseCache(str(folder), fingerprint="b"))
    assert len(parses) == 2 * files             # another: parsed again
    folder.chmod(0o777)
    gitio.load_revision(str(repo.data), "HEAD", cache=ParseCache(str(folder), fingerprint="b"))
    assert len(parses) == 3 * files             # a folder others may write to: not read
