"""THE model of an OpenAPI document: operations, parameters, bodies, responses, `$ref`s.

`Spec(doc)` wraps a parsed document (3.0 or 3.1) without copying it. Every accessor is
defensive: a node of the wrong shape (a `tags: [null]`, a `"$ref": []`, `components: true`)
reads as absent, so no caller crashes on third-party content; `problems.py` reports those
nodes. `$ref`s resolve lazily, are cached, and loops of bare `$ref`s end as unresolved.
"""
from __future__ import annotations

from functools import cached_property
from typing import Any

from msgspec import Struct

from checker.api.pointer import escape, resolve
from checker.api.problems import Problem, find_problems
from checker.models import compared_without
from checker.urls import HTTP_METHODS, operation_label, operation_page

Child = tuple[Any, str]  # a node and its JSON pointer in the document


class Operation(Struct, frozen=True):
    """One operation of the document, as every stage sees it."""

    method: str  # upper case
    path: str  # the spec's path template (relative to servers[0].url)
    op: dict[str, Any]  # the raw operation object
    pointer: str  # /paths/~1chat~1completions/post
    page: str  # official page (urls.operation_page)
    shared: tuple[Any, ...] = ()  # path-level parameters (raw)
    written_as: str | None = None  # a rule's spelling of the path (not compared)

    __eq__, __hash__ = compared_without("written_as")

    @property
    def label(self) -> str:
        return operation_label(self.method, self.path)

    @property
    def operation_id(self) -> str | None:
        value = self.op.get("operationId")
        return value if isinstance(value, str) else None

    @property
    def tags(self) -> tuple[str, ...]:
        return strings(self.op.get("tags"))

    @property
    def summary(self) -> str | None:
        value = self.op.get("summary")
        return value if isinstance(value, str) else None


