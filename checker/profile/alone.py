"""Verdicts that read nothing of the profile: a failing rule is always `used`, its severity never
below warning. checker.profile.relevance judges rule findings so; the pipeline judges a run whose
every finding is a failing rule (a cold `--quick` with remembered rule findings) with this alone,
without building the profile or importing the relevance of spec, docs and catalog findings."""
from __future__ import annotations

from typing import Callable, Iterable

from msgspec.structs import replace

from checker.models import Finding, Kind, Severity

USED, CALLED, CONTEXT = "used", "called", "context"
RULE_NOTES = {"rule-path-normalised", "suppression-expired"}  # rule-kind findings that are not failures
Verdict = tuple[str, tuple[str, ...], Severity]  # relevance, the facts behind it, severity


def rule_failure(finding: Finding) -> bool:
    return finding.kind == Kind.RULE and finding.code not in RULE_NOTES


def rule_verdict(finding: Finding) -> Verdict:
    severity = finding.severity if finding.severity.at_least(Severity.WARNING) else Severity.WARNING
    return USED, (f"rule {finding.message.split(':', 1)[0]} ({finding.location.file}:{finding.location.line})",), \
        severity


def apply_verdicts(findings: Iterable[Finding], verdict_of: Callable[[Finding], Verdict]) -> list[Finding]:
    """The findings with relevance, the facts behind it, and the severity that follows.

    Findings that already carry a relevance are kept as they are: applying twice changes nothing."""
    out = []
    for finding in findings:
        if finding.relevance is not None:
            out.append(finding)
            continue
        relevance, because, severity = verdict_of(finding)
        out.append(replace(finding, relevance=relevance, relevant_because=because, severity=severity))
    return out
