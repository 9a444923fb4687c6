"""Mutated OpenAPI documents for fuzzing: a seed spec with hostile values planted at
random places, and the targets every stage must survive (shared by tests and bench/fuzz_spec.py)."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable

from hypothesis import strategies as st

SEED = Path(__file__).resolve().parent / "comply" / "openapi-mini.json"

HOSTILE: list[Any] = [
    None, 5, -1.5, True, False, "", "x", [], [None], [5], {}, {"$ref": []}, {"$ref": 5},
    {"$ref": "#/components/schemas/Nope"}, {"$ref": "#/"}, {"$ref": "#"}, {"$ref": "http://x/y"},
    {"type": False}, {"type": [None, 5]}, {"type": {}}, {"properties": []}, {"properties": {"a": 5}},
    {"required": "a"}, {"enum": 5}, {"allOf": 5}, {"oneOf": [None]}, {"anyOf": {}}, {"items": 5},
    {"tags": [None]}, {"summary": 5}, {"parameters": [None, 5]}, {"name": None, "in": 5},
    {"content": []}, {"content": {"application/json": 5}}, {"responses": []}, {"headers": 5},
    {"required": True}, {"type": "array", "minItems": 10 ** 9}, {"type": "string", "minLength": 10 ** 9},
    {"security": True}, {"requestBody": 5}, {"discriminator": {"propertyName": 5, "mapping": []}},
    {"$ref": "#/info/version"}, {"$ref": "#/openapi"}, {"oneOf": [{"$ref": "#/info/title"}],
                                                       "discriminator": {"propertyName": "role", "mapping": {"user": {}}}},
]


def seed_spec() -> dict[str, Any]:
    return json.loads(SEED.read_text(encoding="utf-8"))


def places(doc: Any) -> list[tuple[Any, Any]]:
    """(container, key) of every value in the document, in document order."""
    out: list[tuple[Any, Any]] = []
    stack = [doc]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            out.append((node, key))
            stack.append(value)
    return out


def nested(depth: int, how: str) -> Any:
    """A schema nested `depth` levels (through properties, items or allOf)."""
    node: Any = {"type": "string"}
    for _ in range(depth):
        if how == "properties":
            node = {"type": "object", "properties": {"a": node}}
        elif how == "items":
            node = {"type": "array", "items": node}
        else:
            node = {"allOf": [node]}
    return node


@st.composite
def mutated_specs(draw: Callable) -> dict[str, Any]:
    """The seed spec with 1-4 values replaced by hostile ones (or deep nesting, or self-refs)."""
    doc = seed_spec()
    for _ in range(draw(st.integers(1, 4))):
        spots = places(doc)
        container, key = spots[draw(st.integers(0, len(spots) - 1))]
        kind = draw(st.sampled_from(["hostile", "hostile", "hostile", "deep", "self-ref"]))
        if kind == "hostile":
            container[key] = copy.deepcopy(draw(st.sampled_from(HOSTILE)))
        elif kind == "deep":
            container[key] = nested(draw(st.sampled_from([50, 200, 350])),
                                    draw(st.sampled_from(["properties", "items", "allOf"])))
        else:
            components = doc.setdefault("components", {})
            schemas = components.setdefault("schemas", {}) if isinstance(components, dict) else None
            if isinstance(schemas, dict):
                schemas["Self"] = {"$ref": "#/components/schemas/Self", "type": "object"}
                container[key] = {"$ref": "#/components/schemas/Self"}
    if not isinstance(doc.get("paths"), dict):
        doc["paths"] = {}
    return doc


# -- what must survive a mutated spec (old: the seed, new: the mutation) --------------------
def _load(old: dict, new: dict) -> None:
    from checker.api.document import canonical_json, parse_spec

    parse_spec(canonical_json(new).encode(), "fuzz.json")


def _model(old: dict, new: dict) -> None:
    from checker.api.model import Spec, media_types

    spec = Spec(new)
    for op in spec.operations.values():
        (op.label, op.page, op.tags, op.summary, op.operation_id)
        spec.parameters(op), spec.security(op)
        body = spec.request_body(op)
        if body:
            media_types(*body)
        for resp in spec.responses(op).values():
            media_types(*resp)
    spec.problems


def _diff(old: dict, new: dict) -> None:
    from checker.diff.spec import diff_specs

    diff_specs(old, new)
    diff_specs(new, old)


def _validity(old: dict, new: dict) -> None:
    from checker.api.validity import structural_findings

    structural_findings(new)


def _rules(old: dict, new: dict) -> None:
    from checker.rules.evaluate import evaluate

    evaluate(_ruleset(), spec=new, pages={})


_RULES: list = []


def _ruleset():
    if not _RULES:
        from checker.rules.load import load_rules
        from checker.sources.target import bundled_rules_dir

        _RULES.append(load_rules(bundled_rules_dir(), "openrouter"))
    return _RULES[0]


def _validate(old: dict, new: dict) -> None:
    from checker.comply.validator import Validator

    validator = Validator(new)
    body = {"model": "openai/gpt-4", "messages": [{"role": "user", "content": "hi"}]}
    validator.check("POST", "https://openrouter.ai/api/v1/chat/completions",
                    {"Authorization": "Bearer x", "Content-Type": "application/json"}, body)
    validator.check("GET", "https://openrouter.ai/api/v1/models?limit=5", {"Authorization": "Bearer x"})


def _stub(old: dict, new: dict) -> None:
    from checker.comply.compile import compile_spec
    from checker.record.samples import success_response

    compiled = compile_spec(new)
    for op in compiled.api.operations.values():
        success_response(compiled, op, stream=False)


TARGETS: dict[str, Callable[[dict, dict], None]] = {
    "loader": _load, "model": _model, "diff": _diff, "validity": _validity,
    "rules": _rules, "validate": _validate, "stub": _stub,
}
