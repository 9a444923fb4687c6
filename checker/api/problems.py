"""Malformed nodes of a document that parses: what the model reads as absent, listed.

One iterative walk (no recursion, depth-capped) finds nodes of the wrong shape where the
OpenAPI structure is known (`tags: [null]`, `summary: 5`, `components: true`), `$ref`s that
are not strings, dangle or only lead back to themselves, schema `type`s that are not type
names, and nesting deeper than MAX_DEPTH. Data (examples, enums, defaults, x-*) is skipped.
"""
from __future__ import annotations

from typing import Any

from msgspec import Struct

from checker.api.pointer import escape, resolve
from checker.urls import HTTP_METHODS

MAX_DEPTH = 64  # the real spec nests 21 levels; deeper than this is not walked (a finding)
MAX_PROBLEMS = 50
DATA_KEYS = frozenset({"example", "examples", "enum", "const", "default"})
NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "schemas",
                       "responses", "parameters", "headers", "requestBodies", "securitySchemes",
                       "content", "paths", "callbacks", "links", "encoding", "mapping", "variables"})
TYPE_NAMES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})
SCALAR_KINDS = {"summary": str, "operationId": str, "description": str, "deprecated": bool}
OBJECT_KEYS = ("components", "info", "paths")
LIST_KEYS = ("servers", "security", "tags")


class Problem(Struct, frozen=True):
    code: str  # spec-malformed-node | spec-ref-unresolved | spec-ref-cycle | spec-too-deep
    pointer: str
    message: str


def find_problems(doc: Any) -> list[Problem]:
    if not isinstance(doc, dict):
        return [Problem("spec-malformed-node", "", "the document is not an object")]
    found: list[Problem] = []
    for key in OBJECT_KEYS:
        if key in doc and not isinstance(doc[key], dict):
            found.append(_wrong(f"/{key}", doc[key], "an object"))
    for key in LIST_KEYS:
        if key in doc and not isinstance(doc[key], list):
            found.append(_wrong(f"/{key}", doc[key], "a list"))
    found += _components(doc.get("components"))
    found += _operations(doc.get("paths"))
    found += _walk(doc)
    return found[:MAX_PROBLEMS]


def _wrong(pointer: str, value: Any, wanted: str) -> Problem:
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return Problem("spec-malformed-node", pointer, f"{pointer} should be {wanted}, not {shown[:60]}")


def _components(components: Any) -> list[Problem]:
    if not isinstance(components, dict):
        return []
    return [_wrong(f"/components/{escape(kind)}", value, "an object")
            for kind, value in components.items() if not isinstance(value, dict)]


def _operations(paths: Any) -> list[Problem]:
    found: list[Problem] = []
    for path, item in (paths.items() if isinstance(paths, dict) else ()):
        ptr = f"/paths/{escape(path)}"
        if not isinstance(item, dict):
            found.append(_wrong(ptr, item, "a path item object"))
            continue
        for method in HTTP_METHODS:
            if method in item:
                found += _operation(item[method], f"{ptr}/{method}")
        if "parameters" in item:
            found += _parameters(item["parameters"], f"{ptr}/parameters")
    return found


def _operation(op: Any, ptr: str) -> list[Problem]:
    if not isinstance(op, dict):
        return [_wrong(ptr, op, "an operation object")]
    found = [_wrong(f"{ptr}/{key}", op[key], f"a {kind.__name__}")
             for key, kind in SCALAR_KINDS.items() if key in op and not isinstance(op[key], kind)]
    tags = op.get("tags", [])
    if not isinstance(tags, list):
        found.append(_wrong(f"{ptr}/tags", tags, "a list of strings"))
    else:
        found += [_wrong(f"{ptr}/tags/{i}", t, "a string") for i, t in enumerate(tags) if not isinstance(t, str)]
    if "parameters" in op:
        found += _parameters(op["parameters"], f"{ptr}/parameters")
    for key, wanted in (("responses", "an object"), ("requestBody", "an object"), ("security", "a list")):
        kind = list if wanted == "a list" else dict
        if key in op and not isinstance(op[key], kind):
            found.append(_wrong(f"{ptr}/{key}", op[key], wanted))
    return found


def _parameters(params: Any, ptr: str) -> list[Problem]:
    if not isinstance(params, list):
        return [_wrong(ptr, params, "a list")]
    found = []
    for i, param in enumerate(params):
        if not isinstance(param, dict):
            found.append(_wrong(f"{ptr}/{i}", param, "a parameter object"))
        elif "$ref" not in param and not isinstance(param.get("name"), str):
            found.append(_wrong(f"{ptr}/{i}/name", param.get("name"), "a string"))
    return found


def _walk(doc: dict[str, Any]) -> list[Problem]:
    """`$ref`s, schema types and depth, everywhere outside data."""
    found: list[Problem] = []
    stack: list[tuple[Any, str, int, bool]] = [(doc, "", 0, False)]  # node, pointer, depth, is a name map
    while stack and len(found) < MAX_PROBLEMS:
        node, ptr, depth, names = stack.pop()
        if depth > MAX_DEPTH:
            found.append(Problem("spec-too-deep", ptr, f"{ptr} is nested more than {MAX_DEPTH} levels deep; "
                                 "the part below is not compared or checked"))
            continue
        if isinstance(node, dict):
            if not names:
                found += _node_checks(doc, node, ptr)
            for key, value in node.items():
                if isinstance(value, (dict, list)) and (names or not (key in DATA_KEYS or str(key).startswith("x-"))):
                    stack.append((value, f"{ptr}/{escape(key)}", depth + 1, not names and key in NAME_MAPS))
        elif isinstance(node, list):
            stack.extend((v, f"{ptr}/{i}", depth + 1, False) for i, v in enumerate(node)
                         if isinstance(v, (dict, list)))
    return found


def _node_checks(doc: dict[str, Any], node: dict[str, Any], ptr: str) -> list[Problem]:
    found = []
    if "$ref" in node:
        found += _ref_problem(doc, node["$ref"], ptr)
    kind = node.get("type")
    if "type" in node and not _type_ok(kind):
        found.append(_wrong(f"{ptr}/type", kind, "a type name or a list of type names"))
    return found


def _type_ok(kind: Any) -> bool:
    if isinstance(kind, str):
        return True  # security schemes have their own type names ("http", "apiKey")
    return isinstance(kind, list) and all(isinstance(k, str) and k in TYPE_NAMES for k in kind)


def _ref_problem(doc: dict[str, Any], ref: Any, ptr: str) -> list[Problem]:
    at = f"{ptr}/$ref"
    if not isinstance(ref, str):
        return [_wrong(at, ref, "a reference string")]
    if not ref.startswith("#"):
        return []  # external references are allowed; the tool does not follow them
    seen = {ptr}
    target = ref
    while True:
        pointer = target[1:]
        node = resolve(doc, pointer) if pointer not in ("", "/") else None
        if node is None:
            return [Problem("spec-ref-unresolved", at, f"{at} points at {target!r}, which does not exist")]
        if pointer in seen:
            return [Problem("spec-ref-cycle", at, f"{at} leads into a loop of $refs that never reaches a schema")]
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#")):
            return []
        seen.add(pointer)
        target = node["$ref"]
