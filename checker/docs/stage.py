"""The docs stage of `checker check`: what the spec diff says, read together with the prose.

- A removed parameter, header or enum value that a fact (in the new spec or pages) says is still
  accepted is a rename: one `docs-renamed-still-accepted` warning instead of an error, and the
  matching "added" finding of the new name is dropped.
- A deprecation sentence that is on a page, or in a spec description, now and was not in the
  snapshot is `docs-deprecation-new` (relevance makes it a warning when the integration sends
  the identifier, see checker.docs.used).
- When the spec or a page changed: fields documented but not specified, and the reverse
  (`docs-spec-mismatch`, see checker.docs.documented); and the changed pages' request examples
  the spec rejects (`docs-example-invalid`, see checker.docs.examples).

On --quick (`quick=True`) only the cheap parts run: renames (the spec's facts read only when a
removal could be one) and the pages' new deprecations; the spec's new deprecations and the
read-together claims, which walk or compile the whole spec, are left to `checker check`.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from checker.api.pointer import unescape
from checker.docs.facts import Fact, page_facts, spec_facts
from checker.models import Finding, Kind, Location, Page, Severity

_REMOVED_NAME = re.compile(r"'([^']+)' was removed")
_ADDED_NAME = re.compile(r"'([^']+)' was added")
_RENAME_CODES = ("request-parameter-removed", "request-property-removed")
_ENUM_REMOVED = re.compile(r"request-.*enum-value-removed$")
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_ADDED_CODES = ("new-optional-request-parameter", "new-required-request-parameter", "new-optional-request-property")


def apply(findings: list[Finding], observations: Iterable[Any], quick: bool = False) -> list[Finding]:
    """The findings with renames downgraded, plus new deprecation facts of the pages."""
    facts: list[Fact] = []
    new_facts: list[Finding] = []
    pages: dict[str, Page] = {}
    spec, changed, changed_pages = None, False, set()
    for obs in observations:
        changed = changed or (obs.content is not None and obs.changed)
        if obs.content is None:
            continue
        if obs.source.kind == "spec":
            spec = obs.content
            if obs.changed and quick and any(_rename_candidate(f) for f in findings):
                facts += spec_facts(obs.content)
            elif obs.changed and not quick:  # facts cost a walk of the whole spec: only when it changed
                current = spec_facts(obs.content)
                facts += current
                new_facts += appeared(current, spec_facts(obs.stored.content) if isinstance(obs.stored.content, dict)
                                      else [])
        elif obs.source.kind == "page" and isinstance(obs.content, Page):
            pages[obs.source.id] = obs.content
            if obs.changed:
                changed_pages.add(obs.source.id)
            current = page_facts(obs.source.id, obs.content)
            facts += current
            if obs.changed and isinstance(obs.stored.content, Page):
                new_facts += appeared(current, page_facts(obs.source.id, obs.stored.content))
    findings = downgrade_renames(findings, facts)
    explained = {f.after["sentence"] for f in findings if f.code == "docs-renamed-still-accepted"}
    new_facts = [f for f in new_facts if f.after["sentence"] not in explained]  # the rename quotes it already
    return findings + new_facts + (_read_together(spec, pages, changed_pages) if changed and not quick else [])


def _read_together(spec: Any, pages: dict[str, Page], changed_pages: set[str]) -> list[Finding]:
    if not isinstance(spec, dict) or not pages:
        return []
    from checker.comply.validator import Validator
    from checker.docs.documented import Knowledge, mismatches
    from checker.docs.examples import extract
    from checker.docs.verdicts import findings, judge

    validator = Validator(spec)
    examples = [e for page_id in sorted(changed_pages) for e in extract(page_id, pages[page_id])]
    return mismatches(validator, Knowledge.from_pages(pages)) + findings(judge(examples, validator))


def downgrade_renames(findings: list[Finding], facts: list[Fact]) -> list[Finding]:
    accepted: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.still_accepted:
            accepted.setdefault(fact.identifier.lower(), []).append(fact)
    if not accepted:
        return findings
    out, renamed = [], set()
    for finding in findings:
        fact, old = _alias_fact(finding, accepted)
        if fact is None:
            out.append(finding)
            continue
        renamed.add((finding.location.operation, (fact.replacement or "").lower()))
        new = f"renamed to '{fact.replacement}'" if fact.replacement else "removed from the spec"
        out.append(Finding(
            kind=Kind.SPEC, code="docs-renamed-still-accepted", severity=Severity.WARNING,
            message=f"{finding.location.operation}: '{old}' {new}; the old name is still accepted per "
                    f"{fact.cite()}: \"{fact.sentence[:300]}\"",
            official_url=fact.url if fact.source != "openapi" else finding.official_url,
            location=finding.location, before={"code": finding.code, "name": old},
            after={"replacement": fact.replacement, "sentence": fact.sentence}))
    return [f for f in out if not _is_renamed_addition(f, renamed)]


def _rename_candidate(finding: Finding) -> bool:
    return finding.code in _RENAME_CODES or bool(_ENUM_REMOVED.match(finding.code))


def _alias_fact(finding: Finding, accepted: dict[str, list[Fact]]) -> tuple[Fact | None, str]:
    if finding.code in _RENAME_CODES:
        match = _REMOVED_NAME.search(finding.message)
        name = match.group(1).rsplit(".", 1)[-1] if match else ""
        return _nearest(accepted.get(name.lower()), finding), name
    if _ENUM_REMOVED.match(finding.code) and isinstance(finding.before, list):
        values = [v for v in finding.before if isinstance(v, str)]
        if values and all(v.lower() in accepted for v in values):
            return _nearest(accepted[values[0].lower()], finding), ", ".join(values)
    return None, ""


def _nearest(facts: list[Fact] | None, finding: Finding) -> Fact | None:
    """The fact read under the finding's own operation when there is one, else the first."""
    if not facts:
        return None
    pointer = finding.location.pointer or ""
    operation = "/".join(pointer.split("/")[:4])  # /paths/<path>/<method>
    return next((f for f in facts if f.source == "openapi" and operation and f.where.startswith(operation + "/")),
                facts[0])


