"""Compliance, read with the docs: deprecated things sent, documented-but-unspecced fields.

`review` is comply's one hook: it adds `docs-deprecated-sent` for a field, value or header that a
deprecation fact names, and turns `request-unknown-field` for a field a page documents into
`docs-documented-unspecced` (info): the docs and the spec disagree, the client is not wrong.
"""
from __future__ import annotations

from typing import Any, Iterable

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

    by_name, names = _index(compiled, page_facts)
    if not by_name:
        return []
    reported = {f.location.pointer for f in already if f.code in _ALREADY}
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for pointer, what, name, parent in _sent(request, names):
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


def deprecated_names(compiled: Any, docs: Any) -> frozenset[str]:
    """The field, value and header names `review` looks for (a body string elsewhere is not read)."""
    return _index(compiled, docs.facts if docs is not None else ())[1]


def _index(compiled: Any, page_facts: Iterable[Fact] | None) -> tuple[dict[str, list[Fact]], frozenset[str]]:
    """The facts by lowercased identifier, and their identifiers; worked out once per spec and pages."""
    held = compiled.memo(("docs-facts-index", id(page_facts)), lambda: (page_facts, *_build_index(compiled, page_facts)))
    return held[1:] if held[0] is page_facts else _build_index(compiled, page_facts)


def _build_index(compiled: Any, page_facts: Iterable[Fact] | None) -> tuple[dict[str, list[Fact]], frozenset[str]]:
    facts = [*compiled.memo("docs-spec-facts", lambda: spec_facts(compiled.spec)), *(page_facts or ())]
    by_name: dict[str, list[Fact]] = {}
    for fact in facts:
        by_name.setdefault(fact.identifier.lower(), []).append(fact)
    return by_name, frozenset(fact.identifier for fact in facts)


def _message(what: str, name: str, pointer: str, fact: Fact) -> str:
    where = f"header {name}" if what == "header" else f"'{name}' at {pointer}"
    use = f"; use '{fact.replacement}'" if fact.replacement else ""
    still = " (still accepted)" if fact.still_accepted else ""
    return f"the request sends {where}, deprecated per {fact.cite()}: \"{fact.sentence[:300]}\"{still}{use}"


def _owned_by(fact: Fact, parent: str | None) -> bool:
    return parent is not None and f"/properties/{escape(parent)}/" in fact.where + "/"


def _sent(request: Any, names: frozenset[str]) -> list[tuple[str, str, str, str | None]]:
    """(pointer, field|value|header, name, parent field) for every header the request sends and
    every body field name or string value among `names` (body names are case-sensitive)."""
    out = []
    if not request.body_only:
        for header in request.headers.names():
            out.append((f"/headers/{escape(header.lower())}", "header", header, None))
    body = request.body if request.json_body else None
    if isinstance(body, (dict, list)):
        _walk(body, None, None, 0, names, out)
    elif isinstance(body, str) and 2 < len(body) <= 200 and body in names:
        out.append(("", "value", body, None))
    return out


def _walk(node: Any, path: Any, parent: str | None, depth: int, names: frozenset[str],
          out: list[tuple[str, str, str, str | None]]) -> None:
    """Depth-first, in document order; `path` is a linked (parent path, step) pair, made into a
    pointer only for what matches: most bodies hold no deprecated name at all. String leaves
    are looked at inline (the hot path: one call per container, not per value)."""
    if depth > _MAX_DEPTH:
        return
    deeper = depth + 1
    if isinstance(node, dict):
        for key, value in node.items():
            step = key if isinstance(key, str) else str(key)
            if step in names:
                out.append((_pointer((path, step)), "field", step, parent))
            if isinstance(value, str):
                if deeper <= _MAX_DEPTH and value in names and 2 < len(value) <= 200:
                    out.append((_pointer((path, step)), "value", value, step))
            elif isinstance(value, (dict, list)):
                _walk(value, (path, step), step, deeper, names, out)
    else:
        for index, value in enumerate(node):
            if isinstance(value, str):
                if deeper <= _MAX_DEPTH and value in names and 2 < len(value) <= 200:
                    out.append((_pointer((path, index)), "value", value, parent))
            elif isinstance(value, (dict, list)):
                _walk(value, (path, index), parent, deeper, names, out)


def _pointer(path: Any) -> str:
    steps = []
    while path is not None:
        path, step = path
        steps.append(escape(step) if isinstance(step, str) else str(step))
    return "".join(f"/{step}" for step in reversed(steps))
