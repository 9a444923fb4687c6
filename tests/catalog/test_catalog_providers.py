"""The providers list as a source: a removed provider the traffic pins (provider.order / only) is a
warning, other removals info, new providers one grouped line; garbage keeps the old snapshot."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.models import Fetched, Source
from checker.sources.catalog_providers import ProvidersKind
from checker.sources.kind import Unreadable
from tests.catalog.fixtures import CATALOG_SOURCE, PROVIDERS_SOURCE, chat, learn, provider, serve_providers
from tests.store.site import TARGET, run, run_json, workdir

V1 = [provider("openai", "OpenAI"), provider("azure", "Azure"), provider("together", "Together")]
V2 = [provider("openai", "OpenAI"), provider("newp", "New Provider")]


@pytest.fixture
def work(site, tmp_path):
    serve_providers(site, V1)
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE + PROVIDERS_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    return work


def test_a_removed_provider_the_traffic_pins_is_a_warning(site, work):
    learn(work, chat("openai/gpt-4o-mini", provider={"order": ["Azure", "openai"], "allow_fallbacks": False}))
    serve_providers(site, V2)
    _, report = run_json(work, site.url, "check")
    found = {f["message"]: (f["severity"], f.get("relevance")) for f in report["findings"]
             if f["location"]["source"] == "providers"}
    assert found == {"provider 'azure' (Azure) is no longer listed": ("warning", "used"),
                     "provider 'together' (Together) is no longer listed": ("info", "context"),
                     "1 new provider(s): newp": ("info", "context")}
    [azure] = [f for f in report["findings"] if "'azure'" in f["message"]]
    assert any(b.startswith("value Azure (POST /chat/completions at provider.order) via capture")
               for b in azure["relevant_because"])


def test_an_unreadable_providers_answer_keeps_the_snapshot(site, work):
    stored = work / "snapshots" / "site" / "catalog-providers" / "providers.jsonl"
    before = stored.read_text()
    assert before.splitlines()[0] == '{"name":"Azure","slug":"azure"}'
    site.route("/api/v1/providers", body="<html>busy</html>", content_type="text/html")
    _, report = run_json(work, site.url, "check", "--update-snapshots")
    [fetch] = [f for f in report["findings"] if f["location"]["source"] == "providers"]
    assert (fetch["kind"], fetch["code"]) == ("fetch", "catalog-unreadable")
    assert stored.read_text() == before


SOURCE = Source(id="providers", kind="catalog-providers", url="https://openrouter.ai/api/v1/providers")
values = st.recursive(st.none() | st.integers() | st.text(max_size=6),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                      max_leaves=10)


@settings(max_examples=80, derandomize=True, deadline=None)
@given(st.lists(st.fixed_dictionaries({"slug": values, "name": values}) | values, max_size=5))
def test_any_providers_answer_reads_back_or_is_unreadable(entries):
    kind = ProvidersKind()
    body = json.dumps({"data": entries}).encode()
    content = kind.parse(SOURCE, Fetched("providers", SOURCE.url, SOURCE.url, 200, body))
    assert kind.load(kind.dump(content, "")) == content
    assert all(isinstance(k, str) and k for k in content)
    with pytest.raises(Unreadable):
        kind.parse(SOURCE, Fetched("providers", SOURCE.url, SOURCE.url, 200, body[:-1]))


@pytest.mark.parametrize("text", ["\x85", "\u2028", "\u2029"])
def test_a_provider_name_holding_a_unicode_line_break_reads_back(text):
    kind = ProvidersKind()
    body = json.dumps({"data": [provider("azure", f"Azure{text}West"), provider("openai", "OpenAI")]}).encode()
    content = kind.parse(SOURCE, Fetched("providers", SOURCE.url, SOURCE.url, 200, body))
    assert len(content) == 2 and any(text in json.dumps(v, ensure_ascii=False) for v in content.values())
    assert kind.load(kind.dump(content, "")) == content
