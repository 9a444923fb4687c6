"""pytest plugin: route a test suite's OpenRouter calls through the loopback stub and validate them.

    def test_my_client(openrouter_stub):
        my_app.ask("hi", base_url=openrouter_stub.base_url)   # or read OPENROUTER_BASE_URL
        # the test fails if what my_app sent has findings at or above --checker-fail-on (default: error)

    def test_my_client_retries(openrouter_stub):
        openrouter_stub.fault("429@1")                         # break this test's first request
        my_app.ask("hi", base_url=openrouter_stub.base_url)
        assert "fault-retried" in [f.code for f in openrouter_stub.findings()]

Fixtures: `openrouter_stub` (per test; sets OPENROUTER_BASE_URL, OPENAI_BASE_URL and OPENROUTER_API_BASE),
`checker_validator` (per session; `.check(method, url, headers, body)` -> findings).
Options: --checker-spec FILE|URL, --checker-catalog FILE|URL, --checker-fail-on error|warning|info,
--checker-fault KIND@N (repeatable: every test's Nth request is broken, as `checker record --fault` does)
(or ini keys checker_spec, checker_catalog, checker_fail_on, checker_faults; env CHECKER_SPEC).
"""
from __future__ import annotations

import os
from typing import Any, Iterator

import pytest

from checker.models import Finding, Severity

STUB_FIXTURE = "openrouter_stub"
_FAULTS = pytest.StashKey[list]()  # the faults of --checker-fault / checker_faults, parsed
SPEC_HINT = ("pass --checker-spec FILE|URL (or the checker_spec ini key, or CHECKER_SPEC), "
             "or run `checker snapshot` to store the spec")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("checker", "OpenRouter client compliance (checker)")
    group.addoption("--checker-spec", default=None, metavar="FILE|URL",
                    help="spec to validate against (default: ./snapshots, else the live spec)")
    group.addoption("--checker-catalog", default=None, metavar="FILE|URL", help="models list JSON")
    group.addoption("--checker-fail-on", default=None, choices=[s.value for s in Severity],
                    help="lowest finding severity that fails a test using openrouter_stub (default: error)")
    group.addoption("--checker-fault", action="append", default=[], metavar="KIND@N",
                    help="break the Nth request of every test using openrouter_stub: KIND is an HTTP status (429 "
                         "and 503 send Retry-After: 1) or mid-stream-error; repeatable. The findings say whether "
                         "the client retried and waited")
    parser.addini("checker_spec", "spec file or URL for the openrouter_stub fixture", default="")
    parser.addini("checker_catalog", "models list JSON for the openrouter_stub fixture", default="")
    parser.addini("checker_fail_on", "lowest severity that fails a test (error|warning|info)", default="error")
    parser.addini("checker_faults", "faults (KIND@N, one a line) for every test using openrouter_stub",
                  type="linelist", default=[])


def pytest_configure(config: pytest.Config) -> None:
    """Read the faults once, so a typo is a usage error before any test runs."""
    texts = [*config.getini("checker_faults"), *config.getoption("--checker-fault")]
    config.stash[_FAULTS] = _parse_faults(texts) if texts else []


def _parse_faults(texts: list[str]) -> list[Any]:
    from checker.errors import ConfigError
    from checker.record.faults import parse_fault

    try:
        return [parse_fault(text, flag="--checker-fault") for text in texts]
    except ConfigError as exc:
        raise pytest.UsageError(f"checker: {exc}") from None


def _setting(config: pytest.Config, name: str) -> str | None:
    value = config.getoption(f"--checker-{name.replace('_', '-')}") or config.getini(f"checker_{name}")
    return value or None


class StubSession:
    """What one test sees: the stub's URLs, the requests recorded during the test, their findings."""

    def __init__(self, stub: Any, validator: Any, threshold: Severity) -> None:
        self.stub, self.validator, self.threshold = stub, validator, threshold
        self.enforce = True

    @property
    def url(self) -> str:
        return self.stub.url

    @property
    def base_url(self) -> str:
        return self.stub.base_url

    @property
    def requests(self) -> list[Any]:
        return list(self.stub.requests)

    def findings(self) -> list[Finding]:
        """What the requests recorded so far break, then what the client did about each fault."""
        return self.validator.validate_all(self.stub.requests) + self.stub.fault_findings()

    def fault(self, text: str) -> None:
        """Break a request of this test on purpose: `fault("429@2")` answers the 2nd with a 429 (see
        --checker-fault); the findings then say whether the client retried, and after how long."""
        from checker.errors import ConfigError
        from checker.record.faults import parse_fault

        try:
            self.stub.add_fault(parse_fault(text, flag="openrouter_stub.fault()"))
        except ConfigError as exc:
            pytest.fail(f"checker: {exc}", pytrace=False)

    def allow_findings(self) -> None:
        """Do not fail this test on findings (for tests that send bad requests on purpose)."""
        self.enforce = False


@pytest.fixture(scope="session")
def checker_validator(pytestconfig: pytest.Config) -> Any:
    from checker.comply import Validator, load_catalog
    from checker.comply.specsource import resolve_spec
    from checker.errors import CheckerError

    try:
        spec, _ = resolve_spec(_setting(pytestconfig, "spec") or os.environ.get("CHECKER_SPEC"))
    except CheckerError as exc:  # the CLI's hint names --spec; here the option is --checker-spec
        missing = f"checker: {exc.message} ({SPEC_HINT})"
    else:
        missing = None
    if missing:  # outside the except: the CLI's wording must not show up as the chained cause
        pytest.fail(missing, pytrace=False)
    try:
        catalog_at = _setting(pytestconfig, "catalog")
        return Validator(spec, catalog=load_catalog(catalog_at) if catalog_at else None)
    except CheckerError as exc:
        pytest.fail(f"checker: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def _checker_stub(checker_validator: Any) -> Iterator[Any]:
    from checker.record.stub import Stub

    with Stub(checker_validator.spec) as stub:
        yield stub


@pytest.fixture
def openrouter_stub(_checker_stub: Any, checker_validator: Any, pytestconfig: pytest.Config,
                    monkeypatch: pytest.MonkeyPatch) -> StubSession:
    _checker_stub.reset(pytestconfig.stash[_FAULTS])
    for name, value in _checker_stub.env().items():
        monkeypatch.setenv(name, value)
    threshold = Severity(_setting(pytestconfig, "fail_on") or "error")
    return StubSession(_checker_stub, checker_validator, threshold)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    result = yield
    session = getattr(item, "funcargs", {}).get(STUB_FIXTURE)
    if isinstance(session, StubSession) and session.enforce:
        failing = [f for f in session.findings() if f.severity.at_least(session.threshold)]
        if failing:
            pytest.fail(_describe(failing), pytrace=False)
    return result


def _describe(findings: list[Finding]) -> str:
    lines = [f"checker: {len(findings)} finding(s) in the requests this test sent to OpenRouter:"]
    for f in findings:
        at = (f.location.request or f.location.source, f.location.operation, f.location.pointer)
        where = " ".join(part for part in at if part)
        lines.append(f"  {f.severity.value.upper()} {f.code} [{where}]: {f.message}")
        lines.append(f"      see {f.official_url}")
    return "\n".join(lines)
