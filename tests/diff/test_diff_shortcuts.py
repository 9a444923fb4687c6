"""Shortcuts of the spec diff that skip work must never change what it finds: each is checked
against the full computation it stands for, on hostile schemas."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.diff.changes import SchemaComparer
from checker.diff.refs import SpecIndex
from checker.diff.schema import is_bare, may_be_bare

NAMES = ("A", "B", "C")
SCALAR = st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "x", "string", "object"])
KEYS = st.sampled_from(["type", "properties", "items", "enum", "const", "required", "additionalProperties",
                        "nullable", "minimum", "pattern", "allOf", "anyOf", "oneOf", "$ref", "description",
                        "multipleOf", "uniqueItems", "format", "x-tag"])
REFS = st.sampled_from([f"#/components/schemas/{n}" for n in NAMES] + ["#/components/schemas/missing", "#/x", 7])


def _schemas() -> st.SearchStrategy:
    def extend(inner: st.SearchStrategy) -> st.SearchStrategy:
        value = (inner | SCALAR | REFS | st.lists(inner | SCALAR, max_size=3)
                 | st.dictionaries(st.sampled_from(["a", "b", "type"]), inner, max_size=2))
        return st.dictionaries(KEYS, value, max_size=4) | st.fixed_dictionaries({"$ref": REFS})
    return st.recursive(st.booleans() | st.fixed_dictionaries({"type": st.sampled_from(["string", "null"])}),
                        extend, max_leaves=12)


SCHEMA = _schemas()


def _index(components: dict) -> SpecIndex:
    return SpecIndex({"openapi": "3.1.0", "paths": {}, "components": {"schemas": components}})


def _plain(index: SpecIndex, raw: object):
    """What variants.py compares a union member as: normalised, its $refs followed."""
    return SchemaComparer(index, index, set())._plain_member(index, (raw, "/m"), ("", ""))[0]


@settings(max_examples=400, derandomize=True, deadline=None)
@given(SCHEMA, st.fixed_dictionaries({n: SCHEMA for n in NAMES}))
def test_a_member_said_not_bare_is_not_bare_once_normalised(raw, components):
    index = _index(components)
    if not may_be_bare(raw, index.resolve):
        assert not is_bare(_plain(index, raw)), raw


def test_the_shortcut_answers_no_for_objects_arrays_and_listed_values_even_through_refs():
    index = _index({"A": {"$ref": "#/components/schemas/B"}, "B": {"properties": {"a": {}}}, "C": {"type": "string"}})
    for raw in ({"properties": {"a": {}}}, {"items": {}}, {"enum": []}, {"const": None},
                {"$ref": "#/components/schemas/A"}):
        assert not may_be_bare(raw, index.resolve), raw
    for raw in ({"type": "string"}, {"$ref": "#/components/schemas/C"}, {"$ref": "#/components/schemas/nope"},
                {"properties": {}}, {"anyOf": [{"properties": {"a": {}}}]}, True):
        assert may_be_bare(raw, index.resolve), raw
