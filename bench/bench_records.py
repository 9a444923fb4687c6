#!/usr/bin/env python3
"""What checker's record classes cost to define: importing every module of checker/ in a fresh
process, this checkout against another one (issue 17: dataclasses -> msgspec.Struct).

    python bench/bench_records.py --before TREE [--runs 21]

TREE is another checkout (`git worktree add /tmp/before HEAD~3`); its checker/ goes first on
PYTHONPATH. First, per checkout, one process counts the record classes its modules define: the
dataclasses (all, those of the dependencies included; "of checker": checker's own; "their ms":
the time spent in dataclasses' class processing, median of 5 processes, where the generated __init__, __repr__, __eq__,
__hash__, __setattr__ ... are `exec`ed) and checker's msgspec Structs. Then fresh
processes take turns: `python -c pass` (the floor) and "import every checker module", CPU seconds
(user + sys, steadier than wall on a shared machine), medians. The "- floor" column is the
modules' own cost, the dependencies they import included.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

IMPORT_ALL = """\
import importlib, pkgutil, checker
for m in pkgutil.walk_packages(checker.__path__, "checker."):
    if not m.name.endswith("__main__"):
        importlib.import_module(m.name)
"""

COUNT = """\
import sys, time, dataclasses
spent, count, ours = [0.0], [0], [0]
original = dataclasses._process_class
def spy(cls, *args, **kwargs):
    start = time.perf_counter()
    try:
        return original(cls, *args, **kwargs)
    finally:
        spent[0] += time.perf_counter() - start
        count[0] += 1
        ours[0] += cls.__module__.startswith("checker")
dataclasses._process_class = spy
""" + IMPORT_ALL + """\
structs = 0
if "msgspec" in sys.modules:
    import msgspec
    structs = sum(1 for mod in list(sys.modules.values()) if getattr(mod, "__name__", "").startswith("checker")
                  for v in vars(mod).values()
                  if isinstance(v, type) and issubclass(v, msgspec.Struct) and v.__module__ == mod.__name__)
print(count[0], ours[0], round(spent[0] * 1000, 1), structs)
"""


def cpu_seconds(cmd: list[str], env: dict[str, str]) -> float:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--before", type=Path, help="another checkout, labelled 'before'")
    args = ap.parse_args()
    os.chdir(tempfile.gettempdir())  # not this checkout: its checker/ would shadow --before's
    trees = {"this checkout": REPO, **({"before": args.before.resolve()} if args.before else {})}
    for tree in trees.values():
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "checker")], check=True)
    envs = {name: {**os.environ, "PYTHONPATH": str(tree)} for name, tree in trees.items()}
    print(f"{'checkout':<16}{'dataclasses':>12}{'of checker':>11}{'their ms':>10}{'Structs':>9}")
    for name, env in envs.items():
        rows = [subprocess.run([sys.executable, "-c", COUNT], env=env, capture_output=True, text=True,
                               check=True).stdout.split() for _ in range(5)]
        dataclasses, ours, _, structs = rows[0]
        spent = statistics.median(float(row[2]) for row in rows)
        print(f"{name:<16}{dataclasses:>12}{ours:>11}{spent:>10.1f}{structs:>9}")
    cases = [("python -c pass", [sys.executable, "-c", "pass"], envs["this checkout"])]
    cases += [(f"import all ({name})", [sys.executable, "-c", IMPORT_ALL], env) for name, env in envs.items()]
    samples: dict[str, list[float]] = {name: [] for name, *_ in cases}
    for _ in range(args.runs):
        for name, cmd, env in cases:
            samples[name].append(cpu_seconds(cmd, env))
    floor = statistics.median(samples["python -c pass"])
    print(f"\n{args.runs} runs each, CPU ms (user + sys), medians")
    print(f"{'case':<30}{'cpu ms':>9}{'- floor':>9}")
    for name, values in samples.items():
        cpu = statistics.median(values)
        print(f"{name:<30}{cpu * 1000:>9.1f}{(cpu - floor) * 1000:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
