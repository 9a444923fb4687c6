"""Relevance: is a finding about what the integration uses (`used`), an operation it calls
(`called`) or neither (`context`); and the severity that follows.

- spec change: breaking (its diff severity is error) and used -> error; breaking and called ->
  warning; breaking elsewhere -> info. A non-breaking change keeps its severity when used, else info.
- failing rule: its own severity, never below warning (always `used`).
- client finding (the integration's own request): `used`, severity unchanged.
- docs section change: in a section a rule references, or mentioning a used field, header or
  operation path -> warning; on a page a rule reads (`called`) or elsewhere -> info.
- docs claim (an example the spec rejects, docs/spec mismatch, new deprecation): warning when the
  integration sends that field, header or value (checker.docs.used), else info.
- catalog change: by what the integration sends to the model (checker.profile.catalog_relevance).
- anything else (fetch, spec-validity, notes): severity unchanged, `used` when about a used page.
"""
from __future__ import annotations

import re
from typing import Iterable

from msgspec import Struct

from checker.codes import DOCS_CLAIMS
from checker.models import Finding, Kind, Severity
from checker.profile.alone import CALLED, CONTEXT, USED, apply_verdicts, rule_failure, rule_verdict
from checker.profile.catalog_relevance import relevance_of
from checker.profile.model import (FIELD, HEADER, MODEL, OPERATION, PAGE, RESPONSE_FIELD, SECTION, VALUE, Fact,
                                   Profile)
from checker.profile.subject import Subject, ends_with, related, subject_of
from checker.urls import slugify

MAX_BECAUSE = 5
# headers every HTTP example names: a docs section quoting them says nothing about the integration
GENERIC_HEADERS = {"authorization", "content-type", "accept", "user-agent", "content-length", "host"}


class Verdict(Struct, frozen=True):
    """How relevant a finding is to the integration, why, and its severity then."""

    relevance: str
    because: tuple[str, ...]
    severity: Severity


def because(profile: Profile, facts: Iterable[Fact]) -> tuple[str, ...]:
    out = []
    for fact in list(dict.fromkeys(facts))[:MAX_BECAUSE]:
        origins = profile.facts.get(fact) or []
        out.append(f"{fact.label()} via {origins[0].label()}" if origins else fact.label())
    return tuple(out)


def classify(finding: Finding, profile: Profile) -> Verdict:
    if finding.kind == Kind.SPEC:
        return _spec(finding, profile)
    if rule_failure(finding):
        return Verdict(*rule_verdict(finding))
    if finding.kind == Kind.CLIENT:
        where = f"{finding.location.file or finding.location.source}"
        where += f":{finding.location.line}" if finding.location.line else ""
        return Verdict(USED, (f"sent by the integration ({where})",), finding.severity)
    if finding.kind == Kind.PAGE and finding.code.startswith("page-section-"):
        return _section(finding, profile)
    if finding.kind == Kind.CATALOG:
        return relevance_of(finding, profile)
    if finding.code in DOCS_CLAIMS:  # the docs disagree with the spec (or newly deprecate) about what is sent
        from checker.docs.used import used_facts

        used = used_facts(finding, profile)
        return Verdict(USED if used else CONTEXT, because(profile, used), Severity.WARNING if used else Severity.INFO)
    pages = [f for f in profile.of_kind(PAGE) if f.name == finding.location.source]
    models = _models(finding, profile)
    facts = pages + models
    return Verdict(USED if facts else CONTEXT, because(profile, facts), finding.severity)


def _models(finding: Finding, profile: Profile) -> list[Fact]:
    return [f for f in profile.of_kind(MODEL) if f.name in finding.message]


def _spec(finding: Finding, profile: Profile) -> Verdict:
    subject = subject_of(finding)
    used = _used_facts(subject, finding, profile)
    calls = subject.operation in profile.operations() if subject.operation else False
    relevance = USED if used else CALLED if calls else CONTEXT
    breaking = finding.severity is Severity.ERROR
    if relevance == USED:
        severity = finding.severity
    elif breaking:
        severity = Severity.WARNING if relevance == CALLED else Severity.INFO
    else:
        severity = Severity.INFO
    facts = used if used else [Fact(OPERATION, subject.operation)] if calls else []
    return Verdict(relevance, because(profile, facts), severity)


