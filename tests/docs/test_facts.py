"""Deprecation facts from prose, and the warning a request gets for sending what one names."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from checker.comply.captures import read_captures
from checker.comply.validator import Validator
from checker.docs.documented import Knowledge
from checker.docs.facts import facts_in_sentence, page_facts, sentences, spec_facts
from checker.normalise.markdown import markdown_to_page
from tests.docs.conftest import mini_spec

PDF_PAGE = """---
title: PDF Inputs
---

## PDF processing engines

The `pdf-text` engine is deprecated and automatically redirected to `cloudflare-ai`.
Use `mistral-ocr` for scanned documents.

```json
{"note": "the `native` engine is deprecated in this code block, which is not prose"}
```
"""


@pytest.mark.parametrize("sentence, expected", [
    ("The `pdf-text` engine is deprecated and automatically redirected to `cloudflare-ai`.",
     [("pdf-text", "cloudflare-ai", False)]),
    ("`X-Title` is a legacy header; use `X-OpenRouter-Title`.", [("X-Title", "X-OpenRouter-Title", False)]),
    ("The header was renamed to `X-New`; `X-Old` is still accepted.", [("X-Old", "X-New", True)]),
    ("The `route` field has been superseded by `models`.", [("route", "models", False)]),
    ("`top_a` is no longer supported.", [("top_a", None, False)]),
    ("`transforms` will be removed in favour of `plugins`.", [("transforms", "plugins", False)]),
    ('The `"pdf-text"` engine is deprecated and automatically redirected to `"cloudflare-ai"`.',
     [("pdf-text", "cloudflare-ai", False)]),  # quoted JSON strings in code spans
    ("`X-Title` is still supported for backwards compatibility.", [("X-Title", None, True)]),
])
def test_each_pattern_yields_a_fact(sentence, expected):
    assert facts_in_sentence(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The `pdf-text` engine extracts text from the file.",  # no deprecation word
    "This engine is deprecated and redirected to a newer one.",  # no identifier to pin it on
    "The old model is deprecated, pass `null` to unset it.",  # a JSON literal is no identifier
    "The legacy guardrail has no workspace.",  # no code-formatted identifier, no exact name
])
def test_without_a_deprecation_word_and_an_identifier_there_is_no_fact(sentence):
    assert facts_in_sentence(sentence) == []


def test_exact_names_and_the_owner_only_for_spec_descriptions():
    assert facts_in_sentence("Accepts legacy values: fallback and sort.", names=("fallback", "model")) == [
        ("fallback", None, False)]
    assert facts_in_sentence("Deprecated: use max_completion_tokens.", owner="max_tokens") == [
        ("max_tokens", "max_completion_tokens", False)]
    # the keyword far into the sentence is about something else, not the owner
    assert facts_in_sentence("The workspace this belongs to, or none for a legacy guardrail.",
                             owner="workspace_id") == []


def test_page_facts_keep_sentence_and_section_and_skip_code_blocks():
    [fact] = page_facts("guides/overview/multimodal/pdfs", markdown_to_page(PDF_PAGE))
    assert (fact.identifier, fact.replacement) == ("pdf-text", "cloudflare-ai")
    assert fact.sentence == "The `pdf-text` engine is deprecated and automatically redirected to `cloudflare-ai`."
    assert fact.url == "https://openrouter.ai/docs/guides/overview/multimodal/pdfs#pdf-processing-engines"
    assert fact.cite() == "guides/overview/multimodal/pdfs#pdf-processing-engines"


def test_the_next_sentence_saying_it_still_works_marks_the_fact_still_accepted():
    text = ("# PDFs\n\n## Engines\n\nThe `\"pdf-text\"` engine is deprecated and redirected to `\"cloudflare-ai\"`. "
            "Existing requests using `\"pdf-text\"` will continue to work. `native` is deprecated.\n")
    facts = page_facts("pdfs", markdown_to_page(text))
    assert [(f.identifier, f.still_accepted) for f in facts] == [("pdf-text", True), ("native", False)]


def test_sentences_split_on_list_items_and_table_rows():
    assert list(sentences("One. Two is here.\n- three\n| four | five |")) == [
        "One.", "Two is here.", "three", "four | five"]


def test_spec_description_facts_point_at_their_node():
    spec = mini_spec()
    props = spec["components"]["schemas"]["ChatRequest"]["properties"]
    props["temperature"]["description"] = "Deprecated: use `top_p`."
    props["model"]["description"] = "The model id. Any provider's model works."
    [fact] = spec_facts(spec)
    assert (fact.identifier, fact.replacement, fact.source) == ("temperature", "top_p", "openapi")
    assert fact.where == "/components/schemas/ChatRequest/properties/temperature/description"


def test_a_capture_sending_a_deprecated_enum_value_gets_a_warning_quoting_the_page(tmp_path):
    facts = page_facts("guides/overview/multimodal/pdfs", markdown_to_page(PDF_PAGE))
    capture = tmp_path / "traffic.jsonl"
    capture.write_text(json.dumps({
        "method": "POST", "url": "https://openrouter.ai/api/v1/chat/completions",
        "headers": {"Authorization": "Bearer sk-or-v1-" + "a" * 64, "Content-Type": "application/json"},
        "body": {"model": "a/b", "messages": [{"role": "user", "content": "read"}],
                 "plugins": [{"id": "file-parser", "pdf": {"engine": "pdf-text"}}]}}) + "\n")
    [request] = read_captures(str(capture))
    found = [f for f in Validator(mini_spec(), docs=Knowledge(facts=tuple(facts))).validate(request) if f.code == "docs-deprecated-sent"]
    [finding] = found
    assert finding.severity.value == "warning" and finding.kind == "client"
    assert finding.location.pointer == "/plugins/0/pdf/engine"
    assert "automatically redirected to `cloudflare-ai`" in finding.message and "use 'cloudflare-ai'" in finding.message
    assert finding.official_url.endswith("/docs/guides/overview/multimodal/pdfs#pdf-processing-engines")
    assert "sk-or-" not in json.dumps(finding.to_dict())
    # without the page's facts the same request is silent about it
    assert not [f for f in Validator(mini_spec()).validate(request) if f.code == "docs-deprecated-sent"]


def test_a_spec_enum_note_only_matches_its_own_property():
    spec = mini_spec()
    provider = spec["components"]["schemas"]["ChatRequest"]["properties"]["provider"]["properties"]
    provider["sort"]["description"] = "Legacy value `latency` is redirected to `throughput`."
    validator = Validator(spec)
    body = {"messages": [{"role": "user", "content": "latency"}], "provider": {"sort": "latency"}}
    found = [f for f in validator.check("POST", "https://openrouter.ai/api/v1/chat/completions", None, body)
             if f.code == "docs-deprecated-sent"]
    assert [f.location.pointer for f in found] == ["/provider/sort"]


def test_newest_corpus_spec_prose_deprecates_max_tokens():
    import gzip
    import os
    from pathlib import Path

    corpus = Path(os.environ.get("CHECKER_SHARED", "/work/shared")) / "corpus" / "openrouter" / "specs"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is absent ({corpus}); set CHECKER_SHARED")
    spec = json.loads(gzip.decompress(sorted(corpus.glob("*.json.gz"))[-1].read_bytes()))
    body = {"model": "openai/gpt-4o-mini", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
    found = [f for f in Validator(spec).check("POST", "https://openrouter.ai/api/v1/chat/completions", None, body)
             if f.code == "docs-deprecated-sent"]
    assert [(f.location.pointer, f.after["replacement"]) for f in found] == [("/max_tokens", "max_completion_tokens")]


_KEYWORDS = ["deprecated", "Legacy", "no longer supported", "will be removed", "were removed", "phased out",
             "redirected to", "replaced by", "renamed from", "formerly", "superseded by", "in favour of",
             "for backwards-compatibility", "DEPRECATED", "x", " ", ".", "`a_b`"]


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_KEYWORDS) | st.text(max_size=8), max_size=8))
def test_the_cheap_trigger_test_never_drops_a_text_the_keyword_pattern_matches(parts):
    from checker.docs.facts import _DEPRECATED, has_trigger  # the pattern is private: only this test reads it

    text = " ".join(parts)
    if _DEPRECATED.search(text):
        assert has_trigger(text), text


def test_spec_facts_carry_the_pointer_and_names_of_deeply_nested_descriptions():
    spec = {"components": {"schemas": {"A": {"properties": {"mode": {"anyOf": [
        {"type": "string", "enum": ["fast", "legacy_mode"], "description": "`legacy_mode` is deprecated; use `fast`."},
        {"type": "null"}]}}}}}}
    [fact] = spec_facts(spec)
    assert (fact.identifier, fact.replacement) == ("legacy_mode", "fast")
    assert fact.where == "/components/schemas/A/properties/mode/anyOf/0/description"
    assert spec_facts({"a": [[{"description": "Deprecated."}]] * 3}) == []  # no identifier: no fact


def test_a_run_on_list_deprecates_only_what_sits_by_its_keyword():
    # a changelog list flattened into one paragraph (as some HTML renderings do): one long "sentence"
    run_on = ("`FusionAnalysisResult`: description updated Used by `POST /responses` "
              "`FusionCallAnalysisCompletedEvent`: description updated Used by `POST /responses` "
              "`FusionCallAnalysisInProgressEvent`: description updated example modified new property "
              "`analyst_model` property `judge_model` deprecated (alias of `analyst_model`, kept for existing "
              "consumers) Used by `POST /responses` `FusionPlugin`: description updated `effort` `reasoning`")
    assert len(run_on) > 200
    assert facts_in_sentence(run_on) == [("judge_model", "analyst_model", False)]
    short = "The `pdf-text` engine is deprecated and automatically redirected to `cloudflare-ai`."
    assert facts_in_sentence(short) == [("pdf-text", "cloudflare-ai", False)]
