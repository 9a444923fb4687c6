"""Secrets never leave memory: one redaction used at every boundary data leaves through.

`Finding`, `Location`, `SourceResult` and `CheckerError` redact their own fields on construction,
capture records are redacted when written, and `RedactingFilter` covers log records. What is
masked: `sk-or-` keys, `Bearer` tokens, URL userinfo, and URL query values whose name says
they are credentials (token, key, secret, password, signature, ...); in strings and in keys.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

TYPE_CHECKING = False  # typing's, without importing typing: ~4 ms of the fast replay (checker.commands.replay)

if TYPE_CHECKING:
    import logging
    from typing import Any

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key", "api-key", "cookie",
                            "set-cookie"})
MASK = "[REDACTED]"
SECRET_PARAM = (r"[A-Za-z0-9_\-.]*(?:token|key|secret|passw(?:or)?d|pwd|auth|signature|sig|credential|"
                r"session|jwt)[A-Za-z0-9_\-.]*")
_SOURCES = {
    "KEY_PATTERN": r"sk-or-(?!\[REDACTED\])[A-Za-z0-9_\-]+",
    "BEARER_PATTERN": r"\b(bearer|basic)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=\-]{8,}",
    # scheme://userinfo@ : everything between "//" and the "@" before the host
    "USERINFO_PATTERN": r"\b([a-z][a-z0-9+.\-]*://)(?!\[REDACTED\]@)[^/\s?#@]*@",
    # a bare netloc as some messages show it: user:password@host
    "NETLOC_PATTERN": r"(?<![\w/.\-\[])(?!\[REDACTED\]@)[^\s/?#@:'\"(<]+:[^\s/?#@'\"]+@(?=[\w\[])(?!\[REDACTED\])",
    "QUERY_PATTERN": rf"([?&;]{SECRET_PARAM}=)(?!\[REDACTED\])[^&#\s\"'<>]*[^&#\s\"'<>.,:;)\]]",
}
_FLAGS = {"NETLOC_PATTERN": 0}  # the others ignore case


def _pattern(name: str) -> re.Pattern[str]:
    """A pattern, compiled on first use: most runs (a replayed one, say) never need one."""
    found = globals().get(name)
    if found is None:
        found = globals()[name] = re.compile(_SOURCES[name], _FLAGS.get(name, re.IGNORECASE))
    return found


def __getattr__(name: str) -> re.Pattern[str]:  # `from checker.redact import KEY_PATTERN` still works
    if name not in _SOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _pattern(name)


def redact_text(text: str) -> str:
    """`text` with every secret masked; unchanged (the same object) when it holds none."""
    if not text or not _may_hold_secret(text):  # substring tests: the patterns are slower
        return text
    text = _pattern("USERINFO_PATTERN").sub(lambda m: f"{m.group(1)}{MASK}@", text)
    text = _pattern("NETLOC_PATTERN").sub(MASK + "@", text)
    text = _pattern("QUERY_PATTERN").sub(lambda m: m.group(1) + MASK, text)
    text = _pattern("BEARER_PATTERN").sub(lambda m: f"{m.group(1)} {MASK}", text)
    return _pattern("KEY_PATTERN").sub("sk-or-" + MASK, text)


def _may_hold_secret(text: str) -> bool:
    """False only when no pattern can match: each needs one of these substrings (a query value
    needs `=` after `?`, `&` or `;`: a bare `=`, as in `(type=function)`, cannot be one)."""
    if "@" in text or ("=" in text and ("?" in text or "&" in text or ";" in text)):
        return True
    lowered = text.lower()
    return "sk-or-" in lowered or "bearer" in lowered or "basic" in lowered


def redact_optional(text: str | None) -> str | None:
    return None if text is None else redact_text(str(text))


def redact_header(name: str, value: str) -> str:
    if name.lower() in SECRET_HEADERS:
        scheme = value.split(" ", 1)[0] if " " in value.strip() else ""
        return f"{scheme} {MASK}".strip()
    return redact_text(value)


def redact_headers(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(redact_text(name), redact_header(name, value)) for name, value in pairs]


def redact(value: Any) -> Any:
    """Deep copy of a JSON-like value with every secret masked, in keys as well as values."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {redact(k) if isinstance(k, str) else k: redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    if isinstance(value, tuple):
        return tuple(redact(v) for v in value)
    return value


class RedactingFilter:
    """Masks secrets in a log record's message (arguments merged first) before any handler sees it.

    A plain class: logging takes any object with this `filter` method, so importing redact (every
    command does) does not import logging (7 ms) for a class only `checker watch` uses."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact_text(message)
        if clean is not message:
            record.msg, record.args = clean, None
        return True
