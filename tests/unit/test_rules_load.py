"""Loading: the shipped OpenRouter rule set is valid; loader conventions (files read, lines, errors)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.errors import CheckerError, ConfigError
from checker.rules import KINDS, load_rules
from checker.sources.target import bundled_rules_dir, load_target
from tests.unit.rules_support import FIXTURES

RULES_DIR = bundled_rules_dir()


@pytest.fixture(scope="module")
def openrouter():
    return load_rules(RULES_DIR, "openrouter")


def test_openrouter_rule_set_loads_and_names_known_pages(openrouter):
    target = load_target("openrouter", RULES_DIR)
    page_ids = {p.id for p in target.pages}
    assert 40 <= len(openrouter) <= 70
    assert len({r.id for r in openrouter.rules}) == len(openrouter)
    assert all(r.page in page_ids for r in openrouter.rules)
    assert openrouter.pages_needed() <= page_ids
    assert openrouter.needs_spec()
    assert all(r.file.startswith("rules/openrouter/") and r.line for r in openrouter.rules)


def test_openrouter_rule_set_covers_the_integration_basics(openrouter):
    ids = {r.id for r in openrouter.rules}
    for required in ("chat-completions-endpoint", "auth-bearer-header", "attribution-http-referer",
                     "attribution-title", "attribution-x-title-legacy", "tools-on-every-request",
                     "plugins-file-parser", "pdf-engines", "plugins-context-compression", "transforms-middle-out",
                     "stream-done-sentinel", "stream-usage-final-chunk", "provider-allow-fallbacks",
                     "catalog-pricing-strings", "generation-lookup", "models-fallbacks"):
        assert required in ids
    used = {kind for r in openrouter.rules for kind in kinds_in(r.check)}
    assert used == set(KINDS)


def kinds_in(check):
    yield check.kind
    for child in check.children:
        yield from kinds_in(child)


def test_seed_spec_paths_are_relative_to_the_server_url(openrouter):
    operations = {c.params.get("operation") for r in openrouter.rules for c in walk(r.check)} - {None}
    assert {"POST /chat/completions", "GET /models", "GET /models/{author}/{slug}/endpoints"} <= operations
    assert not any(" /api/v1/" in op for op in operations)


def walk(check):
    yield check
    for child in check.children:
        yield from walk(child)


def target_dir(tmp_path) -> Path:
    folder = tmp_path / "rules" / "synthetic"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "synthetic" / "target.yaml", folder)
    return folder


def test_target_and_suppressions_files_are_not_rule_files(tmp_path):
    folder = target_dir(tmp_path)
    (folder / "suppressions.yaml").write_text("suppress:\n  - fingerprint: abc\n")
    (folder / "a.yml").write_text("rules:\n  - id: a\n    assumes: x\n    page: docs/streaming\n"
                                  "    check: {kind: page-section, section: S}\n")
    rules = load_rules(tmp_path / "rules", "synthetic")
    assert [r.id for r in rules.rules] == ["a"]


def test_empty_rule_directory_gives_an_empty_rule_set(tmp_path):
    target_dir(tmp_path)
    rules = load_rules(tmp_path / "rules", "synthetic")
    assert len(rules) == 0 and rules.pages_needed() == set() and not rules.needs_spec()


def test_duplicate_ids_across_files_name_both_files(tmp_path):
    folder = target_dir(tmp_path)
    rule = ("rules:\n  - id: same\n    assumes: x\n    page: docs/streaming\n"
            "    check: {kind: page-section, section: S}\n")
    (folder / "a.yaml").write_text(rule)
    (folder / "b.yaml").write_text(rule)
    with pytest.raises(ConfigError) as caught:
        load_rules(tmp_path / "rules", "synthetic")
    assert caught.value.message == ("rules/synthetic/b.yaml: rule 'same': field 'id': duplicate rule id "
                                    "(also in rules/synthetic/a.yaml)")


def test_config_error_is_a_checker_error_with_a_hint(tmp_path):
    folder = target_dir(tmp_path)
    (folder / "a.yaml").write_text("rules:\n  - id: a\n    assumes: x\n    page: docs/streaming\n"
                                   "    check: {kind: nope}\n")
    with pytest.raises(CheckerError) as caught:
        load_rules(tmp_path / "rules", "synthetic")
    assert isinstance(caught.value, ConfigError) and caught.value.exit_code == 2
    assert "README" in caught.value.hint


def test_missing_target_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError):
        load_rules(tmp_path / "rules", "nowhere")


def test_every_rule_kind_names_a_check_function_that_exists():
    import importlib

    for spec in KINDS.values():
        if spec.uses == "nested":
            assert spec.check is None
            continue
        module, function = spec.check.split(".")
        assert callable(getattr(importlib.import_module(f"checker.rules.{module}"), function)), spec.name
