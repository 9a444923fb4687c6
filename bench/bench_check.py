#!/usr/bin/env python3
"""Wall time of `checker --quick` and a full `checker check` against a loopback mirror of the newest
corpus snapshot, measured in the same run as the naive baseline (../shared/tools/naive_quick_check.py:
sequential fetches and substring checks, no parsing).

    python bench/bench_check.py [--runs 7] [--before TREE]

--before TREE runs the checker cases a second time from another checkout (TREE/checker first on
PYTHONPATH, e.g. `git worktree add /tmp/before HEAD~3`), in the same turns: before/after in one run.

Cases (each a fresh process, as a user runs it; the cases take turns; medians):
  naive               the baseline script
  quick, changed      --quick against a baseline one snapshot older: fetch, normalise, spec + page diff, rules
  quick, no caches    the same with the parsed-files cache (CHECKER_CACHE_DIR) and .cache/bodies.json removed first
  quick, no baseline  --quick with an empty snapshot dir: fetch, normalise, rules
  quick, cold (304)   --quick on a snapshot of the same docs whose snapshot-side caches (snapshots/*/.cache:
                      bodies, validity, anything kept beside the snapshots) are removed first, as on a fresh
                      clone of a repository that commits its snapshots; every source answers 304
  quick, warm (304)   --quick right after a snapshot of the same docs: every source answers 304
  full, changed       check of all 19 sources against the older baseline
Goals (issue 17): cold quick <= 1.5x naive, warm quick <= 1.0x naive at 0 ms; quick <= 0.5x naive at 40 ms;
peak RSS of --quick < 40 MB (the "MB" column: /usr/bin/time's %M, median). The "cpu s" columns
(user + sys of the child) say what the run costs when the machine is shared and wall time is noise.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.loopback import LoopbackServer  # noqa: E402
from tests.mirror import CORPUS, NEWEST, CorpusMirror, corpus_available  # noqa: E402

PREVIOUS = "2026-08-19_b293706"
# Peak RSS as GNU time reports it: the checker process's own (ru_maxrss of a child forked straight from
# this script would count the bench's pages it inherited before exec).
PEAK = Path(tempfile.gettempdir()) / f"bench-check-peak-{os.getpid()}"
TIME = ["/usr/bin/time", "-f", "%M", "-o", str(PEAK)] if Path("/usr/bin/time").exists() else []
NAIVE = CORPUS.parent.parent / "tools" / "naive_quick_check.py"


def walls(cases: list, runs: int, env: dict[str, str]) -> dict[str, tuple[float, int, float, float]]:
    """Per case, medians of `runs` fresh processes: wall seconds, the last exit code, CPU seconds (user +
    sys: steadier than wall on a busy machine) and peak RSS in MB. The cases take turns (round-robin),
    so a busy spell on a shared machine hits them all alike."""
    samples: dict[str, list[tuple[float, int, float, float]]] = {name: [] for name, *_ in cases}
    for _ in range(runs):
        for name, cmd, prepare, *extra in cases:
            if prepare:
                prepare()
            samples[name].append(_one(cmd, {**env, **(extra[0] if extra else {})}))
    return {name: (statistics.median(s[0] for s in runs_of), runs_of[-1][1], statistics.median(s[2] for s in runs_of),
                   statistics.median(s[3] for s in runs_of)) for name, runs_of in samples.items()}


def _one(cmd: list[str], env: dict[str, str]) -> tuple[float, int, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen([*TIME, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)  # usage includes the reaped grandchild under /usr/bin/time
    seconds = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    peak = int(PEAK.read_text().split()[-1]) / 1024 if TIME else float("nan")  # KiB
    return seconds, code, usage.ru_utime + usage.ru_stime, peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--latency", type=float, nargs="*", default=[0.0, 0.04],
                    help="per-response delay(s) of the mirror in seconds, one table each (default 0 and 0.04)")
    ap.add_argument("--before", type=Path, help="another checkout whose checker runs the same cases, labelled 'before'")
    args = ap.parse_args()
    # The children run where a user runs checker, not in this checkout: its checker/ would shadow
    # --before's (the working directory comes first on sys.path) and its pyproject.toml be read.
    os.chdir(tempfile.gettempdir())
    if not corpus_available():
        print(f"corpus not found at {CORPUS}: nothing to measure")
        return 2
    # As after any install: bytecode cached (PYTHONDONTWRITEBYTECODE would otherwise recompile every run).
    for tree in (REPO, args.before) if args.before else (REPO,):
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "checker")], check=True)
    for latency in args.latency:
        print(f"\nmirror latency {latency * 1000:.0f} ms per response, {args.runs} runs each")
        measure(args.runs, latency, args.before)
    PEAK.unlink(missing_ok=True)
    return 0


def measure(runs: int, latency: float, before: Path | None = None) -> None:
    checker = [sys.executable, "-m", "checker"]
    work = Path(tempfile.mkdtemp(prefix="bench-check-"))
    try:
        with LoopbackServer() as server:
            mirror = CorpusMirror(server, snapshot=PREVIOUS, latency=latency)
            base = ["--base-url", server.url]
            env = {**os.environ, "CHECKER_CACHE_DIR": str(work / "cache")}
            subprocess.run([*checker, "snapshot", *base, "--snapshots", str(work / "older")], check=False, env=env,
                           stdout=subprocess.DEVNULL)
            mirror.use(NEWEST)
            for tree in ("same", "cold"):
                subprocess.run([*checker, "snapshot", *base, "--snapshots", str(work / tree)], check=False, env=env,
                               stdout=subprocess.DEVNULL)
            cases = [("naive", [sys.executable, str(NAIVE), "--base-url", server.url], None),
                     *checker_cases(checker, base, work)]
            if before:
                # Its own copies of the snapshots and user cache: the two checkouts' records of a run
                # (replay, memo) would otherwise evict each other every turn.
                shutil.copytree(work, work / "before", ignore=shutil.ignore_patterns("before"))
                old = {"PYTHONPATH": os.pathsep.join([str(before), os.environ.get("PYTHONPATH", "")]),
                       "CHECKER_CACHE_DIR": str(work / "before" / "cache")}
                cases += [(f"{name} (before)", cmd, prepare, {**old, **(own[0] if own else {})})
                          for name, cmd, prepare, *own in checker_cases(checker, base, work / "before")]
            results = walls(cases, runs, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    naive = results["naive"][0]
    naive_cpu = results["naive"][2]
    print(f"{'case':<31}{'median s':>10}{'x naive':>9}{'exit':>6}{'cpu s':>8}{'x naive':>9}{'MB':>7}")
    for name, (seconds, code, cpu, peak) in results.items():
        print(f"{name:<31}{seconds:>10.3f}{seconds / naive:>9.2f}{code:>6}{cpu:>8.3f}{cpu / naive_cpu:>9.2f}"
              f"{peak:>7.1f}")


def checker_cases(checker: list[str], base: list[str], work: Path) -> list:
    """The checker's cases on the snapshot dirs under `work` (older, same, cold; empty made by the case)."""
    older, same, cold, empty = (work / name for name in ("older", "same", "cold", "empty"))
    cache = work / "cache-wiped"  # the "no caches" case's own user cache: the other cases' stays warm

    def no_caches() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        (older / "openrouter" / ".cache" / "bodies.json").unlink(missing_ok=True)  # the validity cache stays

    return [
        ("quick, changed", [*checker, "--quick", *base, "--snapshots", str(older)], None),
        ("quick, no caches", [*checker, "--quick", *base, "--snapshots", str(older)], no_caches,
         {"CHECKER_CACHE_DIR": str(cache)}),
        ("quick, no baseline", [*checker, "--quick", *base, "--snapshots", str(empty)],
         lambda: shutil.rmtree(empty, ignore_errors=True)),
        ("quick, cold (304)", [*checker, "--quick", *base, "--snapshots", str(cold)],
         lambda: [shutil.rmtree(side, ignore_errors=True) for side in cold.glob("*/.cache")]),
        ("quick, warm (304)", [*checker, "--quick", *base, "--snapshots", str(same)], None),
        ("full, changed", [*checker, "check", "--full", *base, "--snapshots", str(older)], None),
    ]


if __name__ == "__main__":
    sys.exit(main())
