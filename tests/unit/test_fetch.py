"""The crawler against a real loopback server: faults, retries, conditional GETs, redirects."""
from __future__ import annotations

import socket
import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest

from checker.fetch.client import ERROR_CODES, fetch_all
from checker.fetch.request import FetchOptions, FetchRequest
from checker.fetch.retry import retry_after_seconds as _retry_after
from checker.models import Conditional, Fetched
from tests.loopback import LoopbackServer

OFFICIAL = "https://openrouter.ai"
PAGE = "<html><body><main><h1>Streaming</h1><p>Server-sent events.</p></main></body></html>"


def options(server: LoopbackServer, **overrides) -> FetchOptions:
    settings = {"base_url": server.url, "timeout": 2.0, "retries": 2, "backoff": 0.01}
    return FetchOptions(**{**settings, **overrides})


def fetch(server: LoopbackServer, path: str, fallbacks: tuple[str, ...] = (),
          conditional: Conditional = Conditional(), **overrides) -> Fetched:
    request = FetchRequest("page", OFFICIAL + path, tuple(OFFICIAL + f for f in fallbacks), conditional)
    return fetch_all([request], options(server, **overrides))[0]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_clear_failure(result: Fetched, code: str, *fragments: str, names_mirror: bool = False) -> None:
    assert not result.ok and result.body is None
    assert result.error_code == code and code in ERROR_CODES
    assert result.error.endswith(".") and "\n" not in result.error
    assert result.url in result.error  # names the official URL, never the mirror
    assert ("127.0.0.1" in result.error) is names_mirror
    for fragment in fragments:
        assert fragment in result.error


# success, metadata, headers --------------------------------------------------------------
def test_success_records_body_and_validators(loopback):
    loopback.route("/docs/a", PAGE, etag='"v1"', last_modified="Wed, 20 Aug 2026 10:00:00 GMT")
    result = fetch(loopback, "/docs/a")
    assert result.ok and result.http_status == 200 and result.body == PAGE.encode()
    assert result.url == result.final_url == OFFICIAL + "/docs/a" and not result.moved
    assert result.content_type.startswith("text/html")
    assert (result.etag, result.last_modified) == ('"v1"', "Wed, 20 Aug 2026 10:00:00 GMT")
    assert result.elapsed_ms > 0


def test_sends_clear_user_agent_and_fetches_the_mirror_path(loopback):
    loopback.route("/docs/a", PAGE)
    fetch(loopback, "/docs/a")
    (logged,) = loopback.requests
    assert logged.path == "/docs/a"
    assert logged.headers["user-agent"].startswith("checker/")
    assert "drift" in logged.headers["user-agent"]


def test_results_keep_request_order(loopback):
    for name in "abcd":
        loopback.route(f"/docs/{name}", f"page {name}", delay=0.05 * (4 - "abcd".index(name)))
    requests = [FetchRequest(n, f"{OFFICIAL}/docs/{n}") for n in "abcd"]
    results = fetch_all(requests, options(loopback))
    assert [r.source_id for r in results] == list("abcd")
    assert [r.body for r in results] == [f"page {n}".encode() for n in "abcd"]


def test_concurrency_per_host_is_bounded(loopback):
    for i in range(9):
        loopback.route(f"/docs/p{i}", "x", delay=0.15)
    requests = [FetchRequest(f"p{i}", f"{OFFICIAL}/docs/p{i}") for i in range(9)]
    results = fetch_all(requests, options(loopback, per_host=3))
    assert all(r.ok for r in results)
    assert 2 <= loopback.max_in_flight <= 3


def test_a_full_crawl_overlaps_eight_requests_per_host_by_default(loopback):
    for i in range(19):  # as many as the bundled target's sources
        loopback.route(f"/docs/p{i}", "x", delay=0.3)
    results = fetch_all([FetchRequest(f"p{i}", f"{OFFICIAL}/docs/p{i}") for i in range(19)], options(loopback))
    assert all(r.ok for r in results)
    assert loopback.max_in_flight == 8  # three rounds for 19 sources, not four (6) or one request at a time


# conditional requests ----------------------------------------------------------------------
def test_matching_etag_gives_not_modified(loopback):
    loopback.route("/docs/a", PAGE, etag='"v1"', last_modified="Wed, 20 Aug 2026 10:00:00 GMT")
    result = fetch(loopback, "/docs/a", conditional=Conditional('"v1"', "Wed, 20 Aug 2026 10:00:00 GMT"))
    assert result.ok and result.not_modified and result.http_status == 304 and result.body is None
    assert result.etag == '"v1"' and result.last_modified == "Wed, 20 Aug 2026 10:00:00 GMT"
    assert loopback.requests[0].headers["if-none-match"] == '"v1"'
    assert loopback.requests[0].headers["if-modified-since"] == "Wed, 20 Aug 2026 10:00:00 GMT"


