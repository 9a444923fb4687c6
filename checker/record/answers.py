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


def chat_message(intent: Intent) -> tuple[dict[str, Any], str]:
    """(the assistant message, its finish_reason)."""
    if intent.tool is None:
        return {"role": "assistant", "content": intent.text}, "stop"
    call = {"id": f"call_{intent.token}", "type": "function",
            "function": {"name": intent.tool, "arguments": intent.arguments}}
    return {"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls"


def chat_completion(base: Any, intent: Intent) -> dict[str, Any]:
    message, finish = chat_message(intent)
    body = copy.deepcopy(base) if isinstance(base, dict) else {}
    body.update(id=f"gen-{intent.token}", object="chat.completion", created=CREATED, model=intent.model,
                choices=[{"index": 0, "finish_reason": finish, "message": message}])
    return body


def chat_chunks(base: Any, intent: Intent) -> list[dict[str, Any]]:
    """The chunks of a streamed chat completion: role, content or tool-call deltas, finish, usage."""
    head = {"id": f"gen-{intent.token}", "object": "chat.completion.chunk", "created": CREATED, "model": intent.model}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    message, finish = chat_message(intent)
    chunks = [chunk({"role": "assistant", "content": ""})]
    if intent.tool is None:
        chunks += [chunk({"content": piece}) for piece in _pieces(intent.text)]
    else:
        call = message["tool_calls"][0]
        chunks.append(chunk({"tool_calls": [{"index": 0, "id": call["id"], "type": "function",
                                             "function": {"name": intent.tool, "arguments": ""}}]}))
        chunks += [chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]})
                   for piece in _pieces(intent.arguments)]
    chunks.append(chunk({}, finish))
    usage = base.get("usage") if isinstance(base, dict) else None
    chunks.append({**head, "choices": [], "usage": usage if isinstance(usage, dict) else CHAT_USAGE})
    return chunks


def response_item(intent: Intent, done: bool = True) -> dict[str, Any]:
    """The Responses API output item: a function call or an assistant message."""
    status = "completed" if done else "in_progress"
    if intent.tool is not None:
        return {"type": "function_call", "id": f"fc_{intent.token}", "call_id": f"call_{intent.token}",
                "name": intent.tool, "arguments": intent.arguments if done else "", "status": status}
    content = [_text_part(intent.text)] if done else []
    return {"type": "message", "id": f"msg_{intent.token}", "role": "assistant", "status": status,
            "content": content}


def response_result(base: Any, intent: Intent, done: bool = True) -> dict[str, Any]:
    body = copy.deepcopy(base) if isinstance(base, dict) else {}
    body.update(id=f"resp_{intent.token}", object="response", created_at=CREATED, model=intent.model,
                status="completed" if done else "in_progress", output=[response_item(intent)] if done else [])
    if "completed_at" in body:
        body["completed_at"] = CREATED if done else None
    if not done:
        body.pop("usage", None)
    return body


def response_events(base: Any, intent: Intent) -> list[dict[str, Any]]:
    """The Responses API stream: created, in_progress, the item's events, completed (numbered in order)."""
    item_id = response_item(intent)["id"]
    where = {"item_id": item_id, "output_index": 0}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": response_result(base, intent, done=False)},
        {"type": "response.in_progress", "response": response_result(base, intent, done=False)},
        {"type": "response.output_item.added", "output_index": 0, "item": response_item(intent, done=False)},
    ]
    if intent.tool is not None:
        events += [{"type": "response.function_call_arguments.delta", **where, "delta": piece}
                   for piece in _pieces(intent.arguments)]
        events.append({"type": "response.function_call_arguments.done", **where, "name": intent.tool,
                       "arguments": intent.arguments})
    else:
        part = {**where, "content_index": 0}
        events.append({"type": "response.content_part.added", **part, "part": _text_part("")})
        events += [{"type": "response.output_text.delta", **part, "delta": piece, "logprobs": []}
                   for piece in _pieces(intent.text)]
        events += [{"type": "response.output_text.done", **part, "text": intent.text, "logprobs": []},
                   {"type": "response.content_part.done", **part, "part": _text_part(intent.text)}]
    events += [{"type": "response.output_item.done", "output_index": 0, "item": response_item(intent)},
               {"type": "response.completed", "response": response_result(base, intent)}]
    return [{**event, "sequence_number": number} for number, event in enumerate(events)]


def _text_part(text: str) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": []}


def _pieces(text: str, size: int = 16) -> list[str]:
    """Text cut into deltas (at least one, so a client always sees a delta)."""
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]
