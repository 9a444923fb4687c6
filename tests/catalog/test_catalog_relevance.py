"""Severity of catalog findings by what the integration uses: captures learned with
`validate --captures X --learn`, then `check` against the next catalog (loopback, fixtures v1 -> v2)."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tests.catalog.fixtures import (CATALOG_SOURCE, IMAGE, TOOLS, catalog_v1, catalog_v2, chat, learn,
                                   serve_catalog)
from tests.loopback import LoopbackServer
from tests.store.site import TARGET, run, run_json, serve_v1, workdir


def drift_after(work: Path, site: LoopbackServer, models: list[dict], *requests: dict) -> list[dict]:
    """Snapshot v1, learn the captures, serve `models`, check: the catalog findings."""
    assert run(work, site.url, "snapshot") == 0
    learn(work, *requests)
    serve_catalog(site, models)
    _, report = run_json(work, site.url, "check")
    return [f for f in report["findings"] if f["kind"] == "catalog"]


def about(findings: list[dict], code: str, model: str) -> dict:
    [found] = [f for f in findings if f["code"] == code and f"'{model}'" in f["message"]]
    return found


@pytest.fixture(scope="module")
def used(tmp_path_factory) -> list[dict]:
    """One integration using six models of the catalog, each hit by one change in v2."""
    with LoopbackServer() as site:
        serve_v1(site)
        serve_catalog(site, catalog_v1())
        work = workdir(tmp_path_factory.mktemp("used"), TARGET + CATALOG_SOURCE)
        return drift_after(work, site, catalog_v2(),
                           chat("vendor0/model-0"),
                           chat("openai/gpt-4o-mini", tools=TOOLS),
                           chat("vendor1/model-1"),
                           chat("acme/vision", IMAGE),
                           chat("acme/long", max_tokens=1000),
                           chat("acme/retiring"), chat("acme/free:free"))


def test_a_used_model_removed_is_an_error_naming_it(used):
    removed = about(used, "catalog-model-removed", "vendor0/model-0")
    assert removed["severity"] == "error" and removed["relevance"] == "used"
    assert "removed from the catalog" in removed["message"] and "missing since 20" in removed["message"]
    assert any("model vendor0/model-0 via capture" in b for b in removed["relevant_because"])


def test_losing_a_parameter_the_captures_send_is_an_error_and_one_they_do_not_send_is_info(used):
    tools = next(f for f in used if f["code"] == "catalog-parameter-removed" and "'tools'" in f["message"])
    assert tools["severity"] == "error" and "'openai/gpt-4o-mini'" in tools["message"]
    assert any(b.startswith("field tools (POST /chat/completions) via capture") for b in tools["relevant_because"])
    fmt = next(f for f in used if f["code"] == "catalog-parameter-removed" and "'response_format'" in f["message"])
    assert fmt["severity"] == "info" and fmt["relevance"] == "used"


def test_losing_image_input_while_sending_images_is_an_error(used):
    lost = about(used, "catalog-modality-removed", "acme/vision")
    assert lost["severity"] == "error"
    assert any("image_url" in b for b in lost["relevant_because"])


def test_price_context_and_expiry_changes_on_used_models_are_warnings(used):
    assert about(used, "catalog-price-changed", "vendor1/model-1")["severity"] == "warning"
    assert about(used, "catalog-price-free-to-paid", "acme/free:free")["severity"] == "warning"
    assert about(used, "catalog-context-decreased", "acme/long")["severity"] == "warning"
    expiring = about(used, "catalog-model-expiring", "acme/retiring")
    assert expiring["severity"] == "warning" and "2027-01-31" in expiring["message"]


def test_changes_to_unused_models_are_info_in_context(used):
    for code, model in (("catalog-model-aliased", "acme/old-name"), ("catalog-price-paid-to-free", "vendor2/model-2"),
                        ("catalog-modality-added", "acme/painter")):
        finding = about(used, code, model)
        assert (finding["severity"], finding["relevance"]) == ("info", "context"), code


def test_a_removal_no_capture_uses_is_one_grouped_info(site, tmp_path):
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    gone = {"vendor0/model-0", "vendor1/model-5", "vendor2/model-6"}
    later = [m for m in catalog_v1() if m["id"] not in gone]
    findings = drift_after(work, site, later, chat("openai/gpt-4o-mini"))
    [removed] = [f for f in findings if f["code"] == "catalog-model-removed"]
    assert (removed["severity"], removed["relevance"], removed["count"]) == ("info", "context", 3)
    assert removed["message"].startswith("3 unused models were removed: ")
    assert sorted(removed["after"]) == sorted(gone)
    assert sorted(loc["pointer"] for loc in removed["locations"]) == sorted(f"/{g.replace('/', '~1')}/id" for g in gone)


def test_an_expiry_date_already_past_on_a_used_model_is_an_error(site, tmp_path):
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    later = copy.deepcopy(catalog_v1())
    next(m for m in later if m["id"] == "acme/retiring")["expiration_date"] = "2020-01-31"
    findings = drift_after(work, site, later, chat("acme/retiring"))
    expired = about(findings, "catalog-model-expiring", "acme/retiring")
    assert expired["severity"] == "error" and "2020-01-31" in expired["message"]


def test_a_model_named_in_the_code_counts_as_used(site, tmp_path):
    """`check --code DIR` with nothing learned: the model id in a string literal makes it used."""
    work = workdir(tmp_path / "work", TARGET + CATALOG_SOURCE)
    app = tmp_path / "app"
    app.mkdir()
    (app / "client.py").write_text('import os\n\nMODEL = "vendor1/model-1"  # the one we pay for\n')
    assert run(work, site.url, "snapshot") == 0
    serve_catalog(site, catalog_v2())
    _, report = run_json(work, site.url, "check", "--code", str(app))
    price = about(report["findings"], "catalog-price-changed", "vendor1/model-1")
    assert (price["severity"], price["relevance"]) == ("warning", "used")
    assert any(b.startswith("model vendor1/model-1 via code client.py:3") for b in price["relevant_because"])
    assert about(report["findings"], "catalog-model-removed", "vendor0/model-0")["severity"] == "info"
