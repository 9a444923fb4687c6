"""Adding a source kind is one module plus target data: a toy kind (a JSON document of flags),
registered here, is fetched, snapshotted, diffed and reported without any pipeline/store change."""
from __future__ import annotations

import json
from typing import Any

import pytest

from checker.errors import ConfigError
from checker.models import Fetched, Finding, Kind, Location, Severity, Source
from checker.sources import kind as kinds
from checker.sources.kind import DiffContext, SourceKind, Unreadable
from checker.sources.target import parse_target
from tests.loopback import LoopbackServer
from tests.store.site import SPEC, TARGET, page, run, run_json, workdir


class FlagsKind(SourceKind):
    name = "flags"
    extension = "json"

    def parse(self, source: Source, fetched: Fetched) -> Any:
        try:
            data = json.loads(fetched.body or b"")
        except ValueError as exc:
            raise Unreadable("flags-unreadable", f"not JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise Unreadable("flags-unreadable", "not a JSON object")
        return data

    def dump(self, content: Any, url: str) -> str:
        return json.dumps(content, sort_keys=True, indent=1) + "\n"

    def load(self, text: str) -> Any:
        return json.loads(text)

    def diff(self, source: Source, old: Any, new: Any, url: str, ctx: DiffContext) -> list[Finding]:
        return [Finding(kind=Kind.SPEC, code="flag-changed", severity=Severity.WARNING,
                        message=f"flag {key}: {old.get(key)!r} -> {new.get(key)!r}", official_url=url,
                        location=Location(source=source.id, pointer=f"/{key}"),
                        before=old.get(key), after=new.get(key))
                for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)]


TOY_TARGET = TARGET + """\
sources:
  - id: feature-flags
    kind: flags
    url: https://openrouter.ai/flags.json
"""


@pytest.fixture
def flags_kind(monkeypatch):
    kinds.known_kinds()  # the built-ins first
    monkeypatch.setitem(kinds._KINDS, "flags", FlagsKind())


@pytest.fixture
def site():
    with LoopbackServer() as server:
        server.route("/openapi.json", body=json.dumps(SPEC), content_type="application/json")
        for name in ("guide", "limits"):
            server.route(f"/docs/{name}", body=page(name.title(), {"Usage": "Call it."}))
        server.route("/flags.json", body=json.dumps({"streaming": True, "beta": "off"}),
                     content_type="application/json")
        yield server


def test_a_registered_kind_is_snapshotted_and_diffed(flags_kind, site, tmp_path):
    work = workdir(tmp_path, TOY_TARGET)
    assert run(work, site.url, "snapshot") == 0
    stored = work / "snapshots" / "site" / "flags" / "feature-flags.json"
    assert json.loads(stored.read_text()) == {"beta": "off", "streaming": True}
    site.route("/flags.json", body=json.dumps({"streaming": True, "beta": "on"}), content_type="application/json")
    code, report = run_json(work, site.url, "check")
    assert code == 0  # a warning is below the default --fail-on
    [finding] = report["findings"]
    assert (finding["code"], finding["before"], finding["after"]) == ("flag-changed", "off", "on")
    assert finding["official_url"] == "https://openrouter.ai/flags.json"
    assert {s["id"]: s["status"] for s in report["sources"]}["feature-flags"] == "changed"


def test_a_kind_the_target_names_but_nobody_registered_is_a_config_error():
    with pytest.raises(ConfigError, match=r"sources\[0\].*unknown source kind 'flags'"):
        parse_target("site", {"spec": {"url": "https://openrouter.ai/openapi.json"},
                              "sources": [{"id": "f", "kind": "flags", "url": "https://openrouter.ai/f"}]}, "t.yaml")


def test_the_spec_need_not_come_first(flags_kind, site, tmp_path):
    """Rules and required-source checks find the spec by its kind, wherever it is listed."""
    from checker.pipeline import CheckOptions, run_check

    work = workdir(tmp_path, TOY_TARGET)
    (work / "rules" / "site" / "target.yaml").write_text(
        "sources:\n  - {id: feature-flags, kind: flags, url: https://openrouter.ai/flags.json}\n"
        "  - {id: api, kind: spec, url: https://openrouter.ai/openapi.json}\n")
    site.fault("/openapi.json", "500")
    from checker.errors import SourceUnavailable

    with pytest.raises(SourceUnavailable, match="api is unavailable"):
        run_check(CheckOptions(target="site", rules_dir=work / "rules", snapshots_dir=work / "snapshots",
                               base_url=site.url, timeout=2))
