"""Relevance and the severity that follows, on findings the real diff stages produce."""
from __future__ import annotations

import copy
from typing import Any

from checker.diff.pages import diff_pages
from checker.diff.spec import diff_specs
from checker.models import Finding, Kind, Location, Page, Section, Severity
from checker.profile import Fact, Origin, Profile, apply_relevance, classify

CHAT, OTHER = "POST /chat/completions", "POST /other"
RULE = Origin("rule", "rules/x/a.yaml", 3, "r1")
CAPTURE = Origin("capture", "caps.jsonl", 1, pointer="/tool_choice")


def body() -> dict[str, Any]:
    return {"type": "object", "properties": {
        "tool_choice": {"type": "string", "enum": ["auto", "none", "required"]},
        "temperature": {"type": "number"},
        "part": {"$ref": "#/components/schemas/Part"}}}


def spec(chat: dict, other: dict, part: dict) -> dict[str, Any]:
    def op(schema: dict, summary: str) -> dict:
        return {"tags": ["Chat"], "summary": summary,
                "requestBody": {"required": True, "content": {"application/json": {"schema": copy.deepcopy(schema)}}},
                "responses": {"200": {"description": "ok"}}}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://openrouter.ai/api/v1"}],
            "paths": {"/chat/completions": {"post": op(chat, "Create chat")},
                      "/other": {"post": op(other, "Other thing")}},
            "components": {"schemas": {"Part": copy.deepcopy(part)}}}


PART = {"type": "object", "properties": {"url": {"type": "string"}, "detail": {"type": "string"}}}


def profile() -> Profile:
    p = Profile()
    p.add(Fact("operation", CHAT), CAPTURE)
    p.add(Fact("field", "tool_choice", CHAT), CAPTURE)
    p.add(Fact("value", "auto", CHAT, scope="tool_choice"), CAPTURE)
    p.add(Fact("field", "url", schema="Part"), RULE)
    p.add(Fact("section", "Tool Choice", scope="guides/tools"), RULE)
    p.add(Fact("page", "guides/tools"), RULE)
    return p


def verdicts(old: dict, new: dict) -> dict[tuple[str, str], tuple[str, str]]:
    """(operation, code + path words) -> (relevance, severity)."""
    out = {}
    for f in apply_relevance(diff_specs(old, new), profile()):
        out[(f.location.operation, f.message.split(": ", 1)[1])] = (f.relevance, f.severity.value)
    return out


def test_breaking_change_on_used_value_is_error_and_on_unused_value_warning():
    old, new = body(), body()
    new["properties"]["tool_choice"]["enum"] = ["none"]  # drops the used "auto" and the unused "required"
    [(key, verdict)] = [(k, v) for k, v in verdicts(spec(old, body(), PART), spec(new, body(), PART)).items()
                        if k[0] == CHAT]
    assert verdict == ("used", "error")
    new["properties"]["tool_choice"]["enum"] = ["auto", "none"]  # drops only "required"
    [(key, verdict)] = [(k, v) for k, v in verdicts(spec(old, body(), PART), spec(new, body(), PART)).items()
                        if k[0] == CHAT]
    assert verdict == ("called", "warning")


def test_breaking_change_elsewhere_is_warning_on_a_called_operation_and_info_otherwise():
    new = body()
    del new["properties"]["temperature"]
    result = verdicts(spec(body(), body(), PART), spec(new, new, PART))
    chat = [v for k, v in result.items() if k[0] == CHAT]
    other = [v for k, v in result.items() if k[0] == OTHER]
    assert chat == [("called", "warning")] and other == [("context", "info")]


def test_schema_anchored_rule_field_is_used_only_on_called_operations():
    part = copy.deepcopy(PART)
    part["properties"]["url"]["type"] = "integer"
    result = verdicts(spec(body(), body(), PART), spec(body(), body(), part))
    assert {k[0]: v for k, v in result.items()} == {CHAT: ("used", "error"), OTHER: ("context", "info")}
    part = copy.deepcopy(PART)
    part["properties"]["detail"]["type"] = "integer"  # a sibling the rule does not name
    result = verdicts(spec(body(), body(), PART), spec(body(), body(), part))
    assert {k[0]: v for k, v in result.items()} == {CHAT: ("called", "warning"), OTHER: ("context", "info")}


