#!/usr/bin/env python3
"""Deprecation facts of the newest corpus snapshot (the spec, then its 18 pages): the current reader
against the one before the speed-up (checker/docs/facts.py at --before REV, read from git) and
against a plain regex scan of the raw text (the keyword pattern over the JSON or the page
sources: no walk, no sentences) as the baseline, all in the same run; medians of --runs, ratios
to the baseline.

    CHECKER_SHARED=/work/shared python bench/bench_docs.py [--runs 15] [--before b39743f]

Goal (issue 16): facts extraction costs about as much as the plain scan (ratio <= 1.5), both.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.docs import facts as current  # noqa: E402

SPEC = "specs/2026-08-22_c26125a.json.gz"
BEFORE = "b39743f"  # the last commit with the recursive walk and no trigger test


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def old_module(rev: str):
    """checker/docs/facts.py as it was at `rev`, imported under another name (None without git)."""
    try:
        text = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:checker/docs/facts.py"],
                              capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp()) / "facts_before.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("facts_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["facts_before"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", default=BEFORE, metavar="REV")
    args = parser.parse_args()
    corpus = Path(os.environ.get("CHECKER_SHARED", "/work/shared")) / "corpus" / "openrouter"
    if not (corpus / SPEC).is_file():
        print(f"the shared corpus is absent ({corpus}); set CHECKER_SHARED", file=sys.stderr)
        return 2
    raw = gzip.decompress((corpus / SPEC).read_bytes()).decode()
    spec = json.loads(raw)
    old = old_module(args.before)
    print(f"spec {SPEC} ({len(raw) / 1e6:.1f} MB), median of {args.runs} runs")
    ok = compare(lambda module: module.spec_facts(spec), raw, old, args)
    from checker.normalise.markdown import markdown_to_page

    folder = corpus / "pages" / Path(SPEC).name.removesuffix(".json.gz")
    files = sorted(folder.rglob("*.mdx"))
    texts = [f.read_text() for f in files]
    pages = [(str(f.relative_to(folder).with_suffix("")), markdown_to_page(t)) for f, t in zip(files, texts)]
    print(f"pages {folder.name}: {len(pages)} pages ({sum(map(len, texts)) / 1e6:.2f} MB)")
    ok &= compare(lambda module: [f for page_id, page in pages for f in module.page_facts(page_id, page)],
                  "\n".join(texts), old, args)
    return 0 if ok else 1


def compare(facts, raw: str, old, args: argparse.Namespace) -> bool:
    """Print the three timings; True when the current reader meets the goal."""
    baseline = median_ms(lambda: sum(1 for _ in current._DEPRECATED.finditer(raw)), args.runs)
    after = median_ms(lambda: facts(current), args.runs)
    print(f"  plain regex scan of the raw text  {baseline:7.1f} ms  (baseline)")
    if old is not None:
        before = median_ms(lambda: facts(old), args.runs)
        same = [vars(f) for f in facts(old)] == [vars(f) for f in facts(current)]
        print(f"  facts before ({args.before})          {before:7.1f} ms  x{before / baseline:.2f}"
              + ("  (the same facts)" if same else "  (different facts!)"))
    print(f"  facts now ({len(facts(current))})                    {after:7.1f} ms  x{after / baseline:.2f}")
    if old is not None:
        print(f"  speed-up: {before / after:.1f}x")
    return after / baseline <= 1.5


if __name__ == "__main__":
    sys.exit(main())
