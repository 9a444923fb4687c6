"""The parts of an OpenAPI document an operation diff walks: operations, parameters,
request/response media types and security requirements, with `$ref`s resolved and the
JSON pointer of each part kept.
"""
from __future__ import annotations

from typing import Any

from checker.diff.refs import SpecIndex
from checker.diff.schema import esc
from checker.urls import HTTP_METHODS

Operation = tuple[dict[str, Any], str, list[Any]]  # operation, pointer, path-level parameters


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], Operation]:
    out: dict[tuple[str, str], Operation] = {}
    index = SpecIndex(spec)
    for path, item in (spec.get("paths") or {}).items():
        item, item_ptr = index.deref(item, f"/paths/{esc(path)}")
        if not isinstance(item, dict):
            continue
        shared = item.get("parameters") or []
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                out[(path, method)] = (op, f"{item_ptr}/{method}", shared)
    return out


def parameters(index: SpecIndex, op: Operation) -> dict[tuple[str, str], tuple[dict, str]]:
    """(location, name) -> (parameter, pointer); operation-level ones override path-level."""
    raw, ptr, shared = op
    path_ptr = ptr.rsplit("/", 1)[0]
    out: dict[tuple[str, str], tuple[dict, str]] = {}
    sources = [(p, f"{path_ptr}/parameters/{i}") for i, p in enumerate(shared)]
    sources += [(p, f"{ptr}/parameters/{i}") for i, p in enumerate(raw.get("parameters") or [])]
    for param, pptr in sources:
        param, pptr = index.deref(param, pptr)
        if not isinstance(param, dict) or "name" not in param:
            continue
        where = str(param.get("in", "query"))
        name = str(param["name"])
        out[(where, name.lower() if where == "header" else name)] = (param, pptr)
    return out


def responses_of(index: SpecIndex, op: Operation) -> dict[str, tuple[dict, str]]:
    out: dict[str, tuple[dict, str]] = {}
    for status, resp in (op[0].get("responses") or {}).items():
        resp, rptr = index.deref(resp, f"{op[1]}/responses/{esc(str(status))}")
        if isinstance(resp, dict):
            out[str(status)] = (resp, rptr)
    return out


def media_schemas(obj: dict[str, Any], ptr: str) -> dict[str, tuple[tuple[Any, str] | None, str]]:
    """media type -> ((schema, pointer) or None, media pointer)."""
    out: dict[str, tuple[tuple[Any, str] | None, str]] = {}
    for media, item in (obj.get("content") or {}).items():
        mptr = f"{ptr}/content/{esc(media)}"
        schema = item.get("schema") if isinstance(item, dict) else None
        out[media] = ((schema, f"{mptr}/schema") if schema is not None else None, mptr)
    return out


def security_of(spec: dict[str, Any], op: Operation) -> set[frozenset[str]]:
    """The operation's effective security: a set of alternatives, each a set of scheme names."""
    reqs = op[0]["security"] if "security" in op[0] else spec.get("security")
    if not isinstance(reqs, list):
        return set()
    return {frozenset(r) for r in reqs if isinstance(r, dict)}


def is_success(status: str) -> bool:
    return status.startswith("2")
