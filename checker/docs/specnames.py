"""The names a spec declares, for comparing with what the pages document: one walk of the document.

- properties: every property name (at any depth, request or response);
- enums: property name -> (pointer, string values) of each property whose schema is an enum
  (directly, through a `$ref`, or as the string branch of an anyOf/oneOf);
- headers: every header parameter and response header name, lower case.
Pointers are made only for the enum properties (from parent links): a pointer string per node
was most of the walk's cost.
"""
from __future__ import annotations

from typing import Any

from msgspec import Struct, field

from checker.api.pointer import escape, resolve

_MAX_DEPTH = 64


class SpecNames(Struct):
    properties: set[str] = field(default_factory=set)
    enums: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    headers: set[str] = field(default_factory=set)


def spec_names(spec: Any) -> SpecNames:
    names = SpecNames()
    if isinstance(spec, (dict, list)):
        _walk(spec, spec, None, 0, names)
    return names


def _walk(spec: Any, node: Any, link: Any, depth: int, names: SpecNames) -> None:
    if depth > _MAX_DEPTH:
        return
    if type(node) is list:
        for index, value in enumerate(node):
            if type(value) is dict or type(value) is list:
                _walk(spec, value, (link, index), depth + 1, names)
        return
    if node.get("in") == "header" and isinstance(node.get("name"), str):
        names.headers.add(node["name"].lower())
    key = link[1] if link is not None else None
    if key == "headers" and link[0] is not None and link[0][0] is not None and link[0][0][1] == "responses":
        names.headers.update(str(name).lower() for name in node)  # /responses/<status>/headers
    props = node.get("properties")
    if type(props) is dict and key != "properties":
        for name, schema in props.items():
            names.properties.add(str(name))
            values = enum_values(spec, schema)
            if values:
                names.enums.setdefault(str(name), []).append((_pointer(((link, "properties"), name)), values))
    for child_key, value in node.items():
        if type(value) is dict or type(value) is list:
            _walk(spec, value, (link, child_key), depth + 1, names)


def _pointer(link: Any) -> str:
    parts = []
    while link is not None:
        link, key = link
        parts.append(escape(key))
    return "".join("/" + p for p in reversed(parts))


def enum_values(spec: Any, schema: Any, depth: int = 0) -> tuple[str, ...]:
    if depth > 4 or not isinstance(schema, dict):
        return ()
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        try:
            return enum_values(spec, resolve(spec, ref[1:]), depth + 1)
        except (KeyError, IndexError, TypeError, ValueError):
            return ()
    if isinstance(schema.get("enum"), list):
        return tuple(v for v in schema["enum"] if isinstance(v, str))
    for key in ("anyOf", "oneOf"):
        for branch in schema.get(key) or []:
            values = enum_values(spec, branch, depth + 1)
            if values:
                return values
    return ()
