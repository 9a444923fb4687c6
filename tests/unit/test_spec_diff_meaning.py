"""Spec diff: same meaning spelled differently is no change; $ref fan-out; cycles; order."""
from __future__ import annotations

import copy
import itertools

import pytest

from checker.diff.spec import diff_specs
from tests.unit.spec_builders import api, obj

S = {"type": "string"}
REF = "#/components/schemas/"

NULLABLE_SPELLINGS = [
    {"type": "string", "nullable": True},
    {"type": ["string", "null"]},
    {"anyOf": [{"type": "string"}, {"type": "null"}]},
    {"oneOf": [{"type": "string"}, {"nullable": True}]},
]


@pytest.mark.parametrize("a,b", list(itertools.combinations(NULLABLE_SPELLINGS, 2)))
@pytest.mark.parametrize("side", ["body", "resp"])
def test_nullable_spellings_are_the_same(a, b, side):
    assert diff_specs(api(**{side: obj(p=a)}), api(**{side: obj(p=b)})) == []


def test_nullable_enum_spellings_are_the_same():
    old = {"type": "string", "nullable": True, "enum": ["a", "b"]}
    new = {"type": ["string", "null"], "enum": ["a", "b", None]}
    assert diff_specs(api(body=obj(p=old)), api(body=obj(p=new))) == []


@pytest.mark.parametrize("old,new", [
    ({"$ref": REF + "Thing", "nullable": True}, {"anyOf": [{"$ref": REF + "Thing"}, {"type": "null"}]}),
    ({"allOf": [{"$ref": REF + "Thing"}, {"nullable": True}]}, {"anyOf": [{"$ref": REF + "Thing"}, {"type": "null"}]}),
])
def test_nullable_ref_spellings_are_the_same(old, new):
    schemas = {"Thing": obj(a=S)}
    assert diff_specs(api(resp=obj(t=old), schemas=schemas), api(resp=obj(t=new), schemas=schemas)) == []


def test_nullable_is_still_a_change_when_it_really_changes():
    found = diff_specs(api(resp=obj(p={"type": "string"})), api(resp=obj(p={"type": ["string", "null"]})))
    assert [f.code for f in found] == ["response-property-became-nullable"]


def test_all_of_ref_with_description_is_the_ref():
    schemas = {"Thing": obj(a=S)}
    old = api(body=obj(t={"$ref": REF + "Thing"}), schemas=schemas)
    new = api(body=obj(t={"allOf": [{"$ref": REF + "Thing"}, {"description": "The thing."}],
                          "description": "A thing", "example": {"a": "x"}}), schemas=schemas)
    assert diff_specs(old, new) == []
    assert diff_specs(new, old) == []


def test_all_of_merges_members_so_moving_a_property_into_a_base_is_no_change():
    old = api(body=obj(a=S, b=S) | {"required": ["a"]})
    new = api(body={"allOf": [{"$ref": REF + "Base"}, obj(b=S)]},
              schemas={"Base": obj(a=S) | {"required": ["a"]}})
    assert diff_specs(old, new) == []


def test_descriptions_and_key_order_are_not_changes():
    old = api(body=obj(a={"type": "string", "description": "old words", "example": "x"}))
    new = api(body=obj(a={"example": "y", "description": "new words", "type": "string"}))
    new["paths"]["/things"]["post"]["description"] = "Reworded"
    assert diff_specs(old, new) == []


def test_renamed_component_with_identical_content_is_not_a_removal():
    thing = obj(a=S, b={"type": "integer"}) | {"required": ["a"]}
    old = api(body={"$ref": REF + "Thing"}, resp={"$ref": REF + "Thing"}, schemas={"Thing": thing})
    new = api(body={"$ref": REF + "Item"}, resp={"$ref": REF + "Item"}, schemas={"Item": copy.deepcopy(thing)})
    assert diff_specs(old, new) == []


def test_renamed_component_with_a_change_reports_the_change_only():
    old = api(body={"$ref": REF + "Thing"}, schemas={"Thing": obj(a=S, b=S)})
    new = api(body={"$ref": REF + "Item"}, schemas={"Item": obj(a=S)})
    found = diff_specs(old, new)
    assert [(f.code, f.location.pointer) for f in found] == [
        ("request-property-removed", "/components/schemas/Thing/properties/b")]


def two_operations(shared: dict) -> dict:
    doc = api(body={"$ref": REF + "Shared"}, schemas={"Shared": shared})
    doc["paths"]["/other"] = {"put": {"tags": ["Other Things"], "summary": "Replace a thing & more",
                                      "requestBody": {"content": {"application/json": {"schema": obj(
                                          inner={"$ref": REF + "Shared"})}}},
                                      "responses": {"204": {"description": "done"}}}}
    return doc


