"""Evaluation behaviour: URLs (moved pages, anchors), skips, notes, fingerprints, locations."""
from __future__ import annotations

import shutil
import textwrap

import pytest

from checker.models import Kind, Severity
from checker.rules import evaluate, load_rules, run_rules
from tests.unit.rules_support import FIXTURES, page, synthetic_pages, synthetic_spec

MOVED_URL = "https://docs.example.test/docs/guides/features/tool-calling"


def ruleset(tmp_path, body: str):
    folder = tmp_path / "rules" / "synthetic"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "synthetic" / "target.yaml", folder)
    (folder / "x.yaml").write_text(textwrap.dedent(body))
    return load_rules(tmp_path / "rules", "synthetic")


def only(findings):
    assert len(findings) == 1, findings
    return findings[0]


def test_failed_page_rule_links_the_moved_page_with_the_section_anchor(tmp_path):
    rules = ruleset(tmp_path, """
        rules:
          - id: tools-every-request
            assumes: tools are sent on every request
            severity: warning
            page: docs/moved
            section: Request Body Examples
            check: {kind: page-phrase, section: Request Body Examples, phrase: tools are optional after step 1}
    """)
    finding = only(evaluate(rules, spec=None, pages=synthetic_pages(), page_urls={"docs/moved": MOVED_URL}))
    assert finding.official_url == MOVED_URL + "#request-body-examples"
    assert finding.kind == Kind.RULE and finding.code == "page-phrase-missing"
    assert finding.severity is Severity.WARNING
    assert finding.location.source == "docs/moved" and finding.location.section == "Request Body Examples"
    assert finding.location.file == "rules/synthetic/x.yaml" and finding.location.line == 3
    assert "tools are optional after step 1" in finding.message and finding.message.startswith("tools-every-request:")


def test_without_page_urls_the_target_url_is_linked(tmp_path):
    rules = ruleset(tmp_path, """
        rules:
          - id: r
            assumes: a Debugging section exists
            page: docs/moved
            check: {kind: page-section, section: Debugging}
    """)
    finding = only(evaluate(rules, spec=None, pages=synthetic_pages()))
    assert finding.official_url == "https://docs.example.test/docs/features/tool-calling#debugging"


def test_spec_rule_failure_links_the_rules_page_and_points_into_the_spec(tmp_path):
    rules = ruleset(tmp_path, """
        rules:
          - id: chat
            assumes: chat completions exist
            page: docs/streaming
            section: stream-cancellation
            check: {kind: spec-operation, operation: POST /chat/complete}
    """)
    finding = only(evaluate(rules, spec=synthetic_spec(), pages=synthetic_pages(), page_urls={}))
    assert finding.code == "spec-operation-missing"
    assert finding.official_url == "https://docs.example.test/docs/streaming#stream-cancellation"
    assert finding.location.source == "openapi" and finding.location.pointer == "/paths/~1chat~1complete"
    assert finding.location.operation == "POST /chat/complete"
    assert "relative to servers[0].url https://api.example.test/api/v1" in finding.message
    assert "found no such path" in finding.message


def test_operation_written_with_the_server_prefix_passes_with_a_note(tmp_path):
    rules = ruleset(tmp_path, """
        rules:
          - id: legacy-path
            assumes: chat completions exist
            page: docs/streaming
            check: {kind: response-field, operation: POST /api/v1/chat/completions, path: usage.cost}
    """)
    result = only(run_rules(rules, spec=synthetic_spec(), pages={}))
    assert result.status == "pass"
    note = result.finding
    assert note.severity is Severity.INFO and note.code == "rule-path-normalised"
    assert "'/api/v1/chat/completions'" in note.message and "'/chat/completions'" in note.message


