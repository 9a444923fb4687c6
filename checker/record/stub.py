"""A loopback stub of the API: records every request, answers schema-valid responses, forwards nothing.

It binds 127.0.0.1 only. Chat completions and the Responses API are answered by request (tool calls, parallel too,
structured output, the model echoed: see shaped.py); other operations get the spec's example, with the
request's `model` echoed where the answer has one (legacy completions, embeddings, ...). Streams
(`"stream": true`) are answered as SSE ending in `data: [DONE]`.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any, Sequence

from checker.api.model import Operation
from checker.comply.request import ClientRequest, Headers, parse_body
from checker.models import Finding
from checker.record.faults import Fault, error_answer, fault_for, judge
from checker.record.samples import example_or_sample, success_media
from checker.comply.compile import compile_spec, router_for
from checker.record.serve import LoopbackHTTP
from checker.record.shaped import echo_model, shaped_answer, sse, sse_framed
from checker.sources.catalog_endpoints import endpoints_answer
from checker.urls import OFFICIAL_ORIGIN

BASE_URL_VARIABLES = ("OPENROUTER_BASE_URL", "OPENAI_BASE_URL", "OPENROUTER_API_BASE")
MAX_BODY = 32 * 1024 * 1024
Answer = tuple[int, str, bytes, list[tuple[str, str]]]  # status, media type, body, extra headers


class Stub(LoopbackHTTP):
    """with Stub(spec) as stub: run a client against stub.base_url; stub.requests holds what it sent."""

    thread_name = "checker-stub"

    def __init__(self, spec: dict[str, Any], port: int = 0, faults: Sequence[Fault] = (),
                 models: list[dict[str, Any]] | None = None) -> None:
        self.compiled = compile_spec(spec)
        self.models = models  # GET /models answers these (the catalog snapshot) instead of a sample
        self.router = router_for(self.compiled)
        self.faults = list(faults)
        self.requests: list[ClientRequest] = []
        self.times: list[float] = []  # when each request arrived (monotonic seconds): retry timing
        self.injected: set[int] = set()  # numbers of the requests a fault actually broke
        self._answers: dict[tuple[str, str, bool], tuple[int, str, str | None, Any]] = {}  # canned answers
        self._lock = threading.Lock()
        super().__init__(_handler_for(self), port)

    @property
    def base_url(self) -> str:
        return self.url + self.router.prefix

    def env(self) -> dict[str, str]:
        """Environment variables that point common clients at the stub."""
        return {name: self.base_url for name in BASE_URL_VARIABLES}

    def reset(self, faults: Sequence[Fault] = ()) -> None:
        """Forget what was recorded; the next request is #1 again, broken by `faults` as `--fault` does."""
        with self._lock:
            self.requests.clear()
            self.times.clear()
            self.injected.clear()
            self.faults = list(faults)

    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def fault_findings(self) -> list[Finding]:
        """What the client did after each fault (see faults.judge)."""
        with self._lock:
            return judge(self.faults, list(self.requests), list(self.times), set(self.injected))

    # used by the handler ------------------------------------------------------------------
    def record(self, method: str, path: str, headers: list[tuple[str, str]], raw: bytes) -> tuple[ClientRequest, int]:
        """Keep the request; (it, its number in this recording, from 1)."""
        with self._lock:
            number = len(self.requests) + 1
            request = ClientRequest(method, OFFICIAL_ORIGIN + path, Headers(headers), parse_body(raw),
                                    source=f"#{number} {method} {path.split('?', 1)[0]}", capture="record")
            self.requests.append(request)
            self.times.append(time.monotonic())
        return request, number

    def answer(self, request: ClientRequest, number: int = 0) -> Answer:
        """(status, media type, body, extra headers) for the `number`th request (0: no fault applies)."""
        fault = fault_for(self.faults, number)
        if fault is not None and fault.status is not None:
            self.injected.add(number)
            return error_answer(fault)
        return (*self._answer(request, number if fault is not None else 0), [])

    def _answer(self, request: ClientRequest, break_number: int) -> tuple[int, str, bytes]:
        """The answer; `break_number` > 0: that request has a mid-stream-error fault (applied to a shaped stream)."""
        target = self.router.match(request.method, request.url)
        op = target.operation
        if op is None:
            message = f"{request.method} {target.path} is not in the spec (checker stub)"
            return 404, "application/json", json.dumps({"error": {"code": 404, "message": message}}).encode()
        if self.models is not None and op.method == "GET" and op.path == "/models":
            return self._catalog_models(op)
        if self.models is not None and op.method == "GET" and op.path == "/models/{author}/{slug}/endpoints":
            return endpoints_answer(self.models, f"{target.params.get('author')}/{target.params.get('slug')}")
        stream = isinstance(request.body, dict) and request.body.get("stream") is True
        broken = stream and break_number > 0
        shaped = shaped_answer(self.compiled, op, request.body, stream, broken=broken)
        if shaped is not None:
            if broken:
                self.injected.add(break_number)
            return shaped
        return self._render(op, stream, request.body)

    def _catalog_models(self, op: Operation) -> tuple[int, str, bytes]:
        """GET /models from the catalog snapshot, in the spec's list shape: each stored model laid over
        the spec's sample model, so fields the snapshot does not keep (and `total_count`) still validate."""
        status, media, body = self._render(op, False, None)
        listing = json.loads(body) if body and "json" in media else None
        if not isinstance(listing, dict) or not isinstance(listing.get("data"), list):
            return 200, "application/json", json.dumps({"data": self.models}).encode()
        template = next((m for m in listing["data"] if isinstance(m, dict)), {})
        listing["data"] = [laid_over(template, model) for model in self.models or []]
        if isinstance(listing.get("total_count"), int):
            listing["total_count"] = len(listing["data"])
        return status, media, json.dumps(listing).encode()

    def _render(self, op: Operation, stream: bool, body: Any) -> tuple[int, str, bytes]:
        """The spec's example (or a sample) for `op`, with the request's model echoed where it fits."""
        key = (op.method, op.path, stream)
        found = self._answers.get(key)
        if found is None:
            status, media, pointer = success_media(self.compiled, op, stream)
            found = self._answers[key] = (status, media, pointer,
                                          example_or_sample(self.compiled, pointer) if pointer else None)
        status, media, pointer, instance = found
        if pointer is not None:
            instance = echo_model(self.compiled, pointer, instance, body)
        if media == "text/event-stream":  # an event as {"event": name, "data": payload}, or as its data
            framed = pointer is not None and sse_framed(self.compiled, pointer) and isinstance(instance, dict)
            name = instance.get("event") if framed and isinstance(instance.get("event"), str) else None
            return status, media, sse([instance.get("data") if framed else instance], name=name)
        if instance is None:
            return status, media, b""
        if "json" not in media:
            return status, media, instance.encode() if isinstance(instance, str) else b""
        return status, media, json.dumps(instance).encode()


