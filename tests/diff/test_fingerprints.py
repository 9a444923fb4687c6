"""Fingerprints of spec-diff findings do not depend on where things sit in the documents."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.diff.spec import diff_specs

S, INT = {"type": "string"}, {"type": "integer"}
NAMES = [f"/r{i}" for i in range(4)]


def doc(order: list[str], changed: bool, prop_order: list[str]) -> dict:
    props = {name: (INT if changed and name == "p1" else S) for name in prop_order}
    schema = {"type": "object", "properties": props}
    paths = {path: {"post": {"summary": f"Op {path}", "tags": ["T"], "requestBody": {"content": {
        "application/json": {"schema": schema}}}, "responses": {"200": {"description": "ok"}}}}
        for path in order}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}


def fingerprints(order: list[str], prop_order: list[str]) -> set[tuple[str, str]]:
    old = doc(NAMES, False, ["p0", "p1", "p2"])
    return {(f.location.operation, f.fingerprint) for f in diff_specs(old, doc(order, True, prop_order))}


@settings(max_examples=25, derandomize=True, deadline=None)
@given(st.permutations(NAMES), st.permutations(["p0", "p1", "p2"]))
def test_fingerprints_do_not_depend_on_operation_or_property_order(order: list[str], prop_order: list[str]):
    assert fingerprints(order, prop_order) == fingerprints(NAMES, ["p0", "p1", "p2"])
    assert len(fingerprints(order, prop_order)) == len(NAMES)
