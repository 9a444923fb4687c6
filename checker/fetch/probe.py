"""The revalidation probe: a source's conditional GET on the standard library, sent as early as the
run knows it, so that its latency overlaps the imports of the rest of the run.

Why a second HTTP path: importing httpx (with httpcore, h11, anyio) costs 60-100 ms, more than a
warm run's whole budget, while a revalidation is one request with no body to read. Even
http.client costs ~25 ms (it imports the email package and ssl), so the probe writes the request
on a socket (TLS through ssl, imported for https only) and reads only the response's head: a
status line and headers, at most 64 KB, within the timeout; all the requests at once on
non-blocking sockets in one thread (checker.fetch.heads). It sends exactly the client's request
(checker.fetch.request builds the headers of both) with the same timeout and per-host limit, and
only a direct 304 is an answer. Anything else (a 200, a redirect, an error, a timeout, a proxy in
the environment, a URL with userinfo, a source without validators, a head it cannot read) is no
answer: that source goes through the client (checker.fetch.client) exactly as without the probe.
The probe keeps no error text; with -vv it logs each answer as httpx does (URL redacted).
"""
from __future__ import annotations

import os
import sys
import threading
import time
from urllib.parse import urlsplit

from checker.fetch.heads import Exchange, Exchanges, Head
from checker.fetch.wire import USER_AGENT, base_headers, display_url, own_headers
from checker.urls import swap_origin

TYPE_CHECKING = False  # typing's, without importing typing (~4 ms of the fast replay, which imports no msgspec)
if TYPE_CHECKING:
    from typing import Any

    from checker.fetch.request import FetchOptions, FetchRequest
    from checker.models import Fetched

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")  # as httpx reads them (any case)
DEFAULT_PORTS = {"http": 80, "https": 443}


# What the probe sends, as plain data: (URL, ETag, Last-Modified, authorized); a FetchRequest's is
# `wire(request)`, the replay record's plan items give the same tuple (checker.store.views.wire_of)
Wire = tuple[str, "str | None", "str | None", bool]
_Answer = tuple["str | None", "str | None", float]  # a 304's etag, last-modified, elapsed ms


def wire(request: FetchRequest) -> Wire:
    c = request.conditional
    return request.url, c.etag, c.last_modified, request.authorized


def proxied(environ: Any = None) -> bool:
    """Whether requests would go through a proxy (httpx honours these): the probe then stays out."""
    env = os.environ if environ is None else environ
    return any(env.get(name) or env.get(name.upper()) for name in PROXY_VARIABLES)


