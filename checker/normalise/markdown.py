"""Markdown / MDX docs source -> Page (the live site also serves `/docs/X.md`).

Front matter gives the title; ATX headings outside fenced code split sections; code
blocks are kept verbatim; MDX import/export lines and JSX component tags are
dropped while the text between the tags stays (and a tag's title/label, which the site shows).
"""
from __future__ import annotations

import re

from checker.models import Page, Section
from checker.urls import slugify

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_CUSTOM_ID = re.compile(r"[ \t]*\{#([^}\s]+)\}$")
_IMPORT_EXPORT = re.compile(r"^(?:import|export)\s")
_JSX_TAG = r"</?[A-Z][\w.]*(?:\s+[^<>]*?)?/?>"
_LEADING_TAGS = re.compile(r"^\s*(?:" + _JSX_TAG + r"\s*)+")
_TRAILING_TAGS = re.compile(r"(?:\s*" + _JSX_TAG + r")+\s*$")
_LABEL_ATTR = re.compile(r"""\b(?:title|label)=(?:"([^"]*)"|'([^']*)'|\{["']([^"']*)["']\})""")
_PARAM_FIELD = re.compile(r"<ParamField\b([^<>]*)>")  # Mintlify shows the name and type: kept as "`name` (type)"
_PARAM_ATTR = re.compile(r"""\b(path|body|query|header|name|type)=(?:"([^"]*)"|'([^']*)')""")
_JSX_OPEN_UNCLOSED = re.compile(r"^<[A-Z][\w.]*(?:\s[^<>]*)?$")
_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_INLINE_MARKS = re.compile(r"(\*\*|__|\*|`)")


def markdown_to_page(text: str) -> Page:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title, body = _split_front_matter(text)
    builder = _Sections()
    fence: str | None = None
    skipping_until: re.Pattern[str] | None = None
    in_jsx_tag = False
    for line in body.split("\n"):
        if fence is not None:
            builder.add(line.rstrip())
            if _closes(line, fence):
                fence = None
            continue
        if skipping_until is not None:
            if in_jsx_tag:
                builder.add_labels(line)
            if skipping_until.search(line):
                skipping_until = None
            continue
        opened = _FENCE.match(line)
        if opened:
            fence = opened.group(1)
            builder.add(line.rstrip())
            continue
        heading = _HEADING.match(line)
        if heading:
            builder.start(len(heading.group(1)), heading.group(2) or "")
            continue
        skipping_until = _skip_start(line)
        in_jsx_tag = skipping_until is not None and not _IMPORT_EXPORT.match(line)
        if skipping_until is None:
            builder.add_prose(line)
        elif in_jsx_tag:
            builder.add_labels(line)
    sections = builder.finish()
    if not title:
        title = next((s.heading for s in sections if s.level == 1), "")
    return Page(title=title, sections=sections)


def _split_front_matter(text: str) -> tuple[str, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return "", text.lstrip("\ufeff")
    return _front_matter_title(match.group(1) or ""), text[match.end():]


def _front_matter_title(block: str) -> str:
    try:
        from checker.safeyaml import load_yaml

        data = load_yaml(block, "front matter", aliases=False)
    except Exception:  # malformed front matter: fall back to a plain `title:` line
        found = re.search(r"^title:\s*['\"]?(.*?)['\"]?\s*$", block, re.MULTILINE)
        return found.group(1) if found else ""
    title = data.get("title") if isinstance(data, dict) else None
    return " ".join(str(title).split()) if title is not None else ""


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence) and set(stripped) == {fence[0]}


def _skip_start(line: str) -> re.Pattern[str] | None:
    """Lines to drop: MDX import/export statements, multi-line JSX opening tags."""
    if _IMPORT_EXPORT.match(line):
        if line.rstrip().endswith(("{", ",", "(")) and " from " not in line:
            return re.compile(r"""(?:\bfrom\s+['"]|^[}\])];?\s*$)""")  # multi-line statement
        return None
    if _JSX_OPEN_UNCLOSED.match(line.strip()) and not line.rstrip().endswith(">"):
        return re.compile(r">\s*$")
    return None


class _Sections:
    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.heading, self.anchor, self.level = "", "", 0
        self.lines: list[str] = []
        self.anchors: set[str] = set()

    def add(self, line: str) -> None:
        self.lines.append(line)

    def add_prose(self, line: str) -> None:
        if _IMPORT_EXPORT.match(line):
            return
        if "<" in line:
            leading = _LEADING_TAGS.match(line)
            if leading:
                self.add_labels(leading.group())
            line = _TRAILING_TAGS.sub("", _LEADING_TAGS.sub("", line))
        line = line.strip()  # prose indentation (inside JSX blocks, nested lists) is layout
        if line:
            self.lines.append(line)

    def add_labels(self, tag_text: str) -> None:
        """Component titles the site shows (<Update label=...>, <Accordion title=...>); a ParamField's name."""
        for match in _LABEL_ATTR.finditer(tag_text):
            label = next(g for g in match.groups() if g is not None).strip()
            if label:
                self.lines.append(label)
        for tag in _PARAM_FIELD.finditer(tag_text):
            attrs = {m.group(1): (m.group(2) or m.group(3) or "").strip() for m in _PARAM_ATTR.finditer(tag.group(1))}
            name = next((attrs[k] for k in ("path", "body", "query", "header", "name") if attrs.get(k)), None)
            if name:
                self.lines.append(f"`{name}` ({attrs['type']})" if attrs.get("type") else f"`{name}`")

    def start(self, level: int, raw: str) -> None:
        self.close()
        custom = _CUSTOM_ID.search(raw)
        if custom:
            raw = raw[: custom.start()]
        heading = _plain(raw)
        anchor = custom.group(1) if custom else slugify(heading)
        candidate, n = anchor, 0
        while candidate in self.anchors:
            n += 1
            candidate = f"{anchor}-{n}"
        self.anchors.add(candidate)
        self.heading, self.anchor, self.level = heading, candidate, level

    def close(self) -> None:
        while self.lines and not self.lines[-1].strip():
            self.lines.pop()
        if self.level or self.lines:
            self.sections.append(Section(self.heading, self.anchor, self.level, "\n".join(self.lines)))
        self.lines = []

    def finish(self) -> tuple[Section, ...]:
        self.close()
        return tuple(self.sections)


def _plain(heading: str) -> str:
    """Heading text as the site renders it: links, emphasis and code marks dropped."""
    heading = _INLINE_LINK.sub(r"\1", heading)
    heading = re.sub(_JSX_TAG, "", heading)
    return " ".join(_INLINE_MARKS.sub("", heading).split())