def _bad_request(exc: Exception) -> Answer:
    return 400, "application/json", json.dumps({"error": {"code": 400, "message": f"{exc} (checker stub)"}}).encode(), []


def _handler_for(stub: Stub) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        owner = stub

    return Handler


class _Handler(BaseHTTPRequestHandler):
    owner: Stub
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes: avoid delayed-ACK stalls

    def log_message(self, format: str, *args: Any) -> None:  # never log: headers may hold keys
        pass

    def _handle(self) -> None:
        try:
            raw = self._read_body()
        except ValueError as exc:  # a broken Content-Length or chunk: answer, never crash the recording
            self.close_connection = True
            self._send(*_bad_request(exc))
            return
        request, number = self.owner.record(self.command, self.path, list(self.headers.items()), raw)
        try:
            answer = self.owner.answer(request, number)
        except ValueError as exc:  # an unparseable request target (urlsplit)
            answer = _bad_request(exc)
        self._send(*answer)

    def _send(self, status: int, media: str, body: bytes, headers: Sequence[tuple[str, str]] = ()) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        if media == "text/event-stream":
            self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _read_body(self) -> bytes:
        """The body, at most MAX_BODY bytes; ValueError for a malformed length or chunk."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks, total = [], 0
            while True:
                size = int(self.rfile.readline(64).split(b";")[0].strip() or b"0", 16)
                if size < 0 or total + size > MAX_BODY:
                    raise ValueError(f"chunked body larger than {MAX_BODY} bytes")
                if size == 0:
                    self.rfile.readline(64)
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                total += size
                self.rfile.readline(64)
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        return self.rfile.read(min(length, MAX_BODY)) if length else b""

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


def laid_over(template: Any, value: Any) -> Any:
    """`value` with the keys only `template` has filled in from it, object by object."""
    if not isinstance(template, dict) or not isinstance(value, dict):
        return value
    return {**template, **{k: laid_over(template.get(k), v) for k, v in value.items()}}

