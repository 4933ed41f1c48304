"""Work bounded by the input: each case grew faster than its input before (issue 14, item 8).

Inputs are big enough to show the growth (a quadratic or per-comparison cost
would take minutes) yet finish in seconds; where a count says more than a
clock, the test counts.
"""

from __future__ import annotations

import difflib
import json
import os
import random
import subprocess
import sys
import time
import tracemalloc

import pytest

from dealtrack.diagnostics import did_you_mean
from gitrepo import USSM, make_repo
from hardening_support import TIMEOUT, minimal_dataset, validate


def test_did_you_mean_for_200_unknown_ids_among_100000(monkeypatch):
    rng = random.Random(8)
    words = ["minerals", "copper", "lithium", "port", "rail", "solar", "loan", "mou"]
    known = {f"{rng.choice(['pk', 'cn', 'us', 'au'])}-{rng.choice(words)}-{i}-"
             f"{rng.choice(words)}-20{rng.randint(10, 30)}" for i in range(100_000)}
    ids = sorted(known)
    meant = [rng.choice(ids) for _ in range(200)]
    typos = [w[:k] + w[k + 1:] for w in meant for k in [rng.randrange(len(w))]]
    compared = []
    real = difflib.SequenceMatcher.set_seq1

    def counting(self, a):
        compared.append(a)
        return real(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting)
    started = time.monotonic()
    hints = [did_you_mean(word, known) for word in typos]
    assert time.monotonic() - started < 60          # minutes before; a second or two now
    # Each word is compared with a short list, not with 100,000 ids.
    assert len(compared) <= 200 * 2 * 100
    right = sum(hint == f"did you mean '{w}'?" for hint, w in zip(hints, meant))
    assert right >= 180, right


def test_diff_text_wraps_a_very_long_change_in_linear_time(run, tmp_path):
    repo = make_repo(tmp_path)
    # 40,000 aliases added (not ASCII: no fast path): one change line of ~400,000 characters
    aliases = ",\n  ".join(f"Wé{i}" for i in range(40_000))
    repo.edit("parties.yaml", "aliases: [FWO]", f"aliases: [FWO,\n  {aliases}]")
    times = {}
    for fmt in ("json", "text"):
        started = time.monotonic()
        result = run("diff", "--format", fmt, cwd=repo.top)
        times[fmt] = time.monotonic() - started
        assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Wé39999" in result.stdout
    # Quadratic wrapping took about 10x the JSON time here (20x at twice the length);
    # linear wrapping is comparable to it.
    assert times["text"] < 3 * times["json"] + 1.5, times


@pytest.mark.parametrize("command", ["diff", "log"])
def test_an_over_limit_blob_is_refused_without_being_read(run, tmp_path, command):
    repo = make_repo(tmp_path)
    big = repo.path(USSM)
    big.write_bytes(big.read_bytes() + b"# " + b"x" * (40 << 20) + b"\n")   # 40 MiB
    repo.commit("A huge deal file")
    tracemalloc.start()
    try:
        if command == "diff":
            result = run("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo.top)
        else:
            result = run("log", "ussm-fwo-critical-minerals-2025", "--format", "json",
                         cwd=repo.top)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code in (0, 1), result.stderr
    assert "DT003" in result.stdout + result.stderr
    assert peak < 20 << 20, f"{peak:,} bytes at peak: the blob was read"


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "huge"])
def test_new_checks_the_registry_before_opening_it(tmp_path, kind):
    root = minimal_dataset(tmp_path / "ds")
    registry = root / "parties.yaml"
    registry.unlink()
    if kind == "fifo":
        os.mkfifo(registry)
    elif kind == "huge":
        with open(registry, "wb") as handle:
            handle.truncate(64 << 20)                       # sparse: 64 MiB of NULs
    else:
        registry.symlink_to(kind)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEALTRACK_")}
    done = subprocess.run([sys.executable, "-m", "dealtrack", "new", "party", "--id", "acme",
                           "--name", "Acme", "--country", "US", "--type", "company",
                           "--data", str(root)], capture_output=True, text=True, env=env,
                          timeout=TIMEOUT, stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "parties.yaml" in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_textconv_refuses_what_is_not_a_regular_file(tmp_path, kind):
    target = tmp_path / "x.yaml"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(kind)
    done = subprocess.run([sys.executable, "-m", "dealtrack", "textconv", str(target)],
                          capture_output=True, text=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == f"dealtrack: error: {target} is not a regular file; not read\n"


def test_did_you_mean_names_the_same_id_in_every_run(tmp_path, monkeypatch):
    """Among thousands of equally near ids the hint is the same whatever the process's
    string-hash salt: it changed from run to run, and CI logs and diffs with it."""
    root = minimal_dataset(tmp_path / "data")
    sources = root / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + "".join(
        f"- id: src-{i:04d}\n  title: Source {i}\n  publisher: Wire\n  date: 2025-01\n"
        f"  kind: news\n" for i in range(3000)), encoding="utf-8")
    deal = next(root.glob("*/*.yaml"))
    deal.write_text(deal.read_text(encoding="utf-8").replace(
        "source: babar-2025", "source: src-99"), encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        result = validate(root)
        assert result.returncode == 1, result.stderr
        assert "did you mean 'src-" in result.stderr
        outputs.add(result.stderr)
    assert len(outputs) == 1, outputs
