"""Unions compared by what they accept (issue 13): rewrites that accept the same values are
silent; real variant changes are still reported."""
from __future__ import annotations

from tests.unit.spec_builders import api, codes, obj

S, INT = {"type": "string"}, {"type": "integer"}
MODES = {"type": "string", "enum": ["auto", "none"]}


def test_anyof_of_a_string_enum_and_string_becoming_string_is_not_a_lost_variant():
    old = api(body=obj(mode={"anyOf": [MODES, S]}), resp=obj(mode={"anyOf": [MODES, S]}))
    new = api(body=obj(mode=S), resp=obj(mode=S))
    assert codes(old, new) == {}


def test_string_becoming_anyof_of_enum_and_string_is_no_gained_variant():
    assert codes(api(resp=obj(mode=S)), api(resp=obj(mode={"anyOf": [MODES, S]}))) == {}


def test_union_replaced_by_a_narrower_schema_still_loses_a_variant():
    old = api(body=obj(v={"anyOf": [S, INT]}))
    assert codes(old, api(body=obj(v=S))) == {"request-property-any-of-removed": "error"}


def test_union_replaced_by_a_schema_of_wider_type_is_not_a_sender_break():
    old = api(body=obj(v={"anyOf": [INT, {"type": "integer", "minimum": 5}]}))
    new = api(body=obj(v={"type": "number"}))
    assert "request-property-any-of-removed" not in codes(old, new)


def variant(kind: str) -> dict:
    return {"type": "object", "properties": {"type": {"const": kind}, "x": S}}


def test_nested_oneof_flattened_into_its_parent_is_no_change():
    old = api(body=obj(p={"oneOf": [variant("a"), {"oneOf": [variant("b"), variant("c")]}]}))
    new = api(body=obj(p={"oneOf": [variant("a"), variant("b"), variant("c")]}))
    assert codes(old, new) == {}


def test_flattening_that_drops_a_leaf_variant_is_reported():
    old = api(body=obj(p={"oneOf": [variant("a"), {"oneOf": [variant("b"), variant("c")]}]}))
    new = api(body=obj(p={"oneOf": [variant("a"), variant("b")]}))
    assert codes(old, new) == {"request-property-one-of-removed": "error"}


def test_enum_rewritten_as_union_of_consts_is_no_change():
    old = api(body=obj(m=MODES))
    new = api(body=obj(m={"anyOf": [{"const": "auto"}, {"type": "string", "enum": ["none"]}]}))
    assert codes(old, new) == {}
    assert codes(new, old) == {}


def test_union_of_consts_that_loses_a_value_is_an_enum_value_removed():
    old = api(body=obj(m=MODES))
    new = api(body=obj(m={"anyOf": [{"const": "auto"}]} | {"description": "one left"}))
    assert codes(old, new) == {"request-property-enum-value-removed": "error"}


def test_changes_inside_a_member_another_member_covers_are_advisory_info():
    def known(*values: str) -> dict:
        return {"anyOf": [{"type": "string", "enum": list(values)}, S]}
    assert codes(api(body=obj(p=known("a", "b"))), api(body=obj(p=known("a")))) == {
        "request-property-enum-value-removed": "info"}
