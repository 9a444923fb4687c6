"""The pytest plugin, run in an inner pytest session: clean traffic passes, bad traffic fails the test."""
from __future__ import annotations

from tests.comply.conftest import MINI_SPEC

pytest_plugins = ["pytester"]


def plugin_args() -> list[str]:
    """Load the plugin with -p unless the installed package already registers it (pytest11 entry point)."""
    from importlib.metadata import entry_points

    installed = any(ep.value == "checker.pytest_plugin" for ep in entry_points(group="pytest11"))
    return [] if installed else ["-p", "checker.pytest_plugin"]

INNER_TESTS = '''
import os

import httpx

HEADERS = {"Authorization": "Bearer sk-or-v1-inner0000secret", "HTTP-Referer": "https://app.example"}


def ask(model, role="user"):
    body = {"model": model, "messages": [{"role": role, "content": "hi"}]}
    return httpx.post(os.environ["OPENROUTER_BASE_URL"] + "/chat/completions", json=body, headers=HEADERS)


def test_clean_client(openrouter_stub):
    assert ask("openai/gpt-4o-mini").json()["choices"]
    assert len(openrouter_stub.requests) == 1


def test_bad_client(openrouter_stub):
    ask("gpt-4o-mini", role="bot")


def test_bad_on_purpose(openrouter_stub):
    openrouter_stub.allow_findings()
    ask("gpt-4o-mini")
    assert [f.code for f in openrouter_stub.findings()] == ["model-id-without-prefix"]


def test_validator_fixture(checker_validator):
    findings = checker_validator.check("GET", "https://openrouter.ai/api/v1/models?limit=0", HEADERS)
    assert [(f.code, f.location.pointer) for f in findings] == [("parameter-invalid", "/query/limit")]
'''


def test_plugin_fails_tests_whose_requests_have_errors(pytester):
    pytester.makeini("[pytest]\n")
    pytester.makepyfile(test_inner=INNER_TESTS)
    result = pytester.runpytest_subprocess(*plugin_args(), "--checker-spec", str(MINI_SPEC),
                                           "--rootdir", str(pytester.path),
                                           "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1)
    out = result.stdout.str()
    assert "FAILED test_inner.py::test_bad_client" in out
    assert "ERROR request-body-invalid [#1 POST /api/v1/chat/completions POST /chat/completions /messages/0/role]" in out
    assert "see https://openrouter.ai/docs/api/api-reference/chat/create-a-chat-completion" in out
    assert "inner0000secret" not in out


def test_fail_on_warning_from_the_ini_file(pytester):
    pytester.makeini(f"[pytest]\nchecker_spec = {MINI_SPEC}\nchecker_fail_on = warning\n")
    pytester.makepyfile(test_inner='''
import os, httpx

def test_legacy_title(openrouter_stub):
    httpx.post(os.environ["OPENAI_BASE_URL"] + "/chat/completions",
               json={"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]},
               headers={"Authorization": "Bearer k", "X-Title": "Old", "HTTP-Referer": "https://a.example"})
''')
    result = pytester.runpytest_subprocess(*plugin_args(), "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*WARNING header-deprecated*"])
