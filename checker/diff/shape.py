"""One schema object without composition keywords (no $ref, allOf, anyOf, oneOf) as a `Node`.

Spelling differences are normalised away: 3.0 `nullable: true`, 3.1 `type: [T, "null"]` and
`null` in `enum` all become `nullable=True`; `const` becomes a one-value enum; bounds that only
restate the JSON number range are dropped; annotations (description, example, x-*) are ignored.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from checker.api.pointer import escape as esc
from checker.diff.schema import ANNOTATIONS, Child, Node, Raw, constraint_keys, is_null_schema, value_key

LIMITS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties",
          "minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
LIMITS_SET = frozenset(LIMITS)
SHAPE_KEYS = frozenset({"properties", "required", "additionalProperties", "items", "oneOf", "anyOf"})
# A schema of only these keys (`{type: string, description: ...}`, the most common) has nothing more to read
# than its type and the flags Node() is built with.
TYPE_ONLY_KEYS = ANNOTATIONS | {"type", "nullable", "deprecated", "pattern", "format"}
NULL_KEY = "null"


def plain_node(raw: dict[str, Any], pointer: str) -> Node:
    get = raw.get
    node = Node(pointer, nullable=get("nullable") is True, deprecated=get("deprecated") is True,
                pattern=get("pattern"), format=get("format"))
    if "type" in raw:
        _set_types(node, raw)
    if raw.keys() <= TYPE_ONLY_KEYS:
        if node.types is None:
            node.nullable = True  # no type constraint: null is one of the values it accepts
        return node
    if "enum" in raw or "const" in raw:
        _set_enum(node, raw)
    if not raw.keys().isdisjoint(SHAPE_KEYS):
        _set_shape(node, raw, pointer)
    if not raw.keys().isdisjoint(LIMITS_SET):
        _set_limits(node, raw)
    if "default" in raw:
        node.default, node.has_default = raw["default"], True
    step = get("multipleOf")
    if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
        node.multiple_of = step
    node.unique_items = get("uniqueItems") is True
    if node.types is None:
        _infer_types(node, raw)
        if node.types is None and node.enum is None and not node.union:
            node.nullable = True  # no type constraint: null is one of the values it accepts
    return node


def _set_shape(node: Node, raw: dict[str, Any], pointer: str) -> None:
    """Properties, required, additionalProperties, items and union members."""
    get = raw.get
    props = get("properties")
    if isinstance(props, dict) and props:
        base = f"{pointer}/properties/"
        if _plain_names(props):
            node.props = {name: (sub, base + name) for name, sub in props.items()}
        else:
            node.props = {name: (sub, base + esc(name)) for name, sub in props.items()}
    req = get("required")
    if isinstance(req, list):
        node.required = frozenset(r for r in req if isinstance(r, str))
    addl = get("additionalProperties")
    if addl is False:
        node.addl = False
    elif isinstance(addl, dict) and addl:
        node.addl = (addl, f"{pointer}/additionalProperties")
    items = get("items")
    if isinstance(items, (dict, bool)):
        node.items = (items, f"{pointer}/items")
    if "oneOf" in raw or "anyOf" in raw:
        _set_union(node, raw)


def _plain_names(props: dict[str, Any]) -> bool:
    """No property name needs escaping (the usual case), checked for all names at once."""
    try:
        names = "".join(props)
    except TypeError:  # a name that is not a string (YAML allows them): esc() converts it
        return False
    return "/" not in names and "~" not in names


def _set_types(node: Node, raw: dict[str, Any]) -> None:
    t = raw.get("type")
    if t is None:
        return
    if isinstance(t, str) and t != NULL_KEY:
        node.types = _single_type(t)
        return
    if not isinstance(t, (str, list)):  # malformed (problems.py reports it): no type constraint
        return
    names = {t} if isinstance(t, str) else {x for x in t if isinstance(x, str)}
    if NULL_KEY in names:
        node.nullable = True
        names.discard(NULL_KEY)
    node.types = frozenset(names)


@lru_cache(maxsize=64)
def _single_type(name: str) -> frozenset[str]:
    return frozenset((name,))


def _set_enum(node: Node, raw: dict[str, Any]) -> None:
    values = raw.get("enum")
    if "const" in raw:
        values = [raw["const"]]
    if not isinstance(values, list):
        return
    if None in values:
        node.nullable = True
    node.enum = {value_key(v): v for v in values if v is not None}


def _set_union(node: Node, raw: dict[str, Any]) -> None:
    members: list[Child] = []
    for kind, label in (("oneOf", "one-of"), ("anyOf", "any-of")):
        listed = raw.get(kind)
        if not isinstance(listed, list):
            continue
        for i, m in enumerate(listed):
            _add_member(node, members, m, f"{node.pointer}/{kind}/{i}", 0)
        node.union_kind = node.union_kind or label
    node.union = tuple(members)
    disc = raw.get("discriminator")
    if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
        node.tag = disc["propertyName"]
        found = disc.get("mapping")
        if isinstance(found, dict):
            node.mapping = {str(k): v for k, v in found.items() if isinstance(v, str)}


def _add_member(node: Node, members: list[Child], raw: Raw, pointer: str, depth: int) -> None:
    """A union member; a nested union with nothing else (`oneOf: [a, {oneOf: [b, c]}]`)
    is flattened into its parent: it accepts the same values."""
    if is_null_schema(raw):
        node.nullable = True
        return
    own = constraint_keys(raw) if isinstance(raw, dict) else ()
    nested = [k for k in ("oneOf", "anyOf") if k in own]
    if depth < 8 and len(nested) == 1 and len(own) == 1 and isinstance(raw[nested[0]], list):
        for j, sub in enumerate(raw[nested[0]]):
            _add_member(node, members, sub, f"{pointer}/{nested[0]}/{j}", depth + 1)
        return
    members.append((raw, pointer))


def _set_limits(node: Node, raw: dict[str, Any]) -> None:
    limits: dict[str, Any] = {}
    for key in LIMITS:
        value = raw.get(key)
        if isinstance(value, bool):  # OpenAPI 3.0 boolean exclusiveMinimum/Maximum
            base = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and isinstance(raw.get(base), (int, float)):
                limits[key] = raw[base]
                limits.pop(base, None)
            continue
        if isinstance(value, (int, float)) and not (key in ("minimum", "maximum") and raw.get(
                "exclusive" + key[0].upper() + key[1:]) is True) and not _number_range(key, value):
            limits[key] = value
    node.limits = limits


SAFE_INTEGER = 2 ** 53 - 1


def _number_range(key: str, value: float) -> bool:
    """A bound at or past +-(2^53-1) only restates what JSON numbers carry safely."""
    if key in ("maximum", "exclusiveMaximum"):
        return value >= SAFE_INTEGER
    if key in ("minimum", "exclusiveMinimum"):
        return value <= -SAFE_INTEGER
    return key in ("maxLength", "maxItems", "maxProperties") and value >= SAFE_INTEGER


def _infer_types(node: Node, raw: dict[str, Any]) -> None:
    """No `type` but an obvious shape: take the shape's type (avoids false type changes)."""
    if node.types is not None or node.union:
        return
    if node.props or "additionalProperties" in raw:
        node.types = frozenset({"object"})
    elif node.items is not None:
        node.types = frozenset({"array"})
    elif node.enum:
        kinds = {_json_type(v) for v in node.enum.values()}
        node.types = frozenset(kinds)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
