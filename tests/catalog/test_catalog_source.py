"""The catalog source end to end on loopback: pages followed, a compact per-model snapshot,
one finding per kind of model change, and a failed or oversized page keeping the old snapshot."""
from __future__ import annotations

import json

import jsonschema
import pytest

from tests.catalog.fixtures import CATALOG_SOURCE, LIST_SCHEMA, catalog_v1, catalog_v2, paged, serve_catalog
from tests.loopback import Route
from tests.store.site import TARGET, run, run_json, workdir

SNAPSHOT = ("snapshots", "site", "catalog", "models.jsonl")


@pytest.mark.parametrize("version", [catalog_v1, catalog_v2])
def test_the_fixtures_are_valid_models_lists(version):
    jsonschema.validate({"data": version()}, LIST_SCHEMA)


def test_every_page_is_followed_into_one_record_per_model(site, tmp_path):
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    assert site.hits("/api/v1/models") == 3  # 38 models, 15 a page
    lines = work.joinpath(*SNAPSHOT).read_text().splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert ids == sorted(m["id"] for m in catalog_v1())
    vision = json.loads(next(line for line in lines if '"acme/vision"' in line))
    assert vision["input_modalities"] == ["image", "text"] and vision["context_length"] == 128000


def _findings(report: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in report["findings"]:
        out.setdefault(f["code"], []).append(f)
    return out


def test_each_kind_of_model_change_is_one_finding(site, tmp_path):
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    serve_catalog(site, catalog_v2())
    _, report = run_json(work, site.url, "check")
    found = _findings(report)
    expected = {
        "catalog-model-removed": "vendor0/model-0", "catalog-model-expiring": "acme/retiring",
        "catalog-model-aliased": "acme/old-name", "catalog-context-decreased": "acme/long",
        "catalog-max-tokens-decreased": "acme/long", "catalog-price-changed": "vendor1/model-1",
        "catalog-price-free-to-paid": "acme/free:free",
    }
    for code, model_id in expected.items():
        [finding] = found[code]
        assert f"'{model_id}'" in finding["message"], code
        assert finding["official_url"] == f"https://openrouter.ai/{model_id.split(':')[0]}"
        assert finding["kind"] == "catalog"
    assert "2027-01-31" in found["catalog-model-expiring"][0]["message"]
    assert "acme/new-name" in found["catalog-model-aliased"][0]["message"]
    price = found["catalog-price-changed"][0]
    assert (price["before"], price["after"]) == ("0.000001", "0.0000015") and "+50%" in price["message"]
    assert {f["message"].split("'")[1] for f in found["catalog-price-paid-to-free"]} == {"vendor2/model-2"}
    assert [f["message"].split("'")[3] for f in found["catalog-parameter-removed"]] == ["response_format", "tools"]
    assert [f["message"].split("'")[3] for f in found["catalog-parameter-added"]] == ["seed"]
    assert [f["message"] for f in found["catalog-modality-removed"]] == \
        ["model 'acme/vision': input modality 'image' is no longer supported"]
    assert [f["message"] for f in found["catalog-modality-added"]] == \
        ["model 'acme/painter': output modality 'audio' is now supported"]
    [added] = found["catalog-models-added"]
    assert added["message"].startswith("3 new model(s)") and added["after"] == [f"newco/model-{i}" for i in range(3)]
    assert "acme/cheap" not in json.dumps(report["findings"])  # listed the same prices again: no change


def test_a_failed_second_page_keeps_the_old_snapshot(site, tmp_path):
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    before = work.joinpath(*SNAPSHOT).read_text()
    pages = paged(catalog_v2(), 15)
    site.routes.pop("/api/v1/models")
    site.fallback(lambda req: Route(status=500, body="down") if "offset=15" in req.query
                  else Route(body=pages(req), content_type="application/json"))
    _, report = run_json(work, site.url, "check", "--update-snapshots")
    [fetch] = [f for f in report["findings"] if f["location"]["source"] == "models"]
    assert fetch["kind"] == "fetch" and fetch["code"] == "fetch-http-error"
    assert "page 2" in fetch["message"] and "500" in fetch["message"]
    assert work.joinpath(*SNAPSHOT).read_text() == before


def test_an_oversized_page_is_refused_and_the_snapshot_kept(site, tmp_path):
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    before = work.joinpath(*SNAPSHOT).read_text()
    site.fault("/api/v1/models", "oversized")
    _, report = run_json(work, site.url, "check", "--update-snapshots")
    [fetch] = [f for f in report["findings"] if f["location"]["source"] == "models"]
    assert fetch["code"] == "fetch-too-large"
    assert work.joinpath(*SNAPSHOT).read_text() == before


def test_a_single_page_catalog_is_fetched_conditionally(site, tmp_path):
    serve_catalog(site, catalog_v1(), size=100, etag=True)
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    _, report = run_json(work, site.url, "check")
    last = [r for r in site.requests if r.path == "/api/v1/models"][-1]
    assert last.headers.get("if-none-match", "").startswith('"')
    assert [s["status"] for s in report["sources"] if s["id"] == "models"] == ["unchanged"]
    assert not [f for f in report["findings"] if f["location"]["source"] == "models"]


def test_a_paged_catalog_is_refetched_in_full(site, tmp_path):
    """Page 1's ETag says nothing about pages 2 and 3, so it is not used for a conditional request."""
    serve_catalog(site, catalog_v1(), etag=True)
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    changed = catalog_v1()
    changed[-1]["context_length"] = 1000  # on page 3; page 1 is the same
    serve_catalog(site, changed, etag=True)
    _, report = run_json(work, site.url, "check")
    assert all("if-none-match" not in r.headers for r in site.requests if r.path == "/api/v1/models")
    assert [f["message"] for f in report["findings"] if f["code"] == "catalog-context-decreased"] == \
        [f"model '{changed[-1]['id']}': context length decreased 128000 -> 1000"]
