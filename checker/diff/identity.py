"""Position-free addresses of places in a spec, for fingerprints.

A finding's JSON pointer names list items by index (`.../parameters/2`, `.../anyOf/3`), so
reordering a list or inserting an unrelated item before it would change the fingerprint and
break suppressions and "notify once". `stable_place(doc, pointer, resolve)` rewrites each
list index into what the item is: a parameter by `in:name`, a union or allOf member by its
discriminating value (`type=function`), its `$ref` target or its type, a security
requirement by its scheme names, a listed value by itself. Items whose position is their
meaning (`prefixItems`, examples) keep the index; so does everything when the pointer
leaves the document. A pointer without list indices is returned unchanged.
"""
from __future__ import annotations

from typing import Any, Callable

from checker.api.pointer import escape, unescape
from checker.diff.changes import component_name
from checker.diff.schema import discriminator_key, value_key

Resolver = Callable[[str], "tuple[Any, str] | None"]
UNIONS = frozenset({"oneOf", "anyOf", "allOf"})
VALUES = frozenset({"required", "enum", "tags", "type"})


def stable_place(doc: Any, pointer: str | None, resolve: Resolver) -> str | None:
    if not pointer or not pointer.startswith("/") or not any(c.isdigit() for c in pointer):
        return pointer
    node, parent, key = doc, None, ""
    tokens = pointer.split("/")[1:]
    out: list[str] = []
    for n, token in enumerate(tokens):
        if isinstance(node, dict):
            key, parent = unescape(token), node
            node = node.get(key)
            out.append(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            out.append(escape(f"[{_token(node, int(token), key, parent, resolve)}]"))
            node = node[int(token)]
        else:
            out.extend(tokens[n:])
            break
    return "/" + "/".join(out)


def _token(items: list, i: int, key: str, parent: Any, resolve: Resolver) -> str:
    """What item `i` of the list under `key` is; the n-th of equal ones gets `#n`."""
    if key not in UNIONS and key not in VALUES and key not in ("parameters", "security", "servers"):
        return str(i)  # position is the meaning (prefixItems, examples) or nothing better is known
    tag = _tag(parent) if key in UNIONS else None
    ids = [_identity(item, key, tag, resolve) for item in items[: i + 1]]
    twins = ids[:i].count(ids[i])
    return ids[i] if not twins else f"{ids[i]}#{twins}"


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
