"""Run a RuleSet against the spec and the pages; failed rules become Findings.

A rule whose source (spec or page) is unavailable is skipped, never failed: the fetch stage
already reports why the source is missing.
"""
from __future__ import annotations

import hashlib
from typing import Mapping

from msgspec import Struct

from checker.models import Finding, Kind, Location, Page, Severity
from checker.rules.kinds import run
from checker.rules.model import FAIL, PASS, Outcome, Rule, RuleSet
from checker.urls import slugify, with_anchor


class RuleResult(Struct, frozen=True):
    """One rule's outcome, and the finding it makes (if any)."""

    rule: Rule
    outcome: Outcome
    finding: Finding | None  # a failure, or an info note (rule path normalised); None otherwise

    @property
    def status(self) -> str:
        return self.outcome.status


def rule_fingerprint(rule: Rule, target: str) -> str:
    """Stable per rule: rewording a message or moving a rule between files keeps it."""
    return hashlib.sha256(f"rule|{target}|{rule.id}".encode()).hexdigest()[:16]


def anchor_for(page: Page | None, section: str | None) -> str | None:
    if not section:
        return None
    if page is not None:
        from checker.rules.page_kinds import find_section

        index = find_section(page, section)
        if index is not None:
            return page.sections[index].anchor
    return slugify(section)


def official_url(rule: Rule, outcome: Outcome, rules: RuleSet, pages: Mapping[str, Page | None],
                 page_urls: Mapping[str, str]) -> tuple[str, str | None]:
    """(URL with anchor, section heading): the failing page's section, else the rule's page/section."""
    page_id, section = rule.page, rule.section
    if outcome.page and (outcome.page != rule.page or outcome.section):
        page_id, section = outcome.page, outcome.section
    base = page_urls.get(page_id) or rules.page_urls.get(page_id, "")
    anchor = outcome.anchor if page_id == outcome.page and outcome.anchor else None
    return with_anchor(base, anchor or anchor_for(pages.get(page_id), section)), section


def message(rule: Rule, outcome: Outcome) -> str:
    text = f"{rule.id}: {rule.assumes.rstrip('.')}: expected {outcome.expected}; found {outcome.found}."
    return f"{text} {rule.hint}" if rule.hint else text


def finding_for(rule: Rule, outcome: Outcome, rules: RuleSet, pages: Mapping[str, Page | None],
                page_urls: Mapping[str, str]) -> Finding:
    url, section = official_url(rule, outcome, rules, pages, page_urls)
    location = Location(source=outcome.source or rule.page, pointer=outcome.pointer,
                        operation=outcome.operation, section=section, file=rule.file, line=rule.line)
    return Finding(kind=Kind.RULE, code=outcome.code, severity=rule.severity, message=message(rule, outcome),
                   official_url=url, location=location, fingerprint=rule_fingerprint(rule, rules.target))


def note_for(rule: Rule, outcome: Outcome, rules: RuleSet, page_urls: Mapping[str, str]) -> Finding:
    base = page_urls.get(rule.page) or rules.page_urls.get(rule.page, "")
    digest = hashlib.sha256(f"rule-note|{rules.target}|{rule.id}".encode()).hexdigest()[:16]
    return Finding(kind=Kind.RULE, code="rule-path-normalised", severity=Severity.INFO,
                   message=f"{rule.id}: {outcome.note}.", official_url=with_anchor(base, None),
                   location=Location(source="openapi", file=rule.file, line=rule.line), fingerprint=digest)


def run_rules(rules: RuleSet, *, spec: dict | None, pages: Mapping[str, Page | None],
              page_urls: Mapping[str, str] | None = None) -> list[RuleResult]:
    """Every rule's outcome (pass / fail / skip), for callers that also count passes and skips."""
    from checker.rules.context import Context  # the spec model: imported when rules run, not when loaded

    page_urls = page_urls or {}
    results = []
    for rule in rules.rules:
        outcome = run(rule.check, Context(spec, pages, rule.page))
        finding = None
        if outcome.status == FAIL:
            finding = finding_for(rule, outcome, rules, pages, page_urls)
        elif outcome.status == PASS and outcome.note:
            finding = note_for(rule, outcome, rules, page_urls)
        results.append(RuleResult(rule, outcome, finding))
    return results


def evaluate(rules: RuleSet, *, spec: dict | None, pages: Mapping[str, Page | None],
             page_urls: Mapping[str, str] | None = None) -> list[Finding]:
    """Findings of the failed rules (plus info notes); passing and skipped rules produce nothing."""
    return [r.finding for r in run_rules(rules, spec=spec, pages=pages, page_urls=page_urls) if r.finding]
