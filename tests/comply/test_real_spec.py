"""The core checks on the real corpus specs (newest: OpenAPI 3.1 types; oldest: 3.0-style nullable)."""
from __future__ import annotations

import pytest

from checker.comply import Validator, read_payload
from checker.record.stub import Stub
from tests.comply.conftest import PAYLOADS, only

VALID = ["chat-basic.json", "chat-image-data-url.json", "chat-tool-followup.json"]
PROSE = "docs-deprecated-sent"  # the spec's prose calls max_tokens deprecated: tests/docs covers it


def schema_findings(findings):
    return [f for f in findings if f.code != PROSE]


@pytest.mark.parametrize("name", VALID)
def test_valid_payloads_pass_the_newest_spec(newest_spec, name):
    assert schema_findings(Validator(newest_spec).validate(read_payload(PAYLOADS / name))) == []


@pytest.mark.parametrize("name, code, pointer", [
    ("bad-role.json", "request-body-invalid", "/messages/0/role"),
    ("bad-temperature.json", "request-body-invalid", "/temperature"),
    ("unknown-field.json", "request-unknown-field", "/max_tokns"),
    ("tool-call-id-unmatched.json", "tool-call-id-unmatched", "/messages/2/tool_call_id"),
])
def test_invalid_payloads_on_the_newest_spec(newest_spec, name, code, pointer):
    finding = only(Validator(newest_spec).validate(read_payload(PAYLOADS / name)), code)
    assert finding.location.pointer == pointer


def test_oldest_spec_with_nullable_validates_null_values(oldest_spec):
    request = read_payload(PAYLOADS / "chat-basic.json")
    request.body = {**request.body, "temperature": None, "max_tokens": None}
    assert schema_findings(Validator(oldest_spec).validate(request)) == []


def test_stub_answers_every_get_operation_with_a_schema_valid_body(newest_spec):
    import httpx

    from checker.record.samples import success_response

    with Stub(newest_spec) as stub:
        checked = 0
        for path, item in newest_spec["paths"].items():
            if "get" not in item or "{" in path:
                continue
            target = stub.router.match("GET", path)
            status, media, instance = success_response(stub.compiled, target.operation, stream=False)
            response = httpx.get(stub.base_url + path)
            assert response.status_code == status
            if "json" in media and instance is not None:
                pointer = f"{target.operation.pointer}/responses/{status}/content/{media.replace('/', '~1')}/schema"
                assert stub.compiled.validator(pointer).is_valid(response.json()), path
                checked += 1
        assert checked > 20
