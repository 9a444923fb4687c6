"""Comparing the keywords of one pair of normalised schemas: type, enum, limits, bounds,
pattern, multipleOf, uniqueItems, format, default, deprecated (a mixin of SchemaComparer,
which supplies `open_enums`)."""
from __future__ import annotations

from checker.diff.bounds import bound, show_bound, tighter
from checker.diff.change import Change, Path, small
from checker.diff.schema import Node, component_name, covers

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


class Keywords:
    open_enums: frozenset[str]

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
