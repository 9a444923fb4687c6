"""Header checks on captured traffic: authentication, content type, attribution, declared header parameters."""
from __future__ import annotations

import json

import pytest

from checker.comply import Validator, read_captures
from checker.models import Severity
from tests.comply.conftest import CAPTURES, by_code, only

AUTH_PAGE = "https://openrouter.ai/docs/api_reference/authentication#using-an-api-key"
TITLE_PAGE = "https://openrouter.ai/docs/app-attribution#x-openrouter-title"
CHAT = "https://openrouter.ai/api/v1/chat/completions"
BODY = {"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


@pytest.fixture(scope="module")
def validator(mini_spec):
    return Validator(mini_spec)


@pytest.fixture(scope="module")
def invalid(validator):
    requests = read_captures(CAPTURES / "invalid-requests.jsonl")
    return {r.line: validator.validate(r) for r in requests}


def test_openai_style_lowercase_headers_and_vendor_headers_pass(validator):
    findings = validator.validate_all(read_captures(CAPTURES / "openai-sdk.jsonl"))
    assert [f for f in findings if f.severity.at_least(Severity.WARNING)] == []


def test_missing_authorization_is_an_error(invalid):
    finding = only(invalid[1], "auth-header-missing")
    assert (finding.severity, finding.official_url, finding.location.pointer) == (
        Severity.ERROR, AUTH_PAGE, "/headers/authorization")
    assert (finding.location.source, finding.location.request, finding.location.line) == (
        "invalid-requests.jsonl", "invalid-requests.jsonl:1", 1)


def test_wrong_auth_scheme_is_an_error_and_the_value_is_never_shown(invalid):
    finding = only(invalid[2], "auth-header-invalid")
    assert finding.severity is Severity.ERROR
    text = json.dumps([f.to_dict() for f in invalid[2]])
    assert "sk-or-" not in text and "0000fixture0000" not in text


def test_declared_header_parameter_is_validated(invalid):
    finding = only(invalid[2], "parameter-invalid")
    assert finding.location.pointer == "/headers/x-openrouter-metadata"
    assert finding.before == {"rule": "enum", "expected": ["disabled", "enabled"]}
    assert finding.after == "verbose"


def test_query_parameters_are_converted_then_validated(invalid):
    finding = only(invalid[3], "parameter-invalid")
    assert (finding.location.pointer, finding.after) == ("/query/limit", "many")
    assert finding.official_url == "https://openrouter.ai/docs/api/api-reference/models/list-all-models-and-their-properties"


def test_body_that_is_not_json(invalid):
    assert only(invalid[4], "request-body-not-json").severity is Severity.ERROR


def test_unknown_operation(invalid):
    finding = only(invalid[5], "operation-unknown")
    assert finding.location.operation == "GET /no/such/thing"


def test_invalid_attribution_category(invalid):
    finding = only(invalid[6], "attribution-category-invalid")
    assert finding.after == ["Bad Category"]
    assert finding.official_url == "https://openrouter.ai/docs/app-attribution#x-openrouter-categories"


def test_x_title_alone_is_a_legacy_warning(validator):
    findings = validator.validate_all(read_captures(CAPTURES / "legacy-x-title.jsonl"))
    finding = only(findings, "header-deprecated")
    assert (finding.severity, finding.official_url, finding.location.pointer) == (
        Severity.WARNING, TITLE_PAGE, "/headers/x-title")


def test_x_title_next_to_the_new_header_is_info(validator):
    headers = {"Authorization": "Bearer k", "Content-Type": "application/json", "X-Title": "A",
               "X-OpenRouter-Title": "A", "HTTP-Referer": "https://a.example"}
    assert only(validator.check("POST", CHAT, headers, BODY), "header-deprecated").severity is Severity.INFO


def test_title_without_referer_is_a_warning(validator):
    headers = {"authorization": "Bearer k", "content-type": "application/json", "x-openrouter-title": "A"}
    finding = only(validator.check("POST", CHAT, headers, BODY), "attribution-referer-missing")
    assert finding.official_url == "https://openrouter.ai/docs/app-attribution#http-referer-required"


def test_header_names_are_case_insensitive(validator):
    headers = [("AUTHORIZATION", "Bearer k"), ("CONTENT-TYPE", "application/json; charset=utf-8"),
               ("http-REFERER", "https://a.example"), ("X-OPENROUTER-TITLE", "A")]
    assert validator.check("POST", CHAT, headers, BODY) == []


def test_operations_without_security_need_no_key(validator):
    assert validator.check("GET", "https://openrouter.ai/api/v1/providers", {}) == []


def test_json_body_with_wrong_content_type(validator):
    headers = {"Authorization": "Bearer k", "Content-Type": "text/plain"}
    finding = only(validator.check("POST", CHAT, headers, BODY), "content-type-mismatch")
    assert finding.severity is Severity.ERROR and by_code(
        validator.check("POST", CHAT, {"Authorization": "Bearer k"}, BODY), "content-type-missing")
