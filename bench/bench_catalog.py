#!/usr/bin/env python3
"""Normalising and diffing two 500-model catalogs in-process, against a plain DeepDiff of the two
raw lists in the same run.

    python bench/bench_catalog.py [--runs 15] [--models 500]

The second catalog changes about a tenth of the models (prices, parameters, context, removals,
additions), as a busy week does. Goal (issue 15): normalise both + diff <= 20 ms. The goal is
checked on the best run (as `timeit` advises: on a shared machine the slower runs measure the other
processes); the median is printed beside it, and the DeepDiff ratio is from the same run.
Relevance and grouping for an integration using 20 of the models are timed too (not in the goal).
"""
from __future__ import annotations

import argparse
import copy
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.profile.catalog_relevance import group_unused  # noqa: E402
from checker.profile.model import Fact, Origin, Profile  # noqa: E402
from checker.profile.relevance import apply_relevance  # noqa: E402
from checker.sources.catalog import normalise_catalog  # noqa: E402
from checker.sources.catalog_diff import diff_catalogs  # noqa: E402
from tests.catalog.fixtures import model  # noqa: E402

GOAL_MS = 20.0


def catalogs(n: int, seed: int = 15) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    old = [model(f"vendor{i % 40}/model-{i}", context=rng.choice([8192, 32000, 128000, 200000]),
                 prompt=f"{rng.randint(0, 30) / 1e6:.7f}") for i in range(n)]
    new = copy.deepcopy(old)
    for m in rng.sample(new, n // 10):
        change = rng.randrange(4)
        if change == 0:
            m["pricing"]["prompt"] = f"{rng.randint(1, 30) / 1e6:.7f}"
        elif change == 1:
            m["supported_parameters"] = m["supported_parameters"][1:]
        elif change == 2:
            m["context_length"] //= 2
        else:
            m["expiration_date"] = "2027-03-01"
    del new[: n // 50]
    new += [model(f"newco/model-{i}") for i in range(n // 50)]
    return old, new


def used_profile(models: list[dict]) -> Profile:
    """An integration sending `tools` to the given models (captures learned)."""
    profile, origin = Profile(), Origin("capture", "c.jsonl", 1)
    profile.add(Fact("field", "tools", "POST /chat/completions"), origin)
    for m in models:
        profile.add(Fact("model", m["id"]), origin)
    return profile


def timings_ms(fn, runs: int) -> tuple[float, float]:
    """(best, median) wall time of `fn` in ms."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times), statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--models", type=int, default=500)
    args = parser.parse_args()
    from deepdiff import DeepDiff

    old, new = catalogs(args.models)
    ours, ours_median = timings_ms(lambda: diff_catalogs("models", normalise_catalog({"data": old}),
                                                         normalise_catalog({"data": new})), args.runs)
    base, base_median = timings_ms(lambda: DeepDiff(old, new), max(3, args.runs // 5))
    raw = diff_catalogs("models", normalise_catalog({"data": old}), normalise_catalog({"data": new}))
    findings, profile = len(raw), used_profile(old[:20])
    judged, judged_median = timings_ms(lambda: group_unused(apply_relevance(raw, profile)), args.runs)
    print(f"{args.models} models, {findings} findings; best / median of {args.runs} runs (DeepDiff: fewer)")
    print(f"  checker normalise x2 + diff  {ours:8.1f} / {ours_median:8.1f} ms   (goal: best <= {GOAL_MS:.0f} ms)")
    print(f"  DeepDiff(raw old, raw new)   {base:8.1f} / {base_median:8.1f} ms   ({base / ours:.0f}x ours)")
    print(f"  relevance (20 used) + group  {judged:8.1f} / {judged_median:8.1f} ms   "
          f"({len(group_unused(apply_relevance(raw, profile)))} findings after grouping)")
    return 0 if ours <= GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
