"""Normalising: a fetched docs page -> Page (sections), or NotDocs when it is not the docs.

`normalise_page` dispatches on content type (and sniffs when it is missing or generic):
HTML goes to `html.py` (selectolax, for speed), markdown / MDX / plain text to
`markdown.py`. Pages that are not the docs at all (bot challenges, error pages served
with 200, empty or binary bodies) raise NotDocs: the caller reports a fetch problem,
never drift. Spec documents are handled by `spec.py`.
"""
from __future__ import annotations

import re

from checker.models import Page

MIN_TEXT_CHARS = 20  # less main-content text than this is "no content"
SMALL_PAGE_CHARS = 1500  # an error/challenge marker only counts on a page this small

_CHALLENGE_TITLE = re.compile(
    r"^(?:just a moment|checking your browser|attention required|access denied|security check|"
    r"verify you are human|are you a robot|ddos-guard|please wait|one more step|captcha)",
    re.IGNORECASE,
)
_CHALLENGE_MARKERS = (
    "cf-challenge", "cf_chl_", "challenge-platform", "cf-turnstile", "g-recaptcha", "h-captcha",
    "hcaptcha.com", "checking your browser", "just a moment...", "enable javascript and cookies",
    "ddos protection by", "verify you are human", "captcha",
)
_ERROR_TITLE = re.compile(
    r"^\W*(?:40[0-9]|41[0-9]|5\d\d)\b|page not found|not found\b|could not be found|"
    r"internal server error|application error|server error|bad gateway|service unavailable|"
    r"something went wrong|an error occurred|gateway time-?out",
    re.IGNORECASE,
)
_BINARY_MAGIC = (b"\x1f\x8b", b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x00\x00")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


class NotDocs(Exception):
    """The body is not the docs page (challenge, error page, empty, garbage).

    `code` is a finding code (page-challenge, page-error, page-empty, page-garbage);
    `reason` one human sentence.
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


def normalise_page(body: bytes, content_type: str | None, selector: str | None, url: str) -> Page:
    """The page's main content as sections; raises NotDocs (and nothing else) for bad bodies."""
    try:
        return _normalise(body or b"", content_type, selector, url)
    except NotDocs:
        raise
    except Exception as exc:  # a parser choking on hostile input is still "not the docs"
        raise NotDocs("page-garbage", f"the page could not be parsed ({type(exc).__name__}).") from exc


def _normalise(body: bytes, content_type: str | None, selector: str | None, url: str) -> Page:
    if not body.strip():
        raise NotDocs("page-empty", "the server answered with an empty body.")
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime.startswith(("image/", "audio/", "video/", "font/")) or mime in ("application/pdf", "application/zip"):
        raise NotDocs("page-garbage", f"the server answered with {mime} instead of a docs page.")
    text = _decode(body, content_type)
    kind = _kind(mime, text, url)
    if kind == "json":
        raise NotDocs("page-error", f"the server answered with {mime or 'JSON'} instead of a docs page.")
    if kind == "html":
        return _check_html(text, selector)
    from checker.normalise.markdown import markdown_to_page

    page = markdown_to_page(text)
    _check_content(page, text_len=_text_len(page))
    return page


def _decode(body: bytes, content_type: str | None) -> str:
    head = body[:4096]
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        raise NotDocs("page-garbage", "the body is binary data, not a text page.")
    charset = _CHARSET.search(content_type or "")
    encoding = charset.group(1) if charset else "utf-8"
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    head_text = text[:8192]
    bad = head_text.count("\ufffd") + len(_CONTROL.findall(head_text))
    if bad > max(8, len(head_text) // 50) or text.count("\ufffd") > len(text) // 50 + 8:
        raise NotDocs("page-garbage", "the body is not readable text (undecodable or control bytes).")
    return text


def _kind(mime: str, text: str, url: str) -> str:
    start = text[:1024].lstrip("\ufeff \t\r\n").lower()
    looks_html = start.startswith(("<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<title", "<div"))
    if not looks_html and start.startswith(("---", "# ")):
        return "markdown"  # markdown source whatever the label (a mirror serving .mdx as text/html)
    if mime in ("text/html", "application/xhtml+xml") or (looks_html and not mime.startswith("text/markdown")):
        return "html"
    if mime.endswith("json") or (not mime and start.startswith(("{", "["))):
        return "json"
    if mime.startswith(("text/markdown", "text/x-markdown", "text/plain", "text/mdx")):
        return "markdown"
    path = url.split("?")[0].split("#")[0].lower()
    if path.endswith((".md", ".mdx", ".markdown", ".txt")):
        return "markdown"
    return "html" if start.startswith("<") else "markdown"


def _check_html(text: str, selector: str | None) -> Page:
    from checker.normalise.html import html_to_page

    page = html_to_page(text, selector)
    size = _text_len(page)
    headline = page.title or next((s.heading for s in page.sections if s.level == 1), "")
    if _CHALLENGE_TITLE.search(page.title):
        raise NotDocs("page-challenge", f"the server sent a bot-challenge page ({page.title!r}), not the docs.")
    if size < SMALL_PAGE_CHARS:
        lowered = text.lower()
        if any(marker in lowered for marker in _CHALLENGE_MARKERS):
            raise NotDocs("page-challenge", "the server sent a bot-challenge / captcha page, not the docs.")
        for candidate in (headline, *(s.heading for s in page.sections[:2])):
            if candidate and _ERROR_TITLE.search(candidate):
                raise NotDocs("page-error", f"the server sent an error page ({candidate!r}) with a success status.")
    _check_content(page, size)
    return page


def _check_content(page: Page, text_len: int) -> None:
    if text_len < MIN_TEXT_CHARS:
        raise NotDocs("page-empty", "the page has no main content (too little text).")


def _text_len(page: Page) -> int:
    return sum(len(s.text) + len(s.heading) for s in page.sections)
