"""Rules as data: what a rule file holds once loaded, and what one check concludes."""
from __future__ import annotations

from typing import Any, Mapping

from msgspec import Struct, field

from checker.models import Severity


class Check(Struct, frozen=True):
    """One check of a rule: its kind, its parameters, and nested checks for all-of / any-of."""

    kind: str
    params: Mapping[str, Any]
    children: tuple["Check", ...] = ()

    def page_ids(self, default_page: str) -> set[str]:
        """Pages this check reads (page kinds read the rule's page unless they name another)."""
        from checker.rules.kinds import KINDS

        if self.children:
            return set().union(*(c.page_ids(default_page) for c in self.children))
        if not KINDS[self.kind].reads_page(self.params):
            return set()
        return {str(self.params.get("page") or default_page)}


class Rule(Struct, frozen=True):
    """One assumption of the integration, the check that tests it, and the page that documents it."""

    id: str
    assumes: str  # what the integration relies on, one sentence
    severity: Severity
    page: str  # target page id of the official page that documents it
    check: Check
    file: str  # rule file, repo-relative ("rules/openrouter/api.yaml")
    section: str | None = None  # heading or anchor on the official page
    hint: str | None = None  # shown when the rule fails (e.g. a known change and the migration)
    line: int | None = None


class RuleSet(Struct, frozen=True):
    """Every rule of a target, with the URLs of the pages they name."""

    target: str
    rules: tuple[Rule, ...]
    page_urls: Mapping[str, str] = field(default_factory=dict)  # page id -> target.yaml URL

    def pages_needed(self) -> set[str]:
        """Page ids whose content the rules read (the spec is always needed when any spec rule exists)."""
        return set().union(*(r.check.page_ids(r.page) for r in self.rules)) if self.rules else set()

    def needs_spec(self) -> bool:
        from checker.rules.kinds import KINDS

        def uses_spec(check: Check) -> bool:
            if check.children:
                return any(uses_spec(c) for c in check.children)
            return KINDS[check.kind].reads_spec(check.params)

        return any(uses_spec(r.check) for r in self.rules)

    def __len__(self) -> int:
        return len(self.rules)


PASS, FAIL, SKIP = "pass", "fail", "skip"


class Outcome(Struct, frozen=True):
    """What one check concluded. For a failure: what was expected, what was found, and where."""

    status: str  # pass | fail | skip
    code: str = "rule-failed"
    expected: str = ""
    found: str = ""
    source: str | None = None  # "openapi" or a page id
    pointer: str | None = None
    operation: str | None = None
    page: str | None = None  # page to link when the failure is on a page
    section: str | None = None  # heading of the section the failure is about
    anchor: str | None = None
    note: str | None = None  # e.g. a rule path normalised against servers[0].url

    @property
    def passed(self) -> bool:
        return self.status == PASS

    @property
    def failed(self) -> bool:
        return self.status == FAIL


def passed(note: str | None = None) -> Outcome:
    return Outcome(PASS, note=note)


def skipped(reason: str) -> Outcome:
    return Outcome(SKIP, found=reason)
