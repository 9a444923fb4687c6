"""The data that flows between stages: sources, fetch results, pages, findings, reports.

Everything here is plain frozen data; stages return these and only reporters write.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, Callable

from msgspec import Struct, field
from msgspec.structs import force_setattr

from checker.redact import redact, redact_optional, redact_text


def compared_without(*skipped: str) -> tuple[Callable[[Any, Any], Any], Callable[[Any], int]]:
    """`__eq__, __hash__ = compared_without("name")` in a Struct's body: equality and hashing that ignore
    those fields (what dataclasses' field(compare=False) did; msgspec has no per-field switch)."""

    def key(record: Any) -> tuple[Any, ...]:
        return tuple(getattr(record, name) for name in record.__struct_fields__ if name not in skipped)

    def __eq__(self: Any, other: Any) -> Any:
        return key(self) == key(other) if type(other) is type(self) else NotImplemented

    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __eq__, __hash__


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def at_least(self, threshold: "Severity") -> bool:
        return self.rank >= threshold.rank


class Kind:
    """Finding kinds of the JSON report contract."""

    SPEC = "spec"
    PAGE = "page"
    RULE = "rule"
    CLIENT = "client"
    FETCH = "fetch"
    SPEC_VALIDITY = "spec-validity"
    CATALOG = "catalog"


class Location(Struct, frozen=True):
    """Where a finding is. `source` is "openapi", a page id or a capture id.

    `file`/`line` name a file of the user's repository (payload, capture, rule file)
    when the finding comes from one; reporters such as SARIF use it. `request` labels the
    one request of a capture it is about (`file:line`, `file#entry`, `#n METHOD path`).
    """

    source: str
    pointer: str | None = None
    operation: str | None = None
    section: str | None = None
    file: str | None = None
    line: int | None = None
    request: str | None = None

    def __post_init__(self) -> None:  # the redaction boundary: keys in pointers, paths in operations
        for name in ("source", "pointer", "operation", "section", "file", "request"):
            force_setattr(self, name, redact_optional(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source,
            "pointer": self.pointer,
            "operation": self.operation,
            "section": self.section,
        }
        if self.file is not None:
            data["file"] = self.file
        if self.line is not None:
            data["line"] = self.line
        if self.request is not None:
            data["request"] = self.request
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Location":
        """The inverse of to_dict (a KeyError or TypeError when `data` is not one)."""
        return cls(**data)


class Finding(Struct, frozen=True):
    """One thing a run found: what (kind, code, severity, message), where, and why it matters."""

    kind: str
    code: str
    severity: Severity
    message: str
    official_url: str
    location: Location
    before: Any = None
    after: Any = None
    fingerprint: str = ""
    relevance: str | None = None  # used | called | context, once a profile was applied
    relevant_because: tuple[str, ...] = ()  # the profile facts that made it relevant
    count: int = 1  # how many requests (or places) had this same finding
    locations: tuple[Location, ...] = ()  # the first few of them, when count > 1

    def __post_init__(self) -> None:
        sealed(self)  # looked up per call: msgspec binds __post_init__ once, at class creation

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "kind": self.kind,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "official_url": self.official_url,
            "location": self.location.to_dict(),
            "before": self.before,
            "after": self.after,
            **({"relevance": self.relevance} if self.relevance is not None else {}),
            **({"relevant_because": list(self.relevant_because)} if self.relevant_because else {}),
            "count": self.count,
            "locations": [loc.to_dict() for loc in self.locations],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        """The inverse of to_dict, for findings kept between runs (a KeyError, TypeError or
        ValueError when `data` is not one)."""
        return cls(kind=data["kind"], code=data["code"], severity=Severity(data["severity"]),
                   message=data["message"], official_url=data["official_url"],
                   location=Location.from_dict(data["location"]), before=data["before"], after=data["after"],
                   fingerprint=data["fingerprint"], relevance=data.get("relevance"),
                   relevant_because=tuple(data.get("relevant_because", ())), count=data["count"],
                   locations=tuple(Location.from_dict(loc) for loc in data["locations"]))


def sealed(finding: Finding) -> None:
    """The redaction boundary, run as each Finding is made: no stage can forget it."""
    force_setattr(finding, "message", redact_text(finding.message))
    force_setattr(finding, "official_url", redact_text(finding.official_url))
    force_setattr(finding, "before", redact(finding.before))
    force_setattr(finding, "after", redact(finding.after))
    if not finding.fingerprint:
        force_setattr(finding, "fingerprint", fingerprint_of(finding))


def fingerprint_of(finding: Finding) -> str:
    """A stable id from what the finding is about (not its wording or excerpt, nor which line
    or entry of a capture it was seen on: `file`, `line` and `request` are left out)."""
    return fingerprint_at(finding.kind, finding.code, finding.location)


def fingerprint_at(kind: str, code: str, loc: Location, place: str | None = None) -> str:
    """fingerprint_of for a finding about to be made; `place` stands in for the pointer when
    the caller knows a position-free address (the spec diff names list items by what they
    are, see diff/identity.py)."""
    where = loc.pointer if place is None else redact_optional(place)
    key = "|".join(str(part or "") for part in (kind, code, loc.source, loc.operation, where, loc.section))
    import hashlib  # here, not at the top: a replayed run (checker.store.verdict) loads no OpenSSL

    return hashlib.sha256(key.encode()).hexdigest()[:16]


class Source(Struct, frozen=True):
    """One thing the target depends on: the spec or a docs page."""

    id: str
    kind: str  # "spec" | "page"
    url: str  # official URL
    fallback_urls: tuple[str, ...] = ()
    selector: str | None = None
    quick: bool = False
    title: str | None = None


class Target(Struct, frozen=True):
    """A documented API the checker watches: its origin and its sources (spec, pages, catalog)."""

    name: str
    origin: str  # official origin, e.g. https://openrouter.ai
    sources: tuple[Source, ...]
    open_enums: tuple[str, ...] = ()

    @property
    def spec(self) -> Source:
        return next(s for s in self.sources if s.kind == "spec")

    @property
    def pages(self) -> list[Source]:
        return [s for s in self.sources if s.kind == "page"]

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


class Conditional(Struct, frozen=True):
    """Validators from the last good fetch, sent as If-None-Match / If-Modified-Since."""

    etag: str | None = None
    last_modified: str | None = None


class Fetched(Struct, frozen=True):
    """Outcome of fetching one source. URLs are official (origin swapped back)."""

    source_id: str
    url: str
    final_url: str
    http_status: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: str | None = None  # one human sentence when the fetch failed
    error_code: str | None = None  # e.g. fetch-timeout, fetch-http-error, fetch-too-large
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def moved(self) -> bool:
        return self.moved_from(self.url)

    def moved_from(self, url: str | None) -> bool:
        """The final URL is another page than `url` (e.g. the one a snapshot recorded)."""
        return url is None or self.final_url.split("#")[0].rstrip("/") != url.split("#")[0].rstrip("/")


class Section(Struct, frozen=True):
    """One section of a docs page: its heading, anchor, level and normalised text."""

    heading: str  # "" for the text before the first heading
    anchor: str
    level: int
    text: str


class Page(Struct, frozen=True):
    """A normalised docs page: its title and its sections in order."""

    title: str
    sections: tuple[Section, ...]


class SourceStatus:
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    NEW = "new"
    MOVED = "moved"
    GONE = "gone"
    ERROR = "error"


class SourceResult(Struct, frozen=True):
    """The report's `sources` entry."""

    id: str
    url: str
    status: str
    http_status: int | None = None
    final_url: str | None = None
    sha256: str | None = None
    error: str | None = None

    def __post_init__(self) -> None:  # the redaction boundary: a token in a spec URL stays home
        for name in ("id", "url", "final_url", "error"):
            force_setattr(self, name, redact_optional(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "status": self.status,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "sha256": self.sha256,
            "error": self.error,
        }


class Notes(list):
    """Report notes, redacted as they are added (a note may quote a command line or a path)."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__(redact_text(str(n)) for n in items)

    def append(self, note: str) -> None:
        super().append(redact_text(str(note)))

    def extend(self, notes: Any) -> None:
        super().extend(redact_text(str(n)) for n in notes)

    def insert(self, index: Any, note: str) -> None:
        super().insert(index, redact_text(str(note)))


class Report(Struct):
    """What a command produced: the findings, the sources it read, notes and timing."""

    mode: str  # quick | full | diff | validate | record | snapshot
    started_at: datetime
    target: str | None = None
    duration_ms: int = 0
    sources: list[SourceResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=Notes)  # plain remarks for people, e.g. snapshot age

    def __post_init__(self) -> None:
        self.notes = Notes(self.notes)

    @property
    def summary(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts

    def fails(self, threshold: Severity) -> bool:
        return any(f.severity.at_least(threshold) for f in self.findings)
