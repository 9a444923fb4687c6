"""What a fetch asks, without the HTTP client: the request, the options and the headers every
request sends. The revalidation probe (checker.fetch.probe) and the client (checker.fetch.client)
both build their headers here, so a probe's conditional GET is the client's, byte for byte.
"""
from __future__ import annotations

import os
import sys
from importlib.util import find_spec
from typing import TYPE_CHECKING, Callable
from urllib.parse import parse_qsl, urlencode, urlsplit

from msgspec import Struct

from checker import __version__
from checker.models import Conditional, compared_without
from checker.urls import OFFICIAL_ORIGIN, origin_of

if TYPE_CHECKING:
    import httpx


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


class FetchOptions(Struct, frozen=True):
    base_url: str | None = None  # mirror origin replacing https://openrouter.ai for every fetch
    timeout: float = 15.0  # seconds for one attempt, from connect to the last body byte
    retries: int = 2  # extra attempts after the first
    backoff: float = 0.5  # base seconds, doubled per retry, small jitter
    max_retry_after: float = 30.0  # a longer Retry-After gives up instead of sleeping
    max_bytes: int = 8 * 1024 * 1024
    per_host: int = 8  # requests in flight per host: a full crawl (19 sources) in 3 rounds, not 4
    user_agent: str = USER_AGENT
    transport: "httpx.BaseTransport | None" = None  # not compared, nor progress
    progress: Callable[[int, int, str], None] | None = None  # (done, total, id)
    used_models: tuple[str, ...] = ()  # model ids the integration uses: the catalog fetches their endpoints

    __eq__, __hash__ = compared_without("transport", "progress")


class FetchRequest(Struct, frozen=True):
    source_id: str
    url: str  # official
    fallback_urls: tuple[str, ...] = ()
    conditional: Conditional = Conditional()
    authorized: bool = False  # send OPENROUTER_API_KEY, if set, when the URL is official (or --base-url)


def base_headers(user_agent: str = USER_AGENT) -> dict[str, str]:
    """The headers of every request."""
    return {"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}


def request_headers(request: FetchRequest, official_url: str) -> dict[str, str]:
    """One request's own headers: the API key (to the official origin only) and the validators."""
    headers, conditional = {}, request.conditional
    key = os.environ.get("OPENROUTER_API_KEY", "").strip() if request.authorized else ""
    if key and origin_of(official_url) == OFFICIAL_ORIGIN:  # never to another host
        headers["Authorization"] = f"Bearer {key}"
    if conditional.etag:
        headers["If-None-Match"] = conditional.etag
    if conditional.last_modified:
        headers["If-Modified-Since"] = conditional.last_modified
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
