"""A loopback webhook receiver: records JSON posts; can answer with a status for the first N posts."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any

from checker.record.serve import LoopbackHTTP


class Webhook(LoopbackHTTP):
    def __init__(self, fail_first: int = 0, fail_status: int = 503, delay: float = 0.0) -> None:
        self.posts: list[Any] = []
        self.keys: list[str | None] = []  # Idempotency-Key of every attempt
        self.attempts = 0
        self.fail_first, self.fail_status, self.delay = fail_first, fail_status, delay
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        super().__init__(self._handler())

    @property
    def url(self) -> str:
        return super().url + "/services/T000/B000/secret-token"

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
                    owner.keys.append(self.headers.get("idempotency-key"))
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

    def stop(self) -> None:
        self._stopped.set()  # wakes handlers sleeping in `delay`
        super().stop()
