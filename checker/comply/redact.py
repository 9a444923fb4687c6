"""Secrets never leave memory: Authorization values and `sk-or-` keys are masked wherever we write."""
from __future__ import annotations

import re
from typing import Any, Iterable

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key", "api-key", "cookie"})
KEY_PATTERN = re.compile(r"sk-or-[A-Za-z0-9_\-]+")
MASK = "[REDACTED]"


def redact_text(text: str) -> str:
    return KEY_PATTERN.sub("sk-or-" + MASK, text)


def redact_header(name: str, value: str) -> str:
    if name.lower() in SECRET_HEADERS:
        scheme = value.split(" ", 1)[0] if " " in value.strip() else ""
        return f"{scheme} {MASK}".strip()
    return redact_text(value)


def redact_headers(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, redact_header(name, value)) for name, value in pairs]


def redact(value: Any) -> Any:
    """Deep copy of a JSON value with every `sk-or-` key masked."""
    if isinstance(value, str):
        return redact_text(value) if "sk-or-" in value else value
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value
