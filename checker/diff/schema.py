"""A schema's meaning, one level deep, with spelling differences normalised away.

`normalise(raw, pointer)` turns a JSON Schema object into a `Node`: 3.0 `nullable: true`,
3.1 `type: [T, "null"]`, `anyOf [.., {type: null}]` and `null` in `enum` all become
`nullable=True`; `allOf [{$ref}, {description}]` becomes the `$ref`; `const` becomes a
one-value enum; annotations (description, example, x-*) are dropped. Children stay raw
(with their JSON pointers) so only the places that are compared get normalised.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping

from checker.api.pointer import escape as esc
from checker.api.problems import MAX_DEPTH
from checker.diff.unions import fixed_value_key

Raw = Any  # a JSON Schema object (dict) or boolean schema
Child = tuple[Raw, str]  # raw schema and its JSON pointer in its document
Resolver = Callable[[str], "Child | None"]  # $ref -> (raw, pointer)

ANNOTATIONS = frozenset({
    "description", "title", "example", "examples", "externalDocs", "$comment", "discriminator",
    "xml", "$schema", "$id", "contentMediaType", "contentEncoding",
})
LIMITS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties",
          "minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
LIMITS_SET = frozenset(LIMITS)


class _EmptyMap(dict):
    """A shared read-only empty mapping: Node defaults without a new dict per node."""

    __slots__ = ()

    def __hash__(self) -> int:
        return 0

    def _read_only(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("the shared empty mapping is read-only")

    __setitem__ = __delitem__ = setdefault = pop = update = clear = popitem = _read_only


EMPTY: Mapping[str, Any] = _EmptyMap()
COMPOSITION = frozenset({"$ref", "allOf", "anyOf", "oneOf"})
SHAPE_KEYS = frozenset({"properties", "required", "additionalProperties", "items", "oneOf", "anyOf"})
NULL_KEY = "null"


# One encoder for all calls: json.dumps with options builds a new one per call.
_KEY_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def value_key(value: Any) -> str:
    return _KEY_ENCODER.encode(value)


@dataclass(slots=True)
class Node:
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


def normalise(raw: Raw, pointer: str, resolve: Resolver | None = None, depth: int = 0) -> Node:
    if depth > MAX_DEPTH:  # allOf/anyOf nested past what the model walks: accept anything
        return Node(pointer, nullable=True)
    if raw is True or (isinstance(raw, dict) and not raw):
        return Node(pointer, nullable=True)
    if not isinstance(raw, dict):  # `false` or garbage: accepts nothing
        return Node(pointer, types=frozenset())
    if "$ref" in raw and not isinstance(raw["$ref"], str):  # malformed (problems.py reports it)
        raw = {k: v for k, v in raw.items() if k != "$ref"}
    if raw.keys().isdisjoint(COMPOSITION):
        return _plain_node(raw, pointer)
    if len(raw) == 1 and "$ref" in raw:  # the most common composition: a bare $ref
        return Node(pointer, ref=raw["$ref"])
    keys = constraint_keys(raw)
    if "$ref" in raw:
        if set(keys) <= {"$ref", "nullable", "deprecated", "default"}:
            return _ref_node(raw, pointer)
        rest = {k: raw[k] for k in keys if k != "$ref"}
        return normalise({"allOf": [{"$ref": raw["$ref"]}, rest]}, pointer, resolve, depth + 1)
    if "allOf" in raw:
        collapsed = _collapse_all_of(raw, pointer, keys, resolve, depth)
        if collapsed is not None:
            return collapsed
        return _merge_all_of(raw, pointer, resolve, depth)
    for kind in ("anyOf", "oneOf"):
        if kind in raw:
            collapsed = _collapse_union(raw, pointer, kind, keys, resolve, depth) or \
                _values_union(raw, pointer, kind, keys)
            if collapsed is not None:
                return collapsed
    return _plain_node(raw, pointer)


def _ref_node(raw: dict[str, Any], pointer: str) -> Node:
    node = Node(pointer, ref=raw["$ref"], nullable=raw.get("nullable") is True,
                deprecated=raw.get("deprecated") is True)
    if "default" in raw:
        node.default, node.has_default = raw["default"], True
    return node


def _collapse_all_of(raw: dict[str, Any], pointer: str, keys: list[str],
                     resolve: Resolver | None, depth: int) -> Node | None:
    """allOf with one meaningful member (and nothing else at this level) is that member."""
    members = raw["allOf"]
    if not isinstance(members, list):
        return None
    real = [(i, m) for i, m in enumerate(members) if not is_trivial(m)]
    others = [k for k in keys if k not in ("allOf", "nullable", "deprecated", "type")]
    if len(real) != 1 or others:
        return None
    i, member = real[0]
    node = normalise(member, _member_pointer(raw, pointer, i), resolve, depth + 1)
    node.pointer = pointer if node.ref is None and POINTERS not in raw else node.pointer
    node.nullable = node.nullable or raw.get("nullable") is True or any(
        isinstance(m, dict) and m.get("nullable") is True for j, m in enumerate(members) if j != i)
    node.deprecated = node.deprecated or raw.get("deprecated") is True
    return node


def _collapse_union(raw: dict[str, Any], pointer: str, kind: str, keys: list[str],
                    resolve: Resolver | None, depth: int) -> Node | None:
    """anyOf/oneOf [X, {type: null}] is a nullable X; returns None if it stays a union."""
    members = raw[kind]
    if not isinstance(members, list):
        return None
    kept = [(i, m) for i, m in enumerate(members) if not is_null_schema(m)]
    if len(kept) == len(members) or len(kept) != 1:
        return None
    others = [k for k in keys if k not in (kind, "nullable", "deprecated", "default")]
    if others:
        return None
    i, member = kept[0]
    node = normalise(member, f"{pointer}/{kind}/{i}", resolve, depth + 1)
    node.nullable = True
    node.deprecated = node.deprecated or raw.get("deprecated") is True
    if "default" in raw:
        node.default, node.has_default = raw["default"], True
    return node


VALUE_KEYS = frozenset({"enum", "const", "type"})


def _values_union(raw: dict[str, Any], pointer: str, kind: str, keys: list[str]) -> Node | None:
    """A union of single values (`anyOf: [{const: a}, {enum: [b]}]`) is the enum of them."""
    members = raw[kind]
    if not isinstance(members, list) or any(k not in (kind, "nullable", "default", "deprecated")
                                            for k in keys):
        return None
    values: list[Any] = []
    for member in members:
        if not isinstance(member, dict):
            return None
        own = constraint_keys(member)
        if not own or not set(own) <= VALUE_KEYS or ("enum" not in own and "const" not in own):
            if is_null_schema(member):
                values.append(None)
                continue
            return None
        listed = [member["const"]] if "const" in member else member.get("enum")
        if not isinstance(listed, list):
            return None
        values += listed
    rest = {k: raw[k] for k in keys if k != kind}
    return _plain_node({**rest, "enum": values}, pointer)


def _merge_all_of(raw: dict[str, Any], pointer: str, resolve: Resolver | None, depth: int) -> Node:
    """allOf [Base, {extra properties}]: one object with the members' constraints merged."""
    own = {k: v for k, v in raw.items() if k != "allOf"}
    merged = _plain_node(own, pointer)
    members = [m for m in _all_of_members(raw, pointer, resolve, 0) if not is_trivial(m[0])]
    nodes = [normalise(m, p, resolve, depth + 1) for m, p in members]
    nodes = [n for n in nodes if n.ref is None]
    if nodes and "nullable" not in own and "type" not in own:
        merged.nullable = all(n.nullable for n in nodes)
    for n in nodes:
        if n.types is not None:
            merged.types = n.types if merged.types is None else merged.types & n.types
        merged.props = _merge_props(merged.props, n.props)
        merged.required |= n.required
        if n.enum is not None:
            merged.enum = n.enum if merged.enum is None else {
                k: v for k, v in merged.enum.items() if k in n.enum}
        merged.limits = {**n.limits, **merged.limits}
        if n.addl is False or merged.addl is None:
            merged.addl = n.addl
        merged.items = merged.items or n.items
        if not merged.union and n.union:
            merged.union, merged.union_kind = n.union, n.union_kind
        merged.pattern = merged.pattern or n.pattern
        merged.multiple_of = merged.multiple_of or n.multiple_of
        merged.unique_items = merged.unique_items or n.unique_items
        merged.format = merged.format or n.format
        merged.deprecated = merged.deprecated or n.deprecated
    return merged


