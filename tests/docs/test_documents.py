"""What a page documents (checker.docs.documents), each form positive and negative, and the
`docs-spec-mismatch` findings it leads to against a small spec."""
from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from checker.comply.validator import Validator
from checker.docs.documented import Knowledge, mismatches
from checker.docs.documents import documented
from checker.normalise.markdown import markdown_to_page
from tests.docs.conftest import mini_spec

CHAT_URL = "https://openrouter.ai/api/v1/chat/completions"


def names(text: str, page_id: str = "guides/demo") -> list[tuple[str, str, str]]:
    return [(d.what, d.name, d.form) for d in documented(page_id, markdown_to_page(text))]


def test_a_parameter_table_documents_its_code_formatted_first_column_with_the_type_values():
    page = ("# Routing\n\n## Provider fields\n\n| Field | Type | Description |\n| --- | --- | --- |\n"
            '| `sort` | "price" \\| "latency" | How to sort. |\n| `max_price` | object | Caps the price. |\n'
            "| plain | string | not code-formatted: not a name |\n")
    [sort, max_price] = documented("guides/routing", markdown_to_page(page))
    assert (sort.name, sort.form, sort.values, sort.section.anchor) == ("sort", "table", ("price", "latency"),
                                                                         "provider-fields")
    assert (max_price.name, max_price.values) == ("max_price", ())


def test_a_table_in_a_code_block_documents_nothing():
    assert names("## Fields\n\n```markdown\n| Field | Type |\n| --- | --- |\n| `sort` | string |\n```\n") == []


def test_a_value_table_documents_nothing():
    page = ('## Slugs\n\n| Slug in request | What it matches |\n| --- | --- |\n| `"google-vertex"` | All |\n'
            "| Type | Shape |\n|---|---|\n| `enum` | `{ type: \"enum\" }` |\n")
    assert names(page) == []


def test_an_html_table_of_parameters_counts_and_one_of_values_does_not():
    fields = "<table><tr><th>Parameter</th><th>Meaning</th></tr><tr><td><code>temperature</code></td></tr></table>"
    values = "<table><tr><th>Value</th></tr><tr><td><code>temperature</code></td></tr></table>"
    assert names(f"## A\n\n{fields}\n") == [("field", "temperature", "table")]
    assert names(f"## A\n\n{values}\n") == []


def test_typed_bullets_and_paramfield_tags_document_fields_and_headers():
    page = ('## Request\n\n- `top_k` (integer): how many.\n<ParamField path="seed" type="integer">\nA seed.\n'
            '</ParamField>\n<ParamField header="X-Custom-App" type="string">\nApp.\n</ParamField>\n'
            "- `repetition` is not typed here\n")
    assert names(page) == [("field", "top_k", "list"), ("field", "seed", "list"),
                           ("header", "X-Custom-App", "list")]


def test_bullets_count_in_a_parameters_section_or_below_one_only():
    bullets = "- `quality` — `auto`, `low`, or `high`. Ignored elsewhere.\n- `size`: a tier (e.g. `2K`).\n"
    assert names(f"## Image options\n\n{bullets}") == [("field", "quality", "section"), ("field", "size", "section")]
    assert names(f"## Options\n\n### Quality\n\n{bullets}")[0] == ("field", "quality", "section")
    # a heading that does not say parameters/options: only a bullet listing values counts
    assert names(f"## Quality\n\n{bullets}") == [("field", "quality", "values")]
    assert names(f"## Options\n\n### Quality\n\n#### Groups\n\n{bullets}") == [("field", "quality", "values")]
    [quality, _] = documented("p", markdown_to_page(f"## Image options\n\n{bullets}"))
    assert quality.values == ("auto", "low", "high") and quality.complete


def test_a_line_naming_a_field_documents_it_only_with_a_list_of_values():
    [effort] = documented("p", markdown_to_page("## Reasoning\n\n`reasoning.effort`: `high`/`medium`/`low`.\n"))
    assert (effort.name, effort.form, effort.values) == ("reasoning.effort", "values", ("high", "medium", "low"))
    assert names("## Changes\n\n- `FusionPlugin`: description updated\n- `effort`: `high` only\n") == []


def test_headers_count_anywhere_when_code_formatted_and_never_in_plain_prose():
    assert names("## Attribution\n\nSend `X-OpenRouter-Title` and `HTTP-Referer`.\n") == [
        ("header", "X-OpenRouter-Title", "header"), ("header", "HTTP-Referer", "header")]
    assert names("## Attribution\n\nSend X-OpenRouter-Title and HTTP-Referer.\n") == []


def test_a_key_section_documents_its_enum_line():
    page = "## Reasoning Effort\n\n* Key: `effort`\n\n* Optional, **enum** (high, medium, low)\n"
    [effort] = documented("api_reference/parameters", markdown_to_page(page))
    assert (effort.form, effort.values) == ("key", ("high", "medium", "low"))


def spec_with_headers() -> dict:
    spec = copy.deepcopy(mini_spec())
    spec["paths"]["/chat/completions"]["post"]["parameters"] = [
        {"name": "X-OpenRouter-Title", "in": "header", "schema": {"type": "string"}},
        {"name": "X-OpenRouter-Categories", "in": "header", "schema": {"type": "string"}}]
    props = spec["components"]["schemas"]["ChatRequest"]["properties"]
    props["reasoning"] = {"type": "object", "properties": {"effort": {"type": "string",
                                                                       "enum": ["high", "medium", "low", "minimal"]}}}
    return spec


