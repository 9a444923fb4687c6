"""HTML normalising: main content as sections, no volatile noise, NotDocs for non-docs pages."""
from __future__ import annotations

import gzip
import random
import string
from pathlib import Path

import pytest

from checker.models import Page
from checker.normalise import NotDocs, normalise_page
from checker.normalise.html import html_to_page

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
URL = "https://openrouter.ai/docs/api_reference/streaming"
TEMPLATE = string.Template((PAGES / "docs_page.html").read_text())


def noise(seed: int) -> dict[str, str]:
    rnd = random.Random(seed)
    hexs = lambda n: "".join(rnd.choice("0123456789abcdef") for _ in range(n))  # noqa: E731
    return {
        "csrf": hexs(40),
        "build_id": hexs(20),
        "nonce": hexs(24),
        "cls": hexs(6),
        "request_id": f"{hexs(8)}-{hexs(4)}-4{hexs(3)}-a{hexs(3)}-{hexs(12)}",
        "timestamp": f"2026-08-{rnd.randint(10, 28)}T{rnd.randint(10, 23)}:{rnd.randint(10, 59)}:{rnd.randint(10, 59)}.{rnd.randint(100, 999)}Z",
        "updated": rnd.choice(["3 days ago", "a minute ago", "on August 22, 2026", "2026-08-22 10:11"]),
    }


def render(seed: int, edits: dict[str, str] | None = None) -> str:
    html = TEMPLATE.substitute(noise(seed))
    for old, new in (edits or {}).items():
        assert old in html
        html = html.replace(old, new)
    return html


def page_of(html: str, selector: str | None = None) -> Page:
    return normalise_page(html.encode(), "text/html; charset=utf-8", selector, URL)


def all_text(page: Page) -> str:
    return "\n".join(f"{s.heading}\n{s.text}" for s in page.sections)


def test_sections_headings_and_anchors():
    page = page_of(render(1))
    assert page.title == "Streaming | OpenRouter Docs"
    got = [(s.level, s.heading, s.anchor) for s in page.sections]
    assert got == [
        (0, "", ""),
        (1, "Streaming", "page-title"),
        (2, "Server-Sent Events", "server-sent-events"),
        (2, "SSE Comments", "sse-comments"),  # no id: slug of the heading
        (3, "Stream Cancellation", "stream-cancellation"),
        (2, "Usage in the final chunk", "usage"),
    ]


def test_block_text_lists_tables_code():
    sections = {s.heading: s.text for s in page_of(render(1)).sections}
    assert sections["Streaming"].splitlines() == [
        "Stream responses from any model, token by token.",
        "The OpenRouter API allows streaming responses from any model. This is useful for building chat interfaces.",
    ]
    sse = sections["Server-Sent Events"].splitlines()
    # code keeps its markdown form: `spans`, fenced blocks, | table | rows |
    assert "Enable streaming by setting the `stream` parameter to `true`." in sse
    assert "Each event is a data: line holding one JSON chunk." in sse  # <strong> is not code
    assert "The stream ends with `data: [DONE]`." in sse
    code = sse[sse.index("import requests") - 1:]
    assert code == [
        "```",
        "import requests",
        "",
        'response = requests.post(url, json={"stream": True}, stream=True)',
        "for line in response.iter_lines():",
        "    print(line)",
        "```",
    ]
    cancel = sections["Stream Cancellation"].splitlines()
    assert cancel[1:4] == ["| Provider | Cancellation |", "| OpenAI | Supported |", "| Anthropic | Supported |"]
    assert cancel[4] == "Cancelled requests are still billed for tokens generated so far."
    assert sections["Usage in the final chunk"].splitlines()[:2] == [
        "usage", "Token counts, sent in the last chunk before `[DONE]`.",
    ]


