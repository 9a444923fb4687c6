"""OPENROUTER_API_KEY goes with the catalog requests to the official origin (or --base-url) only,
and never into a snapshot or report."""
from __future__ import annotations

import json


from checker.cli import main

from tests.catalog.fixtures import CATALOG_SOURCE, catalog_v1, serve_catalog
from tests.loopback import LoopbackServer
from tests.store.site import TARGET, run, run_json, serve_v1, workdir

KEY = "sk-or-v1-catalogtestkey0000000000"


def _auth(server, path: str) -> list[str | None]:
    return [r.headers.get("authorization") for r in server.requests if r.path == path]


def test_the_key_goes_with_every_catalog_page_and_nowhere_else(site, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    work = workdir(tmp_path, TARGET + CATALOG_SOURCE)
    assert run(work, site.url, "snapshot") == 0
    assert _auth(site, "/api/v1/models") == [f"Bearer {KEY}"] * 3
    assert set(_auth(site, "/openapi.json")) == {None} and set(_auth(site, "/docs/guide")) == {None}
    _, report = run_json(work, site.url, "check")
    stored = "".join(p.read_text() for p in (work / "snapshots").rglob("*") if p.is_file())
    assert KEY not in stored and KEY not in json.dumps(report)


def test_the_key_is_not_sent_to_a_catalog_on_another_host(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    with LoopbackServer() as elsewhere:  # a target whose every source lives on another host
        serve_v1(elsewhere)
        serve_catalog(elsewhere, catalog_v1())
        work = workdir(tmp_path, (TARGET + CATALOG_SOURCE).replace("https://openrouter.ai", elsewhere.url))
        assert main(["snapshot", "--target", "site", "--rules", str(work / "rules"),
                     "--snapshots", str(work / "snapshots")]) == 0
        assert _auth(elsewhere, "/api/v1/models") == [None] * 3