def strings(value: Any) -> tuple[str, ...]:
    """The strings of a list (anything else in it, or a non-list, is ignored)."""
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class Spec:
    """A parsed OpenAPI document and the ways to navigate it."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self._resolved: dict[str, Child | None] = {}

    # -- document-level -----------------------------------------------------------------
    @property
    def paths(self) -> dict[str, Any]:
        return mapping(self.doc.get("paths"))

    def components(self, kind: str) -> dict[str, Any]:
        return mapping(mapping(self.doc.get("components")).get(kind))

    @property
    def server_url(self) -> str:
        servers = self.doc.get("servers")
        first = servers[0] if isinstance(servers, list) and servers else None
        return str(first.get("url") or "") if isinstance(first, dict) else ""

    @cached_property
    def problems(self) -> list[Problem]:
        """Malformed nodes (what the accessors read as absent), found on first use."""
        return find_problems(self.doc)

    # -- references -----------------------------------------------------------------------
    def resolve(self, ref: Any) -> Child | None:
        """`#/a/b` -> (value, "/a/b"), following chains of bare `$ref`s; None when the
        reference is not a local string, dangles, or loops."""
        if not isinstance(ref, str):
            return None
        if ref in self._resolved:
            return self._resolved[ref]
        self._resolved[ref] = None  # a chain that comes back here ends unresolved
        result, seen = self._lookup(ref), {ref}
        while result and isinstance(result[0], dict) and len(result[0]) == 1 and "$ref" in result[0]:
            nxt = result[0]["$ref"]
            if not isinstance(nxt, str) or nxt in seen:
                result = None
                break
            seen.add(nxt)
            result = self._lookup(nxt)
        self._resolved[ref] = result
        return result

    def _lookup(self, ref: str) -> Child | None:
        if not ref.startswith("#"):
            return None
        pointer = ref[1:]
        node = resolve(self.doc, pointer) if pointer not in ("", "/") else None
        return None if node is None else (node, pointer)

    def deref(self, raw: Any, pointer: str) -> Child:
        """An object that may be a `$ref` (parameter, response, body) -> the object itself."""
        if isinstance(raw, dict) and "$ref" in raw:
            target = self.resolve(raw["$ref"])
            if target is not None:
                return target
        return raw, pointer

    def follow(self, raw: Any, pointer: str) -> Child:
        """Follow `$ref`s (with or without siblings) to a node without one; loops and
        dangling references end at the last node reached."""
        seen: set[str] = set()
        while isinstance(raw, dict) and "$ref" in raw:
            target = self.resolve(raw["$ref"])
            if target is None or target[1] in seen:
                break
            seen.add(target[1])
            raw, pointer = target
        return raw, pointer

    # -- operations -----------------------------------------------------------------------
    @cached_property
    def operations(self) -> dict[tuple[str, str], Operation]:
        """(path, lower-case method) -> Operation, in document order."""
        out: dict[tuple[str, str], Operation] = {}
        for path in self.paths:
            item = self._path_item(path)
            for method in HTTP_METHODS:
                op = self._make(path, method, item) if item else None
                if op is not None:
                    out[(path, method)] = op
        return out

    def operation(self, method: str, path: str) -> Operation | None:
        """One operation, looked up without enumerating the others."""
        method = method.lower()
        if method not in HTTP_METHODS or path not in self.paths:
            return None
        item = self._path_item(path)
        return self._make(path, method, item) if item else None

    def _path_item(self, path: str) -> Child | None:
        item = self.deref(self.paths[path], f"/paths/{escape(path)}")
        return item if isinstance(item[0], dict) else None

    @staticmethod
    def _make(path: str, method: str, item: Child) -> Operation | None:
        raw, item_ptr = item
        op = raw.get(method)
        if not isinstance(op, dict):
            return None
        shared = raw.get("parameters")
        page = operation_page(strings(op.get("tags")), op.get("summary"))
        return Operation(method.upper(), path, op, f"{item_ptr}/{method}", page,
                         tuple(shared) if isinstance(shared, list) else ())

    def methods_of(self, path: str) -> list[str]:
        return sorted(m.upper() for (p, m) in self.operations if p == path)

    def parameters(self, op: Operation) -> dict[tuple[str, str], Child]:
        """(location, name) -> (parameter, pointer); operation-level ones override path-level;
        header names are lower-cased."""
        path_ptr = op.pointer.rsplit("/", 1)[0]
        own = op.op.get("parameters")
        sources = [(p, f"{path_ptr}/parameters/{i}") for i, p in enumerate(op.shared)]
        sources += [(p, f"{op.pointer}/parameters/{i}") for i, p in enumerate(own if isinstance(own, list) else [])]
        out: dict[tuple[str, str], Child] = {}
        for param, pptr in sources:
            param, pptr = self.deref(param, pptr)
            if not isinstance(param, dict) or param.get("name") is None:
                continue
            where = str(param.get("in", "query"))
            name = str(param["name"])
            out[(where, name.lower() if where == "header" else name)] = (param, pptr)
        return out

    def request_body(self, op: Operation) -> Child | None:
        raw = op.op.get("requestBody")
        if not isinstance(raw, dict):
            return None
        body, ptr = self.deref(raw, f"{op.pointer}/requestBody")
        return (body, ptr) if isinstance(body, dict) else None

    def responses(self, op: Operation) -> dict[str, Child]:
        """status -> (response, pointer) for responses that are objects."""
        out: dict[str, Child] = {}
        for status, resp in mapping(op.op.get("responses")).items():
            resp, rptr = self.deref(resp, f"{op.pointer}/responses/{escape(str(status))}")
            if isinstance(resp, dict):
                out[str(status)] = (resp, rptr)
        return out

    def security(self, op: Operation) -> set[frozenset[str]]:
        """The operation's effective security: alternatives, each a set of scheme names."""
        return {frozenset(str(k) for k in r) for r in self._requirements(op)}

    def security_scopes(self, op: Operation) -> dict[str, frozenset[str]]:
        """Scheme name -> the scopes any of the operation's alternatives asks of it."""
        out: dict[str, set[str]] = {}
        for req in self._requirements(op):
            for name, scopes in req.items():
                listed = scopes if isinstance(scopes, list) else []
                out.setdefault(str(name), set()).update(str(s) for s in listed)
        return {name: frozenset(scopes) for name, scopes in out.items()}

    def _requirements(self, op: Operation) -> list[dict[Any, Any]]:
        reqs = op.op["security"] if "security" in op.op else self.doc.get("security")
        return [r for r in reqs if isinstance(r, dict)] if isinstance(reqs, list) else []


def media_types(obj: dict[str, Any], ptr: str) -> dict[str, tuple[Child | None, str]]:
    """media type -> ((schema, pointer) or None, media pointer) of a body or response."""
    out: dict[str, tuple[Child | None, str]] = {}
    for media, item in mapping(obj.get("content")).items():
        mptr = f"{ptr}/content/{escape(str(media))}"
        schema = item.get("schema") if isinstance(item, dict) else None
        out[media] = ((schema, f"{mptr}/schema") if schema is not None else None, mptr)
    return out


def pick_media(content: dict[str, Any], media: str | None = None) -> str | None:
    """The named media type, else application/json, else the first one."""
    if media:
        return media if media in content else None
    if "application/json" in content:
        return "application/json"
    return next(iter(content), None)


def is_success(status: str) -> bool:
    return status.startswith("2")

