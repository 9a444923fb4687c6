"""Write a pull-request body from the markdown report, capped under GitHub's 65,536-character limit.

    python .github/scripts/pr_body.py drift.md pr-body.md https://github.com/o/r/actions/runs/1

Whole lines are kept up to the cap; a cut body ends with a line saying how much was left out and
where the full report (the run's artifact) is.
"""
from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 65_536
BUDGET = LIMIT - 1_536  # room for the closing note, however long the URL


def body(report: str, url: str) -> str:
    link = f"Full report: the `drift-report` artifact of {url}"
    if len(report) + len(link) + 2 <= BUDGET:
        return f"{report.rstrip()}\n\n{link}\n"
    kept, size = [], 0
    for line in report.splitlines(keepends=True):
        if size + len(line) > BUDGET:
            break
        kept.append(line)
        size += len(line)
    shown = "".join(kept).rstrip()
    return f"{shown}\n\n---\nThis report was cut at {len(shown):,} of {len(report):,} characters. {link}\n"


def main(argv: list[str]) -> int:
    source, target, url = argv
    path = Path(source)
    report = path.read_text(encoding="utf-8") if path.is_file() else "The run wrote no markdown report.\n"
    Path(target).write_text(body(report, url), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
