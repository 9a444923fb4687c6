"""Read and validate rule files (rules/<target>/*.yaml except target.yaml and suppressions.yaml).

A bad file raises ConfigError naming the file, the rule and the field, e.g.
"rules/openrouter/api.yaml: rule 'x': field 'check.kind': unknown kind 'y' (known: ...)".
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from checker.errors import ConfigError, InputError
from checker.models import Severity
from checker.rules.kinds import KINDS
from checker.rules.model import Check, Rule, RuleSet
from checker.sources.target import load_target, rules_root

NOT_RULE_FILES = {"target.yaml", "suppressions.yaml"}
HINT = "fix the rule file (see 'Adding a rule' in the README)"

RULE_SCHEMA = {
    "type": "object",
    "required": ["id", "assumes", "page", "check"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$"},
        "assumes": {"type": "string", "minLength": 1},
        "severity": {"enum": [s.value for s in Severity]},
        "page": {"type": "string", "minLength": 1},
        "section": {"type": "string", "minLength": 1},
        "hint": {"type": "string"},
        "check": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}},
    },
}
FILE_SCHEMA = {
    "type": "object",
    "required": ["rules"],
    "additionalProperties": False,
    "properties": {"rules": {"type": "array"}, "description": {"type": "string"}},
}


@lru_cache(maxsize=None)
def validator(kind: str | None):
    import jsonschema_rs  # fast to import; compiled once per schema

    if kind == "<file>":
        return jsonschema_rs.validator_for(FILE_SCHEMA)
    schema = RULE_SCHEMA if kind is None else {**KINDS[kind].params}
    if kind is not None:
        schema["properties"] = {**schema["properties"], "kind": {"type": "string"}}
    return jsonschema_rs.validator_for(schema)


def field_name(prefix: str, path: list[Any]) -> str:
    name = prefix
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def first_error(kind: str | None, data: Any, prefix: str) -> tuple[str, str] | None:
    error = next(iter(validator(kind).iter_errors(data)), None)
    if error is None:
        return None
    path = list(error.instance_path)
    if type(error.kind).__name__ == "Required":  # name the missing field itself
        return field_name(prefix, path + [str(error.kind.property)]), "required field is missing"
    return field_name(prefix, path) or prefix or "rule", error.message


class RuleFileReader:
    """Turns one parsed rule file into Rules, raising ConfigError at the first problem."""

    def __init__(self, display: str, page_ids: set[str]) -> None:
        self.display = display
        self.page_ids = page_ids

    def fail(self, rule_id: str | None, fieldname: str, message: str) -> ConfigError:
        who = f"rule '{rule_id}': " if rule_id else ""
        return ConfigError(f"{self.display}: {who}field '{fieldname}': {message}", HINT)

    def rules(self, data: Any, lines: dict[int, int]) -> list[Rule]:
        if not isinstance(data, dict):
            raise ConfigError(f"{self.display}: expected a mapping with a 'rules' list at the top level", HINT)
        problem = first_error("<file>", data, "")
        if problem:
            raise self.fail(None, *problem)
        return [self.rule(i, raw, lines.get(i)) for i, raw in enumerate(data["rules"])]

    def rule(self, index: int, raw: Any, line: int | None) -> Rule:
        rule_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{index + 1}"
        if not isinstance(raw, dict):
            raise self.fail(rule_id, f"rules[{index}]", "expected a mapping")
        problem = first_error(None, raw, "")
        if problem:
            raise self.fail(rule_id, *problem)
        if raw["page"] not in self.page_ids:
            raise self.fail(rule_id, "page", self.unknown_page(raw["page"]))
        check = self.check(rule_id, raw["check"], "check")
        return Rule(id=rule_id, assumes=raw["assumes"].strip(), severity=Severity(raw.get("severity", "error")),
                    page=raw["page"], check=check, file=self.display, section=raw.get("section"),
                    hint=(raw.get("hint") or "").strip() or None, line=line)

    def unknown_page(self, page: str) -> str:
        return f"unknown page id '{page}' (pages are listed in target.yaml: {', '.join(sorted(self.page_ids))})"

    def check(self, rule_id: str, raw: dict, where: str) -> Check:
        kind = raw.get("kind")
        if kind not in KINDS:
            raise self.fail(rule_id, f"{where}.kind", f"unknown kind '{kind}' (known: {', '.join(KINDS)})")
        problem = first_error(kind, raw, where)
        if problem:
            raise self.fail(rule_id, *problem)
        for group in KINDS[kind].exactly_one:
            given = [f for f in group if f in raw]
            if len(given) != 1:
                names = " or ".join(f"'{where}.{f}'" for f in group)
                raise self.fail(rule_id, where, f"give exactly one of {names} (got {len(given)})")
        if "page" in raw and raw["page"] not in self.page_ids:
            raise self.fail(rule_id, f"{where}.page", self.unknown_page(raw["page"]))
        params = {k: v for k, v in raw.items() if k not in ("kind", "checks")}
        children = ()
        if KINDS[kind].uses == "nested":
            children = tuple(self.nested(rule_id, item, f"{where}.checks[{i}]")
                             for i, item in enumerate(raw["checks"]))
        return Check(kind, params, children)

    def nested(self, rule_id: str, raw: Any, where: str) -> Check:
        if not isinstance(raw, dict):
            raise self.fail(rule_id, where, "expected a mapping with a 'kind'")
        return self.check(rule_id, raw, where)


def parse_yaml(path: Path, display: str) -> tuple[Any, dict[int, int]]:
    """The file's data and the line of each rule (index in `rules` -> 1-based line)."""
    import yaml

    from checker.errors import read_text
    from checker.safeyaml import check_expansion, describe, safe_loader

    loader_cls = safe_loader()
    text = read_text(path, display, ConfigError)
    try:
        check_expansion(text, display, loader=loader_cls, aliases=False)  # rules arrive in pull requests
        node = yaml.compose(text, Loader=loader_cls)
        data = None if node is None else loader_cls("").construct_document(node)
    except InputError as exc:
        raise ConfigError(exc.message, exc.hint) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # constructors raise ValueError (2026-13-45)
        raise ConfigError(f"{display}: not valid YAML{describe(exc)}", HINT) from None
    if node is None:
        return None, {}
    lines: dict[int, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "rules" and isinstance(value, yaml.SequenceNode):
                lines = {i: item.start_mark.line + 1 for i, item in enumerate(value.value)}
    return data, lines


def rule_files(rules_dir: Path, target: str) -> list[Path]:
    folder = rules_dir / target
    files = sorted(p for ext in ("*.yaml", "*.yml") for p in folder.glob(ext))
    return [p for p in files if p.name not in NOT_RULE_FILES]


def load_rules(rules_dir: str | Path | None, target: str) -> RuleSet:
    """Read and validate every rule file of `target`; rule ids are unique across files.

    The validated set is cached by the files' content (checker.store.parsed): a second run with the
    same files reads one JSON file instead of parsing YAML and validating against the schemas."""
    from checker.store.parsed import cached, content_key

    root = rules_root(rules_dir)
    files = rule_files(root, target)
    try:
        inputs = [target, root.name, (root / target / "target.yaml").read_bytes()]
        inputs += [part for path in files for part in (path.name, path.read_bytes())]
    except OSError:  # let the uncached path report it, naming the file
        return _load_rules(root, target, files)
    return cached("rules", content_key(inputs), lambda: _load_rules(root, target, files),
                  encode=encode_ruleset, decode=_decode)


def _load_rules(root: Path, target: str, files: list[Path]) -> RuleSet:
    tgt = load_target(target, root)
    page_urls = {p.id: p.url for p in tgt.pages}
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in files:
        display = f"{root.name}/{target}/{path.name}"
        data, lines = parse_yaml(path, display)
        reader = RuleFileReader(display, set(page_urls))
        for rule in reader.rules(data, lines):
            if rule.id in seen:
                raise reader.fail(rule.id, "id", f"duplicate rule id (also in {seen[rule.id]})")
            seen[rule.id] = display
            rules.append(rule)
    return RuleSet(target=target, rules=tuple(rules), page_urls=page_urls)


def encode_ruleset(ruleset: RuleSet) -> dict[str, Any]:
    """Everything a RuleSet holds, as JSON data (the rules cache; the findings memo's key)."""

    def check(c: Check) -> dict[str, Any]:
        return {"kind": c.kind, "params": dict(c.params), "children": [check(x) for x in c.children]}

    rules = [{"id": r.id, "assumes": r.assumes, "severity": r.severity.value, "page": r.page, "check": check(r.check),
              "file": r.file, "section": r.section, "hint": r.hint, "line": r.line} for r in ruleset.rules]
    return {"target": ruleset.target, "page_urls": dict(ruleset.page_urls), "rules": rules}


def _decode(data: dict[str, Any]) -> RuleSet:
    def check(raw: dict[str, Any]) -> Check:
        if raw["kind"] not in KINDS or not isinstance(raw["params"], dict):
            raise ValueError("not a check")
        return Check(raw["kind"], raw["params"], tuple(check(x) for x in raw["children"]))

    rules = tuple(Rule(**{**raw, "severity": Severity(raw["severity"]), "check": check(raw["check"])})
                  for raw in data["rules"])
    return RuleSet(target=data["target"], rules=rules, page_urls=dict(data["page_urls"]))
