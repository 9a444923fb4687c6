"""The revalidation probe (checker.fetch.probe) against a real loopback server: only a direct 304 to
exactly the client's request is an answer; everything else is left to the client."""
from __future__ import annotations

import socket
import threading
import time

import pytest
from hypothesis import given, settings, strategies as st

from checker.fetch.client import fetch_all
from checker.fetch.heads import Exchange, Exchanges
from checker.fetch.probe import Probe, proxied
from checker.fetch.request import FetchOptions, FetchRequest
from checker.models import Conditional

OFFICIAL = "https://openrouter.ai/docs/a"
ETAG = '"v1"'


def _request(etag: str | None = ETAG, authorized: bool = False, url: str = OFFICIAL) -> FetchRequest:
    return FetchRequest("a", url, conditional=Conditional(etag=etag), authorized=authorized)


def _probe(server, timeout: float = 5.0) -> Probe:
    return Probe(server.url, timeout)


def test_a_304_is_the_answer_with_the_validators(loopback):
    loopback.route("/docs/a", body="<h1>A</h1>", etag=ETAG)
    got = _probe(loopback).answers([_request()])[0]
    assert got is not None and got.not_modified and got.http_status == 304
    assert (got.source_id, got.url, got.final_url, got.etag) == ("a", OFFICIAL, OFFICIAL, ETAG)


