"""Snapshot file format of a page: markdown-ish text that reads and diffs well in git.

    # <title>
    <!-- url: https://openrouter.ai/docs/x -->
    <!-- preamble -->
    text before the first heading
    (blank line)
    ## <heading> {#anchor}
    section text, one line per block
    (blank line)

A section is its header line, its text lines, then one blank separator line, so
`text_to_page(page_to_text(page, url)) == page` exactly. Text lines that could be read
as structure (starting with '#', '<!--' or a backslash) get a leading backslash.
Headers that cannot be written plainly (level < 1, line breaks in the heading, odd
anchors) fall back to a JSON marker `<!-- section {...} -->`.
"""
from __future__ import annotations

import json

from checker.errors import InputError
from checker.models import Page, Section

_PREAMBLE = "<!-- preamble -->"
_SECTION = "<!-- section "
_TITLE = "<!-- title "
_URL = "<!-- url: "
_END = " -->"
_ESCAPE_STARTS = ("#", "<!--", "\\")
_BREAKS = ("\n", "\r")


def page_to_text(page: Page, url: str) -> str:
    lines = [_title_line(page.title), f"{_URL}{_one_line(url)}{_END}"]
    for section in page.sections:
        lines.append(_header_line(section))
        lines.extend("\\" + line if line.startswith(_ESCAPE_STARTS) else line for line in section.text.split("\n"))
        lines.append("")
    if not page.sections:
        lines.append("")
    return "\n".join(lines)


def text_to_page(text: str) -> Page:
    """Parse a page file; raises InputError naming the line when it is not in this format."""
    lines = text.split("\n")
    if not lines or not lines[0]:
        raise InputError("page snapshot is empty or has no title line", "re-record it with `checker snapshot`")
    title = _parse_title(lines[0])
    sections: list[Section] = []
    header: tuple[str, str, int] | None = None
    body: list[str] = []
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith(_URL) and header is None and number == 2:
            continue
        parsed = _parse_header(line, number)
        if parsed is not None:
            if header is not None:
                sections.append(_section(header, body, number))
            header, body = parsed, []
        elif header is None:
            if line:
                raise InputError(f"page snapshot line {number}: text before the first section header")
        else:
            body.append(line[1:] if line.startswith("\\") else line)
    if header is not None:
        sections.append(_section(header, body, len(lines)))
    return Page(title=title, sections=tuple(sections))


def url_of(text: str) -> str | None:
    """The URL recorded in a page file (second line), if any."""
    lines = text.split("\n", 2)
    if len(lines) > 1 and lines[1].startswith(_URL) and lines[1].endswith(_END):
        return lines[1][len(_URL) : -len(_END)]
    return None


def _title_line(title: str) -> str:
    if any(ch in title for ch in _BREAKS):
        return f"{_TITLE}{json.dumps(title)}{_END}"
    return f"# {title}"


def _parse_title(line: str) -> str:
    if line.startswith("# ") or line == "#":
        return line[2:]
    if line.startswith(_TITLE) and line.endswith(_END):
        return _json(line[len(_TITLE) : -len(_END)], 1)
    raise InputError("page snapshot line 1: expected '# <title>'", "re-record it with `checker snapshot`")


def _header_line(section: Section) -> str:
    if section.level == 0 and section.heading == "" and section.anchor == "":
        return _PREAMBLE
    plain = (
        section.level >= 1
        and not any(ch in section.heading or ch in section.anchor for ch in _BREAKS)
        and " {#" not in section.anchor
        and "}" not in section.anchor
    )
    if plain:
        return f"{'#' * section.level} {section.heading} {{#{section.anchor}}}"
    data = {"level": section.level, "heading": section.heading, "anchor": section.anchor}
    return f"{_SECTION}{json.dumps(data)}{_END}"


def _parse_header(line: str, number: int) -> tuple[str, str, int] | None:
    if line == _PREAMBLE:
        return "", "", 0
    if line.startswith(_SECTION) and line.endswith(_END):
        data = _json(line[len(_SECTION) : -len(_END)], number)
        try:
            return str(data["heading"]), str(data["anchor"]), int(data["level"])
        except (KeyError, TypeError, ValueError):
            raise InputError(f"page snapshot line {number}: malformed section marker") from None
    if not line.startswith("#"):
        return None
    level = len(line) - len(line.lstrip("#"))
    rest = line[level:]
    cut = rest.rfind(" {#")
    if not rest.startswith(" ") or cut < 0 or not rest.endswith("}"):
        raise InputError(f"page snapshot line {number}: expected '## <heading> {{#anchor}}'")
    return rest[1:cut], rest[cut + 3 : -1], level


def _section(header: tuple[str, str, int], body: list[str], number: int) -> Section:
    if not body or body[-1] != "":
        raise InputError(f"page snapshot line {number}: missing blank line after a section")
    heading, anchor, level = header
    return Section(heading=heading, anchor=anchor, level=level, text="\n".join(body[:-1]))


def _json(raw: str, number: int):  # noqa: ANN202 - a str or dict from our own marker
    try:
        return json.loads(raw)
    except ValueError:
        raise InputError(f"page snapshot line {number}: malformed marker") from None


def _one_line(url: str) -> str:
    return url.replace("\n", "%0A").replace("\r", "%0D")
