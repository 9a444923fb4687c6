"""Page snapshot text format: readable, and an exact round trip for tricky pages."""
from __future__ import annotations

import pytest

from checker.errors import InputError
from checker.models import Page, Section
from checker.store.pagetext import page_to_text, text_to_page, url_of

URL = "https://openrouter.ai/docs/api_reference/streaming"

TRICKY = [
    Page("", ()),
    Page("Title", ()),
    Page("Title", (Section("", "", 0, ""),)),
    Page("Title", (Section("", "", 0, "intro line\nsecond"),)),
    Page("T", (Section("H", "h", 2, ""), Section("H2", "h2", 3, ""))),
    Page("T", (Section("H", "h", 2, "# looks like a title\n## looks like a heading {#x}\n<!-- preamble -->\n\\back\n\\\\double"),)),
    Page("T", (Section("H", "h", 2, "\n\nleading and trailing blank lines\n\n"),)),
    Page("T", (Section("H", "h", 2, "\n"), Section("I", "i", 2, " "))),
    Page("T", (Section("Heading {#with} braces", "real", 2, "x"),)),
    Page("T", (Section("", "", 2, "empty heading, empty anchor"), Section("", "anchor-only", 1, ""))),
    Page("T", (Section("#hash heading", "a", 2, "x"), Section(" spaced ", "b", 6, "y"), Section("deep", "c", 9, "z"))),
    Page("T", (Section("odd anchor", "a} {#b", 2, "x"), Section("line\nbreak", "a\nb", 2, "y"))),
    Page("T", (Section("preamble-ish", "", 0, "a"), Section("neg", "n", -1, "b"), Section("", "x", 0, ""))),
    Page("Title\nwith break", (Section("H", "h", 1, "carriage\rreturn\ttab \u2028 sep\x0c"),)),
    Page("# hashes  ", (Section("Ünïcödé 日本", "ünï", 2, "<!-- not a marker -->\n-->\n<!--"),)),
    Page("T", tuple(Section(f"S{i}", f"s{i}", 1 + i % 6, "\n" * i) for i in range(8))),
]


@pytest.mark.parametrize("page", TRICKY)
def test_round_trip_is_exact(page):
    text = page_to_text(page, URL)
    assert text_to_page(text) == page
    assert text.endswith("\n")
    assert url_of(text) == URL


def test_format_is_readable_markdown():
    page = Page("Streaming", (
        Section("", "", 0, "Intro."),
        Section("Server-Sent Events", "server-sent-events", 2, "Enable streaming.\n# a comment in code"),
        Section("Cancellation", "cancellation", 3, ""),
    ))
    assert page_to_text(page, URL) == (
        "# Streaming\n"
        f"<!-- url: {URL} -->\n"
        "<!-- preamble -->\n"
        "Intro.\n"
        "\n"
        "## Server-Sent Events {#server-sent-events}\n"
        "Enable streaming.\n"
        "\\# a comment in code\n"
        "\n"
        "### Cancellation {#cancellation}\n"
        "\n"
    )


def test_a_changed_section_changes_only_its_lines():
    sections = [Section(f"S{i}", f"s{i}", 2, f"text {i}") for i in range(5)]
    before = page_to_text(Page("T", tuple(sections)), URL).splitlines()
    sections[2] = Section("S2", "s2", 2, "new text 2")
    after = page_to_text(Page("T", tuple(sections)), URL).splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [9]


@pytest.mark.parametrize(
    "text",
    ["", "no title line\n", "# T\n<!-- url: x -->\nstray text\n", "# T\n## bad heading without anchor\n\n",
     "# T\n## H {#h}\nno blank separator", "# T\n<!-- section {not json} -->\n\n", '# T\n<!-- section {"level": 1} -->\n\n'],
)
def test_malformed_text_raises_input_error(text):
    with pytest.raises(InputError):
        text_to_page(text)
