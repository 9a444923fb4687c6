"""Per-section diff of two normalised pages."""
from __future__ import annotations

import difflib
import re
from collections import Counter

from checker.models import Finding, Kind, Location, Page, Section, Severity
from checker.urls import with_anchor

EXCERPT_CHARS = 240

# A docs snapshot mismatch is drift the integration has not accepted yet: it fails the run
# (like a snapshot test) until `--update-snapshots` records it. Added text is milder.
SEVERITY = {
    "page-section-changed": Severity.ERROR,
    "page-section-removed": Severity.ERROR,
    "page-section-renamed": Severity.WARNING,
    "page-section-added": Severity.WARNING,
}


WORD = re.compile(r"\w+")
EMPHASIS = re.compile(r"(?<!\w)_+|_+(?!\w)")  # _italic_ / __bold__ markup, not snake_case


def words(text: str) -> list[str]:
    """The words of a text: punctuation, whitespace, quote style, markup and case do not count."""
    return WORD.findall(EMPHASIS.sub(" ", text.casefold()))


def _keyed(page: Page) -> dict[tuple[str, int], Section]:
    """Sections by (anchor, occurrence): repeated headings such as 'Example' stay distinct."""
    seen: Counter[str] = Counter()
    keyed: dict[tuple[str, int], Section] = {}
    for section in page.sections:
        key = section.anchor or section.heading
        keyed[(key, seen[key])] = section
        seen[key] += 1
    return keyed


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def change_excerpt(before: str, after: str) -> tuple[str, str, int]:
    """Short before/after excerpts around the first differing lines, and the changed line count."""
    old, new = before.splitlines(), after.splitlines()
    opcodes = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not opcodes:
        return _clip(before), _clip(after), 0
    _, i1, i2, j1, j2 = opcodes[0]
    changed = sum(max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in opcodes)
    return _clip("\n".join(old[i1:i2])), _clip("\n".join(new[j1:j2])), changed


def _finding(code: str, source_id: str, url: str, section: Section, message: str,
             before: str | None, after: str | None) -> Finding:
    return Finding(
        kind=Kind.PAGE,
        code=code,
        severity=SEVERITY[code],
        message=message,
        official_url=with_anchor(url, section.anchor or None),
        location=Location(source=source_id, section=section.heading or "(top of page)"),
        before=before,
        after=after,
    )


def diff_pages(source_id: str, old: Page, new: Page, url: str) -> list[Finding]:
    """Findings for sections added, removed, renamed or changed; `url` is the page's current official URL."""
    before, after = _keyed(old), _keyed(new)
    removed = [before[k] for k in before if k not in after]
    added = [after[k] for k in after if k not in before]
    findings: list[Finding] = []

    renamed_old: set[int] = set()
    for new_section in list(added):
        match = next((s for s in removed if id(s) not in renamed_old and s.text.strip()
                      and words(s.text) == words(new_section.text)), None)
        if match is not None:
            renamed_old.add(id(match))
            added.remove(new_section)
            if words(match.heading) == words(new_section.heading):
                continue  # only the heading's punctuation or markup changed
            findings.append(_finding(
                "page-section-renamed", source_id, url, new_section,
                f'Section "{match.heading}" was renamed to "{new_section.heading}"',
                match.heading, new_section.heading))
    for section in removed:
        if id(section) not in renamed_old:
            findings.append(_finding(
                "page-section-removed", source_id, url, section,
                f'Section "{section.heading or "(top of page)"}" was removed', _clip(section.text), None))
    for section in added:
        findings.append(_finding(
            "page-section-added", source_id, url, section,
            f'Section "{section.heading or "(top of page)"}" was added', None, _clip(section.text)))
    for key, old_section in before.items():
        new_section = after.get(key)
        if new_section is None or words(new_section.text) == words(old_section.text):
            continue  # edits that change no words are not drift
        ex_before, ex_after, lines = change_excerpt(old_section.text, new_section.text)
        findings.append(_finding(
            "page-section-changed", source_id, url, new_section,
            f'Section "{new_section.heading or "(top of page)"}" changed ({lines} line(s))',
            ex_before, ex_after))
    return findings
