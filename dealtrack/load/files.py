"""Reading files into ``FileResult``s, serially or in worker processes: a plain executor.

Each file is handled by ``process``, a pure function of its path and bytes
(plus the digest the cache expects): the same code runs in this process and
in worker processes. Workers read and parse files themselves and send back
encoded results (``dealtrack.load.codec``). The parse cache is not here: it
is a layer around ``read_files`` (``cache.Pack.read_through``), which asks
this executor only for the files it cannot answer.
"""

from __future__ import annotations

import functools
import os
from contextlib import contextmanager

from dealtrack.diagnostics import Diagnostic

# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 300
_CHUNK = 48


def jobs_wanted(jobs: int | None) -> int:
    """How many processes to parse with: ``jobs``, else ``DEALTRACK_JOBS``, else the CPUs."""
    if jobs is None:
        value = os.environ.get("DEALTRACK_JOBS", "")
        if value.strip().isdigit() and int(value) > 0:
            return int(value)
        try:
            return len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            return os.cpu_count() or 1
    return max(1, jobs)


def process(task: tuple) -> tuple:
    """Read and parse one file.

    ``task`` is ``(index, FileRef, expected)``; ``expected`` is the digest the
    cache holds (or None, or False when the cache is off).
    Returns ``(index, stat signature, digest, kind, payload)`` where ``kind``
    is ``same`` (content has the expected digest: no parse), ``problem``
    (payload: a read Diagnostic) or ``result`` (payload: the ``FileResult``).
    """
    parse_file, digest, signature, read_bytes, size_limit = _parsing()
    index, ref, expected = task
    relpath = ref.relpath
    data, info = read_bytes(ref, size_limit(relpath))
    if isinstance(data, Diagnostic):
        return index, None, None, "problem", data
    if expected is False:
        return index, None, None, "result", parse_file(relpath, ref.display, data)
    sig = signature(info)
    content = digest(data)
    if expected and content == expected:
        return index, sig, content, "same", None
    return index, sig, content, "result", parse_file(relpath, ref.display, data)


@functools.cache
def _parsing() -> tuple:
    """What ``process`` calls, imported once (per file, the imports cost as much as a read)."""
    from dealtrack.load.cache import digest, signature
    from dealtrack.load.discover import read_bytes
    from dealtrack.load.layout import size_limit
    from dealtrack.load.parse import parse_file

    return parse_file, digest, signature, read_bytes, size_limit