def test_last_modified_alone_gives_not_modified(loopback):
    loopback.route("/docs/a", PAGE, last_modified="Wed, 20 Aug 2026 10:00:00 GMT")
    result = fetch(loopback, "/docs/a", conditional=Conditional(None, "Wed, 20 Aug 2026 10:00:00 GMT"))
    assert result.not_modified and result.last_modified == "Wed, 20 Aug 2026 10:00:00 GMT"
    assert "if-none-match" not in loopback.requests[0].headers


def test_stale_etag_gets_the_new_body(loopback):
    loopback.route("/docs/a", PAGE, etag='"v2"')
    result = fetch(loopback, "/docs/a", conditional=Conditional('"v1"'))
    assert result.ok and not result.not_modified and result.body == PAGE.encode() and result.etag == '"v2"'


# faults -------------------------------------------------------------------------------------
@pytest.mark.parametrize("fault, fault_options, code, fragments, hits", [
    ("500", {}, "fetch-http-error", ("HTTP 500 Internal Server Error after 3 attempts",), 3),
    ("503", {}, "fetch-http-error", ("HTTP 503",), 3),
    ("429", {"retry_after": "0"}, "fetch-rate-limited", ("rate limited with HTTP 429 after 3 attempts",), 3),
    ("timeout", {"delay": 3}, "fetch-timeout", ("0.3 s",), 1),
    ("slow-body", {"chunk": 8, "interval": 0.1}, "fetch-timeout", ("0.3 s",), 1),
    ("truncated", {}, "fetch-truncated", ("cut off",), 3),
    ("truncated", {"chunked": True}, "fetch-truncated", ("cut off",), 3),
    ("drop", {}, "fetch-connect", ("before a response",), 3),
    ("redirect-loop", {}, "fetch-redirect-loop", ("loop",), 1),
    ("offhost-redirect", {}, "fetch-redirect-offhost", ("example.invalid", "not followed"), 1),
    ("oversized", {"size": 5000}, "fetch-too-large", ("5000 bytes", "4096-byte limit"), 1),
    ("oversized", {"size": 5000, "chunked": True}, "fetch-too-large", ("more than the 4096-byte",), 1),
    ("challenge", {}, "fetch-http-error", ("HTTP 403", "bot-challenge"), 1),
])
def test_fault_gives_clear_error(loopback, fault, fault_options, code, fragments, hits):
    loopback.route("/docs/a", PAGE)
    loopback.fault("/docs/a", fault, **fault_options)
    retries = 0 if fault in ("timeout", "slow-body") else 2
    result = fetch(loopback, "/docs/a", timeout=0.3 if retries == 0 else 2.0, retries=retries, max_bytes=4096)
    assert_clear_failure(result, code, *fragments)
    assert loopback.hits("/docs/a") == hits


def test_timeouts_are_retried(loopback):
    loopback.route("/docs/a", PAGE)
    loopback.fault("/docs/a", "timeout", times=1, delay=3)
    result = fetch(loopback, "/docs/a", timeout=0.3, retries=1)
    assert result.ok and result.body == PAGE.encode() and loopback.hits("/docs/a") == 2


def test_not_found_is_not_retried(loopback):
    result = fetch(loopback, "/docs/missing")
    assert_clear_failure(result, "fetch-http-error", "HTTP 404")
    assert result.http_status == 404 and loopback.hits("/docs/missing") == 1


def test_connection_refused(loopback):
    request = FetchRequest("page", OFFICIAL + "/docs/a")
    result = fetch_all([request], FetchOptions(base_url=f"http://127.0.0.1:{closed_port()}", retries=1,
                                               backoff=0.01, timeout=2))[0]
    assert_clear_failure(result, "fetch-connect", "Could not connect to 127.0.0.1:", names_mirror=True)


def test_garbage_and_200_challenge_bodies_are_returned_for_the_normaliser(loopback):
    loopback.fault("/docs/g", "garbage", size=300)
    loopback.fault("/docs/c", "challenge", status=200)
    garbage, challenge = fetch_all([FetchRequest("g", OFFICIAL + "/docs/g"), FetchRequest("c", OFFICIAL + "/docs/c")],
                                   options(loopback))
    assert garbage.ok and len(garbage.body) == 300 and garbage.content_type.startswith("text/html")
    assert challenge.ok and b"Just a moment..." in challenge.body


