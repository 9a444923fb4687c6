"""One request -> findings: operation, headers, parameters, body schema, OpenRouter rules, catalog."""
from __future__ import annotations

from typing import Any, Iterable

from checker.comply import links as pages
from checker.comply.catalog import Catalog, check_catalog
from checker.comply.headers import check_headers
from checker.comply.openrouter import allowed_hosts, check_semantics
from checker.api.model import Operation
from checker.comply.parameters import check_parameters
from checker.comply.payloads import (check_body, deprecated_fields, request_schema_pointer,
                                     unknown_fields)
from checker.comply.request import MAX_DEPTH, NO_BODY, TOO_DEEP, ClientRequest, HeaderInput, client_finding
from checker.comply.compile import compile_spec, router_for
from checker.comply.context import Built, Contexts
from checker.docs.deprecations import review as docs_review
from checker.models import Finding, Severity


class Validator:
    """Validates requests against one spec; compiled schemas are shared by spec hash."""

    def __init__(self, spec: dict[str, Any], *, catalog: Catalog | None = None,
                 allowed_remote_hosts: Iterable[str] | None = None, docs: Any = None) -> None:
        self.spec = spec
        self.compiled = compile_spec(spec)
        self.router = router_for(self.compiled)
        self.catalog = catalog
        self.docs = docs  # what the docs pages say (checker.docs.documented.Knowledge), or None
        self.memoise = True  # off: every request's context checked again (the equivalence tests)
        self.contexts = Contexts()
        self.hosts = (allowed_hosts() if allowed_remote_hosts is None
                      else frozenset(h.lower() for h in allowed_remote_hosts))

    def validate(self, request: ClientRequest) -> list[Finding]:
        built = self.contexts.get(request, lambda: self._context(request)) if self.memoise else self._context(request)
        if isinstance(built, list):
            return built
        target, findings = built[0], list(built[1])  # a remembered context's list stays as it is
        op = target.operation
        assert op is not None
        if request.body is TOO_DEEP:  # the schema checks recurse: report it instead
            return findings + [client_finding(request, "request-body-too-deep", Severity.ERROR,
                                              f"the body is JSON nested more than {MAX_DEPTH} levels deep; "
                                              "it was not validated", op.page, pointer="", operation=op.label)]
        findings += self.check_body(request, op)
        findings += check_semantics(request, op, self.hosts)
        findings = docs_review(request, op.label, self.compiled, self.docs, findings)
        if self.catalog is not None:
            findings += check_catalog(request, op, self.catalog)
        return findings

    def _context(self, request: ClientRequest) -> Built:
        """The route, header and parameter findings; or the final findings when there is no operation."""
        try:
            target = self.router.match(request.method, request.url)
        except ValueError as exc:  # urlsplit: "Invalid IPv6 URL" and the like
            return [client_finding(request, "request-url-invalid", Severity.ERROR,
                                   f"the request URL cannot be parsed ({exc}): {request.url[:200]!r}",
                                   pages.OVERVIEW, operation=f"{request.method} ?")]
        op = target.operation
        if op is None:
            return [self._unknown_operation(request, target.path, target.path_known)]
        findings = [] if request.body_only else check_headers(request, op, self.spec)
        findings += [] if request.body_only else check_parameters(self.compiled, request, target)
        return target, findings

    def check(self, method: str, url: str, headers: HeaderInput = None, body: Any = None,
              source: str = "request") -> list[Finding]:
        """validate() for loose arguments; `body` None means no body."""
        return self.validate(ClientRequest.build(method, url, headers, NO_BODY if body is None else body,
                                                 source=source))

    def validate_all(self, requests: Iterable[ClientRequest]) -> list[Finding]:
        """Findings of all requests; the same finding on many requests is one, with a count."""
        from checker.comply.traffic import validate_stream

        return validate_stream(self, requests)[0].findings()

    def check_body(self, request: ClientRequest, op: Operation) -> list[Finding]:
        pointer = self.compiled.memo(("body", op.pointer), lambda: request_schema_pointer(self.compiled, op))
        if not request.json_body:
            body = self.compiled.api.request_body(op)
            required = body is not None and body[0].get("required") is True
            if required and not request.has_body and pointer:
                return [client_finding(request, "request-body-missing", Severity.ERROR,
                                       f"{op.label} requires a JSON body", op.page, pointer="", operation=op.label)]
            return []
        if pointer is None:
            return []
        body = request.body
        findings = [
            client_finding(request, "request-body-invalid", Severity.ERROR, v.message, op.page,
                           pointer=v.pointer, operation=op.label,
                           before={"rule": v.rule, "expected": v.expected, "schema": v.schema_location},
                           after=v.found)
            for v in check_body(self.compiled, pointer, body)
            if not (v.pointer == "" and v.rule in ("additionalProperties", "unevaluatedProperties"))
        ]
        for name, close in unknown_fields(self.compiled, pointer, body):
            hint = f"; did you mean '{close[0]}'?" if close else " (a typo, or a field the API no longer documents)"
            findings.append(client_finding(request, "request-unknown-field", Severity.WARNING,
                                           f"unknown top-level field '{name}'{hint}", op.page,
                                           pointer=f"/{name}", operation=op.label, after=name))
        for name in deprecated_fields(self.compiled, pointer, body):
            findings.append(client_finding(request, "request-field-deprecated", Severity.WARNING,
                                           f"field '{name}' is deprecated in the spec", op.page,
                                           pointer=f"/{name}", operation=op.label, after=name))
        return findings

    def _unknown_operation(self, request: ClientRequest, path: str, path_known: bool) -> Finding:
        label = f"{request.method} {path}"
        why = "the path exists but not with this method" if path_known else "no such path in the spec"
        return client_finding(request, "operation-unknown", Severity.ERROR,
                              f"{label} is not a documented operation ({why})", pages.OVERVIEW,
                              pointer=None, operation=label)
