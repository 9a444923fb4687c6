"""The oldest -> newest real history with the repository's rules: the console leads with the
integration (rule failures, breaks on used operations) and stays short; the JSON keeps everything."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from checker.report.layout import EARLIER
from tests.mirror import corpus_available, june_to_newest
from tests.report.test_sarif_regions import key_on_line

pytestmark = pytest.mark.skipif(not corpus_available(),
                                reason="the real corpus ../shared/corpus/openrouter is absent")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    work = tmp_path_factory.mktemp("corpus-console")
    code = june_to_newest(work, ["-f", "console", "-o", str(work / "out.txt"), "-f", "json", "-o", str(work / "r.json"),
                                 "-f", "sarif", "-o", str(work / "r.sarif")])
    return (code, (work / "out.txt").read_text().splitlines(), json.loads((work / "r.json").read_text()),
            json.loads((work / "r.sarif").read_text()))


def test_rule_failures_and_used_breaks_lead_the_console(run):
    code, lines, report, _ = run
    findings = report["findings"]
    leading = [f for f in findings if (f["kind"] == "rule" and f["code"] not in ("rule-path-normalised",))
               or (f["kind"] == "spec" and f["severity"] == "error")]
    assert leading and code == (1 if report["summary"]["error"] else 0)  # rule failures are warnings here
    head = " ".join(" ".join(lines[:30]).split())
    for f in leading:
        assert f"{f['code']}: {' '.join(f['message'].split())[:60]}" in head, f["code"]
    assert len(lines) <= 64, len(lines)  # of more than a thousand changes (issue #10: about 60)
    assert all(len(line) <= 100 for line in lines)  # wrapped at the width (100 when not a terminal)
    assert sum(f["count"] for f in findings) > 1000 and all("relevance" in f for f in findings)


def test_a_shared_component_change_is_one_finding_listing_its_operations(run):
    findings = [f for f in run[2]["findings"] if f["kind"] == "spec"]
    shared = [f for f in findings if (f["location"]["pointer"] or "").startswith("/components/")]
    keys = [(f["code"], f["location"]["pointer"], repr(f["before"]), repr(f["after"])) for f in shared]
    assert len(keys) == len(set(keys))  # each component change once, however many operations reach it
    grouped = [f for f in shared if f["count"] > 1]
    assert len(grouped) > 100 and max(f["count"] for f in grouped) >= 5
    for f in grouped:
        ops = [loc["operation"] for loc in f["locations"]]
        assert len(ops) == len(set(ops)) == f["count"] and f["location"]["operation"] is None
        assert f"({f['count']} operations: {ops[0]}" in f["message"]
    provider = [f for f in grouped if f["location"]["pointer"] == "/components/schemas/ProviderName"]
    assert provider and any(loc["operation"] == "POST /chat/completions" for f in provider for loc in f["locations"])


def test_other_drift_is_one_line_per_operation_or_page(run):
    _, lines, report, _ = run
    start = next(i for i, line in enumerate(lines) if line.startswith("Docs drift ("))
    drift = [line for line in lines[start + 1:] if line.startswith("  ")]
    assert 0 < len(drift) <= 9 and drift[-1].startswith("  … and ")
    assert lines[-1] == "{error} error(s), {warning} warning(s), {info} info".format(**report["summary"])


def test_sarif_regions_of_spec_and_page_drift_point_at_existing_snapshot_lines(run):
    """Without --update-snapshots the store holds the old versions: removals and changes have the
    line of their old place there, and the message says so; additions name the file only."""
    results = run[3]["runs"][0]["results"]
    findings = {f["fingerprint"]: f for f in run[2]["findings"]}
    drift = [r for r in results if r["properties"]["kind"] in ("spec", "page")]
    placed = [r for r in drift if "region" in r["locations"][0].get("physicalLocation", {})]
    assert len(placed) > 150
    texts: dict[Path, list[str]] = {}
    for r in placed:
        physical = r["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        path = Path(url2pathname(urlparse(uri).path)) if uri.startswith("file:") else Path(uri)
        lines = texts.setdefault(path, path.read_text().splitlines())
        finding = findings[r["partialFingerprints"]["checkerFingerprint/v1"]]
        assert key_on_line(finding, lines[physical["region"]["startLine"] - 1]), finding["code"]
        assert r["message"]["text"].endswith(EARLIER)
    removed = [r for r in drift if findings[r["partialFingerprints"]["checkerFingerprint/v1"]]["code"]
               .endswith(("-removed", "-value-removed"))]
    assert removed and all(r in placed for r in removed)
