"""What every request of checker sends, on the standard library only: the User-Agent, the fixed
headers, a request's own headers (the API key, the validators) and URLs fit for messages. The
client (checker.fetch.client, through checker.fetch.request) and the revalidation probe
(checker.fetch.probe, also on the fast replay, which imports no msgspec) build their requests here.
"""
from __future__ import annotations

import os
import sys
from importlib.util import find_spec
from urllib.parse import parse_qsl, urlencode, urlsplit

from checker import __version__
from checker.urls import OFFICIAL_ORIGIN, origin_of


def _httpx_version() -> str:
    """httpx's version without importing httpx (~60 ms): the `__version__ = "..."` line of its
    __version__.py, read as text (no regex: compiling one is a tenth of this module's import)."""
    if "httpx" in sys.modules:
        return sys.modules["httpx"].__version__
    try:
        spec = find_spec("httpx")
        folder = os.path.dirname(spec.origin or "") if spec else ""
        with open(os.path.join(folder, "__version__.py"), encoding="utf-8") as fh:
            found = next((value.strip().strip("\"'") for name, sep, value in (line.partition("=") for line in fh)
                          if sep and name.strip() == "__version__"), None)
    except (OSError, ImportError, ValueError):
        found = None
    if found:
        return found
    import httpx

    return httpx.__version__


USER_AGENT = f"checker/{__version__} (OpenRouter docs-drift monitor; python-httpx/{_httpx_version()})"
ACCEPT = "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8"
ACCEPT_ENCODING = "gzip, deflate"  # decoded here, capped (checker.fetch.decode); nothing httpx would decode unbounded


def base_headers(user_agent: str = USER_AGENT) -> dict[str, str]:
    """The headers of every request."""
    return {"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}


def own_headers(authorized: bool, etag: str | None, last_modified: str | None, official_url: str) -> dict[str, str]:
    """One request's own headers: the API key (to the official origin only) and the validators."""
    headers = {}
    key = os.environ.get("OPENROUTER_API_KEY", "").strip() if authorized else ""
    if key and origin_of(official_url) == OFFICIAL_ORIGIN:  # never to another host
        headers["Authorization"] = f"Bearer {key}"
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def display_url(url: str) -> str:
    """A URL fit for messages: no userinfo, query values masked (they may carry tokens); port kept."""
    parts = urlsplit(url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    query = urlencode([(k, "[REDACTED]") for k, _ in parse_qsl(parts.query, keep_blank_values=True)], safe="[]")
    return f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}" + (f"?{query}" if query else "")


def host_key(url: str) -> str:
    """host:port, the unit of the per-host limit."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return f"{(parts.hostname or '').lower()}:{port}"
