"""Every surface puts the integration first: 1,000 other findings never hide a relevant one."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from checker.models import Finding, Kind, Location, Report, Severity
from checker.report import ReportContext, get_reporter
from checker.report.markdown import escape
from checker.report.view import word_diff
from tests.report.sample import sample_report

OTHER_PAGE = "https://openrouter.ai/docs/page-{n}"


def _noise(n: int = 1000) -> list[Finding]:
    """Drift nobody uses: spread over 40 pages and 25 operations, mostly info, some warnings."""
    out = []
    for i in range(n):
        sev = Severity.WARNING if i % 7 == 0 else Severity.INFO
        if i % 2:
            out.append(Finding(kind=Kind.PAGE, code="page-section-changed", severity=sev,
                               message=f"page-{i % 40}: section 'S{i}' changed",
                               official_url=OTHER_PAGE.format(n=i % 40) + f"#s{i}",
                               location=Location(source=f"page-{i % 40}", section=f"S{i}"),
                               before="old words here", after="new words here", relevance="context"))
        else:
            out.append(Finding(kind=Kind.SPEC, code="response-property-added", severity=sev,
                               message=f"GET /op{i % 25}: response property 'p{i}' was added",
                               official_url=f"https://openrouter.ai/docs/api/op{i % 25}",
                               location=Location(source="openapi", operation=f"GET /op{i % 25}", pointer=f"/p{i}"),
                               relevance="called" if i % 3 else "context"))
    return out


RULE = Finding(kind=Kind.RULE, code="spec-property-missing", severity=Severity.ERROR,
               message="provider-order: POST /chat/completions no longer has request property 'provider.order'",
               official_url="https://openrouter.ai/docs/api/chat#provider", relevance="used",
               location=Location(source="openapi", operation="POST /chat/completions",
                                 file="rules/openrouter/provider.yaml", line=7),
               relevant_because=("rule provider-order (rules/openrouter/provider.yaml:7)",))
BREAK = Finding(kind=Kind.SPEC, code="request-property-removed", severity=Severity.ERROR,
                message="POST /chat/completions: request property 'transforms' was removed",
                official_url="https://openrouter.ai/docs/api/chat", relevance="used",
                location=Location(source="openapi", operation="POST /chat/completions", pointer="/transforms"),
                relevant_because=("field transforms (POST /chat/completions) via capture c.jsonl:3",))
SECTION = Finding(kind=Kind.PAGE, code="page-section-changed", severity=Severity.WARNING,
                  message="streaming: section 'Comments' changed", relevance="used",
                  official_url="https://openrouter.ai/docs/streaming#comments",
                  location=Location(source="streaming", section="Comments"),
                  before="Send comments every 15 seconds to keep the connection alive.",
                  after="Send comments every 30 seconds to keep the connection alive.")
RELEVANT = (RULE, BREAK, SECTION)


def _report(findings: list[Finding]) -> Report:
    report = sample_report()
    report.findings = findings
    report.notes = []
    return report


def _big() -> Report:
    return _report(_noise() + list(RELEVANT))


# -- console ------------------------------------------------------------------------------------
def test_console_puts_the_integration_first_and_fits_the_screen():
    lines = get_reporter("console").render(_big(), ReportContext(exit_code=1)).splitlines()
    assert len(lines) <= 60
    assert lines[1].startswith("FAIL (exit 1): 2 finding(s) at or above error")
    head = " ".join(" ".join(lines[:30]).split())  # long messages are wrapped
    for f in (RULE, BREAK):
        assert f"{f.code}: {f.message}" in head
    assert "streaming: read 1 section change(s): Comments" in head  # a docs section to read: one line
    assert lines.index("Your integration (3)") < next(i for i, l in enumerate(lines) if l.startswith("Docs drift"))
    assert "[rules/openrouter/provider.yaml:7 " in head and "because: rule" not in head  # said once
    assert "because: field transforms (POST /chat/completions) via capture c.jsonl:3" in head
    assert "accept this drift as the new baseline: checker check --update-snapshots" in lines


def test_console_drift_lines_count_each_page_and_operation():
    noise = _noise(100)
    ops = [f for f in noise if f.location.operation == "GET /op0"]  # i = 0 (warning) and 50 (info)
    pages = [f for f in noise if f.location.source == "page-3"]  # i = 3, 43 and 83
    lines = get_reporter("console").render(_report(ops + pages)).splitlines()
    op0 = next(line for line in lines if " GET /op0:" in line)
    assert op0.startswith("  WARNING") and "2 change(s) (1 warning, 1 info)" in op0
    page3 = next(line for line in lines if " page-3:" in line)
    assert page3.startswith("  INFO") and "3 change(s) (3 info)" in page3


def test_console_all_and_min_severity_print_each_finding():
    report = _report(_noise(50) + list(RELEVANT))
    everything = get_reporter("console").render(report, ReportContext(show_all=True))
    assert everything.count("page-section-changed: page-") == 25 and "Docs drift" not in everything
    warnings = get_reporter("console").render(report, ReportContext(min_severity="warning"))
    shown = re.findall(r"^  (ERROR|WARNING|INFO) ", warnings, re.M)
    assert "INFO" not in shown and len(shown) == 2 + 1 + sum(1 for i in range(50) if i % 7 == 0)


def test_console_only_and_quiet():
    report = _big()
    only_rules = get_reporter("console").render(report, ReportContext(only=("rule",)))
    only_rules = " ".join(only_rules.split())
    assert RULE.message in only_rules and BREAK.message not in only_rules and "Docs drift" not in only_rules
    quiet = " ".join(get_reporter("console").render(report, ReportContext(quiet=True)).split())
    assert RULE.message in quiet and BREAK.message in quiet and "read 1 section change(s): Comments" in quiet
    assert "Docs drift" not in quiet and "--update-snapshots" not in quiet


def test_console_wraps_long_messages_at_the_terminal_width():
    long = Finding(kind=Kind.RULE, code="page-phrase-missing", severity=Severity.WARNING, relevance="used",
                   message="streaming-comments: " + " ".join(f"word{i}" for i in range(60)),
                   official_url="https://openrouter.ai/docs/streaming", location=Location(source="streaming"))
    lines = get_reporter("console").render(_report([long]), ReportContext(width=60)).splitlines()
    body = [line for line in lines if "word" in line]
    assert len(body) > 3 and all(len(line) <= 60 for line in body)
    assert " ".join(" ".join(body).split()).endswith("word59")


def test_console_excerpt_shows_the_changed_words():
    text = get_reporter("console").render(_report([SECTION]), ReportContext(show_all=True))
    assert "~ Send comments every [-15-]{+30+} seconds to keep the connection alive." in text


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "the", "docs", "x.y"]), max_size=30),
       st.lists(st.sampled_from(["a", "b", "c", "the", "new", "x.y"]), max_size=30))
def test_word_diff_marks_exactly_the_words_that_differ(old, new):
    marked = word_diff(" ".join(old), " ".join(new), context=1000, limit=10_000)
    removed = [w for chunk in re.findall(r"\[-(.*?)-\]", marked) for w in chunk.split()]
    added = [w for chunk in re.findall(r"\{\+(.*?)\+\}", marked) for w in chunk.split()]
    kept = re.sub(r"\[-.*?-\]|\{\+.*?\+\}", " ", marked).split()
    assert sorted(kept + removed) == sorted(old) and sorted(kept + added) == sorted(new)


# -- GitHub -------------------------------------------------------------------------------------
def test_github_annotates_every_relevant_finding_and_caps_each_type():
    lines = get_reporter("github").render(_big()).splitlines()
    commands = [line.split(" ", 1)[0].split("::")[1] for line in lines if line.startswith("::")]
    for kind in ("error", "warning", "notice"):
        assert commands.count(kind) <= 10
    for f in RELEVANT:
        assert any(f.message in line for line in lines), f.code
    assert lines[0].startswith("::error") and RULE.message in lines[0] + lines[1]
    total = len(_big().findings)
    assert f"::notice title=checker::{total - (len(commands) - 1)} more finding(s): see the job summary / SARIF" in lines


def test_the_step_summary_holds_every_relevant_finding_under_60000_characters():
    [appendix] = get_reporter("github").appendices(_big(), ReportContext(step_summary="/ci/summary.md"))
    text = appendix.text
    assert len(text) < 60_000
    mine, rest = text.split("### Everything else (1000)", 1)
    for f in RELEVANT:
        assert escape(f.message) in mine
    assert "| [GET /op0](https://openrouter.ai/docs/api/op0) |" in rest


@pytest.mark.parametrize("raw", ["provider.ignore[](ProviderName)", "a*b*_c_", "<script>", "x|y"])
def test_markdown_escapes_what_would_render_as_markup(raw):
    from markdown_it import MarkdownIt  # CommonMark, as GitHub renders it

    html = MarkdownIt("commonmark").render(escape(raw)).strip()
    assert html == f"<p>{raw.replace('<', '&lt;').replace('>', '&gt;')}</p>"


# -- HTML ---------------------------------------------------------------------------------------
def test_html_contents_anchors_resolve_and_the_integration_comes_first():
    text = get_reporter("html").render(_big())
    anchors = re.findall(r'<a href="#([\w-]+)">', text)
    assert anchors and all(f'id="{a}"' in text for a in anchors)
    order = [text.index(f'id="{a}"') for a in ("timeline", "your-integration", "docs-drift")]
    assert order == sorted(order)
    mine = text.split('id="your-integration"', 1)[1].split('id="docs-drift"', 1)[0]
    for f in RELEVANT:
        assert f.code in mine and f.official_url.split("#")[0] in mine
    assert "<details" not in mine


def test_html_drift_is_collapsed_per_page_with_its_counts():
    text = get_reporter("html").render(_big())
    drift = text.split('id="docs-drift"', 1)[1]
    blocks = re.findall(r'<details class="card"><summary><a href="([^"]+)">.*?</a> — (\d+) change\(s\)', drift)
    assert sum(int(n) for _, n in blocks) == 1000  # every other finding, each counted once
    page3 = dict(blocks)["https://openrouter.ai/docs/page-3"]
    assert int(page3) == sum(1 for f in _noise() if f.location.source == "page-3")


def test_the_step_summary_lists_every_relevant_finding_even_when_their_details_do_not_fit():
    long = " ".join(f"word{i}" for i in range(400))
    mine = [Finding(kind=Kind.PAGE, code="page-section-changed", severity=Severity.WARNING, relevance="used",
                    message=f"streaming: section 'S{i}' changed", official_url=f"https://openrouter.ai/docs/streaming#s{i}",
                    location=Location(source="streaming", section=f"S{i}"), before=long, after=long + " more")
             for i in range(80)]
    [appendix] = get_reporter("github").appendices(_report(_noise() + mine + list(RELEVANT)),
                                                   ReportContext(step_summary="/ci/summary.md"))
    text = appendix.text
    assert len(text) < 60_000
    listed, rest = text.split("### Everything else (1000)", 1)
    for f in mine + list(RELEVANT):
        assert escape(f.message) in listed, f.message
    assert listed.count("<summary>before / after</summary>") < len(mine)  # details only while they fit
    assert escape(RULE.message) in listed.split("\n- ", 2)[1]  # the rule failure first, in full
