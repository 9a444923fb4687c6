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


Place = tuple  # (the parent's Place, key or index), None at the root: a pointer built only when reported


def _walk(doc: dict[str, Any]) -> list[Problem]:
    """`$ref`s, schema types and depth, everywhere outside data."""
    found: list[Problem] = []
    refs: dict[str, tuple[str, str] | None] = {"": None}  # a $ref's problem: the same anywhere it is written
    stack: list[tuple[Any, Place | None, int, bool]] = [(doc, None, 0, False)]  # node, place, depth, in a name map
    pop, push = stack.pop, stack.append
    while stack and len(found) < MAX_PROBLEMS:
        node, place, depth, names = pop()
        if depth > MAX_DEPTH:
            ptr = _pointer(place)
            found.append(Problem("spec-too-deep", ptr, f"{ptr} is nested more than {MAX_DEPTH} levels deep; "
                                 "the part below is not compared or checked"))
            continue
        depth += 1
        if isinstance(node, list):
            for i, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    push((value, (place, i), depth, False))
        elif names:
            for key, value in node.items():
                if isinstance(value, (dict, list)):
                    push((value, (place, key), depth, False))
        else:
            ref = node.get("$ref", "")  # the checks' cheap test: no $ref or a known good one, no odd type
            if not (type(ref) is str and refs.get(ref, 0) is None and isinstance(node.get("type", ""), str)):
                found += _node_checks(doc, node, place, refs)
            for key, value in node.items():
                if isinstance(value, (dict, list)) and not (key in DATA_KEYS or str(key).startswith("x-")):
                    push((value, (place, key), depth, key in NAME_MAPS))
    return found


def _pointer(place: Place | None) -> str:
    tokens = []
    while place is not None:
        place, key = place
        tokens.append(escape(key))
    return "".join(f"/{token}" for token in reversed(tokens))


def _node_checks(doc: dict[str, Any], node: dict[str, Any], place: Place | None,
                 refs: dict[str, tuple[str, str] | None]) -> list[Problem]:
    found = []
    if "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str):
            found.append(_wrong(f"{_pointer(place)}/$ref", ref, "a reference string"))
        else:
            if ref not in refs:
                refs[ref] = _ref_problem(doc, ref)
            if refs[ref] is not None:
                code, said = refs[ref]
                at = f"{_pointer(place)}/$ref"
                found.append(Problem(code, at, at + said))
    kind = node.get("type")
    if "type" in node and not _type_ok(kind):
        found.append(_wrong(f"{_pointer(place)}/type", kind, "a type name or a list of type names"))
    return found


def _type_ok(kind: Any) -> bool:
    if isinstance(kind, str):
        return True  # security schemes have their own type names ("http", "apiKey")
    return isinstance(kind, list) and all(isinstance(k, str) and k in TYPE_NAMES for k in kind)


def _ref_problem(doc: dict[str, Any], ref: str) -> tuple[str, str] | None:
    """(code, message after the pointer of the `$ref`) of a reference string that dangles or only loops; None
    when it reaches a node. Found from the reference alone: a chain back to the node holding it
    is a loop whether or not that node is counted as visited first."""
    if not ref.startswith("#"):
        return None  # external references are allowed; the tool does not follow them
    seen: set[str] = set()
    target = ref
    while True:
        pointer = target[1:]
        node = resolve(doc, pointer) if pointer not in ("", "/") else None
        if node is None:
            return "spec-ref-unresolved", f" points at {target!r}, which does not exist"
        if pointer in seen:
            return "spec-ref-cycle", " leads into a loop of $refs that never reaches a schema"
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#")):
            return None
        seen.add(pointer)
        target = node["$ref"]