def _is_renamed_addition(finding: Finding, renamed: set[tuple[str | None, str]]) -> bool:
    if finding.code not in _ADDED_CODES:
        return False
    match = _ADDED_NAME.search(finding.message)
    name = match.group(1).rsplit(".", 1)[-1].lower() if match else None
    return name is not None and (finding.location.operation, name) in renamed


def appeared(current: list[Fact], before: list[Fact]) -> list[Finding]:
    """`docs-deprecation-new` for each fact whose sentence was not in the snapshot's page or spec."""
    known = {(f.identifier, f.sentence) for f in before}
    return [_new_fact(f) for f in current if (f.identifier, f.sentence) not in known]


def _new_fact(fact: Fact) -> Finding:
    in_spec = fact.source == "openapi"
    use = f" (use '{fact.replacement}')" if fact.replacement else ""
    return Finding(kind=Kind.PAGE, code="docs-deprecation-new", severity=Severity.INFO,
                   message=f"the {'spec' if in_spec else 'docs'} now {'says' if in_spec else 'say'} "
                           f"'{fact.identifier}' is deprecated{use}: \"{fact.sentence[:300]}\""
                           + (f" (at {fact.where})" if in_spec else ""),
                   official_url=fact.url,
                   location=Location(source=fact.source, pointer=fact.where if in_spec else None,
                                     operation=_operation(fact.where) if in_spec else None,
                                     section=None if in_spec else fact.where),
                   after={"identifier": fact.identifier, "replacement": fact.replacement, "sentence": fact.sentence})


def _operation(pointer: str) -> str | None:
    """'/paths/~1chat~1completions/post/...' -> 'POST /chat/completions'."""
    parts = pointer.split("/")
    if len(parts) < 4 or parts[1] != "paths" or parts[3] not in _METHODS:
        return None
    return f"{parts[3].upper()} {unescape(parts[2])}"
