"""The integration profile: facts about what the integration uses, each with where it came from.

A fact is identified by what it names (kind, name, operation, schema); its origins say who
said so: a rule (file:line), a capture or payload (file:line, pointer into the body) or a
source file found by `--code`. Facts hold no header values and no body values other than
spec-declared enum values, model ids and pinned provider slugs.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from msgspec import Struct, field
from msgspec.structs import asdict

from checker.errors import InputError

# kinds of facts
OPERATION, FIELD, RESPONSE_FIELD, VALUE = "operation", "field", "response-field", "value"
HEADER, PAGE, SECTION, MODEL = "header", "page", "section", "model"
KINDS = (OPERATION, FIELD, RESPONSE_FIELD, VALUE, HEADER, PAGE, SECTION, MODEL)
# origins
RULE, CAPTURE, PAYLOAD, CODE = "rule", "capture", "payload", "code"
MAX_ORIGINS = 20  # per fact: thousands of captures of one field say no more than twenty
FORMAT_VERSION = 1


class Fact(Struct, frozen=True):
    """What is used. `name`: "POST /chat/completions", a dotted field path ("messages.content"),
    an enum value, a header name (lower case), a page id, a section heading or a model id.
    `operation` scopes fields and values; `schema` anchors a rule's path at a component schema;
    `scope` is the field path of a value or the page id of a section."""

    kind: str
    name: str
    operation: str | None = None
    schema: str | None = None
    scope: str | None = None

    def label(self) -> str:
        where = " ".join(x for x in (self.operation, f"schema {self.schema}" if self.schema else None,
                                     f"at {self.scope}" if self.scope else None) if x)
        return f"{self.kind} {self.name}" + (f" ({where})" if where else "")


class Origin(Struct, frozen=True):
    """Where a profile fact was seen: a rule, a capture, a payload or a code line."""

    via: str  # rule | capture | payload | code
    file: str | None = None
    line: int | None = None
    ref: str | None = None  # rule id, capture id
    pointer: str | None = None  # where in the request body the fact was seen

    def label(self) -> str:
        place = f"{self.file}:{self.line}" if self.file and self.line else (self.file or "")
        ref = f" {self.ref}" if self.ref and (self.via == RULE or not self.file) else ""
        ptr = f" at {self.pointer}" if self.pointer else ""
        return f"{self.via}{ref} {place}{ptr}".replace("  ", " ").strip()


class Profile(Struct):
    """What the integration uses: each fact with the places it was seen."""

    facts: dict[Fact, list[Origin]] = field(default_factory=dict)

    def add(self, fact: Fact, origin: Origin) -> None:
        origins = self.facts.setdefault(fact, [])
        if len(origins) < MAX_ORIGINS and origin not in origins:
            origins.append(origin)

    @classmethod
    def of(cls, origin: Origin, *facts: Fact) -> "Profile":
        """A profile of `facts`, all seen at `origin`."""
        out = cls()
        for fact in facts:
            out.add(fact, origin)
        return out

    def merge(self, other: "Profile") -> "Profile":
        for fact, origins in other.facts.items():
            for origin in origins:
                self.add(fact, origin)
        return self

    def of_kind(self, *kinds: str) -> Iterator[Fact]:
        return (f for f in self.facts if f.kind in kinds)

    def operations(self) -> set[str]:
        ops = {f.name for f in self.of_kind(OPERATION)}
        return ops | {f.operation for f in self.facts if f.operation}

    def __len__(self) -> int:
        return len(self.facts)

    def to_dict(self) -> dict[str, Any]:
        rows = []
        for fact in sorted(self.facts, key=sort_key):
            row = {k: v for k, v in asdict(fact).items() if v is not None}
            row["origins"] = [{k: v for k, v in asdict(o).items() if v is not None} for o in self.facts[fact]]
            rows.append(row)
        return {"version": FORMAT_VERSION, "facts": rows}

    @classmethod
    def from_dict(cls, data: Any, where: str = "profile") -> "Profile":
        if not isinstance(data, dict) or not isinstance(data.get("facts"), list):
            raise InputError(f"{where}: not a profile (expected an object with a 'facts' list)",
                             "re-create it with 'checker validate ... --learn'")
        profile = cls()
        for index, row in enumerate(data["facts"]):
            try:
                fact = Fact(**{k: row[k] for k in ("kind", "name", "operation", "schema", "scope") if k in row})
                origins = [Origin(**o) for o in row.get("origins") or []]
                hash(tuple(origins))
            except (TypeError, KeyError, AttributeError):
                raise InputError(f"{where}: fact #{index + 1} is malformed",
                                 "re-create it with 'checker validate ... --learn'") from None
            if not all(isinstance(v, str) or (v is None and k != "name") for k, v in asdict(fact).items()):
                raise InputError(f"{where}: fact #{index + 1} is malformed (its fields must be strings)")
            if fact.kind not in KINDS:
                raise InputError(f"{where}: fact #{index + 1} has an unknown kind {fact.kind!r}")
            for origin in origins or [Origin("unknown")]:
                profile.add(fact, origin)
        return profile


def sort_key(fact: Fact) -> tuple[int, str, str, str]:
    return KINDS.index(fact.kind), fact.operation or "", fact.scope or "", fact.name


def merged(profiles: Iterable[Profile]) -> Profile:
    out = Profile()
    for p in profiles:
        out.merge(p)
    return out


def profile_path(snapshots: str | Path, target: str) -> Path:
    return Path(snapshots) / target / "profile.json"


def save_profile(profile: Profile, path: Path) -> None:
    from checker.store.atomic import atomic_write

    atomic_write(path, json.dumps(profile.to_dict(), indent=1, ensure_ascii=False) + "\n")


def load_profile(path: Path) -> Profile | None:
    """The stored profile, or None when there is none yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{path}: not valid JSON ({exc})", "re-create it with 'checker validate ... --learn'") from None
    return Profile.from_dict(data, str(path))