def test_code_in_html_reads_like_the_markdown_source_and_changes_no_words():
    from checker.diff.pages import words
    from checker.normalise.markdown import markdown_to_page

    html = ("<html><body><main><h2 id='p'>Parameters</h2><p>Set <code>max_price</code> to "
            "<code>{\"prompt\": 1}</code>; a <code>`tick`</code> too.</p>"
            "<table><tr><th>Field</th><th>Type</th></tr><tr><td><code>sort</code></td>"
            "<td>\"price\" | \"latency\"</td></tr></table>"
            "<pre><code class='language-json'>```\n{\"model\": \"x\"}</code></pre></main></body></html>")
    text = page_of(html).sections[-1].text
    assert text.splitlines() == [
        'Set `max_price` to `{"prompt": 1}`; a ```tick``` too.',
        "| Field | Type |",
        '| `sort` | "price" \\| "latency" |',  # a cell's own | escaped, as in a markdown table
        "````", "```", '{"model": "x"}', "````",  # the fence outgrows the backticks inside
    ]
    markdown = markdown_to_page('## Parameters\nSet max_price to {"prompt": 1}; a tick too.\n'
                                '| Field | Type |\n| sort | "price" | "latency" |\n```\n{"model": "x"}\n```\n')
    assert words(text) == words(markdown.sections[-1].text)  # the same words: no page drift between forms


def test_deeply_nested_inline_markup_in_a_paragraph_does_not_overflow():
    prose = "Streaming sends tokens as they are generated, one chunk at a time. "
    html = ("<html><body><main><h2>Deep</h2><p>" + prose + "<span>" * 20000 + "<code>stream</code>"
            + "</span>" * 20000 + "</p></main></body></html>")
    assert page_of(html).sections[-1].text == prose + "`stream`"


def test_page_furniture_is_dropped():
    text = all_text(page_of(render(1)))
    for furniture in ("Pricing", "Search docs", "Skip to main content", "Was this page helpful",
                      "Docs / API Reference", "Authentication", "Copy", "©", "Last updated", "Overview"):
        assert furniture not in text, furniture


def test_two_fetches_with_fresh_noise_are_identical():
    first, second = page_of(render(1)), page_of(render(2))
    assert first == second
    text = all_text(first)
    for seed in (1, 2):
        for key, value in noise(seed).items():
            if key != "updated":
                assert value not in text, key
    assert "Served by edge node at <datetime> (request <uuid>)." in text


def test_a_content_change_changes_exactly_one_section():
    before = page_of(render(1))
    after = page_of(render(2, {"can be cancelled by": "may be cancelled by"}))
    changed = [a.heading for a, b in zip(before.sections, after.sections) if a != b]
    assert len(before.sections) == len(after.sections)
    assert changed == ["Stream Cancellation"]


def test_no_attribute_text_leaks():
    html = (
        '<html><head><title>T</title></head><body><main data-csrf="tok-attr-1">'
        '<h2 id="x" class="css-9q8w7e" title="attr-title">Heading</h2>'
        '<p class="jsx-1234" data-nonce="attr-nonce">Visible <a href="/a?v=attr-href" title="attr-link">link</a>'
        '<img alt="attr-alt" src="/i.png"></p><input type="hidden" name="csrf" value="attr-value"></main></body></html>'
    )
    text = all_text(html_to_page(html, None))
    assert "Visible link" in text
    assert "attr" not in text and "css-" not in text and "jsx" not in text


def test_selector_parts_are_tried_in_order():
    html = "<html><body><div class='other'><p>outside the content area text</p></div>" \
           "<div id='content-area'><h2 id='a'>Inside</h2><p>inside the content area text</p></div></body></html>"
    page = page_of(html, "#missing, #content-area, body")
    assert [s.heading for s in page.sections] == ["Inside"]
    assert "outside" not in all_text(page)
    assert "outside" in all_text(page_of(html, "#missing, body"))


def test_title_falls_back_to_first_h1_and_anchor_from_inner_link():
    html = ("<html><body><article><h1>Guide title</h1><p>Intro paragraph of the guide.</p>"
            "<h2><a id='custom-anchor'></a>First part</h2><p>Part one.</p>"
            "<h2><a href='#linked'>Second part</a></h2><p>Part two.</p>"
            "<h2>Repeat</h2><p>a</p><h2>Repeat</h2><p>b</p></article></body></html>")
    page = html_to_page(html, None)
    assert page.title == "Guide title"
    assert [s.anchor for s in page.sections] == ["guide-title", "custom-anchor", "linked", "repeat", "repeat-1"]


def test_headings_named_like_widgets_are_kept():
    html = ("<html><body><main><h2 id='pagination'>Pagination</h2><p>Use links.next to page.</p>"
            "<h2 id='feedback'>Feedback</h2><p>Send feedback with the API.</p>"
            "<div id='pagination'><a href='/prev'>Previous page</a></div></main></body></html>")
    page = html_to_page(html, None)
    assert [(s.anchor, s.text) for s in page.sections] == [
        ("pagination", "Use links.next to page."), ("feedback", "Send feedback with the API."),
    ]


