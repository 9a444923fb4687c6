"""The record stub under load and under malformed HTTP: no resets, no lost recording."""
from __future__ import annotations

import http.client
import json
import socket
import threading

from checker.record.stub import Stub
from tests.secure.targets import MINI_SPEC

CLIENTS, REQUESTS_EACH = 64, 3


def test_64_concurrent_keep_alive_clients_get_every_answer_without_a_reset():
    body = json.dumps({"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "hi"}]})
    start, errors, statuses = threading.Barrier(CLIENTS), [], []
    lock = threading.Lock()
    with Stub(json.loads(MINI_SPEC.read_text())) as stub:
        host, port = stub.url.removeprefix("http://").split(":")

        def client() -> None:
            start.wait()  # every client connects at the same moment: the listen backlog is what is tested
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            try:
                for _ in range(REQUESTS_EACH):  # one connection, kept alive
                    conn.request("POST", "/api/v1/chat/completions", body, {"Content-Type": "application/json"})
                    response = conn.getresponse()
                    response.read()
                    with lock:
                        statuses.append(response.status)
            except OSError as exc:
                with lock:
                    errors.append(type(exc).__name__)
            finally:
                conn.close()

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        recorded = len(stub.requests)
    assert errors == []
    assert statuses == [200] * CLIENTS * REQUESTS_EACH and recorded == CLIENTS * REQUESTS_EACH


def _raw(stub: Stub, data: bytes) -> bytes:
    host, port = stub.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_malformed_requests_are_answered_400_and_the_stub_keeps_recording():
    with Stub(json.loads(MINI_SPEC.read_text())) as stub:
        bad_length = _raw(stub, b"POST /api/v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n"
                                b"Connection: close\r\n\r\n")
        bad_chunk = _raw(stub, b"POST /api/v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                               b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n")
        bad_target = _raw(stub, b"GET [::1/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        conn = http.client.HTTPConnection(*stub.url.removeprefix("http://").split(":"), timeout=5)
        conn.request("GET", "/api/v1/models")
        good = conn.getresponse().status
        conn.close()
    assert bad_length.startswith(b"HTTP/1.1 400") and b"negative Content-Length" in bad_length
    assert bad_chunk.startswith(b"HTTP/1.1 400")
    assert bad_target.startswith(b"HTTP/1.1 400")
    assert good == 200 and [r.source for r in stub.requests][-1] == f"#{len(stub.requests)} GET /api/v1/models"
