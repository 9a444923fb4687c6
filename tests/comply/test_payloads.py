"""Body validation against the synthetic spec: pointer, rule, expected/found and page for each violation."""
from __future__ import annotations

import pytest

from checker.comply import Validator, read_payload
from checker.api.jsonschema import to_json_schema
from checker.comply.compile import compile_spec
from checker.models import Severity
from tests.comply.conftest import PAYLOADS, by_code, only

CHAT_PAGE = "https://openrouter.ai/docs/api/api-reference/chat/create-a-chat-completion"
TOOLS_PAGE = "https://openrouter.ai/docs/guides/features/tool-calling#step-3-inference-request-with-tool-results"


@pytest.fixture(scope="module")
def validator(mini_spec):
    return Validator(mini_spec, allowed_remote_hosts=[])


def check(validator, name):
    return validator.validate(read_payload(PAYLOADS / name))


@pytest.mark.parametrize("name", ["chat-basic.json", "chat-image-data-url.json", "chat-tool-followup.json"])
def test_valid_payloads_have_no_findings(validator, name):
    assert check(validator, name) == []


@pytest.mark.parametrize("name, pointer, rule, expected, found", [
    ("bad-role.json", "/messages/0/role", "discriminator", ["assistant", "system", "tool", "user"], "bot"),
    ("bad-temperature.json", "/temperature", "type", ["null", "number"], "warm"),
    ("bad-content-part.json", "/messages/0/content/0/image_url/url", "required", "url", None),
])
def test_schema_violation_names_pointer_rule_and_page(validator, name, pointer, rule, expected, found):
    finding = only(check(validator, name), "request-body-invalid")
    assert finding.severity is Severity.ERROR
    assert finding.location.pointer == pointer
    assert finding.before["rule"] == rule
    assert finding.before["expected"] == expected
    assert finding.after == found
    assert finding.official_url == CHAT_PAGE
    assert finding.location.operation == "POST /chat/completions"
    assert finding.location.source == name
    assert finding.location.file == f"tests/fixtures/payloads/{name}" or finding.location.file.endswith(name)


def test_unknown_top_level_field_is_a_warning_with_a_suggestion(validator):
    finding = only(check(validator, "unknown-field.json"), "request-unknown-field")
    assert finding.severity is Severity.WARNING
    assert finding.location.pointer == "/max_tokns"
    assert "max_tokens" in finding.message
    assert finding.official_url == CHAT_PAGE


def test_deprecated_field_is_a_warning(validator):
    finding = only(check(validator, "deprecated-field.json"), "request-field-deprecated")
    assert (finding.severity, finding.location.pointer) == (Severity.WARNING, "/transforms")


@pytest.mark.parametrize("name, code, pointer, page", [
    ("tool-followup-without-tools.json", "tool-followup-without-tools", "/tools", TOOLS_PAGE),
    ("tool-call-id-unmatched.json", "tool-call-id-unmatched", "/messages/2/tool_call_id", TOOLS_PAGE),
    ("model-without-prefix.json", "model-id-without-prefix", "/model", CHAT_PAGE),
])
def test_openrouter_rules_are_errors_with_their_page(validator, name, code, pointer, page):
    finding = only(check(validator, name), code)
    assert finding.severity is Severity.ERROR
    assert (finding.location.pointer, finding.official_url) == (pointer, page)


@pytest.mark.parametrize("name, pointer, page", [
    ("remote-image-url.json", "/messages/0/content/1/image_url/url",
     "https://openrouter.ai/docs/guides/overview/multimodal/image-understanding#using-image-urls"),
    ("remote-pdf-url.json", "/messages/0/content/0/file/file_data",
     "https://openrouter.ai/docs/guides/overview/multimodal/pdfs#using-pdf-urls"),
])
def test_remote_asset_urls_need_an_allowed_host(mini_spec, name, pointer, page):
    request = read_payload(PAYLOADS / name)
    finding = only(Validator(mini_spec, allowed_remote_hosts=[]).validate(request), "remote-asset-url")
    assert (finding.severity, finding.location.pointer, finding.official_url) == (Severity.WARNING, pointer, page)
    host = "upload.wikimedia.org" if "image" in name else "example.com"
    assert Validator(mini_spec, allowed_remote_hosts=[host]).validate(request) == []


