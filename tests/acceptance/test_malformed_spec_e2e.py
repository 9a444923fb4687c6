"""A live spec that parses but is malformed: the run reports each malformed node and goes on."""
from __future__ import annotations

import copy
import json

from tests.acceptance.test_drift_e2e import GUIDE, SPEC, json_report, page_html, run, site, workdir  # noqa: F401
from tests.spec_fuzz import nested

OP = "/paths/~1chat~1completions/post"


def malformed_spec() -> dict:
    spec = copy.deepcopy(SPEC)
    op = spec["paths"]["/chat/completions"]["post"]
    op["tags"] = [None]
    op["summary"] = 5
    body = op["requestBody"]["content"]["application/json"]["schema"]
    body["properties"]["model"] = {"$ref": []}
    body["properties"]["deep"] = nested(400, "properties")
    spec["components"] = True
    return spec


def test_malformed_live_spec_is_reported_node_by_node_and_the_pages_still_checked(site, workdir):  # noqa: F811
    assert run(workdir, site.url, "snapshot") == 0
    site.route("/openapi.json", body=json.dumps(malformed_spec()), content_type="application/json")
    site.route("/docs/guide", body=lambda _req: page_html(GUIDE.replace("429", "402")))
    code, report = json_report(workdir, site.url, "check")
    assert code == 1
    codes = {f["code"] for f in report["findings"]}
    assert "page-section-changed" in codes  # the other source's result is not lost
    validity = {(f["code"], f["location"]["pointer"]) for f in report["findings"] if f["kind"] == "spec-validity"}
    assert {("spec-malformed-node", f"{OP}/tags/0"), ("spec-malformed-node", f"{OP}/summary"),
            ("spec-malformed-node", "/components"),
            ("spec-malformed-node", f"{OP}/requestBody/content/application~1json/schema/properties/model/$ref"),
            } <= validity
    assert any(c == "spec-too-deep" for c, _ in validity)
    spec_changes = [f for f in report["findings"] if f["kind"] == "spec"]
    assert spec_changes and all(f["location"]["operation"] == "POST /chat/completions" for f in spec_changes)


def test_quick_check_on_a_malformed_spec_finishes(site, workdir):  # noqa: F811
    assert run(workdir, site.url, "snapshot") == 0
    site.route("/openapi.json", body=json.dumps(malformed_spec()), content_type="application/json")
    code, report = json_report(workdir, site.url, "check", "--quick")
    assert report["mode"] == "quick"
    codes = {f["code"] for f in report["findings"] if f["kind"] == "spec"}
    # the added `deep` property is seen; the tag/summary that became unreadable move the page link
    assert {"new-optional-request-property", "endpoint-page-moved"} <= codes
    assert code == 0  # nothing that breaks a sender: info only
