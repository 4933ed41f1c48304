"""Opening a file only when it is a regular file: one way for every reader outside the loader.

The check is made on the opened descriptor (``fstat``), not on the path before
opening it, so nothing can be swapped in between; the open never blocks (a
FIFO would wait for a writer) and, when asked, never follows a final symlink.
"""

from __future__ import annotations

import os
import stat


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a folder or (with ``follow=False``) a symlink."""


def open_regular(path: str, follow: bool = True):
    """A binary file object for ``path`` if it is a regular file; ``NotRegularFile`` if it is
    something else, and the usual ``OSError`` if it cannot be opened."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(f"{path} is not a regular file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
