"""Capture files (JSON Lines, HAR), payload files, and redacted captures written back out."""
from __future__ import annotations

import json

import pytest

from checker.comply import Validator, read_captures, read_payload, write_captures
from checker.comply.request import ClientRequest
from checker.errors import InputError
from tests.comply.conftest import CAPTURES, PAYLOADS, only


def test_jsonl_records_keep_line_numbers_and_header_forms():
    requests = read_captures(CAPTURES / "openai-sdk.jsonl")
    assert [(r.method, r.line, r.source) for r in requests] == [
        ("POST", 1, "openai-sdk.jsonl:1"), ("GET", 2, "openai-sdk.jsonl:2")]
    assert requests[0].headers.get("Authorization", "").startswith("Bearer ")  # dict form, lowercase names
    assert requests[1].headers.get("http-referer") == "https://myapp.example"  # [[name, value]] form
    assert requests[0].file.endswith("tests/fixtures/captures/openai-sdk.jsonl")


def test_har_entries_are_requests(mini_spec):
    requests = read_captures(CAPTURES / "browser.har")
    assert [(r.method, r.source) for r in requests] == [("POST", "browser.har#0"), ("GET", "browser.har#1")]
    findings = Validator(mini_spec).validate_all(requests)
    finding = only(findings, "model-id-without-prefix")
    assert (finding.location.source, finding.location.request, finding.location.pointer) == (
        "browser.har", "browser.har#0", "/model")


@pytest.mark.parametrize("text, message", [
    ("{not json\n", "invalid.jsonl:1: not a JSON object"),
    ('{"url": "https://openrouter.ai/api/v1/models"}\n', "needs 'method' and 'url'"),
    ('{"method": "GET", "url": "https://x", "headers": 5}\n', "'headers' must be"),
])
def test_bad_capture_lines_are_input_errors(tmp_path, text, message):
    path = tmp_path / "invalid.jsonl"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        read_captures(path)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        read_captures(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match="not valid JSON"):
        (tmp_path / "p.json").write_text("{")
        read_payload(tmp_path / "p.json")


def test_written_captures_hold_no_secrets_and_read_back(tmp_path):
    request = ClientRequest.build("POST", "https://openrouter.ai/api/v1/chat/completions",
                                  {"Authorization": "Bearer sk-or-v1-abcdef123456", "X-Note": "key sk-or-v1-zzz"},
                                  json.dumps({"model": "a/b", "messages": [{"role": "user", "content": "sk-or-v1-qq"}]}))
    out = tmp_path / "out.jsonl"
    write_captures([request], out)
    text = out.read_text()
    assert "sk-or-v1-abcdef123456" not in text and "sk-or-v1-zzz" not in text and "sk-or-v1-qq" not in text
    again = read_captures(out)[0]
    assert again.headers.get("authorization") == "Bearer [REDACTED]"
    assert again.body["model"] == "a/b"
    assert "abcdef" not in repr(request.headers)


def test_payload_file_with_method_and_url_is_a_capture():
    request = read_payload(PAYLOADS / "chat-basic.json")
    assert request.body_only and request.method == "POST" and request.url.endswith("/chat/completions")
