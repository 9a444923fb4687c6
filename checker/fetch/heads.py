"""Response heads of HTTP/1.1 requests, many at once on non-blocking sockets in one thread
(selectors): the transport of the revalidation probe (checker.fetch.probe).

One thread for all of them, not one per request: on loopback a started thread costs more CPU than
its request. Each exchange resolves its host (once per host and port), connects trying each
address in turn (as socket.create_connection does), does the TLS handshake for https, sends its
request head and reads the response head: a status line and headers, at most MAX_HEAD bytes,
within its deadline (from when it starts; at most `per_host` exchanges run at a time per host).
Whatever goes wrong ends that exchange with no head. ssl is imported by whoever makes a TLS
context (a plain-http mirror needs none); ssl wraps these sockets as it wraps socket.socket's.
"""
from __future__ import annotations

import _socket as socket  # the C sockets: socket.py's IntEnum conversions are ~3% of a replayed run
import errno
import selectors
import sys
import time
from collections import deque
from collections.abc import Callable

TYPE_CHECKING = False  # typing's, without importing typing: ~4 ms of the fast replay (checker.commands.replay)
if TYPE_CHECKING:
    import ssl
    from typing import Any

MAX_HEAD = 64 * 1024  # a 304 is a status line and headers; more is no answer
Head = tuple[int, dict[str, str]]  # status, header fields (names lower-cased)
_READ, _WRITE = selectors.EVENT_READ, selectors.EVENT_WRITE
_IN_PROGRESS = (0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN, getattr(errno, "WSAEWOULDBLOCK", 0))


class Exchange:
    """One request: where to, the bytes of its head, whether over TLS, and its progress."""

    def __init__(self, tag: Any, host: str, port: int, head: bytes, secure: bool = False) -> None:
        self.tag, self.host, self.port, self.head, self.secure = tag, host, port, head, secure
        self.sock: Any = None
        self.addresses: list[Any] = []
        self.started = self.deadline = 0.0
        self.stage = "connect"  # connect -> (handshake) -> send -> read
        self.sent = 0
        self.data = b""


def parse_head(data: bytes) -> Head:
    """The status and header fields of a response head (up to the blank line); ValueError if it is none."""
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


