"""`checker diff` remembers facts of a spec by the bytes it was read from (checker.store.parsed):
its canonical sha256 and its malformed nodes, and the findings of a pair (the diff and NEW's
malformed nodes). A warm run must print what a cold one prints and parse neither spec, a damaged
entry is a miss, an edited file is never served from the cache, and no secret of the spec
reaches the cache files. And a diff does not import the profile builder it does not run."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KEY = "sk-or-v1-" + "a1" * 20


def _spec(title: str, *, broken: bool = False) -> dict:
    param = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    op = {"responses": {"200": {"description": "ok"}}, "parameters": [param]}
    if broken:  # a dangling $ref whose text carries a key: the problem message quotes it
        op["parameters"].append({"$ref": f"#/components/parameters/{KEY}"})
    return {"openapi": "3.1.0", "info": {"title": title, "version": "1"}, "paths": {"/items": {"get": op}}}


def _canonical(spec: dict) -> bytes:
    """The corpus's own form, so the expected sha256 is that of the file's bytes."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":")).encode()


def _diff(tmp_path: Path, cache: str, old: Path, new: Path) -> dict:
    env = {**os.environ, "CHECKER_CACHE_DIR": cache}
    done = subprocess.run([sys.executable, "-m", "checker", "diff", str(old), str(new), "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    report.pop("started_at"), report.pop("duration_ms")
    return report


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.json.gz", tmp_path / "new.json"
    old.write_bytes(gzip.compress(_canonical(_spec("old"))))
    new.write_bytes(_canonical(_spec("new", broken=True)))
    return old, new


def test_warm_runs_print_what_a_cold_run_prints(tmp_path, pair):
    old, new = pair
    cache = tmp_path / "cache"
    cold = _diff(tmp_path, "", *pair)
    assert [s["sha256"] for s in cold["sources"]] == [
        hashlib.sha256(gzip.decompress(old.read_bytes())).hexdigest(), hashlib.sha256(new.read_bytes()).hexdigest()]
    assert "spec-ref-unresolved" in {f["code"] for f in cold["findings"]}
    assert _diff(tmp_path, str(cache), *pair) == cold  # fills the cache
    assert {p.parent.name for p in cache.rglob("*.json")} >= {"spec-sha256", "spec-problems", "spec-diff"}
    assert _diff(tmp_path, str(cache), *pair) == cold  # served from it


def test_cache_files_hold_no_secret_of_the_spec(tmp_path, pair):
    cache = tmp_path / "cache"
    report = _diff(tmp_path, str(cache), *pair)
    assert KEY not in json.dumps(report)
    texts = [p.read_text() for p in cache.rglob("*.json")]
    assert texts and not any("sk-or-v1" in t for t in texts)


def test_a_damaged_entry_is_a_miss_and_an_edited_file_is_read_again(tmp_path, pair):
    old, new = pair
    cache = tmp_path / "cache"
    first = _diff(tmp_path, str(cache), *pair)
    for entry in [*cache.glob("spec-sha256/*.json"), *cache.glob("spec-problems/*.json"),
                  *cache.glob("spec-diff/*.json")]:
        entry.write_text(json.dumps({"key": entry.stem, "value": [[1, 2]]}))  # right key, wrong shape
    assert _diff(tmp_path, str(cache), *pair) == first
    new.write_bytes(_canonical(_spec("newer")))  # the malformed node is gone, the hash changes
    edited = _diff(tmp_path, str(cache), *pair)
    assert edited["sources"][1]["sha256"] == hashlib.sha256(new.read_bytes()).hexdigest()
    assert "spec-ref-unresolved" not in {f["code"] for f in edited["findings"]}


def test_diff_does_not_load_the_profile_builder(tmp_path, pair):
    """checker.profile.group (run by every diff) must not pull in the builder (rules, code scan),
    nor relevance (only a profile sets it)."""
    from tests.unit.test_import_budget import loaded

    modules = loaded(tmp_path, "diff", *map(str, pair), "--format", "json", env={"CHECKER_CACHE_DIR": ""})
    assert "checker.profile.group" in modules
    assert {"checker.profile.build", "checker.profile.from_rules", "checker.profile.code_scan",
            "checker.profile.relevance"} & modules == set()


def _real_pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two versions that differ in a shared component and an operation (a findings cache of
    an empty diff would prove little)."""
    def spec(kind: str, required: list[str]) -> dict:
        item = {"type": "object", "properties": {"id": {"type": kind}, "name": {"type": "string"}},
                "required": required}
        ok = {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Item"}}}}}
        return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                "paths": {"/items": {"get": {"responses": ok}}, "/items/{id}": {"get": {"responses": ok}}},
                "components": {"schemas": {"Item": item}}}
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_bytes(_canonical(spec("string", ["id"])))
    new.write_bytes(_canonical(spec("integer", [])))
    return old, new


def test_a_warm_diff_parses_neither_spec_and_prints_the_same(tmp_path):
    from tests.unit.test_import_budget import loaded

    old, new = _real_pair(tmp_path)
    cache = str(tmp_path / "cache")
    cold = _diff(tmp_path, "", old, new)
    assert {"response-property-type-changed", "response-property-became-optional"} <= {
        f["code"] for f in cold["findings"]}
    assert _diff(tmp_path, cache, old, new) == cold
    warm = loaded(tmp_path, "diff", str(old), str(new), "--format", "json", env={"CHECKER_CACHE_DIR": cache})
    assert not {m for m in warm if m.startswith(("checker.diff.", "checker.api.model", "checker.api.validity"))}
    # target.yaml's kinds are checked by importing the module of each kind it names, not of all
    assert "checker.sources.catalog" in warm
    assert not {"checker.sources.spec", "checker.sources.catalog_providers", "checker.codes", "checker.safeyaml"} & warm
    assert _diff(tmp_path, cache, old, new) == cold


def test_the_findings_of_a_pair_depend_on_both_files_and_the_options(tmp_path):
    old, new = _real_pair(tmp_path)
    cache = str(tmp_path / "cache")
    forward = _diff(tmp_path, cache, old, new)
    backward = _diff(tmp_path, cache, new, old)  # the same two keys, the other way round
    assert backward == _diff(tmp_path, "", new, old) and backward["findings"] != forward["findings"]
    rules = tmp_path / "rules" / "openrouter"
    rules.mkdir(parents=True)
    from checker.sources.target import bundled_rules_dir

    rules.joinpath("target.yaml").write_text((bundled_rules_dir() / "openrouter" / "target.yaml").read_text())
    rules.joinpath("suppressions.yaml").write_text(
        "suppressions:\n  - code: response-property-type-changed\n    location: '*'\n    reason: known\n")
    suppressed = _diff(tmp_path, cache, old, new)  # ./rules is used: per operation, then suppressed
    assert suppressed == _diff(tmp_path, "", old, new)
    assert "response-property-type-changed" not in {f["code"] for f in suppressed["findings"]}
