"""Finding the files of a dataset on disk, without ever leaving its root.

Hidden entries (``.git``, ``.cache``) are skipped. Symlinks are followed only
while they stay inside the root; loops, links out of the root and special
files (FIFOs, devices, sockets) are reported, never opened, because opening a
FIFO would block forever.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from dealtrack.diagnostics import Diagnostic
from dealtrack.errors import DealtrackError
from dealtrack.model import Loc

YAML_EXTENSIONS = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class FileRef:
    """One dataset file: its path relative to the root (with '/'), and as shown to the user."""

    relpath: str
    display: str
    abspath: str


def discover(root: str) -> tuple[list[FileRef], list[Diagnostic]]:
    """All YAML files under ``root`` in a stable order, plus problems met on the way."""
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
        _walk(root, "", real_root, {real_root}, files, problems)
    except PermissionError:
        raise DealtrackError(f"cannot read dataset folder {root}: permission denied") from None
    files.sort(key=lambda f: f.relpath)
    problems.sort(key=Diagnostic.sort_key)
    return files, problems


def _walk(folder: str, prefix: str, real_root: str, seen: set[str], files: list[FileRef],
          problems: list[Diagnostic]) -> None:
    with os.scandir(folder) as entries:
        entries = sorted(entries, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        relpath = prefix + entry.name
        display = os.path.normpath(os.path.join(folder, entry.name))
        is_yaml = entry.name.endswith(YAML_EXTENSIONS)
        if entry.is_symlink():
            target = os.path.realpath(entry.path)
            if not _inside(target, real_root):
                if is_yaml or os.path.isdir(entry.path):
                    problems.append(Diagnostic(Loc(display, 1, 1), "DT006",
                                               "symlink leads outside the dataset; not followed"))
                continue
            if not os.path.exists(entry.path):
                problems.append(Diagnostic(Loc(display, 1, 1), "DT006",
                                           "broken symlink or symlink loop; not followed"))
                continue
        try:
            mode = os.stat(entry.path).st_mode
        except OSError as exc:
            problems.append(Diagnostic(Loc(display, 1, 1), "DT001", f"cannot read: {exc.strerror}"))
            continue
        if stat.S_ISDIR(mode):
            real = os.path.realpath(entry.path)
            if real in seen:
                problems.append(Diagnostic(Loc(display, 1, 1), "DT006",
                                           "folder is reached twice (a symlink loop); skipped"))
                continue
            try:
                _walk(display, relpath + "/", real_root, seen | {real}, files, problems)
            except PermissionError:
                problems.append(Diagnostic(Loc(display, 1, 1), "DT001",
                                           "cannot read folder: permission denied"))
        elif is_yaml:
            if stat.S_ISREG(mode):
                files.append(FileRef(relpath, display, entry.path))
            else:
                problems.append(Diagnostic(Loc(display, 1, 1), "DT006",
                                           "not a regular file (a FIFO, socket or device); "
                                           "skipped"))


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def read_bytes(ref: FileRef, limit: int) -> bytes | Diagnostic:
    """The file's bytes, or a diagnostic when it cannot be read or exceeds ``limit``."""
    try:
        with open(ref.abspath, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                return Diagnostic(Loc(ref.display, 1, 1), "DT003",
                                  f"file is {size:,} bytes; the limit is {limit:,}",
                                  hint="split it, or check that it is the file you meant")
            return handle.read(limit + 1)
    except OSError as exc:
        return Diagnostic(Loc(ref.display, 1, 1), "DT001", f"cannot read: {exc.strerror or exc}")