def _used_facts(subject: Subject, finding: Finding, profile: Profile) -> list[Fact]:
    op = subject.operation
    if subject.header:
        return [f for f in profile.of_kind(HEADER) if f.name == subject.header]
    if subject.parameter:
        return []  # the profile does not record query, path or cookie parameters
    kind = RESPONSE_FIELD if subject.side == "response" else FIELD
    calls = op is None or op in profile.operations()
    fields = [f for f in profile.of_kind(kind) if _field_matches(f, subject, calls)]
    if not subject.path and not subject.schema_path:  # about the operation itself
        return [f for f in profile.of_kind(OPERATION) if f.name == op] + _models(finding, profile)
    if fields and subject.values and "removed" in finding.code:
        known = [v for v in profile.of_kind(VALUE) if any(_value_on(v, f) for f in fields)]
        if known:  # the profile knows which values are sent: only those matter
            return [v for v in known if v.name in subject.values]
    return fields


def _field_matches(fact: Fact, subject: Subject, calls: bool) -> bool:
    """A rule's schema-anchored path counts on the operations the integration calls."""
    path = tuple(fact.name.split("."))
    if fact.schema:
        return calls and ((fact.schema == subject.schema and related(path, subject.schema_path))
                          or ends_with(subject.path, path))
    return fact.operation == subject.operation and related(path, subject.path)


def _value_on(value: Fact, field: Fact) -> bool:
    return value.scope == field.name and value.operation == field.operation and value.schema == field.schema


def _section(finding: Finding, profile: Profile) -> Verdict:
    page, heading = finding.location.source, finding.location.section or ""
    keys = {slugify(heading), heading.strip().lower()}
    referenced = [f for f in profile.of_kind(SECTION) if f.scope == page
                  and (slugify(f.name) in keys or f.name.strip().lower() in keys)]
    mentioned = referenced or _mentioned(finding, profile)
    if mentioned:
        return Verdict(USED, because(profile, mentioned), Severity.WARNING)
    pages = [f for f in profile.of_kind(PAGE) if f.name == page]
    return Verdict(CALLED if pages else CONTEXT, because(profile, pages), Severity.INFO)


def identifiers(profile: Profile) -> dict[str, Fact]:
    """Distinctive names a docs text can mention: snake_case or camelCase field names (not plain
    words such as "parameters"), headers other than the generic ones, paths, model ids."""
    names: dict[str, Fact] = {}
    for fact in profile.facts:
        if fact.kind in (FIELD, RESPONSE_FIELD):
            last = fact.name.rsplit(".", 1)[-1]
            if "_" in last.strip("_") or (last[:1].islower() and not last.islower()):
                names.setdefault(last, fact)
        elif fact.kind == HEADER and fact.name in GENERIC_HEADERS:
            continue
        elif fact.kind in (HEADER, MODEL):
            names.setdefault(fact.name, fact)
        elif fact.kind == OPERATION and " " in fact.name and len(fact.name.split(" ", 1)[1]) > 1:
            names.setdefault(fact.name.split(" ", 1)[1], fact)
    return names


def _mentioned(finding: Finding, profile: Profile) -> list[Fact]:
    text = " ".join(str(x) for x in (finding.before, finding.after) if x)
    if not text:
        return []
    lowered = text.lower()
    out = []
    for name, fact in identifiers(profile).items():
        needle = name.lower()
        if needle in lowered and re.search(rf"(?<![\w/-]){re.escape(needle)}(?![\w-])", lowered):
            out.append(fact)
    return out


def apply_relevance(findings: Iterable[Finding], profile: Profile) -> list[Finding]:
    """The findings with relevance, the facts behind it, and the severity that follows (see
    checker.profile.alone.apply_verdicts)."""

    def verdict_of(finding: Finding) -> tuple[str, tuple[str, ...], Severity]:
        verdict = classify(finding, profile)
        return verdict.relevance, verdict.because, verdict.severity

    return apply_verdicts(findings, verdict_of)
