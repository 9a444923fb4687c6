"""Request examples extracted from page code blocks and validated against a small spec."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from checker.docs.examples import extract
from checker.docs.literal import PLACEHOLDER, LiteralError, parse_value
from checker.docs.verdicts import findings, judge
from checker.normalise.markdown import markdown_to_page

FENCE = "```"


def page(*blocks: str, prose: str = "Send it like this.") -> str:
    body = "\n\n".join(f"## Example {i}\n\n{prose}\n\n{block}" for i, block in enumerate(blocks, 1))
    return f"---\ntitle: Guide\n---\n\n{body}\n"


CURL = f"""{FENCE}bash
curl https://openrouter.ai/api/v1/chat/completions \\
  -H "Authorization: Bearer <OPENROUTER_API_KEY>" \\
  -H "Content-Type: application/json" \\
  -d '{{
    "model": "{{{{MODEL}}}}",
    "messages": [{{"role": "user", "content": "Hello"}}],
    "provider": {{"sort": "price"}}
  }}'
{FENCE}"""

FETCH = f"""{FENCE}typescript title="TypeScript (fetch)"
const response = await fetch('https://openrouter.ai/api/v1/chat/completions', {{
  method: 'POST',
  headers: {{ Authorization: `Bearer ${{KEY}}`, 'Content-Type': 'application/json' }},
  body: JSON.stringify({{
    model: 'openai/gpt-4o',
    messages: [{{ role: 'user', content: question }}, ...history],
    temperature: TEMPERATURE, // a variable: a valid number
    provider: {{ max_price: {{ prompt: 1 }} }},
  }}),
}});
{FENCE}"""

PYTHON = f"""{FENCE}python
import requests
response = requests.post(
  url="https://openrouter.ai/api/v1/chat/completions",
  headers={{"Authorization": f"Bearer {{API_KEY}}"}},
  json={{"model": MODEL, "messages": [{{"role": "user", "content": "Hi"}}], "stream": False}},
)
{FENCE}"""

OPENAI_SDK = f"""{FENCE}python
from openai import OpenAI
client = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="<OPENROUTER_API_KEY>")
completion = client.chat.completions.create(
  model="openai/gpt-4o",
  messages=messages,
  extra_body={{"provider": {{"sort": "throughput"}}}},
)
{FENCE}"""


def examples_of(text: str, page_id: str = "guides/demo"):
    return extract(page_id, markdown_to_page(text))


def test_curl_example_is_extracted_with_its_endpoint_and_placeholders_are_valid(validator):
    [example] = examples_of(page(CURL))
    assert (example.style, example.method) == ("curl", "POST")
    assert example.url == "https://openrouter.ai/api/v1/chat/completions"
    assert example.body["model"] == PLACEHOLDER  # {{MODEL}}
    assert example.body["messages"] == [{"role": "user", "content": "Hello"}]
    [verdict] = judge([example], validator)
    assert verdict.label == "valid" and not verdict.findings


def test_fetch_example_with_a_number_where_the_spec_wants_a_string_is_invalid(validator):
    [example] = examples_of(page(FETCH))
    assert example.style == "fetch"
    assert example.body["messages"] == [{"role": "user", "content": PLACEHOLDER}]  # spread elided
    assert example.body["temperature"] == PLACEHOLDER
    [verdict] = judge([example], validator)
    assert verdict.label == "invalid"
    [finding] = findings([verdict])
    assert finding.code == "docs-example-invalid" and finding.severity.value == "info"
    assert finding.official_url == "https://openrouter.ai/docs/guides/demo#example-1"
    assert finding.location.section == "Example 1"
    assert finding.location.pointer.startswith("/components/schemas/ChatRequest/properties/provider")
    assert finding.after["example_pointer"] == "/provider/max_price/prompt"


def test_a_rejected_example_is_info_until_relevance_says_the_field_is_sent(validator):
    verdicts = judge(examples_of(page(FETCH)), validator)
    assert [f.severity.value for f in findings(verdicts)] == ["info"]  # see tests/docs/test_used.py


def test_python_requests_json_and_openai_extra_body(validator):
    requests_example, sdk_example = examples_of(page(PYTHON, OPENAI_SDK))
    assert requests_example.style == "python"
    assert requests_example.body == {"model": PLACEHOLDER, "messages": [{"role": "user", "content": "Hi"}],
                                     "stream": False}
    assert sdk_example.style == "sdk"
    assert sdk_example.body == {"model": "openai/gpt-4o", "messages": PLACEHOLDER,
                                "provider": {"sort": "throughput"}}  # extra_body at top level
    verdicts = judge([requests_example, sdk_example], validator)
    assert [v.label for v in verdicts] == ["unspecced", "invalid"]  # `throughput` is not in the enum
    assert verdicts[0].unspecced == ("stream",)  # the mini spec has no `stream`


def test_bare_json_block_goes_to_the_endpoint_the_prose_names():
    request = f'{FENCE}json\n{{"messages": [{{"role": "user", "content": "x"}}]}}\n{FENCE}'
    response = f'{FENCE}json\n{{"id": "gen-1", "choices": [], "messages": []}}\n{FENCE}'
    prose = "POST it to `https://openrouter.ai/api/v1/responses`."
    examples = examples_of(page(request, response, prose=prose))
    assert [(e.style, e.url) for e in examples] == [("json", "https://openrouter.ai/api/v1/responses")]


def test_blocks_without_a_request_yield_nothing():
    text = page(f"{FENCE}bash\ncurl https://openrouter.ai/api/v1/models\n{FENCE}",
                f"{FENCE}ts\nconst body = {{ model: 'x' }};\nconsole.log(body)\n{FENCE}")
    assert examples_of(text) == []


def test_unreadable_example_is_skipped_not_a_crash():
    broken = FETCH.replace("temperature: TEMPERATURE,", "temperature: ,,}")
    assert examples_of(page(broken, CURL))[0].style == "curl"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(alphabet="abc xyz_-", max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text("abkz_", min_size=1, max_size=5),
                                                                inner, max_size=4),
    max_leaves=20)


@settings(max_examples=200, derandomize=True)
@given(json_values)
def test_any_json_reads_back_as_itself(value):
    assert parse_value(json.dumps(value))[0] == value


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet="{}[]()'\"`:,.=\\ \nab1#/*$", max_size=60))
def test_hostile_text_raises_only_literal_error(text):
    try:
        parse_value(text)
    except LiteralError:
        pass


def test_deep_nesting_is_refused():
    with pytest.raises(LiteralError):
        parse_value("[" * 500 + "]" * 500)


INLINE = """---
title: Routing
---

## Max Price

To filter by price, set the `max_price` field in the `provider` parameter to a JSON object.

For example, the value `{"prompt": 1}` routes to cheap providers, and `{"prompt": "1"}` works too.

| `order` | `["a", "b"]` | a table row ties its value to its own row |

The `sort` field takes `["price"]` here, but no parent is named, so this is no example.
"""


def test_inline_json_tied_to_a_field_by_its_paragraph(validator):
    examples = examples_of(INLINE, "guides/routing")
    assert [(e.style, e.body) for e in examples] == [
        ("inline", {"messages": PLACEHOLDER, "provider": {"max_price": {"prompt": 1}}}),
        ("inline", {"messages": PLACEHOLDER, "provider": {"max_price": {"prompt": "1"}}})]
    assert [v.label for v in judge(examples, validator)] == ["invalid", "valid"]
    [finding] = findings(judge(examples, validator))
    assert finding.official_url == "https://openrouter.ai/docs/guides/routing#max-price"
    assert finding.after["example_pointer"] == "/provider/max_price/prompt"