POINTERS = "x-checker-pointers"  # where the members of a merged property copy live


def _merge_props(first: Mapping[str, Child], more: Mapping[str, Child]) -> Mapping[str, Child]:
    """Properties of two allOf members; a property both define must satisfy both copies,
    so it becomes an allOf of the copies (each keeping its own pointer)."""
    if not first or not more:
        return more or first
    out = dict(first)
    for name, child in more.items():
        had = out.get(name)
        if had is None:
            out[name] = child
        elif had[0] != child[0]:
            (raws_a, ptrs_a), (raws_b, ptrs_b) = _copies(had), _copies(child)
            out[name] = ({"allOf": raws_a + raws_b, POINTERS: ptrs_a + ptrs_b}, had[1])
    return out


def _copies(child: Child) -> tuple[list[Raw], list[str]]:
    raw, ptr = child
    if isinstance(raw, dict) and POINTERS in raw:
        return list(raw["allOf"]), list(raw[POINTERS])
    return [raw], [ptr]


def _member_pointer(raw: dict[str, Any], pointer: str, i: int) -> str:
    ptrs = raw.get(POINTERS)
    return ptrs[i] if isinstance(ptrs, list) and i < len(ptrs) else f"{pointer}/allOf/{i}"


def _all_of_members(raw: dict[str, Any], pointer: str, resolve: Resolver | None,
                    depth: int) -> list[Child]:
    """allOf members with $refs resolved and nested allOf flattened (bounded for cycles)."""
    out: list[Child] = []
    members = raw.get("allOf")
    for i, member in enumerate(members if isinstance(members, list) else ()):
        mp = _member_pointer(raw, pointer, i)
        if isinstance(member, dict) and "$ref" in member and resolve and depth < 8:
            target = resolve(member["$ref"])
            if target is None:
                continue
            member, mp = target
        if isinstance(member, dict) and "allOf" in member and depth < 8:
            out.extend(_all_of_members(member, mp, resolve, depth + 1))
            rest = {k: v for k, v in member.items() if k != "allOf"}
            if not is_trivial(rest):
                out.append((rest, mp))
        else:
            out.append((member, mp))
    return out


def _plain_node(raw: dict[str, Any], pointer: str) -> Node:
    get = raw.get
    node = Node(pointer, nullable=get("nullable") is True, deprecated=get("deprecated") is True,
                pattern=get("pattern"), format=get("format"))
    if "type" in raw:
        _set_types(node, raw)
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
