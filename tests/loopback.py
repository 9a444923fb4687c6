"""A real HTTP server on 127.0.0.1 for tests and benchmarks, with switchable faults.

    with LoopbackServer() as server:
        server.route("/docs/a", body="<h1>A</h1>", etag='"v1"')
        server.route("/openapi.json", body=lambda req: json.dumps(make_spec()),
                     content_type="application/json")
        server.redirect("/docs/old", "/docs/a")
        server.fault("/docs/a", "429", times=1, retry_after="1")  # then served normally
        fetch(server.url + "/docs/a")
        assert server.hits("/docs/a") == 2
        server.requests[-1].headers["user-agent"]

Routes match on the path only (the query is ignored); an unknown path is a 404 unless a
`fallback(fn)` handler returns a `Route` for it (e.g. to serve a directory tree).
A body may be bytes, str or a callable taking the `LoggedRequest` and returning bytes or
str, called on every request (fresh volatile noise for normaliser tests).

Faults (`server.fault(path, kind, times=None, **options)`; `times=N` faults the first N
requests only, then the route is served normally):

    "500", "503", any status    that status with a short HTML body
    "429"                       429 with Retry-After (option retry_after, default "1")
    "timeout"                   sleep `delay` seconds (default 5) before answering
    "slow-body"                 headers at once, then the body in `chunk` bytes every `interval` s
    "truncated"                 Content-Length larger than what is sent, then close
                                (chunked=True: an unterminated chunked body instead)
    "drop"                      close the connection without any response
    "garbage"                   random bytes (`size`, default 4096) as 200 text/html
    "challenge"                 a Cloudflare-style "Just a moment..." page (status 403, or 200)
    "redirect-loop"             302 to the same path, forever
    "offhost-redirect"          302 to http://example.invalid/<path>
    "oversized"                 a `size`-byte body (default 8 MiB + 1);
                                chunked=True omits Content-Length (close-delimited)

Every request is logged (`requests`, `hits(path)`); `max_in_flight` is the largest number
of requests handled at the same moment (route option `delay` helps to make overlap visible).
"""
from __future__ import annotations

import hashlib
import random
import threading
import time
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any, Callable, Union
from urllib.parse import urlsplit

from msgspec import Struct, field

from checker.record.serve import LoopbackHTTP

Body = Union[bytes, str, Callable[["LoggedRequest"], Union[bytes, str]]]

CHALLENGE_PAGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta name="robots" content="noindex,nofollow"></head><body>
<div class="main-wrapper" role="main"><div class="main-content">
<h1 class="zone-name-title h1">openrouter.ai</h1>
<h2 class="h2" id="challenge-running">Checking your browser before accessing openrouter.ai.</h2>
<noscript>Enable JavaScript and cookies to continue</noscript>
<div id="challenge-body-text">This process is automatic. Your browser will redirect to your
requested content shortly.</div></div></div>
<script>window._cf_chl_opt={cvId:'3',cType:'managed',cRay:'8f0c1d2e3a4b5c6d'};</script>
<div class="footer">Performance &amp; security by Cloudflare · Ray ID: 8f0c1d2e3a4b5c6d</div>
</body></html>"""

FAULTS = ("429", "timeout", "slow-body", "truncated", "drop", "garbage", "challenge",
          "redirect-loop", "offhost-redirect", "oversized")


class LoggedRequest(Struct, frozen=True):
    method: str
    path: str
    query: str
    headers: dict[str, str]  # names lower-cased
    at: float  # time.monotonic()


class Route(Struct):
    """What a path answers. `etag=True` derives an ETag from the body's sha256."""

    body: Body = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    etag: str | bool | None = None
    last_modified: str | None = None
    delay: float = 0.0  # seconds to wait before answering
    fault: str | None = None
    fault_options: dict[str, Any] = field(default_factory=dict)
    fault_times: int | None = None  # None: always


class LoopbackServer(LoopbackHTTP):
    """Threaded HTTP/1.1 server on 127.0.0.1:<free port>; use as a context manager."""

    poll_interval = 0.01

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[LoggedRequest] = []
        self.max_in_flight = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._fallback: Callable[[LoggedRequest], Route | None] | None = None
        super().__init__(_handler_for(self))

    def url_for(self, path: str) -> str:
        return self.url + path

    # configuration -------------------------------------------------------------------
    def route(self, path: str, body: Body = b"", status: int = 200, headers: dict[str, str] | None = None,
              **options: Any) -> Route:
        """Serve `body` at `path` (replaces any earlier route, fault included)."""
        route = Route(body=body, status=status, headers=dict(headers or {}), **options)
        self.routes[path] = route
        return route

    def redirect(self, path: str, to: str, status: int = 301) -> Route:
        """Redirect `path` to `to` (a path on this server or an absolute URL)."""
        return self.route(path, status=status, headers={"Location": to}, body=b"")

    def fault(self, path: str, kind: str, times: int | None = None, **options: Any) -> Route:
        """Make `path` misbehave (see module docstring); creates an empty route if needed."""
        if kind not in FAULTS and not kind.isdigit():
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(FAULTS)} or a status code")
        route = self.routes.get(path) or self.route(path)
        route.fault, route.fault_options, route.fault_times = kind, dict(options), times
        return route

    def clear_fault(self, path: str) -> None:
        self.routes[path].fault = None

    def fallback(self, fn: Callable[[LoggedRequest], Route | None]) -> None:
        """Ask `fn` for a Route when no route matches (return None for a 404)."""
        self._fallback = fn

    # assertions ------------------------------------------------------------------------
    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()
            self.max_in_flight = 0

    # lifecycle -------------------------------------------------------------------------
    def stop(self) -> None:
        self._closing.set()  # wakes handlers sleeping in a fault
        super().stop()

    # internals used by the handler -------------------------------------------------------
    def _enter(self, request: LoggedRequest) -> Route | None:
        with self._lock:
            self.requests.append(request)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        route = self.routes.get(request.path)
        if route is None and self._fallback is not None:
            route = self._fallback(request)
        return route

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _take_fault(self, route: Route) -> str | None:
        with self._lock:
            if route.fault is None or route.fault_times == 0:
                return None
            if route.fault_times is not None:
                route.fault_times -= 1
            return route.fault

    def _sleep(self, seconds: float) -> None:
        self._closing.wait(seconds)


