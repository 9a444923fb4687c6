"""Shared helpers of the reporters people read: grouping by official page, labels, excerpts."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path, PurePosixPath
from typing import Any

from checker.models import Finding, Location, Report

EXCERPT_CHARS = 1200
EARLIER = " (the region is in the snapshot from before this change)"  # said where the new one is not on disk


def page_of(url: str) -> str:
    """The official page of a finding: its URL without the #anchor."""
    return url.split("#", 1)[0]


def by_page(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by official page, pages with the worst findings first."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted(findings, key=lambda f: (-f.severity.rank, f.official_url, f.code)):
        groups[page_of(f.official_url)].append(f)
    return dict(groups)


def where(loc: Location) -> str:
    """A short human label of the place: operation, section, pointer or file:line."""
    parts = [p for p in (loc.operation, loc.section, loc.pointer) if p]
    if loc.file:
        parts.append(f"{loc.file}:{loc.line}" if loc.line else loc.file)
    return " · ".join(parts) if parts else loc.source


def as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str)


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    text = as_text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary_line(report: Report) -> str:
    s = report.summary
    if not report.findings:
        return "no findings"
    return f"{s['error']} error(s), {s['warning']} warning(s), {s['info']} info"


def repo_path(path: str | Path) -> tuple[str, bool]:
    """A file as a URI for reports: (posix path relative to the working directory, True) when it
    lies under it, else (file:// URI, False)."""
    p = Path(path)
    if not p.is_absolute():
        return PurePosixPath(*p.parts).as_posix(), True
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix(), True
    except ValueError:
        return p.resolve().as_uri(), False