def test_unavailable_sources_skip_rules_instead_of_failing(tmp_path):
    rules = ruleset(tmp_path, """
        rules:
          - id: spec-rule
            assumes: a
            page: docs/streaming
            check: {kind: spec-operation, operation: GET /nothing}
          - id: down-page
            assumes: b
            page: docs/down
            check: {kind: page-phrase, phrase: anything}
          - id: unfetched-page
            assumes: c
            page: docs/attribution
            check: {kind: page-section, section: Nothing}
          - id: all-of-with-a-skip
            assumes: d
            page: docs/down
            check:
              kind: all-of
              checks:
                - {kind: page-section, page: docs/streaming, section: Stream cancellation}
                - {kind: page-phrase, phrase: anything}
          - id: any-of-fail-and-skip
            assumes: e
            page: docs/down
            check:
              kind: any-of
              checks:
                - {kind: page-section, page: docs/streaming, section: Nothing}
                - {kind: page-phrase, phrase: anything}
          - id: header-any-nothing-seen
            assumes: f
            page: docs/down
            check: {kind: header-documented, header: X-Nothing}
    """)
    pages = {k: v for k, v in synthetic_pages().items() if k != "docs/attribution"}
    results = run_rules(rules, spec=None, pages=pages)
    assert [r.status for r in results] == ["skip"] * 6
    assert evaluate(rules, spec=None, pages=pages) == []


def test_all_of_fails_when_one_check_fails_even_if_another_is_skipped(tmp_path):
    rules = ruleset(tmp_path, """
        rules:
          - id: mixed
            assumes: both
            page: docs/streaming
            check:
              kind: all-of
              checks:
                - {kind: page-phrase, page: docs/down, phrase: anything}
                - {kind: page-phrase, phrase: middle-out}
    """)
    assert only(evaluate(rules, spec=None, pages=synthetic_pages())).code == "page-phrase-missing"


def test_fingerprint_names_the_rule_and_ignores_wording(tmp_path):
    body = """
        rules:
          - id: {id}
            assumes: {assumes}
            page: docs/streaming
            check: {{kind: page-phrase, phrase: middle-out}}
    """
    first = only(evaluate(ruleset(tmp_path / "a", body.format(id="r1", assumes="one")), spec=None,
                          pages=synthetic_pages()))
    reworded = only(evaluate(ruleset(tmp_path / "b", body.format(id="r1", assumes="two")), spec=None,
                             pages=synthetic_pages()))
    other = only(evaluate(ruleset(tmp_path / "c", body.format(id="r2", assumes="one")), spec=None,
                          pages=synthetic_pages()))
    assert first.fingerprint == reworded.fingerprint != other.fingerprint
    assert first.message != reworded.message


def test_hint_is_part_of_the_message(tmp_path):
    rules = ruleset(tmp_path, """
        rules:
          - id: middle-out
            assumes: transforms middle-out compresses prompts
            page: docs/streaming
            check: {kind: spec-property, schema: ChatRequest, path: transforms}
            hint: Use the context-compression plugin instead.
    """)
    finding = only(evaluate(rules, spec=synthetic_spec(), pages={}))
    assert finding.message.endswith("Use the context-compression plugin instead.")
    assert "ChatRequest has no property 'transforms'" in finding.message


def test_pages_needed_lists_only_pages_whose_content_is_read(tmp_path):
    rules = ruleset(tmp_path, """
        rules:
          - id: spec-only
            assumes: a
            page: docs/moved
            section: Request Body Examples
            check: {kind: spec-operation, operation: GET /models}
          - id: header-in-spec
            assumes: b
            page: docs/down
            check: {kind: header-documented, header: Authorization, where: spec}
          - id: nested-pages
            assumes: c
            page: docs/streaming
            check:
              kind: any-of
              checks:
                - {kind: page-phrase, phrase: x}
                - {kind: page-section, page: docs/attribution, section: y}
    """)
    assert rules.pages_needed() == {"docs/streaming", "docs/attribution"}
    assert rules.needs_spec()


def test_section_text_stops_at_the_next_section_of_the_same_level():
    from checker.rules.page_kinds import find_section, section_span

    doc = page(("A", "a", 2, "x"), ("A1", "a1", 3, "y"), ("B", "b", 2, "z"), ("B1", "b1", 3, "w"))
    assert [s.anchor for s in section_span(doc, find_section(doc, "A"))] == ["a", "a1"]
    assert [s.anchor for s in section_span(doc, find_section(doc, "#b1"))] == ["b1"]
    assert find_section(doc, "missing") is None


@pytest.mark.parametrize("text, phrase, found", [
    ("The `tools`  parameter\nmust be sent", "tools parameter must be sent", True),
    ("**Bold** words", "bold words", True),
    ("see [the docs](/docs/x) now", "see the docs now", True),
    ("middle out", "middle-out", False),
])
def test_phrase_matching_is_case_and_whitespace_insensitive(text, phrase, found):
    from checker.rules.page_kinds import normalise

    assert (normalise(phrase) in normalise(text)) is found
