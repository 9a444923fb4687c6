"""Documented versus specified: what the pages document (checker.docs.documents) and the spec lacks,
and what the spec has that no page mentions, as `docs-spec-mismatch` findings (info; relevance
makes one a warning when the integration sends the field, header or value).

- A `Key:` field (the parameters page: top-level chat fields) is compared with the
  POST /chat/completions body; comply uses the same list, so a documented-but-unspecced field is
  reported as "documented on <page> but not in the spec", not as unknown.
- A field of a table, typed list or parameters section is compared with every property name of
  the spec (the page does not always say which object it belongs to: only a name the spec has
  nowhere is reported); a header with the spec's header parameters and response headers.
- Values a page lists for a field are compared with the enum of the spec property of that name
  that shares most of them (none shared: not the same field, nothing said); the spec's extra
  values are reported only when the page's list is not a sample ("e.g.", "etc.").
- The reverse (spec has it, no page mentions it in code format) only for the operations the
  pages cover (some page calls it, by an API URL, and a page calling it, or the `Key:` lines for
  chat, documents one of its body fields): its top-level body fields and header parameters.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from msgspec import Struct, field

from checker.api.pointer import escape, resolve
from checker.docs.documents import FIELD, HEADER, Documented, documented
from checker.docs.examples import prose
from checker.docs.facts import Fact, page_facts
from checker.docs.specnames import SpecNames, spec_names
from checker.models import Finding, Kind, Location, Page, Severity
from checker.urls import page_url_for_file, with_anchor

_CHAT = ("POST", "/chat/completions")
_MENTION = re.compile(r"`\"?([A-Za-z_][\w-]*)[\w.-]*\"?`")  # `provider.sort` mentions provider
_API_PATH = re.compile(r"https?://[\w.:-]+/api/v1(/[\w/.{}:-]*\w)")


class Knowledge(Struct, frozen=True):
    """What the pages say, for comply and the docs stage."""

    facts: tuple[Fact, ...] = ()
    documented: dict[str, tuple[str, str]] = field(default_factory=dict)  # Key: field -> (page id, anchor)
    mentioned: frozenset[str] = frozenset()  # every code-formatted name in any page's prose
    documents: tuple[Documented, ...] = ()  # every field and header a page documents
    calls: dict[str, frozenset[str]] = field(default_factory=dict)  # page id -> the API paths its URLs call

    @classmethod
    def from_pages(cls, pages: dict[str, Page]) -> "Knowledge":
        facts, documents, mentioned, calls = [], [], set(), {}
        for page_id, page in pages.items():
            facts += page_facts(page_id, page)
            documents += documented(page_id, page)
            for section in page.sections:
                mentioned.update(_MENTION.findall(prose(section.text)))
            calls[page_id] = frozenset(p for section in page.sections for p in _API_PATH.findall(section.text))
        keys: dict[str, tuple[str, str]] = {}
        for doc in documents:
            if doc.form == "key":
                keys.setdefault(doc.name, (doc.page, doc.section.anchor))
        return cls(tuple(facts), keys, frozenset(mentioned), tuple(documents), calls)

    def cite(self, name: str) -> str:
        page_id, anchor = self.documented[name]
        return f"{page_id}#{anchor}" if anchor else page_id

    def url(self, name: str) -> str:
        page_id, anchor = self.documented[name]
        return with_anchor(page_url_for_file(page_id), anchor)


def mismatches(validator: Any, docs: Knowledge) -> list[Finding]:
    """`docs-spec-mismatch` findings, both ways (see the module docstring)."""
    compiled = validator.compiled
    names: SpecNames = compiled.memo("docs-spec-names", lambda: spec_names(compiled.spec))
    return [*_key_fields(compiled, docs), *_named(docs, names), *_values(docs, names), *_unmentioned(compiled, docs)]


def _key_fields(compiled: Any, docs: Knowledge) -> Iterator[Finding]:
    from checker.comply.payloads import request_schema_pointer, unknown_fields

    op = compiled.api.operation(*_CHAT)
    pointer = request_schema_pointer(compiled, op) if op is not None else None
    if pointer is None:
        return
    keys = [d for d in _first(docs.documents) if d.form == "key"]
    unknown = {name for name, _ in unknown_fields(compiled, pointer, {d.name: 1 for d in keys})}
    for doc in keys:
        if doc.name in unknown:
            yield _docs_only(doc, f"the spec's {op.label} body", op.label, {"field": doc.name, "spec_pointer": pointer})


def _named(docs: Knowledge, names: SpecNames) -> Iterator[Finding]:
    for doc in _first(docs.documents):
        if doc.what == HEADER and doc.name.lower() not in names.headers:
            yield _docs_only(doc, "the spec's header parameters and response headers", None, {"header": doc.name})
        elif doc.what == FIELD and doc.form != "key" and doc.name.rsplit(".", 1)[-1] not in names.properties:
            yield _docs_only(doc, "any schema of the spec", None, {"field": doc.name})


def _values(docs: Knowledge, names: SpecNames) -> Iterator[Finding]:
    for doc in _first([d for d in docs.documents if d.values]):
        candidates = names.enums.get(doc.name.rsplit(".", 1)[-1], [])
        best = max(candidates, key=lambda c: len(set(c[1]) & set(doc.values)), default=None)
        if best is None or not set(best[1]) & set(doc.values):
            continue
        pointer, spec_values = best
        extra = [v for v in doc.values if v not in spec_values]
        missing = [v for v in spec_values if v not in doc.values] if doc.complete else []
        base = {"field": doc.name, "spec_pointer": pointer}
        if extra:
            yield _mismatch(f"{doc.where} documents {_list(extra)} for '{doc.name}'; the spec's enum at {pointer} "
                           "lacks them", doc, f"{pointer}/enum", None, {**base, "values": extra, "only_in": "docs"})
        if missing:
            yield _mismatch(f"the spec's enum for '{doc.name}' at {pointer} has {_list(missing)}, which "
                           f"{doc.where} does not list", doc, f"{pointer}/enum", None,
                           {**base, "values": missing, "only_in": "spec"}, source="openapi")


def _unmentioned(compiled: Any, docs: Knowledge) -> Iterator[Finding]:
    from checker.comply.payloads import request_schema_pointer, top_level_properties

    mentioned = {name.lower() for name in docs.mentioned}  # header names are case-insensitive
    called = set().union(*docs.calls.values()) if docs.calls else set()
    for (path, method), op in sorted(compiled.api.operations.items()):
        pointer = request_schema_pointer(compiled, op) if path in called else None
        fields = top_level_properties(compiled, pointer) if pointer else {}
        if not any(_covers(doc, docs, path, (method.upper(), path) == _CHAT, fields) for doc in docs.documents):
            continue  # no page documents this operation's fields (or the pages are HTML, read as text)
        schema, at = compiled.api.follow(resolve(compiled.spec, pointer), pointer)
        own = schema.get("properties") if isinstance(schema, dict) else None
        for name in sorted(fields):
            if name not in docs.mentioned:
                where = f"{at}/properties/{escape(name)}" if isinstance(own, dict) and name in own else at
                yield _spec_only(f"the spec's {op.label} body has '{name}', which no docs page mentions", op,
                                 where, {"field": name})
        for (place, name), (param, param_at) in sorted(compiled.api.parameters(op).items(), key=lambda kv: kv[0]):
            if place == "header" and name not in mentioned:
                spelled = str(param.get("name"))
                yield _spec_only(f"the spec's {op.label} takes header '{spelled}', which no docs page mentions",
                                 op, param_at, {"header": spelled})


def _covers(doc: Documented, docs: Knowledge, path: str, chat: bool, fields: dict[str, Any]) -> bool:
    """The page documents one of the operation's body fields and calls it (`Key:` lines: chat's)."""
    return (doc.what == FIELD and doc.name.split(".", 1)[0] in fields
            and ((doc.form == "key" and chat) or path in docs.calls.get(doc.page, ())))


def _first(documents: Any) -> list[Documented]:
    """One per documented name: its first documentation (page order)."""
    seen: dict[tuple[str, str], Documented] = {}
    for doc in documents:
        seen.setdefault((doc.what, doc.name.lower() if doc.what == HEADER else doc.name), doc)
    return list(seen.values())


def _list(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values[:12]) + (f" (+{len(values) - 12})" if len(values) > 12 else "")


def _docs_only(doc: Documented, where: str, operation: str | None, after: dict[str, Any]) -> Finding:
    name = after.get("field") or after["header"]
    kind = "header" if "header" in after else "field"
    pointer = f"/headers/{name.lower()}" if kind == "header" else "/" + name.replace(".", "/")
    return _mismatch(f"{kind} '{name}' is documented on {doc.where} ({doc.form}) but not in {where}", doc,
                    pointer, operation, {**after, "only_in": "docs", "form": doc.form})


def _spec_only(message: str, op: Any, pointer: str, after: dict[str, Any]) -> Finding:
    return Finding(kind=Kind.PAGE, code="docs-spec-mismatch", severity=Severity.INFO, message=message,
                   official_url=op.page, location=Location(source="openapi", pointer=pointer, operation=op.label),
                   after={**after, "only_in": "spec"})


def _mismatch(message: str, doc: Documented, pointer: str, operation: str | None, after: dict[str, Any],
             source: str | None = None) -> Finding:
    return Finding(kind=Kind.PAGE, code="docs-spec-mismatch", severity=Severity.INFO, message=message,
                   official_url=with_anchor(page_url_for_file(doc.page), doc.section.anchor),
                   location=Location(source=source or doc.page, pointer=pointer, operation=operation,
                                     section=doc.section.heading), after=after)
