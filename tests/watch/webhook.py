"""A loopback webhook receiver: records JSON posts; can answer with a status for the first N posts."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any

from checker.comply.stub import QuietHTTPServer


class Webhook:
    def __init__(self, fail_first: int = 0, fail_status: int = 503, delay: float = 0.0) -> None:
        self.posts: list[Any] = []
        self.attempts = 0
        self.fail_first, self.fail_status, self.delay = fail_first, fail_status, delay
        self._lock = threading.Lock()
        self._httpd = QuietHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/services/T000/B000/secret-token"

    def _handler(self):
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with owner._lock:
                    owner.attempts += 1
                    failing = owner.attempts <= owner.fail_first
                    if not failing:
                        owner.posts.append(json.loads(body))
                if owner.delay:
                    owner._stopped.wait(owner.delay)
                status = owner.fail_status if failing else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        return Handler

    def __enter__(self) -> "Webhook":
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._httpd.shutdown()
        self._httpd.server_close()
