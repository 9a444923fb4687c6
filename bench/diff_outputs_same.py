"""Does `checker diff` still print the same thing? Outputs of this checkout vs another one.

    python bench/diff_outputs_same.py --before /tmp/before-diff   (a `git worktree add` of the start)

For every adjacent pair of the shared snapshots, oldest -> newest and newest -> oldest, runs
`checker diff OLD NEW` of both checkouts with `--format json`, `console`, `sarif` and
`json --profile`, and compares exit code, stdout and stderr; timing (`started_at`,
`duration_ms`, the console's "N ms", SARIF start/end times) is masked. Prints the pairs
that differ; exit 1 when any does. Needs ../shared/corpus/openrouter (or $CHECKER_SHARED).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CHECKER_SHARED") or REPO / ".." / "shared") / "corpus" / "openrouter"
FORMATS = (("json",), ("console",), ("sarif",), ("json", "--profile"))
TIMING = [(re.compile(r'"(started_at|startTimeUtc|endTimeUtc)": "[^"]*"'), r'"\1": "T"'),
          (re.compile(r'"duration_ms": \d+'), '"duration_ms": 0'), (re.compile(r"\| \d+ ms"), "| N ms")]


def run(tree: Path, old: str, new: str, fmt: tuple[str, ...]) -> tuple[int, str, str]:
    """`python -m checker` from `tree` imports that checkout's package."""
    done = subprocess.run([sys.executable, "-m", "checker", "diff", old, new, "--format", *fmt], cwd=tree,
                          env=dict(os.environ, PYTHONPATH=str(tree)), capture_output=True, text=True)
    out = done.stdout
    for pattern, replacement in TIMING:
        out = pattern.sub(replacement, out)
    return done.returncode, out, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other checkout")
    args = parser.parse_args()
    if not (CORPUS / "INDEX.json").is_file():
        print(f"no corpus at {CORPUS} (set CHECKER_SHARED)", file=sys.stderr)
        return 2
    files = [str(CORPUS / s["spec_file"]) for s in json.loads((CORPUS / "INDEX.json").read_text())["snapshots"]]
    pairs = list(zip(files, files[1:])) + [(files[0], files[-1]), (files[-1], files[0])]
    different = 0
    for old, new in pairs:
        for fmt in FORMATS:
            if run(args.before, old, new, fmt) != run(REPO, old, new, fmt):
                different += 1
                print(f"DIFFERENT: {Path(old).name} -> {Path(new).name} {' '.join(fmt)}")
    print(f"{len(pairs)} pairs x {len(FORMATS)} formats: {different} different")
    return 1 if different else 0


if __name__ == "__main__":
    raise SystemExit(main())
