"""The rule kinds: name -> parameters (JSON Schema) and the function that checks them.

Adding a kind: write `check_x(params, ctx) -> Outcome` in page_kinds.py or spec_kinds.py and
register it here with its schema, naming the function as "module.function": the modules (and the
spec model they walk) are imported when a check runs, so loading rules to learn which pages they
read, or a run whose findings are remembered (checker.rules.memo), does not pay for them.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Mapping

from msgspec import Struct

from checker.rules.model import FAIL, PASS, SKIP, Check, Outcome

if TYPE_CHECKING:
    from checker.rules.context import Context

_STR = {"type": "string", "minLength": 1}
_OPERATION = {"type": "string", "pattern": r"^(?i:get|put|post|delete|options|head|patch|trace) /\S*$"}
_PATH = {"type": "string", "pattern": r"^[^.\s]+(\.[^.\s]+)*$"}
_TYPE = {"enum": ["string", "number", "integer", "boolean", "array", "object", "null"]}
_SCALAR = {"type": ["string", "number", "integer", "boolean", "null"]}


class KindSpec(Struct, frozen=True):
    """A rule kind: its parameters (JSON Schema), the function that checks them, what it reads."""

    name: str
    summary: str
    params: dict  # JSON Schema of the check's fields other than `kind`
    check: str | None  # "page_kinds.check_phrase" (in checker.rules); None for combinators
    uses: str  # "spec" | "page" | "both" | "nested"
    exactly_one: tuple[tuple[str, ...], ...] = ()  # groups of fields of which exactly one is given

    def reads_page(self, params: Mapping[str, Any]) -> bool:
        return self.uses == "page" or (self.uses == "both" and params.get("where", "any") != "spec")

    def reads_spec(self, params: Mapping[str, Any]) -> bool:
        return self.uses == "spec" or (self.uses == "both" and params.get("where", "any") != "page")


def obj(properties: dict, required: list[str]) -> dict:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


_WHERE = ("schema", "operation")
_START = {"schema": _STR, "operation": _OPERATION, "media": _STR}

KINDS: dict[str, KindSpec] = {k.name: k for k in (
    KindSpec("spec-operation", "the spec has an operation (METHOD /path, relative to servers[0].url)",
             obj({"operation": _OPERATION}, ["operation"]), "spec_kinds.check_operation", "spec"),
    KindSpec("spec-property",
             "a schema (or an operation's request body) has a property at a dotted path, optionally of a type",
             obj({**_START, "path": _PATH, "type": _TYPE}, ["path"]), "spec_kinds.check_property", "spec", (_WHERE,)),
    KindSpec("enum-value", "an enum (schema, optionally at a path) allows the given values",
             obj({**_START, "path": _PATH, "value": _SCALAR, "values": {"type": "array", "items": _SCALAR,
                                                                        "minItems": 1}},
                 []), "spec_kinds.check_enum", "spec", (_WHERE, ("value", "values"))),
    KindSpec("response-field", "an operation's response body has a field at a dotted path, optionally of a type",
             obj({"operation": _OPERATION, "path": _PATH, "media": _STR,
                  "status": {"type": ["string", "integer"]}, "type": _TYPE}, ["operation", "path"]),
             "spec_kinds.check_response_field", "spec"),
    KindSpec("header-documented", "a request header is documented on a page or in the spec",
             obj({"header": _STR, "where": {"enum": ["page", "spec", "any"]}, "page": _STR, "section": _STR},
                 ["header"]), "page_kinds.check_header", "both"),
    KindSpec("page-phrase", "a page (optionally one section) mentions a phrase",
             obj({"phrase": _STR, "phrases": {"type": "array", "items": _STR, "minItems": 1},
                  "page": _STR, "section": _STR}, []), "page_kinds.check_phrase", "page",
             (("phrase", "phrases"),)),
    KindSpec("page-section", "a page has a section (heading text or anchor)",
             obj({"section": _STR, "page": _STR}, ["section"]), "page_kinds.check_section", "page"),
    KindSpec("all-of", "every nested check holds", obj({"checks": {"type": "array", "minItems": 1}}, ["checks"]),
             None, "nested"),
    KindSpec("any-of", "at least one nested check holds",
             obj({"checks": {"type": "array", "minItems": 1}}, ["checks"]), None, "nested"),
)}


def run(check: Check, ctx: Context) -> Outcome:
    if check.kind == "all-of":
        return all_of([run(c, ctx) for c in check.children])
    if check.kind == "any-of":
        return any_of([run(c, ctx) for c in check.children])
    module, function = str(KINDS[check.kind].check).split(".")
    return getattr(importlib.import_module(f"checker.rules.{module}"), function)(check.params, ctx)


def all_of(outcomes: list[Outcome]) -> Outcome:
    failures = [o for o in outcomes if o.status == FAIL]
    if failures:
        if len(failures) == 1:
            return failures[0]
        first = failures[0]
        return Outcome(FAIL, first.code, "; ".join(f.expected for f in failures),
                       "; ".join(f.found for f in failures), first.source, first.pointer, first.operation,
                       first.page, first.section, first.anchor)
    skips = [o for o in outcomes if o.status == SKIP]
    if skips:
        return skips[0]
    notes = [o.note for o in outcomes if o.note]
    return Outcome(PASS, note="; ".join(notes) or None)


def any_of(outcomes: list[Outcome]) -> Outcome:
    passing = [o for o in outcomes if o.status == PASS]
    if passing:
        return passing[0]
    skips = [o for o in outcomes if o.status == SKIP]
    if skips:
        return skips[0]
    first = outcomes[0]
    return Outcome(FAIL, first.code if len(outcomes) == 1 else "rule-failed",
                   " or ".join(o.expected for o in outcomes), "; ".join(o.found for o in outcomes),
                   first.source, first.pointer, first.operation, first.page, first.section, first.anchor)
