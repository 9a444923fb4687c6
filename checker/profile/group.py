"""A shared component change that reaches many operations is one finding listing the operations.

The spec diff reports a change inside `/components/...` at every operation that reaches it
(each with its own page and body path), which is what relevance needs: each operation is judged
on its own. This stage runs after relevance and folds those copies into one finding whose
relevance and severity are the highest of the operations it reaches, whose `locations` list every
operation (the JSON keeps them all, `count` is how many) and whose fingerprint depends on the
component pointer and the change only, not on which operations reach it.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, TypeVar

from checker.models import Finding, Kind, Location

F = TypeVar("F")
SHOWN_OPERATIONS = 4  # named in the message; `locations` has them all
_KINDS = {"schemas": "schema", "parameters": "parameter", "responses": "response", "headers": "header",
          "requestBodies": "request body", "securitySchemes": "security scheme"}


def component_of(pointer: str | None) -> str | None:
    """'/components/schemas/ProviderName/properties/x' -> 'schema ProviderName' (None elsewhere)."""
    parts = (pointer or "").split("/")
    if len(parts) < 4 or parts[1] != "components" or not parts[3]:
        return None
    name = parts[3].replace("~1", "/").replace("~0", "~")
    return f"{_KINDS.get(parts[2], parts[2])} {name}"


def shared_fingerprint(f: Finding) -> str | None:
    """The fingerprint of the one finding a per-operation copy of a component change is folded
    into (what a suppression by that fingerprint matches); None for other findings."""
    if _key(f) is None:
        return None
    # only what the fingerprint is made of: cheap enough for every finding a suppression is tried on
    return Finding(kind=f.kind, code=f.code, severity=f.severity, message="", official_url="",
                   location=Location(f.location.source, f.location.pointer)).fingerprint


def group_shared(findings: Iterable[F], lone: Callable[[F], Finding] = lambda f: f) -> list[Finding]:
    """The findings with each multi-operation component change folded into one, in first-seen order.
    `findings` may be anything that reads like a Finding (the spec diff's pending ones, see
    diff/pending.py); `lone` makes the Finding of one that is not folded."""
    groups: dict[tuple[str, str, str, str], list[F]] = {}
    order: list[F | tuple[str, str, str, str]] = []
    for f in findings:
        key = _key(f)
        if key is None:
            order.append(f)
            continue
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(f)
    out: list[Finding] = []
    for item in order:
        if not isinstance(item, tuple):
            out.append(lone(item))
        else:
            members = groups[item]
            out.append(_merge(members) if len(members) > 1 else lone(members[0]))
    return out


def _key(f: Any) -> tuple[str, str, str, str] | None:
    loc = f.location
    if f.kind != Kind.SPEC or not loc.operation or f.count != 1 or component_of(loc.pointer) is None:
        return None
    return f.code, loc.pointer or "", repr(f.before), repr(f.after)


def _merge(members: list[Any]) -> Finding:
    members = sorted(members, key=lambda f: (_rank(f.relevance), -f.severity.rank, f.location.operation))
    best = members[0]
    ops = [f.location.operation or "" for f in members]
    change = best.message.split(": ", 1)[1] if best.message.startswith(f"{ops[0]}: ") else best.message
    named = ", ".join(ops[:SHOWN_OPERATIONS]) + (f" and {len(ops) - SHOWN_OPERATIONS} more"
                                                 if len(ops) > SHOWN_OPERATIONS else "")
    because = tuple(dict.fromkeys(why for f in members for why in f.relevant_because))
    if because:  # only a profile gives reasons, and applying one imported relevance already
        from checker.profile.relevance import MAX_BECAUSE

        because = because[:MAX_BECAUSE]
    severity = max((f.severity for f in members), key=lambda s: s.rank)
    return Finding(kind=best.kind, code=best.code, severity=severity,
                   message=f"{component_of(best.location.pointer)}: {change.rstrip('.')} "
                           f"({len(ops)} operations: {named}).", official_url=best.official_url,
                   location=Location(best.location.source, best.location.pointer), before=best.before,
                   after=best.after, relevance=best.relevance, relevant_because=because, count=len(ops),
                   locations=tuple(f.location for f in members))


def _rank(relevance: str | None) -> int:
    """used < called < context < none. Without a profile every finding is unranked: relevance
    (and the profile model it imports) is loaded only where a profile set it."""
    if relevance is None:
        return 3
    from checker.profile.relevance import CALLED, CONTEXT, USED

    return {USED: 0, CALLED: 1, CONTEXT: 2}.get(relevance, 3)
