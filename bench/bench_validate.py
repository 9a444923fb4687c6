"""Benchmark: request body validation (checker.comply) vs openapi-core and plain jsonschema; stub overhead.

    python bench/bench_validate.py [--seconds 1.0] [--rounds 5]

All in one run on one core, medians over rounds, on the newest corpus spec (../shared/corpus/openrouter;
the synthetic tests/comply/openapi-mini.json when the corpus is absent):
  - valid small chat bodies / s and tool-calling bodies / s through the compiled (jsonschema-rs) path,
    the full `Validator.validate` (headers, parameters, OpenRouter rules) and the two baselines:
    openapi-core's request validator and jsonschema's `iter_errors` (same body, same spec);
  - ms to explain an invalid body (pointers, rules, expected/found);
  - `checker record` overhead per request: the stub's round trip (record + answer) over a keep-alive
    connection vs a bare loopback server answering the same bytes, plus the validation afterwards.
Goals (issue 5): >= 100,000 small bodies/s, >= 20,000 tool-calling bodies/s, an invalid body explained
in <= 1 ms, record adds <= 2 ms per request. openapi-core is a bench-only dependency (pip install openapi-core).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SPECS = Path(os.environ.get("CHECKER_SHARED") or REPO / ".." / "shared") / "corpus" / "openrouter" / "specs"
CHAT_URL = "https://openrouter.ai/api/v1/chat/completions"
HEADERS = {"Authorization": "Bearer sk-or-v1-bench", "Content-Type": "application/json",
           "HTTP-Referer": "https://bench.example", "X-OpenRouter-Title": "Bench"}

SMALL = {"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "What is the capital of France?"}]}
TOOLS = [{"type": "function", "function": {"name": f"tool_{i}", "description": "Look something up",
          "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}}}
         for i in range(3)]
TOOL_CALLING = {
    "model": "openai/gpt-4o-mini", "temperature": 0.2, "max_tokens": 400, "tool_choice": "auto", "tools": TOOLS,
    "provider": {"require_parameters": True},
    "messages": [
        {"role": "system", "content": "You are a librarian."},
        {"role": "user", "content": "Books by James Joyce?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "tool_0", "arguments": "{\"q\": \"Joyce\"}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "[\"Ulysses\", \"Dubliners\"]"},
        {"role": "user", "content": [{"type": "text", "text": "And this cover?"},
                                     {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]},
    ],
}
INVALID = {"model": "openai/gpt-4o-mini", "temperature": "warm", "max_tokns": 5,
           "messages": [{"role": "bot", "content": "hi"}, {"role": "user", "content": 5},
                        {"role": "user", "content": [{"type": "image_url", "image_url": {"detail": "high"}}]}]}


def load_spec() -> tuple[dict[str, Any], str]:
    from checker.api.document import read_spec

    specs = sorted(SPECS.glob("*.json.gz")) if SPECS.is_dir() else []
    path = specs[-1] if specs else REPO / "tests" / "comply" / "openapi-mini.json"
    return read_spec(str(path)), path.name


def rate(fn: Callable[[], Any], seconds: float, rounds: int) -> float:
    """Median calls per second over `rounds` rounds of about `seconds` each."""
    fn()
    results = []
    for _ in range(rounds):
        count, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds:
            for _ in range(50):
                fn()
            count += 50
        results.append(count / elapsed)
    return statistics.median(results)


def slow_rate(fn: Callable[[], Any], calls: int, rounds: int) -> float:
    fn()
    results = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        results.append(calls / (time.perf_counter() - start))
    return statistics.median(results)


def checker_fns(spec: dict[str, Any]) -> dict[str, Callable[[Any], Any]]:
    from checker.comply import Validator
    from checker.comply.payloads import check_body, request_schema_pointer, unknown_fields

    validator = Validator(spec, allowed_remote_hosts=[])
    op = validator.router.match("POST", CHAT_URL).operation
    pointer = request_schema_pointer(validator.compiled, op)
    compiled = validator.compiled

    def body_only(body: Any) -> Any:
        return check_body(compiled, pointer, body), unknown_fields(compiled, pointer, body)

    def full(body: Any) -> Any:
        return validator.check("POST", CHAT_URL, HEADERS, body)

    return {"body": body_only, "full": full}


def openapi_core_fn(spec: dict[str, Any]) -> Callable[[Any], Any] | None:
    try:
        from openapi_core import Config, OpenAPI
        from openapi_core.testing import MockRequest
    except ImportError:
        return None
    api = OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))

    def validate(body: Any) -> Any:
        request = MockRequest("https://openrouter.ai", "POST", "/api/v1/chat/completions",
                              headers={"Authorization": "Bearer sk-or-v1-bench"}, data=json.dumps(body).encode())
        try:
            api.validate_request(request)
        except Exception as exc:  # noqa: BLE001 - an invalid body raises; that is the result
            return exc
        return None

    return validate


def jsonschema_fn(spec: dict[str, Any]) -> Callable[[Any], Any]:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    from checker.api.jsonschema import to_json_schema

    uri = "urn:bench:spec"
    registry = Registry().with_resource(uri, Resource.from_contents(to_json_schema(spec), DRAFT202012))
    validator = Draft202012Validator({"$ref": f"{uri}#/components/schemas/ChatRequest"}, registry=registry)
    if "ChatRequest" not in spec.get("components", {}).get("schemas", {}):
        raise SystemExit("spec has no ChatRequest schema")
    return lambda body: list(validator.iter_errors(body))


class _Bare(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as the stub does: no 40 ms delayed-ACK stalls on keep-alive
    answer = b"{}"

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.answer)))
        self.end_headers()
        self.wfile.write(self.answer)


def per_request_ms(base_url: str, body: dict[str, Any], calls: int, rounds: int) -> float:
    import httpx

    with httpx.Client() as client:
        client.post(base_url + "/chat/completions", json=body, headers=HEADERS)
        results = []
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(calls):
                client.post(base_url + "/chat/completions", json=body, headers=HEADERS)
            results.append((time.perf_counter() - start) * 1000 / calls)
    return statistics.median(results)


def record_overhead(spec: dict[str, Any], calls: int, rounds: int) -> dict[str, float]:
    from checker.comply import Validator
    from checker.record.stub import Stub

    with Stub(spec) as stub:
        stub_ms = per_request_ms(stub.base_url, SMALL, calls, rounds)
        _Bare.answer = stub.answer(stub.requests[0])[2]
        recorded = list(stub.requests)
    bare = ThreadingHTTPServer(("127.0.0.1", 0), _Bare)
    thread = threading.Thread(target=bare.serve_forever, daemon=True)
    thread.start()
    try:
        bare_ms = per_request_ms(f"http://127.0.0.1:{bare.server_address[1]}/api/v1", SMALL, calls, rounds)
    finally:
        bare.shutdown()
        bare.server_close()
    validator = Validator(spec)
    start = time.perf_counter()
    validator.validate_all(recorded)
    validate_ms = (time.perf_counter() - start) * 1000 / len(recorded)
    return {"stub_ms": stub_ms, "bare_ms": bare_ms, "validate_ms": validate_ms,
            "overhead_ms": max(0.0, stub_ms - bare_ms) + validate_ms}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one fast round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline-calls", type=int, default=40, help="calls per round for the slow baselines")
    args = parser.parse_args()
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]}) if hasattr(os, "sched_setaffinity") else None

    spec, name = load_spec()
    t0 = time.perf_counter()
    fns = checker_fns(spec)
    compile_ms = (time.perf_counter() - t0) * 1000
    assert fns["body"](SMALL) == ([], []) and fns["body"](TOOL_CALLING) == ([], []), "bench bodies must be valid"
    core, plain = openapi_core_fn(spec), jsonschema_fn(spec)
    if core is not None:
        assert core(SMALL) is None and core(INVALID) is not None, "openapi-core baseline is not validating"
    print(f"spec {name}; validators compiled in {compile_ms:.0f} ms; one core; medians of {args.rounds} rounds")
    print(f"{'bodies per second':36} {'small chat':>14} {'tool-calling':>14}")
    rows = [("checker (compiled body check)", lambda b: rate(lambda: fns["body"](b), args.seconds, args.rounds)),
            ("checker (full request validation)", lambda b: rate(lambda: fns["full"](b), args.seconds, args.rounds)),
            ("jsonschema iter_errors", lambda b: slow_rate(lambda: plain(b), args.baseline_calls * 5, args.rounds))]
    if core is not None:
        rows.append(("openapi-core validate_request", lambda b: slow_rate(lambda: core(b), args.baseline_calls, args.rounds)))
    else:
        print("(openapi-core not installed: pip install openapi-core for that baseline)")
    figures = {}
    for label, measure in rows:
        figures[label] = (measure(SMALL), measure(TOOL_CALLING))
        print(f"{label:36} {figures[label][0]:>14,.0f} {figures[label][1]:>14,.0f}")

    explained = fns["body"](INVALID)
    times = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for _ in range(200):
            fns["body"](INVALID)
        times.append((time.perf_counter() - start) * 1000 / 200)
    print(f"invalid body explained ({len(explained[0])} violations, {len(explained[1])} unknown field): "
          f"{statistics.median(times):.3f} ms")

    rec = record_overhead(spec, calls=200, rounds=args.rounds)
    print(f"record: stub round trip {rec['stub_ms']:.3f} ms vs bare loopback server {rec['bare_ms']:.3f} ms; "
          f"validation {rec['validate_ms']:.3f} ms/request -> overhead {rec['overhead_ms']:.3f} ms/request")
    small, tools = figures["checker (compiled body check)"]
    ok = small >= 100_000 and tools >= 20_000 and statistics.median(times) <= 1.0 and rec["overhead_ms"] <= 2.0
    print("goals met" if ok else "GOALS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
