"""Spec diff against the real OpenRouter spec history (../shared/corpus/openrouter)."""
from __future__ import annotations

import gzip
import json
import os
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from checker.diff.spec import diff_specs
from checker.api.validity import check_validity
from checker.sources.target import bundled_rules_dir

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CHECKER_SHARED") or REPO / ".." / "shared")
CORPUS = SHARED / "corpus" / "openrouter"
pytestmark = pytest.mark.skipif(not (CORPUS / "INDEX.json").is_file(),
                                reason=f"corpus absent: {CORPUS} (set CHECKER_SHARED)")
OPEN_ENUMS = yaml.safe_load((bundled_rules_dir() / "openrouter/target.yaml").read_text())["open_enums"]


def snapshots() -> list[str]:
    if not (CORPUS / "INDEX.json").is_file():
        return []
    return [s["short"] for s in json.loads((CORPUS / "INDEX.json").read_text())["snapshots"]]


@lru_cache(maxsize=None)
def spec(short: str) -> dict:
    (path,) = (CORPUS / "specs").glob(f"*_{short}.json.gz")
    with gzip.open(path) as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def diff(old: str, new: str) -> tuple:
    return tuple(diff_specs(spec(old), spec(new), open_enums=OPEN_ENUMS))


ORDER = snapshots()


@pytest.mark.parametrize("old,new", list(zip(ORDER, ORDER[1:])), ids=lambda s: s)
def test_every_adjacent_pair_diffs_cleanly(old, new):
    found = diff(old, new)
    assert all(f.kind == "spec" and f.code and f.official_url.startswith("https://openrouter.ai/docs/")
               for f in found)
    assert all(f.location.pointer and f.location.pointer.startswith(("/paths/", "/components/", "/security"))
               for f in found)
    assert len({f.fingerprint for f in found}) == len(found)
    assert len(json.dumps([f.to_dict() for f in found])) < 2_000_000  # before/after stay small


def test_nullable_rewrite_reports_no_false_type_or_nullability_changes():
    found = diff("009b4a0", "38592d2")
    noisy = [f.message for f in found
             if "type-changed" in f.code or "nullable" in f.code or "-of-" in f.code]
    assert noisy == []
    # what remains is real content of that commit (new provider, new properties), never an error
    assert {f.severity.value for f in found} <= {"info", "warning"}


def test_removed_request_enum_value_is_client_breaking():
    found = [f for f in diff("92dadd6", "7e2184a") if f.severity.value == "error"]
    removed = {(f.code, f.location.operation) for f in found if f.before == ["sakana-ai"]}
    assert ("request-property-enum-value-removed", "POST /byok") in removed
    assert ("request-parameter-enum-value-removed", "GET /byok") in removed


def test_removed_query_parameter_and_advisor_properties_are_client_breaking():
    errors = [f for f in diff("818d8d6", "b293706") if f.severity.value == "error"]
    params = [f for f in errors if f.code == "request-parameter-removed"]
    assert [(f.location.operation, f.location.pointer) for f in params] == [
        ("DELETE /workspaces/{id}", "/paths/~1workspaces~1{id}/delete/parameters/1")]
    assert "confirm_default_settings_deletion" in params[0].message
    assert params[0].official_url == "https://openrouter.ai/docs/api/api-reference/workspaces/delete-a-workspace"
    advisor = {(f.location.operation, f.location.pointer) for f in errors if f.code == "request-property-removed"}
    for op in ("POST /chat/completions", "POST /responses"):
        for prop in ("tools", "max_tool_calls"):
            assert (op, f"/components/schemas/AdvisorServerToolConfig/properties/{prop}") in advisor


def test_provider_enum_additions_in_responses_are_info():
    found = diff("b293706", "c26125a")
    provider = [f for f in found if f.code == "response-property-enum-value-added"
                and f.location.pointer == "/components/schemas/ProviderName"]
    assert provider and {f.severity.value for f in provider} == {"info"}


def test_oldest_to_newest_diff_is_large_but_classified():
    found = diff(ORDER[0], ORDER[-1])
    assert len(found) > 100
    assert {f.severity.value for f in found} == {"error", "warning", "info"}


def test_real_spec_exclusive_minimum_is_a_validity_warning(tmp_path):
    found = check_validity(spec("c26125a"), cache_dir=tmp_path)
    assert [(f.code, f.location.pointer) for f in found] == [
        ("spec-invalid", "/components/schemas/VideoGenerationRequest/properties/upscale_factor/exclusiveMinimum")]
