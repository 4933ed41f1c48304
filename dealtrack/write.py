"""Writing files so that a crash, a kill or a full disk never leaves a half-written file.

The new content goes to a hidden temporary file in the same folder (so the
rename cannot cross file systems, and ``discover`` skips it if a kill leaves
it behind), is flushed and fsync'ed, then renamed over the target in one
step. Without ``overwrite`` the final step is a hard link, which fails if
the target appeared meanwhile, so an existing file is never replaced.

A symlink is written through, not replaced: the file it leads to gets the
new content and the link stays a link (the format allows links inside a
dataset, and replacing one by a copy would split one file into two).
"""

from __future__ import annotations

import os
import tempfile

from dealtrack.errors import DealtrackError


def write_atomic(path: str, data: bytes, *, overwrite: bool = False,
                 expect: bytes | None = None) -> None:
    """Write ``data`` to ``path`` whole or not at all.

    ``overwrite`` allows replacing an existing file (keeping its permissions);
    ``expect`` refuses when the current content is no longer ``expect``, so a
    concurrent edit is not silently lost.
    """
    exists = os.path.lexists(path)
    if exists and not overwrite:
        raise DealtrackError(f"{path} already exists; not overwritten")
    target = path
    if os.path.islink(path):
        target = os.path.realpath(path)
        if not os.path.exists(target):
            raise DealtrackError(f"{path} is a broken symlink; not written")
    if exists and not os.path.isfile(target):
        raise DealtrackError(f"{path} is not a regular file; not overwritten")
    folder = os.path.dirname(os.path.abspath(target))
    name = os.path.basename(target)
    mode = _mode_for(target if exists else None)
    tmp = None
    # A signal that stops the process (SIGTERM, Ctrl-C) is held back while the
    # temporary file is created, so that it arrives when ``tmp`` is known and
    # the clean-up below removes the file.
    held = _hold_signals()
    try:
        try:
            # Cut the name so that the temporary name fits where the target's does
            # (a 240-character id makes a legal file name, but not with 14 more).
            fd, tmp = tempfile.mkstemp(prefix=f".{name[:64]}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise DealtrackError(f"cannot write in {folder}: {exc.strerror}") from None
        finally:
            _release_signals(held)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if expect is not None and _read(target) != expect:
            raise DealtrackError(f"{path} changed while it was being rewritten; not written "
                                 "(run the command again)")
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise DealtrackError(f"{path} already exists; not overwritten") from None
            os.unlink(tmp)
        _sync_folder(folder)
    except BaseException as exc:
        try:
            if tmp is not None:
                os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, DealtrackError):
            raise DealtrackError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


_STOPPING = ("SIGINT", "SIGTERM", "SIGHUP")


def _hold_signals():
    """Block the stopping signals in this thread; what to pass to ``_release_signals``."""
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not \
            threading.main_thread():
        return None
    wanted = {getattr(signal, n) for n in _STOPPING if hasattr(signal, n)}
    return signal.pthread_sigmask(signal.SIG_BLOCK, wanted)


def _release_signals(held) -> None:
    """Unblock them again: a signal that came meanwhile is handled now."""
    if held is not None:
        import signal

        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _mode_for(existing: str | None) -> int:
    if existing is not None:
        return os.stat(existing).st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable; some systems cannot open folders, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
