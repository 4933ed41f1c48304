"""A cache of per-file parse results, keyed by each file's content, kept outside the dataset.

Where: ``$DEALTRACK_CACHE_DIR``, else ``$XDG_CACHE_HOME/dealtrack``, else
``~/.cache/dealtrack``; one *pack* per dataset root (as spelt on the command
line, since diagnostics show paths that way). A pack holds, for every file,
the BLAKE2b digest of its bytes and its encoded ``FileResult``
(``dealtrack.load.codec``). A result is reused only for a file whose bytes
have that digest, under a pack written by the same *fingerprint*: a hash of
dealtrack's own source files (so any change to the loader or the rules),
the Python and PyYAML versions and pycountry's code lists.

Reading 10,000 files to hash them costs a quarter of parsing them, so, like
git's index, the pack also records each file's ``stat`` signature (size,
mtime, ctime, inode, device): a file whose signature is unchanged is known
to have the recorded digest without being read. Every write to a file moves
its ctime, which user code cannot set back; a signature is trusted only when
the file's ctime was at least two seconds older than the run that recorded
it, so a write landing in the same clock tick as a read is never missed.

Nothing in the cache is trusted blindly: the pack's index carries a digest,
every entry its own digest, and decoding accepts only dealtrack's record
classes. A pack that is damaged, truncated, from another version or
unreadable is ignored (and rewritten by the run). The cache directory is
created private (0700) and is not used at all if it belongs to another user
or others may write to it, because its contents are decoded.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import marshal
import os
import stat
import struct
import sys
import tempfile
import time

from dealtrack.regular import open_regular

_MAGIC = b"DTPACK01"
_CHECK_MAGIC = b"DTCHECK1"
_TRAILER = struct.Struct("<Q16s8s")    # index length, index digest, magic
_LENGTH = struct.Struct("<I")
TRUST_MARGIN_NS = 2_000_000_000        # see the module docstring: racy writes
_VERSION = 2                           # 2: the index in columns (``_Columns``)
_SIGNATURE = struct.Struct("<qqqQQ")   # a ``signature`` packed: size, mtime, ctime, inode, device


def digest(data: bytes) -> bytes:
    """The content key of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


