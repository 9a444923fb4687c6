"""Rules: the integration's assumptions as data (rules/<target>/*.yaml), each naming its official page.

    rules = load_rules(Path("rules"), "openrouter")       # ConfigError on a bad rule file
    rules.pages_needed()                                   # page ids whose content the rules read
    findings = evaluate(rules, spec=spec, pages=pages, page_urls=page_urls)

Loading rules imports no check function nor the spec model they walk: those come when rules run
(a run whose findings are remembered, checker.rules.memo, never runs them). The names below are
imported on first use, so a module of this package (suppress.py for `checker diff`) comes
without the rule engine.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_HOMES = {"RuleResult": "evaluate", "evaluate": "evaluate", "run_rules": "evaluate", "KINDS": "kinds",
          "load_rules": "load", "Check": "model", "Outcome": "model", "Rule": "model", "RuleSet": "model"}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
