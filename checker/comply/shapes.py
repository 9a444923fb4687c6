"""Distinct traffic has few shapes: bodies that differ only in free text get the same findings.

Real traffic logs are mostly distinct chat bodies (other prompts, other answers) sent with the
same models, keys and tools. A body's *shape* is the body with its free-text strings masked
(replaced by ""); a capture line whose (method, URL, headers, shape) was validated before gets
that line's findings, counted at the new line (`Aggregate.again`), without being validated.

A string is free text only where that is provable for the operation's compiled request schema
(`free_paths`): among the candidate places (`CANDIDATES`), those where no schema that can apply
constrains a string's value (no enum/const/pattern/length/format: the string's type is all that
is checked) and no enclosing schema compares whole values (enum, const, uniqueItems) or picks a
variant by it (discriminator). Strings the other checks look at stay in the shape: placeholders
(`__MODEL__`), names a deprecation fact names (the docs review), and everything outside those
places (roles, models, tool call ids, URLs). The first request of a shape is validated in full;
later ones only need the identity of its findings, which holds no free text (a finding's
`after` and message may quote the text: the aggregate keeps the first request's).
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

import orjson

from checker.comply.compile import CompiledSpec
from checker.comply.payloads import is_placeholder

ITEM = 0  # a path step into any array item
CANDIDATES: dict[str, tuple[Any, ...]] = {  # where free text may be, by the field holding it
    "content": ("messages", ITEM, "content"),
    "text": ("messages", ITEM, "content", ITEM, "text"),
    "arguments": ("messages", ITEM, "tool_calls", ITEM, "function", "arguments"),
}
STRING_RULES = frozenset({"enum", "const", "pattern", "minLength", "maxLength", "format", "contentEncoding",
                          "contentMediaType", "contentSchema"})
WHOLE_VALUE_RULES = frozenset({"enum", "const", "uniqueItems"})
UNSURE = frozenset({"$dynamicRef", "$recursiveRef"})
_IN_PLACE = ("allOf", "anyOf", "oneOf")
_IN_PLACE_ONE = ("not", "if", "then", "else")
MAX_SHAPES = 8192  # distinct shapes remembered; forgotten all at once beyond
Free = frozenset[str]  # the CANDIDATES proven free text


def free_paths(compiled: CompiledSpec, pointer: str) -> Free:
    """The CANDIDATES proven free text for the schema at `pointer`."""
    return frozenset(name for name, path in CANDIDATES.items() if _free(compiled, compiled.schema_at(pointer), path))


def _free(compiled: CompiledSpec, root: Any, path: tuple[Any, ...]) -> bool:
    level = _in_place(compiled, [root])
    for step in path:
        if level is None or any(_compares_whole(s, step) for s in level):
            return False
        level = _in_place(compiled, list(_children(level, step)))
    return level is not None and not any(STRING_RULES & s.keys() for s in level)


def _compares_whole(schema: dict[str, Any], step: Any) -> bool:
    disc = schema.get("discriminator")
    return bool(WHOLE_VALUE_RULES & schema.keys()) or (isinstance(disc, dict) and disc.get("propertyName") == step)


def _in_place(compiled: CompiledSpec, schemas: list[Any]) -> list[dict[str, Any]] | None:
    """The schemas and every subschema applying to the same value ($ref, allOf, not, if, ...);
    None when one of them cannot be read for sure (a dangling $ref, a dynamic reference)."""
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    while schemas:
        schema = schemas.pop()
        if isinstance(schema, bool):
            continue  # true: no constraint; false: every value fails alike
        if not isinstance(schema, dict) or UNSURE & schema.keys():
            return None
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        out.append(schema)
        if "$ref" in schema:
            target = compiled.json.follow({"$ref": schema["$ref"]}, "")[0]
            if isinstance(target, dict) and "$ref" in target:
                return None
            schemas.append(target)
        for key in _IN_PLACE:
            value = schema.get(key)
            if value is not None and not isinstance(value, list):
                return None
            schemas.extend(value or [])
        schemas.extend(schema[key] for key in _IN_PLACE_ONE if key in schema)
        dependent = schema.get("dependentSchemas")
        schemas.extend(dependent.values() if isinstance(dependent, dict) else [])
    return out


def _children(level: Iterable[dict[str, Any]], step: Any) -> Iterator[Any]:
    """Every subschema that may apply to member `step` (more than apply: it only has to cover them)."""
    for schema in level:
        if step is ITEM:
            keys: tuple[str, ...] = ("items", "contains", "unevaluatedItems", "additionalItems")
            prefix = schema.get("prefixItems")
            yield from prefix if isinstance(prefix, list) else []
        else:
            keys = ("additionalProperties", "unevaluatedProperties")
            properties = schema.get("properties")
            if isinstance(properties, dict) and step in properties:
                yield properties[step]
            patterns = schema.get("patternProperties")
            yield from patterns.values() if isinstance(patterns, dict) else []
        yield from (schema[key] for key in keys if key in schema)


def shape_of(head: list[Any], body: dict[str, Any], free: Free, keep: frozenset[str]) -> bytes | None:
    """`head` and `body` as JSON bytes, the body's free-text strings written as "" (placeholders
    and the strings in `keep` stay); None when orjson cannot write it exactly. The strings are
    blanked in place and put back: copying every message would cost more than the rest."""
    undo: list[tuple[Any, str, str]] = []
    try:
        _blank(body, free, keep, undo)
        return orjson.dumps([*head, body])
    except TypeError:
        return None
    finally:
        for holder, name, text in undo:
            holder[name] = text


def _blank(body: dict[str, Any], free: Free, keep: frozenset[str], undo: list[tuple[Any, str, str]]) -> None:
    """Written out for the CANDIDATES: it runs for every line."""
    messages = body.get("messages")
    if type(messages) is not list:
        return
    contents, texts, arguments = "content" in free, "text" in free, "arguments" in free
    for message in messages:
        if type(message) is not dict:
            continue
        content = message.get("content")
        if type(content) is str:
            if contents:
                _put(message, "content", content, keep, undo)
        elif type(content) is list and texts:
            for part in content:
                if type(part) is dict and type(part.get("text")) is str:
                    _put(part, "text", part["text"], keep, undo)
        calls = message.get("tool_calls")
        if type(calls) is list and arguments:
            for call in calls:
                function = call.get("function") if type(call) is dict else None
                if type(function) is dict and type(function.get("arguments")) is str:
                    _put(function, "arguments", function["arguments"], keep, undo)


def _put(holder: dict[str, Any], name: str, text: str, keep: frozenset[str], undo: list[tuple[Any, str, str]]) -> None:
    if text and text not in keep and not (text[:2] == "__" and is_placeholder(text)):
        undo.append((holder, name, text))
        holder[name] = ""


class Shapes:
    """The findings' keys each shape gave (bounded), and the free-text places per (method, URL)."""

    def __init__(self, validator: Any, size: int = MAX_SHAPES) -> None:
        from checker.docs.deprecations import deprecated_names

        self.validator, self.size = validator, size
        self.keep = deprecated_names(validator.compiled, validator.docs)
        self._free: dict[tuple[str, str], Free] = {}
        self._seen: dict[bytes, Any] = {}

    def key(self, record: dict[str, Any]) -> bytes | None:
        """The shape of a capture record with a JSON object body (read by orjson: no NaN, no
        integer beyond 64 bits); None for any other record, or one nested too deep to write."""
        body = record.get("body")
        if not isinstance(body, dict):
            return None
        method, url = record["method"], record["url"]
        free = self._free.get((method, url))
        if free is None:
            if len(self._free) >= MAX_SHAPES:
                self._free.clear()
            free = self._free[(method, url)] = self._free_text(method, url)
        return shape_of([method, url, record.get("headers")], body, free, self.keep)

    def _free_text(self, method: str, url: str) -> Free:
        from checker.comply.payloads import request_schema_pointer

        try:
            op = self.validator.router.match(method.upper(), url).operation
        except ValueError:
            return frozenset()
        compiled = self.validator.compiled
        pointer = request_schema_pointer(compiled, op) if op is not None else None
        return frozenset() if pointer is None else compiled.memo(("free-text", pointer), lambda: free_paths(compiled, pointer))

    def get(self, key: bytes) -> Any:
        return self._seen.get(key)

    def put(self, key: bytes, keys: Any) -> None:
        if len(self._seen) >= self.size:
            self._seen.clear()
        self._seen[key] = keys
