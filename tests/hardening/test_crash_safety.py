"""Crash safety of every writer (``fmt``, ``new``, ``git-setup`` all go through dealtrack.write).

A writer killed at any point leaves each target with its old content or its
new content, never a mix; a failed write (disk full, read-only folder) leaves
the target untouched, no temporary file behind, and says why in one line.
Kills are real SIGKILLs of a child process: at each step of the write (made
deterministic by wrapping the step), and at random moments of a write loop.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dealtrack.errors import DealtrackError
from dealtrack.write import write_atomic
from hardening_support import TIMEOUT, assert_no_crash, minimal_dataset

# Installed in the child before it writes: SIGKILL itself at one step of the write.
# PHASE is mid-write | before-fsync | before-rename | after-rename, optionally ":N" for the
# N-th rename of the run (fmt writes one file after another).
KILLER = r'''
import errno, os, signal, sys
phase, _, nth = sys.argv[1].partition(":")
nth = int(nth or 1)
real_fdopen, real_replace, real_link = os.fdopen, os.replace, os.link
renames = 0

def die():
    os.kill(os.getpid(), signal.SIGKILL)

class HalfWriter:
    def __init__(self, handle):
        self.handle = handle
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.handle.__exit__(*exc)
    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        os.fsync(self.handle.fileno())
        die()
    def __getattr__(self, name):
        return getattr(self.handle, name)

def renaming(real):
    def rename(a, b):
        global renames
        renames += 1
        if renames == nth and phase == "before-rename":
            die()
        real(a, b)
        if renames == nth and phase == "after-rename":
            die()
    return rename

if phase == "mid-write":
    os.fdopen = lambda fd, mode="r", *a, **k: HalfWriter(real_fdopen(fd, mode, *a, **k))
elif phase == "before-fsync":
    os.fsync = lambda fd: die()
elif phase == "enospc":
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    os.fsync = full
os.replace, os.link = renaming(real_replace), renaming(real_link)
sys.argv = sys.argv[2:]
if sys.argv[0] == "write_atomic":
    from dealtrack.write import write_atomic
    write_atomic(sys.argv[1], open(sys.argv[2], "rb").read(), overwrite=sys.argv[3] == "yes")
else:
    from dealtrack.cli.app import main
    sys.argv = ["dealtrack", *sys.argv]
    main()
'''

PHASES = ["mid-write", "before-fsync", "before-rename", "after-rename"]


def _child(phase: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEALTRACK_")}
    env.update(NO_COLOR="1", DEALTRACK_CACHE_DIR=str(cwd / ".no-cache"))
    return subprocess.run([sys.executable, "-c", KILLER, phase, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL)


def _leftovers(folder: Path, *keep: str) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n not in keep)


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("existing", [True, False], ids=["replace", "create"])
def test_a_write_killed_at_each_step_leaves_old_or_new(tmp_path, phase, existing):
    target = tmp_path / "data" / "deal.yaml"
    target.parent.mkdir()
    old, new = b"old: content\n" * 50_000, b"new: content\n" * 60_000
    if existing:
        target.write_bytes(old)
    (tmp_path / "new.bin").write_bytes(new)
    done = _child(phase, "write_atomic", str(target), str(tmp_path / "new.bin"),
                  "yes" if existing else "no", cwd=tmp_path)
    assert done.returncode == -signal.SIGKILL, done.stderr
    if phase == "after-rename":
        assert target.read_bytes() == new
    elif existing:
        assert target.read_bytes() == old
    else:
        assert not target.exists()
    # A kill may leave the hidden temporary file; it is never a dataset file.
    for name in _leftovers(target.parent, "deal.yaml"):
        assert name.startswith(".deal.yaml.") and name.endswith(".tmp"), name


def test_random_kills_during_a_write_loop_never_leave_a_partial_file(tmp_path):
    target = tmp_path / "deal.yaml"
    versions = [b"# version %d\n" % i + bytes([97 + i]) * (3 << 20) + b"\n" for i in range(3)]
    target.write_bytes(versions[0])
    loop = ("import sys\nfrom dealtrack.write import write_atomic\n"
            "a, b = open(sys.argv[2], 'rb').read(), open(sys.argv[3], 'rb').read()\n"
            "print('ready', flush=True)\n"
            "while True:\n"
            "    write_atomic(sys.argv[1], a, overwrite=True)\n"
            "    write_atomic(sys.argv[1], b, overwrite=True)\n")
    for i in (1, 2):
        (tmp_path / f"v{i}").write_bytes(versions[i])
    rng = random.Random(6)
    seen = set()
    for _ in range(12):
        child = subprocess.Popen([sys.executable, "-c", loop, str(target), str(tmp_path / "v1"),
                                  str(tmp_path / "v2")], stdout=subprocess.PIPE)
        try:
            assert child.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0, 0.25))
        finally:
            child.kill()
            child.wait(TIMEOUT)
            child.stdout.close()
        content = target.read_bytes()
        assert content in versions, content[:40]
        seen.add(versions.index(content))
    assert seen - {0}, "the child never completed a write; kills did not test anything"


def test_a_finished_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "deal.yaml"
    write_atomic(str(target), b"id: a\n")
    write_atomic(str(target), b"id: b\n", overwrite=True)
    assert _leftovers(tmp_path) == ["deal.yaml"]
    assert target.read_bytes() == b"id: b\n"
    with pytest.raises(DealtrackError, match="already exists; not overwritten"):
        write_atomic(str(target), b"id: c\n")
    assert target.read_bytes() == b"id: b\n" and _leftovers(tmp_path) == ["deal.yaml"]


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("step", ["write", "fsync", "rename"])
def test_a_full_disk_leaves_the_file_intact(tmp_path, monkeypatch, step):
    target = tmp_path / "deal.yaml"
    target.write_bytes(b"id: old\n")
    if step == "write":
        real = os.fdopen

        class Full:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return self.handle.__exit__(*exc)

            def write(self, data):
                _enospc()

        monkeypatch.setattr(os, "fdopen", lambda fd, mode="r": Full(real(fd, mode)))
    else:
        monkeypatch.setattr(os, {"fsync": "fsync", "rename": "replace"}[step], _enospc)
    with pytest.raises(DealtrackError, match="No space left on device") as raised:
        write_atomic(str(target), b"id: new\n" * 1000, overwrite=True)
    assert str(raised.value).startswith(f"cannot write {target}")
    monkeypatch.undo()
    assert target.read_bytes() == b"id: old\n"
    assert _leftovers(tmp_path) == ["deal.yaml"]


def test_a_read_only_file_system_is_one_clear_error(tmp_path, monkeypatch):
    import tempfile

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    target = tmp_path / "deal.yaml"
    target.write_bytes(b"id: old\n")
    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(DealtrackError, match=f"cannot write in {tmp_path}: Read-only file system"):
        write_atomic(str(target), b"id: new\n", overwrite=True)
    assert target.read_bytes() == b"id: old\n"


def test_a_read_only_folder_is_one_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "deal.yaml"
    target.write_bytes(b"id: old\n")
    os.chmod(folder, 0o555)
    try:
        probe = folder / ".probe"
        try:
            probe.write_bytes(b"")
        except PermissionError:
            pass
        else:
            probe.unlink()
            pytest.skip("running with privileges that ignore folder permissions (root): a "
                        "chmod 555 folder is still writable here; see the simulated EROFS test")
        with pytest.raises(DealtrackError, match="cannot write in .*: Permission denied"):
            write_atomic(str(target), b"id: new\n", overwrite=True)
        assert target.read_bytes() == b"id: old\n"
        assert _leftovers(folder) == ["deal.yaml"]
    finally:
        os.chmod(folder, 0o755)


# --- The real commands, killed -------------------------------------------------------------

def _unformatted(root: Path, count: int = 6) -> dict[str, bytes]:
    """Deal files with their keys out of order, so that fmt rewrites every one of them."""
    deal = (root / "pk" / "ussm-fwo-2025.yaml").read_text(encoding="utf-8")
    head, tail = deal.split("instrument:", 1)
    for i in range(count):
        text = head.replace("ussm-fwo-2025", f"d{i}") + "# kept comment\ninstrument:" + tail
        lines = text.splitlines(keepends=True)
        (root / "pk" / f"d{i}.yaml").write_text(lines[1] + lines[0] + "".join(lines[2:]),
                                                encoding="utf-8")
    return {p.name: p.read_bytes() for p in sorted((root / "pk").glob("*.yaml"))}


@pytest.mark.parametrize("phase", ["mid-write", "before-rename:3", "after-rename:3"])
def test_fmt_killed_mid_run_leaves_every_file_whole(tmp_path, phase):
    from dealtrack.fmt import format_file

    root = minimal_dataset(tmp_path / "ds")
    before = _unformatted(root)
    formatted = {name: format_file(f"pk/{name}", name, data).text.encode()
                 for name, data in before.items()}
    assert any(formatted[n] != before[n] for n in before)
    done = _child(phase, "fmt", "--data", "ds", cwd=tmp_path)
    assert done.returncode == -signal.SIGKILL, done.stderr
    after = {p.name: p.read_bytes() for p in sorted((root / "pk").glob("*.yaml"))}
    assert after.keys() == before.keys()
    assert all(after[n] in (before[n], formatted[n]) for n in after)
    changed = sum(after[n] != before[n] for n in after)
    assert changed == {"mid-write": 0, "before-rename:3": 2, "after-rename:3": 3}[phase]
    rerun = _child("none", "validate", "--data", "ds", "--today", "2026-11-26", cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr  # leftovers are hidden: the dataset is clean


def test_fmt_on_a_full_disk_stops_with_one_line_and_intact_files(tmp_path):
    root = minimal_dataset(tmp_path / "ds")
    before = _unformatted(root)
    done = _child("enospc", "fmt", "--data", "ds", cwd=tmp_path)
    assert_no_crash(subprocess.CompletedProcess(done.args, done.returncode, done.stdout,
                                                done.stderr))
    assert done.returncode == 2
    assert done.stderr.startswith("dealtrack: error: cannot write ")
    assert "No space left on device" in done.stderr and done.stderr.count("\n") == 1
    assert {p.name: p.read_bytes() for p in (root / "pk").glob("*.yaml")} == before
    assert _leftovers(root / "pk", *before) == []


@pytest.mark.parametrize("phase", ["mid-write", "before-rename", "after-rename"])
def test_new_killed_mid_write_leaves_the_registry_whole(tmp_path, phase):
    root = minimal_dataset(tmp_path / "ds")
    old = (root / "parties.yaml").read_bytes()
    done = _child(phase, "new", "party", "--data", "ds", "--id", "acme", "--name", "Acme",
                  "--country", "US", "--type", "company", cwd=tmp_path)
    assert done.returncode == -signal.SIGKILL, done.stderr
    now = (root / "parties.yaml").read_bytes()
    if phase == "after-rename":
        assert now.startswith(old) and b"id: acme" in now[len(old):]
    else:
        assert now == old