def _handler_for(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        owner = server

    return Handler


class _Handler(BaseHTTPRequestHandler):
    owner: LoopbackServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid delayed-ACK stalls

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        request = LoggedRequest(self.command, parts.path, parts.query,
                                {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        route = self.owner._enter(request)
        try:
            if route is None:
                self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>", {})
                return
            if route.delay:
                self.owner._sleep(route.delay)
            fault = self.owner._take_fault(route)
            if fault:
                self._serve_fault(fault, route, request)
            else:
                self._serve(route, request)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (size cap, timeout)
        finally:
            self.owner._leave()

    def _serve(self, route: Route, request: LoggedRequest) -> None:
        body = route.body(request) if callable(route.body) else route.body
        body = body.encode() if isinstance(body, str) else body
        headers = {"Content-Type": route.content_type, **route.headers}
        etag = route.etag
        if etag is True:
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if etag:
            headers["ETag"] = etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        if route.status == 200 and _not_modified(request.headers, etag, route.last_modified):
            self._send(304, b"", {k: v for k, v in headers.items() if k != "Content-Type"})
            return
        self._send(route.status, body, headers)

    def _serve_fault(self, fault: str, route: Route, request: LoggedRequest) -> None:
        opts = route.fault_options
        if fault == "429":
            retry_after = opts.get("retry_after", "1")  # None: no Retry-After header
            headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
            self._send(429, b"<html><body>Too Many Requests</body></html>", headers)
        elif fault.isdigit():
            self._send(int(fault), f"<html><body><h1>Error {fault}</h1></body></html>".encode(), {})
        elif fault == "timeout":
            self.owner._sleep(opts.get("delay", 5.0))
            self.close_connection = True
        elif fault == "drop":
            self.close_connection = True
        elif fault == "slow-body":
            self._trickle(route, request, opts.get("chunk", 16), opts.get("interval", 0.2))
        elif fault == "truncated":
            self._truncated(bool(opts.get("chunked")))
        elif fault == "garbage":
            noise = random.Random(opts.get("seed", 0)).randbytes(opts.get("size", 4096))
            self._send(200, noise, {"Content-Type": "text/html; charset=utf-8"})
        elif fault == "challenge":
            self._send(opts.get("status", 403), CHALLENGE_PAGE.encode(),
                       {"Content-Type": "text/html; charset=UTF-8", "Server": "cloudflare",
                        "cf-mitigated": "challenge"})
        elif fault == "redirect-loop":
            self._send(302, b"", {"Location": request.path})
        elif fault == "offhost-redirect":
            self._send(302, b"", {"Location": "http://example.invalid" + request.path})
        elif fault == "oversized":
            self._oversized(opts.get("size", 8 * 1024 * 1024 + 1), bool(opts.get("chunked")))

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(body)

    def _trickle(self, route: Route, request: LoggedRequest, chunk: int, interval: float) -> None:
        body = route.body(request) if callable(route.body) else route.body
        body = (body.encode() if isinstance(body, str) else body) or b"x" * 1024
        self.send_response(200)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for start in range(0, len(body), chunk):
            if self.owner._closing.is_set():
                break
            self.wfile.write(body[start:start + chunk])
            self.wfile.flush()
            self.owner._sleep(interval)
        self.close_connection = True

    def _truncated(self, chunked: bool) -> None:
        sent = b"<html><body><h1>Partial</h1><p>" + b"cut " * 64
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(sent), sent))
        else:
            self.send_header("Content-Length", str(len(sent) + 1000))
            self.end_headers()
            self.wfile.write(sent)
        self.wfile.flush()
        self.close_connection = True

    def _oversized(self, size: int, chunked: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if chunked:
            self.send_header("Connection", "close")  # body ends when the connection closes
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        block = b"<p>" + b"big " * 255 + b"</p>"  # 1 KiB
        remaining = size
        while remaining > 0 and not self.owner._closing.is_set():
            piece = block[:remaining]
            self.wfile.write(piece)
            remaining -= len(piece)
        self.close_connection = True


def _not_modified(headers: dict[str, str], etag: str | None, last_modified: str | None) -> bool:
    if "if-none-match" in headers:  # takes precedence over If-Modified-Since (RFC 9110)
        tags = [t.strip() for t in headers["if-none-match"].split(",")]
        return bool(etag) and (etag in tags or "*" in tags)
    since = headers.get("if-modified-since")
    if not (since and last_modified):
        return False
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
