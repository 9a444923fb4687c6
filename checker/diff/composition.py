"""`normalise(raw, pointer, resolve)`: a JSON Schema object as a `Node`, compositions resolved.

`anyOf [.., {type: null}]` becomes a nullable member; `allOf [{$ref}, {description}]`
becomes the `$ref`; other `allOf`s are merged into one object (a property two members define
must satisfy both copies); a union of single values is the enum of them. Schemas without
composition keywords are shape.py's.
"""
from __future__ import annotations

from typing import Any, Mapping

from checker.api.problems import MAX_DEPTH
from checker.diff.schema import Child, Node, Raw, Resolver, constraint_keys, is_null_schema, is_trivial
from checker.diff.shape import plain_node

COMPOSITION = frozenset({"$ref", "allOf", "anyOf", "oneOf"})


def normalise(raw: Raw, pointer: str, resolve: Resolver | None = None, depth: int = 0) -> Node:
    if type(raw) is dict and raw and depth <= MAX_DEPTH:  # the usual cases first, then the same tests in full
        if raw.keys().isdisjoint(COMPOSITION):
            return plain_node(raw, pointer)
        if len(raw) == 1 and type(raw.get("$ref")) is str:  # the most common composition: a bare $ref
            return Node(pointer, ref=raw["$ref"])
    if depth > MAX_DEPTH:  # allOf/anyOf nested past what the model walks: accept anything
        return Node(pointer, nullable=True)
    if raw is True or (isinstance(raw, dict) and not raw):
        return Node(pointer, nullable=True)
    if not isinstance(raw, dict):  # `false` or garbage: accepts nothing
        return Node(pointer, types=frozenset())
    if "$ref" in raw and not isinstance(raw["$ref"], str):  # malformed (problems.py reports it)
        raw = {k: v for k, v in raw.items() if k != "$ref"}
    if raw.keys().isdisjoint(COMPOSITION):
        return plain_node(raw, pointer)
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
    return plain_node(raw, pointer)


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
    return plain_node({**rest, "enum": values}, pointer)


def _merge_all_of(raw: dict[str, Any], pointer: str, resolve: Resolver | None, depth: int) -> Node:
    """allOf [Base, {extra properties}]: one object with the members' constraints merged."""
    own = {k: v for k, v in raw.items() if k != "allOf"}
    merged = plain_node(own, pointer)
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
