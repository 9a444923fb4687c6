"""Which captured requests are the target API's: the rest (fonts, analytics, the app's own
pages) are counted per host and skipped, CORS preflights (OPTIONS) ignored."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from msgspec import Struct, field

PREFLIGHT = "OPTIONS"
MAX_NAMED_HOSTS = 10


class Scope(Struct):
    """The API hosts requests are validated for, and what else the captures held."""

    hosts: frozenset[str]
    foreign: Counter[str] = field(default_factory=Counter)  # host -> requests skipped
    preflight: int = 0

    def outside(self, method: Any, url: Any) -> str | None:
        """Why a request is skipped (PREFLIGHT or its host), None when it is validated."""
        if isinstance(method, str) and method.upper() == PREFLIGHT:
            return PREFLIGHT
        host = _host(url) if isinstance(url, str) else None
        return host if host is not None and host not in self.hosts else None

    def skip(self, reason: str) -> None:
        if reason == PREFLIGHT:
            self.preflight += 1
        else:
            self.foreign[reason] += 1

    def keeps(self, method: Any, url: Any) -> bool:
        reason = self.outside(method, url)
        if reason is not None:
            self.skip(reason)
        return reason is None

    def merge(self, other: "Scope") -> None:
        """The skips of another part of the same captures (`--jobs`)."""
        self.foreign.update(other.foreign)
        self.preflight += other.preflight

    def note(self) -> str | None:
        """One line for the report: `N request(s) to other hosts skipped: host (n), ...`."""
        parts = []
        if self.foreign:
            ranked = sorted(self.foreign.items(), key=lambda item: (-item[1], item[0]))
            named = ", ".join(f"{host} ({n})" for host, n in ranked[:MAX_NAMED_HOSTS])
            more = f" and {len(ranked) - MAX_NAMED_HOSTS} more host(s)" if len(ranked) > MAX_NAMED_HOSTS else ""
            parts.append(f"{sum(self.foreign.values())} request(s) to other hosts skipped: {named}{more}")
        if self.preflight:
            parts.append(f"{self.preflight} CORS preflight(s) (OPTIONS) ignored")
        return "; ".join(parts) or None


@lru_cache(maxsize=4096)  # traffic sends the same few URLs again and again
def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:  # an unparsable URL: the validator reports it
        return None
