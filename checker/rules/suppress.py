"""Suppressions: known findings a team has decided to live with, for a reason, until a date.

rules/<target>/suppressions.yaml:

    suppressions:
      - fingerprint: 1a2b3c4d5e6f7a8b       # one exact finding
        reason: why this is fine
        expires: 2026-12-31                 # optional; after it the entry stops working
      - code: response-property-enum-value-added
        location: "GET /models*"            # glob on the operation, pointer or source
        reason: ...

A `code` must be a catalogued finding code (checker/codes.py) or a glob matching one: a typo
is a ConfigError naming the file and line, not a suppression that silently hides nothing.
An expired suppression suppresses nothing and is itself reported (a `rule` warning).
"""
from __future__ import annotations

import datetime as dt
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Iterable

from msgspec import Struct

from checker.codes import close_matches, default_severity, matching
from checker.errors import ConfigError, InputError, read_text
from checker.models import Finding, Kind, Location
from checker.profile.group import shared_fingerprint
from checker.safeyaml import check_expansion, describe

FILE_NAME = "suppressions.yaml"
FIELDS = {"fingerprint", "code", "location", "reason", "expires"}
DEFAULT_URL = "https://openrouter.ai/docs"


class Suppression(Struct, frozen=True):
    """One entry of suppressions.yaml: what it matches, why, and until when."""

    reason: str
    fingerprint: str | None = None
    code: str | None = None
    location: str | None = None
    expires: dt.date | None = None
    file: str = ""
    line: int | None = None
    index: int = 0  # 1-based entry number in its file

    def matches(self, finding: Finding) -> bool:
        if self.fingerprint is not None:  # a shared change's own, or one of its per-operation copies
            return self.fingerprint in (finding.fingerprint, shared_fingerprint(finding))
        if not fnmatchcase(finding.code, self.code or ""):
            return False
        loc = finding.location
        places = (loc.operation, loc.pointer, loc.source)
        return any(p is not None and fnmatchcase(p, self.location or "*") for p in places)

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


def load_suppressions(rules_dir: Path, target: str) -> list[Suppression]:
    """rules/<target>/suppressions.yaml; no file means no suppressions."""
    path = Path(rules_dir) / target / FILE_NAME
    return load_suppression_file(path) if path.exists() else []


def load_suppression_file(path: Path) -> list[Suppression]:
    from checker.store.parsed import cached, content_key

    text = read_text(Path(path), str(path), ConfigError)
    data, lines = cached("suppressions", content_key([text]), lambda: _parse(path, text),
                         encode=list, decode=lambda v: (v[0], [int(n) for n in v[1]]))
    if data is None:
        return []
    if not isinstance(data, dict) or set(data) - {"suppressions"}:
        raise ConfigError(f"{path}: expected a mapping with one key 'suppressions' (a list)")
    entries = data.get("suppressions") or []
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: 'suppressions' must be a list of entries")
    return [_entry(path, i + 1, e, lines[i] if i < len(lines) else None) for i, e in enumerate(entries)]


def _parse(path: Path, text: str) -> tuple[Any, list[int]]:
    """The file's data and the line of each entry."""
    import yaml

    try:
        check_expansion(text, str(path), aliases=False)
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except InputError as exc:
        raise ConfigError(exc.message, exc.hint) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # constructors raise ValueError (2026-13-45)
        raise ConfigError(f"{path}: not valid YAML{describe(exc)}", "fix the YAML syntax") from None
    return data, _entry_lines(root)


def _entry_lines(root: Any) -> list[int]:
    import yaml

    try:
        for key, value in root.value:
            if key.value == "suppressions" and isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value.value]
    except (AttributeError, TypeError, ValueError):
        pass
    return []


def _entry(path: Path, n: int, entry: Any, line: int | None) -> Suppression:
    where = f"{path}: suppression #{n}" + (f" (line {line})" if line else "")
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: each entry must be a mapping")
    unknown = sorted(set(map(str, entry)) - FIELDS)
    if unknown:
        raise ConfigError(f"{where}: unknown field '{unknown[0]}'", f"allowed: {', '.join(sorted(FIELDS))}")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(f"{where}: field 'reason' is required (say why this finding is acceptable)")
    for name in ("fingerprint", "code", "location"):
        if name in entry and (not isinstance(entry[name], str) or not entry[name].strip()):
            raise ConfigError(f"{where}: field '{name}' must be a non-empty string")
    fingerprint, code, location = entry.get("fingerprint"), entry.get("code"), entry.get("location")
    if fingerprint and (code or location):
        raise ConfigError(f"{where}: field 'fingerprint' cannot be combined with 'code'/'location'")
    if not fingerprint and not (code and location):
        raise ConfigError(f"{where}: field 'fingerprint', or both 'code' and 'location', is required",
                          "use location: '*' to match every place")
    if code:
        _known_code(where, code)
    return Suppression(reason=reason.strip(), fingerprint=fingerprint, code=code, location=location,
                       expires=_date(where, entry.get("expires")), file=str(path), line=line, index=n)


def _known_code(where: str, code: str) -> None:
    """A code (or glob) must name a catalogued code: a typo would silently suppress nothing."""
    if matching(code):
        return
    close = close_matches(code, n=1)
    suggestion = f"; did you mean '{close[0]}'?" if close else ""
    raise ConfigError(f"{where}: unknown finding code '{code}'{suggestion}",
                      "`checker explain --list` lists every code")


def _date(where: str, value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: field 'expires' must be a date like 2026-12-31, got {value!r}") from None


def apply_suppressions(findings: Iterable[Finding], suppressions: Iterable[Suppression],
                       today: dt.date, *, official_url: str = DEFAULT_URL) -> list[Finding]:
    """Drop findings matched by a live suppression; add a warning per expired suppression."""
    live = [s for s in suppressions if not s.expired(today)]
    dead = [s for s in suppressions if s.expired(today)]
    kept = [f for f in findings if not any(s.matches(f) for s in live)]
    return kept + [_expired_finding(s, official_url) for s in dead]


def _expired_finding(s: Suppression, official_url: str) -> Finding:
    what = f"fingerprint {s.fingerprint}" if s.fingerprint else f"{s.code} at {s.location}"
    return Finding(
        kind=Kind.RULE, code="suppression-expired", severity=default_severity("suppression-expired"),
        message=(f"Suppression #{s.index} ({what}: {s.reason}) expired on {s.expires.isoformat()}; "
                 "it no longer hides anything. Remove it or extend 'expires'."),
        official_url=official_url,
        location=Location(source="suppressions", pointer=f"/suppressions/{s.index - 1}",
                          file=s.file or None, line=s.line),
    )
