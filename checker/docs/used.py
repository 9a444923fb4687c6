"""Which docs findings touch what the integration sends: the same field, header or value.

`docs-example-invalid`, `docs-spec-mismatch` and `docs-deprecation-new` are info by default and a
warning when the profile (rules, learned captures) says the integration sends what they are about.
A field counts when the profile has the finding's field path, a field inside it, or the object
directly holding it below the top level: an example's wrong `provider.max_price.prompt` matters
to a client sending `provider.max_price`, not to one that only sends `provider.sort`.
"""
from __future__ import annotations

from typing import Any

from checker.api.pointer import unescape
from checker.models import Finding
from checker.profile.model import FIELD, HEADER, VALUE, Fact, Profile
from checker.profile.subject import related



def used_facts(finding: Finding, profile: Profile) -> list[Fact]:
    """The profile facts that make a docs claim about the integration (empty: it is context)."""
    after: dict[str, Any] = finding.after if isinstance(finding.after, dict) else {}
    op = finding.location.operation
    if finding.code == "docs-deprecation-new":
        return _identifier(str(after.get("identifier") or ""), profile)
    if isinstance(after.get("header"), str):
        return [f for f in profile.of_kind(HEADER) if f.name == after["header"].lower()]
    if finding.code == "docs-example-invalid":
        path = _pointer_path(str(after.get("example_pointer") or ""))
    else:
        path = tuple(p for p in str(after.get("field") or "").split(".") if p)
    fields = _fields(path, op, profile)
    values = after.get("values")
    if fields and isinstance(values, list):  # enum values: only when one of them is sent
        return [f for f in profile.of_kind(VALUE) if f.name in values and f.operation in (op, None)
                and f.scope is not None and f.scope.rsplit(".", 1)[-1] == path[-1]]
    return fields


def _fields(path: tuple[str, ...], op: str | None, profile: Profile) -> list[Fact]:
    if not path:
        return []
    out = []
    for fact in profile.of_kind(FIELD):
        sent = tuple(fact.name.split("."))
        if (op is None or fact.operation in (op, None)) and related(sent, path) and len(sent) >= min(len(path), 2):
            out.append(fact)
    return out


def _identifier(name: str, profile: Profile) -> list[Fact]:
    if not name:
        return []
    return [f for f in profile.of_kind(FIELD, HEADER, VALUE)
            if (f.kind == HEADER and f.name == name.lower()) or (f.kind == VALUE and f.name == name)
            or (f.kind == FIELD and f.name.rsplit(".", 1)[-1] == name)]


def _pointer_path(pointer: str) -> tuple[str, ...]:
    """'/messages/0/content' -> ('messages', 'content'): property names without array indices."""
    parts = [unescape(p) for p in pointer.strip("/").split("/") if p]
    return tuple(p for p in parts if not p.isdigit())
