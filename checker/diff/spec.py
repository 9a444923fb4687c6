"""Semantic OpenAPI diff, classified for a client.

`diff_specs(old, new)` compares operation by operation: parameters, request bodies,
responses and security, following `$ref`s into components. An operation that moved (see
moves.py) is reported once and then compared with its old self. Unchanged operations (equal
content, only unchanged components reachable) are skipped without descending, and
component pairs are compared once (see changes.py), which keeps a full diff of the real
~1 MB spec in tens of milliseconds. Each finding names the operation, its official page
and the JSON pointer of the changed place (in the new spec; in the old one for removals);
its fingerprint names list items by what they are, not where (identity.py).
"""
from __future__ import annotations

from typing import Any, Iterable

from checker.diff.change import IN_OLD, REQUEST, RESPONSE, Change
from checker.diff.changes import SchemaComparer
from checker.diff.classify import classify, display_path, phrase
from checker.api.document import collector_paused
from checker.api.model import Operation, is_success, mapping, media_types
from checker.api.pointer import escape as esc
from checker.diff.identity import Places
from checker.diff.moves import Move, pair_moves
from checker.diff.pending import Pending
from checker.diff.refs import SpecIndex, collect_refs, unchanged_components
from checker.diff.schema import value_key
from checker.models import Finding, Severity
from checker.urls import operation_label

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


def diff_specs(old: dict[str, Any], new: dict[str, Any], *, open_enums: Iterable[str] = (),
               fold_shared: bool = False) -> list[Finding]:
    """Findings of kind "spec" for the changes from `old` to `new`, sorted. A change inside a
    component is reported at each operation that reaches it; `fold_shared`: as one finding
    listing those operations instead (what profile/group.py `group_shared` makes of the copies)."""
    if old == new:
        return []
    with collector_paused():
        return SpecDiff(old, new, open_enums, fold_shared).run()


class SpecDiff:
    def __init__(self, old: dict[str, Any], new: dict[str, Any], open_enums: Iterable[str],
                 fold_shared: bool = False) -> None:
        self.old, self.new, self.fold_shared = old, new, fold_shared
        self.oi, self.ni = SpecIndex(old), SpecIndex(new)
        self.unchanged = unchanged_components(self.oi, self.ni)
        self.schemas = SchemaComparer(self.oi, self.ni, self.unchanged, open_enums)
        self.same_security = (old.get("security") == new.get("security") and
                              self.oi.components("securitySchemes") == self.ni.components("securitySchemes"))
        self.findings: dict[tuple[str, str, str], Pending] = {}
        self.old_places, self.new_places = Places(old, self.oi.resolve), Places(new, self.ni.resolve)

    def run(self) -> list[Finding]:
        old_ops, new_ops = self.oi.operations, self.ni.operations
        new_paths = self.ni.paths
        moves = pair_moves({k: v for k, v in old_ops.items() if k not in new_ops},
                           {k: v for k, v in new_ops.items() if k not in old_ops})
        for move in moves:
            self.moved(move, old_ops[move.old], new_ops[move.new])
        paired = {m.old for m in moves} | {m.new for m in moves}
        for key in sorted((old_ops.keys() | new_ops.keys()) - paired):
            path, method = key
            if key not in new_ops:
                code = "api-path-removed" if path not in new_paths else "api-operation-removed"
                op = OperationDiff(self, path, method, old_ops[key], None)
                op.emit(code, E, "the operation was removed", op.old_ptr, in_old=True)
            elif key not in old_ops:
                op = OperationDiff(self, path, method, None, new_ops[key])
                op.emit("endpoint-added", I, "the operation was added", op.new_ptr)
            elif not self._unchanged(old_ops[key], new_ops[key]):
                OperationDiff(self, path, method, old_ops[key], new_ops[key]).run()
        found = sorted(self.findings.values(), key=lambda f: (
            f.location.operation or "", -f.severity.rank, f.code, f.location.pointer or ""))
        if self.fold_shared:
            from checker.profile.group import group_shared

            return group_shared(found, lone=Pending.finding)
        return [f.finding() for f in found]

    def moved(self, move: Move, old: Operation, new: Operation) -> None:
        """One finding for the move, then the operation's own changes under its new path."""
        op = OperationDiff(self, new.path, new.method, old, new, move.renamed)
        if move.renamed:
            names = ", ".join(f"{{{a}}} -> {{{b}}}" for a, b in sorted(move.renamed.items()))
            op.emit("path-parameter-renamed", I, f"path parameter(s) renamed ({names}; "
                    f"was {old.path})", op.new_ptr, old.path, new.path)
        else:
            op.emit("operation-moved", E, f"the operation moved from {old.path}", op.new_ptr,
                    old.path, new.path)
        op.run()

    def _unchanged(self, old_op: Operation, new_op: Operation) -> bool:
        """Same content and every component it reaches unchanged: nothing to descend into."""
        if old_op.op != new_op.op or old_op.shared != new_op.shared or not self.same_security:
            return False
        refs = collect_refs(list(new_op.shared), collect_refs(new_op.op, set()))
        return refs <= self.unchanged


