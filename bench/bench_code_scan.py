#!/usr/bin/env python3
"""`--code DIR` speed: scan a generated 50k-file repository for the identifiers of the repository's
rules profile, measured in the same run as `git grep` (native, multi-threaded) looking for the
same quoted literals.

    python bench/bench_code_scan.py [--files 50000] [--runs 3]

Cases (medians, in process for checker, a subprocess for git grep):
  git grep -F        baseline: `git grep -n -I -F` with every "identifier" and 'identifier'
  scan, git          checker.profile.code_scan.scan on the git checkout (git ls-files)
  scan, walk         the same tree without .git: os.walk honouring .gitignore (pathspec)
Goal (issue 10): a 50k-file repository in a few seconds.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.profile.code_scan import scan  # noqa: E402
from checker.profile.from_rules import profile_from_rules  # noqa: E402
from checker.profile.locate import identifier  # noqa: E402
from checker.rules.load import load_rules  # noqa: E402

WORDS = "def class return import self value data result items config client request response user".split()


def identifiers() -> tuple[set[str], set[str]]:
    names, paths = set(), set()
    for fact in profile_from_rules(load_rules(None, "openrouter")).facts:
        ident = identifier(fact)
        if ident:
            (paths if ident[1] else names).add(ident[0])
    return names, paths


def generate(root: Path, files: int, names: list[str]) -> None:
    rng = random.Random(10)
    for i in range(files):
        folder = root / f"pkg{i % 200}" / f"mod{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        lines = [" ".join(rng.choice(WORDS) for _ in range(8)) for _ in range(rng.randint(10, 40))]
        if i % 50 == 0:  # some files use the API
            lines[rng.randrange(len(lines))] = f'payload["{rng.choice(names)}"] = "https://x/api/v1/chat/completions"'
        (folder / f"f{i}.py").write_text("\n".join(lines) + "\n")
    (root / "node_modules" / "dep").mkdir(parents=True)
    for i in range(500):
        (root / "node_modules" / "dep" / f"d{i}.js").write_text(f'x = "{names[0]}"\n')
    (root / ".gitignore").write_text("node_modules/\n*.log\n")


def median_time(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    names, paths = identifiers()
    tmp = Path(tempfile.mkdtemp(prefix="bench-code-"))
    try:
        repo = tmp / "repo"
        generate(repo, args.files, sorted(names))
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
        patterns = [x for n in names | paths for x in (f'"{n}"', f"'{n}'")]
        grep = ["git", "-C", str(repo), "grep", "-n", "-I", "-F", *[a for p in patterns for a in ("-e", p)]]
        t_grep, _ = median_time(lambda: subprocess.run(grep, capture_output=True), args.runs)
        t_git, hits_git = median_time(lambda: scan(repo, names, paths), args.runs)
        walk = tmp / "walk"
        shutil.copytree(repo, walk, ignore=shutil.ignore_patterns(".git"))
        t_walk, hits_walk = median_time(lambda: scan(walk, names, paths), args.runs)
        found = sum(len(v) for v in hits_git.values())
        print(f"{args.files} files, {len(names)} names + {len(paths)} paths, {found} hits kept")
        print(f"  git grep -F   {t_grep:6.2f} s")
        print(f"  scan, git     {t_git:6.2f} s  ({t_git / t_grep:.1f}x git grep)")
        print(f"  scan, walk    {t_walk:6.2f} s  ({t_walk / t_grep:.1f}x git grep)")
        assert hits_git == hits_walk, "git and walk modes disagree"
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
