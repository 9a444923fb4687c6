"""A docs page as a source: sections as markdown-ish text, section diff, page rules."""
from __future__ import annotations

import hashlib
import json
from typing import Any

from checker.models import Fetched, Finding, Kind, Location, Page, Severity, Source
from checker.sources.kind import DiffContext, RuleInputs, SourceKind, Unreadable, register, safe_path


def page_file(source_id: str) -> str:
    """A page's snapshot file; page ids may contain '/'."""
    return f"pages/{safe_path(source_id)}.md"


class PageKind(SourceKind):
    name = "page"
    gone_code = "page-gone"
    extension = "md"

    def store_file(self, source: Source) -> str:
        return page_file(source.id)

    def parse(self, source: Source, fetched: Fetched) -> Any:
        from checker.normalise import NotDocs, normalise_page

        try:
            return normalise_page(fetched.body or b"", fetched.content_type, source.selector, fetched.final_url)
        except NotDocs as exc:
            raise Unreadable(exc.code, f"not a docs page ({exc.reason}); the snapshot was kept") from exc

    def dump(self, content: Any, url: str) -> str:
        from checker.store.pagetext import page_to_text

        return page_to_text(content, url)

    def load(self, text: str) -> Any:
        from checker.store.pagetext import text_to_page

        return text_to_page(text)

    def sha256(self, content: Page) -> str:
        # Hash of what the page says, not of its file (which also records the URL).
        data = [content.title, [[s.heading, s.anchor, s.level, s.text] for s in content.sections]]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()

    def diff(self, source: Source, old: Any, new: Any, url: str, ctx: DiffContext) -> list[Finding]:
        from checker.diff.pages import diff_pages

        return diff_pages(source.id, old, new, url)

    def moved(self, source: Source, fetched: Fetched, recorded: str | None = None) -> list[Finding]:
        """The move once, when the final URL first differs from the snapshot's; after the
        snapshot recorded it, only a hint while target.yaml still names the old URL."""
        if fetched.moved_from(recorded):
            code, severity = "page-moved", Severity.WARNING
            message = f"{source.id} moved: {source.url} now redirects to {fetched.final_url}"
        else:
            code, severity = "page-url-outdated", Severity.INFO
            message = (f"{source.id}: target.yaml still names {source.url}, which redirects to "
                       f"{fetched.final_url}; update its url")
        return [Finding(kind=Kind.PAGE, code=code, severity=severity, message=message,
                        official_url=fetched.final_url, location=Location(source=source.id),
                        before=source.url, after=fetched.final_url)]

    def add_rule_inputs(self, inputs: RuleInputs, source: Source, content: Any, url: str) -> None:
        inputs.pages[source.id] = content
        inputs.page_urls[source.id] = url


register(PageKind())
