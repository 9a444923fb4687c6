"""Reference handling for a pair of specs: resolve local `$ref`s, normalise once, and find
which components are unchanged (equal content and only unchanged components reachable)
so the comparison can skip them without descending.
"""
from __future__ import annotations

from typing import Any

from checker.diff.schema import Child, Node, normalise

COMPONENT_KINDS = ("schemas", "parameters", "responses", "requestBodies", "headers")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~") if "~" in token else token


class SpecIndex:
    """One spec: `$ref` resolution and a cache of normalised schemas by pointer."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self._resolved: dict[str, Child | None] = {}
        self._nodes: dict[tuple[int, str], Node] = {}

    def resolve(self, ref: str) -> Child | None:
        """`#/a/b` -> (value, "/a/b"); follows chains of bare $refs; None if missing/external."""
        if ref in self._resolved:
            return self._resolved[ref]
        self._resolved[ref] = None  # guards against $ref chains that loop
        result = self._lookup(ref)
        seen = {ref}
        while result and isinstance(result[0], dict) and len(result[0]) == 1 and "$ref" in result[0]:
            nxt = result[0]["$ref"]
            if nxt in seen:
                result = None
                break
            seen.add(nxt)
            result = self._lookup(nxt)
        self._resolved[ref] = result
        return result

    def _lookup(self, ref: str) -> Child | None:
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        pointer = ref[1:]
        node: Any = self.spec
        for token in pointer.split("/")[1:]:
            token = unescape(token)
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node, pointer

    def deref(self, raw: Any, pointer: str) -> Child:
        """An object that may be a $ref (parameter, response, body) -> the object itself."""
        if isinstance(raw, dict) and "$ref" in raw:
            target = self.resolve(raw["$ref"])
            if target is not None:
                return target
        return raw, pointer

    def node(self, raw: Any, pointer: str) -> Node:
        key = (id(raw), pointer)  # the object too: callers may pass the other spec's subtree
        cached = self._nodes.get(key)
        if cached is None:
            cached = self._nodes[key] = normalise(raw, pointer, self.resolve)
        return cached


def collect_refs(value: Any, out: set[str]) -> set[str]:
    stack = [value]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                out.add(ref)
            for v in item.values():
                if isinstance(v, (dict, list)):
                    push(v)
        elif isinstance(item, list):
            for v in item:
                if isinstance(v, (dict, list)):
                    push(v)
    return out


def unchanged_components(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    """`$ref` strings whose target is equal in both specs, transitively through its refs."""
    old_c, new_c = old.get("components") or {}, new.get("components") or {}
    refs_of: dict[str, set[str]] = {}
    dirty: set[str] = set()
    for kind in COMPONENT_KINDS:
        olds, news = old_c.get(kind) or {}, new_c.get(kind) or {}
        for name, value in news.items():
            ref = f"#/components/{kind}/{name.replace('~', '~0').replace('/', '~1')}"
            if name not in olds or olds[name] != value:
                dirty.add(ref)  # its own refs do not matter: it is dirty already
                refs_of[ref] = set()
            else:
                refs_of[ref] = collect_refs(value, set())
    users: dict[str, list[str]] = {}
    for ref, targets in refs_of.items():
        for target in targets:
            users.setdefault(target, []).append(ref)
            if target not in refs_of:
                dirty.add(target)
    stack = list(dirty)
    while stack:
        for user in users.get(stack.pop(), ()):
            if user not in dirty:
                dirty.add(user)
                stack.append(user)
    return {ref for ref in refs_of if ref not in dirty}
