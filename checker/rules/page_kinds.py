"""Rule kinds that read docs pages: phrase, section, header documented (page or spec)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Mapping

from checker.models import Page, Section
from checker.api import schemas
from checker.rules.context import Context
from checker.rules.model import FAIL, Outcome, passed, skipped
from checker.urls import slugify

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*\)")  # [text](url) in markdown-derived text
_MARKS = re.compile(r"`|\*\*|__")


def normalise(text: str) -> str:
    """Case-insensitive, whitespace-normalised; inline markup (code marks, bold, links) does not count."""
    text = _MARKS.sub("", _LINK.sub(r"\1", text)) if ("`" in text or "[" in text or "*" in text) else text
    return " ".join(text.split()).casefold()  # split() breaks at what re's \s matches (NBSP too), 3x faster


def find_section(page: Page, name: str) -> int | None:
    """Index of the section whose heading or anchor is `name` (first match)."""
    wanted, anchor = normalise(name), name.strip().lstrip("#").lower()
    for i, section in enumerate(page.sections):
        if normalise(section.heading) == wanted or section.anchor.lower() in (anchor, slugify(name)):
            return i
    return None


def section_span(page: Page, index: int) -> list[Section]:
    """The section and its subsections (following sections of a deeper level)."""
    head = page.sections[index]
    span = [head]
    for section in page.sections[index + 1:]:
        if section.level <= head.level and section.heading:
            break
        span.append(section)
    return span


def text_of(sections: list[Section]) -> str:
    return normalise(" ".join(f"{s.heading} {s.text}" for s in sections))


def headings_list(page: Page, limit: int = 10) -> str:
    names = [s.heading for s in page.sections if s.heading]
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "") if names else "none"


def section_missing(page_id: str, page: Page, name: str) -> Outcome:
    return Outcome(FAIL, "page-section-missing", f"a section '{name}' on page {page_id}",
                   f"no such heading or anchor (headings: {headings_list(page)})",
                   page_id, page=page_id, section=name, anchor=slugify(name))


@lru_cache(maxsize=512)
def searchable(page: Page, index: int | None) -> str:
    """Normalised text of the whole page (index None) or of one section with its subsections."""
    if index is None:
        return normalise(page.title) + " " + text_of(list(page.sections))
    return text_of(section_span(page, index))


def scope(page_id: str, page: Page, section: str | None) -> tuple[str | None, Outcome | None, Section | None]:
    """Normalised text to search (whole page or a section with its subsections)."""
    if not section:
        return searchable(page, None), None, None
    index = find_section(page, section)
    if index is None:
        return None, section_missing(page_id, page, section), None
    return searchable(page, index), None, page.sections[index]


def where(page_id: str, section: str | None) -> str:
    return f"page {page_id}" + (f", section '{section}'" if section else "")


def check_phrase(params: Mapping[str, Any], ctx: Context) -> Outcome:
    page_id = ctx.page_id(params)
    page = ctx.page(page_id)
    if page is None:
        return skipped(f"page {page_id} is unavailable")
    text, failure, section = scope(page_id, page, params.get("section"))
    if failure:
        return failure
    phrases = list(params.get("phrases") or [params.get("phrase")])
    missing = [p for p in phrases if normalise(p) not in text]
    if not missing:
        return passed()
    return Outcome(FAIL, "page-phrase-missing", f"{where(page_id, params.get('section'))} to mention "
                   + ", ".join(f"'{p}'" for p in phrases),
                   "no mention of " + ", ".join(f"'{p}'" for p in missing), page_id,
                   page=page_id, section=section.heading if section else None,
                   anchor=section.anchor if section else None)


def check_section(params: Mapping[str, Any], ctx: Context) -> Outcome:
    page_id = ctx.page_id(params)
    page = ctx.page(page_id)
    if page is None:
        return skipped(f"page {page_id} is unavailable")
    if find_section(page, params["section"]) is None:
        return section_missing(page_id, page, params["section"])
    return passed()


def check_header(params: Mapping[str, Any], ctx: Context) -> Outcome:
    header, mode = params["header"], params.get("where", "any")
    if mode in ("spec", "any") and ctx.spec is not None:
        if header.lower() in schemas.spec_headers(ctx.api):
            return passed()
    page_id = ctx.page_id(params)
    page = ctx.page(page_id) if mode in ("page", "any") else None
    if mode in ("page", "any") and page is not None:
        text, failure, section = scope(page_id, page, params.get("section"))
        if failure:
            return failure
        if normalise(header) in text:
            return passed()
    unseen = [name for name, ok in (("spec", mode != "page" and ctx.spec is None),
                                    (f"page {page_id}", mode != "spec" and page is None)) if ok]
    if unseen:
        return skipped(f"{' and '.join(unseen)} unavailable")
    places = {"spec": "the spec's header parameters or security schemes",
              "page": where(page_id, params.get("section")),
              "any": f"the spec or {where(page_id, params.get('section'))}"}[mode]
    return Outcome(FAIL, "header-undocumented", f"header {header} documented in {places}",
                   "no mention of it", page_id if mode != "spec" else "openapi",
                   pointer="/components/securitySchemes" if mode == "spec" else None,
                   page=page_id if mode != "spec" else None, section=params.get("section"))
