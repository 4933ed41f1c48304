"""Reading a dataset as it was at a git revision, through the same loader as the working tree.

Only git plumbing is used, always with argument lists (never a shell): one
``rev-parse`` to validate the revision, one ``ls-tree`` to list the files and
ONE ``cat-file --batch`` process for all their contents. A revision is never
passed where git could read it as an option: names starting with ``-`` are
refused, and ``--end-of-options`` guards the rest.

A dataset is data from strangers, and a git repository committed inside it
(a bare one: ``HEAD``, ``objects/``, ``refs/``, ``config``) must never be
used: its configuration could name programs to run and its history could
hide a change. So the repository is found by looking for a ``.git`` entry
from the dataset folder upwards (which git itself will not let anyone
commit), git runs with ``safe.bareRepository=explicit``, a git directory
inside the dataset folder is refused, and every call switches off the
configuration that makes git start programs or fetch (``_SAFETY``).

Files at a revision are shown as ``REV:deals/pk/x.yaml`` — the path from the
repository's top level, after the revision as the user wrote it — which is
also what ``git show REV:deals/pk/x.yaml`` takes.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass

from dealtrack.diagnostics import Diagnostic
from dealtrack.errors import DealtrackError
from dealtrack.location import Loc
from dealtrack.textsafe import escape, is_safe, quote

_YAML = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Repo:
    """A git work tree, and where the dataset folder sits inside it."""

    top: str          # absolute top-level folder
    prefix: str       # dataset folder relative to ``top``, '/'-separated, '' or ending in '/'


# Given before every git command: no implicitly found bare repository, no
# program started by configuration (file-system monitor, signature check,
# external diff, pager), no network (a partial clone's lazy fetch included).
_SAFETY = ("-c", "safe.bareRepository=explicit", "-c", "core.fsmonitor=false",
           "-c", "log.showSignature=false", "-c", "diff.external=", "-c", "core.pager=cat",
           "-c", "color.ui=false", "-c", "protocol.allow=never", "-c", "credential.helper=",
           "-c", "core.hooksPath=/dev/null", "-c", "gc.auto=0", "-c", "maintenance.auto=false")
# Options for every ``git log``: no signature check, external diff or textconv program.
LOG_SAFETY = ("--no-show-signature", "--no-ext-diff", "--no-textconv", "--no-color", "--no-notes")


def git_command(args: list[str]) -> list[str]:
    """The argument list that runs ``git ARGS`` with the safety settings above."""
    return ["git", *_SAFETY, *args]


def git_env() -> dict[str, str]:
    """The environment for git: the user's, without anything that starts a program or fetches."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_ASKPASS", "SSH_ASKPASS",
                          "GIT_SSH", "GIT_SSH_COMMAND", "GIT_PROXY_COMMAND")}
    env.update(GIT_NO_LAZY_FETCH="1", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0",
               GIT_PROTOCOL_FROM_USER="0")
    return env


def run_git(args: list[str], cwd: str, *, input: bytes | None = None) -> bytes:
    """Run one git command; a failure becomes a DealtrackError with git's own first line."""
    try:
        done = subprocess.run(git_command(args), cwd=cwd, input=input, capture_output=True,
                              check=False, env=git_env())
    except FileNotFoundError:
        raise DealtrackError("git is not installed or not on PATH") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DealtrackError(f"git {args[0]} failed: {message[-1] if message else 'error'}")
    return done.stdout


