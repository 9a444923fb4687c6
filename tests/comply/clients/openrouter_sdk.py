"""A client using the `openrouter` SDK: chat, streaming chat and the models list (argv picks which)."""
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
print("openrouter client ok:", " ".join(sys.argv[1:]))
