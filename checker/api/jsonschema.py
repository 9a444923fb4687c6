"""The one 3.0 -> 3.1 rewrite: OpenAPI schemas in their JSON Schema 2020-12 form.

3.0 leftovers get their 2020-12 meaning: `nullable: true` adds "null" to the type (or an
`anyOf` with `{type: null}` when there is no type), a boolean `exclusiveMinimum`/`Maximum`
becomes the numeric bound. Values (examples, enums, defaults) are data and stay as they are.
Malformed keywords (a `"$ref": []`, `"type": false`, `"allOf": 5`) are dropped and nesting
deeper than problems.MAX_DEPTH becomes `{}`, the same nodes problems.py reports, so the
copy is always a schema a validator accepts.
"""
from __future__ import annotations

from typing import Any

from checker.api.problems import MAX_DEPTH, NAME_MAPS

_VALUE_KEYS = frozenset({"example", "examples", "enum", "const", "default"})  # data, not schemas
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
_SCHEMAS = frozenset({"items", "additionalProperties", "not", "if", "then", "else", "contains",
                      "propertyNames", "unevaluatedProperties", "unevaluatedItems"})
_NUMBERS = frozenset({"minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems",
                      "maxItems", "minProperties", "maxProperties", "minContains", "maxContains"})
_STRINGS = frozenset({"$ref", "pattern", "format"})


def to_json_schema(node: Any, depth: int = 0, names: bool = False) -> Any:
    """Copy of an OpenAPI document (or part) with 3.0-only keywords given their 2020-12 form.
    `names`: `node` maps names to objects (properties, components.schemas, paths...)."""
    if isinstance(node, list):
        return [to_json_schema(v, depth + 1) for v in node] if depth < MAX_DEPTH else []
    if not isinstance(node, dict):
        return node
    if depth >= MAX_DEPTH:
        return {}
    if names:
        return {k: to_json_schema(v, depth + 1) for k, v in node.items()}
    out = {k: (v if k in _VALUE_KEYS else to_json_schema(v, depth + 1, k in NAME_MAPS))
           for k, v in node.items() if _well_formed(k, v)}
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(out.get(bound), bool):
            if out.pop(bound) and limit in out:
                out[bound] = out.pop(limit)
    if out.pop("nullable", False) is True:
        out = _nullable(out)
    return out


def _well_formed(key: str, value: Any) -> bool:
    """False for a schema keyword whose value has the wrong shape (the keyword is dropped)."""
    if key == "type":
        return isinstance(value, str) or (isinstance(value, list) and all(isinstance(t, str) for t in value))
    if key in _STRINGS:
        return isinstance(value, str)
    if key in _SCHEMA_LISTS:
        return isinstance(value, list) and all(isinstance(m, (dict, bool)) for m in value)
    if key in _SCHEMA_MAPS:
        return isinstance(value, dict) and all(isinstance(m, (dict, bool)) for m in value.values())
    if key in _SCHEMAS:
        return isinstance(value, (dict, bool))
    if key in _NUMBERS:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if key == "required":  # a list in a schema, a boolean in a parameter or body
        return isinstance(value, bool) or (isinstance(value, list) and all(isinstance(r, str) for r in value))
    if key == "enum":
        return isinstance(value, list)
    return True


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
