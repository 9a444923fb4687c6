"""Rule findings remembered by the rules and the content they read (checker.rules.memo): a run on
the same content reads them back instead of evaluating; any change to a rule or to what a rule
reads evaluates again; a damaged memo is a miss. Real runs against a loopback site."""
from __future__ import annotations

import importlib
import json
import os
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.codes import CODES
from checker.models import Finding, Location, Severity
from checker.pipeline import CheckOptions, run_check
from checker.rules.memo import NAMESPACE
from tests.loopback import LoopbackServer
from tests.sites import STREAMING_RULE, TRANSFORMS_RULE, serve_openrouter, site_rules

# the module, not checker.rules' function of the same name
evaluate_module = importlib.import_module("checker.rules.evaluate")

REVISION_RULE = """\
  - id: guide-mentions-revision
    assumes: the guide is at revision 0
    page: guide
    check: {{kind: page-phrase, phrase: "revision 0."}}
"""
RULES = "rules:\n" + STREAMING_RULE + REVISION_RULE + TRANSFORMS_RULE


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A loopback 'site' target with three rules (two fail at revision 0), a user cache, and a
    counter of rule evaluations."""
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    rules = site_rules(tmp_path)
    (rules / "site" / "checks.yaml").write_text(RULES.format(hint="see the streaming guide"))
    calls: list[int] = []
    real = evaluate_module.run_rules

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(evaluate_module, "run_rules", counted)
    state = {"rev": 0}
    with LoopbackServer() as server:
        serve_openrouter(server, state)
        options = CheckOptions(target="site", rules_dir=rules, snapshots_dir=tmp_path / "snapshots",
                               base_url=server.url, quick=True)
        yield {"run": lambda: run_check(options), "calls": calls, "rules": rules, "state": state,
               "memo": tmp_path / "cache" / NAMESPACE}


def rule_findings(report) -> list[dict]:
    return [f.to_dict() for f in report.findings if f.kind == "rule"]


def test_the_same_content_reads_the_findings_back_instead_of_evaluating(site):
    first = site["run"]()
    assert len(site["calls"]) == 1
    assert {f["code"] for f in rule_findings(first)} == {"page-phrase-missing", "spec-property-missing"}
    second = site["run"]()
    assert len(site["calls"]) == 1  # not evaluated again
    assert rule_findings(second) == rule_findings(first)
    assert len(list(site["memo"].glob("*.json"))) == 1


def test_an_edited_rule_evaluates_again(site):
    site["run"]()
    (site["rules"] / "site" / "checks.yaml").write_text(RULES.format(hint="use plugins instead"))
    report = site["run"]()
    assert len(site["calls"]) == 2
    assert any("use plugins instead" in f["message"] for f in rule_findings(report))


def test_changed_content_evaluates_again(site):
    site["run"]()
    site["state"]["rev"] = 1  # every page says revision 1 now
    report = site["run"]()
    assert len(site["calls"]) == 2
    assert "guide-mentions-revision" in " ".join(f["message"] for f in rule_findings(report))


def test_edited_evaluation_code_evaluates_again(site, tmp_path, monkeypatch):
    import checker.rules.memo as memo
    import checker.store.parsed as parsed

    package = tmp_path / "package"
    (package / "rules").mkdir(parents=True)
    module = package / "rules" / "page_kinds.py"
    module.write_text("# v1\n")
    monkeypatch.setattr(parsed, "PACKAGE", package)
    monkeypatch.setattr(memo, "CODE", ("rules",))
    site["run"]()
    site["run"]()
    assert len(site["calls"]) == 1
    module.write_text("# v2\n")  # the same size: the modification time tells
    os.utime(module, ns=(1, 1))
    site["run"]()
    assert len(site["calls"]) == 2


def test_a_damaged_memo_is_a_miss_and_is_replaced(site):
    expected = rule_findings(site["run"]())
    for entry in site["memo"].glob("*.json"):
        data = json.loads(entry.read_text())
        data["value"] = [{"kind": "rule"}]  # the right key, not findings
        entry.write_text(json.dumps(data))
    assert rule_findings(site["run"]()) == expected
    assert len(site["calls"]) == 2
    assert rule_findings(site["run"]()) == expected
    assert len(site["calls"]) == 2  # the rewritten entry is used


def test_no_cache_directory_evaluates_every_run(site, monkeypatch):
    monkeypatch.setenv("CHECKER_CACHE_DIR", "")
    site["run"]()
    site["run"]()
    assert len(site["calls"]) == 2


SAFE_TEXT = st.text(alphabet=string.ascii_letters + string.digits + " .,:;/#-_'\"()[]{}`*\u00e9\u4e2d", max_size=40)
JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | SAFE_TEXT,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SAFE_TEXT, inner, max_size=3),
                    max_leaves=8)
LOCATIONS = st.builds(Location, source=SAFE_TEXT, pointer=st.none() | SAFE_TEXT, operation=st.none() | SAFE_TEXT,
                      section=st.none() | SAFE_TEXT, file=st.none() | SAFE_TEXT,
                      line=st.none() | st.integers(1, 10**6), request=st.none() | SAFE_TEXT)
CATALOGUED = st.sampled_from(sorted((info.kind, code) for code, info in CODES.items()))
FINDINGS = st.tuples(CATALOGUED, st.builds(dict,
                     severity=st.sampled_from(list(Severity)), message=SAFE_TEXT, official_url=SAFE_TEXT,
                     location=LOCATIONS, before=JSON, after=JSON, fingerprint=st.just("") | SAFE_TEXT,
                     relevance=st.none() | st.sampled_from(["used", "called", "context"]),
                     relevant_because=st.lists(SAFE_TEXT, max_size=3).map(tuple), count=st.integers(1, 99),
                     locations=st.lists(LOCATIONS, max_size=3).map(tuple))
                     ).map(lambda pair: Finding(kind=pair[0][0], code=pair[0][1], **pair[1]))


@settings(max_examples=150, derandomize=True, deadline=None)
@given(FINDINGS)
def test_a_finding_survives_its_json_form(finding):
    assert Finding.from_dict(json.loads(json.dumps(finding.to_dict()))) == finding


def test_a_kept_finding_stays_redacted():
    secret = "sk-or-v1-" + "a" * 40
    finding = Finding(kind="rule", code="rule-failed", severity=Severity.ERROR, message=f"key {secret}",
                      official_url=f"https://u:{secret}@example.com/?token=abc", location=Location("openapi"))
    kept = json.dumps(finding.to_dict())
    assert secret not in kept and "abc" not in kept
    assert Finding.from_dict(json.loads(kept)) == finding
