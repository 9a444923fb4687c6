"""Faults in the pytest plugin: `openrouter_stub.fault("429@1")`, `--checker-fault`, the `checker_faults` ini key;
the findings say what the client did (the real openai SDK retries after Retry-After)."""
from __future__ import annotations

import re

import pytest

from tests.comply.conftest import MINI_SPEC
from tests.comply.test_pytest_plugin import plugin_args
from tests.comply.test_sdk_clients import needs

pytest_plugins = ["pytester"]


def run_inner(pytester, *args: str):
    """-c: otherwise pytest looks for its config above the spec path's folder and finds this repository's."""
    return pytester.runpytest_subprocess(*plugin_args(), *args, "-c", str(pytester.path / "tox.ini"),
                                         "--rootdir", str(pytester.path), "-p", "no:cacheprovider")

CLIENTS = '''
import os

import httpx

MESSAGES = [{"role": "user", "content": "hi"}]
HEADERS = {"Authorization": "Bearer sk-or-v1-inner0000secret", "HTTP-Referer": "https://app.example"}


def ask():
    return httpx.post(os.environ["OPENROUTER_BASE_URL"] + "/chat/completions", headers=HEADERS,
                      json={"model": "openai/gpt-4o-mini", "messages": MESSAGES})


def fault_codes(stub):
    return [f.code for f in stub.findings() if f.code.startswith("fault-")]
'''

SDK_TESTS = CLIENTS + '''

def test_the_sdk_waits_for_retry_after(openrouter_stub):
    from openai import OpenAI

    openrouter_stub.fault("429@1")
    client = OpenAI(api_key="sk-or-v1-inner0000secret", base_url=os.environ["OPENAI_BASE_URL"], max_retries=2)
    assert client.chat.completions.create(model="openai/gpt-4o-mini", messages=MESSAGES).choices
    [retried] = [f for f in openrouter_stub.findings() if f.code == "fault-retried"]
    assert "Retry-After: 1 was honoured" in retried.message and len(openrouter_stub.requests) == 2


def test_a_fault_lasts_one_test(openrouter_stub):
    assert ask().status_code == 200 and fault_codes(openrouter_stub) == []


def test_a_client_giving_up(openrouter_stub):
    openrouter_stub.fault("503@1")
    answer = ask()
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "1"
    assert fault_codes(openrouter_stub) == ["fault-not-retried"]


def test_a_typo(openrouter_stub):
    openrouter_stub.fault("429")
'''


def test_the_fixture_breaks_a_request_and_reports_what_the_sdk_did(pytester):
    needs("openai")
    pytester.makeini("[pytest]\n")
    pytester.makepyfile(test_inner=SDK_TESTS)
    result = run_inner(pytester, "--checker-spec", str(MINI_SPEC))
    result.assert_outcomes(passed=3, failed=1)
    out = result.stdout.str()
    assert "checker: openrouter_stub.fault() must be STATUS@N or mid-stream-error@N, got '429'" in out
    assert "Traceback" not in out and "inner0000secret" not in out


IMPATIENT = CLIENTS + '''

def test_retrying_at_once(openrouter_stub):
    assert ask().status_code == 503 and ask().status_code == 200  # no wait for Retry-After
    assert fault_codes(openrouter_stub) == ["fault-retry-too-soon"]
'''


@pytest.mark.parametrize("where", ["option", "ini"])
def test_faults_for_every_test_from_the_option_or_the_ini_file(pytester, where):
    ini = "[pytest]\nchecker_fail_on = warning\n" + ("checker_faults =\n    503@1\n" if where == "ini" else "")
    pytester.makeini(ini)
    pytester.makepyfile(test_inner=IMPATIENT)
    option = ["--checker-fault", "503@1"] if where == "option" else []
    result = run_inner(pytester, "--checker-spec", str(MINI_SPEC), *option)
    result.assert_outcomes(failed=1)  # the inner asserts held; the warning fails it at checker_fail_on = warning
    assert re.search(r"WARNING fault-retry-too-soon \[#1 POST /api/v1/chat/completions\]: the client resent the "
                     r"request 0\.\d\d s after the injected 503 on request #1, before its Retry-After: 1 elapsed",
                     result.stdout.str())


def test_a_bad_fault_option_is_a_usage_error(pytester):
    pytester.makeini("[pytest]\n")
    pytester.makepyfile(test_inner="def test_nothing():\n    pass\n")
    result = run_inner(pytester, "--checker-fault", "timeout@2")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    err = result.stderr.str()
    assert "checker: --checker-fault must be STATUS@N or mid-stream-error@N, got 'timeout@2'" in err
    assert "Traceback" not in err
