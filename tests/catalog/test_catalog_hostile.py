"""Third-party catalog content never crashes normalising, storing or diffing."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.models import Fetched, Source
from checker.sources.catalog import CatalogKind, normalise_catalog
from checker.sources.catalog_diff import diff_catalogs
from checker.sources.kind import Unreadable
from tests.catalog.fixtures import model

KIND = CatalogKind()
SOURCE = Source(id="models", kind="catalog", url="https://openrouter.ai/api/v1/models")
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12)
FIELDS = ["name", "canonical_slug", "context_length", "architecture", "top_provider", "pricing",
          "supported_parameters", "expiration_date", "alias_target", "per_request_limits", "default_parameters"]


@st.composite
def hostile_model(draw):
    entry = model(draw(st.sampled_from(["a/x", "a/y", "b/z:free"])))
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=4, unique=True)):
        entry[name] = draw(json_values)
    return entry


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_model(), max_size=4), st.lists(hostile_model(), max_size=4))
def test_hostile_models_round_trip_and_diff(old, new):
    before, after = normalise_catalog({"data": old}), normalise_catalog({"data": new})
    assert KIND.load(KIND.dump(after, "")) == after  # what is stored reads back the same
    findings = diff_catalogs("models", before, after)
    removed = sorted(f.message.split("'")[1] for f in findings if f.code == "catalog-model-removed")
    assert removed == sorted(before.keys() - after.keys())
    assert {f.message.split("'")[1] for f in findings if f.code != "catalog-models-added"} <= set(before) | set(after)
    assert all(f.code.startswith("catalog-") for f in findings)
    if before == after:
        assert findings == []


@settings(max_examples=60, derandomize=True, deadline=None)
@given(json_values)
def test_anything_that_is_not_a_models_list_is_unreadable_not_a_crash(value):
    body = json.dumps(value).encode()
    fetched = Fetched("models", SOURCE.url, SOURCE.url, http_status=200, body=body)
    try:
        content = KIND.parse(SOURCE, fetched)
    except Unreadable as exc:
        assert exc.code == "catalog-unreadable"
    else:
        assert isinstance(value, dict) and isinstance(value.get("data"), list)
        assert KIND.load(KIND.dump(content, "")) == content


hostile_endpoint = st.fixed_dictionaries({}, optional={
    "tag": st.sampled_from(["p", "q"]) | json_values, "provider_name": json_values,
    "supported_parameters": st.lists(st.sampled_from(["tools", "top_p"]), max_size=2) | json_values,
    "context_length": json_values, "pricing": json_values, "status": json_values})


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_endpoint | json_values, max_size=4), st.lists(hostile_endpoint | json_values, max_size=4))
def test_hostile_endpoints_are_stored_and_diffed_without_a_crash(old, new):
    """Any endpoints answer: stored as it reads back, diffed into findings about that one model."""
    def body(endpoints):
        return json.dumps({"data": [model("a/x")], "endpoints": {"a/x": endpoints}}).encode()

    before, after = (KIND.parse(SOURCE, Fetched("models", SOURCE.url, SOURCE.url, 200, body(e))) for e in (old, new))
    assert KIND.load(KIND.dump(after, "")) == after
    findings = diff_catalogs("models", before, after)
    assert {f.code for f in findings} <= {"catalog-endpoint-parameter-lost", "catalog-providers-changed"}
    assert all(f.message.startswith("model 'a/x': ") for f in findings)
    providers = [e["provider"] for e in after["a/x"]["endpoints"]]
    assert providers == sorted(set(providers))


@pytest.mark.parametrize("text", ["\x85", "\u2028", "\u2029", "\x1c", "a\r\nb"])
def test_a_record_holding_a_unicode_line_break_reads_back(text):
    """Lines are split at "\n" only: NEL and the Unicode separators are written as they are."""
    entry = model("a/x")
    entry["name"], entry["pricing"] = text, {text: "0"}
    catalog = normalise_catalog({"data": [entry]})
    assert catalog["a/x"]["name"] == text
    assert KIND.load(KIND.dump(catalog, "")) == catalog
