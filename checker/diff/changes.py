"""Compare two schemas by meaning.

`SchemaComparer.compare(old, new, side)` walks both schemas in step, following `$ref`s on
both sides (so renamed components with the same content compare equal), and returns raw
`Change`s with a property path relative to the compared root and the JSON pointer of the
changed place. Subtrees with equal text and only unchanged components inside are skipped
without descending. Results for a pair of `$ref` targets are memoised, so a shared
component is compared once however many operations reach it; a pair already being
compared (a cycle) is assumed equal at the inner visit, which terminates recursive schemas.
The walk is the same for requests and responses; `side` only hides readOnly/writeOnly
properties. Classification by direction is classify.py's job. Keywords are compared in
keywords.py, unions in variants.py.
"""
from __future__ import annotations

from typing import Any, Iterable

from msgspec.structs import replace

from checker.api.problems import MAX_DEPTH
from checker.diff.change import REQUEST, Change, Path, dedupe, nullability, relabel, visibility
from checker.diff.keywords import Ctx, Keywords, remapped
from checker.diff.refs import SpecIndex
from checker.diff.schema import Child, Node, component_name, follows_refs
from checker.diff.variants import Variants

INF = 1 << 30
NULLABILITY = ("became-nullable", "became-not-nullable")


class SchemaComparer(Keywords, Variants):
    def __init__(self, old: SpecIndex, new: SpecIndex, unchanged: set[str],
                 open_enums: Iterable[str] = ()) -> None:
        self.old, self.new = old, new
        self.unchanged = unchanged
        self.open_enums = frozenset(open_enums)
        self._memo: dict[tuple[str, str], list[Change]] = {}
        self._active: dict[tuple[str, str], int] = {}
        self._low = INF
        self._clean_memo: dict[int, bool] = {}
        self._identities: dict[tuple[int, Any, bool, str | None], str] = {}
        self._kinds: dict[tuple[int, str], str] = {}
        self._kept: dict[tuple[int, int], tuple[tuple[Child, ...], tuple[Child, ...]]] = {}
        self._nest = 0  # pairs being compared, one inside the other

    def compare(self, old: Child, new: Child, side: str) -> list[Change]:
        """Changes as seen from `side`: readOnly properties do not exist in requests,
        writeOnly ones not in responses."""
        hidden = "readOnly" if side == REQUEST else "writeOnly"
        out: list[Change] = []
        self._pair(old, new, ("", ""), (), out)
        return [c for c in out if c.hidden != hidden]

    # -- dispatch -------------------------------------------------------------------
    def _pair(self, old: Child, new: Child, ctx: Ctx, path: Path, out: list[Change]) -> None:
        try:
            same = old[0] == new[0]
        except RecursionError:  # nested too deeply for Python's comparison: compare by meaning
            same = False
        if not (same and self._clean(new[0])):  # else: same text, only unchanged components inside
            self._descend(old, new, same, ctx, path, out)

    def _descend(self, old: Child, new: Child, same: bool, ctx: Ctx, path: Path,
                 out: list[Change]) -> None:
        if self._nest >= MAX_DEPTH:
            return  # nested deeper than the model walks: problems.py reports spec-too-deep
        if same and not follows_refs(new[0]):
            o = n = self.new.node(*new)  # same text: one normalisation serves both sides
        else:
            o, n = self.old.node(*old), self.new.node(*new)
        self._nest += 1  # not restored on an exception: that ends the whole comparison
        self._dispatch(o, n, ctx, path, out)
        self._nest -= 1

    def _dispatch(self, o: Node, n: Node, ctx: Ctx, path: Path, out: list[Change]) -> None:
        """Two normalised schemas: $ref pairs go through the memo, a lone $ref is resolved."""
        if o.ref is not None and n.ref is not None:
            found = self._refs(o.ref, n.ref)
            if o.nullable or n.nullable:  # null may have moved between this wrapper and the target
                was = self._through(self.old, o, ctx)[0].nullable
                now = self._through(self.new, n, ctx)[0].nullable
                found = [c for c in found if c.path or c.what not in NULLABILITY]
                if was != now:
                    out.append(nullability(n, path))
            out.extend(found if not path else [relabel(c, path) for c in found])
            return
        if o.ref is not None:
            o, ctx = self._through(self.old, o, ctx)
        if n.ref is not None:
            n, ctx = self._through(self.new, n, ctx)
        self._nodes(o, n, ctx, path, out)

    def _clean(self, raw: Any, depth: int = 0) -> bool:
        """No $ref inside `raw` leads to a changed component (memoised per object; beyond
        MAX_DEPTH levels the answer is no, so the pair is descended and cut off there)."""
        known = self._clean_memo.get(id(raw))
        if known is None:
            if depth > MAX_DEPTH:
                return False
            if isinstance(raw, dict):
                ref = raw.get("$ref")
                known = ref is None or ref in self.unchanged
                values = raw.values()
            elif isinstance(raw, list):
                known, values = True, raw
            else:
                return True
            if known:
                for value in values:
                    if isinstance(value, (dict, list)) and not self._clean(value, depth + 1):
                        known = False
                        break
            self._clean_memo[id(raw)] = known
        return known

    def _through(self, index: SpecIndex, node: Node, ctx: Ctx) -> tuple[Node, Ctx]:
        """Follow a $ref node to a schema that is not just a $ref (bounded: ref loops)."""
        nullable = node.nullable
        for _ in range(16):
            target = index.resolve(node.ref or "")
            if target is None:
                return Node(node.pointer, nullable=nullable), ctx
            node, ctx = index.node(*target), (component_name(target[1]), "")
            nullable = nullable or node.nullable
            if node.ref is None:
                return (replace(node, nullable=True) if nullable and not node.nullable else node), ctx
        return Node(node.pointer, nullable=nullable), ctx

    def _refs(self, old_ref: str, new_ref: str) -> list[Change]:
        """Changes between two $ref targets, relative to them (memoised unless a cycle
        through an outer pair was cut short while computing them)."""
        if old_ref == new_ref and old_ref in self.unchanged:
            return []
        key = (old_ref, new_ref)
        if key in self._memo:
            return self._memo[key]
        if key in self._active:  # a cycle: assume equal here; report at the outer visit
            self._low = min(self._low, self._active[key])
            return []
        ot, nt = self.old.resolve(old_ref), self.new.resolve(new_ref)
        if ot is None or nt is None:
            return []
        depth = self._active[key] = len(self._active)
        saved, self._low = self._low, INF
        result: list[Change] = []
        try:
            self._dispatch(self.old.node(*ot), self.new.node(*nt), (component_name(nt[1]), ""), (), result)
        finally:
            del self._active[key]
        result = dedupe(result)
        if self._low >= depth:
            self._memo[key] = result
        self._low = min(saved, self._low) if self._low < depth else saved
        return result

    # -- one pair of normalised nodes -----------------------------------------------
    def _nodes(self, o: Node, n: Node, ctx: Ctx, path: Path, out: list[Change]) -> None:
        if o.nullable != n.nullable:
            out.append(nullability(n, path))
        if bool(o.union) != bool(n.union):  # became / stopped being a union: match the plain side
            self._union(o, n, ctx, path, out)
            return
        if not o.union and o.types != n.types:
            self._types(o, n, path, out)
        if o.enum != n.enum:
            self._enum(o, n, ctx, path, out)
        if o.limits or n.limits:
            self._limits(o, n, path, out)
        self._keywords(o, n, path, out)
        if o.props or n.props:
            self._properties(o, n, ctx, path, out)
        if isinstance(o.addl, tuple) and isinstance(n.addl, tuple):
            self._pair(o.addl, n.addl, ctx, path + ("{*}",), out)
        elif o.addl is not False and n.addl is False:
            out.append(Change("additional-properties-closed", path, n.pointer))
        if o.items is not None and n.items is not None:
            self._pair(o.items, n.items, ctx, path + ("[]",), out)
        if o.union:
            if o.tag != n.tag and o.tag and n.tag:
                out.append(Change("discriminator-property-changed", path, n.pointer, o.tag, n.tag))
            elif o.mapping and n.mapping and o.mapping != n.mapping:
                moved = remapped(o.mapping, n.mapping)
                if moved:  # values added or dropped come with their variants (one-of-added...)
                    out.append(Change("discriminator-mapping-changed", path, n.pointer,
                                      [f"{k}={component_name(o.mapping[k])}" for k in moved],
                                      [f"{k}={component_name(n.mapping[k])}" for k in moved]))
            self._union(o, n, ctx, path, out)

    def _properties(self, o: Node, n: Node, ctx: Ctx, path: Path, out: list[Change]) -> None:
        for name in sorted(o.props.keys() | n.props.keys()):
            sub = path + (name,)
            if name not in n.props:
                raw, ptr = o.props[name]
                out.append(Change("property-removed", sub, ptr, required=name in o.required,
                                  hidden=visibility(raw)))
            elif name not in o.props:
                raw, ptr = n.props[name]
                out.append(Change("property-added", sub, ptr, required=name in n.required,
                                  hidden=visibility(raw)))
            else:
                old, new = o.props[name], n.props[name]
                if (name in o.required) != (name in n.required):
                    what = "became-required" if name in n.required else "became-optional"
                    out.append(Change(what, sub, new[1]))
                try:
                    same = old[0] == new[0]
                except RecursionError:
                    same = False
                if same and self._clean(new[0]):
                    continue  # as in _pair, but before building the context
                sub_ctx = (ctx[0], f"{ctx[1]}.{name}" if ctx[1] else name)
                self._descend(old, new, same, sub_ctx, sub, out)
