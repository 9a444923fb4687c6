"""Fields a page documents that the spec lacks (and the reverse), in comply and as findings."""
from __future__ import annotations

from checker.comply.validator import Validator
from checker.docs.documented import Knowledge, mismatches
from checker.normalise.markdown import markdown_to_page
from tests.docs.conftest import mini_spec

PARAMETERS = """---
title: Parameters
---

## Temperature

* Key: `temperature`

Sampling temperature.

## Verbosity

* Key: `verbosity`

How long the answer is. Messages go in `messages`, the model in `model`.
Send them to `https://openrouter.ai/api/v1/chat/completions`.
"""

URL = "https://openrouter.ai/api/v1/chat/completions"
BODY = {"messages": [{"role": "user", "content": "hi"}]}


def knowledge() -> Knowledge:
    return Knowledge.from_pages({"api_reference/parameters": markdown_to_page(PARAMETERS)})


def test_key_lines_are_documented_fields_with_their_section():
    docs = knowledge()
    assert docs.documented == {"temperature": ("api_reference/parameters", "temperature"),
                               "verbosity": ("api_reference/parameters", "verbosity")}


def test_a_documented_but_unspecced_field_is_info_naming_the_page_not_unknown():
    validator = Validator(mini_spec(), docs=knowledge())
    findings = validator.check("POST", URL, None, {**BODY, "verbosity": "low", "vrbosity": 1})
    by_code = {f.code: f for f in findings}
    documented = by_code["docs-documented-unspecced"]
    assert documented.severity.value == "info"
    assert documented.message == ("field 'verbosity' is documented on api_reference/parameters#verbosity "
                                  "but not in the spec")
    assert documented.official_url == "https://openrouter.ai/docs/api_reference/parameters#verbosity"
    # a field no page documents is still unknown
    assert [f.after for f in findings if f.code == "request-unknown-field"] == ["vrbosity"]


def test_without_the_pages_the_same_field_is_unknown():
    findings = Validator(mini_spec()).check("POST", URL, None, {**BODY, "verbosity": "low"})
    assert [f.code for f in findings if f.location.pointer == "/verbosity"] == ["request-unknown-field"]


def test_mismatches_both_ways():
    findings = mismatches(Validator(mini_spec()), knowledge())
    assert [(f.after["field"], f.after["only_in"]) for f in findings] == [
        ("verbosity", "docs"), ("plugins", "spec"), ("provider", "spec")]
    assert all(f.code == "docs-spec-mismatch" and f.severity.value == "info" for f in findings)
    assert findings[0].official_url.endswith("/docs/api_reference/parameters#verbosity")
    assert (findings[0].location.section, findings[0].location.pointer) == ("Verbosity", "/verbosity")
    assert findings[0].after["spec_pointer"].endswith("/requestBody/content/application~1json/schema")
    assert (findings[1].location.source, findings[1].location.pointer) == (
        "openapi", "/components/schemas/ChatRequest/properties/plugins")


def test_no_reverse_findings_for_an_operation_no_page_calls():
    page = markdown_to_page(PARAMETERS.replace("https://openrouter.ai/api/v1/chat/completions", "the API"))
    findings = mismatches(Validator(mini_spec()), Knowledge.from_pages({"api_reference/parameters": page}))
    assert [f.after["only_in"] for f in findings] == ["docs"]
