"""Profile facts from the rules: what each rule (and each nested check) references."""
from __future__ import annotations

from typing import Any, Mapping

from checker.profile.model import (FIELD, HEADER, OPERATION, PAGE, RESPONSE_FIELD, RULE, SECTION, VALUE, Fact,
                                   Origin, Profile)
from checker.rules.model import Check, Rule, RuleSet

SERVER_PREFIX = "/api/v1"  # rules may write the server prefix; profile paths are relative to servers[0].url


def operation_name(text: str) -> str:
    method, _, path = text.strip().partition(" ")
    path = path.strip()
    if path.startswith(SERVER_PREFIX + "/"):
        path = path[len(SERVER_PREFIX):]
    return f"{method.upper()} {path.rstrip('/') or '/'}"


def profile_from_rules(rules: RuleSet) -> Profile:
    profile = Profile()
    for rule in rules.rules:
        origin = Origin(RULE, rule.file, rule.line, rule.id)
        profile.add(Fact(PAGE, rule.page), origin)
        if rule.section:
            profile.add(Fact(SECTION, rule.section, scope=rule.page), origin)
        _check_facts(profile, rule, rule.check, origin)
    return profile


def _check_facts(profile: Profile, rule: Rule, check: Check, origin: Origin) -> None:
    for child in check.children:
        _check_facts(profile, rule, child, origin)
    params: Mapping[str, Any] = check.params
    op = operation_name(params["operation"]) if isinstance(params.get("operation"), str) else None
    schema = params.get("schema") if isinstance(params.get("schema"), str) else None
    if op:
        profile.add(Fact(OPERATION, op), origin)
    page = params.get("page") or rule.page
    if check.kind in ("page-phrase", "page-section", "header-documented") and params.get("page"):
        profile.add(Fact(PAGE, page), origin)
    if isinstance(params.get("section"), str):
        profile.add(Fact(SECTION, params["section"], scope=page), origin)
    path = params.get("path")
    if check.kind in ("spec-property", "enum-value") and path:
        profile.add(Fact(FIELD, path, op, schema), origin)
    if check.kind == "response-field":
        profile.add(Fact(RESPONSE_FIELD, path, op), origin)
    if check.kind == "enum-value":
        values = params.get("values") or [params.get("value")]
        for value in values:
            profile.add(Fact(VALUE, str(value), op, schema, scope=path), origin)
    if check.kind == "header-documented":
        profile.add(Fact(HEADER, str(params["header"]).lower()), origin)
