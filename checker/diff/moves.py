"""Pairing operations that moved between two versions of a spec.

An operation removed at one path and added at another is the same operation when the
path templates differ only in parameter names (`/items/{id}` -> `/items/{itemId}`), when
both carry the same operationId, or when one path ends with the other (`/alpha/responses`
-> `/responses`) with the same summary; always with the same method and only when the
pairing is unambiguous. Paired operations are diffed like any other.
"""
from __future__ import annotations

import re

from msgspec import Struct

from checker.api.model import Operation

Key = tuple[str, str]  # (path, method)
PARAM = re.compile(r"\{[^}/]*\}")


class Move(Struct, frozen=True):
    old: Key
    new: Key
    renamed: dict[str, str]  # old path parameter name -> new name (when only names changed)


def pair_moves(removed: dict[Key, Operation], added: dict[Key, Operation]) -> list[Move]:
    moves: list[Move] = []
    left_old, left_new = dict(removed), dict(added)
    for same in (_same_template, _same_operation_id, _same_suffix_and_summary):
        taken = []
        for okey, old in sorted(left_old.items()):
            found = [k for k, new in left_new.items() if k[1] == okey[1] and same(old, new)]
            if len(found) != 1:
                continue
            rivals = [k for k, o in left_old.items() if k[1] == okey[1] and same(o, left_new[found[0]])]
            if len(rivals) == 1:
                moves.append(Move(okey, found[0], _renamed(okey[0], found[0][0])))
                taken.append(okey)
                del left_new[found[0]]
        for okey in taken:
            del left_old[okey]
    return moves


def _same_template(old: Operation, new: Operation) -> bool:
    return PARAM.sub("{}", old.path) == PARAM.sub("{}", new.path)


def _same_operation_id(old: Operation, new: Operation) -> bool:
    return old.operation_id is not None and old.operation_id == new.operation_id


def _same_suffix_and_summary(old: Operation, new: Operation) -> bool:
    a, b = PARAM.sub("{}", old.path), PARAM.sub("{}", new.path)
    suffix = a.endswith(b) or b.endswith(a)
    return suffix and old.summary is not None and old.summary == new.summary


def _renamed(old_path: str, new_path: str) -> dict[str, str]:
    """Path parameter names in template order, when the templates match."""
    if PARAM.sub("{}", old_path) != PARAM.sub("{}", new_path):
        return {}
    return {a: b for a, b in zip(_names(old_path), _names(new_path)) if a != b}


def _names(path: str) -> list[str]:
    return [m[1:-1] for m in PARAM.findall(path)]
