"""Compare two schemas by meaning.

`SchemaComparer.compare(old, new, side)` walks both schemas in step, following `$ref`s on
both sides (so renamed components with the same content compare equal), and returns raw
`Change`s with a property path relative to the compared root and the JSON pointer of the
changed place. Subtrees with equal text and only unchanged components inside are skipped
without descending. Results for a pair of `$ref` targets are memoised, so a shared
component is compared once however many operations reach it; a pair already being
compared (a cycle) is assumed equal at the inner visit, which terminates recursive schemas.
The walk is the same for requests and responses; `side` only hides readOnly/writeOnly
properties. Classification by direction is classify.py's job.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Iterable

from checker.api.problems import MAX_DEPTH
from checker.diff.bounds import bound, show_bound, tighter
from checker.diff.refs import SpecIndex
from checker.diff.schema import Child, Node, discriminator_key, follows_refs
from checker.diff.unions import Member, fixed_value_key, match

REQUEST, RESPONSE = "request", "response"
INF = 1 << 30
NULLABILITY = ("became-nullable", "became-not-nullable")
Path = tuple[str, ...]
Ctx = tuple[str, str]  # (nearest component name, property path inside it) for open enums
LENGTHS = (  # (tighter change, looser change, keyword, True when a smaller value is tighter)
    ("max-length-decreased", "max-length-increased", "maxLength", True),
    ("max-items-decreased", "max-items-increased", "maxItems", True),
    ("max-properties-decreased", "max-properties-increased", "maxProperties", True),
    ("min-length-increased", "min-length-decreased", "minLength", False),
    ("min-items-increased", "min-items-decreased", "minItems", False),
    ("min-properties-increased", "min-properties-decreased", "minProperties", False),
)
BOUNDS = (("max-decreased", "max-increased", True), ("min-increased", "min-decreased", False))
IN_OLD = frozenset({"property-removed", "one-of-removed", "any-of-removed"})  # pointer in the old spec


@dataclass(slots=True)
class Change:
    what: str  # e.g. "property-removed", "enum-value-added", "type-changed"
    path: Path  # property path from the compared root ("[]" items, "{*}" map values, "(x)" variant)
    pointer: str  # the changed place: new document, or old document for removals
    before: Any = None
    after: Any = None
    required: bool = False  # added/removed property: is/was it required
    open_enum: bool = False  # the enum is listed as open (values come and go)
    hidden: str = ""  # "readOnly"/"writeOnly": the property exists on one side of the wire only
    covered: bool = False  # inside a union member another member accepts as a whole: advisory


class SchemaComparer:
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

    def _types(self, o: Node, n: Node, path: Path, out: list[Change]) -> None:
        before = sorted(o.types) if o.types is not None else None
        after = sorted(n.types) if n.types is not None else None
        wider, narrower = covers(n.types, o.types), covers(o.types, n.types)
        what = "type-widened" if wider else "type-narrowed" if narrower else "type-changed"
        out.append(Change(what, path, n.pointer, before, after))

    def _enum(self, o: Node, n: Node, ctx: Ctx, path: Path, out: list[Change]) -> None:
        if o.enum is None:
            out.append(Change("became-enum", path, n.pointer, None, list(n.enum.values())[:20]))
        elif n.enum is None:
            out.append(Change("enum-removed", path, n.pointer, list(o.enum.values())[:20], None))
        elif len(o.enum) == 1 and len(n.enum) == 1:
            out.append(Change("const-changed", path, n.pointer, *o.enum.values(), *n.enum.values()))
        else:
            is_open = self._is_open(ctx)
            removed = [v for k, v in o.enum.items() if k not in n.enum]
            added = [v for k, v in n.enum.items() if k not in o.enum]
            if removed:
                out.append(Change("enum-value-removed", path, n.pointer, removed, None, open_enum=is_open))
            if added:
                out.append(Change("enum-value-added", path, n.pointer, None, added, open_enum=is_open))

    def _is_open(self, ctx: Ctx) -> bool:
        """Open if the component, or a property path in it, is listed ("Comp", "Comp.a.b")."""
        name = ctx[0]
        if name in self.open_enums:
            return True
        for part in ctx[1].split(".") if ctx[1] else ():
            name = f"{name}.{part}"
            if name in self.open_enums:
                return True
        return False

    def _limits(self, o: Node, n: Node, path: Path, out: list[Change]) -> None:
        """Tighter limits break senders; looser ones (or none) break readers."""
        for narrower, looser, key, upper in LENGTHS:
            a, b = o.limits.get(key), n.limits.get(key)
            if a != b:
                tight = a is None or (b is not None and (b < a if upper else b > a))
                out.append(Change(narrower if tight else looser, path, n.pointer, a, b))
        for narrower, looser, upper in BOUNDS:
            a, b = bound(o, upper), bound(n, upper)
            if a != b:
                tight = a is None or (b is not None and tighter(a, b, upper))
                out.append(Change(narrower if tight else looser, path, n.pointer,
                                  show_bound(a, upper), show_bound(b, upper)))

    def _keywords(self, o: Node, n: Node, path: Path, out: list[Change]) -> None:
        if o.pattern != n.pattern:
            what = "pattern-added" if o.pattern is None else "pattern-removed" if n.pattern is None \
                else "pattern-changed"
            out.append(Change(what, path, n.pointer, o.pattern, n.pattern))
        if o.multiple_of != n.multiple_of:
            what = "multiple-of-narrowed" if divides(o.multiple_of, n.multiple_of) else \
                "multiple-of-widened" if divides(n.multiple_of, o.multiple_of) else "multiple-of-changed"
            out.append(Change(what, path, n.pointer, o.multiple_of, n.multiple_of))
        if o.unique_items != n.unique_items:
            what = "became-unique-items" if n.unique_items else "unique-items-removed"
            out.append(Change(what, path, n.pointer))
        if o.format is not None and n.format is not None and o.format != n.format:
            out.append(Change("format-changed", path, n.pointer, o.format, n.format))
        if o.has_default and n.has_default and o.default != n.default:
            out.append(Change("default-changed", path, n.pointer, small(o.default), small(n.default)))
        elif o.has_default != n.has_default:
            what = "default-added" if n.has_default else "default-removed"
            out.append(Change(what, path, n.pointer, small(o.default), small(n.default)))
        if n.deprecated and not o.deprecated:
            out.append(Change("deprecated", path, n.pointer))

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

    # -- unions ---------------------------------------------------------------------
    def _union(self, o: Node, n: Node, ctx: Ctx, path: Path, out: list[Change]) -> None:
        tag = n.tag or o.tag
        olds = self._members(self.old, o, ctx, tag)
        news = self._members(self.new, n, ctx, tag)
        kind = n.union_kind or o.union_kind
        pairs, removed, added = match(olds, news)
        if not n.union:  # a variant the plain schema accepts as a whole is not lost (nor gained)
            removed = [m for m in removed if not self._accepts(n, self.old, m[0])]
        if not o.union:
            added = [m for m in added if not self._accepts(o, self.new, m[0])]
        for (oc, label, _), (nc, _, _) in pairs:
            self._member(oc, nc, o, n, ctx, path + (f"({label})",), out)
        if o.union and n.union:
            self._covered(o, n, ctx, path, tag, out)
        for child, label, _ in removed:
            out.append(Change(f"{kind}-removed", path, child[1] if child else o.pointer, label, None))
        for child, label, _ in added:
            out.append(Change(f"{kind}-added", path, child[1] if child else n.pointer, None, label))

    def _covered(self, o: Node, n: Node, ctx: Ctx, path: Path, tag: str | None, out: list[Change]) -> None:
        """Members both unions carry but another member covers (a list of known values
        beside `{type: string}`) are still compared: their changes are advisory only."""
        kept_old = {c[1] for c in self._redundant(self.old, o.union)}
        kept_new = {c[1] for c in self._redundant(self.new, n.union)}
        olds = [(c, self._identity(self.old, c, tag), partial(self._kind, self.old, c))
                for c in o.union if c[1] not in kept_old]
        news = [(c, self._identity(self.new, c, tag), partial(self._kind, self.new, c))
                for c in n.union if c[1] not in kept_new]
        if not olds or not news:
            return
        found: list[Change] = []
        for (oc, label, _), (nc, _, _) in match(olds, news)[0]:
            self._pair(oc, nc, ctx, path + (f"({label})",), found)
        out.extend(replace(c, covered=True) for c in found)

    def _accepts(self, plain: Node, index: SpecIndex, child: Child | None) -> bool:
        """`plain` accepts every value of the union member `child` (judged by type alone,
        so only when `plain` constrains nothing but the type)."""
        if child is None or not is_bare(plain):
            return False
        member = self._plain_member(index, child, ("", ""))[0]
        return (not member.union and covers(plain.types, member.types)
                and (plain.nullable or not member.nullable))

    def _redundant(self, index: SpecIndex, members: tuple[Child, ...]) -> tuple[Child, ...]:
        """Members another member accepts as a whole (`anyOf: [{enum: [a]}, {type: string}]`
        is just a string) are dropped, so a union compares by what it accepts (memoised per
        union: the memo holds the members, so their id is not reused)."""
        memo_key = (id(index), id(members))
        known = self._kept.get(memo_key)
        if known is None or known[0] is not members:
            known = self._kept[memo_key] = (members, self._not_covered(index, members))
        return known[1]

    def _not_covered(self, index: SpecIndex, members: tuple[Child, ...]) -> tuple[Child, ...]:
        nodes = [self._plain_member(index, c, ("", ""))[0] for c in members]
        keep = []
        for i, (child, node) in enumerate(zip(members, nodes)):
            covered = not node.union and any(
                j != i and is_bare(other) and covers(other.types, node.types) and
                (not is_bare(node) or other.types != node.types or j < i)
                for j, other in enumerate(nodes))
            if not covered:
                keep.append(child)
        return tuple(keep)

    def _member(self, oc: Child | None, nc: Child | None, o: Node, n: Node, ctx: Ctx,
                path: Path, out: list[Change]) -> None:
        if oc is not None and nc is not None:
            self._pair(oc, nc, ctx, path, out)
        elif oc is None:  # the old side was not a union: compare it with the new member
            member, n_ctx = self._plain_member(self.new, nc, ctx)
            self._nodes(replace(o, nullable=member.nullable), member, n_ctx, path, out)
        else:
            member, o_ctx = self._plain_member(self.old, oc, ctx)
            self._nodes(member, replace(n, nullable=member.nullable), o_ctx, path, out)

    def _plain_member(self, index: SpecIndex, child: Child, ctx: Ctx) -> tuple[Node, Ctx]:
        node = index.node(*child)
        return self._through(index, node, ctx) if node.ref is not None else (node, ctx)

    def _members(self, index: SpecIndex, node: Node, ctx: Ctx, tag: str | None) -> list[Member]:
        """The union's members, or the plain schema as the only member (a union on one side)."""
        if node.union:
            return [(c, self._identity(index, c, tag), partial(self._kind, index, c))
                    for c in self._redundant(index, node.union)]
        kind = type_key(node)
        fixed = fixed_value_key(node.props, tag)
        identity = fixed or (ctx[0] if ctx[0] and not ctx[1] else kind)
        return [(None, identity, lambda: kind)]

    def _identity(self, index: SpecIndex, child: Child, tag: str | None) -> str:
        """Discriminating value, else $ref name, else type key (memoised per $ref or pointer:
        a member with a $ref is identified by its target alone)."""
        raw = child[0]
        has_ref = isinstance(raw, dict) and isinstance(raw.get("$ref"), str)
        memo_key = (id(index), raw["$ref"] if has_ref else child[1], has_ref, tag)
        identity = self._identities.get(memo_key)
        if identity is None:
            identity = discriminator_key(raw, index.resolve, tag) or (
                component_name(raw["$ref"]) if has_ref else self._kind(index, child))
            self._identities[memo_key] = identity
        return identity

    def _kind(self, index: SpecIndex, child: Child) -> str:
        """A member's type key; only needed for members not paired by identity, so on demand."""
        memo_key = (id(index), child[1])
        kind = self._kinds.get(memo_key)
        if kind is None:
            node = index.node(*child)
            if node.ref:
                node = self._through(index, node, ("", ""))[0]
            kind = self._kinds[memo_key] = type_key(node)
        return kind


