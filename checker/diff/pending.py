"""A spec-diff finding found but not built yet.

An operation's changes are recorded as `Pending` and built into `Finding`s once the whole diff
is known. Most of a diff's findings are per-operation copies of a shared component change
(profile/group.py folds them into one); `diff_specs(..., fold_shared=True)` folds the pending
records directly, so the copies are never redacted, fingerprinted and built only to be merged.
A `Pending` reads like a Finding for group.py: kind, code, severity, message, location, ...
"""
from __future__ import annotations

from typing import Any

from checker.diff.identity import Places
from checker.models import Finding, Kind, Location, Severity, fingerprint_at
from checker.redact import redact, redact_text


class Pending:
    __slots__ = ("code", "severity", "text", "official_url", "location", "before", "after", "places")
    kind = Kind.SPEC
    count = 1
    relevance = None
    relevant_because = ()

    def __init__(self, code: str, severity: Severity, label: str, text: str, page: str,
                 pointer: str | None, before: Any, after: Any, places: Places) -> None:
        self.code, self.severity, self.text, self.official_url = code, severity, text, page
        self.location = Location("openapi", pointer, label)
        self.before, self.after = redact(before), redact(after)  # as a Finding holds them (group.py keys)
        self.places = places  # the document the pointer is in: its position-free place, for the fingerprint

    @property
    def message(self) -> str:
        return redact_text(f"{self.location.operation}: {self.text}.")

    def finding(self) -> Finding:
        loc = self.location
        return Finding(  # fingerprinted by what list items are, not by their positions
            kind=Kind.SPEC, code=self.code, severity=self.severity, message=self.message,
            official_url=self.official_url, location=loc, before=self.before, after=self.after,
            fingerprint=fingerprint_at(Kind.SPEC, self.code, loc, self.places.of(loc.pointer)))