class OperationDiff:
    """The changes of one operation (None on the side where it does not exist)."""

    def __init__(self, diff: SpecDiff, path: str, method: str, old: Operation | None,
                 new: Operation | None, renamed: dict[str, str] | None = None) -> None:
        self.diff, self.path, self.method = diff, path, method
        self.renamed = renamed or {}  # old path parameter name -> new (a moved operation)
        self.old, self.new = old, new
        self.label = operation_label(method, path)
        self.old_ptr = old.pointer if old else None
        self.new_ptr = new.pointer if new else None
        self.page = new.page if new else old.page if old else ""  # reported at the newest page

    def emit(self, code: str, severity: Severity, text: str, pointer: str | None,
             before: Any = None, after: Any = None, *, in_old: bool = False) -> None:
        """`in_old`: the pointer is in the old document (something removed)."""
        if (self.label, code, pointer or "") in self.diff.findings:
            return  # the first finding for a place wins (keyed as redacted: below)
        found = Pending(code, severity, self.label, text, self.page, pointer, before, after,
                        self.diff.old_places if in_old else self.diff.new_places)
        loc = found.location
        self.diff.findings.setdefault((loc.operation or "", code, loc.pointer or ""), found)

    def run(self) -> None:
        o, n = self.old.op, self.new.op
        if n.get("deprecated") is True and o.get("deprecated") is not True:
            self.emit("endpoint-deprecated", W, "the operation is now deprecated", self.new_ptr)
        if isinstance(o.get("operationId"), str) and o.get("operationId") != n.get("operationId"):
            self.emit("api-operation-id-changed", W, f"the operationId changed from "
                      f"'{o['operationId']}' to '{n.get('operationId')}'", self.new_ptr,
                      o["operationId"], n.get("operationId"))
        old_url, new_url = self.old.page, self.new.page
        if old_url != new_url:
            self.emit("endpoint-page-moved", I, "the operation's docs page moved (summary or tag "
                      "changed)", self.new_ptr, old_url, new_url)
        self.parameters()
        self.request_body()
        self.responses()
        self.security()

    # -- parameters -----------------------------------------------------------------
    def parameters(self) -> None:
        olds = {("path", self.renamed.get(name, name)) if where == "path" else (where, name): value
                for (where, name), value in self.diff.oi.parameters(self.old).items()}
        news = self.diff.ni.parameters(self.new)
        for key in sorted(olds.keys() | news.keys()):
            where, name = key
            subject = f"{where} parameter '{name}'"
            if key not in news:
                self.emit("request-parameter-removed", E, f"{subject} was removed", olds[key][1],
                          in_old=True)
                continue
            (op_, optr), (np_, nptr) = olds.get(key, (None, None)), news[key]
            if key not in olds:
                if np_.get("required"):
                    self.emit("new-required-request-parameter", E, f"required {subject} was added", nptr)
                else:
                    self.emit("new-optional-request-parameter", I, f"optional {subject} was added", nptr)
                continue
            if bool(op_.get("required")) != bool(np_.get("required")):
                became = "required" if np_.get("required") else "optional"
                self.emit(f"request-parameter-became-{became}", E if became == "required" else I,
                          f"{subject} became {became}", nptr)
            self.parameter_lifecycle(subject, op_, np_, nptr)
            old_s, new_s = _param_schema(op_, optr), _param_schema(np_, nptr)
            if old_s and new_s:
                self.schema_changes(self.diff.schemas.compare(old_s, new_s, REQUEST),
                                    REQUEST, "parameter", subject)

    def parameter_lifecycle(self, subject: str, old: dict, new: dict, ptr: str) -> None:
        """The parameter object's own `deprecated` and `x-sunset` (its schema's are compared
        with the schema)."""
        if new.get("deprecated") is True and old.get("deprecated") is not True:
            self.emit("request-parameter-deprecated", W, f"{subject} is now deprecated", ptr)
        sunset = new.get("x-sunset")
        if sunset is not None and sunset != old.get("x-sunset"):
            self.emit("request-parameter-sunset-changed", W, f"{subject} is to be removed on "
                      f"{sunset}", ptr, old.get("x-sunset"), sunset)

    # -- request body ---------------------------------------------------------------
    def request_body(self) -> None:
        ob, obp = self.diff.oi.request_body(self.old) or (None, "")
        nb, nbp = self.diff.ni.request_body(self.new) or (None, "")
        if nb is None:
            if ob is not None:
                self.emit("request-body-removed", W, "the request body was removed", obp, in_old=True)
            return
        if nb.get("required") and (ob is None or not ob.get("required")):
            self.emit("request-body-became-required", E, "the request body became required", nbp)
        elif ob is not None and ob.get("required") and not nb.get("required"):
            self.emit("request-body-became-optional", I, "the request body became optional", nbp)
        if ob is None:
            return
        olds, news = media_types(ob, obp), media_types(nb, nbp)
        for media in sorted(olds.keys() - news.keys()):
            self.emit("request-body-media-type-removed", E,
                      f"request body media type '{media}' was removed", olds[media][1], in_old=True)
        for media in sorted(news.keys() - olds.keys()):
            self.emit("request-body-media-type-added", I,
                      f"request body media type '{media}' was added", news[media][1])
        for media in sorted(olds.keys() & news.keys()):
            old_s, new_s = olds[media][0], news[media][0]
            if old_s and new_s:
                self.schema_changes(self.diff.schemas.compare(old_s, new_s, REQUEST),
                                    REQUEST, "body", "request body")

    # -- responses ------------------------------------------------------------------
    def responses(self) -> None:
        olds, news = self.diff.oi.responses(self.old), self.diff.ni.responses(self.new)
        for status in sorted(olds.keys() - news.keys()):
            ok = is_success(status)
            code = "response-success-status-removed" if ok else "response-non-success-status-removed"
            self.emit(code, E if ok else I, f"response status {status} was removed", olds[status][1],
                      in_old=True)
        for status in sorted(news.keys() - olds.keys()):
            if is_success(status):
                self.emit("response-success-status-added", I, f"response status {status} was added",
                          news[status][1])
        for status in sorted(olds.keys() & news.keys()):
            self.response(status, olds[status], news[status])

    def response(self, status: str, old: tuple, new: tuple) -> None:
        (ob, obp), (nb, nbp) = old, new
        ok = is_success(status)
        olds, news = media_types(ob, obp), media_types(nb, nbp)
        for media in sorted(olds.keys() - news.keys()):
            self.emit("response-media-type-removed", E if ok else I,
                      f"response {status} media type '{media}' was removed", olds[media][1], in_old=True)
        for media in sorted(olds.keys() & news.keys()):
            old_s, new_s = olds[media][0], news[media][0]
            if old_s and new_s:
                self.schema_changes(self.diff.schemas.compare(old_s, new_s, RESPONSE),
                                    RESPONSE, "body", f"response {status} ({media})")
        self.response_headers(status, ob, obp, nb, nbp)

    def response_headers(self, status: str, ob: dict, obp: str, nb: dict, nbp: str) -> None:
        """Header names compare case-insensitively; a kept header's schema is read by clients."""
        olds, news = _headers(ob, obp), _headers(nb, nbp)
        for name in sorted(olds.keys() | news.keys()):
            if name not in news:
                header, hptr = self.diff.oi.deref(*olds[name])
                required = isinstance(header, dict) and header.get("required") is True
                self.emit("response-required-header-removed" if required else
                          "response-optional-header-removed", E if required else W,
                          f"response {status} header '{name}' was removed", hptr, in_old=True)
            elif name not in olds:
                self.emit("response-header-added", I, f"response {status} header '{name}' was added",
                          news[name][1])
            else:
                old_h, old_p = self.diff.oi.deref(*olds[name])
                new_h, new_p = self.diff.ni.deref(*news[name])
                if isinstance(old_h, dict) and isinstance(new_h, dict) and \
                        "schema" in old_h and "schema" in new_h:
                    self.schema_changes(self.diff.schemas.compare(
                        (old_h["schema"], f"{old_p}/schema"), (new_h["schema"], f"{new_p}/schema"),
                        RESPONSE), RESPONSE, "header", f"response {status} header '{name}'")

    # -- security -------------------------------------------------------------------
    def security(self) -> None:
        olds, news = self.diff.oi.security(self.old), self.diff.ni.security(self.new)
        ptr = f"{self.new_ptr}/security" if "security" in self.new.op else "/security"
        old_s = self.diff.oi.components("securitySchemes")
        new_s = self.diff.ni.components("securitySchemes")
        if news and not olds:
            self.emit("api-security-added", E, "the operation now requires authentication "
                      f"({_alts(news)})", ptr, None, _alts(news))
        elif olds and news:  # compared by what the schemes mean: a renamed scheme is the same
            by_old, by_new = _by_meaning(olds, old_s), _by_meaning(news, new_s)
            gone = [by_old[k] for k in by_old.keys() - by_new.keys()]
            added = [by_new[k] for k in by_new.keys() - by_old.keys()]
            if gone:
                self.emit("api-security-removed", E, f"security option(s) {_alts(gone)} were removed",
                          ptr, _alts(gone), None)
            if added:
                self.emit("api-security-alternative-added", I, f"security option(s) {_alts(added)} "
                          "were added", ptr, None, _alts(added))
        self.security_scopes(ptr)
        for name in sorted({n for alt in news for n in alt}):
            before, after = _scheme_meaning(old_s.get(name)), _scheme_meaning(new_s.get(name))
            if name in old_s and name in new_s and before != after:
                self.emit("api-security-scheme-changed", E, f"security scheme '{name}' changed",
                          f"/components/securitySchemes/{esc(name)}", before, after)

    def security_scopes(self, ptr: str) -> None:
        olds = self.diff.oi.security_scopes(self.old)
        for name, scopes in sorted(self.diff.ni.security_scopes(self.new).items()):
            if name not in olds:
                continue
            added, gone = sorted(scopes - olds[name]), sorted(olds[name] - scopes)
            if added:
                self.emit("api-security-scope-added", E, f"security scheme '{name}' now needs "
                          f"scope(s) {', '.join(added)}", ptr, None, added)
            if gone:
                self.emit("api-security-scope-removed", I, f"security scheme '{name}' no longer "
                          f"needs scope(s) {', '.join(gone)}", ptr, gone, None)

    # -- schema findings ------------------------------------------------------------
    def schema_changes(self, changes: list[Change], side: str, where: str, subject: str) -> None:
        for change in sorted(changes, key=lambda c: (len(c.path), c.path, c.what, c.pointer)):
            verdict = classify(change, side, where)
            if verdict is None:
                continue
            code, severity = verdict
            path = display_path(change.path)
            required = change.required and change.what in ("property-added", "property-removed")
            place = f"{subject} {'required ' if required else ''}property '{path}'" if path else subject
            self.emit(code, severity, f"{place} {phrase(change)}", change.pointer,
                      change.before, change.after, in_old=change.what in IN_OLD)


