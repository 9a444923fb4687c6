"""Baseline at the oldest real snapshot, check at the newest, served from a loopback mirror.

A user who set up in June 2026 had the api_reference pages at /docs/api/reference/*: their target
file is the shipped one with those URLs. By August the pages moved (docs.json redirects) and
changed; checker must say both, with official URLs.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.mirror import corpus_available, june_to_newest

pytestmark = pytest.mark.skipif(not corpus_available(),
                                reason="the real corpus ../shared/corpus/openrouter is absent")

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def drift(tmp_path_factory):
    work = tmp_path_factory.mktemp("corpus")
    out = work / "report.json"
    code = june_to_newest(work, ["--format", "json", "--output", str(out)], with_rules=False)
    return code, json.loads(out.read_text()), work


def test_check_at_newest_fails_with_official_urls(drift):
    code, report, _ = drift
    assert code == 1
    assert report["findings"]
    for finding in report["findings"]:
        assert finding["official_url"].startswith("https://openrouter.ai/"), finding
        assert "127.0.0.1" not in json.dumps(finding)


def test_moved_api_reference_pages_are_reported(drift):
    _, report, _ = drift
    moved = {f["location"]["source"]: f for f in report["findings"] if f["code"] == "page-moved"}
    for name in ("overview", "streaming", "authentication", "parameters", "errors-and-debugging", "limits"):
        finding = moved[f"api_reference/{name}"]
        assert finding["official_url"] == f"https://openrouter.ai/docs/api_reference/{name}"
        assert finding["before"] == f"https://openrouter.ai/docs/api/reference/{name}"


def test_real_section_changes_point_at_the_new_page_and_anchor(drift):
    _, report, _ = drift
    changed = [f for f in report["findings"] if f["kind"] == "page"
               and f["code"] in ("page-section-changed", "page-section-added", "page-section-removed")]
    assert len(changed) >= 10
    sources = {f["location"]["source"] for f in changed}
    assert "api_reference/overview" in sources
    for f in changed:
        if f["location"]["source"].startswith("api_reference/"):
            assert f["official_url"].startswith("https://openrouter.ai/docs/api_reference/")
    with_anchor = [f for f in changed if "#" in f["official_url"]]
    assert with_anchor, "section findings carry #anchor"


def test_changelog_gone_then_back_is_handled(drift):
    _, report, _ = drift
    statuses = {s["id"]: s["status"] for s in report["sources"]}
    assert statuses["openapi"] == "changed"
    assert statuses["api_reference/overview"] == "moved"
