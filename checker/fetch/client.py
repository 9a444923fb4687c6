"""The crawler: conditional GETs with retries, limits and same-host redirects (httpx's sync client
in a thread pool: no event loop to import or start, which the quick path felt).

A failed source is a value, never an exception: `Fetched.error` is one human sentence and
`Fetched.error_code` one of ERROR_CODES. URLs in results are official; with `base_url` every
request goes to the mirror instead of https://openrouter.ai. The requests, options and headers
are defined in checker.fetch.request (shared with the revalidation probe).
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from urllib.parse import urljoin

import httpx
from msgspec import Struct, field

from checker.fetch.decode import CappedDecoder, DecodeError, TooLarge
from checker.fetch.request import FetchOptions, FetchRequest, request_headers
from checker.fetch.retry import RETRY_STATUSES, retry_after_seconds, retry_delay
from checker.fetch.wire import base_headers, display_url, host_key as _host
from checker.models import Fetched
from checker.urls import OFFICIAL_ORIGIN, origin_of, swap_origin, to_official

ERROR_CODES = frozenset({
    "fetch-http-error", "fetch-timeout", "fetch-connect", "fetch-too-large", "fetch-truncated",
    "fetch-redirect-offhost", "fetch-redirect-loop", "fetch-rate-limited",
})
FALLBACK_STATUSES = frozenset({404, 410})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5


class _Failure(Exception):
    def __init__(self, code: str, message: str, status: int | None = None,
                 retryable: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status
        self.retryable, self.retry_after = retryable, retry_after


class _Got(Struct, frozen=True):
    final_url: str  # as fetched (mirror)
    status: int
    body: bytes | None
    headers: httpx.Headers


class _Deadline(Exception):
    """One attempt ran past FetchOptions.timeout (connect to the last body byte, redirects included)."""


def fetch_url(url: str, *, base_url: str | None = None, timeout: float = 30.0,
              options: FetchOptions | None = None, authorized: bool = False) -> Fetched:
    """One URL under the crawler's policy (for `diff URL`, `--spec URL`, `--catalog URL`)."""
    opts = options or FetchOptions(base_url=base_url, timeout=timeout)
    return fetch_all([FetchRequest(source_id=url, url=url, authorized=authorized)], opts)[0]


def fetch_bytes(url: str, what: str, *, base_url: str | None = None, timeout: float = 30.0,
                options: FetchOptions | None = None) -> bytes:
    """The body of `url` (a .json.gz body inflated, capped); InputError naming `what` when it fails."""
    from checker.errors import InputError
    from checker.fetch.decode import DecodeError, gunzip_capped

    fetched = fetch_url(url, base_url=base_url, timeout=timeout, options=options)
    if not fetched.ok or fetched.body is None:
        raise InputError(f"cannot fetch {what} {display_url(url)}: {fetched.error or 'no body'}",
                         "check the URL and the network")
    try:
        return gunzip_capped(fetched.body, (options or FetchOptions()).max_bytes)
    except DecodeError as exc:
        raise InputError(f"cannot read {what} {display_url(url)}: the gzip data {exc}") from None


MAX_THREADS = 32  # threads wait on the per-host limit, so more than requests in flight is no use


def fetch_all(requests: list[FetchRequest], options: FetchOptions) -> list[Fetched]:
    """Fetch every request concurrently (bounded per host); results in request order. Progress is
    reported from the calling thread as each request completes."""
    if not requests:
        return []
    headers = base_headers(options.user_agent)
    # Loading the CA bundle costs ~50 ms; a plain-http mirror (--base-url http://...) never uses TLS.
    plain_http = bool(options.base_url) and options.base_url.startswith("http://")
    with httpx.Client(transport=options.transport, headers=headers, follow_redirects=False,
                      timeout=httpx.Timeout(options.timeout), verify=not plain_http) as client:
        crawler = _Crawler(client, options)
        hosts = {_host(swap_origin(r.url, options.base_url)) for r in requests}
        workers = min(len(requests), options.per_host * len(hosts), MAX_THREADS)  # more would wait on the limit
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch")
        try:
            futures = {pool.submit(crawler.fetch, r): i for i, r in enumerate(requests)}
            results: list[Fetched | None] = [None] * len(requests)
            for done, future in enumerate(as_completed(futures), 1):
                index = futures[future]
                results[index] = future.result()
                if options.progress:
                    options.progress(done, len(requests), requests[index].source_id)
        except BaseException:
            crawler.stopped.set()  # Ctrl-C: no new attempt, no retry sleep; in-flight reads end at their timeout
            raise
        finally:
            pool.shutdown(wait=not crawler.stopped.is_set(), cancel_futures=True)
    return [r for r in results if r is not None]


