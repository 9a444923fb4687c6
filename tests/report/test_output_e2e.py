"""`checker check` end to end on a loopback site: what the command layer gathers reaches the reports."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from checker.codes import CODES
from tests.acceptance.test_drift_e2e import GUIDE, page_html, run, site, workdir  # noqa: F401 - fixtures


def _path(uri: str) -> Path:
    return Path(url2pathname(urlparse(uri).path)) if uri.startswith("file:") else Path(uri)


def test_sarif_and_html_of_a_check_use_the_store_and_history_of_the_run(site, workdir):  # noqa: F811
    assert run(workdir, site.url, "snapshot") == 0
    manifest = json.loads((workdir / "snapshots" / "site" / "manifest.json").read_text())["sources"]
    site.route("/docs/guide", body=lambda _req: page_html(GUIDE.replace("429", "402")))
    sarif, html = workdir / "r.sarif", workdir / "r.html"
    code = run(workdir, site.url, "check", "--format", "sarif", "--output", str(sarif),
               "--format", "html", "--output", str(html))
    assert code == 1  # no rules, nothing learned: no profile, so the change keeps its severity
    log = json.loads(sarif.read_text())["runs"][0]
    [result] = [r for r in log["results"] if r["ruleId"] == "page-section-changed"]
    stored = _path(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert stored.resolve() == (workdir / "snapshots" / "site" / manifest["guide"]["file"]).resolve()
    line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
    heading = stored.read_text().splitlines()[line - 1]  # the changed section's heading in the store's file
    assert heading.startswith("#") and heading.lstrip("#").split("{")[0].strip() == "Errors"
    [rule] = [r for r in log["tool"]["driver"]["rules"] if r["id"] == "page-section-changed"]
    assert rule["fullDescription"]["text"] == CODES["page-section-changed"].meaning
    timeline = html.read_text().split('<h2 id="timeline">Drift timeline</h2>', 1)[1]
    assert f"{manifest['guide']['sha256'][:8]} → " in timeline  # the change this run recorded
