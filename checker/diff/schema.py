"""A schema's meaning, one level deep: the normalised `Node` and what the diff asks of it.

composition.py turns a raw JSON Schema object into a `Node` (`normalise`), shape.py reads a
schema without composition keywords. Children stay raw (with their JSON pointers) so only
the places that are compared get normalised.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Mapping

from msgspec import Struct

from checker.diff.unions import fixed_value_key

Raw = Any  # a JSON Schema object (dict) or boolean schema
Child = tuple[Raw, str]  # raw schema and its JSON pointer in its document
Resolver = Callable[[str], "Child | None"]  # $ref -> (raw, pointer)

ANNOTATIONS = frozenset({
    "description", "title", "example", "examples", "externalDocs", "$comment", "discriminator",
    "xml", "$schema", "$id", "contentMediaType", "contentEncoding",
})


class _EmptyMap(dict):
    """A shared read-only empty mapping: Node defaults without a new dict per node."""

    __slots__ = ()

    def __hash__(self) -> int:
        return 0

    def _read_only(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("the shared empty mapping is read-only")

    __setitem__ = __delitem__ = setdefault = pop = update = clear = popitem = _read_only


EMPTY: Mapping[str, Any] = _EmptyMap()


# One encoder for all calls: json.dumps with options builds a new one per call.
_KEY_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def value_key(value: Any) -> str:
    return _KEY_ENCODER.encode(value)


class Node(Struct):
    pointer: str
    ref: str | None = None  # the $ref target when the schema is (meaningfully) just a $ref
    types: frozenset[str] | None = None  # None: any type; "null" is never in here
    nullable: bool = False
    enum: dict[str, Any] | None = None  # value_key -> value, null excluded
    props: Mapping[str, Child] = EMPTY  # shared empties: cheap to create, never mutated
    required: frozenset[str] = frozenset()
    addl: Child | bool | None = None  # None/True: open; False: closed; a schema
    items: Child | None = None
    union: tuple[Child, ...] = ()  # oneOf/anyOf members (null removed)
    union_kind: str = ""  # "one-of" | "any-of"
    tag: str | None = None  # the union's discriminator propertyName
    mapping: dict[str, str] | None = None  # its discriminator mapping (value -> $ref)
    limits: Mapping[str, Any] = EMPTY
    pattern: str | None = None
    format: str | None = None
    default: Any = None
    has_default: bool = False
    deprecated: bool = False
    multiple_of: float | None = None
    unique_items: bool = False


def is_null_schema(raw: Raw) -> bool:
    if not isinstance(raw, dict) or "$ref" in raw or "properties" in raw:
        return False
    kind = raw.get("type")
    if kind is not None and kind != "null" and kind != ["null"]:
        return False  # the quick answers first: most members are $refs or typed shapes
    rest = {k: v for k, v in raw.items() if k not in ANNOTATIONS and not k.startswith("x-")}
    if rest.get("type") == "null" or rest.get("type") == ["null"]:
        return len(rest) == 1
    # {nullable: true} alone is how 3.0-style specs spell the null member of a union
    return rest in ({"enum": [None]}, {"const": None}, {"nullable": True})


def is_trivial(raw: Raw) -> bool:
    """An allOf member that adds nothing: annotations only, or an empty object shape.
    (`{nullable: true}` counts too; the caller keeps its nullability.)"""
    if raw is True:
        return True
    if not isinstance(raw, dict):
        return False
    rest = {k: v for k, v in raw.items() if k not in ANNOTATIONS and not k.startswith("x-")}
    if rest.get("nullable") is True:
        rest.pop("nullable")
    if rest.get("type") == "object":
        rest.pop("type")
    if rest.get("properties") == {}:
        rest.pop("properties")
    return not rest


def follows_refs(raw: Raw) -> bool:
    """Normalising `raw` reads $ref targets (allOf members are merged in), so the same
    text can mean different things in two specs."""
    return isinstance(raw, dict) and ("allOf" in raw or ("$ref" in raw and len(raw) > 1))


def constraint_keys(raw: dict[str, Any]) -> list[str]:
    return [k for k in raw if k not in ANNOTATIONS and not k.startswith("x-")]


def is_bare(node: Node) -> bool:
    """A schema that constrains nothing but its type."""
    return (node.ref is None and node.enum is None and not node.limits and node.pattern is None
            and not node.props and not node.required and node.addl is not False and node.items is None
            and not node.union and node.multiple_of is None and not node.unique_items
            and not isinstance(node.addl, tuple))


UNIONS = ("allOf", "anyOf", "oneOf")


def may_be_bare(raw: Raw, resolve: Resolver, hops: int = 16) -> bool:
    """False only when the member `raw`, normalised and its $refs followed (as variants.py's
    `_plain_member` does), is surely not `is_bare`: it has properties, items or listed values.
    Read from the raw schema, so a union of objects is not normalised just to learn that."""
    for _ in range(hops):
        if not isinstance(raw, dict) or not raw.keys().isdisjoint(UNIONS):
            return True
        ref = raw.get("$ref")
        if ref is None:
            props = raw.get("properties")
            return not ((isinstance(props, dict) and props) or isinstance(raw.get("items"), (dict, bool))
                        or isinstance(raw.get("enum"), list) or "const" in raw)
        target = resolve(ref) if isinstance(ref, str) and len(raw) == 1 else None
        if target is None:
            return True
        raw = target[0]
    return True


def type_key(node: Node) -> str:
    return "|".join(sorted(node.types)) if node.types else "any"


def covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    """Every value of type set `narrow` is also of `wide` (integer is a number)."""
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def component_name(pointer: str) -> str:
    return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


def discriminator_key(raw: Raw, resolve: Any, tag: str | None = None, depth: int = 0) -> str | None:
    """A union member's identity: the first property fixed to one value (e.g. type=function)."""
    if not isinstance(raw, dict) or depth > 4:
        return None
    if "$ref" in raw:
        target = resolve(raw["$ref"])
        return discriminator_key(target[0], resolve, tag, depth + 1) if target else None
    props = raw.get("properties")
    if isinstance(props, dict):
        fixed = fixed_value_key(props, tag)
        if fixed:
            return fixed
    members = raw.get("allOf")
    for member in members if isinstance(members, list) else ():
        key = discriminator_key(member, resolve, tag, depth + 1)
        if key:
            return key
    return None
