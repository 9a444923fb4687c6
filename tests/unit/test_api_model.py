"""The API model: operations, parameters, bodies, responses, `$ref`s, schema walks."""
from __future__ import annotations

from checker.api import schemas
from checker.api.jsonschema import to_json_schema
from checker.api.model import Spec, media_types
from checker.api.pointer import escape, resolve


def doc(**extra):
    base = {
        "openapi": "3.1.0",
        "servers": [{"url": "https://openrouter.ai/api/v1"}],
        "paths": {
            "/things/{id}": {
                "parameters": [{"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                               {"name": "id", "in": "path", "required": True}],
                "get": {"tags": ["Things & Stuff"], "summary": "Get a thing", "operationId": "getThing",
                        "parameters": [{"$ref": "#/components/parameters/Trace"}],
                        "responses": {"200": {"$ref": "#/components/responses/Thing"},
                                      "404": {"description": "none"}}},
                "post": {"requestBody": {"$ref": "#/components/requestBodies/New"},
                         "security": [{"bearer": []}, {}], "responses": {}},
            },
        },
        "components": {
            "parameters": {"Trace": {"name": "x-trace", "in": "header", "required": True}},
            "responses": {"Thing": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
                                                "text/plain": {}}}},
            "requestBodies": {"New": {"content": {"application/json": {"schema": {"type": "object"}}}}},
            "schemas": {
                "Thing": {"allOf": [{"$ref": "#/components/schemas/Base"}],
                          "properties": {"kind": {"enum": ["a", "b"]}}},
                "Base": {"type": "object", "properties": {"id": {"type": ["string", "null"]}}},
                "Loop1": {"$ref": "#/components/schemas/Loop2"},
                "Loop2": {"$ref": "#/components/schemas/Loop1"},
                "a/b~c": {"type": "string"},
            },
        },
    }
    base.update(extra)
    return base


def test_operations_carry_method_path_id_tags_summary_and_official_page():
    spec = Spec(doc())
    get = spec.operations[("/things/{id}", "get")]
    assert (get.method, get.path, get.label, get.operation_id) == ("GET", "/things/{id}", "GET /things/{id}", "getThing")
    assert get.tags == ("Things & Stuff",) and get.summary == "Get a thing"
    assert get.page == "https://openrouter.ai/docs/api/api-reference/things-%26-stuff/get-a-thing"
    assert get.pointer == "/paths/~1things~1{id}/get"
    assert list(spec.operations) == [("/things/{id}", "get"), ("/things/{id}", "post")]
    assert spec.operation("GET", "/things/{id}") == get
    assert spec.operation("get", "/nope") is None and spec.operation("fetch", "/things/{id}") is None


def test_operation_level_parameters_override_path_level_ones_through_refs():
    spec = Spec(doc())
    params = spec.parameters(spec.operation("get", "/things/{id}"))
    assert sorted(params) == [("header", "x-trace"), ("path", "id")]
    param, pointer = params[("header", "x-trace")]
    assert param["required"] is True and pointer == "/components/parameters/Trace"


def test_bodies_and_responses_are_followed_through_refs():
    spec = Spec(doc())
    post, get = spec.operation("post", "/things/{id}"), spec.operation("get", "/things/{id}")
    body, body_ptr = spec.request_body(post)
    assert body_ptr == "/components/requestBodies/New"
    assert list(media_types(body, body_ptr)) == ["application/json"]
    responses = spec.responses(get)
    assert {s: p for s, (_, p) in responses.items()} == {
        "200": "/components/responses/Thing", "404": "/paths/~1things~1{id}/get/responses/404"}
    medias = media_types(*responses["200"])
    assert medias["text/plain"] == (None, "/components/responses/Thing/content/text~1plain")
    assert medias["application/json"][0][1] == "/components/responses/Thing/content/application~1json/schema"


def test_security_alternatives_of_an_operation_or_the_document():
    spec = Spec(doc(security=[{"key": []}]))
    assert spec.security(spec.operation("post", "/things/{id}")) == {frozenset({"bearer"}), frozenset()}
    assert spec.security(spec.operation("get", "/things/{id}")) == {frozenset({"key"})}


def test_ref_loops_and_dangling_refs_resolve_to_nothing():
    spec = Spec(doc())
    assert spec.resolve("#/components/schemas/Loop1") is None
    assert spec.resolve("#/components/schemas/Missing") is None
    assert spec.resolve("https://example.com/x.json") is None and spec.resolve(["#/x"]) is None
    assert spec.resolve("#/components/schemas/a~1b~0c") == ({"type": "string"}, "/components/schemas/a~1b~0c")
    raw = {"$ref": "#/components/schemas/Loop1"}
    assert spec.follow(raw, "/here") == (raw, "/here")  # a loop never reaches a schema: stays put


def test_schema_walk_reaches_properties_through_all_of_and_refs():
    spec = Spec(doc())
    start = schemas.Node("/components/schemas/Thing", spec.components("schemas")["Thing"])
    found = schemas.walk(spec, start, "id")
    assert [n.pointer for n in found.nodes] == ["/components/schemas/Base/properties/id"]
    assert schemas.types_of(spec, found.nodes) == ["string", "null"]
    missing = schemas.walk(spec, start, "kind.deep")
    assert (missing.missing, missing.parent) == ("deep", "kind")
    kind = schemas.walk(spec, start, "kind").nodes
    assert schemas.enum_values(spec, kind) == ["a", "b"]


def test_find_operation_accepts_the_server_prefix_and_says_so():
    spec = Spec(doc())
    op = schemas.find_operation(spec, "get /api/v1/things/{id}")
    assert (op.path, op.written_as) == ("/things/{id}", "/api/v1/things/{id}")
    assert schemas.find_operation(spec, "GET /things/{id}").written_as is None


def test_spec_headers_come_from_schemes_and_parameters():
    spec = Spec(doc(components={**doc()["components"], "securitySchemes": {"bearer": {"type": "http"}}}))
    assert set(schemas.spec_headers(spec)) == {"authorization", "x-trace"}


def test_nullable_rewrite_is_the_same_meaning_as_3_1():
    assert to_json_schema({"type": "string", "nullable": True}) == {"type": ["string", "null"]}
    assert to_json_schema({"$ref": "#/x", "nullable": True}) == {"anyOf": [{"$ref": "#/x"}, {"type": "null"}]}
    assert to_json_schema({"type": "integer", "minimum": 0, "exclusiveMinimum": True}) == {
        "type": "integer", "exclusiveMinimum": 0}


def test_the_json_schema_copy_drops_malformed_keywords_but_keeps_property_names():
    raw = {"type": "object", "properties": {"type": {"type": "string"}, "$ref": {"type": False}},
           "required": ["type"], "allOf": 5, "items": [1]}
    assert to_json_schema(raw) == {"type": "object", "properties": {"type": {"type": "string"}, "$ref": {}},
                                   "required": ["type"]}
    assert to_json_schema({"name": "p", "in": "query", "required": True}) == {"name": "p", "in": "query", "required": True}


def test_pointers_escape_and_resolve_both_ways():
    name = "a/b~c"
    assert escape(name) == "a~1b~0c" and escape(5) == "5"
    assert resolve({"x": [{"a/b~c": 1}]}, f"/x/0/{escape(name)}") == 1
    assert resolve({"x": [1]}, "/x/1") is None and resolve({"x": 1}, "x") is None
    assert resolve({"x": 1}, "") == {"x": 1}
