"""The same finding on many requests is one finding with a `count` and the first few `locations`.

Two findings are the same when their fingerprints match (what they are about: code, capture,
operation, pointer; never the line or entry) and so does their `before` (the rule they break),
so two different rules failing at one pointer stay two findings.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from checker.models import Finding, Location

MAX_LOCATIONS = 5


class Aggregate:
    """Findings in first-seen order; memory grows with distinct findings, not with requests."""

    def __init__(self) -> None:
        self._first: dict[tuple[str, str], Finding] = {}
        self._count: dict[tuple[str, str], int] = {}
        self._where: dict[tuple[str, str], list[Location]] = {}

    def add(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self._add(finding, finding.count, list(finding.locations) or [finding.location])

    def merge(self, other: "Aggregate") -> None:
        """Another part of the same traffic, seen after this one (`--jobs`)."""
        for key, finding in other._first.items():
            self._add(finding, other._count[key], other._where[key])

    def _add(self, finding: Finding, count: int, where: list[Location]) -> None:
        key = (finding.fingerprint, repr(finding.before))
        if key not in self._first:
            self._first[key], self._count[key], self._where[key] = finding, 0, []
        self._count[key] += count
        kept = self._where[key]
        kept.extend(where[: MAX_LOCATIONS - len(kept)])

    def findings(self) -> list[Finding]:
        out = []
        for key, first in self._first.items():
            count = self._count[key]
            out.append(first if count == 1 else
                       replace(first, count=count, locations=tuple(self._where[key])))
        return out
