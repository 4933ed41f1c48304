"""Reading a dataset as it was at a git revision, through the same loader as the working tree.

Only git plumbing is used, always with argument lists (never a shell): one
``rev-parse`` to validate the revision, one ``ls-tree`` to list the files and
ONE ``cat-file --batch`` process for all their contents. A revision is never
passed where git could read it as an option: names starting with ``-`` are
refused, and ``--end-of-options`` guards the rest.

Files at a revision are shown as ``REV:deals/pk/x.yaml`` — the path from the
repository's top level, after the revision as the user wrote it — which is
also what ``git show REV:deals/pk/x.yaml`` takes.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from dealtrack.diagnostics import Diagnostic
from dealtrack.errors import DealtrackError
from dealtrack.location import Loc

_YAML = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Repo:
    """A git work tree, and where the dataset folder sits inside it."""

    top: str          # absolute top-level folder
    prefix: str       # dataset folder relative to ``top``, '/'-separated, '' or ending in '/'


def run_git(args: list[str], cwd: str, *, input: bytes | None = None) -> bytes:
    """Run one git command; a failure becomes a DealtrackError with git's own first line."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True,
                              check=False)
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
    try:
        top = run_git(["rev-parse", "--show-toplevel"], probe).decode().strip()
    except DealtrackError:
        raise DealtrackError(f"{root} is not inside a git repository") from None
    real_top, real_path = os.path.realpath(top), os.path.realpath(path)
    rel = os.path.relpath(real_path, real_top)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        raise DealtrackError(f"{root} is not inside the git repository at {top}")
    prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
    return Repo(real_top, prefix)


def check_revision_name(rev: str) -> None:
    """Refuse names git could take as an option or that are not one line of text."""
    if not rev or rev.startswith("-"):
        raise DealtrackError(f"'{rev}' is not a revision (a revision never starts with '-')")
    if any(c in rev for c in "\0\n\r"):
        raise DealtrackError("a revision name cannot contain control characters")


def resolve(repo: Repo, rev: str) -> str:
    """The commit id ``rev`` names; DealtrackError (one line) when it names no commit."""
    check_revision_name(rev)
    try:
        out = run_git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                      repo.top)
    except DealtrackError:
        raise DealtrackError(f"unknown revision '{rev}': no such commit in {repo.top}") from None
    return out.decode().strip()


@dataclass(frozen=True, slots=True)
class TreeFile:
    relpath: str      # relative to the dataset root
    mode: str
    object: str


