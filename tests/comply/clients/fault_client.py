"""Clients meeting injected faults: the openai SDK (retries, honours Retry-After), an impatient raw client,
and an openai stream that meets a mid-stream error.

usage: fault_client.py sdk|impatient|stream   (prints what happened; exit 0 unless something unexpected)
"""
import os
import sys

import httpx

MODEL = "openai/gpt-4o-mini"
BASE = os.environ["OPENAI_BASE_URL"]
MESSAGES = [{"role": "user", "content": "hi"}]


def sdk():
    from openai import OpenAI

    client = OpenAI(api_key="sk-or-v1-test0000secret", base_url=BASE, max_retries=2)
    answer = client.chat.completions.create(model=MODEL, messages=MESSAGES)
    assert answer.choices[0].message.content


def impatient():
    """Retries at once, whatever Retry-After says."""
    for _ in range(2):
        sent = httpx.post(f"{BASE}/chat/completions", json={"model": MODEL, "messages": MESSAGES},
                          headers={"Authorization": "Bearer sk-or-v1-test0000secret"})
        if sent.status_code == 200:
            return
    raise SystemExit(f"still failing: {sent.status_code}")


def stream():
    from openai import APIError, OpenAI

    client = OpenAI(api_key="sk-or-v1-test0000secret", base_url=BASE, max_retries=0)
    try:
        for _ in client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True):
            pass
    except APIError as exc:  # the SDK raises on the mid-stream error event
        print(f"stream error: {exc.message}")
        return
    raise SystemExit("the mid-stream error was not seen")


{"sdk": sdk, "impatient": impatient, "stream": stream}[sys.argv[1]]()
print("ok")
