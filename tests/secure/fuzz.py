"""Hostile-input strategies shared by the fuzz tests and bench/fuzz_client.py.

Requests are built around what OpenRouter clients really send (chat bodies with messages,
content parts, tools, tool calls, plugins, provider preferences), with any part replaced by
arbitrary JSON, so the fuzzer spends its time deep inside the checks rather than at the door.
"""
from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

scalars = (st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=True)
           | st.text(max_size=12) | st.sampled_from(["", "text", "image_url", "tool", "openai/gpt-4o", "null"]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


hostile = st.sampled_from([[], {}, [[]], [{}], None, 0, -1, True, 1.5, "", {"": None}, ["x"]])


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the plausible value, sometimes a wrong type, sometimes anything at all."""
    return st.one_of(strategy, strategy, hostile, json_values)


urls = st.sampled_from(["https://example.com/a.png", "data:image/png;base64,AAAA", "http://[::1", "", "ftp://x"])
parts = st.fixed_dictionaries({"type": maybe(st.sampled_from(["text", "image_url", "file", "input_audio",
                                                              "input_image", "video_url"]))},
                              optional={"text": maybe(st.text(max_size=8)),
                                        "image_url": maybe(st.fixed_dictionaries({"url": maybe(urls)})),
                                        "file": maybe(st.fixed_dictionaries({"file_data": maybe(urls),
                                                                             "filename": json_values})),
                                        "input_audio": json_values, "cache_control": json_values})
tool_calls = st.fixed_dictionaries({"id": maybe(st.sampled_from(["call_1", "call_2"])),
                                    "type": maybe(st.just("function")),
                                    "function": maybe(st.fixed_dictionaries({"name": maybe(st.just("f")),
                                                                             "arguments": maybe(st.just("{}"))}))})
messages = st.fixed_dictionaries(
    {"role": maybe(st.sampled_from(["system", "user", "assistant", "tool", "developer"]))},
    optional={"content": maybe(st.text(max_size=8) | st.lists(maybe(parts), max_size=3)),
              "tool_calls": maybe(st.lists(maybe(tool_calls), max_size=2)),
              "tool_call_id": maybe(st.sampled_from(["call_1", "call_9"])), "name": json_values})
tools = st.fixed_dictionaries({"type": maybe(st.just("function")),
                               "function": maybe(st.fixed_dictionaries({"name": maybe(st.just("f")),
                                                                        "parameters": json_values}))})
chat_bodies = st.fixed_dictionaries(
    {"messages": maybe(st.lists(maybe(messages), max_size=4))},
    optional={"model": maybe(st.sampled_from(["openai/gpt-4o", "gpt-4o", "openrouter/auto", "~x/y:free"])),
              "models": maybe(st.lists(st.text(max_size=8), max_size=2)),
              "tools": maybe(st.lists(maybe(tools), max_size=2)), "tool_choice": json_values,
              "plugins": maybe(st.lists(maybe(st.fixed_dictionaries({"id": maybe(st.sampled_from(
                  ["web", "file-parser", "response-healing"]))}, optional={"pdf": json_values})), max_size=2)),
              "provider": maybe(st.dictionaries(st.sampled_from(["order", "only", "sort", "require_parameters",
                                                                 "data_collection"]), json_values, max_size=3)),
              "response_format": json_values, "stream": json_values, "usage": json_values,
              "reasoning": json_values, "transforms": json_values, "max_tokens": json_values,
              "temperature": json_values})
methods = st.sampled_from(["POST", "GET", "post", "DELETE", "PATCH", "", "P OST"]) | st.text(max_size=5)
paths = st.sampled_from(["/chat/completions", "/models", "/models/openai/gpt-4o/endpoints", "/providers",
                         "/completions", "/", "", "/chat/completions/", "//x", "/models?offset=x&limit=-1",
                         "/chat/completions?%zz", "/models/%2F/%/endpoints"]) | st.text(max_size=10)
origins = st.sampled_from(["https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1", "http://127.0.0.1:1/api/v1", "https://openrouter.ai",
                           "", "openrouter.ai/api/v1", "https://[::1/api/v1"])
header_pairs = st.lists(st.tuples(maybe(st.sampled_from(["Authorization", "HTTP-Referer", "X-Title",
                                                         "X-OpenRouter-Title", "Content-Type", "Accept"]))
                                  .map(str), json_values.map(str)), max_size=5)
bodies = st.one_of(chat_bodies, chat_bodies, json_values,
                   json_values.map(lambda v: json.dumps(v)), st.binary(max_size=20), st.text(max_size=20))


@st.composite
def requests(draw: Any) -> tuple[str, str, list[tuple[str, str]], Any]:
    """(method, url, header pairs, body) as `validate_request` takes them."""
    return draw(methods), draw(origins) + draw(paths), draw(header_pairs), draw(bodies)


# --- page normalisers -----------------------------------------------------------------------
_tags = st.sampled_from([
    "<h1>", "</h1>", "<h2 id='x'>", "</h2>", "<h3>", "<main>", "</main>", "<article>", "</article>",
    "<table><tr><td>", "</td></tr></table>", "<th>", "<pre><code>", "</code></pre>", "<script>", "</script>",
    "<div class='x'>", "</div>", "<a href='#'>", "<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#x110000;",
    "\x00", "<br/>", "<ul><li>", "<h7>", "<title>", "</title>", "<nav>", "<svg><h2>", "<h2><h2>"])
html_docs = st.lists(st.one_of(_tags, st.text(max_size=6)), max_size=30).map("".join)
selectors = st.sampled_from([None, "main", "article", "#x", "div.x", "[", ">>", "", "h2 ~"])
_md_pieces = st.sampled_from([
    "# ", "## ", "\n", "```", "~~~", "---\n", "title: x\n", "title: [\n", "<Tab>", "</Tab>", "{/* ", " */}",
    "import x from 'y'\n", "export const a = 1\n", "| a | b |\n", "|---|\n", "<Note>", "</Note>", "\r", "\t",
    "    ", "> ", "* ", "[x](y)", "#", "###### ", "####### ", "<a id='q'/>", "{#anchor}"])
markdown_docs = st.lists(st.one_of(_md_pieces, st.text(max_size=6)), max_size=30).map("".join)
content_types = st.sampled_from([None, "text/html", "text/markdown", "text/plain; charset=bogus",
                                 "application/json", "text/html; charset=utf-16", ""])
page_bodies = st.one_of(html_docs.map(str.encode), markdown_docs.map(lambda t: t.encode("utf-8", "replace")),
                        st.binary(max_size=60))

# --- capture files --------------------------------------------------------------------------
_good_url = "https://openrouter.ai/api/v1/chat/completions"
capture_records = st.fixed_dictionaries(
    {"method": st.one_of(st.just("POST"), hostile), "url": st.one_of(st.just(_good_url), hostile, urls)},
    optional={"headers": st.one_of(json_values, st.lists(st.lists(json_values, max_size=3), max_size=3),
                                   st.dictionaries(st.text(max_size=4), json_values, max_size=3)),
              "body": st.one_of(chat_bodies, json_values, chat_bodies.map(json.dumps))})
capture_lines = st.one_of(capture_records.map(json.dumps), capture_records.map(json.dumps),
                          json_values.map(json.dumps), st.text(max_size=20))
_har_request = st.fixed_dictionaries({}, optional={
    "method": st.one_of(st.just("POST"), json_values), "url": st.one_of(st.just(_good_url), json_values),
    "headers": st.one_of(json_values, st.lists(st.one_of(json_values, st.fixed_dictionaries(
        {}, optional={"name": json_values, "value": json_values})), max_size=3)),
    "postData": st.one_of(json_values, st.fixed_dictionaries(
        {}, optional={"text": st.one_of(json_values, chat_bodies.map(json.dumps)), "mimeType": json_values}))})
har_files = st.one_of(json_values, st.fixed_dictionaries({"log": st.one_of(json_values, st.fixed_dictionaries(
    {"entries": st.one_of(json_values, st.lists(st.one_of(json_values, st.fixed_dictionaries(
        {"request": st.one_of(_har_request, json_values)})), max_size=3))}))}))

# --- the models catalog (third-party content) -------------------------------------------------
_catalog_entry = st.fixed_dictionaries(
    {"id": st.one_of(st.sampled_from(["openai/gpt-4o", "x"]), json_values)},
    optional={k: json_values for k in ("canonical_slug", "supported_parameters", "architecture", "pricing",
                                       "expiration_date", "alias_target", "context_length")})
catalogs = st.one_of(json_values, st.fixed_dictionaries({"data": st.one_of(
    json_values, st.lists(st.one_of(_catalog_entry, json_values), max_size=3))}))
