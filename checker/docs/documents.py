"""What a docs page documents: request fields, headers and the values of a field.

A name counts only when the page formats it as a name, in one of these forms:
- `Key: `name`` lines (the parameters page; top-level request fields), with the section's
  "**enum** (a, b, c)" line as the field's values;
- markdown or HTML tables whose first column is headed Field/Parameter/Name/Property/Key/Header
  and holds a code-formatted name (`provider.sort`); a Type column of quoted alternatives
  ("allow" | "deny") or a description opening with a run of code values lists the values;
- `ParamField`-style lists: a bullet that opens with a code-formatted name and a type in
  parentheses ("- `name` (string)"; the markdown normaliser writes `<ParamField path="name"
  type="string">` in that form);
- in a section whose heading (or the heading above it) says parameters, headers, fields or
  options: bullets that open with a code-formatted name ("- `HTTP-Referer`: ...");
- elsewhere, a line that opens with a code-formatted field and lists its values
  ("`reasoning.effort`: `high`/`medium`/`low`");
- anywhere: a code-formatted `X-...` or `HTTP-Referer` header name.
Names mentioned in prose without code formatting are not documented; nor are table rows
of value tables (a first column headed "Type", "Slug" ...).
"""
from __future__ import annotations

import re
from typing import Iterator

from msgspec import Struct

from checker.docs.examples import prose
from checker.docs.facts import unquote
from checker.models import Page, Section

FIELD, HEADER = "field", "header"
KEY_LINE = re.compile(r"^\s*[*-]?\s*Key:\s*`([A-Za-z_][\w.]*)`", re.MULTILINE)
_ENUM_LINE = re.compile(r"\*\*enum\*\*\s*\(([^)\n]+)\)", re.IGNORECASE)
_NAME = r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*"
_HEADER_NAME = re.compile(r"^(?:X-[A-Za-z0-9][\w-]*|HTTP-Referer)$", re.IGNORECASE)
_HEADER_SPAN = re.compile(r"`((?:X-[A-Za-z0-9][\w-]*|HTTP-Referer))`")
_BULLET_TYPED = re.compile(rf"^\s*[*-]?\s*`({_NAME}|X-[\w-]+)`\s*\(([^)\n]{{1,40}})\)", re.MULTILINE)
_BULLET_NAMED = re.compile(
    rf"^\s*[*-]\s+(?:\*\*)?`({_NAME}|X-[\w-]+|HTTP-Referer)`(?:\*\*)?\s*(?::|—|&mdash;|-|\()(.*)$", re.MULTILINE)
_VALUES_LINE = re.compile(rf"^\s*(?:[*-]\s+)?`({_NAME})`\s*(?::|—|&mdash;|\s-)\s*(.*)$", re.MULTILINE)
_TABLE_HEADS = {"field", "fields", "parameter", "parameters", "name", "property", "key", "header", "option"}
_SECTION_WORDS = re.compile(r"\b(?:parameters?|headers?|fields?|options)\b", re.IGNORECASE)
_CELL_NAME = re.compile(rf"^`({_NAME}|X-[\w-]+|HTTP-Referer)`$")
_HTML_HEAD = re.compile(r"<th[^>]*>\s*([^<]+?)\s*</th>", re.IGNORECASE)
_HTML_ROW = re.compile(rf"<tr[^>]*>\s*<td[^>]*>\s*<code>({_NAME}|X-[\w-]+|HTTP-Referer)</code>", re.IGNORECASE)
_QUOTED = re.compile(r'"([^"\n]{1,40})"')
_VALUE_RUN = re.compile(r"^[^`]{0,40}?((?:`[^`\n]{1,40}`(?:\s*(?:,|/|\bor\b|\band\b|\|)\s*)+){1,}`[^`\n]{1,40}`)")
_OPEN_LIST = re.compile(r"\b(?:etc|e\.g|such as|includ\w*|for example|like)\b", re.IGNORECASE)


