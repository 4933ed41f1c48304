"""Time whole-process dealtrack runs against the libyaml floor, side by side.

    python benchmarks/bench.py                       # 1k and 10k deals, 5 rounds each
    python benchmarks/bench.py --sizes 100000 --repeat 1 --skip diff
    python benchmarks/bench.py --startup-only

For each size a corpus is generated (once) under benchmarks/corpus/ (git-
ignored). Each round runs every variant once, one after the other, so the
floor (``floor_compose.py``: read and ``yaml.compose`` every file with the C
loader) is measured in the same conditions as the commands it is compared
with. Reported: the median wall time of each variant, its ratio to the
floor's median, and the peak resident memory of the process (its
``ru_maxrss``, children included for parallel runs). The cache used by the
cached run lives in a temporary folder, never in the user's cache.

Commands that dealtrack does not have yet (see ``dealtrack --help``) are
skipped with a note. ``diff`` compares two generated revisions committed to
a throw-away git repository.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = os.path.join(HERE, "corpus")
TODAY = "2025-12-31"
PYTHON = sys.executable
DEALTRACK = [PYTHON, "-m", "dealtrack"]


def run(argv: list[str], env: dict | None = None, cwd: str | None = None
        ) -> tuple[float, int, int, float]:
    """(wall seconds, peak RSS in KiB of the process tree, exit status, CPU seconds of the
    process and the children it waited for) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, process.returncode, usage.ru_utime + usage.ru_stime


def compiled() -> None:
    """Compile dealtrack's modules to ``.pyc`` files, as installing it does: with
    ``PYTHONDONTWRITEBYTECODE`` set (or a source tree nobody ran), every timed run would
    compile again each module it imports, and that is not what a user's run costs."""
    package = os.path.join(os.path.dirname(HERE), "dealtrack")
    subprocess.run([PYTHON, "-m", "compileall", "-q", package], check=True,
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})


def commands_available() -> set[str]:
    out = subprocess.run(DEALTRACK + ["--help"], capture_output=True, text=True).stdout
    names, listing = set(), False
    for line in out.splitlines():
        if line.strip() == "Commands:":
            listing = True
        elif listing and line.startswith("  ") and line.strip():
            names.add(line.split()[0])
    return names


def corpus(n: int, revision: int = 0) -> str:
    """The generated corpus for ``n`` deals (made if missing)."""
    name = f"{n}" + (f"-r{revision}" if revision else "")
    path = os.path.join(CORPORA, name)
    marker = os.path.join(path, ".generated")
    if not os.path.exists(marker):
        subprocess.run([PYTHON, os.path.join(HERE, "gen_corpus.py"), str(n), path,
                        "--revision", str(revision)], check=True)
        with open(marker, "w") as handle:
            handle.write(f"{n} deals, revision {revision}\n")
    return path


def git_repo(n: int) -> str:
    """A git repository whose deals/ is the base corpus at HEAD~1 and revision 1 at HEAD."""
    path = os.path.join(CORPORA, f"git-{n}")
    if os.path.exists(os.path.join(path, ".done")):
        return path
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
           "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z"}
    git = ["git", "-C", path, "-c", "commit.gpgsign=false"]
    subprocess.run(git[:3] + ["init", "-q"], check=True, env=env)
    for revision in (0, 1):
        target = os.path.join(path, "deals")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(corpus(n, revision), target, ignore=shutil.ignore_patterns(".*"))
        subprocess.run(git + ["add", "-A", "deals"], check=True, env=env)
        subprocess.run(git + ["commit", "-q", "-m", f"revision {revision}"], check=True, env=env)
    open(os.path.join(path, ".done"), "w").close()
    return path


def variants(n: int, available: set[str], skip: set[str], cache_dir: str) -> list[tuple]:
    """(label, argv, env, cwd, compared with) for one corpus size."""
    root = corpus(n)
    base_env = {**os.environ, "DEALTRACK_CACHE_DIR": cache_dir, "NO_COLOR": "1"}
    serial = {**base_env, "DEALTRACK_JOBS": "1"}
    validate = DEALTRACK + ["validate", "--data", root, "--today", TODAY]
    out = [("floor: compose every file", [PYTHON, os.path.join(HERE, "floor_compose.py"), root],
            base_env, None, None),
           ("validate --no-cache, 1 process", validate + ["--no-cache"], serial, None, "floor"),
           ("validate --no-cache, parallel", validate + ["--no-cache"], base_env, None, "floor"),
           ("validate, cached (unchanged data)", validate, base_env, None, "floor")]
    for name in ("summary", "timeline"):
        if name in skip:
            continue
        if name not in available:
            out.append((f"{name}: not available", None, None, None, None))
            continue
        argv = DEALTRACK + [name, "--data", root, "--today", TODAY]
        out.append((name, argv, base_env, None, "validate"))
        out.append((f"{name} --no-cache", argv + ["--no-cache"], base_env, None, "validate"))
    if "diff" not in skip:
        if "diff" not in available:
            out.append(("diff: not available", None, None, None, None))
        else:
            repo = git_repo(n)
            argv = DEALTRACK + ["diff", "HEAD~1", "HEAD", "--data", "deals", "--today", TODAY]
            out.append(("diff HEAD~1 HEAD", argv, base_env, repo, "validate"))
    return out


