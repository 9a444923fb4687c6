"""Navigate an OpenAPI document the way a client sees it: operations, bodies, properties, enums.

A schema position is a `Node` (JSON pointer, schema). Properties are looked up through `$ref`,
`allOf`/`anyOf`/`oneOf` and array `items`, so `plugins.pdf.engine` reaches the engine of the
file-parser plugin inside the `plugins` array's oneOf.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator
from urllib.parse import urlsplit

from checker.api.pointer import escape
from checker.api.pointer import resolve_ref as resolve_pointer
from checker.urls import HTTP_METHODS

COMBINATORS = ("allOf", "anyOf", "oneOf")


@dataclass(frozen=True)
class Node:
    pointer: str
    schema: Any


def deref(spec: dict, node: Node) -> Node:
    seen: set[str] = set()
    while isinstance(node.schema, dict) and isinstance(node.schema.get("$ref"), str):
        ref = node.schema["$ref"]
        if ref in seen:
            break
        seen.add(ref)
        target = resolve_pointer(spec, ref)
        if target is None:
            break
        node = Node(ref[1:], target)
    return node


def expand(spec: dict, node: Node) -> Iterator[Node]:
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
            for i, branch in enumerate(schema.get(key) or []):
                stack.append(Node(f"{current.pointer}/{key}/{i}", branch))
        if isinstance(schema.get("items"), dict):
            stack.append(Node(f"{current.pointer}/items", schema["items"]))


def properties_of(spec: dict, nodes: list[Node]) -> dict[str, list[Node]]:
    """Property name -> its schema in every branch that declares it (oneOf plugins each have `id`)."""
    found: dict[str, list[Node]] = {}
    for node in nodes:
        for expanded in expand(spec, node):
            for name, prop in (expanded.schema.get("properties") or {}).items():
                found.setdefault(name, []).append(Node(f"{expanded.pointer}/properties/{escape(name)}", prop))
    return found


@dataclass(frozen=True)
class PathResult:
    nodes: list[Node]  # schemas at the full path (empty when a segment is missing)
    missing: str | None = None  # first missing segment
    parent: str = ""  # the path that was found before the missing segment
    parent_pointer: str = ""
    available: tuple[str, ...] = ()  # properties at the parent


def walk(spec: dict, start: Node, path: str) -> PathResult:
    """Follow a dotted property path (`provider.allow_fallbacks`; `[]` suffixes are optional)."""
    nodes = [start]
    done: list[str] = []
    for segment in [s.replace("[]", "") for s in path.split(".") if s]:
        props = properties_of(spec, nodes)
        if segment not in props:
            parent = deref(spec, nodes[0]).pointer
            return PathResult([], segment, ".".join(done), parent, tuple(sorted(props)))
        nodes = props[segment]
        done.append(segment)
    return PathResult(nodes)


def enum_values(spec: dict, nodes: list[Node]) -> list[Any]:
    values: list[Any] = []
    for node in nodes:
        for expanded in expand(spec, node):
            candidates = list(expanded.schema.get("enum") or [])
            if "const" in expanded.schema:
                candidates.append(expanded.schema["const"])
            values.extend(v for v in candidates if v not in values)
    return values


def schema_node(spec: dict, name: str) -> Node | None:
    schemas = (spec.get("components") or {}).get("schemas") or {}
    if name not in schemas:
        return None
    return Node(f"/components/schemas/{escape(name)}", schemas[name])


def server_url(spec: dict) -> str:
    servers = spec.get("servers") or []
    return str(servers[0].get("url", "")) if servers and isinstance(servers[0], dict) else ""


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    path: str  # as in the spec (relative to servers[0].url)
    op: dict
    pointer: str
    written_as: str | None = None  # the rule's path when it had to be normalised

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def split_operation(text: str) -> tuple[str, str]:
    method, _, path = text.strip().partition(" ")
    return method.upper(), path.strip()


def find_operation(spec: dict, text: str) -> Operation | None:
    """`POST /chat/completions`; a path written with the server's prefix (/api/v1/...) is accepted."""
    method, path = split_operation(text)
    paths = spec.get("paths") or {}
    written_as = None
    if path not in paths:
        prefix = urlsplit(server_url(spec)).path.rstrip("/")
        if prefix and path.startswith(prefix + "/") and path[len(prefix):] in paths:
            written_as, path = path, path[len(prefix):]
    item = paths.get(path)
    if not isinstance(item, dict) or method.lower() not in HTTP_METHODS:
        return None
    op = item.get(method.lower())
    if not isinstance(op, dict):
        return None
    return Operation(method, path, op, f"/paths/{escape(path)}/{method.lower()}", written_as)


def pick_media(content: dict, media: str | None) -> str | None:
    if media:
        return media if media in content else None
    if "application/json" in content:
        return "application/json"
    return next(iter(content), None)


def request_body(spec: dict, operation: Operation, media: str | None = None) -> Node | None:
    body = deref(spec, Node(f"{operation.pointer}/requestBody", operation.op.get("requestBody")))
    if not isinstance(body.schema, dict):
        return None
    content = body.schema.get("content") or {}
    chosen = pick_media(content, media)
    if chosen is None or "schema" not in (content.get(chosen) or {}):
        return None
    return Node(f"{body.pointer}/content/{escape(chosen)}/schema", content[chosen]["schema"])


def success_status(operation: Operation) -> str | None:
    return next((str(s) for s in operation.op.get("responses") or {} if str(s).startswith("2")), None)


def response_body(spec: dict, operation: Operation, status: str | None, media: str | None) -> Node | None:
    responses = operation.op.get("responses") or {}
    status = status or success_status(operation)
    if status is None or status not in responses:
        return None
    resp = deref(spec, Node(f"{operation.pointer}/responses/{status}", responses[status]))
    if not isinstance(resp.schema, dict):
        return None
    content = resp.schema.get("content") or {}
    chosen = pick_media(content, media)
    if chosen is None or "schema" not in (content.get(chosen) or {}):
        return None
    return Node(f"{resp.pointer}/content/{escape(chosen)}/schema", content[chosen]["schema"])


def spec_headers(spec: dict) -> dict[str, str]:
    """Header names the spec documents (lower-cased name -> JSON pointer of where)."""
    found: dict[str, str] = {}
    components = spec.get("components") or {}
    for name, scheme in (components.get("securitySchemes") or {}).items():
        ptr = f"/components/securitySchemes/{escape(name)}"
        if scheme.get("type") == "http":
            found.setdefault("authorization", ptr)
        elif scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            found.setdefault(str(scheme.get("name", "")).lower(), ptr)
    for name, param in (components.get("parameters") or {}).items():
        if isinstance(param, dict) and param.get("in") == "header":
            found.setdefault(str(param.get("name", "")).lower(), f"/components/parameters/{escape(name)}")
    for path, item in (spec.get("paths") or {}).items():
        for key, op in (item or {}).items():
            params = op.get("parameters", []) if key in HTTP_METHODS else (op if key == "parameters" else [])
            for i, param in enumerate(params or []):
                param = deref(spec, Node("", param)).schema
                if isinstance(param, dict) and param.get("in") == "header":
                    where = f"/paths/{escape(path)}" + (f"/{key}" if key in HTTP_METHODS else "")
                    found.setdefault(str(param.get("name", "")).lower(), f"{where}/parameters/{i}")
    return found
