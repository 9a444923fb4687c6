"""diff_specs(fold_shared=True) gives what group_shared makes of the per-operation findings."""
from __future__ import annotations

import copy
import gzip
import json
from typing import Any

import pytest

from checker.diff.spec import diff_specs
from checker.profile.group import group_shared
from tests.mirror import CORPUS, corpus_available

KEY = "sk-or-v1-0123456789abcdef"


def spec(shared: dict[str, Any], paths: list[str], inline: dict[str, Any] | None = None) -> dict[str, Any]:
    def op(path: str) -> dict[str, Any]:
        body = {"type": "object", "properties": {"shared": {"$ref": "#/components/schemas/Shared"},
                                                 "own": copy.deepcopy(inline or {"type": "string"})}}
        return {"tags": ["T"], "summary": f"Do {path[1:]}", "requestBody": {"content": {
                    "application/json": {"schema": body}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Shared"}}}}}}}}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://openrouter.ai/api/v1"}],
            "paths": {p: {"post": op(p)} for p in paths},
            "components": {"schemas": {"Shared": copy.deepcopy(shared)}}}


OLD = {"type": "object", "required": ["x"], "properties": {
    "x": {"type": "string"}, "kind": {"enum": ["a", "b"]}, KEY: {"type": "integer"},
    "tool": {"oneOf": [{"type": "object", "properties": {"type": {"const": "function"}, "n": {"type": "string"}}}]}}}
NEW = {"type": "object", "properties": {
    "kind": {"enum": ["a", "c"]}, KEY: {"type": "string"},
    "tool": {"oneOf": [{"type": "object", "properties": {"type": {"const": "function"}, "n": {"type": "integer"}}}]}}}


def dicts(findings: list) -> list[dict]:
    return [f.to_dict() for f in findings]


@pytest.mark.parametrize("paths", [["/a", "/b", "/c", "/d", "/e", "/f"], ["/only"]], ids=["six", "one"])
def test_folding_while_diffing_equals_grouping_the_copies(paths):
    old, new = spec(OLD, paths), spec(NEW, paths, inline={"type": "integer"})
    folded = diff_specs(old, new, fold_shared=True)
    assert dicts(folded) == dicts(group_shared(diff_specs(old, new)))
    shared = [f for f in folded if f.count > 1]
    assert bool(shared) == (len(paths) > 1)
    assert all(f.count == len(paths) and f.location.operation is None for f in shared)
    assert KEY not in json.dumps(dicts(folded))  # the copies never built are redacted all the same


def test_a_folded_change_names_the_component_and_every_operation():
    paths = ["/a", "/b"]
    [removed] = [f for f in diff_specs(spec(OLD, paths), spec(NEW, paths), fold_shared=True)
                 if f.code == "request-property-removed"]
    assert removed.location.pointer == "/components/schemas/Shared/properties/x" and removed.count == 2
    assert removed.message == ("schema Shared: request body required property 'shared.x' was removed "
                               "(2 operations: POST /a, POST /b).")
    assert [loc.operation for loc in removed.locations] == ["POST /a", "POST /b"]


@pytest.mark.skipif(not corpus_available(), reason=f"corpus absent: {CORPUS} (set CHECKER_SHARED)")
def test_the_real_history_folds_the_same_either_way():
    """Every adjacent pair of the shared snapshots and oldest -> newest."""
    snaps = json.loads((CORPUS / "INDEX.json").read_text())["snapshots"]
    specs = [json.load(gzip.open(CORPUS / s["spec_file"])) for s in snaps]
    for a, b in [(i, i + 1) for i in range(len(specs) - 1)] + [(0, len(specs) - 1)]:
        folded = diff_specs(specs[a], specs[b], fold_shared=True)
        assert dicts(folded) == dicts(group_shared(diff_specs(specs[a], specs[b]))), (snaps[a], snaps[b])
    assert sum(f.count > 1 for f in folded) > 100  # oldest -> newest: most of the copies were folded


def _cli_diff(tmp_path, suppressions: str | None) -> list[dict]:
    import shutil

    from checker.cli import main
    from checker.sources.target import bundled_rules_dir

    rules = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir() / "openrouter", rules / "openrouter")
    (rules / "openrouter" / "suppressions.yaml").write_text(suppressions or "suppressions: []\n")
    paths = ["/a", "/b", "/c"]
    files = []
    for name, shared in (("old", OLD), ("new", NEW)):
        files.append(tmp_path / f"{name}.json")
        files[-1].write_text(json.dumps(spec(shared, paths)))
    out = tmp_path / "r.json"
    main(["diff", *map(str, files), "--rules", str(rules), "-f", "json", "-o", str(out)])
    return [f for f in json.loads(out.read_text())["findings"] if f["code"] == "request-property-removed"]


def test_checker_diff_applies_suppressions_to_each_copy_before_folding(tmp_path):
    [shared] = _cli_diff(tmp_path, None)
    assert shared["count"] == 3
    old, new = spec(OLD, ["/a", "/b", "/c"]), spec(NEW, ["/a", "/b", "/c"])
    copy_b = next(f for f in diff_specs(old, new) if f.code == "request-property-removed"
                  and f.location.operation == "POST /b")
    entry = "suppressions:\n  - fingerprint: {}\n    reason: known\n"
    [rest] = _cli_diff(tmp_path / "one", entry.format(copy_b.fingerprint))  # one operation's copy
    assert rest["count"] == 2 and rest["fingerprint"] == shared["fingerprint"]
    assert [loc["operation"] for loc in rest["locations"]] == ["POST /a", "POST /c"]
    assert _cli_diff(tmp_path / "all", entry.format(shared["fingerprint"])) == []  # the shared change
