"""Schema-valid response bodies for the stub: the spec's examples where they validate, else generated."""
from __future__ import annotations

from typing import Any

from checker.api.model import Operation, is_success
from checker.comply.compile import CompiledSpec
from checker.api.pointer import escape as pointer_escape, resolve as resolve_pointer

_STRING_FORMATS = {"date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01", "uri": "https://example.com",
                   "url": "https://example.com", "email": "user@example.com",
                   "uuid": "00000000-0000-4000-8000-000000000000"}
_MAX_DEPTH = 10
_MAX_SIZE = 1024  # items / characters of a generated value: a huge minItems is no memory bomb


class LocalSchema:
    """A client's JSON Schema (a tool's parameters, a response_format): `generate` follows its local `$ref`s."""

    def __init__(self, root: Any) -> None:
        self.root = root

    def deref(self, schema: Any) -> dict[str, Any] | None:
        seen: set[str] = set()
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and schema["$ref"] not in seen:
            seen.add(schema["$ref"])
            ref = schema["$ref"]
            schema = resolve_pointer(self.root, ref[1:]) if ref.startswith("#") else None
        return {} if schema is True else schema if isinstance(schema, dict) else None


def success_media(compiled: CompiledSpec, op: Operation, stream: bool) -> tuple[int, str, str | None]:
    """(status, media type, JSON pointer of that media object) of the operation's first 2xx response;
    pointer None: the response has no body."""
    responses = compiled.api.responses(op)
    codes = sorted(c for c in responses if is_success(c))
    status = codes[0] if codes else "200"
    number = int(status) if status.isdigit() else 200
    content = (responses[status][0].get("content") if codes else None) or {}
    if not isinstance(content, dict) or not content:
        return number, "application/json", None
    media = _pick_media(content, stream)
    return number, media, f"{responses[status][1]}/content/{pointer_escape(media)}"


def success_response(compiled: CompiledSpec, op: Operation, stream: bool) -> tuple[int, str, Any]:
    """(status, media type, instance) of the operation's first 2xx response; instance None: no body."""
    status, media, pointer = success_media(compiled, op, stream)
    return status, media, example_or_sample(compiled, pointer) if pointer else None


def _pick_media(content: dict[str, Any], stream: bool) -> str:
    if stream and "text/event-stream" in content:
        return "text/event-stream"
    for media in content:
        if "json" in media:
            return media
    return next(iter(content))


def example_or_sample(compiled: CompiledSpec, media_pointer: str) -> Any:
    media = compiled.schema_at(media_pointer)
    media = media if isinstance(media, dict) else {}
    schema_pointer = f"{media_pointer}/schema"
    schema = compiled.deref(media.get("schema"))
    candidates = []
    if "example" in media:
        candidates.append(media["example"])
    examples = media.get("examples")
    for example in (examples.values() if isinstance(examples, dict) else ()):
        if isinstance(example, dict) and "value" in example:
            candidates.append(example["value"])
    if isinstance(schema, dict) and "example" in schema:
        candidates.append(schema["example"])
    if "schema" not in media:
        return candidates[0] if candidates else None
    validator = compiled.validator(schema_pointer)
    for candidate in candidates:
        if validator.is_valid(candidate):
            return candidate
    return generate(compiled, media.get("schema"), 0)


def generate(compiled: CompiledSpec | LocalSchema, schema: Any, depth: int = 0) -> Any:
    """A small instance of `schema`: required properties only, first branch of a oneOf/anyOf.
    Malformed keywords (a client's schema may hold anything) are ignored, never a crash."""
    schema = compiled.deref(schema)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    if "const" in schema:
        return schema["const"]
    enum = [v for v in _list(schema.get("enum")) if v is not None]
    if enum:
        return enum[0]
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in _list(schema["allOf"]):
            value = generate(compiled, part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        own = {k: v for k, v in schema.items() if k != "allOf"}
        extra = generate(compiled, own, depth + 1) if isinstance(own.get("properties"), dict) else None
        return {**merged, **(extra or {})}
    for key in ("oneOf", "anyOf"):
        branches = [b for b in _list(schema.get(key)) if (compiled.deref(b) or {}).get("type") != "null"]
        if branches:
            return generate(compiled, branches[0], depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if not isinstance(kind, str):
        kind = "object" if "properties" in schema else "string"
    return _by_type(compiled, schema, kind, depth)


def _by_type(compiled: CompiledSpec | LocalSchema, schema: dict[str, Any], kind: str, depth: int) -> Any:
    example = schema.get("example")
    if kind == "object":
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        return {name: generate(compiled, props.get(name, {}), depth + 1)
                for name in _list(schema.get("required")) if isinstance(name, str)}
    if kind == "array":
        count = min(_number(schema.get("minItems"), int), _MAX_SIZE)
        return [generate(compiled, schema.get("items", {}), depth + 1) for _ in range(count)]
    if kind == "string":
        if isinstance(example, str):
            return example
        text = _STRING_FORMATS.get(str(schema.get("format")), "string")
        return text.ljust(min(_number(schema.get("minLength"), int), _MAX_SIZE), "x")
    if kind in ("integer", "number"):
        if isinstance(example, (int, float)) and not isinstance(example, bool):
            return int(example) if kind == "integer" else example
        low = _number(schema.get("minimum", schema.get("exclusiveMinimum")), float)
        value = max(0, low + (1 if _number(schema.get("exclusiveMinimum"), float, None) is not None else 0))
        return int(value) if kind == "integer" else value
    if kind == "boolean":
        return bool(example) if isinstance(example, bool) else False
    return None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _number(value: Any, kind: type, default: Any = 0) -> Any:
    """`value` as a finite int or float; `default` when it is not a number (or a bool)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or abs(value) == float("inf"):
        return default
    return kind(value) if kind is int else value
