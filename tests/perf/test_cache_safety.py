"""The parse cache is never trusted blindly: any change to a file, to dealtrack or to the
cache itself gives the answer a fresh parse would give."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dealtrack.load import cache, check_dataset, load_dataset

REPO = Path(__file__).resolve().parents[2]
TODAY = datetime.date(2025, 12, 31)

DEAL = """\
id: {id}
title: Test deal
instrument: agreement
status: signed
dates:
  signed: 2024-03-01
host: PK
parties:
  - party: acme
    role: investor
sectors: [mining]
sources:
  - source: src
"""
PARTIES = "- id: acme\n  name: Acme\n  country: US\n  type: company\n"
SOURCES = "- id: src\n  title: A report\n  kind: news\n"


@pytest.fixture
def dataset(tmp_path) -> Path:
    root = tmp_path / "deals"
    (root / "pk").mkdir(parents=True)
    (root / "parties.yaml").write_text(PARTIES)
    (root / "sources.yaml").write_text(SOURCES)
    for name in ("alpha", "beta", "gamma"):
        (root / "pk" / f"{name}.yaml").write_text(DEAL.format(id=name))
    return root


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("DEALTRACK_CACHE_DIR", str(path))
    return path


@pytest.fixture
def trusting() -> cache.ParseCache:
    """A cache that trusts stat signatures at once (normally only for files older than two
    seconds); in ``cache_dir`` like every cache of these tests (DEALTRACK_CACHE_DIR)."""
    return cache.ParseCache(trust_margin_ns=-10**18)


def _codes(root: Path, **kwargs) -> list[str]:
    return [f"{d.loc}: {d.code}" for d in check_dataset(str(root), today=TODAY, **kwargs).diagnostics]


def _edit_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    assert len(old) == len(new)
    info = path.stat()
    path.write_text(path.read_text().replace(old, new, 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns


def test_edit_is_seen_even_with_same_size_and_mtime(dataset, cache_dir, trusting):
    assert _codes(dataset, cache=trusting) == []
    assert _codes(dataset, cache=trusting) == []       # answered from the cache
    _edit_keeping_size_and_mtime(dataset / "pk" / "beta.yaml", "host: PK", "host: XX")
    found = _codes(dataset, cache=trusting)
    assert found == [f"{dataset / 'pk' / 'beta.yaml'}:7:7: DT111"]
    assert _codes(dataset, cache=trusting) == found
    assert _codes(dataset, cache=False) == found


def test_recent_files_are_hashed_not_trusted(dataset, cache_dir):
    """Without the test's trust shortcut, a file written just now is read and hashed again."""
    assert _codes(dataset, cache=True) == []
    pack = cache.Pack(str(dataset))
    assert pack.entries and all(entry[cache.SIG] is None for entry in pack.entries.values())
    (dataset / "pk" / "alpha.yaml").write_text(DEAL.format(id="alpha").replace("PK", "ZZ"))
    assert [c.split(": ")[1] for c in _codes(dataset, cache=True)] == ["DT111"]


def test_added_removed_and_renamed_files(dataset, cache_dir, trusting):
    _codes(dataset, cache=trusting)
    (dataset / "pk" / "gamma.yaml").unlink()
    (dataset / "pk" / "delta.yaml").write_text(DEAL.format(id="gamma"))  # id ≠ file name
    expected = _codes(dataset, cache=False)
    assert [c.split(": ")[1] for c in expected] == ["DT113"]
    assert _codes(dataset, cache=trusting) == expected
    loaded = load_dataset(str(dataset), today=TODAY, cache=trusting)
    assert len(loaded.dataset.files) == 5


def test_today_is_part_of_the_key(dataset, cache_dir, trusting):
    _codes(dataset, cache=trusting)
    early = check_dataset(str(dataset), today=datetime.date(2024, 1, 1), cache=trusting)
    assert [d.code for d in early.diagnostics] == ["DT204"] * 3


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_corrupt_cache_is_ignored_and_rebuilt(dataset, cache_dir, trusting, damage):
    (dataset / "pk" / "beta.yaml").write_text(DEAL.format(id="beta").replace("agreement", "agrement"))
    expected = _codes(dataset, cache=False)
    assert _codes(dataset, cache=trusting) == expected
    for path in list(cache_dir.iterdir()):
        data = bytearray(path.read_bytes())
        if damage == "flip":
            for i in range(0, len(data), 7):
                data[i] ^= 0x55
        elif damage == "truncate":
            data = data[: len(data) // 2]
        elif damage == "garbage":
            data = bytearray(os.urandom(len(data)))
        else:
            data = bytearray()
        path.write_bytes(bytes(data))
    assert _codes(dataset, cache=trusting) == expected
    assert cache.Pack(str(dataset)).entries, "the damaged pack is rebuilt"
    assert _codes(dataset, cache=trusting) == expected


def test_damaged_entry_is_parsed_again(dataset, cache_dir, trusting):
    """One bad result in an otherwise sound pack: that file is parsed afresh, not trusted."""
    load_dataset(str(dataset), today=TODAY, cache=trusting)
    pack = cache.Pack(str(dataset))
    display = str(dataset / "pk" / "beta.yaml")
    offset = pack.entries[display][cache.OFFSET]
    raw = bytearray(Path(pack.path).read_bytes())
    raw[offset + 10] ^= 0xFF
    Path(pack.path).write_bytes(bytes(raw))
    again = load_dataset(str(dataset), today=TODAY, cache=trusting)
    fresh = load_dataset(str(dataset), today=TODAY)
    assert again.dataset == fresh.dataset and again.diagnostics == fresh.diagnostics


def test_other_dealtrack_version_invalidates(dataset, cache_dir, trusting):
    load_dataset(str(dataset), today=TODAY, cache=trusting)
    assert cache.Pack(str(dataset)).entries
    other = "a different dealtrack"
    assert cache.Pack(str(dataset), fingerprint=other).entries == {}
    assert _codes(dataset, cache=cache.ParseCache(trust_margin_ns=-10**18,
                                                  fingerprint=other)) == []


def _fingerprint_of(package_parent: Path) -> str:
    code = "from dealtrack.load.cache import fingerprint; print(fingerprint())"
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=package_parent,
                          capture_output=True, text=True, check=True).stdout.strip()


