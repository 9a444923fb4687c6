"""Pairing the members of oneOf/anyOf unions between two versions of a schema.

A member's identity is its discriminating value (a property fixed to one value, e.g.
`type=function`), else its `$ref` name, else its type; members whose identity changed are
paired by a unique equal type, and a single leftover on each side pairs up too (one
variant reworked or renamed). Unpaired members are added or removed variants.
"""
from __future__ import annotations

from typing import Any, Callable

Member = tuple[Any, str, Callable[[], str]]  # (child or None, identity, its type key on demand)


def match(olds: list[Member], news: list[Member]) -> tuple[list, list, list]:
    pairs, left_old, left_new = _pair_by(olds, news, lambda item: item[1])
    more, left_old, left_new = _pair_by(left_old, left_new, lambda item: item[2](), unique=True)
    pairs += more
    if len(left_old) == 1 and len(left_new) == 1:
        return pairs + [(left_old[0], left_new[0])], [], []
    return pairs, left_old, left_new


def _pair_by(olds: list[Member], news: list[Member], key: Callable[[Member], str],
             unique: bool = False) -> tuple[list, list, list]:
    okeys, nkeys = [key(x) for x in olds], [key(x) for x in news]
    pairs, used, left_old = [], set(), []
    for item, k in zip(olds, okeys):
        if unique and (okeys.count(k) > 1 or nkeys.count(k) != 1):
            left_old.append(item)
            continue
        j = next((j for j, nk in enumerate(nkeys) if j not in used and nk == k), None)
        if j is None:
            left_old.append(item)
        else:
            used.add(j)
            pairs.append((item, news[j]))
    return pairs, left_old, [item for j, item in enumerate(news) if j not in used]


def fixed_value_key(props: dict[str, Any], tag: str | None = None) -> str | None:
    """`name=value` of the property fixed to one non-null value that identifies a variant:
    the union's discriminator property, else `type`, else the first such name (sorted)."""
    best: tuple[int, str, Any] | None = None
    for name, item in props.items():
        rank = 0 if name == tag else 1 if name == "type" else 2
        if best is not None and (rank, str(name)) > best[:2]:
            continue
        raw = item[0] if isinstance(item, tuple) else item
        if not isinstance(raw, dict):
            continue
        values = [raw["const"]] if "const" in raw else raw.get("enum")
        if isinstance(values, list) and len(values) == 1 and values[0] is not None:
            best = (rank, str(name), values[0])
    return None if best is None else f"{best[1]}={best[2]}"
