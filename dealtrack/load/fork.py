"""Two independent pieces of work at once: one in a forked child, one here.

``diff`` does pairs of things that do not depend on each other (loading a
revision and the working tree; parsing two halves of the files of two
revisions; checking two revisions): on two cores they take the time of one.
The child's result comes back encoded (``dealtrack.load.codec``), so it must be made of
dealtrack's records and builtins. If anything goes wrong on the child's side
(it cannot fork, it fails, its answer is damaged) the work is simply done
here, one after the other, so errors surface exactly as in a serial run.
"""

from __future__ import annotations

import os
from typing import Callable, TypeVar

A = TypeVar("A")
B = TypeVar("B")


def both(first: Callable[[], A], second: Callable[[], B], *, parallel: bool = True
         ) -> tuple[A, B]:
    """``(first(), second())``, with ``first`` run in a forked child when ``parallel``."""
    if not parallel or not hasattr(os, "fork"):
        return first(), second()
    from dealtrack.load import codec

    parent = os.getpid()
    read_end, write_end = os.pipe()
    from dealtrack.load.files import sigint_held

    try:
        with sigint_held():   # the child unblocks it once it ignores Ctrl-C
            pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return first(), second()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        status = 1
        try:
            from dealtrack.load.files import become_worker

            become_worker(parent)
            os.close(read_end)
            try:
                payload = b"ok" + codec.encode(first())
            except BaseException:  # noqa: BLE001 - the parent redoes the work and reports
                payload = b"no"
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        second_result = second()
    except BaseException:
        os.close(read_end)
        _reap(pid)
        raise
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read()
    _reap(pid)
    if answer.startswith(b"ok"):
        try:
            return codec.decode(answer[2:]), second_result
        except ValueError:
            pass
    return first(), second_result


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # pragma: no cover - already reaped
        pass