def divides(step: float | None, multiple: float | None) -> bool:
    """Every multiple of `multiple` is a multiple of `step` (no step: anything is)."""
    if step is None:
        return True
    if multiple is None or step == 0:
        return False
    ratio = multiple / step
    return abs(ratio - round(ratio)) < 1e-9


def remapped(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Discriminator values both mappings name, mapped to differently named variants."""
    return sorted(k for k in old.keys() & new.keys() if component_name(old[k]) != component_name(new[k]))


def relabel(c: Change, prefix: Path) -> Change:
    """`c` reached through `prefix` (a memoised component change seen from a caller)."""
    return Change(c.what, prefix + c.path, c.pointer, c.before, c.after, c.required, c.open_enum,
                  c.hidden, c.covered)


def nullability(new: Node, path: Path) -> Change:
    return Change("became-nullable" if new.nullable else "became-not-nullable", path, new.pointer)


def visibility(raw: Any) -> str:
    if isinstance(raw, dict):
        if raw.get("readOnly") is True:
            return "readOnly"
        if raw.get("writeOnly") is True:
            return "writeOnly"
    return ""


def is_bare(node: Node) -> bool:
    """A schema that constrains nothing but its type."""
    return (node.ref is None and node.enum is None and not node.limits and node.pattern is None
            and not node.props and not node.required and node.addl is not False and node.items is None
            and not node.union and node.multiple_of is None and not node.unique_items
            and not isinstance(node.addl, tuple))


def type_key(node: Node) -> str:
    return "|".join(sorted(node.types)) if node.types else "any"


def covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    """Every value of type set `narrow` is also of `wide` (integer is a number)."""
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def component_name(pointer: str) -> str:
    return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


def dedupe(changes: list[Change]) -> list[Change]:
    """One change per (kind, place): the one reached by the shortest property path."""
    best: dict[tuple[str, str], Change] = {}
    for c in changes:
        key = (c.what, c.pointer)
        cur = best.get(key)
        if cur is None or (len(c.path), c.path) < (len(cur.path), cur.path):
            best[key] = c
    return list(best.values())


# What json.dumps(value, default=str) would build anew on every call.
_SMALL_ENCODER = json.JSONEncoder(default=str)


def small(value: Any, limit: int = 200) -> Any:
    """Keep report values small: big structures become a short note."""
    text = _SMALL_ENCODER.encode(value)
    return value if len(text) <= limit else f"{text[:limit]}..."
