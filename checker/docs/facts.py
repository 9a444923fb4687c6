"""Deprecation facts read from prose: docs page sections and the spec's descriptions.

A fact is one sentence that says an identifier is deprecated, legacy, redirected, replaced,
renamed or removed (and maybe that it is still accepted), with the replacement when the
sentence names one. No guessing: the identifier must be code-formatted (`pdf-text`) in the
sentence, or, in a spec description, be exactly the name of the property, parameter or enum
value the description belongs to. Each fact keeps its sentence and where it was read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Iterator

from checker.models import Page
from checker.urls import page_url_for_file, with_anchor

_DEPRECATED = re.compile(
    r"\b(?:deprecated|legacy|no longer (?:supported|recommended|available)|will be removed|"
    r"(?:is|are|was|were|been) removed|phased out|redirected to|replaced by|renamed (?:to|from)|formerly|"
    r"superseded by|in favou?r of|for backwards?[- ]compatibility)\b", re.IGNORECASE)
_STILL = re.compile(r"\b(?:still (?:accepted|supported|works?|honou?red)|continues? to (?:work|be accepted)|"
                    r"remains? (?:supported|accepted)|is also accepted|as an alias|backwards?[- ]compatib)",
                    re.IGNORECASE)
_REPLACEMENT = re.compile(r"\b(?:redirected to|replaced by|renamed to|superseded by|alias (?:of|for)|"
                          r"in favou?r of|use|migrate to|switch to)\s+(?:`([^`\n]+)`|([a-z]\w*(?:[._]\w+)+))",
                          re.IGNORECASE)
_LEAD = 20  # characters: a sentence about its owner starts with the keyword
_NOT_NAMES = {"null", "true", "false", "none"}
_CODE = re.compile(r"`([^`\n]{2,80})`")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*_(\[])|\n\s*[-*|]|\n{2,}")
_INHERIT = ("schema", "items", "anyOf", "oneOf", "allOf")  # still about the same named thing
_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Fact:
    identifier: str
    sentence: str
    replacement: str | None
    still_accepted: bool
    source: str  # a page id, or "openapi"
    where: str  # the page's section anchor, or the spec pointer
    url: str  # official URL (page#section, or the spec)

    def cite(self) -> str:
        return f"{self.source}#{self.where}" if self.source != "openapi" else f"the spec at {self.where}"


def sentences(text: str) -> Iterator[str]:
    prose = _FENCED.sub(" ", text)
    for part in _SENTENCE_END.split(prose):
        sentence = " ".join(part.split()).strip(" |")
        if sentence:
            yield sentence


def facts_in_sentence(sentence: str, names: tuple[str, ...] = (),
                      owner: str | None = None) -> list[tuple[str, str | None, bool]]:
    """(identifier, replacement, still accepted) for each identifier the sentence deprecates.

    `names` may match exactly (a spec node's own names); `owner`, the property or parameter a
    spec description belongs to, is the subject of a sentence that names no other identifier.
    """
    keyword = _DEPRECATED.search(sentence)
    if not keyword:
        return []
    replacement = _REPLACEMENT.search(sentence)
    new = _unquote(replacement.group(1) or replacement.group(2)) if replacement else None
    still = _STILL.search(sentence) is not None
    coded = [c for c in map(_unquote, _CODE.findall(sentence)) if c != new and _looks_like_identifier(c)]
    exact = [n for n in names if n not in coded and n != new and re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", sentence)]
    leads = keyword.start() <= _LEAD  # "Deprecated: ...", not "the legacy guardrail" mid-sentence
    idents = list(dict.fromkeys([*coded, *exact])) or ([owner] if owner and owner != new and leads else [])
    if new is None and owner and owner not in idents:
        new = owner  # "the legacy header `X-Old` is also accepted", said of X-New
    return [(ident, new, still) for ident in idents]


def _unquote(text: str) -> str:
    """`"pdf-text"` names the value pdf-text (the docs quote JSON strings inside code spans)."""
    return text[1:-1] if len(text) > 2 and text[0] == text[-1] and text[0] in "\"'" else text


def _looks_like_identifier(text: str) -> bool:
    return text.lower() not in _NOT_NAMES and re.fullmatch(r"[A-Za-z_][\w.:/-]*", text) is not None


def page_facts(page_id: str, page: Page) -> list[Fact]:
    url = page_url_for_file(page_id)
    out: list[Fact] = []
    for section in page.sections:
        before: list[Fact] = []
        for sentence in sentences(section.text):
            if before and _STILL.search(sentence):  # "Existing requests using `x` will continue to work."
                named = set(map(_unquote, _CODE.findall(sentence)))
                out = [replace(f, still_accepted=True) if f in before and f.identifier in named else f for f in out]
            before = [Fact(ident, sentence, new, still, page_id, section.anchor, with_anchor(url, section.anchor))
                      for ident, new, still in facts_in_sentence(sentence)]
            out += before
    return out


def spec_facts(spec: Any) -> list[Fact]:
    """Facts from the spec's descriptions and x-* notes; `deprecated: true` alone is comply's already."""
    out: list[Fact] = []
    for path, names, text in _spec_texts(spec, [], (), 0):
        pointer = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
        owner = names[0] if names and not _is_enum_value(names[0], pointer) else None
        for sentence in sentences(text):
            out += [Fact(ident, sentence, new, still, "openapi", pointer, "https://openrouter.ai/openapi.json")
                    for ident, new, still in facts_in_sentence(sentence, names, owner)]
    return out


def _spec_texts(node: Any, path: list[Any], names: tuple[str, ...],
                depth: int) -> Iterator[tuple[list[Any], tuple[str, ...], str]]:
    """(path, own names, text) of each description / x-* note that has a deprecation keyword."""
    if depth > 64:
        return
    if isinstance(node, dict):
        own: tuple[str, ...] | None = None
        under_properties = bool(path) and path[-1] == "properties"
        for key, value in node.items():
            if isinstance(value, str):
                if (key == "description" or str(key).startswith("x-")) and _DEPRECATED.search(value):
                    own = _own_names(node, names) if own is None else own
                    yield [*path, key], own, value
            elif isinstance(value, (dict, list)):
                if under_properties:
                    child = (str(key),)
                elif key in _INHERIT:
                    child = _own_names(node, names) if own is None else own
                else:
                    child = ()
                path.append(key)
                yield from _spec_texts(value, path, child, depth + 1)
                path.pop()
    elif isinstance(node, list):
        for index, value in enumerate(node):
            path.append(index)
            yield from _spec_texts(value, path, names, depth + 1)
            path.pop()


def _is_enum_value(name: str, pointer: str) -> bool:
    """True when the first own name came from an enum, not from a property or parameter name."""
    parts = pointer.split("/")
    return not (len(parts) > 2 and (parts[-3] == "properties" and parts[-2] == name)) and "parameters" not in pointer


def _own_names(node: dict[str, Any], inherited: tuple[str, ...]) -> tuple[str, ...]:
    """The names a description may mention exactly: the property/parameter/header, its enum values."""
    names = list(inherited)
    if isinstance(node.get("name"), str):
        names.append(node["name"])
    enum = node.get("enum")
    if isinstance(enum, list):
        names += [v for v in enum if isinstance(v, str) and len(v) > 2]
    return tuple(dict.fromkeys(names))
