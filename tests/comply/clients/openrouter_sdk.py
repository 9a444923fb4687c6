"""A client using the `openrouter` SDK: chat, streaming chat, the models list, a two-tool step (argv picks which)."""
import json
import os
import sys

from openrouter import OpenRouter

client = OpenRouter(api_key="sk-or-v1-test0000secret", server_url=os.environ["OPENROUTER_BASE_URL"],
                    http_referer="https://myapp.example", x_open_router_title="My App")
messages = [{"role": "user", "content": "What is the capital of France?"}]
for action in sys.argv[1:]:
    if action == "chat":
        result = client.chat.send(model="openai/gpt-4o-mini", messages=messages)
        assert result.choices, "no choices"
    elif action == "stream":
        chunks = list(client.chat.send(model="openai/gpt-4o-mini", messages=messages, stream=True))
        assert chunks, "no chunks"
    elif action == "models":
        client.models.list()
    elif action == "tools":  # both tools called in one answer, both results sent back, then a message
        params = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
        tools = [{"type": "function", "function": {"name": n, "parameters": params}} for n in ("get_weather", "get_time")]
        first = client.chat.send(model="openai/gpt-4o-mini", messages=messages, tools=tools)
        calls = first.choices[0].message.tool_calls
        assert sorted(c.function.name for c in calls) == ["get_time", "get_weather"], calls
        follow = [*messages, {"role": "assistant", "content": None, "tool_calls": [
            {"id": c.id, "type": "function", "function": {"name": c.function.name, "arguments": c.function.arguments}}
            for c in calls]}]
        follow += [{"role": "tool", "tool_call_id": c.id, "content": json.dumps(json.loads(c.function.arguments))}
                   for c in calls]
        final = client.chat.send(model="openai/gpt-4o-mini", messages=follow, tools=tools)
        assert final.choices[0].message.content and not final.choices[0].message.tool_calls, final
print("openrouter client ok:", " ".join(sys.argv[1:]))
