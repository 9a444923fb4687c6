"""Longer fuzz run: mutated specs through the loader, the model, the diff, the rules, validate, the stub.

    python bench/fuzz_spec.py [--examples 500] [--seed 0]

Each example is the seed spec (tests/comply/openapi-mini.json) with hostile values planted
(wrong types, broken `$ref`s, self-references, deep nesting). Reports examples run per target
and the distinct crash signatures found (the goal is 0). Exit 1 when anything crashed.
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from tests.spec_fuzz import TARGETS, mutated_specs, seed_spec  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    runs: Counter[str] = Counter()
    crashes: dict[str, str] = {}

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mutated_specs())
    def run(doc: dict) -> None:
        for name, target in TARGETS.items():
            runs[name] += 1
            try:
                target(seed_spec(), doc)
            except Exception as exc:  # noqa: BLE001 - counting crashes is the point
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                signature = f"{name}: {type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
                crashes.setdefault(signature, f"{exc}"[:200])

    start = time.perf_counter()
    run()
    print(f"{'target':24} {'examples':>9}")
    for name, count in runs.items():
        print(f"{name:24} {count:>9}")
    print(f"seed {args.seed}, {time.perf_counter() - start:.0f} s; distinct crash signatures: {len(crashes)} (goal 0)")
    for signature, message in sorted(crashes.items()):
        print(f"  {signature}  {message}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
