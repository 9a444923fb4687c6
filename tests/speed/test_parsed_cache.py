"""The parsed-form cache (checker.store.parsed): rule, target and suppression files parsed once.

A hit must give what parsing gives; an edited file must never be served from the cache; a damaged
or unwritable cache is a miss, never an error."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import checker.rules.load as load_module
import checker.safeyaml
from checker.errors import ConfigError
from checker.rules.load import load_rules, rule_files
from checker.rules.suppress import load_suppressions
from checker.sources.target import bundled_rules_dir, load_target
from checker.store import parsed


@pytest.fixture()
def rules(tmp_path, monkeypatch) -> Path:
    """A private copy of the bundled rules and an empty private cache."""
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), root)
    return root


def _no_yaml(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("YAML parsed although the cache holds this content")

    monkeypatch.setattr(load_module, "parse_yaml", refuse)
    monkeypatch.setattr(checker.safeyaml, "load_yaml", refuse)


def test_second_load_comes_from_the_cache_and_equals_parsing(rules, monkeypatch):
    first = load_rules(rules, "openrouter")
    target = load_target("openrouter", rules)
    _no_yaml(monkeypatch)
    assert load_rules(rules, "openrouter") == first
    assert load_target("openrouter", rules) == target
    assert len(first) > 10 and all(r.line for r in first.rules)


def test_an_edited_rule_file_is_parsed_again(rules, monkeypatch):
    load_rules(rules, "openrouter")
    path = rule_files(rules, "openrouter")[0]
    text = path.read_text()
    path.write_text(text.replace("assumes: ", "assumes: EDITED ", 1))
    assert any(r.assumes.startswith("EDITED ") for r in load_rules(rules, "openrouter").rules)
    path.write_text(text.replace("rules:", "rules: [", 1))
    with pytest.raises(ConfigError, match=path.name):
        load_rules(rules, "openrouter")


def test_an_edited_target_invalidates_the_rule_set(rules):
    load_rules(rules, "openrouter")
    target = rules / "openrouter" / "target.yaml"
    text = target.read_text()
    page = load_rules(rules, "openrouter").rules[0].page
    target.write_text(text.replace(f"id: {page}\n", "id: renamed-page\n", 1))
    with pytest.raises(ConfigError, match="unknown page id"):
        load_rules(rules, "openrouter")


@pytest.mark.parametrize("damage", ["", "{not json", '{"key": "other", "value": {}}', '{"key": "K", "value": 7}',
                                    '{"key": "K", "value": {"target": "x", "page_urls": {}, "rules": [{"id": 1}]}}'])
def test_a_damaged_entry_is_a_miss(rules, damage):
    expected = load_rules(rules, "openrouter")
    entries = list((Path(parsed.cache_dir()) / "rules").glob("*.json"))
    assert len(entries) == 1
    entries[0].write_text(damage.replace('"K"', f'"{entries[0].stem}"'))
    assert load_rules(rules, "openrouter") == expected
    assert load_rules(rules, "openrouter") == expected  # rewritten by the miss


@pytest.mark.parametrize("damage", ['{"key": "K", "value": 7}', '{"key": "K", "value": ["pages"]}'])
def test_a_damaged_target_entry_is_a_miss_not_a_config_error(rules, damage):
    expected = load_target("openrouter", rules)
    entries = list((Path(parsed.cache_dir()) / "target").glob("*.json"))
    assert len(entries) == 1
    entries[0].write_text(damage.replace('"K"', f'"{entries[0].stem}"'))
    assert load_target("openrouter", rules) == expected


def test_no_cache_or_an_unwritable_one_still_loads(rules, monkeypatch, tmp_path):
    expected = load_rules(rules, "openrouter")
    monkeypatch.setenv("CHECKER_CACHE_DIR", "")
    assert parsed.cache_dir() is None
    assert load_rules(rules, "openrouter") == expected
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(blocker / "cache"))
    assert load_rules(rules, "openrouter") == expected


def test_default_location_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("CHECKER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert parsed.cache_dir() == tmp_path / "checker"


def test_values_that_json_would_change_are_not_stored(rules):
    built = []

    def build():
        built.append(1)
        return {1: "integer key"}

    assert parsed.cached("probe", "k", build) == {1: "integer key"}
    assert parsed.cached("probe", "k", build) == {1: "integer key"}
    assert len(built) == 2


@pytest.mark.parametrize("value", [{"big": 2**64, "text": "é\n"}, [1e-05, -0.0, "\u2028", None, True]])
def test_values_orjson_writes_or_refuses_are_stored_and_read_back_equal(rules, value):
    built = []

    def build():
        built.append(1)
        return value

    assert parsed.cached("probe", "k", build) == value
    again = parsed.cached("probe", "k", build)
    assert again == value and repr(again) == repr(value) and len(built) == 1


def test_suppressions_with_dates_are_read_the_same_cached_or_not(rules):
    path = rules / "openrouter" / "suppressions.yaml"
    path.write_text("suppressions:\n  - code: page-section-changed\n    location: '*'\n    reason: reviewed\n"
                    "    expires: 2030-01-31\n  - code: page-section-changed\n    location: x\n    reason: two\n")
    first = load_suppressions(rules, "openrouter")
    assert [s.line for s in first] == [2, 6] and str(first[0].expires) == "2030-01-31"
    assert load_suppressions(rules, "openrouter") == first


def test_content_key_separates_parts():
    assert parsed.content_key(["ab", "c"]) != parsed.content_key(["a", "bc"])
    assert parsed.content_key([b"x"]) == parsed.content_key(["x"])


def test_a_namespace_keeps_only_its_newest_entries(tmp_path, monkeypatch):
    """Each new spec pair or rule set adds an entry: past MAX_ENTRIES the least recently written go,
    the newest stay readable, and other namespaces are left alone."""
    import os

    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(parsed, "MAX_ENTRIES", 3)
    parsed.cached("other", "k-other", lambda: "kept")
    for n in range(6):
        parsed.cached("pairs", f"k{n}", lambda n=n: n)
        entry = tmp_path / "cache" / "pairs" / f"k{n}.json"
        os.utime(entry, ns=(n * 10**9, n * 10**9))  # written in this order, whatever the clock's grain
    left = sorted(p.stem for p in (tmp_path / "cache" / "pairs").iterdir())
    assert left == ["k3", "k4", "k5"]
    assert parsed.recall("pairs", "k5") == (5,)
    assert parsed.recall("pairs", "k0") is None
    assert parsed.recall("other", "k-other") == ("kept",)


ENTRY_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text()
    | st.sampled_from([-0.0, 2**63, -2**63 - 1, 2**64, 5e-324, 1e-05, "\ud800"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=16)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(ENTRY_VALUES)
def test_an_entry_is_checked_by_reading_it_as_the_next_run_will(value):
    text, read = parsed._encoded({"key": "k", "value": value})
    assert repr(read(text)) == repr(json.loads(text))  # what _read (the stdlib) will give
