"""A client using the `openai` SDK pointed at OpenRouter, lowercase attribution headers, extra_body."""
import os

from openai import OpenAI

client = OpenAI(api_key="sk-or-v1-test0000secret", base_url=os.environ["OPENAI_BASE_URL"],
                default_headers={"http-referer": "https://myapp.example", "x-openrouter-title": "My App"})
messages = [{"role": "user", "content": "What is the capital of France?"}]
client.chat.completions.create(model="openai/gpt-4o-mini", messages=messages,
                               extra_body={"provider": {"sort": "price"}})
stream = client.chat.completions.create(model="openai/gpt-4o-mini", messages=messages, stream=True)
assert [chunk for chunk in stream]
print("openai client ok")