def read_files(refs: list, jobs: int | None, keep=None, todo: list[int] | None = None,
               expected: dict[int, bytes | None] | None = None):
    """Read and parse the files ``refs[i]`` for every ``i`` in ``todo`` (default: all).

    Yields ``(index, stat signature, digest, kind, outcome, stored)`` in no particular
    order, one per file: ``kind`` is ``problem`` (``outcome``: the read Diagnostic),
    ``same`` (its content has the digest in ``expected``: not parsed) or ``result``
    (``outcome``: what ``keep`` made of the ``FileResult``; ``stored``: the whole
    ``FileResult``, or its encoding when a worker parsed it, for a cache to store).

    ``expected`` is None when no cache is used: no signature or digest is computed
    then. ``keep``, when given, is applied to each ``FileResult`` as soon as it is read;
    in a worker process it is applied there, so that only what is kept is sent back.
    This is the plain executor of ``process``; the cache (``cache.Pack.read_through``)
    wraps it.
    """
    from dealtrack.load import codec

    keep = keep or _same
    caching = expected is not None
    expected = expected or {}
    todo = list(range(len(refs))) if todo is None else list(todo)
    # Registries (at the root) first: the node tree of a registry of 100,000 parties takes
    # tens of megabytes, better held before the deals are in memory than on top of them.
    # Outcomes are stored by index, so the order of work changes nothing else.
    todo.sort(key=lambda index: "/" in refs[index].relpath)
    workers = min(jobs_wanted(jobs), len(todo) // (_CHUNK * 2) or 1)
    parallel = workers > 1 and len(todo) >= PARALLEL_MIN_FILES and _can_fork()

    def task(index: int) -> tuple:
        # Made when needed, in whichever process parses the file: at 100,000 files a
        # list of every task costs tens of megabytes, held while every record is built.
        return index, refs[index], expected.get(index) if caching else False

    for index, sig, content, kind, payload in _run(task, todo, workers if parallel else 1,
                                                   keep, caching):
        if kind == "sent":  # from a worker: (what it read, encoded or None; what it kept)
            read, kept = payload
            yield index, sig, content, "result", codec.decode(kept), read
        elif kind == "result":
            yield index, sig, content, kind, keep(payload), payload
        else:
            yield index, sig, content, kind, payload, None


def _same(result):
    return result


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _run(task, todo: list[int], workers: int, keep=_same, caching: bool = False):
    """Outcomes of ``process(task(index))`` for every index in ``todo``, in no particular order.

    A child's parsed results come back as kind ``sent``: ``(the FileResult encoded, or
    None when not ``caching``; what ``keep`` made of it, encoded)``.

    With ``workers`` > 1 this process parses too: it and ``workers - 1``
    forked children take chunks of indices from one shared counter, so the
    work balances itself, and only the children's results pay for being
    encoded and decoded (a fifth of the cost of parsing). Files a child
    could not finish (it died) are done here at the end.
    """
    if workers <= 1:
        for index in todo:
            yield process(task(index))
        return
    import multiprocessing

    # fork: the children start with dealtrack imported and the file list in memory, in
    # milliseconds; what every parse needs is loaded first, so that it is loaded once.
    from dealtrack.load import convert, values  # noqa: F401 - imported for the children

    values.currency_code("USD")
    values.known_countries()
    global _PARENT
    _PARENT = os.getpid()
    context = multiprocessing.get_context("fork")
    chunks = [todo[i:i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
    counter = context.Value("i", 0)
    results = context.Queue()
    children = [context.Process(target=_child, args=(task, chunks, counter, results, keep,
                                                     caching), daemon=True)
                for _ in range(workers - 1)]
    with sigint_held():
        for child in children:
            child.start()
    done = bytearray(max(todo) + 1)
    finished = 0
    stopped = True      # until every chunk is taken: Ctrl-C, a closed pipe, an error
    try:
        while True:
            number = _take(counter)
            if number >= len(chunks):
                break
            for index in chunks[number]:
                outcome = process(task(index))
                done[index] = 1
                yield outcome
            finished += yield from _received(results, done, wait=False)
        while finished < len(children):
            got = yield from _received(results, done, wait=True)
            if got is not None:
                finished += got
            elif not any(child.is_alive() for child in children) and results.empty():
                break  # a child died without saying it finished: its files are done below
        stopped = False
    finally:
        for child in children:
            if stopped:  # workers ignore Ctrl-C: the run is over, so end them now
                child.terminate()
            child.join(timeout=5)
            if child.is_alive():  # pragma: no cover - a worker that ignored SIGTERM
                child.kill()
        results.close()
    for index in todo:
        if not done[index]:
            yield process(task(index))


def _received(results, done: bytearray, wait: bool):
    """Yield the outcomes in the children's batches, marking them ``done``; return how many
    children said they had finished.

    Without ``wait``, every batch already queued; with it, the next one, waiting up to
    half a second (None when none came, so that the caller can see whether the children
    are still alive).
    """
    import queue

    finished = 0
    while True:
        try:
            batch = results.get(timeout=0.5) if wait else results.get_nowait()
        except queue.Empty:
            return None if wait else finished
        if batch is None:
            finished += 1
        else:
            for outcome in batch:
                done[outcome[0]] = 1
                yield outcome
        if wait:
            return finished


_PARENT = 0   # the process that forks the workers, set before it does


def become_worker(parent: int) -> None:
    """Make a forked child a well-behaved worker of ``parent``.

    It ignores Ctrl-C (the parent stops the run, and a worker's traceback must never
    reach the terminal), and it dies with its parent, even a parent killed outright
    (Linux's parent-death signal; elsewhere it notices at its next chunk).
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):   # held by ``sigint_held`` while forking
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:   # the parent died before the signal was asked for
        os._exit(1)


@contextmanager
def sigint_held():
    """Hold Ctrl-C back while forking workers, until they can ignore it.

    A SIGINT landing inside ``fork`` runs the handler in an at-fork hook, where its
    KeyboardInterrupt is printed and swallowed (the run would go on); held, it reaches
    this process just after, as usual, and the child never sees it.
    """
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    me = os.getpid()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if os.getpid() == me:   # a child leaving this block keeps it held: see become_worker
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _take(counter) -> int:
    with counter.get_lock():
        index = counter.value
        counter.value = index + 1
    return index


def _child(task, chunks: list, counter, results, keep, caching: bool) -> None:
    """A worker: parse chunks until none are left; results go back encoded."""
    from dealtrack.load.codec import encode

    become_worker(_PARENT)

    def send(outcome: tuple) -> tuple:
        index, sig, content, kind, payload = outcome
        if kind != "result":
            return outcome
        kept = keep(payload)
        read = encode(payload) if caching else None
        return index, sig, content, "sent", (read, read if kept is payload and read else
                                             encode(kept))

    try:
        while True:
            number = _take(counter)
            if number >= len(chunks) or os.getppid() != _PARENT:
                break
            results.put([send(process(task(index))) for index in chunks[number]])
    finally:
        results.put(None)
        results.close()
        results.join_thread()
