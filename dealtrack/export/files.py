"""Writing exports whole or not at all, never over something without ``force``.

Single files go through ``dealtrack.write.write_atomic``. A folder of files
(the CSV export) is written into a hidden sibling folder first and renamed
into place; with ``force`` an existing folder is replaced only when it holds
nothing but files an export writes (so ``--output deals --force`` cannot
wipe a dataset).
"""

from __future__ import annotations

import os
import shutil
import tempfile

from dealtrack.errors import DealtrackError
from dealtrack.write import write_atomic


def check_free(paths: list[str], force: bool) -> None:
    """Refuse before writing anything when one of ``paths`` exists and ``force`` is off."""
    for path in paths:
        if os.path.lexists(path) and not force:
            raise DealtrackError(f"{path} already exists; not overwritten (use --force to "
                                 "replace it)")
        if force and os.path.isdir(path):
            raise DealtrackError(f"{path} is a folder; not overwritten")


def write_files(files: dict[str, bytes], force: bool) -> None:
    """Each ``{path: bytes}`` written atomically (all checked first)."""
    check_free(list(files), force)
    for path, data in files.items():
        write_atomic(path, data, overwrite=force)


def write_folder(path: str, files: dict[str, bytes], force: bool) -> None:
    """A folder holding exactly ``files`` (``{name: bytes}``), swapped in as a whole."""
    path = path.rstrip("/\\") or path
    if os.path.lexists(path):
        if not force:
            raise DealtrackError(f"{path} already exists; not overwritten (use --force to "
                                 "replace it)")
        if os.path.islink(path) or not os.path.isdir(path):
            raise DealtrackError(f"{path} is not a folder; not overwritten")
        foreign = sorted(set(os.listdir(path)) - set(files))
        if foreign:
            raise DealtrackError(f"{path} holds files an export does not write "
                                 f"({', '.join(foreign[:3])}); not overwritten")
    parent = os.path.dirname(os.path.abspath(path))
    name = os.path.basename(os.path.abspath(path))
    try:
        staging = tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise DealtrackError(f"cannot write in {parent}: {exc.strerror}") from None
    old = None
    try:
        for file, data in files.items():
            write_atomic(os.path.join(staging, file), data)
        os.chmod(staging, 0o777 & ~_umask())
        if os.path.lexists(path):
            old = tempfile.mkdtemp(prefix=f".{name}.", suffix=".old", dir=parent)
            os.rename(path, os.path.join(old, name))
        try:
            os.rename(staging, path)
        except OSError:
            if old is not None:  # put the previous export back
                os.rename(os.path.join(old, name), path)
            raise
    except OSError as exc:
        raise DealtrackError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
