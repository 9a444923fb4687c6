"""Client compliance: does a real client's traffic match what the live API documents?

    from checker.comply import validate_request
    findings = validate_request("POST", "https://openrouter.ai/api/v1/chat/completions",
                                {"Authorization": "Bearer ..."}, {"model": "openai/gpt-4o-mini", ...})

Inputs: payload files, captures (JSON Lines / HAR), or a client run against the loopback stub
(`checker record`, the pytest plugin). Every finding is a `client` Finding naming the request,
a JSON pointer into it and the official page to read.
"""
from __future__ import annotations

import threading
from typing import Any

from checker.comply.catalog import Catalog, load_catalog
from checker.comply.captures import read_captures, read_payload, write_captures
from checker.comply.request import ClientRequest, HeaderInput, Headers
from checker.comply.validator import Validator
from checker.models import Finding

__all__ = ["Catalog", "ClientRequest", "Headers", "Validator", "default_spec", "load_catalog",
           "read_captures", "read_payload", "validate_request", "write_captures"]

_DEFAULT: dict[str, Any] = {}
_LOCK = threading.Lock()


def default_spec() -> dict[str, Any]:
    """The stored snapshot (./snapshots or CHECKER_SNAPSHOTS), else the live spec; loaded once."""
    with _LOCK:
        if "spec" not in _DEFAULT:
            from checker.comply.specsource import resolve_spec

            _DEFAULT["spec"] = resolve_spec()[0]
        return _DEFAULT["spec"]


def validate_request(method: str, url: str, headers: HeaderInput = None, body: Any = None, *,
                     spec: dict[str, Any] | None = None, catalog: Catalog | None = None,
                     source: str = "request") -> list[Finding]:
    """Findings for one request. `body` may be parsed JSON, a JSON str/bytes, or None (no body)."""
    validator = Validator(spec if spec is not None else default_spec(), catalog=catalog)
    return validator.check(method, url, headers, body, source=source)