class Documented(Struct, frozen=True):
    what: str  # field | header
    name: str  # "temperature", "provider.sort", "X-OpenRouter-Title"
    page: str
    section: Section
    form: str  # key | table | list | section | values | header
    values: tuple[str, ...] = ()  # the field's documented values, when the page lists them
    complete: bool = True  # False when the list says "e.g." / "etc." (a sample, not the set)

    @property
    def where(self) -> str:
        return f"{self.page}#{self.section.anchor}" if self.section.anchor else self.page


def documented(page_id: str, page: Page) -> list[Documented]:
    """Every field and header the page documents, first occurrence per (kind, name) and section."""
    out: dict[tuple[str, str, str], Documented] = {}
    above: list[Section] = []  # the headings above this one, outermost first
    for section in page.sections:
        while above and above[-1].level >= section.level:
            above.pop()
        parent = above[-1].heading if above else ""
        above.append(section)
        for what, name, form, values, complete in _in_section(section, parent):
            out.setdefault((what, name.lower() if what == HEADER else name, section.anchor),
                           Documented(what, name, page_id, section, form, values, complete))
    return list(out.values())


def _in_section(section: Section, parent: str) -> Iterator[tuple[str, str, str, tuple[str, ...], bool]]:
    text = prose(section.text)  # a code block documents nothing (its tables and bullets are data)
    enum = _ENUM_LINE.search(text)
    for name in KEY_LINE.findall(text):
        values = tuple(v.strip() for v in enum.group(1).split(",") if v.strip()) if enum else ()
        yield _kind(name), name, "key", values, True
    yield from _tables(text)
    for name, _type in _BULLET_TYPED.findall(text):
        yield _kind(name), name, "list", (), True
    if _SECTION_WORDS.search(section.heading) or _SECTION_WORDS.search(parent):
        for name, rest in _BULLET_NAMED.findall(text):
            yield (_kind(name), name, "section", *_values(rest))
    else:  # elsewhere a line naming a field counts when it lists the field's values
        for name, rest in _VALUES_LINE.findall(text):
            values, complete = _values(rest)
            if len(values) > 1 and _kind(name) == FIELD:
                yield FIELD, name, "values", values, complete
    for name in _HEADER_SPAN.findall(text):
        yield HEADER, name, "header", (), True


def _kind(name: str) -> str:
    return HEADER if _HEADER_NAME.match(name) else FIELD


def _values(text: str) -> tuple[tuple[str, ...], bool]:
    """The run of code-formatted values a description opens with: `auto`, `low`, or `high`."""
    clause = re.split(r"(?<=[^.\s][.;])\s", text.strip(" :—-"), maxsplit=1)[0]
    run = _VALUE_RUN.match(clause.replace("&mdash;", "—").strip(" —:"))
    if not run:
        return (), True
    values = tuple(unquote(v) for v in re.findall(r"`([^`\n]+)`", run.group(1)))
    return values, _OPEN_LIST.search(clause) is None


def _tables(text: str) -> Iterator[tuple[str, str, str, tuple[str, ...], bool]]:
    columns: list[str] | None = None
    for line in text.split("\n"):
        line = line.strip()
        if not line.startswith("|"):
            columns = None
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip("|"))]
        if columns is None:
            columns = [c.strip("*` ").lower() for c in cells]
            continue
        if set(line) <= set("|-: ") or columns[0] not in _TABLE_HEADS:
            continue
        name = _CELL_NAME.match(cells[0])
        if name:
            yield (_kind(name.group(1)), name.group(1), "table", *_row_values(columns, cells))
    heads = _HTML_HEAD.findall(text)
    if heads and heads[0].strip("*` ").lower() in _TABLE_HEADS:
        for name in _HTML_ROW.findall(text):
            yield _kind(name), name, "table", (), True


def _row_values(columns: list[str], cells: list[str]) -> tuple[tuple[str, ...], bool]:
    if "type" in columns and columns.index("type") < len(cells):
        alternatives = [c.strip() for c in cells[columns.index("type")].split("\\|")]
        quoted = [_QUOTED.fullmatch(a) for a in alternatives]
        if len(quoted) > 1 and all(quoted):
            return tuple(q.group(1) for q in quoted if q), True
    if "description" in columns and columns.index("description") < len(cells):
        return _values(cells[columns.index("description")])
    return (), True
