"""The revalidation probe: a source's conditional GET on the standard library, sent as early as the
run knows it, so that its latency overlaps the imports of the rest of the run.

Why a second HTTP path: importing httpx (with httpcore, h11, anyio) costs 60-100 ms, more than a
warm run's whole budget, while a revalidation is one request with no body to read. Even
http.client costs ~25 ms (it imports the email package and ssl), so the probe writes the request
on a socket (TLS through ssl, imported for https only) and reads only the response's head: a
status line and headers, at most 64 KB, within the timeout. It sends exactly the client's request
(checker.fetch.request builds the headers of both) with the same timeout and per-host limit, and
only a direct 304 is an answer. Anything else (a 200, a redirect, an error, a timeout, a proxy in
the environment, a URL with userinfo, a source without validators, a head it cannot read) is no
answer: that source goes through the client (checker.fetch.client) exactly as without the probe.
The probe keeps no error text; with -vv it logs each answer as httpx does (URL redacted).
"""
from __future__ import annotations

import os
import socket
import sys
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from msgspec import Struct
from msgspec.structs import replace

from checker.fetch.request import (USER_AGENT, FetchOptions, FetchRequest, base_headers, display_url, host_key,
                                   request_headers)
from checker.models import Fetched
from checker.urls import swap_origin

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")  # as httpx reads them (any case)
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_HEAD = 64 * 1024  # a 304 is a status line and headers; more is no answer


class _Answer(Struct, frozen=True):
    etag: str | None
    last_modified: str | None
    elapsed_ms: float


def proxied(environ: Any = None) -> bool:
    """Whether requests would go through a proxy (httpx honours these): the probe then stays out."""
    env = os.environ if environ is None else environ
    return any(env.get(name) or env.get(name.upper()) for name in PROXY_VARIABLES)


class Probe:
    """Conditional GETs in flight, one thread each (at most `per_host` at a time per host)."""

    def __init__(self, base_url: str | None, timeout: float, per_host: int = 8,
                 user_agent: str = USER_AGENT) -> None:
        self.base_url, self.timeout, self.user_agent = base_url, timeout, user_agent
        self.enabled = not proxied()
        self._asked: set[FetchRequest] = set()
        self.used: list[FetchRequest] = []  # what the run fetched (the last `answers`)
        self._threads: dict[FetchRequest, threading.Thread] = {}
        self._answers: dict[FetchRequest, _Answer] = {}
        self._limits: dict[str, threading.Semaphore] = {}
        self._per_host = per_host
        self._tls: Any = None
        self._lock = threading.Lock()

    def ask(self, requests: list[FetchRequest]) -> None:
        """Start the conditional GET of each request not asked yet; a request without validators is
        only remembered (the client fetches it)."""
        for request in requests:
            if request in self._asked:
                continue
            self._asked.add(request)
            if not self.enabled or not (request.conditional.etag or request.conditional.last_modified):
                continue
            thread = threading.Thread(target=self._run, args=(request,), daemon=True, name="probe")
            self._threads[request] = thread
            thread.start()

    def answer(self, request: FetchRequest) -> Fetched | None:
        """The 304 of exactly this request (same URL, validators, authorization), or None."""
        thread = self._threads.get(request)
        if thread is None:
            return None
        thread.join(self.timeout + 1.0)  # the request's own deadline ends it before this
        got = self._answers.get(request)
        if got is None:
            return None
        return Fetched(request.source_id, request.url, request.url, http_status=304,
                       etag=got.etag or request.conditional.etag,
                       last_modified=got.last_modified or request.conditional.last_modified,
                       not_modified=True, elapsed_ms=got.elapsed_ms)

    def answers(self, requests: list[FetchRequest]) -> list[Fetched | None]:
        """The run's requests: asked (if not yet), each one's 304 or None; remembered as `used`."""
        self.ask(requests)
        self.used = list(requests)
        return [self.answer(r) for r in requests]

    def all_not_modified(self, requests: list[FetchRequest]) -> bool:
        return bool(requests) and all(self.answer(r) is not None for r in requests)

    def _run(self, request: FetchRequest) -> None:
        url = swap_origin(request.url, self.base_url)
        with self._limit(host_key(url)):
            start = time.monotonic()
            try:
                got = self._get(url, request, start + self.timeout)
            except (OSError, ValueError):
                return  # not an answer: the client fetches it and says what went wrong
            if got is not None:
                self._answers[request] = _Answer(*got, round((time.monotonic() - start) * 1000, 1))

    def _limit(self, host: str) -> threading.Semaphore:
        with self._lock:
            return self._limits.setdefault(host, threading.Semaphore(self._per_host))

    def _get(self, url: str, request: FetchRequest, deadline: float) -> tuple[str | None, str | None] | None:
        parts = urlsplit(url)
        if parts.username is not None or parts.password is not None or parts.scheme not in ("http", "https"):
            return None
        host, port = parts.hostname or "", parts.port or DEFAULT_PORTS[parts.scheme]
        headers = {"Host": _host_header(host, parts.port), **base_headers(self.user_agent),
                   "Connection": "keep-alive", **request_headers(request, request.url)}
        if any("\r" in v or "\n" in v for v in headers.values()):
            return None  # http.client would refuse it too
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        head = f"GET {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        with socket.create_connection((host, port), timeout=self.timeout) as raw:
            conn = self._context().wrap_socket(raw, server_hostname=host) if parts.scheme == "https" else raw
            with conn:
                conn.sendall(head.encode("latin-1"))
                status, fields = _response_head(conn, deadline)
        _log(url, status)
        return (fields.get("etag"), fields.get("last-modified")) if status == 304 else None

    def _context(self) -> Any:
        """TLS verified as httpx verifies it: SSL_CERT_FILE, else SSL_CERT_DIR, else certifi's bundle."""
        with self._lock:
            if self._tls is None:
                import ssl

                if os.environ.get("SSL_CERT_FILE"):
                    self._tls = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
                elif os.environ.get("SSL_CERT_DIR"):
                    self._tls = ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
                else:
                    import certifi

                    self._tls = ssl.create_default_context(cafile=certifi.where())
            return self._tls


