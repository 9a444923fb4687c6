"""Answers shaped by the request for chat completions and the Responses API, built on the spec's example.

The spec's own example (or a generated sample) is the base, so fields this module does not know
stay as the spec has them; the caller checks the result against the response schema.
"""
from __future__ import annotations

import copy
from typing import Any

from checker.record.intent import Intent

CREATED = 1767225600  # 2026-01-01: a fixed clock keeps recordings comparable
CHAT_USAGE = {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}  # when the example has none


def call_id(intent: Intent, index: int) -> str:
    return f"call_{intent.token}" + (f"_{index}" if index else "")


def chat_message(intent: Intent) -> tuple[dict[str, Any], str]:
    """(the assistant message, its finish_reason)."""
    if not intent.calls:
        return {"role": "assistant", "content": intent.text}, "stop"
    calls = [{"id": call_id(intent, n), "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
             for n, c in enumerate(intent.calls)]
    return {"role": "assistant", "content": None, "tool_calls": calls}, "tool_calls"


def chat_completion(base: Any, intent: Intent) -> dict[str, Any]:
    message, finish = chat_message(intent)
    body = copy.deepcopy(base) if isinstance(base, dict) else {}
    body.update(id=f"gen-{intent.token}", object="chat.completion", created=CREATED, model=intent.model,
                choices=[{"index": 0, "finish_reason": finish, "message": message}])
    return body


def chat_chunks(base: Any, intent: Intent) -> list[dict[str, Any]]:
    """The chunks of a streamed chat completion: role, content or tool-call deltas (one index per call),
    finish, usage."""
    head = {"id": f"gen-{intent.token}", "object": "chat.completion.chunk", "created": CREATED, "model": intent.model}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    _, finish = chat_message(intent)
    chunks = [chunk({"role": "assistant", "content": ""})]
    if not intent.calls:
        chunks += [chunk({"content": piece}) for piece in _pieces(intent.text)]
    for n, call in enumerate(intent.calls):
        chunks.append(chunk({"tool_calls": [{"index": n, "id": call_id(intent, n), "type": "function",
                                             "function": {"name": call.name, "arguments": ""}}]}))
        chunks += [chunk({"tool_calls": [{"index": n, "function": {"arguments": piece}}]})
                   for piece in _pieces(call.arguments)]
    chunks.append(chunk({}, finish))
    usage = base.get("usage") if isinstance(base, dict) else None
    chunks.append({**head, "choices": [], "usage": usage if isinstance(usage, dict) else CHAT_USAGE})
    return chunks


def response_items(intent: Intent, done: bool = True) -> list[dict[str, Any]]:
    """The Responses API output items: one function call per call, or an assistant message."""
    status = "completed" if done else "in_progress"
    if intent.calls:
        return [{"type": "function_call", "id": f"fc_{intent.token}" + (f"_{n}" if n else ""),
                 "call_id": call_id(intent, n), "name": c.name, "arguments": c.arguments if done else "",
                 "status": status} for n, c in enumerate(intent.calls)]
    content = [_text_part(intent.text)] if done else []
    return [{"type": "message", "id": f"msg_{intent.token}", "role": "assistant", "status": status,
             "content": content}]


def response_result(base: Any, intent: Intent, done: bool = True) -> dict[str, Any]:
    body = copy.deepcopy(base) if isinstance(base, dict) else {}
    body.update(id=f"resp_{intent.token}", object="response", created_at=CREATED, model=intent.model,
                status="completed" if done else "in_progress", output=response_items(intent) if done else [])
    if "completed_at" in body:
        body["completed_at"] = CREATED if done else None
    if not done:
        body.pop("usage", None)
    return body


def response_events(base: Any, intent: Intent) -> list[dict[str, Any]]:
    """The Responses API stream: created, in_progress, each item's events, completed (numbered in order)."""
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": response_result(base, intent, done=False)},
        {"type": "response.in_progress", "response": response_result(base, intent, done=False)},
    ]
    for index, (started, item) in enumerate(zip(response_items(intent, done=False), response_items(intent))):
        events += _item_events(index, started, item)
    events.append({"type": "response.completed", "response": response_result(base, intent)})
    return [{**event, "sequence_number": number} for number, event in enumerate(events)]


def _item_events(index: int, started: dict[str, Any], item: dict[str, Any]) -> list[dict[str, Any]]:
    """added, the deltas and done events of one output item, done."""
    where = {"item_id": item["id"], "output_index": index}
    events = [{"type": "response.output_item.added", "output_index": index, "item": started}]
    if item["type"] == "function_call":
        events += [{"type": "response.function_call_arguments.delta", **where, "delta": piece}
                   for piece in _pieces(item["arguments"])]
        events.append({"type": "response.function_call_arguments.done", **where, "name": item["name"],
                       "arguments": item["arguments"]})
    else:
        text = item["content"][0]["text"]
        part = {**where, "content_index": 0}
        events.append({"type": "response.content_part.added", **part, "part": _text_part("")})
        events += [{"type": "response.output_text.delta", **part, "delta": piece, "logprobs": []}
                   for piece in _pieces(text)]
        events += [{"type": "response.output_text.done", **part, "text": text, "logprobs": []},
                   {"type": "response.content_part.done", **part, "part": _text_part(text)}]
    return [*events, {"type": "response.output_item.done", "output_index": index, "item": item}]


def _text_part(text: str) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": []}


def _pieces(text: str, size: int = 16) -> list[str]:
    """Text cut into deltas (at least one, so a client always sees a delta)."""
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]