# retries and Retry-After -------------------------------------------------------------------
def test_retry_after_is_honoured_then_succeeds(loopback):
    loopback.route("/docs/a", PAGE)
    loopback.fault("/docs/a", "429", times=1, retry_after="1")
    result = fetch(loopback, "/docs/a")
    assert result.ok and result.body == PAGE.encode()
    first, second = loopback.requests
    assert 0.9 <= second.at - first.at < 3  # waited for Retry-After, not the 0.01 s backoff


def test_server_error_then_success(loopback):
    loopback.route("/docs/a", PAGE)
    loopback.fault("/docs/a", "503", times=2)
    result = fetch(loopback, "/docs/a")
    assert result.ok and loopback.hits("/docs/a") == 3


def test_retry_after_beyond_cap_gives_up_without_sleeping(loopback):
    loopback.fault("/docs/a", "429", retry_after="120")
    started = time.monotonic()
    result = fetch(loopback, "/docs/a", max_retry_after=5)
    assert time.monotonic() - started < 1
    assert_clear_failure(result, "fetch-rate-limited", "120 s", "try again later")
    assert loopback.hits("/docs/a") == 1


def test_retry_after_http_date():
    soon = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=120), usegmt=True)
    assert 115 <= _retry_after(soon) <= 120
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert _retry_after("7") == 7 and _retry_after("soon") is None


# redirects and fallbacks -------------------------------------------------------------------
def test_same_host_redirect_records_official_final_url(loopback):
    loopback.redirect("/docs/a", "/docs/b")
    loopback.route("/docs/b", PAGE)
    result = fetch(loopback, "/docs/a")
    assert result.ok and result.body == PAGE.encode()
    assert result.url == OFFICIAL + "/docs/a" and result.final_url == OFFICIAL + "/docs/b" and result.moved


def test_absolute_official_redirect_stays_on_the_mirror(loopback):
    loopback.redirect("/docs/a", OFFICIAL + "/docs/b", status=308)
    loopback.route("/docs/b", PAGE)
    result = fetch(loopback, "/docs/a")
    assert result.ok and result.final_url == OFFICIAL + "/docs/b" and loopback.hits("/docs/b") == 1


def test_too_many_redirects(loopback):
    for i in range(7):
        loopback.redirect(f"/docs/r{i}", f"/docs/r{i + 1}", status=302)
    loopback.route("/docs/r7", PAGE)
    result = fetch(loopback, "/docs/r0")
    assert_clear_failure(result, "fetch-redirect-loop", "more than 5")


@pytest.mark.parametrize("status", ["404", "410"])
def test_fallback_used_when_primary_is_gone(loopback, status):
    loopback.fault("/openapi.json", status)
    loopback.route("/api/v1/openapi.json", '{"openapi": "3.1.0"}', content_type="application/json")
    result = fetch(loopback, "/openapi.json", fallbacks=("/api/v1/openapi.json",))
    assert result.ok and result.body == b'{"openapi": "3.1.0"}'
    assert result.url == OFFICIAL + "/openapi.json"
    assert result.final_url == OFFICIAL + "/api/v1/openapi.json"


def test_fallback_not_used_for_server_errors(loopback):
    loopback.fault("/openapi.json", "500")
    loopback.route("/api/v1/openapi.json", "{}")
    result = fetch(loopback, "/openapi.json", fallbacks=("/api/v1/openapi.json",))
    assert_clear_failure(result, "fetch-http-error", "HTTP 500")
    assert loopback.hits("/api/v1/openapi.json") == 0


def test_fallback_after_connect_error(loopback):
    loopback.route("/api/v1/openapi.json", "{}")
    dead = f"http://127.0.0.1:{closed_port()}/openapi.json"
    request = FetchRequest("spec", dead, (loopback.url_for("/api/v1/openapi.json"),))
    result = fetch_all([request], FetchOptions(retries=0))[0]
    assert result.ok and result.url == dead and result.final_url == loopback.url_for("/api/v1/openapi.json")


def test_all_candidates_failing_reports_the_primary(loopback):
    result = fetch(loopback, "/openapi.json", fallbacks=("/api/v1/openapi.json",))
    assert_clear_failure(result, "fetch-http-error", "HTTP 404", "1 fallback URL(s) failed too")
    assert result.http_status == 404
