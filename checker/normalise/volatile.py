"""Values that change on every fetch of an unchanged page, scrubbed from text lines.

Attributes (nonces, CSRF tokens, generated class names, build ids in asset URLs) never
reach the text: the HTML walker reads text nodes only and drops scripts and styles.
What is left here is volatile text: timestamps, "last updated" lines, request ids,
uuids / long random hex tokens and cache-busting query parameters.
"""
from __future__ import annotations

import re

# Patterns start with a plain character class (no \b, no lookahead) so the regex engine can
# skip ahead in C; word boundaries are checked in the callbacks. Keeps a 300 KB page fast.
_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}|[ ]?UTC|[ ]?GMT)?"
    r"|\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:[ ]?[AaPp][Mm]|[ ]?UTC|[ ]?GMT|Z)?"
)
_RELATIVE_TIME = re.compile(
    r"\b(?:\d+|an?|a few)[ \t]+(?:second|minute|hour|day|week|month|year)s?[ \t]+ago\b", re.IGNORECASE
)
# uuids, and long hex runs with both digits and letters (hashes, request and build ids)
_TOKEN = re.compile(
    r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{8,})"
)
_HEX_LETTERS = frozenset("abcdefABCDEF")
_DIGITS = frozenset("0123456789")
_CACHE_BUST = re.compile(
    r"([?&])(?:v|ver|_|t|ts|cb|cachebust|cache_bust|cache|build|buildid|nonce|rnd|rand)=[^&#\s\"'<>)\]]*&?",
    re.IGNORECASE,
)
_DANGLING_QUERY = re.compile(r"[?&](?=[#\s\"'<>)\]]|$)")
_WHEN = (
    r"(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
    r"|an?\s|a few\s|just now|yesterday|today)"
)
_VOLATILE_LINE = re.compile(
    r"^(?:(?:last\s+(?:updated|modified|edited|changed)|updated|generated|rendered|built|published)"
    r"(?:\s+(?:on|at))?[:\s]+" + _WHEN + r"|(?:build(?:\s+id)?|request\s+id|ray\s+id|trace\s+id|cf-ray)"
    r"[:#\s]+\S*\d)",
    re.IGNORECASE,
)
_VOLATILE_LINE_MAX = 120

# Page-furniture lines left by widgets that slipped past the structural filters.
WIDGET_LINES = frozenset(
    {
        "copy", "copied", "copied!", "copy page", "copy code", "copy to clipboard", "copy link",
        "edit this page", "edit on github", "edit page", "suggest edits", "raise issue",
        "was this page helpful?", "was this page helpful", "on this page", "ask ai",
        "navigate to header", "skip to main content", "open in chatgpt", "open in claude",
    }
)


def is_volatile_line(line: str) -> bool:
    """A short "Last updated 3 days ago" / "Request ID: ..." line: dropped as a whole."""
    return len(line) <= _VOLATILE_LINE_MAX and _VOLATILE_LINE.match(line) is not None


def scrub(text: str) -> str:
    """Replace volatile values in `text` (one or more lines) by stable placeholders."""
    if "=" in text and ("?" in text or "&" in text):
        text = _DANGLING_QUERY.sub("", _CACHE_BUST.sub(r"\1", text))
    if ":" in text:
        text = _TIME.sub(_time, text)
    if " ago" in text:
        text = _RELATIVE_TIME.sub("<time> ago", text)
    return _TOKEN.sub(_token, text)


def _bounded(match: re.Match[str]) -> bool:
    text, start, end = match.string, match.start(), match.end()
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def _time(match: re.Match[str]) -> str:
    return "<datetime>" if _bounded(match) and "-" in match.group() else ("<time>" if _bounded(match) else match.group())


def _token(match: re.Match[str]) -> str:
    token = match.group()
    if not _bounded(match):
        return token
    if len(token) == 36 and token[8] == "-":
        return "<uuid>"
    if _DIGITS.isdisjoint(token) or _HEX_LETTERS.isdisjoint(token):
        return token
    return "<hex>"
