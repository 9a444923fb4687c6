"""Numeric bounds (minimum/maximum, inclusive or exclusive) compared by meaning."""
from __future__ import annotations

from typing import Any

from checker.diff.schema import Node

Bound = tuple[float, bool]  # (value, exclusive)


def bound(node: Node, upper: bool) -> Bound | None:
    """The effective bound; for integers an exclusive bound becomes the inclusive one
    (> 0 is >= 1), so a 3.0 `exclusiveMinimum: true` rewrite is not a change."""
    inclusive = node.limits.get("maximum" if upper else "minimum")
    exclusive = node.limits.get("exclusiveMaximum" if upper else "exclusiveMinimum")
    cands: list[Bound] = []
    if inclusive is not None:
        cands.append((inclusive, False))
    if exclusive is not None:
        if node.types == frozenset({"integer"}) and float(exclusive).is_integer():
            cands.append((exclusive - 1 if upper else exclusive + 1, False))
        else:
            cands.append((exclusive, True))
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    return cands[0] if tighter(cands[1], cands[0], upper) else cands[1]


def tighter(old: Bound, new: Bound, upper: bool) -> bool:
    """`new` admits fewer values than `old`."""
    if old[0] != new[0]:
        return new[0] < old[0] if upper else new[0] > old[0]
    return new[1] and not old[1]


def show_bound(value: Bound | None, upper: bool) -> Any:
    if value is None or not value[1]:
        return None if value is None else value[0]
    return f"{'<' if upper else '>'} {value[0]}"
