"""When to retry an HTTP request and how long to wait: shared by the crawler and the notifier."""
from __future__ import annotations

import random
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header as seconds to wait: delta-seconds or an HTTP-date; None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def retry_delay(attempt: int, backoff: float, retry_after: float | None = None) -> float:
    """Seconds before retry number `attempt` + 1: the server's Retry-After, else exponential backoff
    with a little jitter (so that several clients do not retry in step)."""
    if retry_after is not None:
        return retry_after
    return backoff * 2 ** attempt + random.uniform(0, backoff / 4)
