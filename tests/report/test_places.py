"""SARIF and annotation places: the heading's line in a page snapshot, the pointer's line in a
pretty-printed spec snapshot, the integration's own files."""
from __future__ import annotations

import json
from pathlib import Path

from checker.commands.places import heading_line, places, pointer_line
from checker.models import Finding, Kind, Location, Severity
from tests.comply.conftest import MINI_SPEC


def _walk(node, pointer=""):
    if isinstance(node, dict):
        for key, value in node.items():
            child = pointer + "/" + key.replace("~", "~0").replace("/", "~1")
            yield child, key, value
            yield from _walk(value, child)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{i}")


def test_every_key_pointer_of_a_pretty_spec_lands_on_its_key():
    spec = json.loads(MINI_SPEC.read_text())
    for indent in (1, 2):
        lines = json.dumps(spec, indent=indent, sort_keys=True).splitlines()
        checked = 0
        for pointer, key, _ in _walk(spec):
            line = pointer_line(lines, pointer)
            assert line is not None, pointer
            assert lines[line - 1].lstrip().startswith(json.dumps(key) + ":"), (pointer, lines[line - 1])
            checked += 1
        assert checked > 200


def test_a_pointer_to_something_gone_lands_on_its_deepest_ancestor():
    spec = {"components": {"schemas": {"A": {"properties": {"x": {"type": "string"}}}}}}
    lines = json.dumps(spec, indent=1).splitlines()
    line = pointer_line(lines, "/components/schemas/A/properties/removed")
    assert lines[line - 1].strip() == '"properties": {'
    assert pointer_line(lines, "/paths/~1x") is None


def test_array_elements_are_counted_not_matched_by_text():
    doc = {"list": [{"name": "a"}, "plain", {"name": "c"}]}
    lines = json.dumps(doc, indent=1).splitlines()
    assert lines[pointer_line(lines, "/list/1") - 1].strip() == '"plain",'
    assert lines[pointer_line(lines, "/list/2/name") - 1].strip() == '"name": "c"'


def test_heading_line_finds_the_heading_with_or_without_an_anchor():
    lines = ["# Guide", "text about Errors", "## Usage {#usage}", "body", "### Errors", "more"]
    assert heading_line(lines, "Usage") == 3 and heading_line(lines, "Errors") == 5
    assert heading_line(lines, "Missing") is None


def test_places_point_at_own_files_under_the_rules_dir_and_at_snapshots(tmp_path):
    rules = tmp_path / "rules"
    (rules / "t").mkdir(parents=True)
    (rules / "t" / "a.yaml").write_text("rules: []\n")
    page = tmp_path / "snap.md"
    page.write_text("# P\n## Limits {#limits}\nx\n")
    rule = Finding(kind=Kind.RULE, code="page-phrase-missing", severity=Severity.ERROR, message="r: m",
                   official_url="https://openrouter.ai/docs/p", location=Location("p", file="rules/t/a.yaml", line=1))
    section = Finding(kind=Kind.PAGE, code="page-section-changed", severity=Severity.INFO, message="s",
                      official_url="https://openrouter.ai/docs/p#limits", location=Location("p", section="Limits"))
    found = places([rule, section], {"p": str(page)}, rules)
    assert found[rule.fingerprint] == (str(tmp_path / "rules/t/a.yaml"), 1)
    assert found[section.fingerprint] == (str(page), 2)


def test_heading_line_matches_a_heading_whose_case_changed_or_its_anchor():
    lines = ["# Guide", "## Guardrail Errors {#guardrail-errors}", "x", "## Renamed {#kept}"]
    assert heading_line(lines, "Guardrail errors") == 2
    assert heading_line(lines, "New name", "kept") == 4 and heading_line(lines, "New name", "other") is None


def test_an_exact_pointer_line_or_none():
    lines = json.dumps({"a": {"b": 1}}, indent=1).splitlines()
    assert pointer_line(lines, "/a/b", exact=True) == 3
    assert pointer_line(lines, "/a/gone", exact=True) is None and pointer_line(lines, "/a/gone") == 2


def test_drift_points_at_the_new_file_else_at_the_old_one(tmp_path):
    new, old = tmp_path / "new.md", tmp_path / "old.md"
    new.write_text("# P\n## Added\n## Kept\n")
    old.write_text("# P\n## Kept\n## Removed\n")

    def section(name: str) -> Finding:
        return Finding(kind=Kind.PAGE, code="page-section-changed", severity=Severity.INFO, message=name,
                       official_url="https://openrouter.ai/docs/p", location=Location("p", section=name))
    found = places([section(n) for n in ("Added", "Kept", "Removed", "Nowhere")], {"p": str(old)}, None,
                   new={"p": str(new)}, old={"p": str(old)})
    assert [found[section(n).fingerprint] for n in ("Added", "Kept", "Removed", "Nowhere")] == [
        (str(new), 2), (str(new), 3), (str(old), 3), (str(old), None)]
