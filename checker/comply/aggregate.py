"""The same finding on many requests is one finding with a `count` and the first few `locations`.

Two findings are the same when their fingerprints match (what they are about: code, capture,
operation, pointer; never the line or entry) and so does their `before` (the rule they break),
so two different rules failing at one pointer stay two findings.
"""
from __future__ import annotations

from typing import Iterable

from msgspec.structs import replace

from checker.models import Finding, Location

MAX_LOCATIONS = 5
Key = tuple[str, str]


class Aggregate:
    """Findings in first-seen order; memory grows with distinct findings, not with requests."""

    def __init__(self) -> None:
        self._first: dict[Key, Finding] = {}
        self._count: dict[Key, int] = {}
        self._where: dict[Key, list[Location]] = {}

    def add(self, findings: Iterable[Finding]) -> tuple[Key, ...]:
        """Findings of one request; their keys, for `again` on a request that repeats it."""
        return tuple(self._add(f, f.count, list(f.locations) or [f.location]) for f in findings)

    def again(self, keys: Iterable[Key], file: str, line: int, request: str) -> None:
        """The findings of an earlier request (`add`'s keys) on a capture line identical to it:
        the same findings, located at this `file`, `line` and `request` label."""
        for key in keys:
            self._count[key] += 1
            kept = self._where[key]
            if len(kept) < MAX_LOCATIONS:
                kept.append(replace(self._first[key].location, file=file, line=line, request=request))

    def merge(self, other: "Aggregate") -> None:
        """Another part of the same traffic, seen after this one (`--jobs`)."""
        for key, finding in other._first.items():
            self._add(finding, other._count[key], other._where[key])

    def _add(self, finding: Finding, count: int, where: list[Location]) -> Key:
        key = (finding.fingerprint, repr(finding.before))
        if key not in self._first:
            self._first[key], self._count[key], self._where[key] = finding, 0, []
        self._count[key] += count
        kept = self._where[key]
        kept.extend(where[: MAX_LOCATIONS - len(kept)])
        return key

    def findings(self) -> list[Finding]:
        out = []
        for key, first in self._first.items():
            count = self._count[key]
            out.append(first if count == 1 else
                       replace(first, count=count, locations=tuple(self._where[key])))
        return out
