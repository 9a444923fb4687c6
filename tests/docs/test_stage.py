"""The docs stage over the spec diff: renames with a still-accepted alias, new deprecation sentences."""
from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

from checker.diff.spec import diff_specs
from checker.docs.stage import apply
from checker.models import Source
from checker.normalise.markdown import markdown_to_page
from tests.docs.conftest import mini_spec


def observation(kind: str, source_id: str, old, new):
    return SimpleNamespace(source=Source(id=source_id, kind=kind, url="https://openrouter.ai/x"),
                           content=new, stored=SimpleNamespace(content=old), changed=old != new)


def header_specs(description: str):
    old = mini_spec()
    old["paths"]["/chat/completions"]["post"]["parameters"] = [
        {"name": "X-Old", "in": "header", "schema": {"type": "string"}}]
    new = copy.deepcopy(old)
    new["paths"]["/chat/completions"]["post"]["parameters"] = [
        {"name": "X-New", "in": "header", "schema": {"type": "string"}, "description": description}]
    return old, new


def test_a_renamed_header_whose_old_name_is_still_accepted_is_one_warning():
    old, new = header_specs("The legacy header `X-Old` is also accepted for backward compatibility.")
    diff = diff_specs(old, new)
    assert "request-parameter-removed" in [f.code for f in diff]  # what the diff alone says
    [finding] = apply(diff, [observation("spec", "openapi", old, new)])
    assert (finding.code, finding.severity.value) == ("docs-renamed-still-accepted", "warning")
    assert "renamed to 'X-New'" in finding.message and "still accepted" in finding.message
    assert finding.location.operation == "POST /chat/completions"


def test_a_removal_without_an_alias_sentence_stays_an_error():
    old, new = header_specs("The app's name.")
    findings = apply(diff_specs(old, new), [observation("spec", "openapi", old, new)])
    assert [(f.code, f.severity.value) for f in findings if "removed" in f.code] == [
        ("request-parameter-removed", "error")]


def test_a_removed_enum_value_a_page_keeps_accepting_is_a_warning_citing_the_page():
    old = mini_spec()
    new = copy.deepcopy(old)
    new["components"]["schemas"]["ChatRequest"]["properties"]["plugins"]["items"]["properties"]["pdf"][
        "properties"]["engine"]["enum"].remove("pdf-text")
    page = markdown_to_page("# PDFs\n\n## Engines\n\nThe `pdf-text` engine is legacy but still accepted; "
                            "it is redirected to `cloudflare-ai`.\n")
    findings = apply(diff_specs(old, new), [observation("spec", "openapi", old, new),
                                            observation("page", "guides/pdfs", page, page)])
    [finding] = findings
    assert finding.code == "docs-renamed-still-accepted"
    assert finding.official_url == "https://openrouter.ai/docs/guides/pdfs#engines"
    assert "per guides/pdfs#engines" in finding.message


def test_a_deprecation_sentence_new_on_the_page_is_reported_once():
    before = markdown_to_page("# Routing\n\n## Sorting\n\nSort by `price`.\n")
    after = markdown_to_page("# Routing\n\n## Sorting\n\nSort by `price`. The `throughput` sort is deprecated; "
                             "use `latency`.\n")
    [finding] = apply([], [observation("page", "guides/routing", before, after)])
    assert finding.code == "docs-deprecation-new" and finding.severity.value == "info"
    assert finding.after["identifier"] == "throughput" and finding.after["replacement"] == "latency"
    assert finding.official_url == "https://openrouter.ai/docs/guides/routing#sorting"
    assert apply([], [observation("page", "guides/routing", after, after)]) == []  # not new any more


def test_a_changed_page_brings_the_documented_but_unspecced_fields():
    spec = mini_spec()
    before = markdown_to_page("# Parameters\n\n## Temperature\n\n* Key: `temperature`\n")
    after = markdown_to_page("# Parameters\n\n## Temperature\n\n* Key: `temperature`\n\n## Verbosity\n\n"
                             "* Key: `verbosity`\n\nAlso `messages`, `model`, `provider` and `plugins`.\n")
    findings = apply([], [observation("spec", "openapi", spec, spec),
                          observation("page", "api_reference/parameters", before, after)])
    assert [(f.code, f.after["field"]) for f in findings] == [("docs-spec-mismatch", "verbosity")]
    unchanged = [observation("spec", "openapi", spec, spec), observation("page", "api_reference/parameters",
                                                                         after, after)]
    assert apply([], unchanged) == []  # nothing changed: nothing to say again


def test_corpus_header_rename_is_three_warnings_not_three_errors():
    import gzip
    import json
    import os
    from pathlib import Path

    specs = Path(os.environ.get("CHECKER_SHARED", "/work/shared")) / "corpus" / "openrouter" / "specs"
    old_file, new_file = specs / "2026-06-16_1c9b462.json.gz", specs / "2026-07-03_c987875.json.gz"
    if not (old_file.is_file() and new_file.is_file()):
        pytest.skip(f"the shared corpus is absent ({specs}); set CHECKER_SHARED")
    old, new = (json.loads(gzip.decompress(p.read_bytes())) for p in (old_file, new_file))
    findings = apply(diff_specs(old, new), [observation("spec", "openapi", old, new)])
    about = [f for f in findings if "x-openrouter-experimental-metadata" in f.message.lower()
             or "'x-openrouter-metadata' was added" in f.message]
    assert sorted((f.code, f.severity.value, f.location.operation) for f in about) == [
        ("docs-renamed-still-accepted", "warning", f"POST {path}") for path in ("/chat/completions", "/messages",
                                                                                 "/responses")]
    for finding in about:  # each cites the sentence read under its own operation
        assert finding.after["replacement"] == "X-OpenRouter-Metadata"
        assert finding.location.pointer.split("/")[2] in finding.message


def test_a_changed_page_with_an_example_the_spec_rejects():
    spec = mini_spec()
    fence = "```"
    before = markdown_to_page("# Routing\n\n## Price\n\nText.\n")
    after = markdown_to_page(f"# Routing\n\n## Price\n\n{fence}json\n"
                             '{"messages": [{"role": "user"}], "temperature": "hot"}\n'
                             f"{fence}\n\nSend it to `https://openrouter.ai/api/v1/chat/completions`.\n")
    findings = apply([], [observation("spec", "openapi", spec, spec),
                          observation("page", "guides/routing", before, after)])
    invalid = [f for f in findings if f.code == "docs-example-invalid"]
    assert [(f.location.section, f.after["example_pointer"]) for f in invalid] == [("Price", "/temperature")]
    # an unchanged page's examples are not reported again
    same = apply([], [observation("spec", "openapi", spec, spec), observation("page", "guides/routing", after, after)])
    assert [f for f in same if f.code == "docs-example-invalid"] == []