class _Crawler(Struct):
    client: httpx.Client
    options: FetchOptions
    stopped: threading.Event = field(default_factory=threading.Event)
    _limits: dict[str, threading.Semaphore] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _limit(self, host: str) -> threading.Semaphore:
        with self._lock:
            return self._limits.setdefault(host, threading.Semaphore(self.options.per_host))

    def fetch(self, request: FetchRequest) -> Fetched:
        start = time.perf_counter()
        failures: list[_Failure] = []
        for url in (request.url, *request.fallback_urls):
            try:
                got = self._with_retries(url, request)
            except _Failure as failure:
                failures.append(failure)
                if failure.code == "fetch-connect" or failure.status in FALLBACK_STATUSES:
                    continue  # the page may live at a fallback URL
                break
            return self._result(request, got, start)
        first, message = failures[0], failures[0].message
        if len(failures) > 1:
            message = message.rstrip(".") + f"; {len(failures) - 1} fallback URL(s) failed too."
        return Fetched(request.source_id, request.url, request.url, http_status=first.status,
                       error=message, error_code=first.code, elapsed_ms=_ms_since(start))

    def _result(self, request: FetchRequest, got: _Got, start: float) -> Fetched:
        h = got.headers
        return Fetched(
            request.source_id, request.url, self._official(got.final_url), http_status=got.status,
            body=got.body, content_type=h.get("content-type"),
            etag=h.get("etag") or (request.conditional.etag if got.status == 304 else None),
            last_modified=h.get("last-modified")
            or (request.conditional.last_modified if got.status == 304 else None),
            not_modified=got.status == 304, elapsed_ms=_ms_since(start))

    def _official(self, url: str) -> str:
        return to_official(url, self.options.base_url)

    def _with_retries(self, official: str, request: FetchRequest) -> _Got:
        opts = self.options
        for attempt in range(opts.retries + 1):
            try:
                with self._limit(_host(swap_origin(official, opts.base_url))):
                    if self.stopped.is_set():
                        raise _Failure("fetch-connect", f"{display_url(official)} was not fetched: the run stopped.")
                    return self._follow(official, request, time.monotonic() + opts.timeout)
            except _Failure as caught:
                failure = caught
            if not failure.retryable or attempt == opts.retries:
                if attempt:
                    failure.message = failure.message.rstrip(".") + f" after {attempt + 1} attempts."
                raise failure
            if failure.retry_after is not None and failure.retry_after > opts.max_retry_after:
                raise _Failure(failure.code, f"{display_url(official)} asked to retry after {failure.retry_after:.0f} s "
                               f"(HTTP {failure.status}), longer than the {opts.max_retry_after:g} s "
                               "this run waits; try again later.", failure.status)
            if self.stopped.wait(retry_delay(attempt, opts.backoff, failure.retry_after)):
                raise failure
        raise AssertionError("unreachable")

    def _follow(self, official: str, request: FetchRequest, deadline: float) -> _Got:
        """One attempt: GET, following same-host redirects (the caller holds the host's slot)."""
        url = swap_origin(official, self.options.base_url)
        host = _host(url)
        seen = {url}
        for _ in range(MAX_REDIRECTS + 1):
            got = self._get(url, request, deadline)
            if got.status not in REDIRECT_STATUSES:
                return got
            location = got.headers.get("location")
            if not location:
                raise _Failure("fetch-http-error", f"{display_url(official)} answered HTTP {got.status} without "
                               "a Location to follow.", got.status)
            target = urljoin(url, location)
            if self.options.base_url and origin_of(target) == OFFICIAL_ORIGIN:
                target = swap_origin(target, self.options.base_url)  # mirror kept absolute official links
            if _host(target) != host:
                raise _Failure("fetch-redirect-offhost", f"{display_url(official)} redirects to another host "
                               f"({display_url(target)}); the redirect was not followed.", got.status)
            if target in seen:
                raise _Failure("fetch-redirect-loop", f"{display_url(official)} redirects in a loop "
                               f"(back to {display_url(self._official(target))}).", got.status)
            seen.add(target)
            url = target
        raise _Failure("fetch-redirect-loop", f"{display_url(official)} redirects more than {MAX_REDIRECTS} times.")

    def _get(self, url: str, request: FetchRequest, deadline: float) -> _Got:
        headers = request_headers(request, self._official(url))
        shown = display_url(self._official(url))
        in_body = False
        timed_out = _Failure("fetch-timeout", f"{shown} did not respond in full within "
                             f"{self.options.timeout:g} s.", retryable=True)
        left = deadline - time.monotonic()
        if left <= 0:
            raise timed_out
        try:
            with self.client.stream("GET", url, headers=headers, timeout=httpx.Timeout(left)) as resp:
                if resp.status_code in REDIRECT_STATUSES or resp.status_code == 304:
                    return _Got(url, resp.status_code, None, resp.headers)
                if resp.status_code >= 400:
                    raise _http_failure(shown, resp)
                in_body = True
                return _Got(url, resp.status_code, self._read(shown, resp, deadline), resp.headers)
        except (httpx.TimeoutException, _Deadline):
            raise timed_out from None
        except httpx.ConnectError as exc:
            raise _Failure("fetch-connect", f"Could not connect to {_host(url)} for {shown}: "
                           f"{_reason(exc)}.", retryable=True) from None
        except httpx.InvalidURL as exc:
            raise _Failure("fetch-connect", f"Cannot fetch {shown}: {_reason(exc)}.") from None
        except (httpx.TransportError, httpx.DecodingError) as exc:
            if in_body:
                raise _Failure("fetch-truncated", f"The body of {shown} was cut off or corrupt: "
                               f"{_reason(exc)}.", retryable=True) from None
            raise _Failure("fetch-connect", f"The connection for {shown} failed before a response: "
                           f"{_reason(exc)}.", retryable=True) from None

    def _read(self, shown: str, resp: httpx.Response, deadline: float) -> bytes:
        """The body, decoded; raw and decoded bytes are both capped (a gzip bomb stops at the cap)."""
        cap = self.options.max_bytes
        declared = _int(resp.headers.get("content-length"))
        if declared is not None and declared > cap:
            raise _Failure("fetch-too-large", f"{shown} is {declared} bytes, over the {cap}-byte limit.",
                           resp.status_code)
        decoder = _decoder(shown, resp, cap)
        chunks, size = [], 0
        for raw in resp.iter_raw():
            if time.monotonic() > deadline:  # each read is bounded by the timeout; a drip-fed body by this
                raise _Deadline
            size += len(raw)
            if size > cap:
                raise _Failure("fetch-too-large", f"{shown} sent more than the {cap}-byte limit.",
                               resp.status_code)
            chunks.append(_decode(shown, resp, decoder, raw))
        if declared is not None and resp.num_bytes_downloaded < declared:
            raise _Failure("fetch-truncated", f"The body of {shown} was cut off ({resp.num_bytes_downloaded} "
                           f"of {declared} bytes).", resp.status_code, retryable=True)
        return b"".join(chunks)


