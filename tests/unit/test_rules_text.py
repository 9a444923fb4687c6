"""The text and schema helpers the rule kinds search with (checker.rules.page_kinds.normalise,
checker.api.schemas.walk): fast paths that must keep the documented meaning."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.api.model import Spec
from checker.api.schemas import Node, properties_of, walk
from checker.rules.page_kinds import normalise

# whitespace of every sort a page can carry: NBSP, ideographic and thin spaces, line/paragraph
# separators, the ASCII controls \x1c-\x1f that Unicode counts as whitespace, zero-width (not whitespace)
WHITESPACE = " \t\n\r\f\v\u00a0\u3000\u2009\u2028\u2029\x1c\x1f\u200b\u0085"
TEXT = st.text(alphabet=st.sampled_from(WHITESPACE) | st.characters(codec="utf-8"), max_size=80)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(TEXT)
def test_normalise_collapses_every_run_of_whitespace_as_the_regex_definition_does(text):
    expected = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip().casefold()
    if not any(mark in text for mark in "`[*"):  # markup removal is another step
        assert normalise(text) == expected


def test_normalise_drops_inline_markup_and_keeps_words_apart():
    assert normalise("Send **`plugins`**\u00a0 [see  the\tguide](/docs/x)\n") == "send plugins see the guide"
    assert normalise("a\u200bb") == "a\u200bb"  # a zero-width space is not whitespace


SPEC = Spec({"openapi": "3.1.0", "paths": {}, "components": {"schemas": {
    "Req": {"allOf": [{"$ref": "#/components/schemas/Base"},
                      {"properties": {"plugins": {"type": "array", "items": {"oneOf": [
                          {"properties": {"id": {"const": "web"}, "max_results": {"type": "integer"}}},
                          {"properties": {"id": {"const": "file-parser"}, "pdf": {"properties": {
                              "engine": {"enum": ["mistral-ocr", "pdf-text"]}}}}}]}}}}]},
    "Base": {"properties": {"model": {"type": "string"}, "a/b~c": {"type": "string"}}}}}})
START = Node("/components/schemas/Req", SPEC.doc["components"]["schemas"]["Req"])


def test_properties_of_one_name_is_that_entry_of_all_properties():
    everything = properties_of(SPEC, [START])
    assert sorted(everything) == ["a/b~c", "model", "plugins"]
    for name in [*everything, "missing"]:
        assert properties_of(SPEC, [START], name) == ({name: everything[name]} if name in everything else {})


def test_walk_reaches_every_oneof_branch_and_names_the_siblings_of_a_missing_segment():
    ids = walk(SPEC, START, "plugins[].id")
    assert [n.pointer for n in ids.nodes] == [
        "/components/schemas/Req/allOf/1/properties/plugins/items/oneOf/1/properties/id",
        "/components/schemas/Req/allOf/1/properties/plugins/items/oneOf/0/properties/id"]
    assert walk(SPEC, START, "a/b~c").nodes[0].pointer == "/components/schemas/Base/properties/a~1b~0c"
    missing = walk(SPEC, START, "plugins.pdf.engin")
    assert (missing.missing, missing.parent, missing.available) == ("engin", "plugins.pdf", ("engine",))