def _param_schema(param: dict, ptr: str) -> tuple[Any, str] | None:
    if "schema" in param:
        return param["schema"], f"{ptr}/schema"
    for media, item in mapping(param.get("content")).items():
        if isinstance(item, dict) and "schema" in item:
            return item["schema"], f"{ptr}/content/{esc(media)}/schema"
    return None


def _scheme_meaning(scheme: Any) -> dict[str, Any]:
    if not isinstance(scheme, dict):
        return {}
    return {k: v for k, v in scheme.items() if k in ("type", "scheme", "in", "name", "bearerFormat",
                                                     "flows", "openIdConnectUrl")}


def _headers(response: dict, ptr: str) -> dict[str, tuple[Any, str]]:
    """Lower-cased header name -> (header object, pointer)."""
    return {str(k).lower(): (v, f"{ptr}/headers/{esc(str(k))}")
            for k, v in mapping(response.get("headers")).items()}


def _by_meaning(alts: Iterable[frozenset[str]],
                schemes: dict[str, Any]) -> dict[frozenset[str], frozenset[str]]:
    """Each alternative keyed by what its schemes mean (a scheme nobody defines: its name)."""
    def meaning(name: str) -> str:
        found = _scheme_meaning(schemes.get(name))
        return value_key(found) if found else f"name:{name}"
    return {frozenset(meaning(n) for n in alt): alt for alt in alts}


def _alts(alts: Iterable[frozenset[str]]) -> list[str]:
    return sorted(" + ".join(sorted(a)) or "none" for a in alts)
