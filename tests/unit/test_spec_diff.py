"""Spec diff: one positive and one negative synthetic pair per change kind of issue 3."""
from __future__ import annotations

import pytest

from tests.unit.spec_builders import OBJ, api, codes, obj

S, I_, N = {"type": "string"}, {"type": "integer"}, {"type": "number"}


def q(name: str, schema: dict | None = None, required: bool = False, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema or S}


# (id, old, new, code, severity, negative_old, negative_new): the positive pair must report
# `code` with `severity`; the negative pair must not report `code` at all.
CASES = [
    # -- operations ---------------------------------------------------------------
    ("operation-removed", api(), api(op={}) | {"paths": {"/other": {}, "/things": {}}},
     "api-operation-removed", "error", api(), api(op={"description": "reworded"})),
    ("path-removed", api(), api() | {"paths": {}}, "api-path-removed", "error", api(), api()),
    ("operation-added", api() | {"paths": {}}, api(), "endpoint-added", "info", api(), api()),
    ("operation-deprecated", api(), api(op={"deprecated": True}), "endpoint-deprecated", "warning",
     api(op={"deprecated": True}), api()),
    # -- parameters ---------------------------------------------------------------
    ("param-added-required", api(params=[]), api(params=[q("a", required=True)]),
     "new-required-request-parameter", "error", api(params=[]), api(params=[q("a")])),
    ("param-added-optional", api(params=[]), api(params=[q("a")]),
     "new-optional-request-parameter", "info", api(params=[]), api(params=[q("a", required=True)])),
    ("query-param-removed", api(params=[q("a")]), api(params=[]), "request-parameter-removed", "error",
     api(params=[q("a")]), api(params=[q("a") | {"description": "new words"}])),
    ("header-param-removed", api(params=[q("X-Key", where="header")]), api(params=[]),
     "request-parameter-removed", "error",
     api(params=[q("X-Key", where="header")]), api(params=[q("x-key", where="header")])),
    ("path-param-type", api(params=[q("id", I_, True, "path")]), api(params=[q("id", S, True, "path")]),
     "request-parameter-type-changed", "error",
     api(params=[q("id", I_, True, "path")]), api(params=[q("id", N, True, "path")])),
    ("param-became-required", api(params=[q("a")]), api(params=[q("a", required=True)]),
     "request-parameter-became-required", "error",
     api(params=[q("a", required=True)]), api(params=[q("a")])),
    ("param-enum-removed", api(params=[q("a", {"type": "string", "enum": ["x", "y"]})]),
     api(params=[q("a", {"type": "string", "enum": ["x"]})]), "request-parameter-enum-value-removed", "error",
     api(params=[q("a", {"type": "string", "enum": ["x"]})]),
     api(params=[q("a", {"type": "string", "enum": ["x", "y"]})])),
    ("param-enum-added", api(params=[q("a", {"type": "string", "enum": ["x"]})]),
     api(params=[q("a", {"type": "string", "enum": ["x", "y"]})]), "request-parameter-enum-value-added", "info",
     api(params=[q("a", {"type": "string", "enum": ["x", "y"]})]),
     api(params=[q("a", {"type": "string", "enum": ["y", "x"]})])),
    ("param-default-changed", api(params=[q("n", {"type": "integer", "default": 10})]),
     api(params=[q("n", {"type": "integer", "default": 20})]), "request-parameter-default-value-changed",
     "warning", api(params=[q("n", {"type": "integer", "default": 10})]),
     api(params=[q("n", {"type": "integer", "default": 10, "description": "d"})])),
    # -- request body -------------------------------------------------------------
    ("body-became-required", api(body=OBJ, op={"requestBody": {"required": False, "content": {
        "application/json": {"schema": OBJ}}}}), api(body=OBJ), "request-body-became-required", "error",
     api(body=OBJ), api(body=OBJ, op={"requestBody": {"required": False, "content": {
         "application/json": {"schema": OBJ}}}})),
    ("body-media-removed", api(body=OBJ, op={"requestBody": {"content": {
        "application/json": {"schema": OBJ}, "multipart/form-data": {"schema": OBJ}}}}), api(body=OBJ),
     "request-body-media-type-removed", "error", api(body=OBJ), api(body=OBJ, op={"requestBody": {
         "content": {"application/json": {"schema": OBJ}, "multipart/form-data": {"schema": OBJ}}}})),
    ("req-prop-added-required", api(body=obj(a=S)), api(body=obj(a=S, b=S) | {"required": ["b"]}),
     "new-required-request-property", "error", api(body=obj(a=S)), api(body=obj(a=S, b=S))),
    ("req-prop-added-optional", api(body=obj(a=S)), api(body=obj(a=S, b=S)),
     "new-optional-request-property", "info", api(body=obj(a=S)), api(body=obj(a=S) | {"required": ["a"]})),
    ("req-prop-removed", api(body=obj(a=S, b=S)), api(body=obj(a=S)), "request-property-removed", "error",
     api(body=obj(a=S)), api(body=obj(a=S, b=S))),
    ("req-prop-became-required", api(body=obj(a=S)), api(body=obj(a=S) | {"required": ["a"]}),
     "request-property-became-required", "error",
     api(body=obj(a=S) | {"required": ["a"]}), api(body=obj(a=S))),
    ("req-prop-type-changed", api(body=obj(a=S)), api(body=obj(a=I_)), "request-property-type-changed",
     "error", api(body=obj(a=I_)), api(body=obj(a=N))),
    ("req-prop-type-narrowed", api(body=obj(a={"type": ["string", "integer"]})), api(body=obj(a=S)),
     "request-property-type-changed", "error", api(body=obj(a=S)), api(body=obj(a={"type": ["string", "integer"]}))),
    ("req-enum-removed", api(body=obj(a={"type": "string", "enum": ["x", "y"]})),
     api(body=obj(a={"type": "string", "enum": ["x"]})), "request-property-enum-value-removed", "error",
     api(body=obj(a={"type": "string", "enum": ["x"]})), api(body=obj(a={"type": "string", "enum": ["x", "y"]}))),
    ("req-became-enum", api(body=obj(a=S)), api(body=obj(a={"type": "string", "enum": ["x", "y"]})),
     "request-property-became-enum", "error",
     api(body=obj(a={"type": "string", "enum": ["x", "y"]})), api(body=obj(a=S))),
    ("req-max-decreased", api(body=obj(a={"type": "integer", "maximum": 10})),
     api(body=obj(a={"type": "integer", "maximum": 5})), "request-property-max-decreased", "error",
     api(body=obj(a={"type": "integer", "maximum": 5})), api(body=obj(a={"type": "integer", "maximum": 10}))),
    ("req-max-length-decreased", api(body=obj(a={"type": "string", "maxLength": 10})),
     api(body=obj(a={"type": "string", "maxLength": 5})), "request-property-max-length-decreased", "error",
     api(body=obj(a={"type": "string", "maxLength": 5})), api(body=obj(a=S))),
    ("req-min-increased", api(body=obj(a={"type": "number", "minimum": 0})),
     api(body=obj(a={"type": "number", "minimum": 1})), "request-property-min-increased", "error",
     # 3.0 boolean exclusiveMinimum on an integer: > 0 is the same as >= 1
     api(body=obj(a={"type": "integer", "minimum": 0, "exclusiveMinimum": True})),
     api(body=obj(a={"type": "integer", "minimum": 1}))),
    ("req-pattern-added", api(body=obj(a=S)), api(body=obj(a={"type": "string", "pattern": "^a"})),
     "request-property-pattern-added", "warning",
     api(body=obj(a={"type": "string", "pattern": "^a"})), api(body=obj(a=S))),
    ("req-one-of-removed", api(body=obj(a={"oneOf": [S, I_]})), api(body=obj(a={"oneOf": [S]} | {})),
     "request-property-one-of-removed", "error",
     api(body=obj(a={"oneOf": [S, I_]})), api(body=obj(a={"oneOf": [I_, S]}))),
    ("req-any-of-removed", api(body=obj(a={"anyOf": [S, I_, {"type": "boolean"}]})),
     api(body=obj(a={"anyOf": [S, I_]})), "request-property-any-of-removed", "error",
     api(body=obj(a={"anyOf": [S, I_]})), api(body=obj(a={"anyOf": [S, I_, {"type": "boolean"}]}))),
    ("req-const-changed", api(body=obj(t={"type": "string", "const": "a"})),
     api(body=obj(t={"type": "string", "const": "b"})), "request-property-const-changed", "error",
     api(body=obj(t={"type": "string", "const": "a"})), api(body=obj(t={"type": "string", "enum": ["a"]}))),
    ("req-additional-closed", api(body=obj(a=S)), api(body=obj(a=S) | {"additionalProperties": False}),
     "request-property-additional-properties-closed", "warning",
     api(body=obj(a=S) | {"additionalProperties": False}), api(body=obj(a=S))),
    ("req-default-changed", api(body=obj(a={"type": "integer", "default": 1})),
     api(body=obj(a={"type": "integer", "default": 2})), "request-property-default-value-changed", "warning",
     api(body=obj(a={"type": "integer"})), api(body=obj(a={"type": "integer", "default": 2}))),
    ("req-deprecated", api(body=obj(a=S)), api(body=obj(a={"type": "string", "deprecated": True})),
     "request-property-deprecated", "warning",
     api(body=obj(a={"type": "string", "deprecated": True})), api(body=obj(a=S))),
    ("req-became-not-nullable", api(body=obj(a={"type": ["string", "null"]})), api(body=obj(a=S)),
     "request-property-became-not-nullable", "error",
     api(body=obj(a=S)), api(body=obj(a={"type": ["string", "null"]}))),
    # -- responses ----------------------------------------------------------------
    ("success-status-removed", api(op={"responses": {"200": {"description": "ok"}, "201": {"description": "c"}}}),
     api(op={"responses": {"200": {"description": "ok"}}}), "response-success-status-removed", "error",
     api(op={"responses": {"200": {"description": "ok"}, "404": {"description": "nf"}}}),
     api(op={"responses": {"200": {"description": "ok"}}})),
    ("stream-media-removed", api(op={"responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": OBJ}, "text/event-stream": {"schema": S}}}}}), api(),
     "response-media-type-removed", "error", api(), api(op={"responses": {"200": {"description": "ok", "content": {
         "application/json": {"schema": OBJ}, "text/event-stream": {"schema": S}}}}})),
    ("resp-required-removed", api(resp=obj(a=S, b=S) | {"required": ["a", "b"]}),
     api(resp=obj(a=S) | {"required": ["a"]}), "response-required-property-removed", "error",
     api(resp=obj(a=S, b=S) | {"required": ["a"]}), api(resp=obj(a=S) | {"required": ["a"]})),
    ("resp-optional-removed", api(resp=obj(a=S, b=S)), api(resp=obj(a=S)),
     "response-optional-property-removed", "warning", api(resp=obj(a=S)), api(resp=obj(a=S, b=S))),
    ("resp-became-optional", api(resp=obj(a=S) | {"required": ["a"]}), api(resp=obj(a=S)),
     "response-property-became-optional", "warning", api(resp=obj(a=S)), api(resp=obj(a=S) | {"required": ["a"]})),
    ("resp-became-nullable", api(resp=obj(a=S)), api(resp=obj(a={"anyOf": [S, {"type": "null"}]})),
     "response-property-became-nullable", "warning",
     api(resp=obj(a={"type": "string", "nullable": True})), api(resp=obj(a={"anyOf": [S, {"type": "null"}]}))),
    ("resp-type-changed", api(resp=obj(a=S)), api(resp=obj(a=I_)), "response-property-type-changed", "error",
     api(resp=obj(a=I_)), api(resp=obj(a=I_) | {"description": "x"})),
    ("resp-type-widened", api(resp=obj(a=I_)), api(resp=obj(a=N)), "response-property-type-changed", "warning",
     api(resp=obj(a=N)), api(resp=obj(a=I_))),
    ("resp-enum-added", api(resp=obj(a={"type": "string", "enum": ["x"]})),
     api(resp=obj(a={"type": "string", "enum": ["x", "y"]})), "response-property-enum-value-added", "warning",
     api(resp=obj(a={"type": "string", "enum": ["x", "y"]})), api(resp=obj(a={"type": "string", "enum": ["x"]}))),
    ("resp-one-of-added", api(resp=obj(a={"oneOf": [S, I_]})), api(resp=obj(a={"oneOf": [S, I_, {"type": "boolean"}]})),
     "response-property-one-of-added", "warning",
     api(resp=obj(a={"oneOf": [S, I_, {"type": "boolean"}]})), api(resp=obj(a={"oneOf": [S, I_]}))),
    ("resp-header-removed", api(op={"responses": {"200": {"description": "ok", "headers": {
        "X-RateLimit": {"schema": I_}}}}}), api(op={"responses": {"200": {"description": "ok"}}}),
     "response-optional-header-removed", "warning",
     api(op={"responses": {"200": {"description": "ok", "headers": {"X-RateLimit": {"schema": I_}}}}}),
     api(op={"responses": {"200": {"description": "ok", "headers": {"x-ratelimit": {"schema": I_}}}}})),
    # -- security -----------------------------------------------------------------
    ("security-added", api(), api(security=[{"key": []}], components={"schemas": {}, "securitySchemes": {
        "key": {"type": "http", "scheme": "bearer"}}}), "api-security-added", "error",
     api(security=[{"key": []}]), api(security=[{"key": []}], info={"title": "t2", "version": "1"})),
    ("security-scheme-changed",
     api(security=[{"key": []}], components={"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}}),
     api(security=[{"key": []}], components={"securitySchemes": {"key": {"type": "apiKey", "in": "header",
                                                                          "name": "X-Key"}}}),
     "api-security-scheme-changed", "error",
     api(security=[{"key": []}], components={"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}}),
     api(security=[{"key": []}], components={"securitySchemes": {"key": {
         "type": "http", "scheme": "bearer", "description": "Bearer key"}}})),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_change_kind_is_reported_with_its_severity(case):
    _, old, new, code, severity, _, _ = case
    found = codes(old, new)
    assert found.get(code) == severity, found


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_change_kind_negative_pair_does_not_report_it(case):
    _, _, _, code, _, neg_old, neg_new = case
    assert code not in codes(neg_old, neg_new)


def test_open_enum_addition_on_the_response_side_is_info():
    schemas = {"ProviderName": {"type": "string", "enum": ["A"]}}
    wider = {"ProviderName": {"type": "string", "enum": ["A", "B"]}}
    ref = obj(p={"$ref": "#/components/schemas/ProviderName"})
    old, new = api(resp=ref, schemas=schemas), api(resp=ref, schemas=wider)
    assert codes(old, new)["response-property-enum-value-added"] == "warning"
    assert codes(old, new, open_enums=["ProviderName"])["response-property-enum-value-added"] == "info"


def test_open_enum_by_component_property_path():
    old = api(resp={"$ref": "#/components/schemas/Resp"},
              schemas={"Resp": obj(meta=obj(provider={"type": "string", "enum": ["A"]}))})
    new = api(resp={"$ref": "#/components/schemas/Resp"},
              schemas={"Resp": obj(meta=obj(provider={"type": "string", "enum": ["A", "B"]}))})
    assert codes(old, new, open_enums=["Resp.meta.provider"])["response-property-enum-value-added"] == "info"
    assert codes(old, new, open_enums=["Resp.other"])["response-property-enum-value-added"] == "warning"


def test_same_change_differs_by_direction():
    """An enum value removed breaks a client that sends it, not one that reads it."""
    e2, e1 = {"type": "string", "enum": ["x", "y"]}, {"type": "string", "enum": ["x"]}
    assert codes(api(body=obj(a=e2)), api(body=obj(a=e1)))["request-property-enum-value-removed"] == "error"
    assert codes(api(resp=obj(a=e2)), api(resp=obj(a=e1)))["response-property-enum-value-removed"] == "info"
