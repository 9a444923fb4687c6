"""Position-free addresses of places in a spec, for fingerprints.

A finding's JSON pointer names list items by index (`.../parameters/2`, `.../anyOf/3`), so
reordering a list or inserting an unrelated item before it would change the fingerprint and
break suppressions and "notify once". `Places(doc, resolve).of(pointer)` rewrites each
list index into what the item is: a parameter by `in:name`, a union or allOf member by its
discriminating value (`type=function`), its `$ref` target or its type, a security
requirement by its scheme names, a listed value by itself. Items whose position is their
meaning (`prefixItems`, examples) keep the index; so does everything when the pointer
leaves the document. A pointer without list indices is returned unchanged.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from checker.api.pointer import escape, unescape
from checker.diff.schema import component_name, discriminator_key, value_key

Resolver = Callable[[str], "tuple[Any, str] | None"]
UNIONS = frozenset({"oneOf", "anyOf", "allOf"})
VALUES = frozenset({"required", "enum", "tags", "type"})
INDEX = re.compile(r"/\d+(?:/|$)")


class Places:
    """Position-free places in one document (item tokens memoised per list)."""

    def __init__(self, doc: Any, resolve: Resolver) -> None:
        self.doc, self.resolve = doc, resolve
        self._tokens: dict[int, list[str]] = {}

    def of(self, pointer: str | None) -> str | None:
        if not pointer or not pointer.startswith("/") or not INDEX.search(pointer):
            return pointer
        node, parent, key = self.doc, None, ""
        parts = pointer.split("/")[1:]
        out: list[str] = []
        for n, part in enumerate(parts):
            if isinstance(node, dict):
                key, parent = unescape(part), node
                node = node.get(key)
                out.append(part)
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                out.append(escape(f"[{self._items(node, key, parent)[int(part)]}]"))
                node = node[int(part)]
            else:
                out.extend(parts[n:])
                break
        return "/" + "/".join(out)

    def _items(self, items: list, key: str, parent: Any) -> list[str]:
        found = self._tokens.get(id(items))
        if found is None:
            found = self._tokens[id(items)] = _tokens(items, key, parent, self.resolve)
        return found


def _tokens(items: list, key: str, parent: Any, resolve: Resolver) -> list[str]:
    """What each item of the list under `key` is; the n-th of equal ones gets `#n`."""
    if key not in UNIONS and key not in VALUES and key not in ("parameters", "security", "servers"):
        return [str(i) for i in range(len(items))]  # position is the meaning (prefixItems, examples)
    tag = _tag(parent) if key in UNIONS else None
    seen: dict[str, int] = {}
    out = []
    for item in items:
        name = _identity(item, key, tag, resolve)
        twins = seen[name] = seen.get(name, -1) + 1
        out.append(f"{name}#{twins}" if twins else name)
    return out


def _identity(item: Any, key: str, tag: str | None, resolve: Resolver) -> str:
    if key == "parameters":
        target = resolve(item["$ref"]) if isinstance(item, dict) and "$ref" in item else None
        param = target[0] if target else item
        if isinstance(param, dict):
            return f"{param.get('in')}:{param.get('name')}"
    elif key == "security" and isinstance(item, dict):
        return "+".join(sorted(str(k) for k in item)) or "none"
    elif key == "servers" and isinstance(item, dict):
        return str(item.get("url"))
    elif key in UNIONS:
        return _member(item, tag, resolve)
    return value_key(item)


def _member(raw: Any, tag: str | None, resolve: Resolver) -> str:
    fixed = discriminator_key(raw, resolve, tag)
    if fixed:
        return fixed
    if isinstance(raw, dict):
        if isinstance(raw.get("$ref"), str):
            return component_name(raw["$ref"])
        values = [raw["const"]] if "const" in raw else raw.get("enum")
        if isinstance(values, list) and len(values) == 1:
            return f"={value_key(values[0])}"
        kind = raw.get("type")
        return "|".join(sorted(map(str, kind))) if isinstance(kind, list) else str(kind or "any")
    return value_key(raw)


def _tag(parent: Any) -> str | None:
    disc = parent.get("discriminator") if isinstance(parent, dict) else None
    name = disc.get("propertyName") if isinstance(disc, dict) else None
    return name if isinstance(name, str) else None
