"""Rule-kind fixtures, check-jsonschema style: every `pass-*` rule holds, every `fail-*` rule fails
with the code written above it; every file in invalid/ is rejected with the message on its first line."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from checker.errors import ConfigError
from checker.rules import load_rules, run_rules
from tests.unit.rules_support import FIXTURES, synthetic_pages, synthetic_spec

KIND_FILES = sorted(p for p in (FIXTURES / "synthetic").glob("*.yaml") if p.name != "target.yaml")
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


def expected_codes(path: Path) -> dict[str, str]:
    """rule id -> the finding code written in the `# code:` comment above it."""
    return {rule_id: code for code, rule_id in re.findall(r"# code: (\S+)\n\s*- id: (\S+)", path.read_text())}


@pytest.fixture(scope="module")
def results():
    rules = load_rules(FIXTURES, "synthetic")
    return {r.rule.id: r for r in run_rules(rules, spec=synthetic_spec(), pages=synthetic_pages())}


def test_every_kind_has_a_fixture_with_passing_and_failing_rules():
    from checker.rules import KINDS

    covered = {k for p in KIND_FILES for k in re.findall(r"kind: ([a-z-]+)", p.read_text())}
    assert set(KINDS) <= covered
    for path in KIND_FILES:
        ids = re.findall(r"- id: (\S+)", path.read_text())
        assert any(i.startswith("pass-") for i in ids) and any(i.startswith("fail-") for i in ids), path.name


@pytest.mark.parametrize("path", KIND_FILES, ids=lambda p: p.stem)
def test_kind_fixture(path, results):
    ids = re.findall(r"- id: (\S+)", path.read_text())
    codes = expected_codes(path)
    for rule_id in ids:
        result = results[rule_id]
        if rule_id.startswith("pass-"):
            assert result.status == "pass", (rule_id, result.outcome)
            assert result.finding is None
        else:
            assert result.status == "fail", (rule_id, result.outcome)
            assert result.finding.code == codes[rule_id], (rule_id, result.finding.message)
            assert result.finding.location.file == f"rules/synthetic/{path.name}"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_rule_file_is_rejected(path, tmp_path):
    expected = path.read_text().splitlines()[0].removeprefix("# error: ")
    folder = tmp_path / "rules" / "synthetic"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "synthetic" / "target.yaml", folder)
    shutil.copy(path, folder)
    with pytest.raises(ConfigError) as caught:
        load_rules(tmp_path / "rules", "synthetic")
    assert expected in caught.value.message
