"""Comparing unions (oneOf/anyOf) by what they accept: members paired by identity (see
unions.py), members another member covers compared as advisory only, a union on one side
matched against the plain schema on the other. A mixin of SchemaComparer (changes.py), whose
walk (`_pair`, `_nodes`, `_through`) and memo tables it uses."""
from __future__ import annotations

from functools import partial

from msgspec.structs import replace

from checker.diff.change import Change, Path
from checker.diff.keywords import Ctx
from checker.diff.refs import SpecIndex
from checker.diff.schema import (Child, Node, component_name, covers, discriminator_key, is_bare, may_be_bare,
                                 type_key)
from checker.diff.unions import Member, fixed_value_key, match


class Variants:
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
        if not any(may_be_bare(c[0], index.resolve) for c in members):
            return members  # no member covers another (the usual union of objects): none normalised here
        nodes = [self._plain_member(index, c, ("", ""))[0] for c in members]
        bare = [(j, other) for j, other in enumerate(nodes) if is_bare(other)]  # what can cover
        if not bare:
            return members
        keep = []
        for i, (child, node) in enumerate(zip(members, nodes)):
            plain = is_bare(node)
            covered = not node.union and any(
                j != i and covers(other.types, node.types) and (not plain or other.types != node.types or j < i)
                for j, other in bare)
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
