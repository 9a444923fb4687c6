"""The pytest plugin's error for a spec it cannot find names its own option, --checker-spec."""
from __future__ import annotations

from tests.comply.test_pytest_plugin import plugin_args

pytest_plugins = ["pytester"]
NEEDS_SPEC = "def test_uses_stub(openrouter_stub):\n    pass\n"


def test_missing_spec_error_names_checker_spec(pytester, monkeypatch):
    monkeypatch.setenv("CHECKER_BASE_URL", "http://127.0.0.1:9")  # the live spec is unreachable: no network
    monkeypatch.delenv("CHECKER_SPEC", raising=False)
    pytester.makeini("[pytest]\n")
    pytester.makepyfile(test_inner=NEEDS_SPEC)
    result = pytester.runpytest_subprocess(*plugin_args(), "--rootdir", str(pytester.path), "-p", "no:cacheprovider")
    out = result.stdout.str()
    assert result.ret != 0 and "checker: no stored snapshot" in out
    assert "pass --checker-spec FILE|URL" in out and "pass --spec" not in out
