"""The default console says each thing once and fits the terminal width."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.models import Finding, Kind, Location, Report, Severity
from checker.report import ReportContext, get_reporter
from tests.report.sample import sample_report


def _render(findings: list[Finding], **context: object) -> list[str]:
    report: Report = sample_report()
    report.findings, report.notes = findings, []
    return get_reporter("console").render(report, ReportContext(**context)).splitlines()


def _moved(page: str) -> Finding:
    return Finding(kind=Kind.PAGE, code="page-moved", severity=Severity.WARNING, relevance="used",
                   message=f"{page} moved: https://openrouter.ai/docs/{page} now redirects to "
                           f"https://openrouter.ai/docs/new/{page}",
                   official_url=f"https://openrouter.ai/docs/new/{page}", location=Location(source=page))


def test_one_line_findings_of_one_code_are_said_together():
    lines = _render([_moved("a"), _moved("b"), _moved("c")], width=200)
    moved = [line for line in lines if "redirects" in line]
    assert moved == ["  WARNING page-moved (3): a, b, c; e.g. https://openrouter.ai/docs/a now redirects to "
                     "https://openrouter.ai/docs/new/a"]
    everything = _render([_moved("a"), _moved("b")], show_all=True)
    assert sum("page-moved: " in line for line in everything) == 2


def test_structured_values_stay_in_the_json_and_quoted_ones_are_not_repeated():
    renamed = Finding(kind=Kind.SPEC, code="docs-renamed-still-accepted", severity=Severity.WARNING,
                      relevance="used", message="POST /x: 'a' renamed to 'b'; the old name is still accepted",
                      official_url="https://openrouter.ai/docs/x", location=Location("openapi", "/p", "POST /x"),
                      before={"name": "a"}, after={"replacement": "b"}, relevant_because=("operation POST /x",))
    mapping = Finding(kind=Kind.SPEC, code="request-property-discriminator-mapping-changed",
                      severity=Severity.WARNING, relevance="used", official_url="https://openrouter.ai/docs/x",
                      message="POST /x: property 'f' changed its discriminator mapping from ['a=A'] to ['a=B'].",
                      location=Location("openapi", "/q", "POST /x"), before=["a=A"], after=["a=B"])
    text = "\n".join(_render([renamed, mapping]))
    assert "{'name': 'a'}" not in text and "- ['a=A']" not in text and "[POST /x]" not in text
    assert "because: operation POST /x" in text
    full = "\n".join(_render([renamed, mapping], show_all=True))
    assert "- {'name': 'a'}" in full and "+ {'replacement': 'b'}" in full


def test_values_alike_up_to_the_cut_show_the_words_that_differ():
    words = " ".join(f"w{i}" for i in range(80))
    f = Finding(kind=Kind.RULE, code="page-phrase-missing", severity=Severity.WARNING, relevance="used",
                message="r: a value changed", official_url="https://openrouter.ai/docs/x",
                location=Location(source="x"), before={"text": words + " old"}, after={"text": words + " new"})
    text = " ".join(" ".join(_render([f], show_all=True)).split())
    assert "[-old'}-]{+new'}+}" in text and "- {" not in text


@settings(max_examples=40, derandomize=True, deadline=None)
@given(st.lists(st.text(alphabet="abcdefgh XYZ", min_size=1, max_size=40).map(str.strip).filter(bool),
                min_size=1, max_size=12, unique=True),
       st.sampled_from(["p", "guides/overview/multimodal/image-generation", "a" * 70]),
       st.integers(min_value=40, max_value=120))
def test_a_page_to_read_is_one_line_when_a_section_name_fits(names, page, width):
    sections = [Finding(kind=Kind.PAGE, code="page-section-changed", severity=Severity.WARNING, relevance="used",
                        message=f"{page}: section '{n}' changed", location=Location(source=page, section=n),
                        official_url=f"https://openrouter.ai/docs/{page}#{i}") for i, n in enumerate(names)]
    lines = _render(sections, width=width)
    start = lines.index(f"Your integration ({len(names)})") + 1
    block = lines[start:lines.index("", start)]
    head = f"  WARNING {page}: read {len(names)} section change(s): {names[0]}"
    more = f" (+{len(names) - 1} more)" if len(names) > 1 else ""
    if len(head + more) <= width:
        assert len(block) == 1 and len(block[0]) <= width and block[0].startswith(head)
    assert " ".join(" ".join(block).split()).startswith(" ".join(head.split()))


def test_colours_take_no_room_when_wrapping():
    import re

    long = Finding(kind=Kind.RULE, code="page-phrase-missing", severity=Severity.ERROR, relevance="used",
                   message="r: " + " ".join(f"word{i}" for i in range(40)), official_url="https://openrouter.ai/docs/x",
                   location=Location(source="x"))
    plain = _render([long, _moved("a")], width=60)
    coloured = _render([long, _moved("a")], width=60, color=True)
    assert [re.sub(r"\033\[[0-9;]*m", "", line) for line in coloured] == plain
    assert any("\033[31mERROR  \033[0m" in line for line in coloured)


def _claim(name: str, severity: Severity = Severity.WARNING) -> Finding:
    return Finding(kind=Kind.PAGE, code="docs-spec-mismatch", severity=severity, relevance="used",
                   message=f"the spec's POST /chat/completions body has '{name}', which no docs page mentions",
                   official_url="https://openrouter.ai/docs/api_reference/parameters",
                   location=Location(source="api_reference/parameters", section="Parameters"),
                   relevant_because=(f"field {name} via rule r (rules/x.yaml:1)",))


def test_docs_claims_about_what_is_sent_are_one_line_per_code_naming_each_subject():
    lines = _render([_claim("modalities"), _claim("image_config"), _claim("verbosity"),
                     _claim("seed", Severity.INFO)], width=200)
    claims = [line for line in lines if "docs-spec-mismatch" in line]
    assert claims == ["  WARNING docs-spec-mismatch: 3 about what you send: modalities, image_config, verbosity"
                      "  (--all: each in full)"]  # an info claim is drift; the apostrophe of "spec's" is no quote
    assert not any("because:" in line for line in lines)
    everything = _render([_claim("modalities"), _claim("image_config")], show_all=True, width=200)
    assert sum("which no docs page mentions" in line for line in everything) == 2
