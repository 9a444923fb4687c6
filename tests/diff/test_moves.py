"""Moved operations and renamed path parameters (issue 13): paired, reported once, then diffed."""
from __future__ import annotations

from checker.diff.spec import diff_specs

S, INT = {"type": "string"}, {"type": "integer"}


def doc(paths: dict[str, dict]) -> dict:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}


def get(summary: str, *, params: list | None = None, resp: dict | None = None, op_id: str | None = None) -> dict:
    op = {"summary": summary, "tags": ["Items"], "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": resp or {"type": "object", "properties": {"a": S}}}}}}}
    if params is not None:
        op["parameters"] = params
    if op_id:
        op["operationId"] = op_id
    return {"get": op}


def path_param(name: str, schema: dict = S) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def found(old: dict, new: dict) -> list[tuple[str, str, str | None]]:
    return [(f.code, f.severity.value, f.location.operation) for f in diff_specs(old, new)]


def test_renamed_path_parameter_is_one_info_finding_not_removed_and_added():
    old = doc({"/items/{id}": get("Get an item", params=[path_param("id")])})
    new = doc({"/items/{itemId}": get("Get an item", params=[path_param("itemId")])})
    assert found(old, new) == [("path-parameter-renamed", "info", "GET /items/{itemId}")]


def test_renamed_path_parameter_is_then_diffed_by_its_new_name():
    old = doc({"/items/{id}": get("Get an item", params=[path_param("id", S)])})
    new = doc({"/items/{itemId}": get("Get an item", params=[path_param("itemId", INT)])})
    assert found(old, new) == [("request-parameter-type-changed", "error", "GET /items/{itemId}"),
                               ("path-parameter-renamed", "info", "GET /items/{itemId}")]


def test_moved_path_with_the_same_summary_is_one_move_then_its_content_diff():
    old = doc({"/alpha/responses": get("Create a response")})
    new = doc({"/responses": get("Create a response", resp={"type": "object", "properties": {}})})
    assert found(old, new) == [("operation-moved", "error", "GET /responses"),
                               ("response-optional-property-removed", "warning", "GET /responses")]


def test_moved_path_with_the_same_operation_id_is_paired():
    old = doc({"/v1/things": get("List things", op_id="listThings")})
    new = doc({"/things/all": get("All things", op_id="listThings")})
    codes = [c for c, _, _ in found(old, new)]
    assert "operation-moved" in codes and "api-path-removed" not in codes and "endpoint-added" not in codes


def test_unrelated_removed_and_added_paths_are_not_paired():
    old = doc({"/alpha": get("Old thing")})
    new = doc({"/beta": get("New thing")})
    assert sorted(c for c, _, _ in found(old, new)) == ["api-path-removed", "endpoint-added"]


def test_ambiguous_move_is_not_paired():
    old = doc({"/a/items": get("List"), "/b/items": get("List")})
    new = doc({"/items": get("List")})
    codes = sorted(c for c, _, _ in found(old, new))
    assert "operation-moved" not in codes and codes.count("api-path-removed") == 2
