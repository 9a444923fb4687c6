"""A hand-written client (httpx): `legacy` sends X-Title only; `bad` sends a broken body; exit code from argv."""
import os
import sys

import httpx

base = os.environ["OPENROUTER_API_BASE"]
mode, code = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0
headers = {"Authorization": "Bearer sk-or-v1-test0000secret", "HTTP-Referer": "https://legacy.example"}
body = {"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
if mode == "legacy":
    headers["X-Title"] = "Legacy App"
elif mode == "bad":
    body = {"model": "gpt-4o-mini", "messages": [{"role": "bot", "content": "hi"}]}
response = httpx.post(f"{base}/chat/completions", json=body, headers=headers)
print("status", response.status_code, "answer has choices:", "choices" in response.json())
sys.exit(code)
