"""Regression figures: spec-diff findings over the real OpenRouter spec history.

    python bench/bench_diff_history.py [--repo PATH] [--codes]

Prints errors / warnings / info of `diff_specs` for every adjacent pair of the shared
corpus snapshots and for oldest -> newest. `--repo` imports `checker` from another
checkout (e.g. a temporary `git worktree` of an older commit) to print the figures
before a change, with the same corpus and the same open enums. `--codes` adds the
count per code; `--hash` prints a sha256 over every finding of every pair (all fields,
fingerprints included), to show a refactoring changed nothing. Needs ../shared/corpus/openrouter (or $CHECKER_SHARED/corpus/openrouter).
"""
from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CHECKER_SHARED") or HERE / ".." / "shared") / "corpus" / "openrouter"


def load(spec_file: str) -> dict:
    with gzip.open(CORPUS / spec_file) as fh:
        return json.load(fh)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=HERE, help="checkout to import checker from")
    parser.add_argument("--codes", action="store_true", help="also count findings per code")
    parser.add_argument("--hash", action="store_true", help="also print a hash of all findings")
    args = parser.parse_args()
    if not (CORPUS / "INDEX.json").is_file():
        print(f"no corpus at {CORPUS} (set CHECKER_SHARED)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(args.repo.resolve()))
    import yaml

    import checker
    from checker.diff.spec import diff_specs

    print(f"checker from {Path(checker.__file__).parent.parent}")

    target = args.repo / "checker/data/rules/openrouter/target.yaml"
    enums = yaml.safe_load(target.read_text()).get("open_enums", [])
    snaps = json.loads((CORPUS / "INDEX.json").read_text())["snapshots"]
    specs = [load(s["spec_file"]) for s in snaps]
    pairs = [(i, i + 1) for i in range(len(snaps) - 1)] + [(0, len(snaps) - 1)]
    totals = collections.Counter()
    digest = hashlib.sha256()
    print(f"{'pair':<20} {'errors':>6} {'warn':>6} {'info':>6}")
    for a, b in pairs:
        findings = diff_specs(specs[a], specs[b], open_enums=enums)
        count = collections.Counter(f.severity.value for f in findings)
        for f in findings:
            digest.update(json.dumps(f.to_dict(), sort_keys=True, default=str).encode())
        label = f"{snaps[a]['short']}->{snaps[b]['short']}"
        print(f"{label:<20} {count['error']:>6} {count['warning']:>6} {count['info']:>6}")
        if args.codes:
            per = collections.Counter(f"{f.severity.value[0]} {f.code}" for f in findings)
            for code, n in sorted(per.items()):
                print(f"    {n:>4} {code}")
        if (a, b) != (0, len(snaps) - 1):
            totals.update(count)
    print(f"{'adjacent total':<20} {totals['error']:>6} {totals['warning']:>6} {totals['info']:>6}")
    if args.hash:
        print(f"findings sha256 over {len(pairs)} pairs: {digest.hexdigest()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
