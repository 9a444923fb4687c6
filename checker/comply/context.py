"""What a request's findings owe to its method, URL and headers alone, worked out once.

Traffic is mostly distinct bodies sent with the same few (method, URL, headers): the route,
the header checks and the parameter checks of such a request are those of the first one, its
findings moved to the new request's location (`relocate`). Bodies are checked every time.
"""
from __future__ import annotations

from typing import Any, Callable, Hashable, Union

from msgspec.structs import replace

from checker.comply.operations import Target
from checker.comply.request import NO_BODY, TOO_DEEP, ClientRequest, RawBody
from checker.models import Finding

MAX_CONTEXTS = 4096  # distinct (method, URL, headers, body kind); forgotten all at once beyond
Context = tuple[Target, list[Finding]]
Built = Union[Context, list[Finding]]  # a list: the request's findings are final (no operation)


def context_key(request: ClientRequest) -> Hashable | None:
    """The request's context, or None when its findings depend on more (a non-JSON body's text)."""
    body = request.body
    if body is NO_BODY:
        kind = "none"
    elif body is TOO_DEEP:
        kind = "deep"
    elif isinstance(body, RawBody):
        return None  # request-body-not-json quotes the text
    else:
        kind = "json"
    return request.method, request.url, request.headers.key(), kind, request.body_only


class Contexts:
    """A bounded memo of contexts: the route and the findings of the first request seen in each."""

    def __init__(self, size: int = MAX_CONTEXTS) -> None:
        self.size = size
        self._held: dict[Hashable, Context] = {}

    def get(self, request: ClientRequest, build: Callable[[], Built]) -> Built:
        """`build()` for a new context (only a Context is remembered); a remembered one relocated."""
        key = context_key(request)
        if key is None:
            return build()
        held = self._held.get(key)
        if held is None:
            built = build()
            if isinstance(built, tuple):
                if len(self._held) >= self.size:
                    self._held.clear()
                self._held[key] = built
            return built
        target, findings = held
        return target, [relocate(f, request) for f in findings]


def relocate(finding: Finding, request: ClientRequest) -> Finding:
    """The finding as client_finding would have made it for `request`."""
    where: dict[str, Any] = {"source": request.capture or request.source, "file": request.file,
                             "line": request.line, "request": request.source if request.capture else None}
    return replace(finding, location=replace(finding.location, **where), fingerprint="")
