"""The docs' examples validated like client payloads: a verdict each, `docs-example-invalid` findings."""
from __future__ import annotations

from typing import Iterable

from msgspec import Struct

from checker.comply.request import ClientRequest
from checker.comply.validator import Validator
from checker.docs.examples import Example
from checker.models import Finding, Kind, Location, Severity
from checker.urls import page_url_for_file, with_anchor

REJECTING = ("request-body-invalid", "request-body-missing", "operation-unknown", "request-url-invalid")


class Verdict(Struct, frozen=True):
    example: Example
    findings: tuple[Finding, ...]  # what comply says about the example, as a client payload

    @property
    def rejected(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.code in REJECTING)

    @property
    def unspecced(self) -> tuple[str, ...]:
        """Top-level fields the example sends and the spec does not declare."""
        return tuple(f.after for f in self.findings if f.code == "request-unknown-field")

    @property
    def label(self) -> str:
        return "invalid" if self.rejected else "unspecced" if self.unspecced else "valid"


def judge(examples: Iterable[Example], validator: Validator) -> list[Verdict]:
    out = []
    for example in examples:
        request = ClientRequest.build(example.method, example.url, None, example.body,
                                      source=example.where, body_only=True)
        out.append(Verdict(example, tuple(validator.validate(request))))
    return out


def findings(verdicts: Iterable[Verdict]) -> list[Finding]:
    """One `docs-example-invalid` (info) per rejected example; relevance makes it a warning when the
    integration sends the field (checker.docs.used)."""
    out = []
    for verdict in verdicts:
        example = verdict.example
        for problem in verdict.rejected:
            pointer = problem.location.pointer or ""
            schema = problem.before.get("schema") if isinstance(problem.before, dict) else None
            heading = example.section.heading or "the top of the page"
            message = (f"the {example.style} example in '{heading}' is rejected by the spec "
                       f"({problem.location.operation}): {problem.message}")
            out.append(Finding(
                kind=Kind.PAGE, code="docs-example-invalid", severity=Severity.INFO, message=message,
                official_url=with_anchor(page_url_for_file(example.page), example.section.anchor),
                location=Location(source=example.page, pointer=schema or pointer,
                                  operation=problem.location.operation, section=example.section.heading),
                before=problem.before, after={"example_pointer": pointer, "found": problem.after}))
    return out