def test_non_breaking_change_on_used_field_keeps_its_severity_elsewhere_info():
    new = body()
    new["properties"]["tool_choice"]["enum"].append("any")
    new["properties"]["temperature"]["deprecated"] = True
    result = verdicts(spec(body(), body(), PART), spec(new, body(), PART))
    by_words = {k[1].split("'")[1]: v for k, v in result.items()}
    assert by_words["tool_choice"] == ("used", "info")
    assert by_words["temperature"] == ("called", "info")  # a deprecation (warning) off the used fields


def rule_finding(severity: Severity, code: str = "enum-value-missing") -> Finding:
    return Finding(kind=Kind.RULE, code=code, severity=severity, message="r1: tool_choice accepts auto: expected x.",
                   official_url="https://openrouter.ai/docs/x", location=Location("openapi", file="rules/x/a.yaml", line=3))


def test_failing_rule_keeps_its_severity_but_never_below_warning():
    assert classify(rule_finding(Severity.INFO), profile()).severity is Severity.WARNING
    verdict = classify(rule_finding(Severity.ERROR), profile())
    assert (verdict.relevance, verdict.severity) == ("used", Severity.ERROR)
    assert "rules/x/a.yaml:3" in verdict.because[0]
    # a rule note is not a failure: it stays info
    assert classify(rule_finding(Severity.INFO, "rule-path-normalised"), profile()).severity is Severity.INFO


def page(*sections: tuple[str, str]) -> Page:
    return Page("T", tuple(Section(h, h.lower().replace(" ", "-"), 2, t) for h, t in sections))


def test_docs_section_changes_by_rule_reference_and_used_identifiers():
    old = page(("Tool Choice", "Set it to auto."), ("Streaming", "Chunks arrive."), ("Limits", "Be kind."))
    new = page(("Tool Choice", "Set it to none."), ("Streaming", "Chunks arrive; use tool_choice."),
               ("Limits", "Be very kind."))
    found = {f.location.section: (f.relevance, f.severity.value)
             for f in apply_relevance(diff_pages("guides/tools", old, new, "https://openrouter.ai/docs/t"), profile())}
    assert found == {"Tool Choice": ("used", "warning"),  # a rule references it
                     "Streaming": ("used", "warning"),  # it mentions a field the integration sends
                     "Limits": ("called", "info")}  # a page a rule reads, another section
    elsewhere = apply_relevance(diff_pages("guides/other", old, new, "https://openrouter.ai/docs/o"), profile())
    assert {f.location.section: f.relevance for f in elsewhere}["Tool Choice"] == "context"
    assert {f.severity for f in elsewhere if f.location.section != "Streaming"} == {Severity.INFO}


def test_relevance_fields_are_json_additions_and_keep_the_fingerprint():
    finding = rule_finding(Severity.ERROR)
    assert "relevance" not in finding.to_dict() and "relevant_because" not in finding.to_dict()
    [marked] = apply_relevance([finding], profile())
    data = marked.to_dict()
    assert data["relevance"] == "used" and data["relevant_because"] == list(marked.relevant_because)
    assert data["fingerprint"] == finding.fingerprint
    assert {k: v for k, v in data.items() if k not in ("relevance", "relevant_because")} == finding.to_dict()


def test_applying_relevance_twice_changes_nothing():
    new = body()
    del new["properties"]["temperature"]
    once = apply_relevance(diff_specs(spec(body(), body(), PART), spec(new, new, PART)), profile())
    assert {f.severity for f in once} == {Severity.WARNING, Severity.INFO}
    assert apply_relevance(once, profile()) == once


def test_only_distinctive_names_make_a_docs_section_relevant():
    from checker.profile.model import FIELD, HEADER, Fact, Origin, Profile
    from checker.profile.relevance import identifiers

    p = Profile()
    for fact in (Fact(FIELD, "tools.function.parameters", "POST /chat/completions"),
                 Fact(FIELD, "provider.require_parameters", "POST /chat/completions"),
                 Fact(FIELD, "reasoning.maxTokens", "POST /chat/completions"),
                 Fact(HEADER, "authorization"), Fact(HEADER, "http-referer")):
        p.add(fact, Origin("rule", "r.yaml", 1, "r"))
    # plain words and the headers every HTTP example shows say nothing about the integration
    assert set(identifiers(p)) == {"require_parameters", "maxTokens", "http-referer"}