class Exchanges:
    """Exchanges in flight; `done(exchange, head or None)` is called once for each, from `turn`;
    `tls()` gives the context of https exchanges (made on first use, in the thread that turns)."""

    def __init__(self, timeout: float, per_host: int, done: Callable[[Exchange, Head | None], None],
                 tls: Callable[[], ssl.SSLContext] | None = None) -> None:
        self.timeout, self.per_host, self.done, self.tls = timeout, per_host, done, tls
        self.selector = selectors.DefaultSelector()
        self.waiting: dict[tuple[str, int], deque[Exchange]] = {}
        self.running: set[Exchange] = set()
        self.addresses: dict[tuple[str, int], list[Any]] = {}
        self._wake_in, self._wake_out = _socketpair()  # `wake` ends a turn waiting in select
        self._wake_in.setblocking(False)
        self.selector.register(self._wake_in, _READ, None)

    def add(self, exchange: Exchange) -> None:
        where = (exchange.host, exchange.port)
        self.waiting.setdefault(where, deque()).append(exchange)
        if sum(1 for x in self.running if (x.host, x.port) == where) < self.per_host:
            self._start(self.waiting[where].popleft())

    def turn(self) -> None:
        """Wait for the next event, deadline or `wake`, and move every exchange it concerns on."""
        now = time.monotonic()
        expired = [x for x in self.running if x.deadline <= now]
        for exchange in expired:
            self._finish(exchange, None)
        if expired:
            return  # the caller sees what ended (with nothing left, select would wait for a wake)
        wait = max(min(x.deadline for x in self.running) - now, 0.0) if self.running else None
        for key, _ in self.selector.select(wait):
            if key.data is None:
                self._drain()
            elif key.data in self.running:
                self._step(key.data)

    def wake(self) -> None:
        try:
            self._wake_out.send(b"\0")
        except BlockingIOError:
            pass  # already woken

    def close(self) -> None:
        for exchange in list(self.running):
            self._finish(exchange, None)
        self.selector.close()
        self._wake_in.close()
        self._wake_out.close()

    def _drain(self) -> None:
        try:
            while self._wake_in.recv(512):
                pass
        except BlockingIOError:
            pass

    def _start(self, x: Exchange) -> None:
        x.started = time.monotonic()
        x.deadline = x.started + self.timeout
        self.running.add(x)
        try:
            where = (x.host, x.port)
            if where not in self.addresses:  # bytes: a str host goes through the idna codec (~3 ms import)
                host = x.host.encode("ascii") if x.host.isascii() else x.host
                self.addresses[where] = socket.getaddrinfo(host, x.port, 0, socket.SOCK_STREAM)
            x.addresses = list(self.addresses[where])
            self._connect(x)
        except (OSError, ValueError):
            self._finish(x, None)

    def _connect(self, x: Exchange) -> None:
        """Connect to the next address of `x`; OSError when none is left."""
        while x.addresses:
            family, kind, proto, _, address = x.addresses.pop(0)
            sock = socket.socket(family, kind, proto)
            sock.setblocking(False)
            if sock.connect_ex(address) in _IN_PROGRESS:
                x.sock = sock
                self.selector.register(sock, _WRITE, x)
                return
            sock.close()
        raise OSError("no address could be connected")

    def _finish(self, x: Exchange, head: Head | None) -> None:
        self.running.discard(x)
        if x.sock is not None:
            self.selector.unregister(x.sock)
            x.sock.close()
            x.sock = None
        self.done(x, head)
        queue = self.waiting.get((x.host, x.port))
        if queue:
            self._start(queue.popleft())

    def _step(self, x: Exchange) -> None:
        try:
            want = self._advance(x)
        except (OSError, ValueError) as exc:
            want = _wanted(x, exc)
            if want is None:
                self._finish(x, None)
                return
        if isinstance(want, tuple):
            self._finish(x, want)
        elif want is not None:
            self.selector.modify(x.sock, want, x)

    def _advance(self, x: Exchange) -> int | Head | None:
        """Move `x` on as far as its socket allows: the event to wait for next, or the head read."""
        if x.stage == "connect":
            if x.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                self.selector.unregister(x.sock)
                x.sock.close()
                x.sock = None
                self._connect(x)  # the next address, as create_connection does
                return None
            x.stage = "send"
            if x.secure:
                if self.tls is None:
                    raise ValueError("no TLS context")
                self.selector.unregister(x.sock)
                x.sock = self.tls().wrap_socket(x.sock, server_hostname=x.host, do_handshake_on_connect=False)
                self.selector.register(x.sock, _WRITE, x)
                x.stage = "handshake"
        if x.stage == "handshake":
            x.sock.do_handshake()
            x.stage = "send"
        if x.stage == "send":
            x.sent += x.sock.send(x.head[x.sent:])
            if x.sent < len(x.head):
                return _WRITE
            x.stage = "read"
        while True:  # read: until the head is complete (a TLS record may hold more than one recv)
            chunk = x.sock.recv(8192)
            if not chunk:
                raise ValueError("connection closed")
            x.data += chunk
            if b"\r\n\r\n" in x.data:
                return parse_head(x.data)
            if len(x.data) > MAX_HEAD:
                raise ValueError("no response head within MAX_HEAD bytes")


def _wanted(x: Exchange, exc: Exception) -> int | None:
    """The event a socket that cannot go on yet waits for; None for a real error."""
    tls = sys.modules.get("ssl")  # only a TLS socket raises its errors, and then ssl is imported
    if tls is not None and isinstance(exc, tls.SSLWantReadError):
        return _READ
    if tls is not None and isinstance(exc, tls.SSLWantWriteError):
        return _WRITE
    if isinstance(exc, BlockingIOError):
        return _READ if x.stage == "read" else _WRITE
    return None


def _socketpair() -> tuple[Any, Any]:
    if hasattr(socket, "socketpair"):
        return socket.socketpair()
    import socket as full  # Windows: socket.py emulates it

    return full.socketpair()
