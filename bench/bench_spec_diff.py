"""Benchmark: classified spec diff vs plain DeepDiff on the real OpenRouter specs.

    python bench/bench_spec_diff.py [--runs 15] [--deepdiff-runs 3] [--process-runs 5] [--process-only]
                                 [--baseline CHECKOUT]

In one run on the same machine: median time of `diff_specs(oldest, newest)`, of plain
`DeepDiff(oldest, newest)` (the baseline), and of the no-change case (the newest spec
against a separately loaded copy of itself); peak RSS of each, measured in a fresh
subprocess per measurement (ru_maxrss); "fold" is what `checker diff` runs (shared component
changes folded while diffing, not copied per operation). Goals (issue 3): diff <= 150 ms, >= 30x faster
than DeepDiff, no-change <= 30 ms, peak RSS <= 150 MB. Then whole processes, as a user
runs them: `checker diff OLDEST NEWEST --format json` against a Python process that loads
the same two files and runs plain `DeepDiff(old, new)` (issue 13: >= 15x), median wall
and CPU time of each, alternating, after one warm-up run of each (which fills checker's user
cache: the pair's findings, the specs' sha256). The goal reads the first diff of the pair (a CI
job diffing a new snapshot): a user cache of its own, warm, but for what it derives from the specs'
bytes (the pair's findings, each spec's sha256 and malformed nodes), removed before each run; a repeat diff (findings cached), a run with no
cache at all and the floor (a process that only imports msgspec and orjson, as every checker run does) are printed too;
`--baseline` runs as the first diff, with a cache of its own.
Both get byte-compiled modules (a pip install compiles them; an environment with PYTHONDONTWRITEBYTECODE would make only
the editable checkout recompile its sources in every process): the children write and
read .pyc files under a temporary PYTHONPYCACHEPREFIX. Needs ../shared/corpus/openrouter.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = Path(os.environ.get("CHECKER_SHARED") or REPO / ".." / "shared") / "corpus" / "openrouter"


def load(short: str) -> dict:
    (path,) = (CORPUS / "specs").glob(f"*_{short}.json.gz")
    with gzip.open(path) as fh:
        return json.load(fh)


def pair() -> tuple[dict, dict, dict]:
    snaps = json.loads((CORPUS / "INDEX.json").read_text())["snapshots"]
    oldest, newest = snaps[0]["short"], snaps[-1]["short"]
    return load(oldest), load(newest), load(newest)


def open_enums() -> list[str]:
    import yaml

    from checker.sources.target import bundled_rules_dir

    return yaml.safe_load((bundled_rules_dir() / "openrouter/target.yaml").read_text())["open_enums"]


def deepdiff(old: dict, new: dict):
    from deepdiff import DeepDiff  # imported only where measured (it is heavy)

    return DeepDiff(old, new)


def jobs(old: dict, new: dict, same: dict):
    from checker.diff.spec import diff_specs

    enums = open_enums()
    return {
        "diff_specs(oldest, newest)": lambda: diff_specs(old, new, open_enums=enums),
        "DeepDiff(oldest, newest)": lambda: deepdiff(old, new),
        "diff_specs(newest, newest copy)": lambda: diff_specs(new, same, open_enums=enums),
        "diff_specs(oldest, newest, fold)": lambda: diff_specs(old, new, open_enums=enums, fold_shared=True),
    }


def peak_rss_mb() -> float:
    """High-water RSS of this process. VmHWM resets at exec; ru_maxrss is inherited from
    the parent on Linux, which would inflate a child's figure."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        size = len(result)
    return statistics.median(times) * 1000, size


def rss_child(name: str) -> None:
    """Subprocess mode: load, run one job once, print peak RSS (MB) before and after."""
    data = pair()
    todo = jobs(*data)
    loaded = peak_rss_mb()
    if name != "load only":
        todo[name]()
    peak = peak_rss_mb()
    print(json.dumps({"loaded_mb": loaded, "peak_mb": peak}))


