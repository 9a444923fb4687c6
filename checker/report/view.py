"""What a reader sees first: the findings about the integration, then the rest, by relevance.

Shared by the reporters people read (console, GitHub, Markdown, HTML). The JSON report always
holds everything; these helpers only order and select.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from msgspec import Struct

from checker.codes import DOCS_CLAIMS
from checker.models import Finding, Kind, Report, Severity
from checker.profile.group import component_of
from checker.report import ReportContext

RELEVANCE_RANK = {"used": 0, None: 1, "called": 2, "context": 3}
KIND_RANK = {Kind.RULE: 0, Kind.CLIENT: 0, Kind.SPEC: 1}  # broken assumptions before moved pages and reading


def is_relevant(f: Finding) -> bool:
    """About the integration: what the profile says it uses and is worth reading (warning or
    error; a used field gaining an optional sibling is context), any error (it sets the exit
    code), and, when no profile was applied, the integration's own findings and every warning."""
    if f.severity is Severity.ERROR or (f.relevance == "used" and f.severity is Severity.WARNING):
        return True
    return f.relevance is None and (f.kind in (Kind.RULE, Kind.CLIENT) or f.severity is Severity.WARNING)


def is_brief(f: Finding) -> bool:
    """Said in one line: a moved page or a fetch problem (the message says it all)."""
    return f.kind == Kind.FETCH or f.code in ("page-moved", "page-url-outdated")


def is_claim(f: Finding) -> bool:
    """What the docs say against the spec (or newly deprecate), summed up per code: worth reading,
    not a broken assumption."""
    return f.code in DOCS_CLAIMS


def is_reading(f: Finding) -> bool:
    """A docs section change worth reading (summed up per page), as opposed to a broken assumption."""
    return f.kind == Kind.PAGE and f.code.startswith("page-section-") and f.severity is not Severity.ERROR


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Relevant first, then by severity, then by page and code."""
    return sorted(findings, key=lambda f: (not is_relevant(f), RELEVANCE_RANK.get(f.relevance, 1),
                                           -f.severity.rank, KIND_RANK.get(f.kind, 2) + is_brief(f) + is_reading(f),
                                           f.official_url, f.code, f.fingerprint))


def split(findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(relevant, the rest), each in reading order."""
    items = ordered(findings)
    return [f for f in items if is_relevant(f)], [f for f in items if not is_relevant(f)]


class DriftLine(Struct, frozen=True):
    """One line of the drift summary: an operation or a page, and its findings counted."""

    key: str  # an operation ("POST /chat/completions") or a source id (a page)
    url: str
    counts: dict[str, int]
    worst: Severity

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def drift_key(f: Finding) -> str:
    """The operation of a spec change, the component of a shared one, else the page or source."""
    if f.kind == Kind.SPEC:
        return f.location.operation or component_of(f.location.pointer) or f.location.source
    return f.location.source


def drift_lines(findings: Iterable[Finding]) -> list[DriftLine]:
    """One line per operation (spec) or page/source (everything else), the worst and largest first."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[drift_key(f)].append(f)
    out = []
    for key, items in groups.items():
        counts = {s.value: n for s in Severity if (n := sum(1 for f in items if f.severity is s))}
        out.append(DriftLine(key, items[0].official_url.split("#", 1)[0], counts,
                             max((f.severity for f in items), key=lambda s: s.rank)))
    return sorted(out, key=lambda d: (-d.worst.rank, -d.total, d.key))


def count_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {sev}" for sev, n in counts.items())


def word_diff(before: str, after: str, context: int = 6, limit: int = 60) -> str:
    """The changed words: `[-old-]{+new+}` with a few words of context around each change."""
    import difflib  # a changed page's report only

    old, new = before.split(), after.split()
    parts: list[str] = []
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    if len(opcodes) <= 1 and (not opcodes or opcodes[0][0] == "equal"):
        return " ".join(new)
    for i, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = old[i1:i2]
            head = words[:context] if i > 0 else []
            tail = words[-context:] if i < len(opcodes) - 1 else []
            if len(words) > len(head) + len(tail):
                parts += head + (["…"] if head or tail else []) + tail
            else:
                parts += words
            continue
        removed = "[-" + " ".join(old[i1:i2]) + "-]" if i2 > i1 else ""
        parts.append(removed + ("{+" + " ".join(new[j1:j2]) + "+}" if j2 > j1 else ""))
    if len(parts) > limit:
        parts = parts[:limit] + ["…"]
    return " ".join(parts)


def verdict(report: Report, context: ReportContext) -> str:
    """PASS/FAIL, the exit code and why."""
    floor = Severity(context.fail_on)
    failing = [f for f in report.findings if f.severity.at_least(floor)]
    code = context.exit_code if context.exit_code is not None else (1 if failing else 0)
    if code == 0:
        why = f"nothing at or above {floor.value}" if not failing else "the drift was accepted as the new baseline"
        return f"PASS (exit 0): {why}"
    kinds: dict[str, int] = {}
    for f in failing:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    detail = ", ".join(f"{n} {k}" for k, n in kinds.items())
    return f"FAIL (exit {code}): {len(failing)} finding(s) at or above {floor.value}" + (f" ({detail})" if detail else "")
