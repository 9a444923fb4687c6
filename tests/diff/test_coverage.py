"""Spec diff coverage past oasdiff (issue 13): each pattern has a pair that reports it, with
its direction-aware severity, and a pair that must not."""
from __future__ import annotations

import pytest

from tests.unit.spec_builders import OBJ, api, codes, obj

S, INT, NUM = {"type": "string"}, {"type": "integer"}, {"type": "number"}


def q(name: str, **extra: object) -> dict:
    return {"name": name, "in": "query", "schema": S} | extra


def body(required: bool) -> dict:
    return {"requestBody": {"required": required, "content": {"application/json": {"schema": OBJ}}}}


def with_headers(headers: dict) -> dict:
    return {"responses": {"200": {"description": "ok", "headers": headers,
                                  "content": {"application/json": {"schema": OBJ}}}}}


def prop(**schema: object) -> dict:
    return obj(a=dict(schema))


def union(tag: str, mapping: dict | None = None) -> dict:
    disc = {"propertyName": tag} | ({"mapping": mapping} if mapping else {})
    return {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
            "discriminator": disc}


VARIANTS = {"A": obj(kind={"const": "a"}, t={"const": "a"}), "B": obj(kind={"const": "b"}, t={"const": "b"})}

# (id, old, new, expected code -> severity); every other code must be absent.
CASES = [
    ("operation-id-changed", api(op={"operationId": "createThing"}), api(op={"operationId": "makeThing"}),
     {"api-operation-id-changed": "warning"}),
    ("operation-id-kept", api(op={"operationId": "createThing"}),
     api(op={"operationId": "createThing", "description": "new"}), {}),
    ("parameter-deprecated", api(params=[q("a")]), api(params=[q("a", deprecated=True)]),
     {"request-parameter-deprecated": "warning"}),
    ("parameter-deprecated-already", api(params=[q("a", deprecated=True)]),
     api(params=[q("a", deprecated=True, description="d")]), {}),
    ("parameter-sunset", api(params=[q("a")]), api(params=[q("a", **{"x-sunset": "2027-01-01"})]),
     {"request-parameter-sunset-changed": "warning"}),
    ("parameter-sunset-kept", api(params=[q("a", **{"x-sunset": "2027-01-01"})]),
     api(params=[q("a", **{"x-sunset": "2027-01-01"})]) | {"info": {"title": "u", "version": "2"}}, {}),
    ("request-body-became-optional", api(op=body(True)), api(op=body(False)),
     {"request-body-became-optional": "info"}),
    ("request-body-stays-required", api(op=body(True)), api(op=body(True) | {"summary": "Create a thing"}), {}),
    ("request-multiple-of-narrowed", api(body=prop(type="integer", multipleOf=2)),
     api(body=prop(type="integer", multipleOf=4)), {"request-property-multiple-of-narrowed": "error"}),
    ("request-multiple-of-widened-is-silent", api(body=prop(type="integer", multipleOf=4)),
     api(body=prop(type="integer", multipleOf=2)), {}),
    ("response-multiple-of-widened", api(resp=prop(type="integer", multipleOf=4)),
     api(resp=prop(type="integer", multipleOf=2)), {"response-property-multiple-of-widened": "warning"}),
    ("request-unique-items", api(body=prop(type="array", items=S)),
     api(body=prop(type="array", items=S, uniqueItems=True)), {"request-property-became-unique-items": "error"}),
    ("response-unique-items-dropped", api(resp=prop(type="array", items=S, uniqueItems=True)),
     api(resp=prop(type="array", items=S)), {"response-property-unique-items-removed": "warning"}),
    ("response-max-increased", api(resp=prop(type="integer", maximum=10)),
     api(resp=prop(type="integer", maximum=20)), {"response-property-max-increased": "warning"}),
    ("request-max-increased-is-silent", api(body=prop(type="integer", maximum=10)),
     api(body=prop(type="integer", maximum=20)), {}),
    ("response-max-length-dropped", api(resp=prop(type="string", maxLength=10)),
     api(resp=prop(type="string")), {"response-property-max-length-increased": "warning"}),
    ("response-min-items-decreased", api(resp=prop(type="array", items=S, minItems=2)),
     api(resp=prop(type="array", items=S, minItems=1)), {"response-property-min-items-decreased": "warning"}),
    ("response-tighter-bound-is-silent", api(resp=prop(type="integer", maximum=20)),
     api(resp=prop(type="integer", maximum=10)), {}),
    ("response-pattern-removed", api(resp=prop(type="string", pattern="^a")), api(resp=prop(type="string")),
     {"response-property-pattern-removed": "warning"}),
    ("response-pattern-changed", api(resp=prop(type="string", pattern="^a")),
     api(resp=prop(type="string", pattern="^b")), {"response-property-pattern-changed": "warning"}),
    ("request-pattern-removed-is-silent", api(body=prop(type="string", pattern="^a")),
     api(body=prop(type="string")), {}),
    ("response-header-added", api(op=with_headers({})), api(op=with_headers({"X-Rate": {"schema": INT}})),
     {"response-header-added": "info"}),
    ("response-header-schema-changed", api(op=with_headers({"X-Rate": {"schema": INT}})),
     api(op=with_headers({"X-Rate": {"schema": S}})), {"response-header-type-changed": "error"}),
    ("response-header-case-only", api(op=with_headers({"X-Rate": {"schema": INT}})),
     api(op=with_headers({"x-rate": {"schema": INT}})), {}),
    ("discriminator-property-changed", api(body=union("kind"), schemas=VARIANTS),
     api(body=union("t"), schemas=VARIANTS), {"request-property-discriminator-property-changed": "error"}),
    ("discriminator-mapping-changed",
     api(body=union("kind", {"a": "#/components/schemas/A", "b": "#/components/schemas/B"}), schemas=VARIANTS),
     api(body=union("kind", {"a": "#/components/schemas/B", "b": "#/components/schemas/A"}), schemas=VARIANTS),
     {"request-property-discriminator-mapping-changed": "warning"}),
    ("discriminator-mapping-gains-a-value-is-silent",
     api(body=union("kind", {"a": "#/components/schemas/A"}), schemas=VARIANTS),
     api(body=union("kind", {"a": "#/components/schemas/A", "b": "#/components/schemas/B"}), schemas=VARIANTS),
     {}),
    ("discriminator-unchanged", api(body=union("kind", {"a": "#/components/schemas/A"}), schemas=VARIANTS),
     api(body=union("kind", {"a": "#/components/schemas/A"}), schemas=VARIANTS) | {"info": {"title": "x",
                                                                                            "version": "3"}}, {}),
]


@pytest.mark.parametrize("old,new,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_coverage_pattern(old: dict, new: dict, expected: dict[str, str]) -> None:
    assert codes(old, new) == expected
