"""The names a spec declares, for comparing with what the pages document: one walk of the document.

- properties: every property name (at any depth, request or response) -> the first pointer;
- enums: property name -> (pointer, string values) of each property whose schema is an enum
  (directly, through a `$ref`, or as the string branch of an anyOf/oneOf);
- headers: lower-case header name -> (name as spelled, pointer) of every header parameter and
  response header.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.api.pointer import escape, resolve

_MAX_DEPTH = 64


@dataclass
class SpecNames:
    properties: dict[str, str] = field(default_factory=dict)
    enums: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    headers: dict[str, tuple[str, str]] = field(default_factory=dict)


def spec_names(spec: Any) -> SpecNames:
    names = SpecNames()
    stack: list[tuple[Any, str, int]] = [(spec, "", 0)]
    while stack:
        node, pointer, depth = stack.pop()
        if depth > _MAX_DEPTH:
            continue
        if isinstance(node, dict):
            _note(spec, node, pointer, names)
            stack.extend((v, f"{pointer}/{escape(k)}", depth + 1) for k, v in node.items()
                         if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, f"{pointer}/{i}", depth + 1) for i, v in enumerate(node) if isinstance(v, (dict, list)))
    return names


def _note(spec: Any, node: dict[str, Any], pointer: str, names: SpecNames) -> None:
    if node.get("in") == "header" and isinstance(node.get("name"), str):
        names.headers.setdefault(node["name"].lower(), (node["name"], pointer))
    if pointer.endswith("/headers") and "/responses/" in pointer:
        for name in node:
            names.headers.setdefault(str(name).lower(), (str(name), f"{pointer}/{escape(name)}"))
    props = node.get("properties")
    if isinstance(props, dict) and not pointer.endswith("/properties"):
        for name, schema in props.items():
            here = f"{pointer}/properties/{escape(name)}"
            names.properties.setdefault(str(name), here)
            values = enum_values(spec, schema)
            if values:
                names.enums.setdefault(str(name), []).append((here, values))


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