def test_layout_wrapper_named_like_a_sidebar_keeps_the_content():
    body = "".join(f"<h2>Part {i}</h2><p>Paragraph number {i} of the page.</p>" for i in range(5))
    html = f"<html><body><main><div class='lg:pl-sidebar-width'>{body}</div><div class='sidebar'>menu</div></main></body></html>"
    page = page_of(html)
    assert [s.heading for s in page.sections] == [f"Part {i}" for i in range(5)]
    assert "menu" not in all_text(page)


@pytest.mark.parametrize(
    "fixture, code",
    [
        ("challenge_cloudflare.html", "page-challenge"),
        ("captcha.html", "page-challenge"),
        ("soft_404.html", "page-error"),
        ("app_error.html", "page-error"),
    ],
)
def test_not_docs_pages(fixture, code):
    with pytest.raises(NotDocs) as caught:
        normalise_page((PAGES / fixture).read_bytes(), "text/html", None, URL)
    assert caught.value.code == code
    assert caught.value.reason.endswith(".")


def test_internal_server_error_page():
    html = b"<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>nginx</p></body></html>"
    with pytest.raises(NotDocs) as caught:
        normalise_page(html, "text/html", None, URL)
    assert caught.value.code == "page-error"


def test_docs_page_about_errors_is_not_an_error_page():
    rows = "".join(f"<tr><td>{c}</td><td>Error {c} explained in detail for clients.</td></tr>" for c in range(400, 430))
    html = (f"<html><head><title>Errors and Debugging | OpenRouter</title></head><body><main><h1>Errors</h1>"
            f"<p>A 404 page not found or a 500 Internal Server Error can happen.</p><table>{rows}</table></main></body></html>")
    page = page_of(html)
    assert page.sections[0].heading == "Errors"


@pytest.mark.parametrize(
    "body, content_type, code",
    [
        (b"", "text/html", "page-empty"),
        (b"  \n\t ", "text/html", "page-empty"),
        (b"<html><head><title>Docs</title></head><body><main></main></body></html>", "text/html", "page-empty"),
        (b"<html><body><nav>only navigation here and there</nav></body></html>", "text/html", "page-empty"),
        (random.Random(7).randbytes(4096), "text/html", "page-garbage"),
        (gzip.compress(b"<html>" * 100), "text/html", "page-garbage"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), None, "page-garbage"),
        (bytes(range(1, 32)) * 40, "text/html", "page-garbage"),
        (b'{"error": {"code": 404, "message": "Not found"}}', "application/json", "page-error"),
        (b"GIF89a....", "image/gif", "page-garbage"),
    ],
)
def test_bad_bodies_raise_not_docs(body, content_type, code):
    with pytest.raises(NotDocs) as caught:
        normalise_page(body, content_type, None, URL)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "body",
    [b"<", b"<<<>>>", b"<html" * 1000, b"\xff\xfe<\x00h\x00", b"<p>" + "é".encode("latin-1") * 50],
)
def test_hostile_input_gives_a_page_or_not_docs(body):
    try:
        assert isinstance(normalise_page(body, "text/html", "[[[", URL), Page)
    except NotDocs:
        pass


def test_deep_nesting_does_not_overflow():
    page = normalise_page(b"<div>" * 5000 + b"deep text at the bottom", "text/html", None, URL)
    assert page.sections[0].text == "deep text at the bottom"


@pytest.mark.parametrize(
    "content_type, url",
    [("text/markdown; charset=utf-8", URL), ("text/plain", URL), (None, URL + ".md"), ("text/html", URL)],
)
def test_markdown_bodies_are_dispatched_to_the_markdown_normaliser(content_type, url):
    body = b"---\ntitle: Streaming\n---\n\nIntro text of the page.\n\n## Server-Sent Events\n\nEvents arrive as data lines.\n"
    page = normalise_page(body, content_type, None, url)
    assert page.title == "Streaming"
    assert [s.heading for s in page.sections] == ["", "Server-Sent Events"]


def test_html_served_as_text_plain_is_still_html():
    body = b"<!DOCTYPE html><html><head><title>T</title></head><body><main><h2 id='a'>A heading</h2><p>Some paragraph text.</p></main></body></html>"
    page = normalise_page(body, "text/plain", None, URL)
    assert [(s.heading, s.anchor, s.text) for s in page.sections] == [("A heading", "a", "Some paragraph text.")]
