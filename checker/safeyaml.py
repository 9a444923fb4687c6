"""YAML with a bounded expansion: every YAML input (specs, rule, target and suppression files,
page front matter) is loaded here, so an alias bomb is refused before it is built.

A "billion laughs" document is a few hundred bytes whose aliases expand to billions of nodes.
Before constructing, the parser's events are walked once, counting how many nodes each anchor
stands for; aliases add that count. Past `budget` nodes (or, with `aliases=False`, at the first
alias) the input is refused with an InputError naming the file and line.
"""
from __future__ import annotations

import re
from typing import Any

from checker.errors import InputError

NODE_BUDGET = 2_000_000  # far above the real spec (~200k nodes), far below an alias bomb
_ALIAS_USE = re.compile(r"(?:^|[\s\[\{,:-])\*[^\s,\]\}]")


def safe_loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, label: str, *, loader: type | None = None, aliases: bool = True,
              budget: int = NODE_BUDGET) -> Any:
    """Parse YAML safely; InputError ("<label>: ... at line N") for bad or explosive input."""
    import yaml

    loader = loader or safe_loader()
    try:
        check_expansion(text, label, loader=loader, aliases=aliases, budget=budget)
        return yaml.load(text, Loader=loader)  # noqa: S506 - loader is a safe loader
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # constructors raise ValueError (2026-13-45)
        raise InputError(f"{label}: invalid YAML{describe(exc)}") from None


def describe(exc: Exception) -> str:
    """' at line N: problem' of a YAML parse or construction error, on one line."""
    return f"{_where(exc)}: {_problem(exc)}"


def check_expansion(text: str, label: str, *, loader: type | None = None, aliases: bool = True,
                    budget: int = NODE_BUDGET) -> None:
    """Refuse (InputError) YAML whose aliases are not allowed or expand past the budget."""
    import yaml

    if not _ALIAS_USE.search(text):
        return
    loader = loader or safe_loader()
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []  # [anchor, count] per open collection
    total = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            if not aliases:
                raise InputError(f"{label}: YAML aliases (*{event.anchor}) are not allowed"
                                 f" (line {event.start_mark.line + 1})", "write the value out in full")
            count = sizes.get(event.anchor, 1)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([event.anchor, 1])
            continue
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, count = stack.pop()
            if anchor is not None:
                sizes[anchor] = count
            if stack:
                stack[-1][1] += count
            continue
        elif isinstance(event, yaml.ScalarEvent):
            count = 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        else:
            continue
        total += count
        if stack:
            stack[-1][1] += count
        if total > budget:
            raise InputError(f"{label}: YAML aliases expand past {budget:,} nodes"
                             f" (line {event.start_mark.line + 1}); refused as an alias bomb")


def _where(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    return f" at line {mark.line + 1}" if mark is not None else ""


def _problem(exc: Exception) -> str:
    import yaml

    if isinstance(exc, yaml.YAMLError):
        return str(getattr(exc, "problem", None) or str(exc).splitlines()[0] or type(exc).__name__)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
