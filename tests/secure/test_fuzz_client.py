"""Client-side hostile input never crashes: bounded, deterministic fuzzing of every parser
(bench/fuzz_client.py runs the same targets for longer), plus the crashes the audit found."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from checker.comply import Validator, read_captures
from tests.secure.targets import CHAT, MINI_SPEC, targets

TARGETS = targets()


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz_target_never_crashes(name):
    strategy, target = TARGETS[name]

    @given(strategy)
    @settings(max_examples=100, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    def run(case):
        target(case)

    run()


@pytest.fixture(scope="module")
def validator():
    return Validator(json.loads(MINI_SPEC.read_text()))


def _codes(validator, body, headers=None):
    findings = validator.check("POST", CHAT, headers or {"Content-Type": "application/json",
                                                        "Authorization": "Bearer x"}, body)
    return {(f.code, f.location.pointer) for f in findings}


def test_a_content_part_whose_type_is_an_array_is_a_finding(validator):
    body = {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": [{"type": []}]}]}
    codes = _codes(validator, body)
    assert any(code == "request-body-invalid" and pointer.startswith("/messages/0/content")
               for code, pointer in codes), codes


def test_a_tool_call_id_that_is_an_array_is_a_finding_not_a_crash(validator):
    body = {"model": "openai/gpt-4o", "tools": [{"type": "function", "function": {"name": "f"}}],
            "messages": [{"role": "assistant", "tool_calls": [{"id": "c1", "type": "function",
                                                               "function": {"name": "f", "arguments": "{}"}}]},
                         {"role": "tool", "tool_call_id": [], "content": "x"}]}
    codes = _codes(validator, body)
    assert ("request-body-invalid", "/messages/1/tool_call_id") in codes, codes
    assert not any(code == "tool-call-id-unmatched" for code, _ in codes)


def test_an_unparseable_url_is_a_finding(validator):
    [finding] = validator.check("GET", "https://[::1/api/v1/models", {}, None)
    assert finding.code == "request-url-invalid" and "Invalid IPv6 URL" in finding.message


@pytest.mark.parametrize("as_text", [False, True])
def test_a_body_nested_thousands_deep_is_reported_not_validated(validator, as_text):
    deep = "[" * 5000 + "]" * 5000
    body = ('{"model": "openai/gpt-4o", "messages": ' + deep + "}") if as_text else \
        {"model": "openai/gpt-4o", "messages": json.loads("[" * 500 + "]" * 500)}
    assert _codes(validator, body) == {("request-body-too-deep", "")}


def test_a_capture_line_nested_too_deeply_or_too_long_is_one_line_naming_file_and_line(tmp_path):
    from checker.comply import captures
    from checker.errors import InputError

    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"method": "GET", "url": "https://openrouter.ai/api/v1/models"}\n' + "[" * 100000 + "\n")
    with pytest.raises(InputError, match=r"deep.jsonl:2: JSON nested too deeply"):
        read_captures(deep)
    long = tmp_path / "long.jsonl"
    long.write_text("\n" + '"' + "x" * (captures.MAX_LINE + 10) + '"\n')
    with pytest.raises(InputError, match=r"long.jsonl:2: line longer than 8 MiB"):
        read_captures(long)
