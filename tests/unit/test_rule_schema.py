"""The published JSON Schema of rule files (checker/data/rule-file.schema.json, for editors and
check-jsonschema) is built from the loader's own schemas, accepts every bundled rule file and
refuses bad ones. Regenerate it with `python -m tests.unit.test_rule_schema`."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from checker.rules.kinds import KINDS
from checker.rules.load import FILE_SCHEMA, RULE_SCHEMA, rule_files
from checker.sources.target import bundled_rules_dir

PUBLISHED = Path(__file__).resolve().parents[2] / "checker" / "data" / "rule-file.schema.json"


def _ecma(node: Any) -> Any:
    """Editors use ECMA-262 regexes: no inline (?i:...) group, so spell both cases out."""
    if isinstance(node, dict):
        return {k: (_ci(v) if k == "pattern" else _ecma(v)) for k, v in node.items()}
    return [_ecma(v) for v in node] if isinstance(node, list) else node


def _ci(pattern: str) -> str:
    return re.sub(r"\(\?i:([^)]*)\)", lambda m: "(?:" + re.sub(
        r"[a-z]", lambda c: f"[{c.group().upper()}{c.group()}]", m.group(1)) + ")", pattern)


def build_schema() -> dict[str, Any]:
    rule = copy.deepcopy(RULE_SCHEMA)
    rule["properties"]["check"] = {"$ref": "#/$defs/check"}
    kinds = []
    for name, spec in KINDS.items():
        params = copy.deepcopy(spec.params)
        params["properties"] = {**params.get("properties", {}), "kind": {"const": name}}
        if spec.uses == "nested":
            params["properties"]["checks"] = {**params["properties"]["checks"], "items": {"$ref": "#/$defs/check"}}
        if spec.exactly_one:
            params["allOf"] = [{"oneOf": [{"required": [f]} for f in group]} for group in spec.exactly_one]
        kinds.append({"if": {"properties": {"kind": {"const": name}}}, "then": params})
    check = {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": list(KINDS)}}, "allOf": kinds}
    file = copy.deepcopy(FILE_SCHEMA)
    file["properties"]["rules"] = {"type": "array", "items": {"$ref": "#/$defs/rule"}}
    return _ecma({"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "title": "checker rule file (rules/<target>/*.yaml)", **file,
                  "$defs": {"rule": rule, "check": check}})


def published() -> dict[str, Any]:
    return json.loads(PUBLISHED.read_text(encoding="utf-8"))


def test_published_schema_is_the_loaders_schema():
    assert published() == build_schema(), "regenerate: python -m tests.unit.test_rule_schema"


@pytest.mark.parametrize("path", rule_files(bundled_rules_dir(), "openrouter"), ids=lambda p: p.name)
def test_every_bundled_rule_file_is_valid(path):
    jsonschema.Draft202012Validator(published()).validate(yaml.safe_load(path.read_text()))


GOOD = {"id": "a", "assumes": "x", "page": "p", "check": {"kind": "spec-property", "operation": "POST /x", "path": "a"}}


@pytest.mark.parametrize("change", [
    {"check": {"kind": "spec-property", "path": "a"}},                       # neither schema nor operation
    {"check": {"kind": "spec-property", "schema": "S", "operation": "POST /x", "path": "a"}},  # both
    {"check": {"kind": "no-such-kind"}},
    {"check": {"kind": "all-of", "checks": [{"kind": "page-phrase"}]}},     # nested check without its phrase
    {"severity": "fatal"},
    {"id": "Bad Id"},
    {"colour": "red"},
])
def test_bad_rules_fail(change):
    validator = jsonschema.Draft202012Validator(published())
    assert validator.is_valid({"rules": [GOOD]})
    assert not validator.is_valid({"rules": [{**GOOD, **change}]})


def test_operation_pattern_is_case_insensitive_without_inline_flags():
    text = PUBLISHED.read_text()
    assert "(?i" not in text
    validator = jsonschema.Draft202012Validator(published())
    lower = {**GOOD, "check": {**GOOD["check"], "operation": "post /x"}}
    assert validator.is_valid({"rules": [lower]})


if __name__ == "__main__":
    PUBLISHED.write_text(json.dumps(build_schema(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {PUBLISHED}")