def test_change_in_a_shared_component_is_reported_at_every_operation_with_its_page():
    found = diff_specs(two_operations(obj(a=S, b=S)), two_operations(obj(a=S)))
    assert [(f.location.operation, f.official_url, f.message) for f in found] == [
        ("POST /things", "https://openrouter.ai/docs/api/api-reference/things/create-a-thing",
         "POST /things: request body property 'b' was removed."),
        ("PUT /other", "https://openrouter.ai/docs/api/api-reference/other-things/replace-a-thing-%26-more",
         "PUT /other: request body property 'inner.b' was removed."),
    ]
    assert {f.location.pointer for f in found} == {"/components/schemas/Shared/properties/b"}
    assert len({f.fingerprint for f in found}) == 2


def test_removed_operation_uses_the_old_spec_for_its_page():
    old = two_operations(obj(a=S))
    new = copy.deepcopy(old)
    del new["paths"]["/other"]
    (finding,) = diff_specs(old, new)
    assert finding.code == "api-path-removed" and finding.severity.value == "error"
    assert finding.official_url.endswith("/other-things/replace-a-thing-%26-more")
    assert finding.location.pointer == "/paths/~1other/put"


def recursive(leaf: dict) -> dict:
    return {"Node": obj(value=leaf, children={"type": "array", "items": {"$ref": REF + "Node"}},
                        partner={"$ref": REF + "Pair"}),
            "Pair": obj(back={"$ref": REF + "Node"}, label=S)}


def test_recursive_schemas_terminate_and_report_once_per_operation():
    old = api(body={"$ref": REF + "Node"}, resp={"$ref": REF + "Node"}, schemas=recursive(S))
    new = api(body={"$ref": REF + "Node"}, resp={"$ref": REF + "Node"}, schemas=recursive({"type": "integer"}))
    found = diff_specs(old, new)
    assert [(f.code, f.message) for f in found] == [
        ("request-property-type-changed", "POST /things: request body property 'value' changed type "
                                          "from string to integer."),
        ("response-property-type-changed", "POST /things: response 200 (application/json) property 'value' "
                                           "changed type from string to integer."),
    ]


def test_change_only_reachable_through_a_cycle_is_found():
    old = api(body={"$ref": REF + "Node"}, schemas=recursive(S))
    new_schemas = recursive(S)
    new_schemas["Pair"]["properties"].pop("label")
    found = diff_specs(old, api(body={"$ref": REF + "Node"}, schemas=new_schemas))
    assert [(f.code, f.location.pointer) for f in found] == [
        ("request-property-removed", "/components/schemas/Pair/properties/label")]
    assert "'partner.label'" in found[0].message


def test_union_variant_matched_by_discriminator_across_a_rename():
    def tool(kind: str, extra: dict) -> dict:
        return obj(type={"type": "string", "const": kind}, **extra)
    old = api(body=obj(tools={"type": "array", "items": {"oneOf": [
        {"$ref": REF + "Fn"}, {"$ref": REF + "Web"}]}}),
        schemas={"Fn": tool("function", {"name": S}), "Web": tool("web", {"q": S})})
    new = api(body=obj(tools={"type": "array", "items": {"oneOf": [
        {"$ref": REF + "FunctionTool"}, {"$ref": REF + "Web"}]}}),
        schemas={"FunctionTool": tool("function", {}), "Web": tool("web", {"q": S})})
    found = diff_specs(old, new)
    assert [(f.code, f.message) for f in found] == [
        ("request-property-removed", "POST /things: request body property 'tools[](type=function).name' "
                                     "was removed.")]


def test_findings_are_deterministic_and_sorted():
    old, new = two_operations(obj(a=S, b=S, c=S)), two_operations(obj(a={"type": "integer"}))
    first, second = diff_specs(old, new), diff_specs(copy.deepcopy(old), copy.deepcopy(new))
    assert [f.to_dict() for f in first] == [f.to_dict() for f in second]
    keys = [(f.location.operation, -f.severity.rank, f.code, f.location.pointer) for f in first]
    assert keys == sorted(keys)


def test_identical_specs_give_nothing():
    doc = two_operations(obj(a=S))
    assert diff_specs(doc, copy.deepcopy(doc)) == []


def test_component_that_is_only_an_all_of_ref_compares_through_the_ref():
    """Wrapper = allOf [Base, {empty object}] is Base; gaining a property is just that."""
    def spec(extra: dict) -> dict:
        wrapper = {"allOf": [{"$ref": REF + "Base"}, {"type": "object", "properties": extra}]}
        return api(body=obj(item={"$ref": REF + "Wrapper"}),
                   schemas={"Base": obj(a=S), "Wrapper": wrapper})
    found = diff_specs(spec({}), spec({"extra": S}))
    assert [(f.code, f.message) for f in found] == [
        ("new-optional-request-property", "POST /things: request body property 'item.extra' was added.")]
