"""Finding the files of a dataset on disk, without ever leaving its root.

Hidden entries (``.git``, ``.cache``) are skipped. Symlinks are followed only
while they stay inside the root; loops, links out of the root and special
files (FIFOs, devices, sockets) are reported, never opened, because opening a
FIFO would block forever.
"""

from __future__ import annotations

import operator
import os
import re
import stat
from dataclasses import dataclass

from dealtrack.diagnostics import Diagnostic
from dealtrack.errors import DealtrackError
from dealtrack.load.layout import YAML_EXTENSIONS, too_big
from dealtrack.location import Loc

# Surrogates stand for bytes that are not UTF-8 (os.fsdecode); C0/C1 are control characters.
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class FileRef:
    """One dataset file: its path relative to the root (with '/'), and as shown to the user."""

    relpath: str
    display: str
    abspath: str


def discover(root: str) -> tuple[list[FileRef], list[Diagnostic]]:
    """All YAML files under ``root`` in a stable order, plus problems met on the way.

    A folder without a single YAML file (and no other problem) is itself a
    problem, DT007.
    """
    try:
        info = os.stat(root)
    except FileNotFoundError:
        raise DealtrackError(f"dataset folder not found: {root} "
                             "(use --data DIR or set DEALTRACK_DATA)") from None
    except OSError as exc:
        raise DealtrackError(f"cannot read dataset folder {root}: {exc.strerror}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise DealtrackError(f"not a folder: {root} (--data takes the dataset's root folder)")
    real_root = os.path.realpath(root)
    files: list[FileRef] = []
    problems: list[Diagnostic] = []
    try:
        with os.scandir(root):
            pass
    except OSError as exc:
        raise DealtrackError(f"cannot read dataset folder {root}: {exc.strerror}") from None
    # An explicit stack, not recursion: a pull request may nest folders thousands deep. Each
    # folder carries the chain of its ancestors' identities (device, inode), shared with its
    # siblings, so that going one level deeper costs the same at any depth.
    stack = [(root, "", (_identity(info), None))]
    while stack:
        folder, prefix, seen = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_name)
        except OSError as exc:
            problems.append(Diagnostic(Loc(folder, 1, 1), "DT001",
                                       f"cannot read folder: {exc.strerror or exc}"))
            continue
        # What ``normpath(join(folder, name))`` gives for every plain name, worked out once.
        base = os.path.normpath(os.path.join(folder, "_"))[:-1]
        # One search of the folder's names ('/' cannot be in one): most hold nothing unsafe.
        plain_names = not _UNSAFE_NAME.search("/".join(map(_name, entries)))
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if plain_names and name.endswith(YAML_EXTENSIONS) and _regular(entry):
                # The common case, as ``_visit`` would take it (a deal file).
                display = base + name
                path = entry.path
                files.append(FileRef(prefix + name, display, display if path == display
                                     else path))
                continue
            _visit(entry, base, prefix, real_root, seen, stack, files, problems)
    files.sort(key=_relpath)
    if not files and not problems:
        # Most likely a mistyped --data: "0 files, no problems" would pass CI.
        problems.append(Diagnostic(Loc(root, 1, 1), "DT007", "no YAML files in the dataset folder",
                                   hint="--data takes the folder holding the deal files "
                                        "(*.yaml, *.yml) and registries"))
    problems.sort(key=Diagnostic.sort_key)
    return files, problems


_name = operator.attrgetter("name")
_relpath = operator.attrgetter("relpath")


def _regular(entry: os.DirEntry) -> bool:
    """Whether the folder listing says ``entry`` is a regular file (not a link to one)."""
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False    # ``_visit`` asks again, and reports it


def _visit(entry: os.DirEntry, base: str, prefix: str, real_root: str, seen: tuple,
           stack: list, files: list[FileRef], problems: list[Diagnostic]) -> None:
    """One entry of a folder whose entries' display paths are ``base`` + their names."""
    if entry.name.startswith("."):
        return
    relpath = prefix + entry.name
    display = base + entry.name
    problem = unsafe_name(entry.name, display)
    if problem:
        problems.append(problem)
        return
    is_yaml = entry.name.endswith(YAML_EXTENSIONS)
    if entry.is_symlink():
        target = os.path.realpath(entry.path)
        if not _inside(target, real_root):
            if is_yaml or os.path.isdir(entry.path):
                problems.append(Diagnostic(Loc(display, 1, 1), "DT006",
                                           "symlink leads outside the dataset; not followed"))
            return
        if not os.path.exists(entry.path):
            problems.append(Diagnostic(Loc(display, 1, 1), "DT006",
                                       "broken symlink or symlink loop; not followed"))
            return
        try:
            target_info = os.stat(entry.path)
        except OSError as exc:
            problems.append(Diagnostic(Loc(display, 1, 1), "DT001",
                                       f"cannot read: {exc.strerror}"))
            return
        mode = target_info.st_mode
        is_dir, is_file = stat.S_ISDIR(mode), stat.S_ISREG(mode)
    else:
        # The folder listing says what an entry is (no stat per file; the cache does the one
        # stat a file needs). An entry that vanishes now is reported when it is read.
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file(follow_symlinks=False)
        except OSError as exc:
            problems.append(Diagnostic(Loc(display, 1, 1), "DT001",
                                       f"cannot read: {exc.strerror}"))
            return
    if is_dir:
        if os.path.lexists(os.path.join(entry.path, ".git")):
            # Another repository (a git submodule, a nested clone): at a revision git lists
            # it as a commit, not files, so it is skipped here too (one rule in both views).
            return
        # Only a symlink can lead back to an ancestor (folders cannot be hard-linked).
        try:
            identity = _identity(target_info if entry.is_symlink() else
                                 entry.stat(follow_symlinks=False))
        except OSError as exc:
            problems.append(Diagnostic(Loc(display, 1, 1), "DT001",
                                       f"cannot read: {exc.strerror}"))
            return
        if entry.is_symlink() and _reached(identity, seen):
            problems.append(Diagnostic(Loc(display, 1, 1), "DT006",
                                       "folder is reached twice (a symlink loop); skipped"))
            return
        stack.append((display, relpath + "/", (identity, seen)))
    elif is_yaml:
        if is_file:
            # One string, not two equal ones, when the root was given as a plain path:
            # a dataset of 100,000 files keeps every FileRef until it is checked.
            abspath = display if entry.path == display else entry.path
            files.append(FileRef(relpath, display, abspath))
        else:
            problems.append(Diagnostic(Loc(display, 1, 1), "DT006",
                                       "not a regular file (a FIFO, socket or device); skipped"))


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _reached(identity: tuple[int, int], chain: tuple | None) -> bool:
    """Whether ``identity`` is one of the folders on the ``(identity, parent chain)`` chain."""
    while chain is not None:
        if chain[0] == identity:
            return True
        chain = chain[1]
    return False


def unsafe_name(name: str, display: str) -> Diagnostic | None:
    """A DT001 (shown escaped) when a file or folder name must not be read or printed.

    Undecodable bytes (surrogates from ``os.fsdecode``) or control characters:
    such a name cannot be a deal id, and printed as is it would break the
    ``path:line:col`` report or send escape sequences to the reader's terminal.
    """
    if not _UNSAFE_NAME.search(name):
        return None
    shown = display.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    shown = _UNSAFE_NAME.sub(lambda m: repr(m.group())[1:-1], shown)
    return Diagnostic(Loc(shown, 1, 1), "DT001",
                      "name is not UTF-8 text or holds control characters; not read",
                      hint="rename it: a deal file is named after its id")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def read_bytes(ref: FileRef, limit: int) -> tuple[bytes | Diagnostic, os.stat_result | None]:
    """The file's bytes (or a diagnostic when it cannot be read or exceeds ``limit``), and the
    ``stat`` of the file they were read from (for the cache's signature)."""
    try:
        with open(ref.abspath, "rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_size > limit:
                return too_big(ref.display, info.st_size, limit), None
            # Sized to the file (a buffer of ``limit`` bytes per file cost more than the read);
            # one byte more shows a file that grew since ``fstat``, read on up to the limit.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(limit + 1 - len(data))
            return data, info
    except OSError as exc:
        return Diagnostic(Loc(ref.display, 1, 1), "DT001",
                          f"cannot read: {exc.strerror or exc}"), None