def test_allowed_hosts_come_from_the_environment(mini_spec, monkeypatch):
    monkeypatch.setenv("OPENROUTER_ALLOWED_REMOTE_ASSET_HOSTS", "wikimedia.org, example.com")
    assert Validator(mini_spec).validate(read_payload(PAYLOADS / "remote-image-url.json")) == []


def test_response_format_without_require_parameters_is_an_info_hint(validator):
    finding = only(check(validator, "response-format-without-require.json"), "require-parameters-hint")
    assert finding.severity is Severity.INFO
    assert finding.location.pointer == "/provider/require_parameters"
    assert finding.official_url.endswith("provider-selection#requiring-providers-to-support-all-parameters")


def test_placeholders_count_as_valid_values_of_their_role(validator):
    body = {"model": "__MODEL__", "messages": [{"role": "user", "content": "hi"}], "max_tokens": "__MAX_TOKENS__",
            "temperature": "__TEMPERATURE__"}
    assert validator.check("POST", "/api/v1/chat/completions", None, body) != []  # captures: headers checked
    request = read_payload(PAYLOADS / "chat-basic.json")
    request.body = body
    assert validator.validate(request) == []
    request.body = {**body, "temperature": "not-a-placeholder"}
    assert by_code(validator.validate(request), "request-body-invalid")


def test_openapi_30_keywords_are_converted(validator, mini_spec):
    request = read_payload(PAYLOADS / "chat-basic.json")
    request.body = {"messages": [{"role": "user", "content": "hi"}], "temperature": None, "provider": None}
    assert validator.validate(request) == []  # nullable: true accepts null
    request.body = {"messages": [{"role": "user", "content": "hi"}], "top_p": 0}
    finding = only(validator.validate(request), "request-body-invalid")  # exclusiveMinimum: true with minimum 0
    assert (finding.location.pointer, finding.before["rule"]) == ("/top_p", "exclusiveMinimum")
    converted = to_json_schema({"type": "string", "enum": ["a"], "nullable": True, "example": {"nullable": True}})
    assert converted == {"type": ["string", "null"], "enum": ["a", None], "example": {"nullable": True}}


def test_missing_required_body_and_non_json_body(validator):
    finding = only(validator.check("POST", "https://openrouter.ai/api/v1/chat/completions",
                                   {"Authorization": "Bearer k"}, None), "request-body-missing")
    assert finding.severity is Severity.ERROR
    finding = only(validator.check("POST", "https://openrouter.ai/api/v1/chat/completions",
                                   {"Authorization": "Bearer k", "Content-Type": "application/json"}, b"{oops"),
                   "request-body-not-json")
    assert finding.official_url == CHAT_PAGE


def test_validators_are_compiled_once_per_spec(mini_spec):
    import copy

    first = compile_spec(mini_spec)
    assert compile_spec(copy.deepcopy(mini_spec)) is first  # equal spec, same hash
    pointer = "/components/schemas/ChatRequest"
    assert first.validator(pointer) is first.validator(pointer)


@pytest.mark.parametrize("role", [["user"], {"user": True}])
def test_a_discriminator_value_that_is_not_a_string_is_a_violation(validator, role):
    findings = validator.check("POST", "https://openrouter.ai/api/v1/chat/completions",
                               {"Authorization": "Bearer x", "Content-Type": "application/json"},
                               {"model": "openai/gpt-4", "messages": [{"role": role, "content": "hi"}]})
    finding = only(findings, "request-body-invalid")
    assert (finding.location.pointer, finding.before["rule"]) == ("/messages/0/role", "discriminator")
    assert finding.after == role


def _suggestions(field: str) -> list[str]:
    from checker.comply.request import ClientRequest

    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://openrouter.ai/api/v1"}],
            "paths": {"/chat/completions": {"post": {"requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "properties": {"user": {"type": "string"}, "temperature": {"type": "number"}}}}}},
                "responses": {"200": {"description": "ok"}}}}}}
    request = ClientRequest("POST", "https://openrouter.ai/api/v1/chat/completions", body={field: 1})
    return [f.message for f in Validator(spec).validate(request) if f.code == "request-unknown-field"]


def test_did_you_mean_only_for_a_near_typo():
    [typo] = _suggestions("temprature")
    assert "did you mean 'temperature'" in typo
    [other_word] = _suggestions("usage")  # documented elsewhere, not a typo of `user`
    assert "did you mean" not in other_word
