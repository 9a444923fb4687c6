"""A threaded HTTP server on 127.0.0.1 run in a background thread: the record stub and test servers."""
from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietHTTPServer(ThreadingHTTPServer):
    """A client that hangs up mid-answer is normal here, not a traceback on stderr."""

    daemon_threads = True
    request_queue_size = 128  # listen backlog: 64 clients connecting at once must not be reset (default 5)

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class LoopbackHTTP:
    """Lifecycle shared by loopback servers: `with Server() as s: ... s.url`."""

    poll_interval = 0.05
    thread_name = "loopback-http"

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0) -> None:
        self._httpd = QuietHTTPServer(("127.0.0.1", port), handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):  # -> Self
        self._thread = threading.Thread(target=self._httpd.serve_forever, name=self.thread_name, daemon=True,
                                        kwargs={"poll_interval": self.poll_interval})
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self):  # -> Self
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
