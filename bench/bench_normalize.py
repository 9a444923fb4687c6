"""Time page normalising on a ~300 KB docs-like HTML page (issue 4: goal <= 20 ms).

Baseline in the same run: bs4 + html.parser get_text() on the same page (~260 ms on the
reference machine). The page is the real corpus page api_reference/overview.mdx rendered
with `markdown` into a Next.js/Mintlify-like template (nav, sidebar, scripts, build ids),
repeated to ~300 KB; a synthetic page is used when ../shared is absent.

    python bench/bench_normalize.py [--runs 30] [--size-kb 300]
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker.normalise import normalise_page  # noqa: E402

CORPUS_PAGE = "openrouter/pages/2026-08-22_c26125a/api_reference/overview.mdx"


def shared_dir() -> Path:
    return Path(os.environ.get("CHECKER_SHARED") or ROOT / ".." / "shared")


def body_html(shiki: bool) -> tuple[str, str]:
    page = shared_dir() / "corpus" / CORPUS_PAGE
    if page.is_file():
        import markdown

        html = markdown.markdown(page.read_text(), extensions=["fenced_code", "tables"])
        return (highlight(html) if shiki else html), f"corpus {CORPUS_PAGE}"
    parts = []
    for i in range(40):
        parts.append(f"<h2 id='s{i}'>Section {i}</h2><p>Some <code>text</code> about parameter {i}.</p>")
        parts.append("<pre><code>" + "\n".join(f"line {j} = {{'a': {j}}}" for j in range(20)) + "</code></pre>")
        parts.append("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>")
    return "".join(parts), "synthetic (corpus absent)"


def highlight(html: str) -> str:
    """Shiki-like markup for code blocks (a span per line and per token), as docs sites serve."""
    colors = ("#D73A49", "#6F42C1", "#005CC5", "#032F62", "#24292E")

    def line(text: str) -> str:
        tokens = text.split(" ")
        spans = " ".join(f'<span style="color:{colors[i % 5]}">{tok}</span>' for i, tok in enumerate(tokens))
        return f'<span class="line">{spans}</span>'

    def block(match: re.Match[str]) -> str:
        body = "\n".join(line(t) for t in match.group(2).split("\n"))
        return f'<pre class="shiki github-light" tabindex="0"><code{match.group(1)}>{body}</code></pre>'

    return re.sub(r"<pre><code([^>]*)>(.*?)</code></pre>", block, html, flags=re.DOTALL)


def sidebar() -> str:
    items = "".join(f"<li><a class='css-{secrets.token_hex(3)}' href='/docs/p{i}'>Page {i}</a></li>" for i in range(150))
    return f"<div id='sidebar'><ul>{items}</ul></div>"


def build_page(size_kb: int, shiki: bool = True) -> str:
    content, origin = body_html(shiki)
    head = (
        f"<!DOCTYPE html><html><head><title>API Reference | OpenRouter</title>"
        f"<meta name='csrf-token' content='{secrets.token_urlsafe(32)}'>"
        + "".join(f"<link rel='preload' href='/_next/static/chunks/{secrets.token_hex(8)}.js'>" for _ in range(40))
        + f"<style>{'.css-x{color:red}' * 400}</style></head><body>"
        f"<header><nav>{'<a href=/x>Link</a>' * 50}</nav></header>{sidebar()}<main><article>"
        "<h1 id='page-title'>API Reference</h1>"
    )
    tail = (
        "</article><div id='table-of-contents'>" + "<a href='#x'>x</a>" * 60 + "</div></main><footer>(c)</footer>"
        f"<script id='__NEXT_DATA__' type='application/json'>{{\"buildId\":\"{secrets.token_hex(10)}\","
        f"\"props\":\"{'x' * 20000}\"}}</script></body></html>"
    )
    body, target = [], size_kb * 1024 - len(head) - len(tail)
    while sum(map(len, body)) < target:
        body.append(content)
    html = head + "".join(body) + tail
    style = "code highlighted per token" if shiki else "plain code (text-heavy worst case)"
    print(f"page: {len(html) / 1024:.0f} KB, content from {origin}, {style}")
    return html


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(html: str, runs: int) -> float:
    from bs4 import BeautifulSoup

    data = html.encode()
    page = normalise_page(data, "text/html; charset=utf-8", None, "https://openrouter.ai/docs/x")
    print(f"  sections: {len(page.sections)}, text chars: {sum(len(s.text) for s in page.sections)}")
    ours = median_ms(lambda: normalise_page(data, "text/html", None, "https://openrouter.ai/docs/x"), runs)
    base = median_ms(lambda: BeautifulSoup(html, "html.parser").get_text(), max(5, runs // 3))
    print(f"  normalise_page (selectolax): {ours:7.1f} ms  (median of {runs})")
    print(f"  bs4 + html.parser get_text:  {base:7.1f} ms")
    print(f"  ratio: {base / ours:.1f}x faster; goal <= 20 ms {'met' if ours <= 20 else 'NOT met'}")
    return ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--size-kb", type=int, default=300)
    args = parser.parse_args()
    worst = max(run(build_page(args.size_kb, shiki), args.runs) for shiki in (True, False))
    sys.exit(0 if worst <= 20 else 1)


if __name__ == "__main__":
    main()
