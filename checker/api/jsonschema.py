"""The one 3.0 -> 3.1 rewrite: OpenAPI schemas in their JSON Schema 2020-12 form.

3.0 leftovers get their 2020-12 meaning: `nullable: true` adds "null" to the type (or an
`anyOf` with `{type: null}` when there is no type), a boolean `exclusiveMinimum`/`Maximum`
becomes the numeric bound. Values (examples, enums, defaults) are data and stay as they are.
"""
from __future__ import annotations

from typing import Any

_VALUE_KEYS = frozenset({"example", "examples", "enum", "const", "default"})  # data, not schemas


def to_json_schema(node: Any) -> Any:
    """Copy of an OpenAPI document (or part) with 3.0-only keywords given their 2020-12 form."""
    if isinstance(node, list):
        return [to_json_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: (v if k in _VALUE_KEYS else to_json_schema(v)) for k, v in node.items()}
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(out.get(bound), bool):
            if out.pop(bound) and limit in out:
                out[bound] = out.pop(limit)
    if out.pop("nullable", False) is True:
        out = _nullable(out)
    return out


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    elif isinstance(kind, list):
        schema["type"] = kind if "null" in kind else [*kind, "null"]
    else:
        return {"anyOf": [schema, {"type": "null"}]}
    if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    return schema