def fetch_all(requests: list[FetchRequest], options: FetchOptions, probe: Probe | None = None) -> list[Fetched]:
    """checker.fetch.client.fetch_all, with the probe's 304s taken first: a run where every source
    answers 304 does not import httpx. Progress counts both."""
    probe = probe or Probe(options.base_url, options.timeout, options.per_host, options.user_agent)
    answers = probe.answers(requests)
    done, total, progress = 0, len(requests), options.progress
    for request, answer in zip(requests, answers):
        if answer is not None and progress:
            done += 1
            progress(done, total, request.source_id)
    rest = [r for r, a in zip(requests, answers) if a is None]
    if rest:
        from checker.fetch import client

        counted = (lambda n, _, sid: progress(done + n, total, sid)) if progress else None
        fresh = iter(client.fetch_all(rest, replace(options, progress=counted)))
        answers = [a if a is not None else next(fresh) for a in answers]
    return [a for a in answers if a is not None]


def _host_header(host: str, port: int | None) -> str:
    name = f"[{host}]" if ":" in host else host
    return f"{name}:{port}" if port else name


def _response_head(conn: socket.socket, deadline: float) -> tuple[int, dict[str, str]]:
    """The status and headers (names lower-cased) of the response; ValueError when it is not one
    within the deadline and MAX_HEAD bytes. Only the head is read: a 304 has no body."""
    data = b""
    while b"\r\n\r\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0 or len(data) > MAX_HEAD:
            raise ValueError("no response head in time")
        conn.settimeout(left)
        chunk = conn.recv(8192)
        if not chunk:
            raise ValueError("connection closed")
        data += chunk
    lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    version, _, rest = lines[0].partition(" ")
    if not version.startswith("HTTP/1."):
        raise ValueError("not HTTP/1.x")
    fields = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    return int(rest.split(" ", 1)[0]), fields


def _log(url: str, status: int) -> None:
    """-vv (checker.cli configures logging): the probe's requests beside httpx's."""
    if "logging" in sys.modules:
        sys.modules["logging"].getLogger("checker.probe").info('HTTP Request: GET %s "HTTP/1.1 %d"',
                                                               display_url(url), status)
