"""`checker check` on a loopback site: docs claims are info, a warning when the integration sends
what they are about (the profile learned from a capture)."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from checker.cli import main
from tests.docs.conftest import mini_spec
from tests.loopback import LoopbackServer, Route

TARGET = """\
origin: https://openrouter.ai
spec:
  url: https://openrouter.ai/openapi.json
pages:
  - id: guides/routing
    url: https://openrouter.ai/docs/guides/routing
"""
BEFORE = "# Routing\n\n## Max price\n\nRoutes to cheap providers.\n"
AFTER = ("# Routing\n\n## Max price\n\nThe `max_price` field in the `provider` parameter caps the price: "
         'the value `{"prompt": 1}` routes to providers under $1 per million prompt tokens.\n')
DEPRECATION = "Deprecated: use `top_p` instead."
CHAT = "https://openrouter.ai/api/v1/chat/completions"


class Site:
    def __init__(self, server: LoopbackServer, root: Path) -> None:
        self.server, self.root = server, root
        self.rules = root / "rules"
        (self.rules / "docsite").mkdir(parents=True)
        (self.rules / "docsite" / "target.yaml").write_text(TARGET)
        self.snapshots = root / "snaps"
        self.serve(mini_spec(), BEFORE)

    def serve(self, spec: dict, page: str) -> None:
        self.server.route("/openapi.json", json.dumps(spec).encode(), content_type="application/json")
        self.server.route("/docs/guides/routing", page.encode(), content_type="text/markdown; charset=utf-8")

    def run(self, *command: str) -> int:
        return main([*command, "--target", "docsite", "--rules", str(self.rules),
                     "--snapshots", str(self.snapshots), "--base-url", self.server.url])

    def learn(self, body: dict) -> None:
        captures = self.root / "caps.jsonl"
        captures.write_text(json.dumps({"method": "POST", "url": CHAT, "headers": {}, "body": body}) + "\n")
        spec = self.root / "spec.json"
        spec.write_text(json.dumps(mini_spec()))
        assert main(["validate", "--captures", str(captures), "--spec", str(spec), "--learn", "-q",
                     "--target", "docsite", "--rules", str(self.rules), "--snapshots", str(self.snapshots)]) in (0, 1)

    def check(self, capsys) -> list[dict]:
        capsys.readouterr()
        assert self.run("check", "--format", "json") in (0, 1)
        return json.loads(capsys.readouterr().out)["findings"]


@pytest.fixture
def site(tmp_path, capsys):
    with LoopbackServer() as server:
        site = Site(server, tmp_path)
        assert site.run("snapshot", "-q") == 0
        capsys.readouterr()
        yield site


def _of(findings: list[dict], code: str) -> list[tuple[str, str]]:
    return [(f["severity"], f.get("relevance") or "") for f in findings if f["code"] == code]


def test_the_max_price_example_mismatch_is_a_warning_for_a_client_sending_max_price(site, capsys):
    site.learn({"messages": [{"role": "user", "content": "hi"}], "provider": {"max_price": {"prompt": "1"}}})
    site.serve(mini_spec(), AFTER)
    [finding] = [f for f in site.check(capsys) if f["code"] == "docs-example-invalid"]
    assert (finding["severity"], finding["relevance"]) == ("warning", "used")
    assert finding["location"]["section"] == "Max price"
    assert finding["after"]["example_pointer"] == "/provider/max_price/prompt"
    assert any("provider.max_price" in reason for reason in finding["relevant_because"])


def test_the_same_mismatch_is_info_without_a_profile_and_for_a_client_sending_other_provider_fields(site, capsys):
    site.serve(mini_spec(), AFTER)
    findings = site.check(capsys)
    assert [f["severity"] for f in findings if f["code"] == "docs-example-invalid"] == ["info"]
    site.learn({"messages": [{"role": "user", "content": "hi"}], "provider": {"sort": "price"}})
    site.serve(mini_spec(), BEFORE)
    site.run("snapshot", "-q")
    site.serve(mini_spec(), AFTER)
    assert _of(site.check(capsys), "docs-example-invalid") == [("info", "context")]


def deprecated_spec() -> dict:
    spec = copy.deepcopy(mini_spec())
    spec["components"]["schemas"]["ChatRequest"]["properties"]["temperature"]["description"] = DEPRECATION
    return spec


def test_a_new_deprecation_sentence_in_the_spec_is_reported_with_its_pointer(site, capsys):
    site.serve(deprecated_spec(), BEFORE)
    [finding] = [f for f in site.check(capsys) if f["code"] == "docs-deprecation-new"]
    assert finding["severity"] == "info"
    assert finding["location"]["pointer"] == "/components/schemas/ChatRequest/properties/temperature/description"
    assert finding["after"]["identifier"] == "temperature" and finding["after"]["replacement"] == "top_p"
    assert DEPRECATION in finding["message"]


def test_a_new_spec_deprecation_of_a_field_the_client_sends_is_a_warning(site, capsys):
    site.learn({"messages": [{"role": "user", "content": "hi"}], "temperature": 0.2})
    site.serve(deprecated_spec(), BEFORE)
    assert _of(site.check(capsys), "docs-deprecation-new") == [("warning", "used")]
    site.run("snapshot", "-q")  # the sentence is in the baseline now: nothing new to say
    assert _of(site.check(capsys), "docs-deprecation-new") == []


HEADERS = BEFORE + "\n## Headers\n\n- `X-Legacy-App`: your app's name.\n"


def test_a_documented_header_the_spec_lacks_is_a_warning_for_a_client_sending_it(site, capsys):
    site.serve(mini_spec(), HEADERS)
    assert _of(site.check(capsys), "docs-spec-mismatch") == [("info", "")]  # no profile: severity as made
    captures = site.root / "caps.jsonl"
    site.learn({"messages": [{"role": "user", "content": "hi"}]})
    line = json.loads(captures.read_text())
    captures.write_text(json.dumps({**line, "headers": {"X-Legacy-App": "demo"}}) + "\n")
    spec = site.root / "spec.json"
    assert main(["validate", "--captures", str(captures), "--spec", str(spec), "--learn", "-q", "--target", "docsite",
                 "--rules", str(site.rules), "--snapshots", str(site.snapshots)]) in (0, 1)
    [finding] = [f for f in site.check(capsys) if f["code"] == "docs-spec-mismatch"]
    assert (finding["severity"], finding["relevance"]) == ("warning", "used")
    assert finding["after"]["header"] == "X-Legacy-App"
    assert finding["official_url"] == "https://openrouter.ai/docs/guides/routing#headers"
