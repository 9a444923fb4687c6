#!/usr/bin/env python3
"""Start-up wall time of `checker --version` and `checker --help`, as users run them: the console
script of a NON-editable install (a wheel of this tree in a scratch venv whose dependencies come
from the current environment), beside the interpreter's own start-up in the same run.

    python bench/bench_startup.py [--runs 21]

Cases (fresh processes taking turns, medians):
  python -c pass            the floor: interpreter and site start-up
  checker --version         goal (issue 17): < 80 ms wall
  checker --help            goal: < 80 ms wall
  checker check --help      builds the check command's options (imports its module)
  editable: -m checker --version   the development install (its import finder costs extra)
The "- floor" column is checker's own cost. `-X importtime` of `checker --version` ends the output.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL_MS = 80.0


def scratch_install(work: Path) -> Path:
    """A venv holding this tree installed from a wheel; returns its bin directory."""
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # The dependencies, from this environment (a plain path: its .pth files, e.g. the editable finder, stay unread).
    Path(purelib, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(work / "wheel"), str(REPO)], check=True, **quiet)
    wheel = next((work / "wheel").glob("*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    str(wheel)], check=True, **quiet)
    return venv / "bin"


def walls(cases: list[tuple[str, list[str]]], runs: int) -> dict[str, float]:
    """Median ms per case; the cases take turns (round-robin) so a busy spell hits them all alike."""
    times: dict[str, list[float]] = {name: [] for name, _ in cases}
    for _ in range(runs):
        for name, cmd in cases:
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) * 1000 for name, t in times.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    try:
        bin_dir = scratch_install(work)
        checker, python = str(bin_dir / "checker"), str(bin_dir / "python")
        cases = [
            ("python -c pass", [python, "-c", "pass"]),
            ("checker --version", [checker, "--version"]),
            ("checker --help", [checker, "--help"]),
            ("checker check --help", [checker, "check", "--help"]),
            ("editable: -m checker --version", [sys.executable, "-m", "checker", "--version"]),
        ]
        results = walls(cases, args.runs)
        floor = results["python -c pass"]
        print(f"non-editable install, {args.runs} runs each (medians)")
        print(f"{'case':<32}{'ms':>8}{'- floor':>9}  goal")
        for name, ms in results.items():
            goal = ("ok" if ms < GOAL_MS else "OVER") + f" (< {GOAL_MS:.0f} ms)" if name in (
                "checker --version", "checker --help") else ""
            print(f"{name:<32}{ms:>8.1f}{ms - floor:>9.1f}  {goal}")
        trace = subprocess.run([python, "-X", "importtime", "-m", "checker", "--version"],
                               capture_output=True, text=True).stderr.splitlines()
        print(f"\n-X importtime of `checker --version`: {len(trace) - 1} modules; the slowest (cumulative us):")
        rows = sorted((line.split("|") for line in trace[1:]), key=lambda r: -int(r[1]))[:8]
        for _, cumulative, name in rows:
            print(f"  {int(cumulative):>8}  {name.strip()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
