"""SARIF regions of page and spec drift: the heading's or the pointer's line in the new snapshot
when it is on disk (`--update-snapshots`), else in the stored one from before the change (and
the message says so); paths relative to the working directory."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tests.acceptance.test_drift_e2e import GUIDE, SPEC, page_html, run, site, workdir  # noqa: F401 - fixtures
from checker.report.layout import EARLIER

NEW_GUIDE = (GUIDE.replace("<h2 id='errors'>Errors</h2><p>A 429 means you are rate limited.</p>", "")
             .replace("with your model", "with any model")
             + "<h2 id='retries'>Retries</h2><p>Retry after the Retry-After seconds.</p>")


def _new_spec() -> dict:
    spec = copy.deepcopy(SPEC)
    body = spec["paths"]["/chat/completions"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    del body["properties"]["model"]  # a removal: only in the old spec
    body["properties"]["temperature"] = {"type": "number"}  # an addition: only in the new one
    return spec


def _check(site, workdir: Path, monkeypatch, *extra: str) -> tuple[list[dict], dict[str, dict]]:
    monkeypatch.chdir(workdir)
    assert run(workdir, site.url, "snapshot") == 0
    site.route("/docs/guide", body=lambda _req: page_html(NEW_GUIDE))
    site.route("/openapi.json", body=json.dumps(_new_spec()), content_type="application/json")
    code = run(workdir, site.url, "check", *extra, "-f", "sarif", "-o", "r.sarif", "-f", "json", "-o", "r.json")
    assert code == (0 if extra else 1)  # --update-snapshots accepts the drift
    findings = {f["fingerprint"]: f for f in json.loads(Path("r.json").read_text())["findings"]}
    return json.loads(Path("r.sarif").read_text())["runs"][0]["results"], findings


def key_on_line(finding: dict, text: str) -> bool:
    """The line names the section's heading (its text, or its anchor) or the pointer's last key."""
    loc = finding["location"]
    if finding["kind"] == "page":
        anchor = finding["official_url"].partition("#")[2]
        return text.startswith("#") and (loc["section"].casefold() in text.casefold()
                                         or bool(anchor) and "{#" + anchor + "}" in text)
    last = loc["pointer"].rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    return f'"{last}":' in text or (last.isdigit() and text.lstrip()[:1] in "{[\"")


@pytest.mark.parametrize("update", [False, True], ids=["stored", "updated"])
def test_every_region_is_the_heading_or_pointer_line_of_a_snapshot_file(site, workdir, monkeypatch, update):  # noqa: F811
    results, findings = _check(site, workdir, monkeypatch, *(["--update-snapshots"] if update else []))
    drift = [r for r in results if r["properties"]["kind"] in ("page", "spec")]
    regions = {}
    for r in drift:
        physical = r["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:")) and Path(uri).is_file(), uri  # relative to the repository
        if "region" not in physical:
            continue
        finding = findings[r["partialFingerprints"]["checkerFingerprint/v1"]]
        lines = Path(uri).read_text().splitlines()
        line = physical["region"]["startLine"]
        assert 1 <= line <= len(lines) and key_on_line(finding, lines[line - 1]), (finding["code"], uri, line)
        regions[(finding["code"], finding["location"]["section"] or finding["location"]["pointer"])] = (uri, r)
    store = "snapshots/site/"

    def placed(code: str, where: str) -> tuple[str, bool] | None:
        hit = regions.get((code, where))
        return (hit[0], hit[1]["message"]["text"].endswith(EARLIER)) if hit else None

    removed = placed("page-section-removed", "Errors")
    added = placed("page-section-added", "Retries")
    changed = placed("page-section-changed", "Usage")
    gone = next((v for (code, _), v in regions.items() if code == "request-property-removed"), None)
    new_prop = next((v for (code, _), v in regions.items() if code == "new-optional-request-property"), None)
    if update:  # the store holds the new pages; what was removed is in the history's copy
        assert added == (store + "pages/guide.md", False) and changed == (store + "pages/guide.md", False)
        assert removed is not None and removed[0].startswith(store + "history/guide/") and removed[1]
        assert new_prop is not None and not new_prop[1]["message"]["text"].endswith(EARLIER)
        assert gone is not None and gone[0].startswith(store + "history/") and gone[1]["message"]["text"].endswith(EARLIER)
    else:  # the store still holds the old pages: only what existed before has a line there
        assert removed == (store + "pages/guide.md", True) and changed == (store + "pages/guide.md", True)
        assert added is None and new_prop is None
        assert gone is not None and gone[0].startswith(store) and gone[1]["message"]["text"].endswith(EARLIER)
