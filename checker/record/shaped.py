"""The stub's request-aware answers for chat completions and the Responses API, checked against the spec.

Each answer (every event of a stream) is validated against the operation's response schema in the
spec in use; if any part fails, the caller falls back to the spec's canned example, so the stub
never sends what the spec forbids.
"""
from __future__ import annotations

import json
from typing import Any, Callable

from checker.api.model import Operation
from checker.comply.compile import CompiledSpec
from checker.record import answers
from checker.record.intent import Api, Intent, read_intent
from checker.record.samples import example_or_sample, success_media

Answer = tuple[int, str, bytes]
OPERATIONS: dict[tuple[str, str], Api] = {("post", "/chat/completions"): "chat", ("post", "/responses"): "responses"}


def sse(events: list[Any], done: bool = True, name: str | None = None) -> bytes:
    """Server-sent events, ending with OpenRouter's `[DONE]` sentinel (`done`: a stream cut by an error has none);
    `name`: each event's `event:` field (the Messages API names its events)."""
    head = f"event: {name}\n" if name else ""
    frames = "".join(f"{head}data: {json.dumps(event)}\n\n" for event in events)
    return (frames + ("data: [DONE]\n\n" if done else "")).encode()


def shaped_answer(compiled: CompiledSpec, op: Operation, body: Any, stream: bool,
                  broken: bool = False) -> Answer | None:
    """The answer to this request, or None: not an operation answered by request, or the shaped answer
    does not validate against this spec. `broken`: a stream stops after its first events with an error."""
    api = OPERATIONS.get((op.method.lower(), op.path))
    if api is None:
        return None
    intent = read_intent(body, api)
    status, media, pointer = success_media(compiled, op, stream)
    _, _, json_pointer = success_media(compiled, op, False)
    if pointer is None or json_pointer is None:
        return None
    base = example_or_sample(compiled, json_pointer)
    valid = compiled.validator(f"{pointer}/schema").is_valid
    if media == "text/event-stream":
        build: Callable[[Any, Intent], list[Any]] = answers.chat_chunks if api == "chat" else answers.response_events
        events = build(base, intent)
        if broken:
            events = [*events[:2], _stream_error(api, events[1])]
        framed = sse_framed(compiled, pointer)
        ok = all(valid({"data": e} if framed else e) for e in events)
        return (status, media, sse(events, done=not broken)) if ok else None
    if "json" not in media:
        return None
    answer = (answers.chat_completion if api == "chat" else answers.response_result)(base, intent)
    return (status, media, json.dumps(answer).encode()) if valid(answer) else None


def echo_model(compiled: CompiledSpec, pointer: str, instance: Any, body: Any) -> Any:
    """`instance` (an answer for the media object at `pointer`) with the request's `model` in its `model` field
    (top level, or in `data` as SSE events are described), if it has one and the result still validates."""
    model = body.get("model") if isinstance(body, dict) else None
    if not isinstance(model, str) or not model or not isinstance(instance, dict):
        return instance
    if "model" in instance:
        echoed = {**instance, "model": model}
    elif isinstance(instance.get("data"), dict) and "model" in instance["data"]:
        echoed = {**instance, "data": {**instance["data"], "model": model}}
    else:
        return instance
    return echoed if compiled.validator(f"{pointer}/schema").is_valid(echoed) else instance


def _stream_error(api: Api, last: dict[str, Any]) -> dict[str, Any]:
    """The error event that ends a stream after tokens went out (as the streaming page describes it)."""
    message = "Provider disconnected unexpectedly (injected by checker: fault mid-stream-error)"
    if api == "responses":
        return {"type": "error", "code": "server_error", "message": message, "param": None,
                "sequence_number": last.get("sequence_number", 0) + 1}
    head = {k: v for k, v in last.items() if k in ("id", "object", "created", "model")}
    return {**head, "error": {"code": 502, "message": message},
            "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}]}


def sse_framed(compiled: CompiledSpec, pointer: str) -> bool:
    """Whether the spec describes an SSE event as `{"data": ..., "event": ...}` (OpenRouter's does), not as its data."""
    schema = compiled.deref(compiled.schema_at(f"{pointer}/schema")) or {}
    return "data" in (schema.get("properties") or {})