def find_repo(root: str) -> Repo:
    """The repository holding the dataset folder ``root`` (which may no longer exist)."""
    path = os.path.abspath(root)
    probe = path
    while not os.path.isdir(probe):
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    start = probe if "GIT_DIR" in os.environ else _work_tree_above(probe)
    if start is None:
        raise DealtrackError(f"{root} is not inside a git repository")
    try:
        out = run_git(["rev-parse", "--show-toplevel", "--absolute-git-dir"], start)
        top, git_dir = out.decode("utf-8", "surrogateescape").splitlines()[:2]
    except (DealtrackError, ValueError):
        raise DealtrackError(f"{root} is not inside a git repository") from None
    real_top, real_path = os.path.realpath(top), os.path.realpath(path)
    real_git = os.path.realpath(git_dir)
    if _inside(real_git, real_path) and real_git != os.path.join(real_path, ".git"):
        raise DealtrackError(f"the git repository of {root} is inside the dataset folder "
                             f"({git_dir}); refusing to use a repository the data provides")
    rel = os.path.relpath(real_path, real_top)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        raise DealtrackError(f"{root} is not inside the git repository at {top}")
    prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
    return Repo(real_top, prefix)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _work_tree_above(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` holding a ``.git`` entry, or None.

    Only a ``.git`` entry marks a work tree here: git refuses to commit one, so
    it cannot come with the data, whereas a bare repository can (git would
    take a folder holding ``HEAD``, ``objects/`` and ``refs/`` for one).
    """
    while True:
        if os.path.lexists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def check_revision_name(rev: str) -> None:
    """Refuse names git could take as an option or that are not one line of text."""
    if not rev or rev.startswith("-"):
        raise DealtrackError(f"'{quote(rev)}' is not a revision (a revision never starts with '-')")
    if not is_safe(rev):
        raise DealtrackError(f"'{quote(rev)}' is not a revision: a revision name cannot "
                             "contain control, bidi or line-separator characters")


def resolve(repo: Repo, rev: str) -> str:
    """The commit id ``rev`` names; DealtrackError (one line) when it names no commit."""
    check_revision_name(rev)
    try:
        out = run_git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                      repo.top)
    except DealtrackError:
        raise DealtrackError(f"unknown revision '{quote(rev)}': no such commit in "
                             f"{escape(repo.top)}") from None
    return out.decode().strip()


@dataclass(frozen=True, slots=True)
class TreeFile:
    relpath: str      # relative to the dataset root
    mode: str
    object: str
    size: int | None = None   # bytes, from ``ls-tree -l``: an over-limit blob is never read


def list_files(repo: Repo, commit: str) -> tuple[list[TreeFile], bool]:
    """YAML files of the dataset at ``commit`` (hidden entries skipped), and whether the folder exists."""
    args = ["ls-tree", "-r", "-z", "-l", "--full-tree", commit]
    if repo.prefix:
        args += ["--", repo.prefix]
    out = run_git(args, repo.top)
    files = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, obj, size = meta.decode().split()
        path = path.decode("utf-8", "surrogateescape")
        if not path.startswith(repo.prefix):
            continue
        rel = path[len(repo.prefix):]
        if kind != "blob" or not rel.endswith(_YAML):
            continue
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        files.append(TreeFile(rel, mode, obj, int(size) if size.isdigit() else None))
    files.sort(key=lambda f: f.relpath)
    return files, bool(out)


@dataclass(frozen=True, slots=True)
class Touch:
    """One file a commit changed: its path from the repository top and the blobs before/after."""

    path: str
    old: str          # blob id before, all zeros when the file was added
    new: str          # blob id after, all zeros when the file was removed


@dataclass(frozen=True, slots=True)
class CommitInfo:
    """A commit as ``git log`` names it: id, author date (ISO 8601), author, e-mail, subject."""

    commit: str
    date: str
    author: str
    email: str
    subject: str


@dataclass(frozen=True, slots=True)
class LogCommit(CommitInfo):
    touches: tuple[Touch, ...]


# NUL cannot occur inside any of these fields (git cuts a commit's text at a
# NUL), so NUL separates them; the id comes again at the end so that a field
# count gone wrong shows instead of shifting every field after it.
_LOG_FORMAT = "%H%x00%aI%x00%an%x00%ae%x00%s%x00%H"
_LOG_FIELDS = 6
_OBJECT_ID = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_RAW = re.compile(rb"\n?:[0-7]{6} [0-7]{6} ([0-9a-f]{40}(?:[0-9a-f]{24})?) "
                  rb"([0-9a-f]{40}(?:[0-9a-f]{24})?) [A-Z][0-9]*")


def log_commits(repo: Repo, commit: str, pathspecs: list[str]) -> list[LogCommit]:
    """The commits reachable from ``commit`` touching ``pathspecs``, newest first, with their files.

    One ``git log -z --raw``: NUL-separated fields in a fixed number per
    commit, then ``:meta`` and path pairs. Output of any other shape is a
    DealtrackError, never data.
    """
    out = run_git(["log", *LOG_SAFETY, "-z", "--raw", "--no-abbrev", "--no-renames",
                   f"--format={_LOG_FORMAT}", commit, "--", *pathspecs], repo.top)
    tokens = out.split(b"\0")
    if tokens and tokens[-1] == b"":
        tokens.pop()
    commits, i = [], 0

    def broken(what: str) -> DealtrackError:
        return DealtrackError(f"git log printed output of an unexpected shape ({what}); "
                              "nothing was read from it")

    while i < len(tokens):
        fields = tokens[i:i + _LOG_FIELDS]
        if (len(fields) != _LOG_FIELDS or not _OBJECT_ID.fullmatch(fields[0])
                or fields[5] != fields[0]):
            raise broken(f"a commit header at field {i + 1}")
        i += _LOG_FIELDS
        touches = []
        while i < len(tokens) and tokens[i].startswith((b"\n:", b":")):
            meta = _RAW.fullmatch(tokens[i])
            if meta is None or i + 1 >= len(tokens):
                raise broken(f"a changed-file line at field {i + 1}")
            touches.append(Touch(tokens[i + 1].decode("utf-8", "surrogateescape"),
                                 meta.group(1).decode(), meta.group(2).decode()))
            i += 2
        sha, date, author, email, subject = (f.decode("utf-8", "replace") for f in fields[:5])
        commits.append(LogCommit(sha, date, author, email, subject, tuple(touches)))
    return commits


def _start(args: list[str], cwd: str) -> subprocess.Popen:
    try:
        return subprocess.Popen(git_command(args), cwd=cwd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=git_env())
    except FileNotFoundError:
        raise DealtrackError("git is not installed or not on PATH") from None


class BlobReader:
    """One ``git cat-file --batch`` process serving every blob read by a command."""

    def __init__(self, repo: Repo):
        self._top = repo.top
        self._proc = _start(["cat-file", "--batch"], repo.top)
        self._check = None      # --batch-check, started when a size is first needed

    def read(self, obj: str, limit: int, size: int | None = None) -> bytes | int:
        """The blob's bytes, or its size (an int) when it is over ``limit`` bytes.

        An over-limit blob is never read: its size comes from ``size`` (as
        ``ls-tree -l`` gave it) or from a ``cat-file --batch-check`` process.
        """
        if size is None:
            size = self.size(obj)
        if size > limit:
            return size
        self._proc.stdin.write(obj.encode() + b"\n")
        self._proc.stdin.flush()
        return self._response(obj, limit)

    def read_many(self, requests: list[tuple[str, int, int | None]]):
        """Yield each requested ``(blob, limit, size if known)``'s bytes (or its size, over
        its limit), in order.

        Asking for one blob and waiting for it, ten thousand times, is a round trip
        each: instead a thread writes every request while this one reads the answers,
        so that neither pipe can fill up and block the other side.
        """
        import threading

        stdin = self._proc.stdin
        # A blob whose size (from ``ls-tree -l``) is over its limit is never asked for.
        asked = [(obj, limit) for obj, limit, size in requests if size is None or size <= limit]

        def feed() -> None:
            try:
                for obj, _ in asked:
                    stdin.write(obj.encode() + b"\n")
                stdin.flush()
            except (OSError, ValueError):  # git went away; the reader says so
                pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        answered = 0
        try:
            for obj, limit, size in requests:
                if size is not None and size > limit:
                    yield size
                    continue
                yield self._response(obj, limit)
                answered += 1
        finally:
            if answered < len(asked):  # abandoned: the writer may be blocked on git
                self._proc.kill()
            writer.join()

    def _response(self, obj: str, limit: int) -> bytes | int:
        header = self._proc.stdout.readline().split()
        if len(header) != 3:
            raise DealtrackError(f"git cat-file could not read object {obj}")
        size = int(header[2])
        if size > limit:  # changed under us: passed over, never held whole in memory
            self._read_exact(size + 1, keep=False)
            return size
        data = self._read_exact(size)
        self._read_exact(1)  # the newline after each object
        return data

    def size(self, obj: str) -> int:
        """The size in bytes of object ``obj``, without reading it."""
        if self._check is None:
            self._check = _start(["cat-file", "--batch-check"], self._top)
        self._check.stdin.write(obj.encode() + b"\n")
        self._check.stdin.flush()
        header = self._check.stdout.readline().split()
        if len(header) != 3 or not header[2].isdigit():
            raise DealtrackError(f"git cat-file could not read object {obj}")
        return int(header[2])

    def _read_exact(self, size: int, keep: bool = True) -> bytes:
        chunks, left = [], size
        while left:
            chunk = self._proc.stdout.read(min(left, 1 << 20))
            if not chunk:
                raise DealtrackError("git cat-file stopped early")
            if keep:
                chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        for proc in (self._proc, self._check):
            if proc is None:
                continue
            if proc.stdin and not proc.stdin.closed:
                proc.stdin.close()
            proc.stdout.close()
            proc.wait()

    def __enter__(self) -> "BlobReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def display_path(rev: str, repo: Repo, relpath: str) -> str:
    """How a file at a revision is shown: ``REV:deals/pk/x.yaml``."""
    return f"{rev}:{repo.prefix}{relpath}"


def parse_blob(relpath: str, display: str, data: bytes | int):
    """``parse_file`` for a blob, or a DT003 result when it was over the size limit."""
    from dealtrack.load.parse import FileResult, parse_file
    from dealtrack.load.layout import file_kind, size_limit, too_big

    if isinstance(data, int):
        return FileResult(file_kind(relpath), (), (too_big(display, data, size_limit(relpath)),))
    return parse_file(relpath, display, data)


def read_and_parse(reader: BlobReader, relpath: str, display: str, obj: str,
                   size: int | None = None):
    """``parse_blob`` of blob ``obj``, read only when within its file's size limit."""
    from dealtrack.load.layout import size_limit

    return parse_blob(relpath, display, reader.read(obj, size_limit(relpath), size))


def tree_entries(repo: Repo, rev: str, files: list[TreeFile], problems: list[Diagnostic],
                 blobs: dict[str, str] | None = None) -> list[tuple[TreeFile, str]]:
    """The files of a revision that are read, each with its display (``REV:path``), in path
    order; the others (unsafe names, symlinks) go to ``problems``. ``blobs`` (when given)
    receives each read file's blob id by its path."""
    from dealtrack.load.discover import unsafe_name

    wanted = []
    for entry in files:
        display = display_path(rev, repo, entry.relpath)
        unsafe = unsafe_name(entry.relpath, display)
        if unsafe is not None:
            problems.append(unsafe)
            continue
        if entry.mode == "120000":
            problems.append(Diagnostic(Loc(display, 1, 1), "DT006",
                                       "symlink in a committed dataset; not followed"))
            continue
        if blobs is not None:
            blobs[entry.relpath] = entry.object
        wanted.append((entry, display))
    return wanted


def read_blobs(reader: BlobReader, entries: list[TreeFile]) -> list[bytes | int]:
    """Each file's bytes (or its size, over its size limit), in order, from one ``cat-file``
    (every answer read, so that the process can serve more)."""
    from dealtrack.load.layout import size_limit

    return list(reader.read_many([(entry.object, size_limit(entry.relpath), entry.size)
                                  for entry in entries]))


def load_revision(root: str, rev: str, *, today=None, check: bool = True, repo: Repo | None = None,
                  missing_ok: bool = False, commit: str | None = None, cache=False):
    """Load the dataset folder ``root`` as it was at ``rev``: a ``LoadResult``, like ``load_dataset``.

    Problems in the files are diagnostics; an unknown revision, or a dataset
    folder absent at that revision, is a DealtrackError. ``repo`` and ``commit``
    spare a caller that has them the repository lookup and ``rev-parse``.
    ``cache``: as for ``load_revisions`` (which also gives each file's blob id).
    """
    (loaded, _), = load_revisions(root, [rev], today=today, check=check, repo=repo,
                                  missing_ok=missing_ok, commits=[commit] if commit else None,
                                  cache=cache)
    return loaded


def load_revisions(root: str, revs: list[str], *, today=None, check: bool = True,
                   repo: Repo | None = None, missing_ok: bool = False,
                   commits: list[str] | None = None, cache=False,
                   parallel: bool = False) -> list[tuple]:
    """Load the dataset folder ``root`` at each revision of ``revs``: for each, its
    ``LoadResult`` (as ``load_revision``) and the blob id of each file by its path.
    One ``cat-file`` process reads the files of every revision.

    A blob at the same path in several revisions is read and parsed once, and each
    revision gets the result under its own file names (``REV:path``): unchanged files
    cost one parse, not one per revision. With ``cache`` (True, or a ``ParseCache``)
    results are also kept in the user's cache, keyed by path and blob id (git's own
    content hash), and a blob parsed by an earlier run is not parsed again.
    ``parallel``: parse in two processes (see ``load.fork``). Neither changes a result.
    """
    import datetime as _dt

    from dealtrack.load import LoadResult, assemble

    for rev in revs:
        check_revision_name(rev)
    today = today or _dt.date.today()
    repo = repo or find_repo(root)
    commits = commits or [resolve(repo, rev) for rev in revs]
    sides = []
    for rev, commit in zip(revs, commits):
        files, exists = list_files(repo, commit)
        if not exists and not missing_ok:
            where = repo.prefix.rstrip("/") or "the repository"
            raise DealtrackError(f"{where} does not exist at revision '{rev}'")
        problems: list[Diagnostic] = []
        blobs: dict[str, str] = {}
        sides.append((rev, tree_entries(repo, rev, files, problems, blobs), problems, blobs))
    reader = BlobReader(repo)
    out = []
    try:
        shared = _SharedParses(repo, reader, cache)
        shared.parse([entries for _, entries, _, _ in sides], parallel)
        roots = [display_path(rev, repo, "").rstrip("/") or f"{rev}:" for rev in revs]
        key = shared.findings_key(today, [(root, entries, problems) for root, (_, entries,
                                          problems, _) in zip(roots, sides)]) if check else None
        stored = shared.findings(key, len(sides))
        for root, (rev, entries, problems, blobs) in zip(roots, sides):
            results = [(display, shared.result(entry, display)) for entry, display in entries]
            out.append((assemble(root, results, problems), blobs))
            del results
    finally:
        reader.close()
    if stored is not None:  # the whole-dataset checks of the last run over these files
        return [(LoadResult(loaded.dataset, found), blobs)
                for (loaded, blobs), found in zip(out, stored)]
    if check:
        for (loaded, _), found in zip(out, _run_rules([loaded.dataset for loaded, _ in out],
                                                      today, parallel)):
            loaded.diagnostics.extend(found)
    for loaded, _ in out:
        loaded.diagnostics.sort(key=Diagnostic.sort_key)
    if key is not None:
        shared.keep_findings(key, [loaded.diagnostics for loaded, _ in out])
    return out


def _run_rules(datasets: list, today, parallel: bool) -> list[list[Diagnostic]]:
    """``run_rules`` on each dataset; on two at once when ``parallel`` (see ``load.fork``)."""
    from dealtrack.rules import run_rules

    if parallel and len(datasets) == 2:
        from dealtrack.load.fork import both

        first, second = datasets
        return list(both(lambda: run_rules(first, today=today),
                         lambda: run_rules(second, today=today)))
    return [run_rules(dataset, today=today) for dataset in datasets]


class _SharedParses:
    """The parse of each distinct ``(path, blob)`` of some revisions, kept encoded without
    its file's name (``codec.encode_unnamed``) and given out under each revision's own."""

    def __init__(self, repo: Repo, reader: BlobReader, cache):
        from dealtrack.load.cache import ParseCache

        self.reader = reader
        self.encoded: dict[tuple[str, str], bytes | None] = {}
        self.uses: dict[tuple[str, str], int] = {}   # results still to give out, per file
        # Results parsed here, by the display they were parsed with: given as they are to
        # the revision of that display (the same object), instead of decoded again.
        self.parsed: dict[tuple[str, str], tuple[str, object]] = {}
        self.pack = None
        if cache:
            self.pack = (cache if isinstance(cache, ParseCache) else ParseCache()).open_git(
                repo.top, repo.prefix)

    def parse(self, sides: list[list[tuple[TreeFile, str]]], parallel: bool) -> None:
        """Find (in the cache) or parse every distinct file of ``sides``; the cache is saved."""
        from dealtrack.load.cache import revision_key

        first: dict[tuple[str, str], tuple[TreeFile, str]] = {}
        for entries in sides:
            for entry, display in entries:
                key = (entry.relpath, entry.object)
                first.setdefault(key, (entry, display))
                self.uses[key] = self.uses.get(key, 0) + 1
        pack, names = self.pack, {}
        if pack is not None:
            names = {revision_key(*key): key for key in first}
            stored = [name for name, key in names.items()
                      if name in pack.entries and pack.expected(name) == _blob_digest(key[1])]
            for name, blob in pack.blobs(stored):
                if blob is not None:  # else damaged: parsed again, stored anew
                    self.encoded[names[name]] = blob
        todo = [first[key] for key in first if key not in self.encoded]
        tasks = [(entry.relpath, display, data) for (entry, display), data
                 in zip(todo, read_blobs(self.reader, [entry for entry, _ in todo]))]
        kept: dict[int, object] = {}
        for index, ((entry, display), encoded) in enumerate(
                zip(todo, _parse_unnamed(tasks, parallel, kept))):
            key = (entry.relpath, entry.object)
            self.encoded[key] = encoded
            if index in kept:
                self.parsed[key] = (display, kept.pop(index))
            if pack is not None and encoded is not None:
                pack.add(revision_key(*key), None, _blob_digest(entry.object), encoded)
        if pack is not None:
            pack.save([name for name, key in names.items() if self.encoded.get(key)])

    def findings_key(self, today, sides: list[tuple[str, list, list]]) -> bytes | None:
        """A key for the diagnostics of loading ``sides`` (each its root, ``(entry, display)``
        pairs and problems) on ``today``: every file's display and blob id; None without a
        cache or when a file could not be shared (it is read apart, not by its blob id)."""
        if self.pack is None:
            return None
        from dealtrack.load import codec

        parts = []
        for root, entries, problems in sides:
            parts += [b"\0side\0" + root.encode("utf-8", "surrogatepass"),
                      codec.encode(tuple(problems))]
            for entry, display in entries:
                if self.encoded.get((entry.relpath, entry.object)) is None:
                    return None
                parts.append(display.encode("utf-8", "surrogatepass") + b"\0"
                             + entry.object.encode())
        return self.pack.check_key(today, parts)

    def findings(self, key: bytes | None, count: int) -> list[list[Diagnostic]] | None:
        """The diagnostics stored under ``key`` for each of ``count`` sides, or None."""
        body = self.pack.load_check(key) if key is not None else None
        if body is None:
            return None
        from dealtrack.load import codec

        try:
            stored = codec.decode(body)
        except ValueError:
            return None
        if not (isinstance(stored, tuple) and len(stored) == count and all(
                isinstance(side, list) and all(isinstance(d, Diagnostic) for d in side)
                for side in stored)):
            return None  # not what dealtrack stores: refused like any damage
        return list(stored)

    def keep_findings(self, key: bytes, diagnostics: list[list[Diagnostic]]) -> None:
        from dealtrack.load import codec

        self.pack.save_check(key, codec.encode(tuple(list(side) for side in diagnostics)))

    def result(self, entry: TreeFile, display: str):
        """The ``FileResult`` of ``entry`` shown as ``display``."""
        from dealtrack.load import codec
        from dealtrack.load.result import is_file_result

        key = (entry.relpath, entry.object)
        encoded = self.encoded.get(key)
        self.uses[key] -= 1
        if not self.uses[key]:   # given out to every side: not kept any longer
            self.encoded.pop(key, None)
        parsed = self.parsed.get(key)
        if parsed is not None and parsed[0] is display:
            del self.parsed[key]
            return parsed[1]
        if encoded is not None:
            try:
                result = codec.decode_named(encoded, display)
            except ValueError:
                result = None
            if is_file_result(result):
                return result
        # Not to be shared (its name is also in its text) or not decodable: this side's own.
        return read_and_parse(self.reader, entry.relpath, display, entry.object, entry.size)


def _blob_digest(blob: str) -> bytes:
    return bytes.fromhex(blob)


def _parse_unnamed(tasks: list[tuple[str, str, bytes | int]], parallel: bool,
                   kept: dict[int, object]) -> list[bytes | None]:
    """``codec.encode_unnamed`` of each ``parse_blob(relpath, display, data)``; in two
    processes when ``parallel`` and there are enough files. ``kept`` receives the results
    parsed in this process, by their index in ``tasks``."""
    from dealtrack.load.files import PARALLEL_MIN_FILES

    def run(part: list, start: int = 0, keep: dict | None = None):
        def parse_all() -> list[bytes | None]:
            from dealtrack.load import codec

            out = []
            for index, (relpath, display, data) in enumerate(part, start):
                result = parse_blob(relpath, display, data)
                out.append(codec.encode_unnamed(result, display))
                if keep is not None:
                    keep[index] = result
            return out
        return parse_all

    if not parallel or len(tasks) < PARALLEL_MIN_FILES:
        return run(tasks, 0, kept)()
    from dealtrack.load.fork import both

    half = len(tasks) // 2
    first, second = both(run(tasks[:half]), run(tasks[half:], half, kept))
    return first + second
