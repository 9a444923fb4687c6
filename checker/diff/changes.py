"""Compare two schemas by meaning, as seen from one side of the wire.

`SchemaComparer.compare(old, new, side)` walks both schemas in step, following `$ref`s on
both sides (so renamed components with the same content compare equal), and returns raw
`Change`s with a property path relative to the compared root and the JSON pointer of the
changed place. Results for a pair of `$ref` targets are memoised, so a shared component is
compared once however many operations reach it; a pair already being compared (a cycle) is
assumed equal at the inner visit, which terminates recursive schemas.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable

from checker.diff.refs import SpecIndex
from checker.diff.schema import Child, Node, discriminator_key, esc

REQUEST, RESPONSE = "request", "response"
INF = 1 << 30
BOUNDS = (  # (change, keywords, True when a smaller value is tighter); numeric bounds below
    ("max-length-decreased", ("maxLength",), True), ("max-items-decreased", ("maxItems",), True),
    ("max-properties-decreased", ("maxProperties",), True),
    ("min-length-increased", ("minLength",), False), ("min-items-increased", ("minItems",), False),
    ("min-properties-increased", ("minProperties",), False),
)


@dataclass(frozen=True)
class Change:
    what: str  # e.g. "property-removed", "enum-value-added", "type-changed"
    path: tuple[str, ...]  # property path from the compared root ("[]" = array items)
    pointer: str  # the changed place: new document, or old document for removals
    before: Any = None
    after: Any = None
    required: bool = False  # added/removed property: is/was it required
    open_enum: bool = False  # the enum is listed as open (values come and go)
    hidden: str = ""  # "readOnly" / "writeOnly": the property exists on one side of the wire only


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
        self._keys: dict[tuple[int, str], tuple[str, str]] = {}

    def compare(self, old: Child, new: Child, side: str) -> list[Change]:
        """Changes as seen from `side`: readOnly properties do not exist in requests,
        writeOnly ones not in responses. The walk itself is the same for both sides."""
        hidden = "readOnly" if side == REQUEST else "writeOnly"
        return [c for c in self._pair(old, new, ("", "")) if c.hidden != hidden]

    # -- dispatch -------------------------------------------------------------------
    def _pair(self, old: Child, new: Child, ctx: tuple[str, str]) -> list[Change]:
        if old[0] == new[0] and self._clean(new[0]):  # same text, only unchanged refs inside
            return []
        o = self.old.node(*old)
        n = self.new.node(*new)
        if o.ref is not None and n.ref is not None:
            out = [] if o.nullable == n.nullable else [
                Change("became-nullable" if n.nullable else "became-not-nullable", (), n.pointer)]
            return out + self._refs(o.ref, n.ref)
        if o.ref is not None:
            o, ctx = self._through(self.old, o, ctx)
        if n.ref is not None:
            n, ctx = self._through(self.new, n, ctx)
        return self._nodes(o, n, ctx)

    def _clean(self, raw: Any) -> bool:
        """No $ref inside `raw` leads to a changed component (memoised per object)."""
        if not isinstance(raw, (dict, list)):
            return True
        key = id(raw)
        known = self._clean_memo.get(key)
        if known is None:
            values = raw.values() if isinstance(raw, dict) else raw
            ref = raw.get("$ref") if isinstance(raw, dict) else None
            known = (ref is None or ref in self.unchanged) and all(self._clean(v) for v in values)
            self._clean_memo[key] = known
        return known

    def _through(self, index: SpecIndex, node: Node, ctx: tuple[str, str]) -> tuple[Node, tuple[str, str]]:
        target = index.resolve(node.ref or "")
        if target is None:
            return Node(node.pointer, nullable=node.nullable), ctx
        resolved = index.node(*target)
        if node.nullable and not resolved.nullable:
            resolved = replace(resolved, nullable=True)
        return resolved, (component_name(target[1]), "")

    def _refs(self, old_ref: str, new_ref: str) -> list[Change]:
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
        try:
            ctx = (component_name(nt[1]), "")
            result = dedupe(self._nodes(self.old.node(*ot), self.new.node(*nt), ctx))
        finally:
            del self._active[key]
        if self._low >= depth:
            self._memo[key] = result
        self._low = min(saved, self._low) if self._low < depth else saved
        return result

    # -- one pair of normalised nodes -----------------------------------------------
    def _nodes(self, o: Node, n: Node, ctx: tuple[str, str]) -> list[Change]:
        out: list[Change] = []
        if o.nullable != n.nullable:
            out.append(Change("became-nullable" if n.nullable else "became-not-nullable", (), n.pointer))
        if bool(o.union) != bool(n.union):  # became / stopped being a union: match the plain side
            return out + self._union(o, n, ctx)
        if not o.union:
            self._types(o, n, out)
        self._enum(o, n, ctx, out)
        self._keywords(o, n, out)
        self._properties(o, n, ctx, out)
        if isinstance(o.addl, tuple) and isinstance(n.addl, tuple):
            out += prefixed("{*}", self._pair(o.addl, n.addl, ctx))
        elif o.addl is not False and n.addl is False:
            out.append(Change("additional-properties-closed", (), n.pointer))
        if o.items is not None and n.items is not None:
            out += prefixed("[]", self._pair(o.items, n.items, ctx))
        if o.union:
            out += self._union(o, n, ctx)
        return out

    def _types(self, o: Node, n: Node, out: list[Change]) -> None:
        if o.types is None and n.types is None or o.types == n.types:
            return
        before = sorted(o.types) if o.types is not None else None
        after = sorted(n.types) if n.types is not None else None
        wider, narrower = covers(n.types, o.types), covers(o.types, n.types)
        what = "type-widened" if wider else "type-narrowed" if narrower else "type-changed"
        out.append(Change(what, (), n.pointer, before, after))

    def _enum(self, o: Node, n: Node, ctx: tuple[str, str], out: list[Change]) -> None:
        if o.enum == n.enum:
            return
        is_open = self._is_open(ctx)
        if o.enum is None:
            out.append(Change("became-enum", (), n.pointer, None, list(n.enum.values())[:20]))
            return
        if n.enum is None:
            out.append(Change("enum-removed", (), n.pointer, list(o.enum.values())[:20], None))
            return
        if len(o.enum) == 1 and len(n.enum) == 1:
            out.append(Change("const-changed", (), n.pointer, *o.enum.values(), *n.enum.values()))
            return
        removed = [v for k, v in o.enum.items() if k not in n.enum]
        added = [v for k, v in n.enum.items() if k not in o.enum]
        if removed:
            out.append(Change("enum-value-removed", (), n.pointer, removed, None, open_enum=is_open))
        if added:
            out.append(Change("enum-value-added", (), n.pointer, None, added, open_enum=is_open))

    def _is_open(self, ctx: tuple[str, str]) -> bool:
        """Open if the component, or a property path in it, is listed ("Comp", "Comp.a.b")."""
        name = ctx[0]
        if name in self.open_enums:
            return True
        for part in ctx[1].split(".") if ctx[1] else ():
            name = f"{name}.{part}"
            if name in self.open_enums:
                return True
        return False

    def _keywords(self, o: Node, n: Node, out: list[Change]) -> None:
        for what, pairs, upper in BOUNDS:
            for key in pairs:
                a, b = o.limits.get(key), n.limits.get(key)
                if b is not None and a != b and (a is None or (b < a if upper else b > a)):
                    out.append(Change(what, (), n.pointer, a, b))
        for what, upper in (("max-decreased", True), ("min-increased", False)):
            a, b = bound(o, upper), bound(n, upper)
            if b is not None and a != b and (a is None or tighter(a, b, upper)):
                out.append(Change(what, (), n.pointer, show_bound(a, upper), show_bound(b, upper)))
        if n.pattern and o.pattern != n.pattern:
            what = "pattern-added" if o.pattern is None else "pattern-changed"
            out.append(Change(what, (), n.pointer, o.pattern, n.pattern))
        if o.format is not None and n.format is not None and o.format != n.format:
            out.append(Change("format-changed", (), n.pointer, o.format, n.format))
        if o.has_default and n.has_default and o.default != n.default:
            out.append(Change("default-changed", (), n.pointer, small(o.default), small(n.default)))
        elif o.has_default != n.has_default:
            what = "default-added" if n.has_default else "default-removed"
            out.append(Change(what, (), n.pointer, small(o.default), small(n.default)))
        if n.deprecated and not o.deprecated:
            out.append(Change("deprecated", (), n.pointer))

    def _properties(self, o: Node, n: Node, ctx: tuple[str, str],
                    out: list[Change]) -> None:
        for name in sorted(o.props.keys() | n.props.keys()):
            sub_ctx = (ctx[0], f"{ctx[1]}.{name}" if ctx[1] else name)
            if name not in n.props:
                raw, ptr = o.props[name]
                out.append(Change("property-removed", (name,), ptr, required=name in o.required,
                                  hidden=visibility(raw)))
            elif name not in o.props:
                raw, ptr = n.props[name]
                out.append(Change("property-added", (name,), ptr, required=name in n.required,
                                  hidden=visibility(raw)))
            else:
                ptr = n.props[name][1]
                if (name in o.required) != (name in n.required):
                    what = "became-required" if name in n.required else "became-optional"
                    out.append(Change(what, (name,), ptr))
                out += prefixed(name, self._pair(o.props[name], n.props[name], sub_ctx))

    def _union(self, o: Node, n: Node, ctx: tuple[str, str]) -> list[Change]:
        olds = [(c, self._member_key(self.old, c)) for c in o.union] or [(None, self._plain_key(o, ctx))]
        news = [(c, self._member_key(self.new, c)) for c in n.union] or [(None, self._plain_key(n, ctx))]
        kind = n.union_kind or o.union_kind
        pairs, removed, added = match(olds, news)
        out: list[Change] = []
        for (oc, (label, _)), (nc, _) in pairs:
            out += prefixed(f"({label})", self._member(oc, nc, o, n, ctx))
        for child, (label, _) in removed:
            out.append(Change(f"{kind}-removed", (), child[1] if child else o.pointer, label, None))
        for child, (label, _) in added:
            out.append(Change(f"{kind}-added", (), child[1] if child else n.pointer, None, label))
        return out

    def _member(self, oc: Child | None, nc: Child | None, o: Node, n: Node,
                ctx: tuple[str, str]) -> list[Change]:
        if oc is None or nc is None:  # one side was not a union: compare it with the member
            if oc is None:
                member, n_ctx = self._plain_member(self.new, nc, ctx)
                return self._nodes(replace(o, nullable=member.nullable), member, n_ctx)
            member, o_ctx = self._plain_member(self.old, oc, ctx)
            return self._nodes(member, replace(n, nullable=member.nullable), o_ctx)
        return self._pair(oc, nc, ctx)

    def _plain_member(self, index: SpecIndex, child: Child, ctx: tuple[str, str]):
        node = index.node(*child)
        return self._through(index, node, ctx) if node.ref is not None else (node, ctx)

    def _member_key(self, index: SpecIndex, child: Child) -> tuple[str, str]:
        memo_key = (id(index), child[1])
        key = self._keys.get(memo_key)
        if key is None:
            key = self._keys[memo_key] = self._compute_member_key(index, child)
        return key

    def _compute_member_key(self, index: SpecIndex, child: Child) -> tuple[str, str]:
        raw, ptr = child
        node = index.node(raw, ptr)
        if node.ref:
            target = index.resolve(node.ref)
            node = index.node(*target) if target else node
        kind = type_key(node)
        disc = discriminator_key(raw, index.resolve)
        if disc:
            return disc, kind
        return (component_name(raw["$ref"]) if isinstance(raw, dict) and "$ref" in raw else kind), kind

    def _plain_key(self, node: Node, ctx: tuple[str, str]) -> tuple[str, str]:
        kind = type_key(node)
        for name in sorted(node.props):
            raw = node.props[name][0]
            values = ([raw["const"]] if "const" in raw else raw.get("enum")) if isinstance(raw, dict) else None
            if isinstance(values, list) and len(values) == 1 and values[0] is not None:
                return f"{name}={values[0]}", kind
        return (ctx[0] if ctx[0] and not ctx[1] else kind), kind


def match(olds: list, news: list) -> tuple[list, list, list]:
    """Pair union members: equal identity first, then a unique equal type among leftovers;
    a single leftover on each side pairs up too (one variant reworked or renamed)."""
    pairs, left_old, left_new = _pair_by(olds, news, lambda item: item[1][0])
    more, left_old, left_new = _pair_by(left_old, left_new, lambda item: item[1][1], unique=True)
    pairs += more
    if len(left_old) == 1 and len(left_new) == 1:
        return pairs + [(left_old[0], left_new[0])], [], []
    return pairs, left_old, left_new


def _pair_by(olds: list, news: list, key, unique: bool = False) -> tuple[list, list, list]:
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


def bound(node: Node, upper: bool) -> tuple[float, bool] | None:
    """The numeric bound as (value, exclusive); for integers exclusive bounds become inclusive."""
    inclusive = node.limits.get("maximum" if upper else "minimum")
    exclusive = node.limits.get("exclusiveMaximum" if upper else "exclusiveMinimum")
    cands = []
    if inclusive is not None:
        cands.append((inclusive, False))
    if exclusive is not None:
        if node.types == frozenset({"integer"}) and float(exclusive).is_integer():
            cands.append((exclusive - 1 if upper else exclusive + 1, False))
        else:
            cands.append((exclusive, True))
    if not cands:
        return None
    return cands[0] if len(cands) == 1 else (cands[0] if tighter(cands[1], cands[0], upper) else cands[1])


def tighter(old: tuple[float, bool], new: tuple[float, bool], upper: bool) -> bool:
    if old[0] != new[0]:
        return new[0] < old[0] if upper else new[0] > old[0]
    return new[1] and not old[1]


def show_bound(value: tuple[float, bool] | None, upper: bool) -> Any:
    if value is None or not value[1]:
        return None if value is None else value[0]
    return f"{'<' if upper else '>'} {value[0]}"


def visibility(raw: Any) -> str:
    if isinstance(raw, dict):
        if raw.get("readOnly") is True:
            return "readOnly"
        if raw.get("writeOnly") is True:
            return "writeOnly"
    return ""


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


def prefixed(token: str, changes: list[Change]) -> list[Change]:
    return [Change(c.what, (token, *c.path), c.pointer, c.before, c.after, c.required, c.open_enum,
                   c.hidden) for c in changes]


def dedupe(changes: list[Change]) -> list[Change]:
    """One change per (kind, place): the one reached by the shortest property path."""
    best: dict[tuple[str, str], Change] = {}
    for c in changes:
        key = (c.what, c.pointer)
        cur = best.get(key)
        if cur is None or (len(c.path), c.path) < (len(cur.path), cur.path):
            best[key] = c
    return list(best.values())


def small(value: Any, limit: int = 200) -> Any:
    """Keep report values small: big structures become a short note."""
    import json

    text = json.dumps(value, default=str)
    return value if len(text) <= limit else f"{text[:limit]}..."
