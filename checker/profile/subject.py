"""What a finding is about, in profile terms: operation, side, body path, schema path, header, values.

Read from the finding's location and its message (the spec diff writes the property path as
`property 'a[].b'` and parameters as `header parameter 'X'`): one place to adapt when the
finding model grows explicit fields for these.
"""
from __future__ import annotations

import re
from typing import Any

from msgspec import Struct

from checker.models import Finding

PROPERTY = re.compile(r"property '([^']+)'")
HEADER = re.compile(r"header(?: parameter)? '([^']+)'")
PARAMETER = re.compile(r"(query|path|cookie) parameter '([^']+)'")
NOT_NAMES = {"items", "oneOf", "anyOf", "allOf", "additionalProperties", "not", "prefixItems"}


class Subject(Struct, frozen=True):
    """What a finding is about, as relevance matches it: operation, side, body path."""

    operation: str | None
    side: str  # request | response
    path: tuple[str, ...] = ()  # property names from the body root
    schema: str | None = None  # component schema the pointer is in
    schema_path: tuple[str, ...] = ()  # property names inside that schema
    header: str | None = None  # lower case
    values: tuple[str, ...] = ()  # enum values the change removed or added
    parameter: str | None = None  # "query limit": a parameter other than a header


def body_path(display: str) -> tuple[str, ...]:
    """'messages[](role=user).content' -> ('messages', 'content')."""
    text = re.sub(r"\([^)]*\)|\[\]|\{\*\}", "", display)
    return tuple(p for p in text.split(".") if p)


def schema_path(pointer: str | None) -> tuple[str | None, tuple[str, ...]]:
    """'/components/schemas/A/properties/x/items/properties/y' -> ('A', ('x', 'y'))."""
    if not pointer or not pointer.startswith("/components/schemas/"):
        return None, ()
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[3:]]
    names = tuple(parts[i + 1] for i in range(len(parts) - 1) if parts[i] == "properties")
    return (parts[0] if parts else None), names


def _values(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ()


def subject_of(finding: Finding) -> Subject:
    loc = finding.location
    side = "response" if finding.code.startswith("response-") else "request"
    prop = PROPERTY.search(finding.message)
    header = HEADER.search(finding.message)
    param = PARAMETER.search(finding.message)
    schema, inside = schema_path(loc.pointer)
    values = _values(finding.before) + _values(finding.after) if "enum-value" in finding.code else ()
    return Subject(operation=loc.operation, side=side, path=body_path(prop.group(1)) if prop else (),
                   schema=schema, schema_path=inside, header=header.group(1).lower() if header else None,
                   values=values, parameter=" ".join(param.groups()) if param else None)


def related(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One path is the other or contains it (a change to `tools` touches `tools.function`)."""
    n = min(len(a), len(b))
    return n > 0 and a[:n] == b[:n]


def ends_with(path: tuple[str, ...], tail: tuple[str, ...]) -> bool:
    return bool(tail) and len(path) >= len(tail) and path[len(path) - len(tail):] == tail
