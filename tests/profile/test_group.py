"""A shared component change that reaches many operations is one finding listing the operations."""
from __future__ import annotations

import copy
import json
from typing import Any

from checker.cli import main
from checker.diff.spec import diff_specs
from checker.models import Severity
from checker.profile import Fact, Origin, Profile, apply_relevance
from checker.profile.group import component_of, group_shared

OPS = ["/a", "/b", "/c", "/d", "/e"]
CAPTURE = Origin("capture", "caps.jsonl", 4, pointer="/shared/x")


def spec(shared: dict[str, Any], inline: dict[str, Any] | None = None) -> dict[str, Any]:
    def op(path: str) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "object", "properties": {"shared": {"$ref": "#/components/schemas/Shared"}}}
        if path == "/a" and inline is not None:
            schema["properties"]["own"] = copy.deepcopy(inline)
        return {"tags": ["T"], "summary": f"Do {path[1:]}", "responses": {"200": {"description": "ok"}},
                "requestBody": {"content": {"application/json": {"schema": schema}}}}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://openrouter.ai/api/v1"}],
            "paths": {p: {"post": op(p)} for p in OPS},
            "components": {"schemas": {"Shared": copy.deepcopy(shared)}}}


OLD = {"type": "object", "properties": {"x": {"type": "string"}, "y": {"type": "integer"}}}
NEW = {"type": "object", "properties": {"y": {"type": "integer"}}}  # x removed: reaches all five operations


def grouped(profile: Profile | None = None, old: dict = OLD, new: dict = NEW, **kw: Any) -> list:
    findings = diff_specs(spec(old, **kw), spec(new, **kw))
    return group_shared(apply_relevance(findings, profile) if profile is not None else findings)


def test_a_removed_property_of_a_shared_schema_is_one_finding_listing_every_operation():
    [f] = grouped()
    assert f.code == "request-property-removed" and f.count == 5 and f.location.operation is None
    assert f.location.pointer == "/components/schemas/Shared/properties/x"
    assert sorted(loc.operation for loc in f.locations) == [f"POST {p}" for p in OPS]
    assert f.message.startswith("schema Shared: request body property 'shared.x' was removed")
    assert "(5 operations: POST /a, POST /b, POST /c, POST /d and 1 more)" in f.message
    listed = f.to_dict()["locations"]
    assert [d["operation"] for d in listed] == [loc.operation for loc in f.locations] and len(listed) == 5


def test_the_fingerprint_names_the_component_change_not_the_operations():
    findings = diff_specs(spec(OLD), spec(NEW))
    [forward], [backward] = group_shared(findings), group_shared(list(reversed(findings)))
    [fewer] = group_shared(findings[:3])
    assert forward.fingerprint == backward.fingerprint == fewer.fingerprint
    assert forward.fingerprint not in {f.fingerprint for f in findings}
    other = NEW | {"properties": {"x": {"type": "string"}}}  # y removed instead: another change
    [y] = grouped(new=other)
    assert y.fingerprint != forward.fingerprint


def test_relevance_and_severity_are_the_highest_of_the_operations_it_reaches():
    calls = Profile()
    for p in ("/b", "/d"):
        calls.add(Fact("operation", f"POST {p}"), CAPTURE)
    used = copy.deepcopy(calls)
    used.add(Fact("field", "shared.x", "POST /d"), CAPTURE)
    [nobody] = grouped(_elsewhere())
    [called] = grouped(calls)
    [mine] = grouped(used)
    assert (nobody.relevance, nobody.severity) == ("context", Severity.INFO)
    assert (called.relevance, called.severity) == ("called", Severity.WARNING)
    assert (mine.relevance, mine.severity) == ("used", Severity.ERROR)
    assert mine.locations[0].operation == "POST /d"  # the operation that made it relevant leads
    assert mine.message.endswith("(5 operations: POST /d, POST /b, POST /a, POST /c and 1 more).")
    assert any("shared.x" in why for why in mine.relevant_because)


def _elsewhere() -> Profile:
    p = Profile()
    p.add(Fact("operation", "GET /unrelated"), CAPTURE)
    return p


def test_changes_on_one_operation_and_inline_changes_stay_per_operation():
    inline_old = {"type": "object", "properties": {"z": {"type": "string"}}}
    [f] = group_shared(diff_specs(spec(OLD, inline_old), spec(OLD, {"type": "object"})))
    assert f.location.operation == "POST /a" and f.count == 1 and f.locations == ()
    assert component_of(f.location.pointer) is None


def test_component_names_read_from_pointers():
    assert component_of("/components/schemas/Provider~1Name/properties/x") == "schema Provider/Name"
    assert component_of("/components/parameters/Limit") == "parameter Limit"
    assert component_of("/components/schemas/") is None and component_of("/paths/~1a/post") is None


def test_checker_diff_reports_the_shared_change_once(tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(spec(OLD)))
    new.write_text(json.dumps(spec(NEW)))
    out = tmp_path / "r.json"
    assert main(["diff", str(old), str(new), "-f", "json", "-o", str(out)]) == 1
    [f] = [f for f in json.loads(out.read_text())["findings"] if f["kind"] == "spec"]
    assert f["count"] == 5 and len(f["locations"]) == 5 and f["severity"] == "error"


def test_sarif_names_each_operation_a_shared_change_reaches():
    from checker.report.sarif import SarifReporter
    from tests.report.sample import sample_report

    report = sample_report()
    report.findings = grouped()
    [result] = SarifReporter().to_sarif(report, {})["runs"][0]["results"]
    names = [loc["name"] for loc in result["locations"][0]["logicalLocations"]]
    assert sorted(names) == [f"POST {p}" for p in OPS]
    assert all(loc["fullyQualifiedName"].endswith("/components/schemas/Shared/properties/x")
               for loc in result["locations"][0]["logicalLocations"])


def test_a_suppression_by_the_shared_fingerprint_hides_every_copy():
    import datetime as dt

    from checker.rules.suppress import Suppression, apply_suppressions

    findings = diff_specs(spec(OLD), spec(NEW))
    [shared] = group_shared(findings)
    kept = apply_suppressions(findings, [Suppression(reason="known", fingerprint=shared.fingerprint)],
                              dt.date(2026, 1, 1))
    assert kept == []
    one = apply_suppressions(findings, [Suppression(reason="known", fingerprint=findings[0].fingerprint)],
                             dt.date(2026, 1, 1))
    [rest] = group_shared(one)
    assert rest.count == 4 and rest.fingerprint == shared.fingerprint  # one operation's copy alone