def rss(name: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--rss-child", name], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


FIRST = "checker, first diff of the pair"
# The user cache's folders of what is derived from the specs' bytes: the pair's findings
# (checker.commands.diff.NAMESPACE), a spec's sha256 (api/document.py) and its malformed nodes
# (api/validity.py). A first diff of a new snapshot has none of them; the rule and target caches stay.
SPEC_CACHES = ("spec-diff", "spec-sha256", "spec-problems")
FLOOR = "interpreter start-up + msgspec + orjson imports"  # what any checker process pays before its own code
DEEPDIFF_PROCESS = """\
import gzip, json, sys
from deepdiff import DeepDiff
old, new = (json.load(gzip.open(p)) for p in sys.argv[1:3])
print(len(DeepDiff(old, new)))
"""


def processes(runs: int, baseline: Path | None = None) -> dict[str, tuple[float, float]]:
    """Median wall and CPU (user + sys) seconds of the whole-process commands, run
    alternately (`baseline`: also `checker diff` of another checkout, run from there).
    CPU time is what a busy shared machine disturbs least."""
    snaps = json.loads((CORPUS / "INDEX.json").read_text())["snapshots"]
    files = [str(next((CORPUS / "specs").glob(f"*_{s['short']}.json.gz"))) for s in (snaps[0], snaps[-1])]
    ours = [sys.executable, "-m", "checker", "diff", *files, "--format", "json"]
    with tempfile.TemporaryDirectory() as pycache, tempfile.TemporaryDirectory() as caches:
        first = {"CHECKER_CACHE_DIR": str(Path(caches) / "ours")}
        commands = {"checker": (ours, REPO, {}), "deepdiff": ([sys.executable, "-c", DEEPDIFF_PROCESS, *files], REPO, {}),
                    "checker, no cache": (ours, REPO, {"CHECKER_CACHE_DIR": ""}), FIRST: (ours, REPO, first),
                    FLOOR: ([sys.executable, "-c", "import msgspec, orjson"], REPO, {})}
        if baseline is not None:  # `-m checker` imports the checkout it runs in
            commands["baseline"] = (ours, baseline, {"CHECKER_CACHE_DIR": str(Path(caches) / "baseline")})
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = pycache
        for run in range(runs + 1):  # run 0 is the warm-up: it writes the .pyc files
            for name, (command, cwd, extra) in commands.items():
                if name in (FIRST, "baseline"):  # these specs never seen before; the rule/target caches warm
                    for folder in SPEC_CACHES:
                        shutil.rmtree(Path(extra["CHECKER_CACHE_DIR"]) / folder, ignore_errors=True)
                used, start = _children_cpu(), time.perf_counter()
                done = subprocess.run(command, cwd=cwd, env={**env, **extra}, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE)
                if run:
                    wall[name].append(time.perf_counter() - start)
                    cpu[name].append(_children_cpu() - used)
                if done.returncode not in (0, 1):  # checker diff exits 1 when it finds errors
                    raise SystemExit(f"{name} failed: {done.stderr.decode()[-500:]}")
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in commands}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--deepdiff-runs", type=int, default=3)
    parser.add_argument("--process-runs", type=int, default=5)
    parser.add_argument("--process-only", action="store_true", help="only the whole-process comparison")
    parser.add_argument("--baseline", type=Path, help="also time `checker diff` of this checkout "
                        "(e.g. a `git worktree` of an older commit) in the same run")
    parser.add_argument("--rss-child")
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child)
        return 0
    if not (CORPUS / "INDEX.json").is_file():
        print(f"corpus absent: {CORPUS} (set CHECKER_SHARED)")
        return 2
    if args.process_only:
        return processes_row(args.process_runs, args.baseline)
    todo = jobs(*pair())
    rows = []
    for name, fn in todo.items():
        fn()  # warm-up (imports, caches of the interpreter)
        runs = args.deepdiff_runs if name.startswith("DeepDiff") else args.runs
        ms, size = timed(fn, runs)
        rows.append((name, runs, ms, size, rss(name)))
    base = rss("load only")
    print(f"{'measurement':34} {'runs':>4} {'median ms':>10} {'result':>7} {'peak RSS MB':>12}")
    for name, runs, ms, size, mem in rows:
        print(f"{name:34} {runs:>4} {ms:>10.1f} {size:>7} {mem['peak_mb']:>12.1f}")
    print(f"{'(loading the three specs only)':34} {'':>4} {'':>10} {'':>7} {base['peak_mb']:>12.1f}")
    print("peak RSS: a fresh subprocess per row (load the specs, run once, VmHWM)")
    ours, deep, same = rows[0][2], rows[1][2], rows[2][2]
    print(f"\nspeed-up vs DeepDiff: {deep / ours:.0f}x  (goal >= 30x)")
    print(f"full diff: {ours:.1f} ms (goal <= 150)   no-change: {same:.2f} ms (goal <= 30)   "
          f"peak RSS of the diff: {rows[0][4]['peak_mb']:.0f} MB (goal <= 150)")
    return processes_row(args.process_runs, args.baseline) if args.process_runs else 0


def processes_row(runs: int, baseline: Path | None = None) -> int:
    times = processes(runs, baseline)
    (first, first_cpu), (deep, deep_cpu) = times[FIRST], times["deepdiff"]
    print(f"\nwhole process, median of {runs}: `checker diff OLDEST NEWEST --format json`, first diff of the "
          f"pair (user cache warm but for {', '.join(SPEC_CACHES)}): {first:.2f} s, DeepDiff {deep:.2f} s: "
          f"{deep / first:.1f}x  (goal >= 15x)")
    print(f"CPU time (user + sys), median: checker {first_cpu:.2f} s, DeepDiff {deep_cpu:.2f} s: "
          f"{deep_cpu / first_cpu:.1f}x")
    ours, ours_cpu = times["checker"]
    print(f"checker, repeat diff of the pair (its findings cached): {ours:.2f} s wall, {ours_cpu:.2f} s CPU: "
          f"{deep / ours:.1f}x wall, {deep_cpu / ours_cpu:.1f}x CPU")
    cold, cold_cpu = times["checker, no cache"]
    print(f"checker with no user cache (CHECKER_CACHE_DIR empty: every spec parsed, the pair diffed): "
          f"{cold:.2f} s wall, {cold_cpu:.2f} s CPU: {deep / cold:.1f}x wall, {deep_cpu / cold_cpu:.1f}x CPU")
    floor, floor_cpu = times[FLOOR]
    print(f"{FLOOR} (`python -c 'import msgspec, orjson'`): {floor:.2f} s wall, {floor_cpu:.2f} s CPU; "
          f"the goal leaves checker {deep_cpu / 15 - floor_cpu:.2f} s CPU beyond it")
    if baseline is not None:
        base, base_cpu = times["baseline"]
        print(f"baseline {baseline}, first diff of the pair, same run: {base:.2f} s wall, {base_cpu:.2f} s CPU: "
              f"{deep / base:.1f}x wall, {deep_cpu / base_cpu:.1f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
