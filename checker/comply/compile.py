"""OpenAPI schemas as JSON Schema 2020-12, compiled once per spec (cached by the spec's hash).

The spec is registered as one resource, so `$ref`s resolve inside it; OpenAPI 3.0 leftovers
(`nullable: true`, boolean `exclusiveMinimum`) are rewritten to their 2020-12 meaning first.
"""
from __future__ import annotations

import threading
from typing import Any, Callable
from urllib.parse import quote

import jsonschema_rs

from checker.api.jsonschema import to_json_schema
from checker.api.model import Spec
from checker.api.pointer import resolve as resolve_pointer

SPEC_URI = "urn:checker:openapi"


class CompiledSpec:
    """A spec converted to JSON Schema, with validators compiled lazily per schema location."""

    def __init__(self, spec: dict[str, Any], sha: str) -> None:
        self.spec = spec
        self.api = Spec(spec)
        self.sha = sha
        self.doc = to_json_schema(spec)
        self.json = Spec(self.doc)  # the same navigation over the JSON Schema copy
        self.problems: list[str] = []  # schemas that could not be compiled (their checks are skipped)
        try:
            self.registry = jsonschema_rs.Registry([(SPEC_URI, self.doc)])
        except (ValueError, jsonschema_rs.ValidationError) as exc:
            self.problems.append(f"the spec cannot be used as JSON Schema: {exc}"[:300])
            self.registry = jsonschema_rs.Registry([(SPEC_URI, {})])
        self._validators: dict[str, Any] = {}
        self._memo: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def memo(self, key: Any, build: Callable[[], Any]) -> Any:
        """A value derived from this spec, computed once (per-operation lookups on the hot path)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = build()
            return value

    def schema_at(self, pointer: str) -> Any:
        return resolve_pointer(self.doc, pointer)

    def deref(self, schema: Any) -> dict[str, Any] | None:
        """Follow local `$ref`s to an object schema in the JSON Schema copy (`true` is `{}`);
        None when they end anywhere else (a dangling `$ref`, `false`, a scalar)."""
        found = self.json.follow(schema, "")[0]
        return {} if found is True else found if isinstance(found, dict) else None

    def validator(self, pointer: str) -> Any:
        """Compiled validator for the schema at `pointer` in the spec (built once)."""
        found = self._validators.get(pointer)
        if found is None:
            with self._lock:
                found = self._validators.get(pointer)
                if found is None:
                    found = self._validators[pointer] = self._compile(pointer)
        return found


    def _compile(self, pointer: str) -> Any:
        ref = {"$ref": f"{SPEC_URI}#{quote(pointer, safe='/~')}"}
        try:
            return jsonschema_rs.Draft202012Validator(ref, registry=self.registry)
        except (ValueError, jsonschema_rs.ValidationError) as exc:  # a malformed upstream schema
            self.problems.append(f"{pointer}: {exc}"[:300])
            return jsonschema_rs.Draft202012Validator(True)  # its checks are skipped, the run goes on


_CACHE: dict[str, CompiledSpec] = {}
_BY_ID: dict[int, tuple[dict[str, Any], CompiledSpec]] = {}
_CACHE_LOCK = threading.Lock()


def compile_spec(spec: dict[str, Any]) -> CompiledSpec:
    """The compiled form of `spec`, shared by every caller passing the same (or an equal) spec."""
    held = _BY_ID.get(id(spec))
    if held is not None and held[0] is spec:
        return held[1]
    from checker.api.document import spec_sha256

    sha = spec_sha256(spec)
    with _CACHE_LOCK:
        compiled = _CACHE.get(sha)
        if compiled is None:
            compiled = _CACHE[sha] = CompiledSpec(spec, sha)
            while len(_CACHE) > 4:  # a few specs at most (old/new); drop the oldest
                _CACHE.pop(next(iter(_CACHE)))
        if len(_BY_ID) > 16:
            _BY_ID.clear()
        _BY_ID[id(spec)] = (spec, compiled)
    return compiled


def router_for(compiled: CompiledSpec) -> "Router":
    from checker.comply.operations import Router

    router = compiled.__dict__.get("_router")
    if router is None:
        router = compiled.__dict__["_router"] = Router(compiled.api)
    return router
