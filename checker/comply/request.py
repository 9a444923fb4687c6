"""One request a client sent: method, URL, headers (case-insensitive), body, and where it came from."""
from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Union

from msgspec import Struct, field

if TYPE_CHECKING:
    from checker.models import Finding, Severity  # noqa: F401

HeaderInput = Union[Mapping[str, str], Iterable[Iterable[str]], None]
NO_BODY = object()  # a request without a body (GET), distinct from a JSON `null` body


class Headers:
    """Header pairs with case-insensitive lookup; keeps the names as the client sent them."""

    def __init__(self, raw: HeaderInput = None) -> None:
        pairs = raw.items() if isinstance(raw, Mapping) else (raw or [])
        self.pairs: list[tuple[str, str]] = [(str(k), str(v)) for k, v in pairs]
        self._index = {k.lower(): v for k, v in self.pairs}
        self._key: tuple[tuple[str, str], ...] | None = None

    def key(self) -> tuple[tuple[str, str], ...]:
        """The pairs, hashable (worked out once: a capture shares one Headers per header set)."""
        if self._key is None:
            self._key = tuple(self.pairs)
        return self._key

    def get(self, name: str, default: str | None = None) -> str | None:
        return self._index.get(name.lower(), default)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._index

    def names(self) -> list[str]:
        return [k for k, _ in self.pairs]

    def __repr__(self) -> str:
        from checker.redact import redact_headers

        return f"Headers({redact_headers(self.pairs)!r})"


class ClientRequest(Struct):
    """What one captured or recorded request holds. `source` names it in findings; requests of
    one capture (a JSONL or HAR file, a `record` run) share its `capture` id and `source` is
    then the request's label within it (`file:line`, `file#entry`, `#n METHOD path`)."""

    method: str
    url: str
    headers: Headers = field(default_factory=Headers)
    body: Any = NO_BODY  # parsed JSON, a RawBody when it is not JSON, or NO_BODY
    source: str = "request"
    file: str | None = None
    line: int | None = None
    body_only: bool = False  # a payload file: no headers to check
    capture: str | None = None

    @classmethod
    def build(cls, method: str, url: str, headers: HeaderInput = None, body: Any = NO_BODY, *,
              may_be_deep: bool = True, **where: Any) -> "ClientRequest":
        """`may_be_deep=False`: the caller knows the body has fewer than MAX_DEPTH brackets."""
        return cls(method.upper(), url, headers if isinstance(headers, Headers) else Headers(headers),
                   parse_body(body, may_be_deep), **where)

    @property
    def has_body(self) -> bool:
        return self.body is not NO_BODY

    @property
    def json_body(self) -> bool:
        return self.has_body and not isinstance(self.body, RawBody)


class RawBody(Struct, frozen=True):
    """A body that is not JSON (multipart, form data, garbage): kept as text for messages."""

    text: str
    content_type: str | None = None


_SURROGATE = re.compile("[\ud800-\udfff]")


def loads_text(text: str) -> Any:
    """json.loads, with lone surrogates (a "\\ud800" escape is valid JSON) made U+FFFD: they
    are no text, and what comes after (jsonschema-rs, fingerprints, reports) needs UTF-8."""
    value = json.loads(text)
    return _scrub(value) if "\\ud" in text or "\\uD" in text else value


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


MAX_DEPTH = 128  # real bodies (tool schemas included) stay far below; the validators recurse
TOO_DEEP = RawBody(f"<JSON nested more than {MAX_DEPTH} levels deep>", "application/json")


def nested_deeper_than(value: Any, limit: int) -> bool:
    """Iterative, so a hostile body cannot exhaust the stack while being measured."""
    stack = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            if depth >= limit:
                return True
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return False


def parse_body(body: Any, may_be_deep: bool = True) -> Any:
    """Parsed JSON (TOO_DEEP beyond MAX_DEPTH levels), a RawBody when it is not JSON, or NO_BODY."""
    parsed = _parse(body)
    if may_be_deep and isinstance(parsed, (dict, list)) and nested_deeper_than(parsed, MAX_DEPTH):
        return TOO_DEEP
    return parsed


def _parse(body: Any) -> Any:
    if body is NO_BODY or body is None:
        return NO_BODY
    if isinstance(body, (bytes, bytearray)):
        if not body:
            return NO_BODY
        try:
            body = bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            return RawBody(f"<{len(body)} bytes of binary data>")
    if isinstance(body, str):
        if not body.strip():
            return NO_BODY
        try:
            return loads_text(body)
        except RecursionError:
            return TOO_DEEP
        except ValueError:
            return RawBody(body[:200])
    return body


def client_finding(request: ClientRequest, code: str, severity: "Severity", message: str, url: str, *,
                   pointer: str | None = None, operation: str | None = None,
                   before: Any = None, after: Any = None) -> "Finding":
    """A `client` finding located at the request (capture id or payload file, pointer into the body);
    Finding and Location redact what they are given (the one redaction boundary)."""
    from checker.models import Finding, Kind, Location

    label = request.source if request.capture else None
    location = Location(source=request.capture or request.source, pointer=pointer, operation=operation,
                        file=request.file, line=request.line, request=label)
    return Finding(kind=Kind.CLIENT, code=code, severity=severity, message=message,
                   official_url=url, location=location, before=before, after=after)