PAGE = f"""# Guide

## Request parameters

Send to `{CHAT_URL}` with `model`, `messages`, `temperature`, `plugins` and `reasoning`.

| Parameter | Type | Description |
| --- | --- | --- |
| `provider.sort` | string | `price` or `throughput`. |
| `reasoning.effort` | string | `high`, `medium`, `low` or `xhigh`. |
| `transforms` | string[] | Prompt transforms. |

## Headers

- `X-OpenRouter-Title`: your app's name.
- `X-Legacy-App`: an old one.
"""


def findings() -> list:
    pages = {"guides/demo": markdown_to_page(PAGE)}
    return mismatches(Validator(spec_with_headers()), Knowledge.from_pages(pages))


def test_mismatches_from_tables_headers_and_values_name_the_page_section_and_the_spec_pointer():
    by = {(f.after["only_in"], f.after.get("field") or f.after.get("header"), tuple(f.after.get("values", ()))): f
          for f in findings()}
    transforms = by[("docs", "transforms", ())]
    assert transforms.official_url == "https://openrouter.ai/docs/guides/demo#request-parameters"
    assert transforms.location.section == "Request parameters" and "(table)" in transforms.message
    assert by[("docs", "X-Legacy-App", ())].location.pointer == "/headers/x-legacy-app"
    sort = by[("docs", "provider.sort", ("throughput",))]  # the spec's sort enum is price/latency
    assert sort.location.pointer == "/components/schemas/ChatRequest/properties/provider/properties/sort/enum"
    assert by[("spec", "provider.sort", ("latency",))].location.source == "openapi"
    assert by[("docs", "reasoning.effort", ("xhigh",))].after["spec_pointer"].endswith("/effort")
    assert by[("spec", "reasoning.effort", ("minimal",))].location.operation is None
    categories = by[("spec", "X-OpenRouter-Categories", ())]
    assert categories.location.pointer == "/paths/~1chat~1completions/post/parameters/1"
    assert categories.location.operation == "POST /chat/completions"
    assert set(by) == {("docs", "transforms", ()), ("docs", "X-Legacy-App", ()),
                       ("docs", "provider.sort", ("throughput",)), ("spec", "provider.sort", ("latency",)),
                       ("docs", "reasoning.effort", ("xhigh",)), ("spec", "reasoning.effort", ("minimal",)),
                       ("spec", "X-OpenRouter-Categories", ())}  # the documented title header matches
    assert all(f.code == "docs-spec-mismatch" and f.severity.value == "info" for f in by.values())
    assert len({f.fingerprint for f in by.values()}) == len(by)


def test_a_sampled_value_list_says_nothing_about_the_spec_values_it_leaves_out():
    page = PAGE.replace("`high`, `medium`, `low` or `xhigh`.", "e.g. `high` or `low`.")
    pages = {"guides/demo": markdown_to_page(page)}
    found = mismatches(Validator(spec_with_headers()), Knowledge.from_pages(pages))
    assert [f for f in found if f.after.get("field") == "reasoning.effort"] == []


def test_prose_only_names_give_no_findings():
    page = (f"# Guide\n\n## Request parameters\n\nSend to `{CHAT_URL}` with `model`, `messages`, `temperature`, "
            "`plugins`, `provider` and `reasoning`. The transforms field and the X-Legacy-App header also exist.\n")
    spec = mini_spec()
    spec["paths"]["/chat/completions"]["post"]["parameters"] = [{"name": "X-Title", "in": "header"}]
    pages = {"guides/demo": markdown_to_page(page.replace("`reasoning`", "`X-Title`"))}
    assert mismatches(Validator(spec), Knowledge.from_pages(pages)) == []


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from("|`-*#:\n ()\"\\xX_a.<>/HTTP-Referer"), max_size=300))
def test_hostile_page_text_never_crashes_the_reading(text):
    docs = documented("p", markdown_to_page(text))
    assert all(d.name and d.what in ("field", "header") for d in docs)
    mismatches(Validator(mini_spec()), Knowledge.from_pages({"p": markdown_to_page(text)}))


@pytest.mark.parametrize("snapshot", ["2026-08-22_c26125a"])
def test_corpus_parameters_page_documents_its_key_fields_and_the_spec_lacks_some(snapshot):
    import gzip
    import json
    import os
    from pathlib import Path

    corpus = Path(os.environ.get("CHECKER_SHARED", "/work/shared")) / "corpus" / "openrouter"
    page_file, spec_file = corpus / "pages" / snapshot / "api_reference/parameters.mdx", corpus / "specs" / (
        snapshot + ".json.gz")
    if not (page_file.is_file() and spec_file.is_file()):
        pytest.skip(f"the shared corpus is absent ({corpus}); set CHECKER_SHARED")
    pages = {"api_reference/parameters": markdown_to_page(page_file.read_text())}
    found = mismatches(Validator(json.loads(gzip.decompress(spec_file.read_bytes()))), Knowledge.from_pages(pages))
    docs_only = {f.after["field"] for f in found if f.after["only_in"] == "docs" and "values" not in f.after}
    assert {"web_search_options", "include_reasoning"} <= docs_only  # the examples


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.sampled_from(
    ["legacy", "`a_b` is deprecated; use `c_d`.", "header", "#/components/schemas/A", "#/x/0"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["properties", "enum", "$ref", "in", "name", "description", "headers", "responses", "anyOf", "x-note", "A"]),
        inner, max_size=4), max_leaves=30)


@settings(max_examples=80, derandomize=True, deadline=None)
@given(_JSON)
def test_hostile_specs_never_crash_the_name_and_fact_walks(spec):
    from checker.docs.facts import spec_facts
    from checker.docs.specnames import spec_names

    names = spec_names(spec)
    assert all(isinstance(n, str) for n in names.properties | names.headers)
    assert all(f.source == "openapi" and f.where.startswith("/") for f in spec_facts(spec))