def test_fingerprint_follows_rules_and_version(tmp_path):
    """Editing a rule, or the version string, gives a different fingerprint (so a fresh cache)."""
    copy = tmp_path / "src"
    shutil.copytree(REPO / "dealtrack", copy / "dealtrack",
                    ignore=shutil.ignore_patterns("__pycache__"))
    first = _fingerprint_of(copy)
    assert _fingerprint_of(copy) == first
    rule = copy / "dealtrack" / "rules" / "dates.py"
    rule.write_text(rule.read_text() + "\n# a changed rule\n")
    second = _fingerprint_of(copy)
    assert second != first
    init = copy / "dealtrack" / "__init__.py"
    init.write_text(init.read_text().replace('__version__ = "', '__version__ = "9', 1))
    assert _fingerprint_of(copy) not in (first, second)


def test_shared_cache_dir_is_not_used(dataset, tmp_path, monkeypatch):
    """A cache folder others may write into is never read (its contents are decoded)."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("DEALTRACK_CACHE_DIR", str(shared))
    assert _codes(dataset, cache=True) == []
    assert list(shared.iterdir()) == []


def test_cache_dir_is_private_and_outside_the_dataset(dataset, cache_dir):
    _codes(dataset, cache=True)
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert sorted(p.suffix for p in cache_dir.iterdir()) == [".check", ".pack"]
    assert not [p for p in dataset.rglob("*") if p.name.startswith(".")]


def test_xdg_cache_home_is_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("DEALTRACK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == str(tmp_path / "xdg" / "dealtrack")
    monkeypatch.setenv("DEALTRACK_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == str(tmp_path / "mine")


def test_decoding_refuses_anything_but_records():
    import pickle

    from dealtrack.load import codec

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    with pytest.raises(ValueError):
        codec.decode(pickle.dumps(Evil()))


def _same_as_fresh(dataset: Path) -> None:
    for load in (load_dataset, check_dataset):
        cached = load(str(dataset), today=TODAY, cache=True)
        fresh = load(str(dataset), today=TODAY)
        assert cached.diagnostics == fresh.diagnostics
        if load is load_dataset:
            assert cached.dataset == fresh.dataset


def test_a_cache_dir_that_is_a_file_turns_the_cache_off(dataset, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("DEALTRACK_CACHE_DIR", str(blocker))
    assert not cache.Pack(str(dataset)).enabled
    _same_as_fresh(dataset)
    assert blocker.read_text() == "x"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_a_link_at_a_cache_file_is_never_read(dataset, cache_dir, trusting):
    # A FIFO would block a reader forever, and a link to /dev/zero never ends: only regular
    # files are opened (the run must finish; the alarm fails it if it hangs).
    import signal

    cache_dir.mkdir(mode=0o700)
    pack = cache.Pack(str(dataset))
    os.mkfifo(pack.check_path)
    os.symlink("/dev/zero", pack.path)
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("a cache file blocked the run"))
    signal.alarm(20)
    try:
        assert cache.Pack(str(dataset)).entries == {}
        _same_as_fresh(dataset)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def test_entries_of_another_shape_are_refused_like_damage(dataset, cache_dir, trusting):
    # Whoever can write the cache can also write matching digests: what an entry decodes to
    # is checked too (a string where a file's result belongs, a record of the wrong type).
    from dealtrack.load import codec
    from dealtrack.load.result import FileResult

    load_dataset(str(dataset), today=TODAY, cache=trusting)
    pack = cache.Pack(str(dataset))
    forged = ["not a result", FileResult("deals", ("a string",), ()),
              FileResult("nonsense", (), ()), FileResult("deals", (), ("not a diagnostic",))]
    displays = sorted(pack.entries)
    for display, value in zip(displays, forged * len(displays)):
        entry = pack.entries[display]
        pack.add(display, entry[cache.SIG], entry[cache.DIGEST], codec.encode(value))
    pack.save(displays)
    assert set(cache.Pack(str(dataset)).entries) == set(displays)
    _same_as_fresh(dataset)


def test_a_stored_check_of_another_shape_is_refused(dataset, cache_dir, trusting):
    from dealtrack.load import codec

    check_dataset(str(dataset), today=TODAY, cache=trusting)
    path = Path(cache.Pack(str(dataset)).check_path)
    raw = path.read_bytes()
    head = raw[:len(cache._CHECK_MAGIC) + 16]    # the magic and the key of this run
    for value in ("junk", (("a.yaml",), ["not a diagnostic"]), ([1], [])):
        body = codec.encode(value)
        path.write_bytes(head + cache.digest(body) + body)
        assert check_dataset(str(dataset), today=TODAY, cache=trusting).diagnostics == \
            check_dataset(str(dataset), today=TODAY).diagnostics


def test_an_index_of_another_shape_is_refused(dataset, cache_dir, trusting):
    import marshal

    load_dataset(str(dataset), today=TODAY, cache=trusting)
    path = Path(cache.Pack(str(dataset)).path)
    raw = marshal.dumps((cache._VERSION, cache.fingerprint(), {"x": ("too", "short")}))
    path.write_bytes(raw + cache._TRAILER.pack(len(raw), cache.digest(raw), cache._MAGIC))
    assert cache.Pack(str(dataset)).entries == {}
    _same_as_fresh(dataset)


def test_an_index_naming_a_file_twice_is_refused(dataset, cache_dir, trusting):
    import marshal

    load_dataset(str(dataset), today=TODAY, cache=trusting)
    path = Path(cache.Pack(str(dataset)).path)
    raw = path.read_bytes()
    length = cache._TRAILER.unpack(raw[-cache._TRAILER.size:])[0]
    version, print_, (displays, *columns) = marshal.loads(raw[-cache._TRAILER.size - length:
                                                               -cache._TRAILER.size])
    index = marshal.dumps((version, print_, (displays[:-1] + displays[:1], *columns)))
    path.write_bytes(raw[:-cache._TRAILER.size - length] + index
                     + cache._TRAILER.pack(len(index), cache.digest(index), cache._MAGIC))
    assert cache.Pack(str(dataset)).entries == {}
    _same_as_fresh(dataset)


def test_a_signature_the_index_cannot_hold_is_not_trusted(dataset, cache_dir, trusting):
    # The index packs each stat signature in 40 bytes; one that does not fit is kept as no
    # signature at all, so that the file is read and hashed again, never taken on trust.
    load_dataset(str(dataset), today=TODAY, cache=trusting)
    pack = trusting.open(str(dataset))
    display = sorted(pack.entries)[0]
    size, mtime, ctime, inode, device = pack.entries[display][cache.SIG]
    blob = next(blob for name, blob in pack.blobs([display]))
    pack.add(display, (size, mtime, ctime, -inode, device), pack.entries[display][cache.DIGEST],
             blob)
    pack.save(sorted(pack.entries))
    again = cache.Pack(str(dataset)).entries
    assert again[display][cache.SIG] is None
    assert all(entry[cache.SIG] is not None for name, entry in again.items() if name != display)
    _same_as_fresh(dataset)


def test_the_cache_is_a_memo_around_the_executor(dataset, tmp_path):
    # The seam the loader uses: ``Pack.read_through`` hands the executor only the files it
    # cannot vouch for, and stores what it parsed in the folder the ParseCache names.
    from dealtrack.load.discover import discover
    from dealtrack.load.files import read_files

    refs, _ = discover(str(dataset))
    own = cache.ParseCache(str(tmp_path / "own"), trust_margin_ns=-10**18)
    asked = []

    def execute(todo, expected):   # a counting wrapper around the plain executor
        asked.append(sorted(todo))
        return read_files(refs, 1, None, todo, expected)

    first, digests = own.open(str(dataset)).read_through(refs, execute)
    assert asked == [list(range(len(refs)))] and all(digests)
    second, again = own.open(str(dataset)).read_through(refs, execute)
    assert asked[1:] == [[]] and second == first and again == digests
    beta = next(i for i, ref in enumerate(refs) if ref.relpath.endswith("beta.yaml"))
    (dataset / "pk" / "beta.yaml").write_text(DEAL.format(id="beta").replace("PK", "ZZ"))
    third, _ = own.open(str(dataset)).read_through(refs, execute)
    assert asked[2:] == [[beta]]
    fresh = [outcome for *_, outcome, _ in sorted(read_files(refs, 1), key=lambda o: o[0])]
    assert third == fresh and third != first
    assert sorted(p.suffix for p in (tmp_path / "own").iterdir()) == [".pack"]
