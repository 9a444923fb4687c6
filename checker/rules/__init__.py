"""Rules: the integration's assumptions as data (rules/<target>/*.yaml), each naming its official page.

    rules = load_rules(Path("rules"), "openrouter")       # ConfigError on a bad rule file
    rules.pages_needed()                                   # page ids whose content the rules read
    findings = evaluate(rules, spec=spec, pages=pages, page_urls=page_urls)

Loading rules imports no check function nor the spec model they walk: those come when rules run
(a run whose findings are remembered, checker.rules.memo, never runs them).
"""
from checker.rules.evaluate import RuleResult, evaluate, run_rules
from checker.rules.kinds import KINDS
from checker.rules.load import load_rules
from checker.rules.model import Check, Outcome, Rule, RuleSet

__all__ = ["KINDS", "Check", "Outcome", "Rule", "RuleResult", "RuleSet", "evaluate", "load_rules", "run_rules"]
