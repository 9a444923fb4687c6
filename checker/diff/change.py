"""The raw result of comparing two schemas: `Change` records, and helpers on them."""
from __future__ import annotations

import json
from typing import Any

from msgspec import Struct

from checker.diff.schema import Node

REQUEST, RESPONSE = "request", "response"
Path = tuple[str, ...]
IN_OLD = frozenset({"property-removed", "one-of-removed", "any-of-removed"})  # pointer in the old spec


class Change(Struct):
    what: str  # e.g. "property-removed", "enum-value-added", "type-changed"
    path: Path  # property path from the compared root ("[]" items, "{*}" map values, "(x)" variant)
    pointer: str  # the changed place: new document, or old document for removals
    before: Any = None
    after: Any = None
    required: bool = False  # added/removed property: is/was it required
    open_enum: bool = False  # the enum is listed as open (values come and go)
    hidden: str = ""  # "readOnly"/"writeOnly": the property exists on one side of the wire only
    covered: bool = False  # inside a union member another member accepts as a whole: advisory


def relabel(c: Change, prefix: Path) -> Change:
    """`c` reached through `prefix` (a memoised component change seen from a caller)."""
    return Change(c.what, prefix + c.path, c.pointer, c.before, c.after, c.required, c.open_enum,
                  c.hidden, c.covered)


def nullability(new: Node, path: Path) -> Change:
    return Change("became-nullable" if new.nullable else "became-not-nullable", path, new.pointer)


def visibility(raw: Any) -> str:
    if isinstance(raw, dict):
        if raw.get("readOnly") is True:
            return "readOnly"
        if raw.get("writeOnly") is True:
            return "writeOnly"
    return ""


def dedupe(changes: list[Change]) -> list[Change]:
    """One change per (kind, place): the one reached by the shortest property path."""
    best: dict[tuple[str, str], Change] = {}
    for c in changes:
        key = (c.what, c.pointer)
        cur = best.get(key)
        if cur is None or (len(c.path), c.path) < (len(cur.path), cur.path):
            best[key] = c
    return list(best.values())


# What json.dumps(value, default=str) would build anew on every call.
_SMALL_ENCODER = json.JSONEncoder(default=str)


def small(value: Any, limit: int = 200) -> Any:
    """Keep report values small: big structures become a short note."""
    text = _SMALL_ENCODER.encode(value)
    return value if len(text) <= limit else f"{text[:limit]}..."