def list_files(repo: Repo, commit: str) -> tuple[list[TreeFile], bool]:
    """YAML files of the dataset at ``commit`` (hidden entries skipped), and whether the folder exists."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if repo.prefix:
        args += ["--", repo.prefix]
    out = run_git(args, repo.top)
    files = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, obj = meta.decode().split(" ")
        path = path.decode("utf-8", "surrogateescape")
        if not path.startswith(repo.prefix):
            continue
        rel = path[len(repo.prefix):]
        if kind != "blob" or not rel.endswith(_YAML):
            continue
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        files.append(TreeFile(rel, mode, obj))
    files.sort(key=lambda f: f.relpath)
    return files, bool(out)


class BlobReader:
    """One ``git cat-file --batch`` process serving every blob read by a command."""

    def __init__(self, repo: Repo):
        try:
            self._proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=repo.top,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL)
        except FileNotFoundError:
            raise DealtrackError("git is not installed or not on PATH") from None

    def read(self, obj: str, limit: int) -> bytes | int:
        """The blob's bytes, or its size (an int) when it is over ``limit`` bytes."""
        self._proc.stdin.write(obj.encode() + b"\n")
        self._proc.stdin.flush()
        return self._response(obj, limit)

    def read_many(self, requests: list[tuple[str, int]]):
        """Yield each requested blob's bytes (or its size, over its limit), in order.

        Asking for one blob and waiting for it, ten thousand times, is a round trip
        each: instead a thread writes every request while this one reads the answers,
        so that neither pipe can fill up and block the other side.
        """
        import threading

        stdin = self._proc.stdin

        def feed() -> None:
            try:
                for obj, _ in requests:
                    stdin.write(obj.encode() + b"\n")
                stdin.flush()
            except (OSError, ValueError):  # git went away; the reader says so
                pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        answered = 0
        try:
            for obj, limit in requests:
                yield self._response(obj, limit)
                answered += 1
        finally:
            if answered < len(requests):  # abandoned: the writer may be blocked on git
                self._proc.kill()
            writer.join()

    def _response(self, obj: str, limit: int) -> bytes | int:
        header = self._proc.stdout.readline().split()
        if len(header) != 3:
            raise DealtrackError(f"git cat-file could not read object {obj}")
        size = int(header[2])
        if size > limit:  # refused by its size: passed over, never held whole in memory
            self._skip(size + 1)
            return size
        data = self._read_exact(size)
        self._read_exact(1)  # the newline after each object
        return data

    def _skip(self, size: int) -> None:
        while size:
            chunk = self._proc.stdout.read(min(size, 1 << 20))
            if not chunk:
                raise DealtrackError("git cat-file stopped early")
            size -= len(chunk)

    def _read_exact(self, size: int) -> bytes:
        chunks, left = [], size
        while left:
            chunk = self._proc.stdout.read(min(left, 1 << 20))
            if not chunk:
                raise DealtrackError("git cat-file stopped early")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        if self._proc.stdin and not self._proc.stdin.closed:
            self._proc.stdin.close()
        self._proc.stdout.close()
        self._proc.wait()

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


def revision_files(repo: Repo, rev: str, files: list[TreeFile], reader: BlobReader,
                   problems: list[Diagnostic], blobs: dict[str, str] | None = None):
    """The tree source of a revision: ``(relpath, display, bytes or size over the limit)`` of
    each file, in path order; files that are not read (unsafe names, symlinks) go to
    ``problems``, and ``blobs`` (when given) receives each file's blob id."""
    from dealtrack.load.discover import unsafe_name
    from dealtrack.load.layout import size_limit

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
    contents = reader.read_many([(entry.object, size_limit(entry.relpath))
                                 for entry, _ in wanted])
    for (entry, display), data in zip(wanted, contents):
        yield entry.relpath, display, data


def load_revision(root: str, rev: str, *, today=None, check: bool = True, repo: Repo | None = None,
                  reader: BlobReader | None = None, missing_ok: bool = False,
                  commit: str | None = None, blobs: dict[str, str] | None = None):
    """Load the dataset folder ``root`` as it was at ``rev``: a ``LoadResult``, like ``load_dataset``.

    Problems in the files are diagnostics; an unknown revision, or a dataset
    folder absent at that revision, is a DealtrackError. ``repo``, ``reader``
    and ``commit`` let a caller share one repository lookup and one
    ``cat-file`` process between several revisions. ``blobs``, when given,
    receives each file's blob id by its path inside the dataset.
    """
    from dealtrack.load import assemble

    check_revision_name(rev)
    repo = repo or find_repo(root)
    commit = commit or resolve(repo, rev)
    files, exists = list_files(repo, commit)
    if not exists and not missing_ok:
        where = repo.prefix.rstrip("/") or "the repository"
        raise DealtrackError(f"{where} does not exist at revision '{rev}'")
    own = reader is None
    reader = reader or BlobReader(repo)
    problems: list[Diagnostic] = []
    try:
        results = [(display, parse_blob(relpath, display, data)) for relpath, display, data
                   in revision_files(repo, rev, files, reader, problems, blobs)]
    finally:
        if own:
            reader.close()
    loaded = assemble(display_path(rev, repo, "").rstrip("/") or f"{rev}:", results, problems)
    if check:
        from dealtrack.rules import run_rules

        loaded.diagnostics.extend(run_rules(loaded.dataset, today=today))
    loaded.diagnostics.sort(key=Diagnostic.sort_key)
    return loaded