def signature(info: os.stat_result) -> tuple:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def cache_dir() -> str:
    """Where the cache lives; see the module docstring."""
    explicit = os.environ.get("DEALTRACK_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "dealtrack")


_fingerprint: str | None = None


def fingerprint() -> str:
    """A hash of everything besides a file's bytes that a parse result depends on."""
    global _fingerprint
    if _fingerprint is None:
        import dealtrack

        h = hashlib.blake2b(digest_size=16)
        h.update(f"{_VERSION}|{dealtrack.__version__}|{sys.version}".encode())
        package = os.path.dirname(os.path.abspath(dealtrack.__file__))
        sources = []
        for folder, dirs, files in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            sources += [os.path.join(folder, f) for f in files if f.endswith((".py", ".json"))]
        for path in sorted(sources):
            h.update(os.path.relpath(path, package).encode() + b"\0")
            with open(path, "rb") as handle:
                h.update(digest(handle.read()))
        for path in _dependency_files():
            try:
                h.update(repr(signature(os.stat(path))[:2]).encode())
            except OSError:
                h.update(b"-")
        _fingerprint = h.hexdigest()
    return _fingerprint


def _dependency_files() -> list[str]:
    """Files whose size and time stand for the installed PyYAML (and libyaml binding) and
    pycountry code lists (what a valid country or currency is), found without importing them."""
    from importlib.util import find_spec

    found = []
    for package, names in (("yaml", ("__init__.py", "_yaml")),
                           ("pycountry", ("databases/iso3166-1.json", "databases/iso4217.json"))):
        spec = find_spec(package)
        if spec is None or not spec.origin:
            found.append(package)
            continue
        folder = os.path.dirname(spec.origin)
        for name in names:
            if name == "_yaml":  # the compiled extension module; its file name has the ABI tag
                name = next((f for f in sorted(os.listdir(folder)) if f.startswith("_yaml.")),
                            name)
            found.append(os.path.join(folder, name))
    return found


def _usable(directory: str) -> bool:
    """Create the directory private; refuse one that another user could write into."""
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        info = os.stat(directory)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & 0o022


class _Columns:
    """A pack's index as stored: one column per field of the entries, in the same order.

    Loading 10,000 entries as tuples (each with its signature as a tuple of five
    integers) cost as much as stat'ing the files; as columns, the index of an unchanged
    dataset is loaded and checked in a millisecond (``Pack.vouched``). ``entries`` builds
    the ``{display: (sig, digest, offset, length, check)}`` that everything else uses.
    """

    __slots__ = ("displays", "signatures", "signed", "digests", "offsets", "lengths", "checks",
                 "positions")

    def __init__(self, displays: list, signatures: bytes, signed: bytes, digests: list,
                 offsets: list, lengths: list, checks: list):
        self.displays, self.signatures, self.signed = displays, signatures, signed
        self.digests, self.offsets, self.lengths, self.checks = digests, offsets, lengths, checks
        self.positions = dict(zip(displays, range(len(displays))))

    @classmethod
    def of(cls, entries: dict[str, tuple]) -> "_Columns":
        """The columns of ``entries``; a signature that does not fit is not kept (the file
        is read and hashed again next time, as a file too recent to trust is)."""
        displays = list(entries)
        signatures, signed = bytearray(), bytearray()
        for display in displays:
            packed = _packed(entries[display][SIG])
            signed.append(packed is not None)
            signatures += packed if packed is not None else bytes(_SIGNATURE.size)
        return cls(displays, bytes(signatures), bytes(signed),
                   *([entries[d][field] for d in displays] for field in (DIGEST, OFFSET, LENGTH,
                                                                        CHECK)))

    def stored(self) -> tuple:
        return (self.displays, self.signatures, self.signed, self.digests, self.offsets,
                self.lengths, self.checks)

    @classmethod
    def read(cls, stored) -> "_Columns | None":
        """The columns ``stored`` gave, or None when they are not of that shape."""
        if not (isinstance(stored, tuple) and len(stored) == 7):
            return None
        displays, signatures, signed, *lists = stored
        n = len(displays) if isinstance(displays, list) else -1
        if not (isinstance(signatures, bytes) and len(signatures) == n * _SIGNATURE.size
                and isinstance(signed, bytes) and len(signed) == n
                and all(isinstance(column, list) and len(column) == n for column in lists)):
            return None
        for column, kind in zip([displays] + lists, (str, bytes, int, int, bytes)):
            if not set(map(type, column)) <= {kind}:
                return None
        columns = cls(displays, signatures, signed, *lists)
        return columns if len(columns.positions) == n else None   # no name twice

    def signature(self, index: int) -> tuple | None:
        return (_SIGNATURE.unpack_from(self.signatures, index * _SIGNATURE.size)
                if self.signed[index] else None)

    def known(self, display: str) -> tuple | None:
        """``(sig, digest)`` of ``display``'s entry, as an entry's first two fields."""
        index = self.positions.get(display)
        return None if index is None else (self.signature(index), self.digests[index])

    def entries(self) -> dict[str, tuple]:
        return {display: (self.signature(i), self.digests[i], self.offsets[i], self.lengths[i],
                          self.checks[i]) for i, display in enumerate(self.displays)}


def _packed(sig: tuple | None) -> bytes | None:
    if sig is None:
        return None
    try:
        return _SIGNATURE.pack(*sig)
    except struct.error:
        return None


class _Stat:
    """``os.stat`` of many paths, most sharing their folder with the path before: each is
    looked up in its folder, opened once (what the kernel does for a path, less walking
    the folders above it, again and again). Plain ``os.stat`` where that cannot be done."""

    def __init__(self):
        self._folder, self._fd = None, -1

    def __enter__(self):
        return self if os.stat in os.supports_dir_fd and hasattr(os, "O_DIRECTORY") else os.stat

    def __exit__(self, *exc) -> None:
        self._close()

    def _close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
        self._folder, self._fd = None, -1

    def __call__(self, path: str) -> os.stat_result:
        folder, sep, name = path.rpartition("/")
        if not sep or not folder or name in ("", ".", ".."):
            return os.stat(path)
        if folder != self._folder:
            self._close()
            try:
                self._fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            except OSError:
                return os.stat(path)
            self._folder = folder
        return os.stat(name, dir_fd=self._fd)


# What the pack knows about one file, as a plain tuple (cheap to load by the ten thousand).
SIG, DIGEST, OFFSET, LENGTH, CHECK = range(5)   # CHECK: digest of the encoded result


class ParseCache:
    """How to cache: where, how old a file must be for its stat signature to be trusted,
    and under which fingerprint. ``load_dataset(cache=...)`` and ``check_dataset`` take
    one (``cache=True`` is ``ParseCache()``); ``open`` gives the ``Pack`` of one run.

    The defaults are what dealtrack uses; tests own a directory (or set
    ``DEALTRACK_CACHE_DIR``), trust files written a moment ago with
    ``trust_margin_ns`` ≤ 0, and stand for another dealtrack with ``fingerprint``.
    """

    def __init__(self, directory: str | None = None, *, trust_margin_ns: int = TRUST_MARGIN_NS,
                 fingerprint: str | None = None):
        self.directory = directory
        self.trust_margin_ns = trust_margin_ns
        self.fingerprint = fingerprint

    def open(self, root: str) -> "Pack | None":
        """The pack of ``root`` for one run, or None when the cache cannot be used."""
        pack = Pack(root, self.directory, trust_margin_ns=self.trust_margin_ns,
                    fingerprint=self.fingerprint)
        return pack if pack.enabled else None

    def open_git(self, top: str, prefix: str) -> "Pack | None":
        """The pack of the files read from git revisions of the dataset folder ``prefix`` of
        the repository at ``top`` (``diff``), or None when the cache cannot be used.

        Its entries are named ``path\\0blob id`` (``revision_key``), the blob id standing
        for the digest of the bytes (git's own content hash), with no stat signature; each
        holds a result encoded without its file's name (``codec.encode_unnamed``), so that
        every revision holding that blob at that path shows it under its own name.
        """
        pack = Pack(top, self.directory, trust_margin_ns=self.trust_margin_ns,
                    fingerprint=self.fingerprint, name=f"git\0{top}\0{prefix}")
        return pack if pack.enabled else None


def revision_key(relpath: str, blob: str) -> str:
    """The name of a git blob's entry in a ``ParseCache.open_git`` pack."""
    return f"{relpath}\0{blob}"


class Pack:
    """The cache for one dataset root: read once at start, rewritten when anything changed.

    What loading uses (``load`` and ``load.files``; nothing else of the cache):
    ``known`` (a file's digest from its stat signature alone), ``expected``,
    ``results`` (decoded entries), ``put``/``note`` (what this run read), ``save``,
    and ``findings``/``keep_findings`` (the whole-dataset diagnostics of a run).
    """

    def __init__(self, root: str, directory: str | None = None, *,
                 trust_margin_ns: int = TRUST_MARGIN_NS, fingerprint: str | None = None,
                 name: str | None = None):
        self.trust_margin_ns = trust_margin_ns
        self._fingerprint = fingerprint
        self.directory = directory or cache_dir()
        # ``name``: what the pack is of, when not a dataset root (``ParseCache.open_git``)
        key = hashlib.blake2b((name or f"{os.path.realpath(root)}\0{root}").encode(),
                              digest_size=12).hexdigest()
        self.path = os.path.join(self.directory, f"{key}.pack")
        self.check_path = os.path.join(self.directory, f"{key}.check")
        self.started = time.time_ns()
        self.enabled = _usable(self.directory)
        # The index as read; ``entries`` is built from it when first used.
        self._columns = self._read_index() if self.enabled else None
        self._entries: dict[str, tuple] | None = None
        self.changed = False
        self._out = None        # the new pack being written, once anything was parsed
        self._new: dict[str, tuple] = {}
        self._offset = 0

    @property
    def fingerprint(self) -> str:
        return self._fingerprint if self._fingerprint is not None else fingerprint()

    @property
    def entries(self) -> dict[str, tuple]:
        """``{display: (sig, digest, offset, length, check)}``: what the pack holds."""
        if self._entries is None:
            self._entries = self._columns.entries() if self._columns is not None else {}
            self._columns = None
        return self._entries

    # -- reading -------------------------------------------------------------------------

    def _read_index(self) -> _Columns | None:
        try:
            with open_regular(self.path, follow=False) as handle:
                size = os.fstat(handle.fileno()).st_size
                if size < _TRAILER.size:
                    return None
                handle.seek(size - _TRAILER.size)
                length, index_digest, magic = _TRAILER.unpack(handle.read(_TRAILER.size))
                if magic != _MAGIC or length > size - _TRAILER.size:
                    return None
                handle.seek(size - _TRAILER.size - length)
                raw = handle.read(length)
            if digest(raw) != index_digest:
                return None
            version, print_, stored = marshal.loads(raw)
            if version != _VERSION or print_ != self.fingerprint:
                return None
            return _Columns.read(stored)
        except (OSError, ValueError, EOFError, TypeError):
            return None

    def known(self, display: str, info: os.stat_result) -> bytes | None:
        """The digest of an unchanged file from its stat signature alone, or None."""
        entry = self.entries.get(display)
        if entry is not None and entry[SIG] is not None and entry[SIG] == signature(info):
            return entry[DIGEST]
        return None

    def expected(self, display: str) -> bytes | None:
        entry = self.entries.get(display)
        return entry[DIGEST] if entry is not None else None

    def blobs(self, displays: list[str]):
        """Yield ``(display, encoded result or None)``, reading the pack in file order."""
        wanted = sorted(displays, key=lambda d: self.entries[d][OFFSET])
        try:
            handle = open_regular(self.path, follow=False)
        except OSError:
            for display in wanted:
                yield display, None
            return
        with handle:
            for display in wanted:
                entry = self.entries[display]
                try:
                    handle.seek(entry[OFFSET])
                    blob = handle.read(entry[LENGTH])
                except OSError:
                    blob = b""
                yield display, blob if digest(blob) == entry[CHECK] else None

    def vouched(self, refs) -> list[bytes]:
        """``known_file`` of each of ``refs`` in turn, up to the first file that this pack
        cannot vouch for: the digest of every file when none changed, else fewer digests."""
        # As the index was read (the usual case: nothing else asked yet), else as it is now.
        lookup = self._columns.known if self._columns is not None else self.entries.get
        digests = []
        with _Stat() as stat:
            for ref in refs:
                entry = lookup(ref.display)
                if entry is None or entry[SIG] is None:
                    break
                try:
                    info = stat(ref.abspath)
                except OSError:
                    break
                if entry[SIG] != (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino,
                                  info.st_dev):   # ``signature``, inlined: once per file
                    break
                digests.append(entry[DIGEST])
        return digests

    def known_file(self, ref) -> bytes | None:
        """``known`` for a discovered file (a ``FileRef``), stat'ing it only if it has an entry."""
        if self.expected(ref.display) is None:  # else nothing to compare a stat with
            return None
        try:
            return self.known(ref.display, os.stat(ref.abspath))
        except OSError:
            return None

    def results(self, displays: list[str]):
        """Yield ``(display, FileResult or None)`` for files with an entry, in pack order.

        None for an entry that is damaged or not what dealtrack stores: the caller parses
        that file again and ``put``s it anew.
        """
        from dealtrack.load import codec
        from dealtrack.load.result import is_file_result

        for display, blob in self.blobs(displays):
            result = None
            if blob is not None:
                try:
                    result = codec.decode(blob)
                except ValueError:
                    result = None
                if not is_file_result(result):
                    result = None
            yield display, result

    # -- updating ------------------------------------------------------------------------

    def put(self, display: str, sig, content: bytes | None, result=None, *,
            encoded: bytes | None = None) -> None:
        """Store what this run parsed: a ``FileResult``, or it ``encoded`` already (by a
        worker). Nothing is stored without the stat signature and digest of the bytes read."""
        if sig is None or content is None:
            return
        if encoded is None:
            from dealtrack.load import codec

            encoded = codec.encode(result)
        self.add(display, sig, content, encoded)


    def trust(self, display: str, info_sig: tuple) -> tuple | None:
        """The signature to record for a file read in this run, or None if too recent (or
        there is none: a git blob)."""
        if info_sig is None:
            return None
        ctime = info_sig[2]
        return info_sig if ctime < self.started - self.trust_margin_ns else None

    def note(self, display: str, sig: tuple, content: bytes) -> None:
        """A file read in this run whose content matches its entry."""
        entry = self.entries[display]
        sig = self.trust(display, sig)
        if entry[SIG] != sig or entry[DIGEST] != content:
            self.entries[display] = (sig, content, entry[OFFSET], entry[LENGTH], entry[CHECK])
            self.changed = True

    def add(self, display: str, sig: tuple, content: bytes, blob: bytes) -> None:
        """Store the encoded result of a file parsed in this run.

        Written straight to the new pack's temporary file, so that a first run
        over 100,000 files does not hold every encoded result in memory.
        """
        if not self.enabled:
            return
        if self._out is None:
            try:
                self._out = tempfile.NamedTemporaryFile(dir=self.directory, prefix=".pack-",
                                                        delete=False)
            except OSError:
                self.enabled = False
                return
        try:
            self._out.write(blob)
        except OSError:
            self._discard()
            return
        self._new[display] = (self.trust(display, sig), content, self._offset, len(blob),
                              digest(blob))
        self._offset += len(blob)

    def save(self, current: list[str]) -> None:
        """Finish the new pack: the files in ``current``, from ``add`` or from the old pack.

        Written to a temporary file and renamed, so a reader never sees half a pack.
        """
        if not self.enabled:
            self._discard()
            return
        if self._out is None:
            if not self.changed and set(current) == set(self.entries):
                return
            try:
                self._out = tempfile.NamedTemporaryFile(dir=self.directory, prefix=".pack-",
                                                        delete=False)
            except OSError:
                return
        handle, entries = self._out, dict(self._new)
        old = [d for d in current if d not in entries and d in self.entries]
        try:
            with handle:
                for display, blob in self.blobs(old):
                    if blob is None:
                        continue
                    entry = self.entries[display]
                    handle.write(blob)
                    entries[display] = (entry[SIG], entry[DIGEST], self._offset, len(blob),
                                        entry[CHECK])
                    self._offset += len(blob)
                wanted = set(current)
                entries = {d: e for d, e in entries.items() if d in wanted}
                raw = marshal.dumps((_VERSION, self.fingerprint,
                                     _Columns.of(entries).stored()))
                handle.write(raw)
                handle.write(_TRAILER.pack(len(raw), digest(raw), _MAGIC))
            os.replace(handle.name, self.path)
        except OSError:
            self._discard()
        self._out = None

    def _discard(self) -> None:
        if self._out is not None:
            try:
                self._out.close()
                os.unlink(self._out.name)
            except OSError:
                pass
            self._out = None

    # -- the memo around reading files --------------------------------------------------

    def read_through(self, refs: list, execute, keep=None) -> tuple[list, list[bytes | None]]:
        """Every file's outcome (``keep`` of its ``FileResult``, or its read Diagnostic) and
        content digest, in the order of ``refs``; the pack is then saved.

        Files this pack vouches for by their stat signature are decoded from it; the others
        go to ``execute(todo, expected)`` (``files.read_files`` with its jobs and ``keep``):
        a file whose bytes have the digest this pack expects is not parsed, and what is
        parsed is stored. A damaged entry is parsed again and stored anew.
        """
        keep = keep or (lambda result: result)
        outcomes: list = [None] * len(refs)
        digests: list[bytes | None] = [None] * len(refs)
        hits: dict[str, int] = {}
        todo: list[int] = []
        expected: dict[int, bytes | None] = {}
        for index, ref in enumerate(refs):
            known = self.known_file(ref)
            if known is not None:
                digests[index] = known
                hits[ref.display] = index
                continue
            expected[index] = self.expected(ref.display)
            todo.append(index)

        def take(outcome: tuple) -> None:
            index, sig, content, kind, result, stored = outcome
            display = refs[index].display
            digests[index] = content
            if kind == "same":
                hits[display] = index
                self.note(display, sig, content)
                return
            outcomes[index] = result
            if kind == "result":
                if isinstance(stored, bytes):
                    self.put(display, sig, content, encoded=stored)
                else:
                    self.put(display, sig, content, stored)

        for outcome in execute(todo, expected):
            take(outcome)
        if hits:
            for display, result in self.results(list(hits)):
                index = hits[display]
                if result is None:  # damaged entry: parse the file again, and store it anew
                    for outcome in execute([index], {index: None}):
                        take(outcome)
                    continue
                outcomes[index] = keep(result)
        from dealtrack.diagnostics import Diagnostic

        self.save([ref.display for ref, outcome in zip(refs, outcomes)
                   if not isinstance(outcome, Diagnostic)])
        return outcomes, digests

    # -- the whole-dataset check result ----------------------------------------------------

    def findings(self, today: _dt.date, refs, digests, problems):
        """``(files, diagnostics)`` stored by a run over the same files (``refs`` with their
        ``digests``), discovery ``problems`` and ``today``; None if there is none, or if a
        digest is unknown."""
        key = self._findings_key(today, refs, digests, problems)
        body = self.load_check(key) if key is not None else None
        if body is None:
            return None
        from dealtrack.diagnostics import Diagnostic
        from dealtrack.load import codec

        try:
            files, diagnostics = codec.decode(body)
        except (ValueError, TypeError):
            return None
        if not (isinstance(files, tuple) and all(isinstance(f, str) for f in files)
                and isinstance(diagnostics, list)
                and all(isinstance(d, Diagnostic) for d in diagnostics)):
            return None  # not what dealtrack stores: refused like any damage
        return tuple(files), list(diagnostics)

    def keep_findings(self, today: _dt.date, refs, digests, problems, files,
                      diagnostics) -> None:
        """Store a run's ``(files, diagnostics)`` for ``findings``; nothing if a digest is unknown."""
        key = self._findings_key(today, refs, digests, problems)
        if key is not None:
            from dealtrack.load import codec

            self.save_check(key, codec.encode((tuple(files), list(diagnostics))))

    def _findings_key(self, today, refs, digests, problems) -> bytes | None:
        if len(digests) != len(refs) or any(d is None for d in digests):
            return None
        from dealtrack.load import codec

        parts = [codec.encode(tuple(problems))]
        parts += [ref.display.encode() + b"\0" + d for ref, d in zip(refs, digests)]
        return self.check_key(today, parts)

    def check_key(self, today: _dt.date, parts: list[bytes]) -> bytes:
        """A key for the diagnostics of a whole run: every file's path and digest, and today
        (each part after its length, hashed in one call: 10,000 calls cost more)."""
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{self.fingerprint}|{today.isoformat()}".encode())
        h.update(b"".join([b for part in parts for b in (_LENGTH.pack(len(part)), part)]))
        return h.digest()

    def load_check(self, key: bytes) -> bytes | None:
        """The stored encoded result for ``key``, or None."""
        if not self.enabled:
            return None
        try:
            with open_regular(self.check_path, follow=False) as handle:
                raw = handle.read()
        except OSError:
            return None
        header = len(_CHECK_MAGIC) + 32
        if len(raw) < header or raw[:len(_CHECK_MAGIC)] != _CHECK_MAGIC:
            return None
        stored_key = raw[len(_CHECK_MAGIC):len(_CHECK_MAGIC) + 16]
        body_digest = raw[len(_CHECK_MAGIC) + 16:header]
        body = raw[header:]
        if stored_key != key or digest(body) != body_digest:
            return None
        return body

    def save_check(self, key: bytes, body: bytes) -> None:
        if not self.enabled:
            return
        try:
            with tempfile.NamedTemporaryFile(dir=self.directory, prefix=".check-",
                                             delete=False) as handle:
                handle.write(_CHECK_MAGIC + key + digest(body) + body)
            os.replace(handle.name, self.check_path)
        except OSError:
            pass
