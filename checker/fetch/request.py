"""What a fetch asks, without the HTTP client: the request and the options. The headers every
request sends are built in checker.fetch.wire, for the revalidation probe
(checker.fetch.probe) and the client (checker.fetch.client) both, so a probe's conditional GET is
the client's, byte for byte.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from msgspec import Struct

from checker.fetch.wire import USER_AGENT, own_headers
from checker.models import Conditional, compared_without

if TYPE_CHECKING:
    import httpx


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


def request_headers(request: FetchRequest, official_url: str) -> dict[str, str]:
    """One request's own headers (checker.fetch.wire.own_headers)."""
    return own_headers(request.authorized, request.conditional.etag, request.conditional.last_modified, official_url)
