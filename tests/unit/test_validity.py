"""Spec validity: openapi-spec-validator problems as findings, cached by the spec's hash."""
from __future__ import annotations

import json

import pytest

from checker.api import validity
from checker.api.document import spec_sha256
from checker.api.validity import check_validity
from tests.unit.spec_builders import api, obj


def invalid_spec() -> dict:
    # OpenAPI 3.0 boolean exclusiveMinimum inside a 3.1 document (as the real spec has had)
    return api(body=obj(n={"type": "number", "minimum": 0, "exclusiveMinimum": True}),
               schemas={"Video": obj(upscale={"type": "number", "minimum": 1, "exclusiveMinimum": True})})


def test_valid_spec_has_no_findings(tmp_path):
    assert check_validity(api(body=obj(n={"type": "number"})), cache_dir=tmp_path) == []


def test_invalid_spec_is_reported_with_a_pointer_and_the_spec_url(tmp_path):
    found = check_validity(invalid_spec(), cache_dir=tmp_path)
    assert found and {f.kind for f in found} == {"spec-validity"}
    assert {f.code for f in found} == {"spec-invalid"}
    assert {f.severity.value for f in found} == {"warning"}
    assert all(f.official_url == "https://openrouter.ai/openapi.json" for f in found)
    pointers = {f.location.pointer for f in found}
    assert "/components/schemas/Video/properties/upscale/exclusiveMinimum" in pointers


def test_verdict_is_cached_by_sha_and_reused(tmp_path, monkeypatch):
    spec = invalid_spec()
    first = check_validity(spec, cache_dir=tmp_path)
    cached = tmp_path / f"{spec_sha256(spec)}.json"
    assert json.loads(cached.read_text())["problems"]
    assert [p.name for p in tmp_path.iterdir()] == [cached.name]  # no temp files left behind

    def boom(_spec):
        raise AssertionError("validator must not run again for a known spec")
    monkeypatch.setattr(validity, "validate", boom)
    assert [f.to_dict() for f in check_validity(spec, cache_dir=tmp_path)] == [f.to_dict() for f in first]


def test_damaged_cache_entry_is_a_miss(tmp_path):
    spec = invalid_spec()
    (tmp_path / f"{spec_sha256(spec)}.json").write_text("{not json")
    assert check_validity(spec, cache_dir=tmp_path)


def test_validator_crash_does_not_stop_the_run(monkeypatch):
    def crash(_spec):
        raise RecursionError("too deep")
    monkeypatch.setattr(validity, "_iter_errors", crash)
    (finding,) = check_validity(api(), cache_dir=None)
    assert finding.code == "spec-validator-failed" and finding.severity.value == "warning"
    assert "RecursionError" in finding.message


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_picks_the_validator_for_the_declared_version(version):
    spec = api() | {"openapi": version}
    assert check_validity(spec) == []
