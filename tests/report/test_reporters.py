"""Every reporter against the same findings fixture (tests/report/sample.py)."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from msgspec.structs import replace

from checker.codes import CODES
from checker.models import Severity
from checker.commands.output import gather
from checker.report import REPORTERS, Appendix, ReportContext, get_reporter
from checker.store.history import record_change
from checker.report.github import annotation, escape_data, escape_property
from tests.report.sample import OP_URL, sample_findings, sample_report

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "sarif-2.1.0.json").read_text())


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_reporter_shows_every_finding(fmt):
    text = get_reporter(fmt).render(sample_report())
    for f in sample_findings():
        assert f.official_url in text, (fmt, f.code)


def _no_io(*args, **kwargs):
    raise AssertionError(f"a reporter did I/O: open{args[:2]}")


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_reporters_do_no_io(fmt, monkeypatch, tmp_path):
    import builtins
    import io
    import os

    context = ReportContext(color=True, step_summary=str(tmp_path / "summary.md"),
                            artifacts={"openapi": "snaps/openrouter/openapi.json"})
    reporter = get_reporter(fmt)
    for module, name in ((builtins, "open"), (io, "open"), (os, "open")):
        monkeypatch.setattr(module, name, _no_io)
    text = reporter.render(sample_report(), context)
    extra = reporter.appendices(sample_report(), context)
    monkeypatch.undo()
    assert text and list(tmp_path.iterdir()) == []
    assert [a.path for a in extra] == ([context.step_summary] if fmt == "github" else [])


# -- SARIF -------------------------------------------------------------------------------------
SNAPSHOT_FILES = {"openapi": "snaps/openrouter/openapi.json",
                  "api_reference/streaming": "snaps/openrouter/pages/api_reference/streaming.md"}


def _sarif(**context) -> dict:
    return json.loads(get_reporter("sarif").render(sample_report(), ReportContext(**context)))


def _validator() -> jsonschema.Draft7Validator:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    return jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_sarif_validates_against_the_schema():
    errors = [e.message for e in _validator().iter_errors(_sarif())]
    assert errors == []


def test_the_schema_is_strict_enough_to_catch_mistakes():
    log = _sarif()
    log["runs"][0]["results"][0]["level"] = "info"  # SARIF says "note"
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"] = {"region": {"startLine": 0}}
    del log["runs"][0]["tool"]["driver"]["rules"][0]["id"]
    assert len(list(_validator().iter_errors(log))) >= 3


def test_sarif_has_one_rule_per_code_described_by_the_catalogue():
    run = _sarif()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert sorted(r["id"] for r in rules) == sorted({f.code for f in sample_findings()})
    by_id = {r["id"]: r for r in rules}
    for code, rule in by_id.items():
        entry = CODES[code]
        assert (rule["shortDescription"]["text"], rule["fullDescription"]["text"]) == (entry.title, entry.meaning)
        assert entry.remedy in rule["help"]["text"] and entry.remedy in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] == {"info": "note"}.get(entry.severity.value,
                                                                               entry.severity.value)
    # the code's own page when the catalogue has one, else the page its findings point at
    assert by_id["header-deprecated"]["helpUri"] == CODES["header-deprecated"].docs
    assert CODES["page-section-changed"].docs is None
    assert by_id["page-section-changed"]["helpUri"] == sample_report().findings[1].official_url
    assert sample_report().findings[1].official_url in by_id["page-section-changed"]["help"]["text"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]["checkerFingerprint/v1"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["response-property-enum-value-added"] == "note" and levels["request-property-removed"] == "error"


def test_sarif_locations_physical_for_repository_files_else_logical():
    results = {r["ruleId"]: r for r in _sarif(artifacts=SNAPSHOT_FILES)["runs"][0]["results"]}
    rule = results["page-phrase-missing"]["locations"][0]
    assert rule["physicalLocation"] == {
        "artifactLocation": {"uri": "rules/openrouter/streaming.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 12}}
    assert "logicalLocations" not in rule
    client = results["header-deprecated"]["locations"][0]["physicalLocation"]
    assert client["artifactLocation"]["uri"] == "tests/captures.jsonl" and client["region"]["startLine"] == 3
    spec = results["request-property-removed"]["locations"][0]
    assert spec["logicalLocations"][0]["name"] == "POST /chat/completions"
    assert spec["physicalLocation"]["artifactLocation"]["uri"] == "snaps/openrouter/openapi.json"
    page = results["page-section-changed"]["locations"][0]
    assert page["logicalLocations"][0] == {"name": "Stream cancellation", "kind": "resource",
                                           "fullyQualifiedName": "api_reference/streaming#Stream cancellation"}
    assert page["physicalLocation"]["artifactLocation"]["uri"] == "snaps/openrouter/pages/api_reference/streaming.md"


def test_sarif_for_a_diff_report_has_no_snapshot_path(tmp_path):
    report = sample_report()
    report.mode, report.sources, report.target = "diff", [], None
    context = gather(report, {"artifacts"}, tmp_path)
    assert context.artifacts == {}
    log = json.loads(get_reporter("sarif").render(report, context))
    spec = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "request-property-removed")
    assert "physicalLocation" not in spec["locations"][0] and spec["locations"][0]["logicalLocations"]
    assert list(_validator().iter_errors(log)) == []


# -- JUnit -------------------------------------------------------------------------------------
def test_junit_parses_and_has_one_case_per_source_rule_and_request():
    root = ET.fromstring(get_reporter("junit").render(sample_report()))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"checker.sources", "checker.rules", "checker.requests"}
    sources = {c.get("name"): c for c in suites["checker.sources"].findall("testcase")}
    assert set(sources) == {"openapi", "api_reference/streaming", "app-attribution", "changelog"}
    assert list(sources["app-attribution"]) == []  # passed
    failure = sources["api_reference/streaming"].find("failure")
    assert "https://openrouter.ai/docs/api_reference/streaming#stream-cancellation" in failure.get("message")
    assert failure.get("type") == "page-section-changed"
    assert sources["changelog"].find("error").get("type") == "fetch-timeout"
    assert "response-property-enum-value-added" in sources["openapi"].find("system-out").text  # info: not a failure
    rule = suites["checker.rules"].find("testcase")
    assert "rules/openrouter/streaming.yaml:12" in rule.get("name")
    request = suites["checker.requests"].find("testcase")
    assert "https://openrouter.ai/docs/app-attribution#headers" in request.find("failure").get("message")
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "4", "1")


def test_junit_survives_control_characters():
    report = sample_report()
    report.findings[0] = replace(report.findings[0], message="bad \x1b[31m char")
    ET.fromstring(get_reporter("junit").render(report))


# -- GitHub ------------------------------------------------------------------------------------
def test_github_escaping_follows_actions_core():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    lines = get_reporter("github").render(sample_report()).splitlines()
    rule = next(line for line in lines if "page-phrase-missing" in line)
    head, message = rule[2:].split("::", 1)
    assert head.startswith("warning file=rules/openrouter/streaming.yaml,line=12,title=page-phrase-missing ")
    assert "%3A" not in message and "%2C" not in message  # data keeps : and ,
    assert message.endswith("https://openrouter.ai/docs/api_reference/streaming#comments")
    assert "comment, line" in message
    assert any(line.startswith("::notice title=response-property-enum-value-added") for line in lines)
    assert any(line.startswith("::error title=request-property-removed") for line in lines)


def test_github_annotation_with_newlines_stays_one_command():
    finding = sample_findings()[1]
    finding = replace(finding, message="line one\nline two: 100%")
    text = annotation(finding)
    assert "\n" not in text and text.endswith("line one%0Aline two: 100%25 " + finding.official_url)


def test_github_gives_the_markdown_summary_for_the_step_summary_file():
    reporter = get_reporter("github")
    assert reporter.appendices(sample_report(), ReportContext()) == []
    [appendix] = reporter.appendices(sample_report(), ReportContext(step_summary="/ci/summary.md"))
    assert isinstance(appendix, Appendix) and appendix.path == "/ci/summary.md"
    assert "## checker full — openrouter" in appendix.text and "page-section-changed" in appendix.text


# -- Markdown ----------------------------------------------------------------------------------
def test_markdown_lists_relevant_findings_with_fenced_excerpts_and_counts_the_rest():
    import markdown

    text = get_reporter("markdown").render(sample_report())
    mine, rest = text.split("### Everything else", 1)
    assert "### Your integration (5)" in mine and "page-section-changed" in mine
    assert "response-property-enum-value-added" not in mine  # info, no profile: counted, not listed
    assert "| [POST /chat/completions](" in rest and "| 1 | 1 info |" in rest
    html = markdown.markdown(text, extensions=["fenced_code", "tables"])
    assert "<table>" in html and "Supported providers: OpenAI only." in html
    assert "<b>&amp;amp; more</b>" not in html  # the excerpt stays code, not markup


def test_markdown_stays_under_its_budget_and_says_what_it_left_out():
    report = sample_report()
    report.findings = [replace(report.findings[2], message=f"rule-{i}: " + "x" * 400) for i in range(300)]
    text = get_reporter("markdown", max_chars=20_000).render(report)
    assert len(text) < 20_000
    listed = text.count("`page-phrase-missing`")
    assert 0 < listed < 300 and f"{300 - listed} more relevant finding(s) not shown" in text


# -- HTML --------------------------------------------------------------------------------------
class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster", "action", "formaction") or (
                    value and re.search(r"url\s*\(", value)):
                self.refs.append((tag, name, value or ""))


def test_html_is_self_contained(tmp_path):
    text = get_reporter("html").render(sample_report())
    lowered = text.lower()
    for needle in ("<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", "src="):
        assert needle not in lowered, needle
    parser = _Refs()
    parser.feed(text)
    assert parser.refs, "the official pages are linked"
    for tag, attr, value in parser.refs:  # official pages, or anchors of the table of contents
        assert (tag, attr) == ("a", "href") and value.startswith(("https://openrouter.ai/", "#")), (tag, attr, value)


def test_html_groups_by_page_with_escaped_before_after():
    text = get_reporter("html").render(sample_report())
    sections = text.split('<section class="card">')[1:]
    assert len(sections) == 4  # operation page, streaming, app-attribution, changelog
    streaming = next(s for s in sections
                     if s.startswith('<h3><a href="https://openrouter.ai/docs/api_reference/streaming"'))
    assert "page-section-changed" in streaming and "page-phrase-missing" in streaming
    assert "<b>&amp;amp; more</b>" not in text and "&lt;b&gt;&amp;amp; more&lt;/b&gt;" in text
    assert '<span class="del">-Supported providers: OpenAI, Anthropic.</span>' in text
    assert '<span class="add">+Supported providers: OpenAI only.</span>' in text


def test_html_timeline_from_the_stored_history(tmp_path):
    store = tmp_path / "openrouter"
    record_change(store, "api_reference/streaming", old_text="v1", old_sha="1" * 64, new_sha="2" * 64,
                  seen_at="2026-08-01T03:00:00+00:00")
    record_change(store, "api_reference/streaming", old_text="v2", old_sha="2" * 64, new_sha="3" * 64,
                  seen_at="2026-08-10T03:00:00+00:00")
    record_change(store, "openapi", old_text="{}", old_sha="4" * 64, new_sha="5" * 64,
                  seen_at="2026-08-05T03:00:00+00:00")
    text = get_reporter("html").render(sample_report(), gather(sample_report(), {"history"}, tmp_path))
    timeline = text.split('<h2 id="timeline">Drift timeline</h2>', 1)[1].split("<h2", 1)[0]
    assert "2026-08-01" in timeline and "2026-08-22" in timeline
    row = timeline.split("<code>api_reference/streaming</code>", 1)[1].split("</tr>", 1)[0]
    assert row.count('class="dot') == 3  # two stored changes + this run
    assert 'style="left:0.00%"' in row and 'class="dot now" style="left:100.00%"' in row
    assert "22222222 → 33333333" in timeline


def test_sarif_rule_of_a_code_missing_from_the_catalogue_still_describes_it():
    report = sample_report()
    extra = replace(report.findings[0], code="made-up-code", fingerprint="")
    report.findings.append(extra)
    log = json.loads(get_reporter("sarif").render(report))
    rule = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "made-up-code")
    assert rule["shortDescription"]["text"] == "Made up code"
    assert rule["helpUri"] == extra.official_url and rule["defaultConfiguration"]["level"] == "error"
    assert list(_validator().iter_errors(log)) == []


# -- Console -----------------------------------------------------------------------------------
def test_console_sums_other_drift_per_operation_and_page_at_its_url():
    report = sample_report()
    report.findings = [replace(f, relevance="context", severity=Severity.INFO) for f in report.findings
                       if f.kind in ("spec", "page")]
    lines = get_reporter("console").render(report, ReportContext(width=160)).splitlines()
    spec = next(line for line in lines if "POST /chat/completions:" in line)
    assert spec.startswith("  INFO") and spec.endswith(f"2 change(s) (2 info)  {OP_URL}")
    page = next(line for line in lines if " api_reference/streaming:" in line)
    assert page.endswith("1 change(s) (1 info)  https://openrouter.ai/docs/api_reference/streaming")
    assert not any(line.startswith("Your integration") for line in lines)
    narrow = get_reporter("console").render(report, ReportContext(width=60)).splitlines()
    spec = next(line for line in narrow if "POST /chat/completions:" in line)  # the URL only where it fits
    assert spec == "  INFO    POST /chat/completions: 2 change(s) (2 info)"


def test_console_colours_only_when_the_context_says_so():
    plain = get_reporter("console").render(sample_report())
    coloured = get_reporter("console").render(sample_report(), ReportContext(color=True))
    assert "\033[" not in plain and "\033[31mERROR  \033[0m" in coloured
