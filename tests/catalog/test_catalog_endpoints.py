"""The providers of the models the integration uses (GET /models/{author}/{slug}/endpoints): fetched
with the catalog only for used models (bounded), stored normalised, diffed; served by the stub."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import jsonschema
import pytest

from checker.cli import main
from checker.record.stub import Stub
from checker.sources.catalog import normalise_catalog
from checker.sources.catalog_endpoints import MAX_MODELS
from tests.catalog.fixtures import (CATALOG_SOURCE, ENDPOINTS_SCHEMA, TOOLS, catalog_v1, chat, endpoint,
                                    endpoints_body, learn, serve_catalog, serve_endpoints, stub_models)
from tests.loopback import Route
from tests.store.site import TARGET, run, run_json, workdir

MINI = Path(__file__).parent.parent / "comply" / "openapi-mini.json"
SNAPSHOT = ("snapshots", "site", "catalog", "models.jsonl")
GPT = "openai/gpt-4o-mini"
ALL = ["max_tokens", "temperature", "tools", "response_format", "top_p"]


def endpoints_path(model_id: str) -> str:
    return f"/api/v1/models/{model_id}/endpoints"


def stored(work: Path, model_id: str) -> dict:
    lines = work.joinpath(*SNAPSHOT).read_text().splitlines()
    return next(json.loads(line) for line in lines if json.loads(line)["id"] == model_id)


@pytest.fixture
def used(site, tmp_path) -> Path:
    """A baseline whose integration sends `tools` to GPT, served by two providers (one with tools)."""
    serve_endpoints(site, GPT, [endpoint(GPT, "openai", ALL), endpoint(GPT, "azure", ["max_tokens", "temperature"])])
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    assert site.hits(endpoints_path(GPT)) == 0  # nothing learned yet: no model is used
    learn(work, chat(GPT, tools=TOOLS))
    assert run(work, site.url, "snapshot") == 0
    return work


def test_only_the_used_models_endpoints_are_fetched_and_stored_normalised(site, used):
    assert site.hits(endpoints_path(GPT)) == 1
    assert [r.path for r in site.requests if r.path.endswith("/endpoints")] == [endpoints_path(GPT)]
    providers = stored(used, GPT)["endpoints"]
    assert [p["provider"] for p in providers] == ["azure", "openai"]
    assert providers[1]["supported_parameters"] == sorted(ALL) and providers[1]["status"] == 0
    assert "uptime_last_30m" not in providers[1]  # changes by the minute: not part of the snapshot
    assert "endpoints" not in stored(used, "acme/vision")


def test_losing_the_last_provider_with_a_sent_parameter_is_an_error(site, used):
    serve_endpoints(site, GPT, [endpoint(GPT, "azure", ["max_tokens", "temperature"]),
                                endpoint(GPT, "together", ["max_tokens", "response_format"])])
    code, report = run_json(used, site.url, "check")
    lost = {f["message"].split("'")[3]: f for f in report["findings"] if f["code"] == "catalog-endpoint-parameter-lost"}
    assert sorted(lost) == ["tools", "top_p"]  # only openai had them; response_format moved to together
    assert code == 1 and lost["tools"]["severity"] == "error" and lost["tools"]["relevance"] == "used"
    assert lost["tools"]["message"] == f"model '{GPT}': no provider supports parameter 'tools' any more (it had: openai)"
    assert lost["top_p"]["severity"] == "info"  # the integration does not send top_p
    [providers] = [f for f in report["findings"] if f["code"] == "catalog-providers-changed"]
    assert providers["severity"] == "info"
    assert providers["message"] == f"model '{GPT}': providers 2 -> 2 (gone: openai; new: together)"


def test_a_parameter_another_provider_still_supports_is_no_finding(site, used):
    serve_endpoints(site, GPT, [endpoint(GPT, "openai", ALL)])
    _, report = run_json(used, site.url, "check")
    assert [f["message"] for f in report["findings"] if f["kind"] == "catalog"] == \
        [f"model '{GPT}': providers 2 -> 1 (gone: azure)"]


@pytest.mark.parametrize("answer, code, says", [
    ({"status": 500, "body": "down"}, "fetch-http-error", "500"),
    ({"body": '{"data": {"endpoints": "none"}}', "content_type": "application/json"}, "catalog-unreadable",
     "not an endpoints list"),
    ({"body": "[" * 200000, "content_type": "application/json"}, "catalog-unreadable", "not an endpoints list"),
])
def test_a_failed_endpoints_request_is_a_fetch_finding_and_the_old_snapshot_is_kept(site, used, answer, code, says):
    before = used.joinpath(*SNAPSHOT).read_text()
    site.route(endpoints_path(GPT), **answer)
    _, report = run_json(used, site.url, "check", "--update-snapshots")
    [fetch] = [f for f in report["findings"] if f["location"]["source"] == "models"]
    assert fetch["kind"] == "fetch" and fetch["code"] == code
    assert f"endpoints of {GPT}" in fetch["message"] and says in fetch["message"]
    assert used.joinpath(*SNAPSHOT).read_text() == before


def test_at_most_max_models_endpoints_are_fetched(site, tmp_path):
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    learn(work, *(chat(f"vendor{i % 4}/model-{i}") for i in range(30)))
    site.fallback(lambda req: Route(body=endpoints_body("x", [endpoint("x", "p", ["tools"])]),
                                    content_type="application/json") if req.path.endswith("/endpoints") else None)
    assert run(work, site.url, "snapshot") == 0
    fetched = [r.path for r in site.requests if r.path.endswith("/endpoints")]
    assert len(fetched) == MAX_MODELS == len(set(fetched))


def test_the_stub_serves_the_endpoints_route_from_the_snapshot():
    records = normalise_catalog({"data": catalog_v1()})
    models = stub_models()
    with Stub(json.loads(MINI.read_text()), models=models) as stub:
        with urllib.request.urlopen(stub.base_url + "/models/acme/vision/endpoints") as resp:
            body = json.load(resp)
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(stub.base_url + "/models/nobody/none/endpoints")
    jsonschema.validate(body, ENDPOINTS_SCHEMA)
    [one] = body["data"]["endpoints"]
    assert body["data"]["id"] == "acme/vision" and one["context_length"] == 128000
    assert body["data"]["architecture"]["input_modalities"] == ["image", "text"]
    assert one["supported_parameters"] == records["acme/vision"]["supported_parameters"]
    assert missing.value.code == 404


def test_endpoints_are_fetched_even_when_the_stored_list_is_not_modified(site, tmp_path):
    """A baseline taken before anything was learned has the list's ETag: the 304 must not hide
    the endpoints of the models learned since."""
    serve_catalog(site, catalog_v1(), size=100, etag=True)
    serve_endpoints(site, GPT, [endpoint(GPT, "openai", ALL)])
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    learn(work, chat(GPT, tools=TOOLS))
    assert run(work, site.url, "snapshot") == 0
    assert [p["provider"] for p in stored(work, GPT)["endpoints"]] == ["openai"]
    lists = [r for r in site.requests if r.path == "/api/v1/models"]
    assert len(lists) == 3 and "if-none-match" in lists[1].headers and "if-none-match" not in lists[2].headers
    assert run(work, site.url, "snapshot") == 0  # stored without validators: one unconditional request
    assert len([r for r in site.requests if r.path == "/api/v1/models"]) == 4


def test_validate_warns_when_no_stored_provider_supports_a_parameter_the_model_lists(site, tmp_path):
    serve_endpoints(site, GPT, [endpoint(GPT, "azure", ["max_tokens"]), endpoint(GPT, "openai", ["temperature"])])
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    learn(work, chat(GPT))
    assert run(work, site.url, "snapshot") == 0  # now with GPT's providers
    payload = work / "p.json"
    payload.write_text(json.dumps(chat(GPT, tools=TOOLS, temperature=0.2)["body"]))
    out = work / "v.json"
    main(["validate", str(payload), "--target", "site", "--rules", str(work / "rules"),
          "--snapshots", str(work / "snapshots"), "--format", "json", "--output", str(out)])
    [warned] = [f for f in json.loads(out.read_text())["findings"] if f["code"] == "model-parameter-no-provider"]
    assert warned["severity"] == "warning" and warned["location"]["pointer"] == "/tools"
    assert warned["message"] == f"model '{GPT}' lists 'tools', but none of its providers (azure, openai) supports it"
