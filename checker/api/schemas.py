"""Walking schemas of the model the way a client sees them: properties, enums, types.

A schema position is a `Node` (JSON pointer, schema). Properties are looked up through `$ref`,
`allOf`/`anyOf`/`oneOf` and array `items`, so `plugins.pdf.engine` reaches the engine of the
file-parser plugin inside the `plugins` array's oneOf. Walks are iterative and visit each
pointer once, so cycles and deep nesting end.
"""
from __future__ import annotations

from typing import Any, Iterator
from urllib.parse import urlsplit

from msgspec import Struct
from msgspec.structs import replace

from checker.api.model import Operation, Spec, mapping, pick_media
from checker.api.pointer import escape

COMBINATORS = ("allOf", "anyOf", "oneOf")


class Node(Struct, frozen=True):
    pointer: str
    schema: Any


def deref(spec: Spec, node: Node) -> Node:
    """Follow `$ref`s (with or without siblings) to a schema without one; loops end."""
    schema, pointer = spec.follow(node.schema, node.pointer)
    return node if schema is node.schema else Node(pointer, schema)


def expand(spec: Spec, node: Node) -> Iterator[Node]:
    """The node and every schema it stands for: $ref targets, combinator branches, array items."""
    stack, seen = [node], set()
    while stack:
        current = deref(spec, stack.pop())
        if current.pointer in seen or not isinstance(current.schema, dict):
            continue
        seen.add(current.pointer)
        yield current
        schema = current.schema
        for key in COMBINATORS:
            branches = schema.get(key)
            for i, branch in enumerate(branches if isinstance(branches, list) else ()):
                stack.append(Node(f"{current.pointer}/{key}/{i}", branch))
        if isinstance(schema.get("items"), dict):
            stack.append(Node(f"{current.pointer}/items", schema["items"]))


def properties_of(spec: Spec, nodes: list[Node], only: str | None = None) -> dict[str, list[Node]]:
    """Property name -> its schema in every branch that declares it (oneOf plugins each have `id`);
    with `only`, that one property (a walk looks up one name per level, not every property's Node)."""
    found: dict[str, list[Node]] = {}
    for node in nodes:
        for expanded in expand(spec, node):
            props = mapping(expanded.schema.get("properties"))
            pairs = props.items() if only is None else [(only, props[only])] if only in props else []
            for name, prop in pairs:
                found.setdefault(name, []).append(Node(f"{expanded.pointer}/properties/{escape(name)}", prop))
    return found


class PathResult(Struct, frozen=True):
    nodes: list[Node]  # schemas at the full path (empty when a segment is missing)
    missing: str | None = None  # first missing segment
    parent: str = ""  # the path that was found before the missing segment
    parent_pointer: str = ""
    available: tuple[str, ...] = ()  # properties at the parent


def walk(spec: Spec, start: Node, path: str) -> PathResult:
    """Follow a dotted property path (`provider.allow_fallbacks`; `[]` suffixes are optional)."""
    nodes = [start]
    done: list[str] = []
    for segment in [s.replace("[]", "") for s in path.split(".") if s]:
        props = properties_of(spec, nodes, segment)
        if segment not in props:
            parent = deref(spec, nodes[0]).pointer
            available = properties_of(spec, nodes)
            return PathResult([], segment, ".".join(done), parent, tuple(sorted(map(str, available))))
        nodes = props[segment]
        done.append(segment)
    return PathResult(nodes)


def enum_values(spec: Spec, nodes: list[Node]) -> list[Any]:
    values: list[Any] = []
    for node in nodes:
        for expanded in expand(spec, node):
            enum = expanded.schema.get("enum")
            candidates = list(enum) if isinstance(enum, list) else []
            if "const" in expanded.schema:
                candidates.append(expanded.schema["const"])
            values.extend(v for v in candidates if v not in values)
    return values


def types_of(spec: Spec, nodes: list[Node]) -> list[str]:
    found: list[str] = []
    for node in nodes:
        for expanded in expand(spec, node):
            declared = expanded.schema.get("type")
            for t in declared if isinstance(declared, list) else [declared]:
                if isinstance(t, str) and t not in found:
                    found.append(t)
    return found


def schema_node(spec: Spec, name: str) -> Node | None:
    schemas = spec.components("schemas")
    if name not in schemas:
        return None
    return Node(f"/components/schemas/{escape(name)}", schemas[name])


def split_operation(text: str) -> tuple[str, str]:
    method, _, path = text.strip().partition(" ")
    return method.upper(), path.strip()


def find_operation(spec: Spec, text: str) -> Operation | None:
    """`POST /chat/completions`; a path written with the server's prefix (/api/v1/...) is accepted."""
    method, path = split_operation(text)
    written_as = None
    if path not in spec.paths:
        prefix = urlsplit(spec.server_url).path.rstrip("/")
        if prefix and path.startswith(prefix + "/") and path[len(prefix):] in spec.paths:
            written_as, path = path, path[len(prefix):]
    op = spec.operation(method, path)
    return op if op is None or written_as is None else replace(op, written_as=written_as)


def body_schema(spec: Spec, obj: Any, pointer: str, media: str | None) -> Node | None:
    """The schema of a request body or response (a `$ref` followed) for a media type."""
    body, ptr = spec.deref(obj, pointer)
    if not isinstance(body, dict):
        return None
    content = mapping(body.get("content"))
    chosen = pick_media(content, media)
    item = content.get(chosen) if chosen is not None else None
    if not isinstance(item, dict) or "schema" not in item:
        return None
    return Node(f"{ptr}/content/{escape(chosen)}/schema", item["schema"])


def request_body(spec: Spec, operation: Operation, media: str | None = None) -> Node | None:
    return body_schema(spec, operation.op.get("requestBody"), f"{operation.pointer}/requestBody", media)


def success_status(operation: Operation) -> str | None:
    return next((str(s) for s in mapping(operation.op.get("responses")) if str(s).startswith("2")), None)


def response_body(spec: Spec, operation: Operation, status: str | None, media: str | None) -> Node | None:
    responses = mapping(operation.op.get("responses"))
    status = status or success_status(operation)
    if status is None or status not in responses:
        return None
    return body_schema(spec, responses[status], f"{operation.pointer}/responses/{status}", media)


def spec_headers(spec: Spec) -> dict[str, str]:
    """Header names the spec documents (lower-cased name -> JSON pointer of where)."""
    found: dict[str, str] = {}
    for name, scheme in spec.components("securitySchemes").items():
        ptr = f"/components/securitySchemes/{escape(name)}"
        scheme = mapping(scheme)
        if scheme.get("type") == "http":
            found.setdefault("authorization", ptr)
        elif scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            found.setdefault(str(scheme.get("name", "")).lower(), ptr)
    for name, param in spec.components("parameters").items():
        if isinstance(param, dict) and param.get("in") == "header":
            found.setdefault(str(param.get("name", "")).lower(), f"/components/parameters/{escape(name)}")
    for op in spec.operations.values():
        for (where, name), (_, pointer) in spec.parameters(op).items():
            if where == "header":
                found.setdefault(name, pointer)
    return found
