"""Attach `--code` hits: to profile facts (as code origins) and to findings (as reasons)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from msgspec.structs import replace

from checker.models import Finding, Kind
from checker.profile.code_scan import scan
from checker.profile.model import CODE, FIELD, HEADER, MODEL, OPERATION, RESPONSE_FIELD, VALUE, Fact, Origin, Profile
from checker.profile.subject import subject_of

Hits = dict[str, list[tuple[str, int]]]


def identifier(fact: Fact) -> tuple[str, bool] | None:
    """(what a literal in code would say, is it an API path) for one fact."""
    if fact.kind in (FIELD, RESPONSE_FIELD):
        return fact.name.rsplit(".", 1)[-1], False
    if fact.kind in (HEADER, VALUE, MODEL):
        return fact.name, False
    if fact.kind == OPERATION and "{" not in fact.name:
        return fact.name.partition(" ")[2], True
    return None


def finding_identifiers(finding: Finding, profile: Profile) -> list[str]:
    subject = subject_of(finding)
    names = list(subject.path[-1:] or subject.schema_path[-1:])
    if finding.kind == Kind.CLIENT and finding.location.pointer:  # a pointer into the client's own body
        names += [p for p in finding.location.pointer.split("/") if p and not p.isdigit()][-1:]
    names += [subject.header] if subject.header else []
    names += list(subject.values)
    names += [f.name for f in profile.of_kind(MODEL) if f.name in finding.message]
    return [n for n in names if n]


def scan_for(root: str | Path, profile: Profile, findings: Iterable[Finding] = ()) -> Hits:
    names, paths = set(), set()
    for fact in profile.facts:
        ident = identifier(fact)
        if ident:
            (paths if ident[1] else names).add(ident[0])
    for finding in findings:
        names.update(finding_identifiers(finding, profile))
        if finding.location.operation and "{" not in finding.location.operation:
            paths.add(finding.location.operation.partition(" ")[2])
    return scan(root, names, paths)


CODE_REASON = "code {file}:{line} names '{name}'"  # checker.commands.places reads it back
CODE_REASON_RE = re.compile(r"^code (?P<file>.+):(?P<line>\d+) names '")


def add_code_origins(profile: Profile, hits: Hits) -> Profile:
    for fact in list(profile.facts):
        ident = identifier(fact)
        for file, line in hits.get(ident[0].lower(), []) if ident else []:
            profile.add(fact, Origin(CODE, file, line))
    return profile


def add_code_reasons(findings: Iterable[Finding], profile: Profile, hits: Hits) -> list[Finding]:
    out = []
    for finding in findings:
        names = finding_identifiers(finding, profile)
        if finding.location.operation:
            names.append(finding.location.operation.partition(" ")[2])
        reasons = [CODE_REASON.format(file=file, line=line, name=name)
                   for name in dict.fromkeys(names) for file, line in hits.get(name.lower(), [])[:3]]
        out.append(replace(finding, relevant_because=finding.relevant_because + tuple(reasons))
                   if reasons else finding)
    return out
