"""Request bodies against the operation's request schema: violations with pointer, rule, expected, found.

The fast path is one compiled `is_valid` call; only invalid bodies are explained. A failed
`oneOf`/`anyOf` is explained through the branch the body meant (the OpenAPI discriminator when
there is one, else the branch that got furthest), so the user sees the leaf that is wrong.
"""
from __future__ import annotations

import difflib
import json
import re
from typing import Any
from urllib.parse import unquote

from msgspec import Struct

from checker.api.model import Operation, media_types
from checker.redact import redact_text
from checker.comply.compile import SPEC_URI, CompiledSpec
from checker.api.pointer import escape as pointer_escape

# "Did you mean" only for near-typos (max_tokns -> max_tokens), not for other words (usage -> user).
SUGGEST_CUTOFF = 0.75
PLACEHOLDER = re.compile(r"^__[A-Z][A-Z0-9_]*__$")
_BRANCHING = ("oneOf", "anyOf")
_MAX_DEPTH = 12
_CLOSE_CACHE = 4096


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and PLACEHOLDER.match(value) is not None


class Violation(Struct, frozen=True):
    pointer: str  # JSON pointer into the payload
    rule: str  # the JSON Schema keyword that failed (type, required, enum, discriminator, ...)
    expected: Any
    found: Any
    message: str
    schema_location: str  # JSON pointer into the spec

    @property
    def field(self) -> str:
        return self.pointer or "the body"


def request_schema_pointer(compiled: CompiledSpec, op: Operation) -> str | None:
    """Spec pointer of the operation's JSON request body schema (None: no JSON body documented)."""
    body = compiled.api.request_body(op)
    if body is None:
        return None
    medias = media_types(*body)
    for media in sorted(medias, key=lambda m: (m != "application/json", "json" not in m)):
        if "json" in media and medias[media][0] is not None:
            return medias[media][0][1]
    return None


def check_body(compiled: CompiledSpec, schema_pointer: str, body: Any) -> list[Violation]:
    """All violations of `body` (empty when valid); placeholder strings count as valid."""
    validator = compiled.validator(schema_pointer)
    if validator.is_valid(body):
        return []
    out: list[Violation] = []
    for error in validator.iter_errors(body):
        for leaf in _explain(compiled, error, 0):
            if not is_placeholder(leaf.found):
                out.append(leaf)
    return out


def _explain(compiled: CompiledSpec, error: Any, depth: int) -> list[Violation]:
    context = getattr(error.kind, "context", None)
    if context and depth < _MAX_DEPTH:
        picked = _pick_branch(compiled, error, context)
        if isinstance(picked, Violation):
            return [picked]
        if picked is not None:
            leaves = [v for e in picked for v in _explain(compiled, e, depth + 1)]
            return [v for v in leaves if not is_placeholder(v.found)]
    return [_violation(compiled, error)]


def _pick_branch(compiled: CompiledSpec, error: Any, context: list[list[Any]]) -> Any:
    """The errors of the branch the instance meant, a discriminator Violation, or None (ambiguous)."""
    location = _spec_pointer(error.absolute_keyword_location)
    parent = compiled.schema_at(location.rsplit("/", 1)[0]) if location else None
    instance = error.instance
    disc = parent.get("discriminator") if isinstance(parent, dict) else None
    if isinstance(disc, dict) and isinstance(instance, dict) and isinstance(disc.get("propertyName"), str):
        chosen = _by_discriminator(compiled, error, parent, disc, context)
        if chosen is not None:
            return chosen
    clean = [b for b in context if all(is_placeholder(e.instance) for e in b)]
    if clean:
        return []  # a branch fails only on placeholders: the body is fine there
    base = len(error.instance_path)
    scored = sorted(range(len(context)), key=lambda i: _score(context[i], base))
    best = context[scored[0]]
    if _score(best, base)[0] and all(_score(b, base)[0] for b in context):
        return None  # no branch accepts this kind of value: report the oneOf/anyOf itself
    return best


def _by_discriminator(compiled: CompiledSpec, error: Any, parent: dict[str, Any], disc: dict[str, Any],
                      context: list[list[Any]]) -> Any:
    prop = disc["propertyName"]
    mapping = disc.get("mapping")
    mapping = mapping if isinstance(mapping, dict) else {}
    value = error.instance.get(prop)
    branches = parent.get(_keyword(error.absolute_keyword_location)) or []
    known = isinstance(value, str) and value in mapping  # a client may send any JSON value there
    if mapping and not known and not is_placeholder(value):
        pointer = _pointer(error.instance_path) + "/" + pointer_escape(prop)
        expected = sorted(mapping)
        found = "missing" if value is None else value
        message = (f"{pointer}: {json.dumps(found)} is not one of {json.dumps(expected)}"
                   if prop in error.instance else f"{_pointer(error.instance_path) or 'the body'}: "
                   f"'{prop}' is required to choose the variant (one of {json.dumps(expected)})")
        return Violation(pointer, "discriminator", expected, found if prop in error.instance else None,
                         message, _spec_pointer(error.absolute_keyword_location))
    target = mapping.get(value) if known else None
    target = target if isinstance(target, str) else None  # a malformed mapping names no branch
    for index, branch in enumerate(branches):
        if isinstance(branch, dict) and target and branch.get("$ref", "").endswith(target.split("#")[-1]):
            return context[index] if index < len(context) else None
    return None


