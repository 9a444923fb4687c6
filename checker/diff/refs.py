"""Reference handling for a pair of specs: resolve local `$ref`s, normalise once, and find
which components are unchanged (equal content and only unchanged components reachable)
so the comparison can skip them without descending.
"""
from __future__ import annotations

from typing import Any

from checker.api.model import Spec
from checker.api.pointer import escape
from checker.diff.composition import normalise
from checker.diff.schema import Node

COMPONENT_KINDS = ("schemas", "parameters", "responses", "requestBodies", "headers")


class SpecIndex(Spec):
    """One spec of the pair: the API model plus a cache of normalised schemas by pointer."""

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        self.spec = spec
        self._nodes: dict[tuple[int, str], Node] = {}

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


def unchanged_components(old: Spec, new: Spec) -> set[str]:
    """`$ref` strings whose target is equal in both specs, transitively through its refs."""
    refs_of: dict[str, set[str]] = {}
    dirty: set[str] = set()
    for kind in COMPONENT_KINDS:
        olds, news = old.components(kind), new.components(kind)
        for name, value in news.items():
            ref = f"#/components/{kind}/{escape(name)}"
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
