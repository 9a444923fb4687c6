"""Header checks: authentication, content type, app attribution (names are case-insensitive).

Vendor headers (`x-stainless-*`, `user-agent`, ...) are tolerated: only what the API documents
or the docs ask for is checked. The Authorization value is never printed.
"""
from __future__ import annotations

import re
from typing import Any

from checker.comply import links as pages
from checker.api.model import Operation, mapping
from checker.comply.request import TOO_DEEP, ClientRequest, RawBody, client_finding
from checker.models import Finding, Severity

CATEGORY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_CATEGORY_LENGTH = 30


def check_headers(request: ClientRequest, op: Operation | None, spec: dict[str, Any]) -> list[Finding]:
    label = op.label if op else None
    out = _auth(request, op, spec, label)
    out += _content_type(request, op, label)
    out += _attribution(request, label)
    return out


def _needs_auth(op: Operation | None, spec: dict[str, Any]) -> bool:
    security = op.op.get("security", spec.get("security")) if op else spec.get("security")
    if not isinstance(security, list):
        return True  # not documented either way (or malformed): OpenRouter authenticates everything by default
    return bool(security) and all(bool(requirement) for requirement in security)  # [{}]: optional


def _auth(request: ClientRequest, op: Operation | None, spec: dict[str, Any], label: str | None) -> list[Finding]:
    if not _needs_auth(op, spec):
        return []
    value = request.headers.get("authorization")
    if value is None:
        return [client_finding(request, "auth-header-missing", Severity.ERROR,
                               "no Authorization header: OpenRouter expects 'Authorization: Bearer <API key>'",
                               pages.AUTHENTICATION, pointer="/headers/authorization", operation=label)]
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        shown = "Bearer without a key" if scheme.lower() == "bearer" else f"scheme '{scheme[:20]}'" if token else "no scheme"
        return [client_finding(request, "auth-header-invalid", Severity.ERROR,
                               f"Authorization header is not 'Bearer <API key>' ({shown}; value not shown)",
                               pages.AUTHENTICATION, pointer="/headers/authorization", operation=label)]
    return []


def _content_type(request: ClientRequest, op: Operation | None, label: str | None) -> list[Finding]:
    if not request.has_body or op is None:
        return []
    declared = mapping(mapping(op.op.get("requestBody")).get("content"))
    wants_json = any("json" in media for media in declared) and not any("multipart" in m for m in declared)
    value = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    page = op.page
    if isinstance(request.body, RawBody) and request.body is not TOO_DEEP:  # too deep is JSON all the same
        if wants_json:
            return [client_finding(request, "request-body-not-json", Severity.ERROR,
                                   f"the body is not valid JSON ({request.body.text[:60]!r}...)", page,
                                   pointer="", operation=label)]
        return []
    if not value:
        return [client_finding(request, "content-type-missing", Severity.WARNING,
                               "JSON body sent without a Content-Type header (expected application/json)",
                               page, pointer="/headers/content-type", operation=label)]
    if "json" not in value and declared and value not in declared:
        return [client_finding(request, "content-type-mismatch", Severity.ERROR,
                               f"Content-Type is '{value}' but the operation takes {', '.join(declared)}",
                               page, pointer="/headers/content-type", operation=label,
                               before=sorted(declared), after=value)]
    return []


def _attribution(request: ClientRequest, label: str | None) -> list[Finding]:
    h = request.headers
    out: list[Finding] = []
    title, legacy, referer = h.get("x-openrouter-title"), h.get("x-title"), h.get("http-referer")
    if legacy is not None:
        both = title is not None
        message = ("legacy header X-Title sent next to X-OpenRouter-Title: drop X-Title" if both else
                   "legacy header X-Title: send X-OpenRouter-Title instead (X-Title is kept only for "
                   "backwards compatibility)")
        out.append(client_finding(request, "header-deprecated", Severity.INFO if both else Severity.WARNING,
                                  message, pages.ATTRIBUTION_TITLE, pointer="/headers/x-title",
                                  operation=label, before="X-Title", after="X-OpenRouter-Title"))
    if (title is not None or legacy is not None) and referer is None:
        out.append(client_finding(request, "attribution-referer-missing", Severity.WARNING,
                                  "an app title is sent without HTTP-Referer: the title alone does not "
                                  "create an app page", pages.ATTRIBUTION_REFERER,
                                  pointer="/headers/http-referer", operation=label))
    elif referer is not None and not referer.startswith(("http://", "https://")):
        out.append(client_finding(request, "attribution-referer-not-url", Severity.INFO,
                                  f"HTTP-Referer should be your app's URL, got {referer[:60]!r}",
                                  pages.ATTRIBUTION_REFERER, pointer="/headers/http-referer", operation=label))
    categories = h.get("x-openrouter-categories")
    if categories is not None:
        bad = [c.strip() for c in categories.split(",")
               if not CATEGORY.match(c.strip()) or len(c.strip()) > MAX_CATEGORY_LENGTH]
        if bad:
            out.append(client_finding(request, "attribution-category-invalid", Severity.WARNING,
                                      f"X-OpenRouter-Categories must be lowercase, hyphen-separated names of at "
                                      f"most {MAX_CATEGORY_LENGTH} characters; invalid: {', '.join(bad)[:120]}",
                                      pages.ATTRIBUTION_CATEGORIES, pointer="/headers/x-openrouter-categories",
                                      operation=label, after=bad))
    return out