def _score(branch: list[Any], base: int) -> tuple[int, int, int, int]:
    """Lower is better: type fits, discriminating const/enum fits, fewest errors, deepest."""
    real = [e for e in branch if not is_placeholder(e.instance)]
    type_miss = any(e.kind.name == "type" and len(e.instance_path) == base for e in real)
    tag_miss = any(e.kind.name in ("const", "enum") and len(e.instance_path) == base + 1 for e in real)
    depth = max((len(e.instance_path) for e in real), default=base)
    return int(type_miss), int(tag_miss), len(real), -depth


def _violation(compiled: CompiledSpec, error: Any) -> Violation:
    location = _spec_pointer(error.absolute_keyword_location)
    rule = error.kind.name
    pointer = _pointer(error.instance_path)
    found: Any = error.instance
    if rule in _BRANCHING:
        expected = _branch_summary(compiled, compiled.schema_at(location))
    elif rule == "required":
        expected, found = error.kind.value, None
        pointer = f"{pointer}/{pointer_escape(str(error.kind.value))}"
    else:
        expected = error.kind.value
    message = f"{pointer or 'the body'}: {redact_text(_shorten(error.message))}"
    return Violation(pointer, rule, expected, _summary(found), message, location)


def _branch_summary(compiled: CompiledSpec, branches: Any) -> Any:
    """What a failed oneOf/anyOf accepts, in a word per branch (types or constants)."""
    kinds: list[Any] = []
    for branch in branches if isinstance(branches, list) else []:
        schema = compiled.deref(branch) or {}
        kind = schema.get("const", schema.get("type", schema.get("title", "object")))
        for item in kind if isinstance(kind, list) else [kind]:
            if item not in kinds:
                kinds.append(item)
    return kinds


def unknown_fields(compiled: CompiledSpec, schema_pointer: str, body: Any) -> list[tuple[str, list[str]]]:
    """Top-level fields the request schema does not declare, each with close known names."""
    if not isinstance(body, dict):
        return []
    known = top_level_properties(compiled, schema_pointer)
    if not known:
        return []
    return [(name, _close_matches(compiled, schema_pointer, name, known)) for name in body if name not in known]


def _close_matches(compiled: CompiledSpec, schema_pointer: str, name: str, known: dict[str, Any]) -> list[str]:
    """difflib is slow and traffic repeats its typos: remembered, in a bounded cache."""
    cache = compiled.__dict__.setdefault("_close", {})
    key = (schema_pointer, name)
    if key not in cache:
        if len(cache) >= _CLOSE_CACHE:
            cache.clear()
        cache[key] = difflib.get_close_matches(name, known, n=1, cutoff=SUGGEST_CUTOFF)
    return cache[key]


def deprecated_fields(compiled: CompiledSpec, schema_pointer: str, body: Any) -> list[str]:
    if not isinstance(body, dict):
        return []
    deprecated = compiled.memo(("deprecated", schema_pointer), lambda: frozenset(
        name for name, schema in top_level_properties(compiled, schema_pointer).items()
        if (compiled.deref(schema) or {}).get("deprecated") is True))
    return [name for name in body if name in deprecated] if deprecated else []


def top_level_properties(compiled: CompiledSpec, schema_pointer: str) -> dict[str, Any]:
    cache = compiled.__dict__.setdefault("_top_props", {})
    if schema_pointer not in cache:
        cache[schema_pointer] = _collect_properties(compiled, compiled.schema_at(schema_pointer), 0)
    return cache[schema_pointer]


def _collect_properties(compiled: CompiledSpec, schema: Any, depth: int) -> dict[str, Any]:
    schema = compiled.deref(schema)
    if not isinstance(schema, dict) or depth > 6:
        return {}
    props = dict(schema.get("properties") or {})
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key) or []:
            props.update(_collect_properties(compiled, part, depth + 1))
    return props


def _keyword(location: str | None) -> str:
    return (location or "").rsplit("/", 1)[-1]


def _spec_pointer(location: str | None) -> str:
    if not location:
        return ""
    if not (location.startswith(SPEC_URI) and "#" in location):
        return location
    return unquote(location.split("#", 1)[1])


def _pointer(path: Any) -> str:
    return "".join(f"/{pointer_escape(str(p))}" for p in path)


def _shorten(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary(value: Any) -> Any:
    """A found value small enough for a report: scalars as is, containers abbreviated."""
    if isinstance(value, str):
        return redact_text(_shorten(value, 120))
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False)
        return redact_text(_shorten(text, 120)) if len(text) > 120 else json.loads(redact_text(text))
    return value

