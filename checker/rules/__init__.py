"""Rules: the integration's assumptions as data (rules/<target>/*.yaml), each naming its official page.

    rules = load_rules(Path("rules"), "openrouter")       # ConfigError on a bad rule file
    rules.pages_needed()                                   # page ids whose content the rules read
    findings = evaluate(rules, spec=spec, pages=pages, page_urls=page_urls)

The names are loaded on first use (PEP 562): loading rules does not import the check functions
and the spec model they walk (a run whose findings are remembered never evaluates)."""
from __future__ import annotations

import importlib
from typing import Any

_HOMES = {"RuleResult": "evaluate", "evaluate": "evaluate", "run_rules": "evaluate", "KINDS": "kinds",
          "load_rules": "load", "Check": "model", "Outcome": "model", "Rule": "model", "RuleSet": "model"}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'checker.rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"checker.rules.{home}"), name)
    globals()[name] = value
    return value
