"""Documented versus specified: request fields a page documents and the spec lacks, and the reverse.

A page documents a top-level request field with a "Key: `name`" line (the parameters page's
form). Compared with the spec's POST /chat/completions request body, both ways, as
`docs-spec-mismatch` findings; comply uses the same list so that a documented-but-unspecced
field is reported as "documented on <page> but not in the spec", not as unknown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from checker.docs.facts import Fact, page_facts
from checker.models import Finding, Kind, Location, Page, Severity
from checker.urls import page_url_for_file, with_anchor

_KEY_LINE = re.compile(r"^\s*[*-]?\s*Key:\s*`([A-Za-z_][\w.]*)`", re.MULTILINE)
_CHAT = ("POST", "/chat/completions")


@dataclass(frozen=True)
class Knowledge:
    """What the pages say, for comply: deprecation facts and documented request fields."""

    facts: tuple[Fact, ...] = ()
    documented: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (page id, anchor)
    mentioned: frozenset[str] = frozenset()  # every code-formatted name on any page

    @classmethod
    def from_pages(cls, pages: dict[str, Page]) -> "Knowledge":
        facts, documented, mentioned = [], {}, set()
        for page_id, page in pages.items():
            facts += page_facts(page_id, page)
            for section in page.sections:
                for name in _KEY_LINE.findall(section.text):
                    documented.setdefault(name, (page_id, section.anchor))
                mentioned.update(re.findall(r"`\"?([A-Za-z_]\w*)\"?`", section.text))
        return cls(tuple(facts), documented, frozenset(mentioned))

    def cite(self, name: str) -> str:
        page_id, anchor = self.documented[name]
        return f"{page_id}#{anchor}" if anchor else page_id

    def url(self, name: str) -> str:
        page_id, anchor = self.documented[name]
        return with_anchor(page_url_for_file(page_id), anchor)


def mismatches(validator: Any, docs: Knowledge) -> list[Finding]:
    """`docs-spec-mismatch` (info) for documented fields the spec lacks and spec fields no page names."""
    from checker.comply.payloads import request_schema_pointer, top_level_properties, unknown_fields

    op = validator.compiled.api.operation(*_CHAT)
    pointer = request_schema_pointer(validator.compiled, op) if op is not None else None
    if pointer is None:
        return []
    unknown = {name for name, _ in unknown_fields(validator.compiled, pointer, dict.fromkeys(docs.documented))}
    out = [_mismatch(f"'{name}' is documented on {docs.cite(name)} but not in the spec's {op.label} body",
                    docs.url(name), docs.documented[name][0], op.label, name, "documented")
           for name in sorted(unknown)]
    for name in sorted(top_level_properties(validator.compiled, pointer)):
        if docs.documented and name not in docs.mentioned:
            out.append(_mismatch(f"the spec's {op.label} body has '{name}', which no docs page mentions",
                                op.page, "openapi", op.label, name, "specified"))
    return out


def _mismatch(message: str, url: str, source: str, operation: str, name: str, side: str) -> Finding:
    return Finding(kind=Kind.PAGE, code="docs-spec-mismatch", severity=Severity.INFO, message=message,
                   official_url=url, location=Location(source=source, pointer=f"/{name}",
                                                       operation=operation),
                   after={"field": name, "only_in": "docs" if side == "documented" else "spec"})