class Probe:
    """Conditional GETs in flight (at most `per_host` at a time per host), in one thread. Keyed by
    the plain Wire of each request: the fast replay asks the replay record's plan as it is stored."""

    def __init__(self, base_url: str | None, timeout: float, per_host: int = 8,
                 user_agent: str = USER_AGENT) -> None:
        self.base_url, self.timeout, self.user_agent = base_url, timeout, user_agent
        self.enabled = not proxied()
        self._asked: set[Wire] = set()
        self.used: list[FetchRequest] = []  # what the run fetched (the last `answers`)
        self._done: dict[Wire, threading.Event] = {}
        self._answers: dict[Wire, _Answer] = {}
        self._per_host = per_host
        self._tls: Any = None
        self._lock = threading.Lock()
        self._pending: list[Exchange] = []
        self._exchanges: Exchanges | None = None

    def ask(self, requests: list[FetchRequest]) -> None:
        self.send([wire(r) for r in requests])

    def send(self, wires: list[Wire]) -> None:
        """Start the conditional GET of each request not asked yet; a request without validators is
        only remembered (the client fetches it)."""
        new = []
        for w in wires:
            if w in self._asked:
                continue
            self._asked.add(w)
            if not self.enabled or not (w[1] or w[2]):
                continue
            try:
                exchange = self._exchange(w)
            except (OSError, ValueError):
                exchange = None  # not an answer: the client fetches it and says what went wrong
            if exchange is not None:
                self._done[w] = threading.Event()
                new.append(exchange)
        if new:
            with self._lock:
                if not self.enabled:  # the probe's thread failed meanwhile: no answers
                    for exchange in new:
                        self._done[exchange.tag[0]].set()
                    return
                self._pending += new
                if self._exchanges is None:
                    self._exchanges = Exchanges(self.timeout, self._per_host, self._finished, self._context)
                    threading.Thread(target=self._loop, args=(self._exchanges,), daemon=True, name="probe").start()
                else:
                    self._exchanges.wake()

    def not_modified(self, w: Wire) -> _Answer | None:
        """The 304 of exactly this request (same URL, validators, authorization), or None."""
        done = self._done.get(w)
        if done is None:
            return None
        done.wait(self.timeout + 1.0)  # the request's own deadline ends it before this
        return self._answers.get(w)

    def answer(self, request: FetchRequest) -> Fetched | None:
        """The request's 304 as a fetch result, or None."""
        got = self.not_modified(wire(request))
        if got is None:
            return None
        from checker.models import Fetched

        return Fetched(request.source_id, request.url, request.url, http_status=304,
                       etag=got[0] or request.conditional.etag,
                       last_modified=got[1] or request.conditional.last_modified,
                       not_modified=True, elapsed_ms=got[2])

    def answers(self, requests: list[FetchRequest]) -> list[Fetched | None]:
        """The run's requests: asked (if not yet), each one's 304 or None; remembered as `used`."""
        self.ask(requests)
        self.used = list(requests)
        return [self.answer(r) for r in requests]

    def all_not_modified(self, wires: list[Wire]) -> bool:
        return bool(wires) and all(self.not_modified(w) is not None for w in wires)

    def _loop(self, exchanges: Exchanges) -> None:
        """The probe's thread: takes what `ask` adds, until the process ends (a daemon)."""
        try:
            while True:
                with self._lock:
                    batch, self._pending = self._pending, []
                for exchange in batch:
                    exchanges.add(exchange)
                exchanges.turn()
        except Exception:  # noqa: BLE001 - a bug here must not leave `answer` waiting: no answers
            with self._lock:
                self.enabled, self._pending = False, []
                for done in list(self._done.values()):
                    done.set()

    def _exchange(self, w: Wire) -> Exchange | None:
        """The request as bytes on the wire; None when the probe stays out of it."""
        official, etag, last_modified, authorized = w
        url = swap_origin(official, self.base_url)
        parts = urlsplit(url)
        if parts.username is not None or parts.password is not None or parts.scheme not in ("http", "https"):
            return None
        host, port = parts.hostname or "", parts.port or DEFAULT_PORTS[parts.scheme]
        headers = {"Host": _host_header(host, parts.port), **base_headers(self.user_agent),
                   "Connection": "keep-alive", **own_headers(authorized, etag, last_modified, official)}
        if any("\r" in v or "\n" in v for v in headers.values()):
            return None  # http.client would refuse it too
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        head = f"GET {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        return Exchange((w, url), host, port, head.encode("latin-1"), parts.scheme == "https")

    def _finished(self, exchange: Exchange, head: Head | None) -> None:
        w, url = exchange.tag
        if head is not None:
            _log(url, head[0])
            if head[0] == 304:
                fields, elapsed = head[1], round((time.monotonic() - exchange.started) * 1000, 1)
                self._answers[w] = (fields.get("etag"), fields.get("last-modified"), elapsed)
        self._done[w].set()

    def _context(self) -> Any:
        """TLS verified as httpx verifies it: SSL_CERT_FILE, else SSL_CERT_DIR, else certifi's bundle
        (made in the probe's thread, when the first https exchange has connected)."""
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
        from msgspec.structs import replace

        from checker.fetch import client

        counted = (lambda n, _, sid: progress(done + n, total, sid)) if progress else None
        fresh = iter(client.fetch_all(rest, replace(options, progress=counted)))
        answers = [a if a is not None else next(fresh) for a in answers]
    return [a for a in answers if a is not None]


def _host_header(host: str, port: int | None) -> str:
    name = f"[{host}]" if ":" in host else host
    return f"{name}:{port}" if port else name


def _log(url: str, status: int) -> None:
    """-vv (checker.cli configures logging): the probe's requests beside httpx's."""
    if "logging" in sys.modules:
        sys.modules["logging"].getLogger("checker.probe").info('HTTP Request: GET %s "HTTP/1.1 %d"',
                                                               display_url(url), status)
