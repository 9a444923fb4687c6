"""What a chat or Responses request asks the model for: a tool call, structured output, or plain text.

Both APIs say the same things in different places (`tools[].function.name` vs `tools[].name`,
`response_format` vs `text.format`, a `tool` message vs a `function_call_output` item); `read_intent`
reads either into one `Intent`, so the answer builders never look at the request shape.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from typing import Any, Literal

from msgspec import Struct

from checker.record.samples import LocalSchema, generate

Api = Literal["chat", "responses"]
TEXT = "This is an answer from the checker stub."
DEFAULT_MODEL = "openrouter/auto"


MAX_PARALLEL = 2  # calls in one answer when parallel tool calls are allowed and no tool is named


class Call(Struct, frozen=True):
    name: str  # the function to call
    arguments: str = "{}"  # JSON text of the call's arguments


class Intent(Struct, frozen=True):
    model: str
    seed: int
    calls: tuple[Call, ...] = ()  # the function calls to answer with; none: answer with a message
    text: str = TEXT  # the message content (JSON text when a response format asks for it)

    @property
    def token(self) -> str:
        """A short id fragment, the same for the same request."""
        return f"{self.seed:016x}"[:16]


def read_intent(body: Any, api: Api) -> Intent:
    body = body if isinstance(body, dict) else {}
    seed = int.from_bytes(hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).digest()[:8], "big")
    model = body.get("model") if isinstance(body.get("model"), str) and body.get("model") else DEFAULT_MODEL
    tools = _tools(body.get("tools"), api)
    names = _tools_to_call(tools, body, api, random.Random(seed))
    if names:
        calls = tuple(Call(name, json.dumps(generate(LocalSchema(tools[name]), tools[name]))) for name in names)
        return Intent(model, seed, calls=calls)
    return Intent(model, seed, text=_content(_response_format(body, api)))


def _tools(raw: Any, api: Api) -> dict[str, Any]:
    """Function name -> its parameters schema, in the order sent."""
    found: dict[str, Any] = {}
    for tool in raw if isinstance(raw, list) else ():
        if not isinstance(tool, dict) or tool.get("type", "function") != "function":
            continue
        spec = tool.get("function") if api == "chat" else tool
        if isinstance(spec, dict) and isinstance(spec.get("name"), str):
            params = spec.get("parameters")
            found[spec["name"]] = params if isinstance(params, dict) else {"type": "object"}
    return found


def _tools_to_call(tools: dict[str, Any], body: dict[str, Any], api: Api, rng: random.Random) -> list[str]:
    """`none` never calls; a named function is called; `required` always calls; `auto` (the default) calls
    unless the last input is a tool result, so an agent loop ends with a message. Which: the tools the last
    user message names, else (`parallel_tool_calls` not false) the first MAX_PARALLEL sent, else one at random."""
    choice = body.get("tool_choice")
    if not tools or choice == "none":
        return []
    if isinstance(choice, dict):
        named = choice.get("function", choice)
        name = named.get("name") if isinstance(named, dict) else None
        if name in tools:
            return [name]
    if choice != "required" and _after_tool_results(body, api):
        return []
    limit = 1 if body.get("parallel_tool_calls") is False else MAX_PARALLEL
    asked = _last_user_text(body, api)
    mentioned = [name for name in tools if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", asked)]
    if mentioned:
        return mentioned[:limit]
    return list(tools)[:limit] if limit > 1 else [rng.choice(sorted(tools))]


def _last_user_text(body: dict[str, Any], api: Api) -> str:
    """The text of the last user message (chat `messages`, Responses `input` string or items)."""
    items = body.get("messages") if api == "chat" else body.get("input")
    if isinstance(items, str):
        return items
    users = [m for m in items if isinstance(m, dict) and m.get("role") == "user"] if isinstance(items, list) else []
    content = users[-1].get("content") if users else None
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else []
    return " ".join(p["text"] for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str))


def _after_tool_results(body: dict[str, Any], api: Api) -> bool:
    items = body.get("messages") if api == "chat" else body.get("input")
    last = items[-1] if isinstance(items, list) and items else None
    if not isinstance(last, dict):
        return False
    return last.get("role") == "tool" if api == "chat" else last.get("type") == "function_call_output"


def _response_format(body: dict[str, Any], api: Api) -> dict[str, Any]:
    if api == "chat":
        found = body.get("response_format")
    else:
        text = body.get("text")
        found = text.get("format") if isinstance(text, dict) else None
    return found if isinstance(found, dict) else {}


def _content(fmt: dict[str, Any]) -> str:
    kind = fmt.get("type")
    if kind == "json_object":
        return json.dumps({"answer": TEXT})
    if kind == "json_schema":
        holder = fmt.get("json_schema", fmt)  # chat nests it; the Responses API does not
        schema = holder.get("schema") if isinstance(holder, dict) else None
        if isinstance(schema, dict):
            return json.dumps(generate(LocalSchema(schema), schema))
        return json.dumps({})
    return TEXT
