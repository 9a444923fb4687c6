"""Tiny OpenAPI 3.1 documents for spec-diff tests: one or two operations, inline schemas."""
from __future__ import annotations

import copy
from typing import Any

from checker.diff.spec import diff_specs

OBJ = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}


def api(body: Any = None, resp: Any = None, params: list | None = None,
        schemas: dict | None = None, op: dict | None = None, **top: Any) -> dict[str, Any]:
    """POST /things ("Things" / "Create a thing") with the given body/response/parameters."""
    operation: dict[str, Any] = {
        "tags": ["Things"], "summary": "Create a thing",
        "responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": copy.deepcopy(resp if resp is not None else OBJ)}}}},
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": copy.deepcopy(body)}}}
    if params is not None:
        operation["parameters"] = copy.deepcopy(params)
    operation.update(copy.deepcopy(op or {}))
    doc = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
           "paths": {"/things": {"post": operation}},
           "components": {"schemas": copy.deepcopy(schemas or {})}}
    doc.update(copy.deepcopy(top))
    return doc


def obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def codes(old: dict, new: dict, **kw: Any) -> dict[str, str]:
    """code -> severity of the findings from old to new."""
    return {f.code: f.severity.value for f in diff_specs(old, new, **kw)}
