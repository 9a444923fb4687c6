"""Compliance, read with the docs: deprecated things sent, documented-but-unspecced fields.

`review` is comply's one hook: it adds `docs-deprecated-sent` for a field, value or header that a
deprecation fact names, and turns `request-unknown-field` for a field a page documents into
`docs-documented-unspecced` (info): the docs and the spec disagree, the client is not wrong.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from checker.api.pointer import escape
from checker.docs.facts import Fact, spec_facts
from checker.models import Finding, Severity

_MAX_DEPTH = 32
_ALREADY = ("request-field-deprecated", "header-deprecated")


def review(request: Any, operation: str, compiled: Any, docs: Any, findings: list[Finding]) -> list[Finding]:
    documented = docs.documented if docs is not None else {}
    out = [_documented(f, docs) if f.code == "request-unknown-field" and f.after in documented else f
           for f in findings]
    return out + sent_deprecated(request, operation, compiled, docs.facts if docs is not None else (), findings)


def _documented(finding: Finding, docs: Any) -> Finding:
    name = finding.after
    return Finding(kind=finding.kind, code="docs-documented-unspecced", severity=Severity.INFO,
                   message=f"field '{name}' is documented on {docs.cite(name)} but not in the spec",
                   official_url=docs.url(name), location=finding.location, after=name)


def sent_deprecated(request: Any, operation: str, compiled: Any, page_facts: Iterable[Fact] | None,
                    already: Iterable[Finding]) -> list[Finding]:
    """`docs-deprecated-sent` for each field, value or header the request sends that a fact deprecates.

    Facts are the spec's own (read once per compiled spec) plus `page_facts`. What comply already
    reports as deprecated (a `deprecated: true` field, the legacy X-Title) is not reported twice.
    """
    from checker.comply.request import client_finding

    facts = [*compiled.memo("docs-spec-facts", lambda: spec_facts(compiled.spec)), *(page_facts or ())]
    reported = {f.location.pointer for f in already if f.code in _ALREADY}
    by_name: dict[str, list[Fact]] = {}
    for fact in facts:
        by_name.setdefault(fact.identifier.lower(), []).append(fact)
    if not by_name:
        return []
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for pointer, what, name, parent in _sent(request):
        for fact in by_name.get(name.lower(), ()):
            if what != "header" and name != fact.identifier:
                continue  # body names are case-sensitive; header names are not
            if what == "value" and fact.source == "openapi" and not _owned_by(fact, parent):
                continue  # a spec enum note is about its own property's values only
            if pointer in reported or (pointer, fact.identifier) in seen:
                continue
            seen.add((pointer, fact.identifier))
            out.append(client_finding(request, "docs-deprecated-sent", Severity.WARNING,
                                      _message(what, name, pointer, fact), fact.url,
                                      pointer=pointer, operation=operation,
                                      before={"sentence": fact.sentence, "source": fact.cite()},
                                      after={"sent": name, "replacement": fact.replacement}))
    return out


def _message(what: str, name: str, pointer: str, fact: Fact) -> str:
    where = f"header {name}" if what == "header" else f"'{name}' at {pointer}"
    use = f"; use '{fact.replacement}'" if fact.replacement else ""
    still = " (still accepted)" if fact.still_accepted else ""
    return f"the request sends {where}, deprecated per {fact.cite()}: \"{fact.sentence[:300]}\"{still}{use}"


def _owned_by(fact: Fact, parent: str | None) -> bool:
    return parent is not None and f"/properties/{escape(parent)}/" in fact.where + "/"


def _sent(request: Any) -> Iterator[tuple[str, str, str, str | None]]:
    """(pointer, field|value|header, name, parent field) for everything the request sends."""
    if not request.body_only:
        for header in request.headers.names():
            yield f"/headers/{escape(header.lower())}", "header", header, None
    if request.json_body:
        yield from _walk(request.body, "", None, 0)


def _walk(node: Any, pointer: str, parent: str | None, depth: int) -> Iterator[tuple[str, str, str, str | None]]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{pointer}/{escape(str(key))}"
            yield child, "field", str(key), parent
            yield from _walk(value, child, str(key), depth + 1)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{index}", parent, depth + 1)
    elif isinstance(node, str) and 2 < len(node) <= 200:
        yield pointer, "value", node, parent