def measure(table: list[tuple], repeat: int) -> dict[str, dict]:
    times: dict[str, list[float]] = {label: [] for label, argv, *_ in table if argv}
    peaks: dict[str, int] = {label: 0 for label in times}
    codes: dict[str, set] = {label: set() for label in times}
    cpus: dict[str, list[float]] = {label: [] for label in times}
    for label, argv, env, cwd, _ in table:   # warm-up: page cache, .pyc files, the cache
        if argv:
            run(argv, env, cwd)
    time.sleep(2.1)  # let the cache trust the files' stat signatures (see load/cache.py)
    for label, argv, env, cwd, _ in table:
        if argv and "cached" in label:
            run(argv, env, cwd)
    for _ in range(repeat):
        for label, argv, env, cwd, _ in table:
            if not argv:
                continue
            elapsed, peak, code, cpu = run(argv, env, cwd)
            times[label].append(elapsed)
            cpus[label].append(cpu)
            peaks[label] = max(peaks[label], peak)
            codes[label].add(code)
    return {label: {"median": statistics.median(values), "runs": values, "cpu": cpus[label],
                    "peak_mib": peaks[label] / 1024, "exit": sorted(codes[label])}
            for label, values in times.items()}


def report(title: str, table: list[tuple], results: dict[str, dict]) -> str:
    """Medians, and each run's ratio to the floor (or to validate) of the same round.

    On a shared machine whole rounds get slower and faster together: the ratio within a
    round is steadier than a ratio of medians, so its median and range are shown.
    """
    floor_label = next(iter(results))
    floor = results[floor_label]
    validate = results.get("validate --no-cache, parallel")

    def ratios(label: str, base: dict, what: str = "runs") -> str:
        values = sorted(a / b for a, b in zip(results[label][what], base[what]))
        if not values:
            return ""
        middle = statistics.median(values)
        return f"{middle:.2f} ({values[0]:.2f}–{values[-1]:.2f})"

    lines = [f"### {title}", "",
             "| run | median s | × floor (range) | × validate (range) | CPU × floor (range) "
             "| peak MiB | exit |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for label, argv, _, _, against in table:
        if not argv:
            lines.append(f"| {label} | | | | | | |")
            continue
        r = results[label]
        versus = ratios(label, validate) if against == "validate" and validate else ""
        lines.append(f"| {label} | {r['median']:.3f} | {ratios(label, floor)} | {versus} | "
                     f"{ratios(label, floor, 'cpu')} | {r['peak_mib']:.0f} | "
                     f"{','.join(map(str, r['exit']))} |")
    return "\n".join(lines) + "\n"


def startup(repeat: int, cache_dir: str) -> tuple[list[tuple], dict]:
    shipped = os.path.join(os.path.dirname(HERE), "deals")
    env = {**os.environ, "DEALTRACK_CACHE_DIR": cache_dir, "NO_COLOR": "1"}
    script = shutil.which("dealtrack", path=os.path.dirname(PYTHON)) or "dealtrack"
    table = [("floor: no-op Typer command printing with Rich",
              [PYTHON, os.path.join(HERE, "floor_startup.py")], env, None, None),
             ("dealtrack --version", [script, "--version"], env, None, "floor"),
             ("dealtrack validate (shipped dataset)",
              [script, "validate", "--data", shipped, "--today", TODAY], env, None, "floor"),
             ("dealtrack validate --no-cache (shipped dataset)",
              [script, "validate", "--no-cache", "--data", shipped, "--today", TODAY], env, None,
              "floor")]
    return table, measure(table, repeat)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import yaml

    return (f"{cpu}, {os.cpu_count()} CPUs; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; PyYAML {yaml.__version__} "
            f"(libyaml: {yaml.__with_libyaml__})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated deal counts (default 1000,10000; add 100000)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per size")
    parser.add_argument("--skip", default="", help="commands to leave out, e.g. diff,timeline")
    parser.add_argument("--startup-repeat", type=int, default=20)
    parser.add_argument("--startup-only", action="store_true")
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument("--json", metavar="PATH", help="also write the raw results here")
    args = parser.parse_args(argv)
    compiled()
    available = commands_available()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    raw: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M")}
    print(f"Machine: {raw['machine']}\n")
    with tempfile.TemporaryDirectory(prefix="dealtrack-bench-cache-") as cache_dir:
        if not args.no_startup:
            table, results = startup(args.startup_repeat, cache_dir)
            raw["startup"] = results
            print(report(f"Start-up ({args.startup_repeat} rounds)", table, results), flush=True)
        if not args.startup_only:
            for n in (int(s) for s in args.sizes.split(",") if s.strip()):
                table = variants(n, available, skip, cache_dir)
                results = measure(table, args.repeat)
                raw[str(n)] = results
                print(report(f"{n:,} deals ({args.repeat} rounds)", table, results), flush=True)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(raw, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
