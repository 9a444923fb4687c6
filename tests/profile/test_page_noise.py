"""Docs edits that change no words are not drift; wording edits are."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.diff.pages import diff_pages, words
from checker.models import Page, Section

URL = "https://openrouter.ai/docs/guides/x"
TEXT = "Set `tool_choice` to \"auto\" - the model decides.\n\nIt's optional."


def page(text: str, heading: str = "Tool Choice") -> Page:
    return Page("T", (Section(heading, "tool-choice", 2, text), Section("Other", "other", 2, "Stays.")))


def test_punctuation_quote_whitespace_and_markup_edits_yield_no_finding():
    edited = "Set **tool_choice** to 'auto' — the model decides\n  It’s optional"
    assert diff_pages("guides/x", page(TEXT), page(edited), URL) == []


def test_heading_punctuation_only_rename_yields_no_finding():
    old = Page("T", (Section("Step 1: Tools", "step-1-tools", 2, TEXT),))
    new = Page("T", (Section("Step 1 - Tools!", "step-1---tools", 2, TEXT.replace('"', "'")),))
    assert diff_pages("guides/x", old, new, URL) == []


def test_wording_edit_yields_one_change_finding():
    [finding] = diff_pages("guides/x", page(TEXT), page(TEXT.replace("optional", "required")), URL)
    assert finding.code == "page-section-changed" and finding.location.section == "Tool Choice"
    assert "required" in finding.after


def test_snake_case_is_a_word_but_emphasis_underscores_are_markup():
    assert words("_max_tokens_") == words("max_tokens") == ["max_tokens"]
    assert words("max_tokens") != words("max tokens")


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from([",", ".", " ", "\n", "*", "`", '"', "'", "_", "-", "!"]), max_size=6),
       st.integers(min_value=0, max_value=len(TEXT)))
def test_inserting_punctuation_anywhere_between_words_is_silent(noise, where):
    def word_char(c: str) -> bool:
        return c.isalnum() or c == "_"

    while 0 < where < len(TEXT) and word_char(TEXT[where - 1]) and word_char(TEXT[where]):
        where += 1  # insert between words, not inside one
    edited = TEXT[:where] + "".join(noise) + TEXT[where:]
    assert diff_pages("guides/x", page(TEXT), page(edited), URL) == []
