"""Deprecation facts read from prose: docs page sections and the spec's descriptions.

A fact is one sentence that says an identifier is deprecated, legacy, redirected, replaced,
renamed or removed (and maybe that it is still accepted), with the replacement when the
sentence names one. No guessing: the identifier must be code-formatted (`pdf-text`) in the
sentence, or, in a spec description, be exactly the name of the property, parameter or enum
value the description belongs to. Each fact keeps its sentence and where it was read.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from msgspec import Struct
from msgspec.structs import replace

from checker.models import Page
from checker.urls import page_url_for_file, with_anchor

_DEPRECATED = re.compile(
    r"\b(?:deprecated|legacy|no longer (?:supported|recommended|available)|will be removed|"
    r"(?:is|are|was|were|been) removed|phased out|redirected to|replaced by|renamed (?:to|from)|formerly|"
    r"superseded by|in favou?r of|for backwards?[- ]compatibility)\b", re.IGNORECASE)
# each alternative of _DEPRECATED contains one of these (tests/docs/test_facts.py checks it)
_TRIGGERS = ("deprecat", "legacy", "no longer", "removed", "phased", "redirected", "replaced", "renamed",
             "formerly", "superseded", "favo", "backward")
_STILL = re.compile(r"\b(?:still (?:accepted|supported|works?|honou?red)|continues? to (?:work|be accepted)|"
                    r"remains? (?:supported|accepted)|is also accepted|as an alias|backwards?[- ]compatib)",
                    re.IGNORECASE)
_REPLACEMENT = re.compile(r"\b(?:redirected to|replaced by|renamed to|superseded by|alias (?:of|for)|"
                          r"in favou?r of|use|migrate to|switch to)\s+(?:`([^`\n]+)`|([a-z]\w*(?:[._]\w+)+))",
                          re.IGNORECASE)
_LEAD = 20  # characters: a sentence about its owner starts with the keyword
# A run-on "sentence" (a list flattened into one paragraph) deprecates only what sits by its keyword
_LONG, _BEFORE, _AFTER = 200, 60, 80
_NOT_NAMES = {"null", "true", "false", "none"}
_CODE = re.compile(r"`([^`\n]{2,80})`")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*_(\[])|\n\s*[-*|]|\n{2,}")
_INHERIT = ("schema", "items", "anyOf", "oneOf", "allOf")  # still about the same named thing
_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", re.DOTALL | re.MULTILINE)


class Fact(Struct, frozen=True):
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
    new = unquote(replacement.group(1) or replacement.group(2)) if replacement else None
    still = _STILL.search(sentence) is not None
    spans = _CODE.finditer(sentence)
    if len(sentence) > _LONG:
        spans = (m for m in spans if keyword.start() - _BEFORE <= m.start() <= keyword.end() + _AFTER)
    coded = [c for c in (unquote(m.group(1)) for m in spans) if c != new and _looks_like_identifier(c)]
    exact = [n for n in names if n not in coded and n != new and re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", sentence)]
    leads = keyword.start() <= _LEAD  # "Deprecated: ...", not "the legacy guardrail" mid-sentence
    idents = list(dict.fromkeys([*coded, *exact])) or ([owner] if owner and owner != new and leads else [])
    if new is None and owner and owner not in idents:
        new = owner  # "the legacy header `X-Old` is also accepted", said of X-New
    return [(ident, new, still) for ident in idents]


def unquote(text: str) -> str:
    """`"pdf-text"` names the value pdf-text (the docs quote JSON strings inside code spans)."""
    return text[1:-1] if len(text) > 2 and text[0] == text[-1] and text[0] in "\"'" else text


def _looks_like_identifier(text: str) -> bool:
    return text.lower() not in _NOT_NAMES and re.fullmatch(r"[A-Za-z_][\w.:/-]*", text) is not None


def page_facts(page_id: str, page: Page) -> list[Fact]:
    url = page_url_for_file(page_id)
    out: list[Fact] = []
    for section in page.sections:
        if not has_trigger(section.text):
            continue  # most sections: no sentence to split
        before: list[Fact] = []
        for sentence in sentences(section.text):
            if before and _STILL.search(sentence):  # "Existing requests using `x` will continue to work."
                named = set(map(unquote, _CODE.findall(sentence)))
                out = [replace(f, still_accepted=True) if f in before and f.identifier in named else f for f in out]
            before = [Fact(ident, sentence, new, still, page_id, section.anchor, with_anchor(url, section.anchor))
                      for ident, new, still in facts_in_sentence(sentence)]
            out += before
    return out


def spec_facts(spec: Any) -> list[Fact]:
    """Facts from the spec's descriptions and x-* notes; `deprecated: true` alone is comply's already."""
    out: list[Fact] = []
    for path, names, text in _spec_texts(spec):
        pointer = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
        owner = names[0] if names and not _is_enum_value(names[0], pointer) else None
        for sentence in sentences(text):
            out += [Fact(ident, sentence, new, still, "openapi", pointer, "https://openrouter.ai/openapi.json")
                    for ident, new, still in facts_in_sentence(sentence, names, owner)]
    return out


def _spec_texts(spec: Any) -> list[tuple[list[Any], tuple[str, ...], str]]:
    """(path, own names, text) of each description / x-* note that has a deprecation keyword.

    The walk only finds the texts (a substring test for the trigger words before the slow,
    case-folding keyword pattern); paths and names are worked out for those few from parent
    links. A generator, a path list and a names tuple per node were most of the cost.
    """
    hits: list[tuple[dict[str, Any], Any, str, str]] = []
    if isinstance(spec, (dict, list)):
        _find_texts(spec, None, 0, hits)
    out = []
    for node, link, key, text in hits:
        steps = _steps(link)
        out.append(([*(k for _, k in steps), key], _own_names(node, _names(steps)), text))
    return out


def _find_texts(node: Any, link: Any, depth: int, hits: list[tuple[dict[str, Any], Any, str, str]]) -> None:
    if depth > 64:
        return
    if type(node) is list:
        for index, value in enumerate(node):
            if type(value) is dict or type(value) is list:
                _find_texts(value, (link, index, node), depth + 1, hits)
        return
    for key, value in node.items():
        kind = type(value)
        if kind is str:
            if (key == "description" or str(key).startswith("x-")) and has_trigger(value) and _DEPRECATED.search(value):
                hits.append((node, link, key, value))
        elif kind is dict or kind is list:
            _find_texts(value, (link, key, node), depth + 1, hits)


def _steps(link: Any) -> list[tuple[Any, Any]]:
    """(parent node, key) from the root down to the node the link leads to."""
    out = []
    while link is not None:
        link, key, parent = link
        out.append((parent, key))
    return out[::-1]


def _names(steps: list[tuple[Any, Any]]) -> tuple[str, ...]:
    """The names a node inherits: a property's own name, or its schema holder's names through
    schema/items/anyOf/oneOf/allOf; list items inherit the list's."""
    names: tuple[str, ...] = ()
    before = None
    for parent, key in steps:
        if isinstance(parent, dict):
            if before == "properties":
                names = (str(key),)
            elif key in _INHERIT:
                names = _own_names(parent, names)
            else:
                names = ()
        before = key
    return names


def has_trigger(text: str) -> bool:
    """True when the text holds a word every deprecation keyword contains (a cheap first test)."""
    lowered = text.lower()
    return any(word in lowered for word in _TRIGGERS)


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
