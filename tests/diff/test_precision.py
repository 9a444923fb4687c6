"""Spec diff precision (issue 13): false alarms that must stay silent or mild, and changes
that were hidden and must be reported. One small synthetic pair per pattern."""
from __future__ import annotations

from tests.unit.spec_builders import api, codes, obj

from checker.diff.spec import diff_specs

REF = "#/components/schemas/"
S, INT = {"type": "string"}, {"type": "integer"}
BEARER = {"type": "http", "scheme": "bearer"}


def pointers(old: dict, new: dict) -> list[tuple[str, str, str | None]]:
    return [(f.code, f.severity.value, f.location.pointer) for f in diff_specs(old, new)]


# -- hidden changes ------------------------------------------------------------------
def test_change_inside_an_allof_ref_with_unchanged_referring_text_is_reported():
    body = {"allOf": [{"$ref": REF + "Base"}, obj(extra=S)]}
    old = api(body=body, schemas={"Base": obj(a=S, b=S)})
    new = api(body=body, schemas={"Base": obj(a=S)})
    assert pointers(old, new) == [
        ("request-property-removed", "error", "/components/schemas/Base/properties/b")]


def test_unchanged_allof_ref_target_gives_nothing():
    body = {"allOf": [{"$ref": REF + "Base"}, obj(extra=S)]}
    old = api(body=body, schemas={"Base": obj(a=S)}, info={"title": "t", "version": "1"})
    new = api(body=body, schemas={"Base": obj(a=S)}, info={"title": "t", "version": "2"})
    assert diff_specs(old, new) == []


def test_second_copy_of_a_property_defined_twice_in_allof_is_compared():
    def doc(second: dict) -> dict:
        return api(body={"allOf": [obj(a=S), obj(a=second)]})
    found = pointers(doc({"type": "string", "maxLength": 10}), doc({"type": "string", "maxLength": 5}))
    schema = "/paths/~1things/post/requestBody/content/application~1json/schema"
    # the merged property is reported at its first copy
    assert found == [("request-property-max-length-decreased", "error", f"{schema}/allOf/0/properties/a")]


def test_property_defined_twice_in_allof_unchanged_gives_nothing():
    doc = api(body={"allOf": [obj(a=S), obj(a={"type": "string", "maxLength": 5})]})
    assert diff_specs(doc, api(body={"allOf": [obj(a=S), obj(a={"maxLength": 5, "type": "string"})]})) == []


# -- false alarms ----------------------------------------------------------------------
def test_bound_restating_the_json_safe_integer_range_is_no_new_maximum():
    old = api(body=obj(n=INT))
    new = api(body=obj(n={"type": "integer", "minimum": -(2 ** 53 - 1), "maximum": 2 ** 53 - 1}))
    assert diff_specs(old, new) == []


def test_real_new_maximum_is_still_reported():
    found = codes(api(body=obj(n=INT)), api(body=obj(n={"type": "integer", "maximum": 100})))
    assert found == {"request-property-max-decreased": "error"}


def test_nullability_moved_from_wrapper_into_ref_target_is_no_change():
    old = api(body=obj(t={"anyOf": [{"$ref": REF + "T"}, {"type": "null"}]}),
              schemas={"T": obj(a=S)})
    new = api(body=obj(t={"$ref": REF + "T"}),
              schemas={"T": obj(a=S) | {"type": ["object", "null"]}})
    assert diff_specs(old, new) == []


def test_nullability_dropped_on_both_wrapper_and_target_is_reported():
    old = api(body=obj(t={"anyOf": [{"$ref": REF + "T"}, {"type": "null"}]}), schemas={"T": obj(a=S)})
    new = api(body=obj(t={"$ref": REF + "T"}), schemas={"T": obj(a=S)})
    assert codes(old, new) == {"request-property-became-not-nullable": "error"}


def secured(scheme_name: str, scheme: dict, scopes: list[str] | None = None) -> dict:
    return api(security=[{scheme_name: scopes or []}],
               components={"schemas": {}, "securitySchemes": {scheme_name: scheme}})


def test_security_scheme_renamed_with_the_same_meaning_is_not_removed():
    assert diff_specs(secured("apiKey", BEARER), secured("bearerAuth", dict(BEARER))) == []


def test_security_scheme_replaced_by_another_kind_is_removed():
    other = {"type": "apiKey", "in": "header", "name": "X-Key"}
    assert codes(secured("apiKey", BEARER), secured("headerKey", other)) == {
        "api-security-removed": "error", "api-security-alternative-added": "info"}


def test_security_scope_added_breaks_and_removed_is_info():
    oauth = {"type": "oauth2", "flows": {}}
    assert codes(secured("o", oauth, ["read"]), secured("o", oauth, ["read", "write"])) == {
        "api-security-scope-added": "error"}
    assert codes(secured("o", oauth, ["read", "write"]), secured("o", oauth, ["read"])) == {
        "api-security-scope-removed": "info"}


def variant(kind: str, name: str, extra: str | None = None) -> dict:
    props = {"type": {"const": kind}, "name": {"const": name}}
    if extra:
        props[extra] = S
    return {"type": "object", "properties": props}


def test_union_variants_are_identified_by_type_not_the_first_fixed_property():
    # the "name" consts swap between variants; the type consts identify them
    old = api(body={"oneOf": [variant("a", "x"), variant("b", "y")]})
    new = api(body={"oneOf": [variant("b", "x"), variant("a", "y")]})
    found = codes(old, new)
    assert "request-property-one-of-added" not in found and "request-property-one-of-removed" not in found


def test_union_variants_are_identified_by_the_discriminator_property():
    def union(*members: dict) -> dict:
        return {"oneOf": list(members), "discriminator": {"propertyName": "kind"}}

    def member(kind: str, label: str) -> dict:
        return {"type": "object", "properties": {"kind": {"const": kind}, "label": {"const": label}}}
    old = api(body=union(member("p", "x"), member("q", "y")))
    gained = api(body=union(member("p", "x"), member("q", "y"), member("r", "a")))
    assert codes(old, gained) == {"request-property-one-of-added": "info"}
    found = diff_specs(old, gained)
    assert found[0].after == "kind=r"
