"""The OpenRouter rule set against the real documentation history (../shared/corpus/openrouter).

On the newest snapshot every rule passes except the ones that document real changes; those
fail with the page that documents the change. Skipped when the corpus is absent.
"""
from __future__ import annotations

import gzip
import json
import os
from collections import Counter
from pathlib import Path

import pytest

from checker.rules import load_rules, run_rules
from checker.rules.page_kinds import find_section
from checker.sources.target import bundled_rules_dir

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CHECKER_SHARED") or REPO / ".." / "shared")
CORPUS = SHARED / "corpus" / "openrouter"

pytestmark = pytest.mark.skipif(not (CORPUS / "INDEX.json").is_file(),
                                reason=f"documentation corpus not found at {CORPUS} (set CHECKER_SHARED)")

DOCS = "https://openrouter.ai/docs/"
# Rules that fail on purpose on the newest docs: rule id -> (official URL, words the message must contain)
REAL_CHANGES = {
    "transforms-middle-out": (DOCS + "guides/features/message-transforms", ["context-compression", "middle-out"]),
    "image-output-chat-documented": (DOCS + "guides/overview/multimodal/image-generation", ["POST /api/v1/images"]),
}


def markdown_page(text: str):
    from checker.normalise.markdown import markdown_to_page

    return markdown_to_page(text)


def snapshot(position: int):
    index = json.loads((CORPUS / "INDEX.json").read_text())["snapshots"]
    snap = index[position]
    spec = json.loads(gzip.decompress((CORPUS / snap["spec_file"]).read_bytes()))
    pages = {p["page"]: markdown_page((CORPUS / p["file"]).read_text(encoding="utf-8")) for p in snap["pages_present"]}
    urls = {p["page"]: p["url"] for p in snap["pages_present"]}
    return snap, spec, pages, urls


@pytest.fixture(scope="module")
def rules():
    return load_rules(bundled_rules_dir(), "openrouter")


@pytest.fixture(scope="module")
def newest():
    return snapshot(-1)


def test_newest_snapshot_passes_except_documented_changes(rules, newest):
    _, spec, pages, urls = newest
    results = run_rules(rules, spec=spec, pages=pages, page_urls=urls)
    statuses = {r.rule.id: r.status for r in results}
    assert {rid for rid, s in statuses.items() if s == "skip"} == set()
    assert {rid for rid, s in statuses.items() if s == "fail"} == set(REAL_CHANGES)
    for result in results:
        if result.rule.id in REAL_CHANGES:
            url, words = REAL_CHANGES[result.rule.id]
            assert result.finding.official_url == url
            assert all(word in result.finding.message for word in words), result.finding.message
        else:
            assert result.finding is None, result.finding


def test_rule_sections_exist_on_the_newest_pages(rules, newest):
    """The #anchors of official URLs point at real headings."""
    _, _, pages, _ = newest
    missing = [(r.id, r.section) for r in rules.rules
               if r.section and find_section(pages[r.page], r.section) is None]
    assert missing == []


def test_middle_out_failure_explains_the_change(rules, newest):
    _, spec, pages, urls = newest
    result = next(r for r in run_rules(rules, spec=spec, pages=pages, page_urls=urls)
                  if r.rule.id == "transforms-middle-out")
    message = result.finding.message
    assert "ChatRequest has no property 'transforms'" in message
    assert "no mention of 'middle-out'" in message
    assert 'plugins [{"id": "context-compression"}]' in message


def test_oldest_snapshot_shows_drift(rules, capsys):
    """Reported, not asserted: how many rules the oldest docs fail. Links use that snapshot's URLs."""
    snap, spec, pages, urls = snapshot(0)
    results = run_rules(rules, spec=spec, pages=pages, page_urls=urls)
    counts = Counter(r.status for r in results)
    failed = sorted(r.rule.id for r in results if r.status == "fail")
    with capsys.disabled():
        print(f"\n[rules on oldest snapshot {snap['date']} {snap['short']}] {dict(counts)} failed: {failed}")
    for result in results:
        if result.status == "fail":
            page = result.finding.official_url.split("#")[0]
            assert page in urls.values()
