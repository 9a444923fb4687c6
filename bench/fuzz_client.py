"""Long fuzzing of the client-side parsers: validate_request, the page normalisers, captures/HAR, catalog.

    python bench/fuzz_client.py [--examples 5000] [--seed 0] [--only validate_request,html]

Runs the targets of tests/secure/targets.py (the suite runs them bounded) on the newest corpus spec
(../shared/corpus/openrouter, else tests/comply/openapi-mini.json) and prints, per target, the examples
run, the wall time and the distinct crash signatures (exception type, checker file:line) with the
smallest example of each. The goal is 0 crashes; the exit code is 1 when there is any.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from tests.secure.targets import targets  # noqa: E402


def corpus_spec() -> tuple[dict[str, Any] | None, str]:
    shared = Path(os.environ.get("CHECKER_SHARED", REPO.parent / "shared"))
    specs = sorted((shared / "corpus" / "openrouter" / "specs").glob("*.json.gz"))
    if not specs:
        return None, "tests/comply/openapi-mini.json"
    return json.loads(gzip.decompress(specs[-1].read_bytes())), specs[-1].name


def signature(exc: BaseException) -> tuple[str, str]:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}checker{os.sep}" in f.filename] or frames
    where = ours[-1]
    return type(exc).__name__, f"{where.filename.split(os.sep + 'checker' + os.sep)[-1]}:{where.lineno}"


def fuzz(name: str, strategy: Any, target: Any, examples: int, rng_seed: int) -> dict[str, Any]:
    crashes: collections.Counter[tuple[str, str]] = collections.Counter()
    first: dict[tuple[str, str], str] = {}
    count = 0

    @seed(rng_seed)
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(case: Any) -> None:
        nonlocal count
        count += 1
        try:
            target(case)
        except Exception as exc:  # noqa: BLE001 - every crash is counted, not raised
            sig = signature(exc)
            crashes[sig] += 1
            first.setdefault(sig, f"{exc!s:.120} <- {case!r:.200}")

    t0 = time.perf_counter()
    run()
    return {"target": name, "examples": count, "seconds": round(time.perf_counter() - t0, 1),
            "crashes": sum(crashes.values()), "signatures": {f"{t} at {w}": first[(t, w)] for t, w in crashes}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="examples per target (default 5000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="", help="comma-separated target names")
    args = parser.parse_args()
    spec, spec_name = corpus_spec()
    table = targets(spec)
    names = [n for n in table if not args.only or n in args.only.split(",")]
    print(f"spec: {spec_name}; {args.examples} examples per target; seed {args.seed}")
    total = 0
    for name in names:
        result = fuzz(name, *table[name], args.examples, args.seed)
        total += result["crashes"]
        print(f"{name:18} {result['examples']:7} examples {result['seconds']:7.1f} s  "
              f"{result['crashes']} crash(es), {len(result['signatures'])} signature(s)")
        for sig, example in result["signatures"].items():
            print(f"    {sig}: {example}")
    print(f"total crashes: {total}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
