"""Markdown / MDX normalising: front matter, ATX sections outside code, JSX and imports dropped."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.models import Section
from checker.normalise.markdown import markdown_to_page

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CHECKER_SHARED") or REPO / ".." / "shared")


def guide():
    return markdown_to_page((PAGES / "guide-synthetic.md").read_text())


def test_front_matter_title_and_sections():
    page = guide()
    assert page.title == "Tool & Function Calling"
    assert [(s.level, s.heading, s.anchor) for s in page.sections] == [
        (0, "", ""),
        (2, "Request body", "request"),  # {#request} custom id
        (3, "The tool_choice parameter", "the-tool_choice-parameter"),
        (2, "Supported models", "supported-models"),
        (2, "Supported models", "supported-models-1"),
    ]


def test_imports_exports_and_jsx_tags_dropped_inner_text_kept():
    preamble = guide().sections[0].text.splitlines()
    assert preamble == [
        "Tool calls (also known as function calls) give an LLM access to external tools.",
        "The `tools` parameter must be included in **every** request of a tool loop.",
    ]


def test_code_blocks_are_kept_and_hashes_inside_are_not_headings():
    text = guide().sections[1].text
    assert text.splitlines() == [
        '```python title="example.py"',
        "import requests",
        "",
        "# this is a comment, not a heading",
        "## neither is this",
        "def call():",
        '    return requests.post(URL, json={"tools": tools})',
        "```",
        "Parallel calls",  # the multi-line <Card title=...> tag's title, shown by the site
        "Parallel tool calls are enabled by default.",
    ]


def test_component_labels_are_kept_and_self_closing_components_dropped():
    text = '<Update label="May 28, 2026">\n  <Change20260528/>\n</Update>\n<Accordion title=\'Retries\'>Back off.</Accordion>\n'
    page = markdown_to_page(text)
    assert page.sections[0].text.splitlines() == ["May 28, 2026", "Retries", "Back off."]


def test_tables_and_empty_last_section():
    sections = guide().sections
    assert sections[2].text.splitlines() == ["| Value | Meaning |", "|---|---|", "| `auto` | the model decides |"]
    assert sections[3].text == "See the [models page](/models)."
    assert sections[4] == Section("Supported models", "supported-models-1", 2, "")


def test_no_front_matter_title_from_first_h1_and_crlf():
    page = markdown_to_page("# Quick start\r\n\r\nHello there.\r\n\r\n## Next # \r\nMore.\r\n")
    assert page.title == "Quick start"
    assert [(s.heading, s.text) for s in page.sections] == [("Quick start", "Hello there."), ("Next", "More.")]


def test_tilde_fence_and_longer_fence_close_only_on_matching_marker():
    text = "## A\n~~~~\n```\n# not heading\n~~~~\n## B\nafter\n"
    page = markdown_to_page(text)
    assert [s.heading for s in page.sections] == ["A", "B"]
    assert page.sections[0].text == "~~~~\n```\n# not heading\n~~~~"


def test_heading_inline_markup_is_plain_text():
    page = markdown_to_page("## Use [`provider`](/docs/x) **sorting**\nbody\n")
    assert page.sections[0].heading == "Use provider sorting"
    assert page.sections[0].anchor == "use-provider-sorting"


def test_malformed_front_matter_still_gives_title():
    page = markdown_to_page("---\ntitle: Broken: yes: no\n  - [\n---\nBody text.\n")
    assert page.title == "Broken: yes: no"
    assert page.sections[0].text == "Body text."


def test_corpus_page_sections():
    mdx = SHARED / "corpus/openrouter/pages/2026-08-22_c26125a/api_reference/overview.mdx"
    if not mdx.is_file():
        pytest.skip(f"corpus absent: {mdx} (set CHECKER_SHARED)")
    page = markdown_to_page(mdx.read_text())
    assert page.title == "API Reference"
    headings = [s.heading for s in page.sections]
    assert headings[:4] == ["", "OpenAPI specification", "Requests", "Completions request format"]
    assert "CodeGroup" not in "\n".join(s.text for s in page.sections)
