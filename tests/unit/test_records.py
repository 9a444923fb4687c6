"""The record classes are msgspec Structs (issue 17): what the code relies on from them.

Equality and hashing of frozen records, the fields dataclasses used to leave out of comparison
(`compared_without`), the redaction done as a record is made (also through `replace`), and one way
to define a record: no module of checker imports `dataclasses`."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from msgspec.structs import replace

from checker.api.model import Operation
from checker.fetch.request import FetchOptions
from checker.models import Finding, Location, Report, Severity, SourceResult
from checker.rules.context import Context

KEY = "sk-or-v1-" + "a1b2c3d4" * 8
NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def operation(**changes) -> Operation:
    fields = {"method": "GET", "path": "/things/{id}", "op": {"operationId": "getThing"},
              "pointer": "/paths/~1things~1{id}/get", "page": "https://openrouter.ai/docs/things"}
    return Operation(**{**fields, **changes})


def test_an_operation_is_the_same_operation_whatever_the_rule_wrote():
    assert operation(written_as="/api/v1/things/{id}") == operation()
    assert operation(path="/things/{thingId}") != operation()
    assert operation(shared=({"name": "id"},)) != operation()
    assert operation() != ("GET", "/things/{id}")


def test_fetch_options_compare_and_hash_without_their_transport_and_progress():
    plain, hooked = FetchOptions(timeout=3.0), FetchOptions(timeout=3.0, transport=object(), progress=print)
    assert plain == hooked and hash(plain) == hash(hooked)
    assert len({plain, hooked}) == 1
    assert FetchOptions(timeout=4.0) != plain
    assert FetchOptions(used_models=("openai/gpt-4o",)) != FetchOptions()


def test_frozen_records_refuse_assignment_and_hash_by_value():
    loc = Location("openapi", pointer="/paths")
    with pytest.raises(AttributeError):
        loc.pointer = "/components"  # type: ignore[misc]
    assert hash(loc) == hash(Location("openapi", pointer="/paths"))
    assert loc != Location("openapi", pointer="/components")


def test_a_replaced_finding_is_redacted_and_fingerprinted_again():
    finding = Finding("spec", "operation-removed", Severity.ERROR, "gone", "https://openrouter.ai/docs",
                      Location("openapi", operation="GET /a"))
    changed = replace(finding, message=f"key {KEY} leaked", fingerprint="",
                      location=Location("openapi", operation="GET /b"))
    assert KEY not in changed.message and "REDACTED" in changed.message
    assert changed.fingerprint and changed.fingerprint != finding.fingerprint
    assert finding.message == "gone"  # the original is untouched


def test_records_made_with_secrets_keep_them_out():
    loc = Location("openapi", operation=f"GET /x?key={KEY}")
    result = SourceResult("openapi", f"https://user:{KEY}@openrouter.ai/openapi.json", "changed")
    assert KEY not in repr(loc) and KEY not in repr(result)
    report = Report(mode="quick", started_at=NOW, notes=[f"ran with {KEY}"])
    report.notes.append(f"and {KEY}")
    assert all(KEY not in note for note in report.notes) and len(report.notes) == 2


def test_mutable_defaults_are_not_shared_between_records():
    one, two = Report(mode="quick", started_at=NOW), Report(mode="full", started_at=NOW)
    one.findings.append("x")  # type: ignore[arg-type]
    assert two.findings == [] and type(two.notes).__name__ == "Notes"


def test_the_rule_context_builds_its_spec_model_once():
    ctx = Context(spec={"openapi": "3.1.0", "paths": {}}, pages={}, rule_page="quickstart")
    assert ctx.api is ctx.api


def test_no_checker_module_imports_dataclasses():
    root = Path(__file__).resolve().parents[2] / "checker"
    users = [str(p.relative_to(root)) for p in sorted(root.rglob("*.py"))
             if re.search(r"^\s*(from dataclasses import|import dataclasses)", p.read_text(), re.M)]
    assert users == [], "records are msgspec Structs: one way to define a record"