def _decoder(shown: str, resp: httpx.Response, cap: int) -> CappedDecoder | None:
    encoding = resp.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip", "deflate"):
        return CappedDecoder(encoding, cap)
    raise _Failure("fetch-http-error", f"{shown} answered with Content-Encoding '{encoding[:40]}', "
                   f"which was not asked for.", resp.status_code)


def _decode(shown: str, resp: httpx.Response, decoder: CappedDecoder | None, raw: bytes) -> bytes:
    if decoder is None:
        return raw
    try:
        return decoder.feed(raw)
    except DecodeError as exc:
        code = "fetch-too-large" if isinstance(exc, TooLarge) else "fetch-truncated"
        raise _Failure(code, f"The body of {shown} {exc}; it was refused.", resp.status_code) from None


def _http_failure(shown: str, resp: httpx.Response) -> _Failure:
    status = resp.status_code
    retry_after = retry_after_seconds(resp.headers.get("retry-after"))
    if status == 429:
        return _Failure("fetch-rate-limited", f"{shown} was rate limited with HTTP 429.", status,
                        retryable=True, retry_after=retry_after)
    phrase = f" {resp.reason_phrase}" if resp.reason_phrase else ""
    if resp.headers.get("cf-mitigated") == "challenge":
        phrase += " (a bot-challenge page instead of the content)"
    return _Failure("fetch-http-error", f"{shown} answered HTTP {status}{phrase}.", status,
                    retryable=status in RETRY_STATUSES, retry_after=retry_after)


def _reason(exc: Exception) -> str:
    return str(exc).strip().rstrip(".") or type(exc).__name__


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _ms_since(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)
