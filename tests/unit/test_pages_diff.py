from checker.diff.pages import change_excerpt, diff_pages
from checker.models import Page, Section, Severity

URL = "https://openrouter.ai/docs/guides/features/tool-calling"


def page(*sections):
    return Page(title="T", sections=tuple(Section(h, a, 2, t) for h, a, t in sections))


BASE = page(("", "", "intro"), ("Usage", "usage", "line 1\nline 2"), ("Example", "example", "a"),
            ("Example", "example", "b"))


def test_identical_pages_have_no_findings():
    assert diff_pages("p", BASE, BASE, URL) == []


def test_changed_section_has_excerpt_and_anchor():
    new = page(("", "", "intro"), ("Usage", "usage", "line 1\nline 2 changed"), ("Example", "example", "a"),
               ("Example", "example", "b"))
    [f] = diff_pages("p", BASE, new, URL)
    assert f.code == "page-section-changed" and f.severity is Severity.ERROR
    assert f.official_url == URL + "#usage"
    assert (f.before, f.after) == ("line 2", "line 2 changed")
    assert f.location.section == "Usage"


def test_added_removed_and_repeated_headings():
    new = page(("", "", "intro"), ("Example", "example", "a"), ("Limits", "limits", "new text"))
    codes = sorted((f.code, f.location.section, f.before or f.after) for f in diff_pages("p", BASE, new, URL))
    assert codes == [("page-section-added", "Limits", "new text"),
                     ("page-section-removed", "Example", "b"),
                     ("page-section-removed", "Usage", "line 1\nline 2")]


def test_renamed_heading_with_same_text_is_a_rename():
    new = page(("", "", "intro"), ("How to use", "how-to-use", "line 1\nline 2"), ("Example", "example", "a"),
               ("Example", "example", "b"))
    [f] = diff_pages("p", BASE, new, URL)
    assert f.code == "page-section-renamed"
    assert f.official_url.endswith("#how-to-use")


def test_excerpt_is_bounded():
    before, after, lines = change_excerpt("x" * 1000, "y" * 1000)
    assert len(before) <= 240 and len(after) <= 240 and lines == 1
