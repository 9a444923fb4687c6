"""Header, query and path parameters the operation declares, validated against their schemas.

Values arrive as strings; they are converted to the schema's type first (`limit=500` is 500).
"""
from __future__ import annotations

import json
from typing import Any, Iterator

from checker.comply.operations import Target
from checker.comply.payloads import check_body
from checker.comply.request import ClientRequest, client_finding
from checker.comply.compile import CompiledSpec
from checker.api.pointer import escape as pointer_escape
from checker.models import Finding, Severity

_WHERE = {"header": "headers", "query": "query", "path": "path"}


def check_parameters(compiled: CompiledSpec, request: ClientRequest, target: Target) -> list[Finding]:
    op = target.operation
    if op is None:
        return []
    out: list[Finding] = []
    declared = compiled.memo(("parameters", op.pointer), lambda: list(_declared(compiled, target)))
    for param, pointer, where, name, at, schema in declared:
        value = _value(request, target, where, name, schema)
        if value is None:
            if param.get("required") and where != "path":
                out.append(client_finding(request, "parameter-missing", Severity.ERROR,
                                          f"required {where} parameter '{name}' is missing", op.page,
                                          pointer=at, operation=op.label))
            continue
        for v in check_body(compiled, f"{pointer}/schema", value):
            out.append(client_finding(request, "parameter-invalid", Severity.ERROR,
                                      f"{where} parameter '{name}': {v.message.split(': ', 1)[-1]}", op.page,
                                      pointer=at + v.pointer, operation=op.label,
                                      before={"rule": v.rule, "expected": v.expected}, after=v.found))
    return out


def _declared(compiled: CompiledSpec, target: Target) -> Iterator[tuple[dict[str, Any], str, str, str, str,
                                                                       dict[str, Any]]]:
    """The operation's checkable parameters in their JSON Schema form: (param, spec pointer,
    in, name, pointer in the request, schema); worked out once per operation."""
    assert target.operation is not None
    for _, pointer in compiled.api.parameters(target.operation).values():
        param = compiled.schema_at(pointer)
        if not isinstance(param, dict):
            continue
        where, name = param.get("in"), param.get("name")
        if not isinstance(where, str) or where not in _WHERE or not isinstance(name, str) \
                or not isinstance(param.get("schema"), (dict, bool)):
            continue
        at = f"/{_WHERE[where]}/{pointer_escape(name.lower() if where == 'header' else name)}"
        yield param, pointer, where, name, at, _mapping(compiled.deref(param["schema"]))


def _value(request: ClientRequest, target: Target, where: str, name: str, schema: dict[str, Any]) -> Any:
    if where == "header":
        raw: Any = request.headers.get(name)
    elif where == "path":
        raw = target.params.get(name)
    else:
        values = [v for k, v in target.query if k == name]
        if not values:
            return None
        raw = values if _types(schema) == {"array"} else values[0]
    return None if raw is None else coerce(raw, schema)


def coerce(raw: Any, schema: dict[str, Any]) -> Any:
    """A parameter string as the value its schema describes (left as is when it does not convert)."""
    types = _types(schema)
    if isinstance(raw, list):
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        values = [p for r in raw for p in (r.split(",") if len(raw) == 1 else [r])]
        return [coerce(v, items) for v in values]
    if "array" in types and "string" not in types:
        return [coerce(v, schema.get("items") or {}) for v in raw.split(",")]
    for kind, convert in (("integer", int), ("number", float), ("boolean", _bool), ("null", _null)):
        if kind in types and "string" not in types:
            try:
                return convert(raw)
            except ValueError:
                continue
    if "object" in types:
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def _bool(raw: str) -> bool:
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise ValueError(raw)


def _null(raw: str) -> None:
    if raw.lower() != "null":
        raise ValueError(raw)