def test_the_probe_sends_the_clients_request(loopback, monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-" + "ab" * 20)
    loopback.route("/docs/a", body="<h1>A</h1>", etag=ETAG, last_modified="Tue, 01 Dec 2026 10:00:00 GMT")
    request = FetchRequest("a", OFFICIAL, conditional=Conditional(ETAG, "Tue, 01 Dec 2026 10:00:00 GMT"),
                           authorized=True)
    assert _probe(loopback).answers([request])[0] is not None
    assert fetch_all([request], FetchOptions(base_url=loopback.url, retries=0))[0].not_modified
    probe_sent, client_sent = (r.headers for r in loopback.requests)
    assert probe_sent == client_sent
    assert probe_sent["authorization"].startswith("Bearer sk-or-v1-")
    assert probe_sent["if-none-match"] == ETAG


@pytest.mark.parametrize("answer", ["200", "redirect", "500", "timeout", "drop", "429"])
def test_anything_but_a_304_is_no_answer(loopback, answer):
    if answer in ("drop", "429"):
        loopback.fault("/docs/a", answer)
    elif answer == "200":
        loopback.route("/docs/a", body="<h1>new</h1>", etag='"v2"')
    elif answer == "redirect":
        loopback.route("/docs/b", body="<h1>A</h1>", etag=ETAG)
        loopback.redirect("/docs/a", "/docs/b")
    elif answer == "500":
        loopback.route("/docs/a", status=500, body="oops")
    else:
        loopback.route("/docs/a", body="<h1>A</h1>", etag=ETAG, delay=1.5)
    assert _probe(loopback, timeout=0.5).answers([_request()]) == [None]
    assert loopback.requests, "it was asked"


def test_no_validators_no_request(loopback):
    loopback.route("/docs/a", body="<h1>A</h1>", etag=ETAG)
    assert _probe(loopback).answers([_request(etag=None)]) == [None]
    assert loopback.requests == []


@pytest.mark.parametrize("name", ["HTTPS_PROXY", "http_proxy", "ALL_PROXY"])
def test_a_proxy_in_the_environment_leaves_every_request_to_the_client(loopback, monkeypatch, name):
    for other in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(other, raising=False)
    monkeypatch.setenv(name, "http://127.0.0.1:9")
    loopback.route("/docs/a", body="<h1>A</h1>", etag=ETAG)
    assert proxied()
    assert _probe(loopback).answers([_request()]) == [None]
    assert loopback.requests == []


def test_an_answer_is_for_exactly_the_request_asked(loopback):
    loopback.route("/docs/a", body="<h1>A</h1>", etag=ETAG)
    probe = _probe(loopback)
    probe.ask([_request()])
    assert probe.answer(_request(etag='"other"')) is None
    assert probe.answer(_request(authorized=True)) is None
    assert probe.answer(_request()) is not None


def test_requests_in_flight_together_up_to_the_per_host_limit(loopback):
    for i in range(6):
        loopback.route(f"/docs/{i}", body="x", etag=ETAG, delay=0.2)
    requests = [FetchRequest(str(i), f"https://openrouter.ai/docs/{i}", conditional=Conditional(ETAG))
                for i in range(6)]
    assert all(_probe_with_limit(loopback, 3).answers(requests))
    assert loopback.max_in_flight == 3


def _probe_with_limit(server, per_host: int) -> Probe:
    return Probe(server.url, 5.0, per_host=per_host)


def _head_of(data: bytes, timeout: float = 2.0, close: bool = True):
    """What the probe's transport reads from a raw server that answers `data` (then closes, or not)."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        release = threading.Event()

        def serve() -> None:
            conn, _ = server.accept()
            with conn:
                try:
                    conn.recv(65536)
                    conn.sendall(data)
                    if not close:
                        release.wait(timeout + 1)
                except OSError:
                    pass  # the probe gave up and closed first

        thread = threading.Thread(target=serve)
        thread.start()
        got = []
        exchanges = Exchanges(timeout, 1, lambda x, head: got.append(head))
        exchanges.add(Exchange(None, "127.0.0.1", server.getsockname()[1], b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        while not got:
            exchanges.turn()
        exchanges.close()
        release.set()
        thread.join()
    return got[0]


def test_the_head_of_a_304_is_read_without_a_body():
    status, fields = _head_of(b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nLast-Modified: Tue, 01 Dec 2026\r\n\r\n',
                              close=False)
    assert (status, fields["etag"], fields["last-modified"]) == (304, '"v1"', "Tue, 01 Dec 2026")


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.binary(max_size=300) | st.builds(lambda a, b: b"HTTP/1.1 " + a + b"\r\n\r\n" + b, st.binary(max_size=40),
                                        st.binary(max_size=40)))
def test_any_bytes_are_a_head_or_no_answer(data):
    """What a server sends never escapes the probe's transport as anything but 'no answer' (None)."""
    got = _head_of(data)
    if got is not None:
        status, fields = got
        assert data.startswith(b"HTTP/1.") and b"\r\n\r\n" in data
        assert isinstance(status, int) and all(k == k.lower() for k in fields)


def test_a_head_that_never_ends_is_no_answer_before_the_deadline():
    start = time.monotonic()
    assert _head_of(b"HTTP/1.1 304 Not Modified\r\nX: " + b"y" * (70 * 1024), timeout=5.0, close=False) is None
    assert time.monotonic() - start < 2.5, "MAX_HEAD ended it, not the deadline"


def test_a_silent_server_is_no_answer_at_the_deadline():
    start = time.monotonic()
    assert _head_of(b"", timeout=0.3, close=False) is None
    assert 0.3 <= time.monotonic() - start < 2.0


def test_an_address_that_refuses_is_no_answer_and_the_others_go_on(loopback):
    """One exchange failing (nothing listens there) ends only that one."""
    loopback.route("/docs/a", body="<h1>A</h1>", etag=ETAG)
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    probe = _probe(loopback)
    refused = FetchRequest("b", f"http://127.0.0.1:{port}/docs/b", conditional=Conditional(ETAG))
    probe.base_url = None
    got = probe.answers([refused, FetchRequest("a", f"{loopback.url}/docs/a", conditional=Conditional(ETAG))])
    assert got[0] is None and got[1] is not None and got[1].http_status == 304


def test_fetch_all_takes_the_304s_and_fetches_the_rest_with_one_progress_count(loopback):
    from checker.fetch.probe import fetch_all as fetch_with_probe

    loopback.route("/docs/same", body="<h1>same</h1>", etag=ETAG)
    loopback.route("/docs/new", body="<h1>new</h1>", etag='"v2"')
    requests = [FetchRequest(name, f"https://openrouter.ai/docs/{name}", conditional=Conditional(ETAG))
                for name in ("same", "new")]
    seen = []
    got = fetch_with_probe(requests, FetchOptions(base_url=loopback.url, progress=lambda *a: seen.append(a)))
    assert [(g.source_id, g.http_status, g.body) for g in got] == [("same", 304, None), ("new", 200, b"<h1>new</h1>")]
    assert sorted(seen) == [(1, 2, "same"), (2, 2, "new")]
    assert [r.path for r in loopback.requests].count("/docs/same") == 1, "a 304 is final: not asked again"


@pytest.fixture
def tls_files(tmp_path):
    """A self-signed certificate for 127.0.0.1 (the openssl command line makes it)."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def _tls_server(cert, key, answer: bytes) -> tuple[socket.socket, list[bytes]]:
    """A raw TLS server on loopback answering each request head with `answer`; returns (socket, heads)."""
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server, heads = socket.create_server(("127.0.0.1", 0)), []

    def serve() -> None:
        while True:
            try:
                raw, _ = server.accept()
            except OSError:
                return  # closed
            try:
                with context.wrap_socket(raw, server_side=True) as conn:
                    data = b""
                    while b"\r\n\r\n" not in data:
                        data += conn.recv(4096) or b"\r\n\r\n"
                    heads.append(data)
                    conn.sendall(answer)
            except OSError:
                pass  # a client that refused the certificate

    threading.Thread(target=serve, daemon=True).start()
    return server, heads


def test_a_304_over_tls_is_the_answer_and_an_untrusted_certificate_none(tls_files, monkeypatch):
    cert, key = tls_files
    server, heads = _tls_server(cert, key, b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n')
    with server:
        base = f"https://127.0.0.1:{server.getsockname()[1]}"
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        got = Probe(base, 5.0).answers([_request(), FetchRequest("b", "https://openrouter.ai/docs/b",
                                                                  conditional=Conditional(ETAG))])
        assert [g is not None and g.http_status == 304 for g in got] == [True, True]
        assert sorted(h.split(b"\r\n")[0] for h in heads) == [b"GET /docs/a HTTP/1.1", b"GET /docs/b HTTP/1.1"]
        monkeypatch.delenv("SSL_CERT_FILE")  # certifi's bundle does not trust it
        assert Probe(base, 5.0).answers([_request()]) == [None]


def test_the_user_agent_names_the_installed_httpx_read_without_importing_it():
    """checker.fetch.request reads httpx's version from its source file; it must be httpx's own."""
    import subprocess
    import sys

    code = ("import sys; from checker.fetch.wire import USER_AGENT; loaded = 'httpx' in sys.modules; "
            "import httpx; print(USER_AGENT.endswith(f'python-httpx/{httpx.__version__})'), loaded)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]


def test_a_failure_in_the_probes_thread_is_no_answer_at_once(loopback, monkeypatch):
    """A bug in the transport must not leave the run waiting for the timeout: every request, asked
    before or after, is no answer (the client fetches them)."""
    loopback.route("/docs/a", body="<h1>A</h1>", etag=ETAG)

    def broken(self) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Exchanges, "turn", broken)
    probe, start = _probe(loopback, timeout=5.0), time.monotonic()
    assert probe.answers([_request()]) == [None]
    assert probe.answers([_request(etag='"v2"')]) == [None]
    assert time.monotonic() - start < 2.0
