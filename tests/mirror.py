"""A loopback mirror of one corpus snapshot (../shared/corpus/openrouter), served like the live site.

    with LoopbackServer() as server:
        mirror = CorpusMirror(server, CORPUS, "2026-06-16_1c9b462")
        ... checker --base-url server.url ...
        mirror.use("2026-08-22_c26125a")     # the docs change under the same URLs

- `/openapi.json` and `/api/v1/openapi.json`: the snapshot's spec as JSON.
- `/docs/<path>`: the snapshot's page `<path>.mdx` rendered to HTML inside a docs-site shell
  (nav, sidebar, footer, scripts) with fresh volatile noise (build id, nonce, timestamp) on every
  request; `/docs/<path>.md` serves the raw MDX as text/markdown.
- `docs.json` redirects of the snapshot answer 308 to their destination.
- ETags derive from the source file, not the noisy body, so conditional requests get 304.

The corpus is read in place, never copied. Used by the acceptance tests and bench/.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import time
import uuid
from pathlib import Path

from tests.catalog.fixtures import CATALOG_BODY
from tests.loopback import LoggedRequest, LoopbackServer, Route

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("CHECKER_SHARED", REPO.parent / "shared")) / "corpus" / "openrouter"
OLDEST, NEWEST = "2026-06-16_1c9b462", "2026-08-22_c26125a"

SHELL = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | OpenRouter</title>
<link rel="stylesheet" href="/_next/static/css/{build}.css"><meta name="csrf-token" content="{nonce}">
<script nonce="{nonce}">window.__BUILD__="{build}";window.__TS__={ts};</script></head>
<body class="css-{cls}"><header class="css-{cls} site-header"><nav><a href="/docs">Docs</a>
<a href="/models">Models</a><a href="/pricing">Pricing</a></nav></header>
<div class="layout"><aside class="sidebar" id="sidebar"><ul><li><a href="/docs/quickstart">Quickstart</a></li>
<li><a href="/docs/api_reference/overview">API Reference</a></li></ul></aside>
<main id="content-area" class="css-{cls}"><article class="prose css-{cls}">
<h1>{title}</h1>
{content}
</article></main><aside class="toc"><p>On this page</p></aside></div>
<footer class="css-{cls}"><p>© 2026 OpenRouter, Inc · rendered {stamp} · request {req}</p></footer>
<script id="__NEXT_DATA__" type="application/json">{{"buildId":"{build}","nonce":"{nonce}"}}</script>
</body></html>"""


def corpus_available() -> bool:
    return (CORPUS / "INDEX.json").is_file()


_JSX_TAG = re.compile(r"^\s*</?[A-Z][A-Za-z.]*(\s|>|/>|$)")


def mdx_to_markdown(body: str) -> str:
    """Drop MDX component tag lines (<CodeGroup>, <Template data={{...}}>, </Note>) and keep what is
    inside them, dedented, as the docs site renders it; otherwise Markdown would pass them through as
    raw HTML and miss fences indented inside components."""
    out: list[str] = []
    in_tag, fence, indent = False, "", 0
    for line in body.splitlines():
        stripped = line.strip()
        if fence:
            out.append(line[min(indent, len(line) - len(line.lstrip())):])
            fence = "" if stripped.startswith(fence) and stripped.strip("`~") == "" else fence
            continue
        if in_tag:
            in_tag = not stripped.endswith(">")
            continue
        if _JSX_TAG.match(line):
            in_tag = not stripped.endswith(">")
            continue
        if stripped.startswith(("```", "~~~")):
            fence, indent = stripped[:3], len(line) - len(line.lstrip())
            out.append(fence + (stripped[3:].split() or [""])[0])  # Markdown takes no `title="..."`
            continue
        out.append(stripped if line.startswith("  ") and not stripped.startswith(("-", "*", "1")) else line)
    return "\n".join(out)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    meta = {}
    for line in text[3:end].splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip().strip("'\"")
    return meta, text[end + 4:]


class CorpusMirror:
    def __init__(self, server: LoopbackServer, corpus: Path = CORPUS, snapshot: str = NEWEST,
                 noise: bool = True, latency: float = 0.0) -> None:
        """`latency` (seconds) delays every answer, like a round trip to a real CDN."""
        self.server, self.corpus, self.noise, self.latency = server, corpus, noise, latency
        self.index = {s["date"] + "_" + s["short"]: s for s in json.loads((corpus / "INDEX.json").read_text())["snapshots"]}
        self._rendered: dict[Path, tuple[str, str, str]] = {}
        self.use(snapshot)
        server.fallback(self._answer)

    def use(self, snapshot: str) -> None:
        """Serve another snapshot from now on (the docs 'change' under the same URLs)."""
        snap = self.index[snapshot]
        self.snapshot = snapshot
        self.spec_bytes = json.dumps(json.loads(gzip.decompress((self.corpus / snap["spec_file"]).read_bytes()))).encode()
        self.pages = {Path(p["path_in_repo"]).with_suffix("").as_posix(): self.corpus / p["file"]
                      for p in snap["pages_present"]}
        docs = json.loads((self.corpus / snap["docs_json"]).read_text())
        self.redirects = {r["source"].rstrip("/"): r["destination"] for r in docs.get("redirects", [])}

    def _answer(self, request: LoggedRequest) -> Route | None:
        path = request.path.rstrip("/")
        if path in ("/openapi.json", "/api/v1/openapi.json"):
            return Route(body=self.spec_bytes, content_type="application/json", delay=self.latency,
                         etag='"' + hashlib.sha256(self.spec_bytes).hexdigest()[:16] + '"')
        if path == "/api/v1/models":  # the corpus has no catalog: a small fixed one (tests/catalog)
            return Route(body=CATALOG_BODY, content_type="application/json")
        if not path.startswith("/docs/"):
            return None
        rel = path[len("/docs/"):]
        if rel.endswith(".md") and rel[:-3] in self.pages:
            raw = self.pages[rel[:-3]].read_bytes()
            return Route(body=raw, content_type="text/markdown; charset=utf-8", etag=_etag(raw), delay=self.latency)
        if rel in self.pages:
            return self._page_route(self.pages[rel])
        target = self.redirects.get("/" + rel)
        if target is not None:
            return Route(status=308, headers={"Location": "/docs" + target}, body=b"", delay=self.latency)
        return None

    def _page_route(self, file: Path) -> Route:
        if file not in self._rendered:
            import markdown

            raw = file.read_text(encoding="utf-8")
            meta, body = _front_matter(raw)
            html = markdown.markdown(mdx_to_markdown(body), extensions=["fenced_code", "tables", "toc"])
            self._rendered[file] = (meta.get("title", file.stem), html, _etag(raw.encode()))
        title, html, etag = self._rendered[file]
        return Route(body=lambda _req: self._shell(title, html), etag=etag, delay=self.latency)

    def _shell(self, title: str, content: str) -> str:
        rnd = uuid.uuid4().hex if self.noise else "0" * 32
        return SHELL.format(title=title, content=content, build=rnd[:20], nonce=rnd[8:24], cls=rnd[:6],
                            ts=int(time.time() * 1000) if self.noise else 0,
                            stamp=time.strftime("%Y-%m-%dT%H:%M:%SZ") if self.noise else "-", req=rnd[16:])


def june_to_newest(work: Path, check_args: list[str], with_rules: bool = True) -> int:
    """A user who set up in June: the bundled target with the June page URLs (and the bundled rules
    when `with_rules`) in work/rules, a snapshot of the oldest corpus snapshot, then `checker check`
    with `check_args` against the newest. Returns check's exit code."""
    import shutil

    import yaml

    from checker.cli import main
    from checker.sources.target import bundled_rules_dir

    rules = work / "rules" / "openrouter"
    if with_rules:
        shutil.copytree(bundled_rules_dir() / "openrouter", rules)
    rules.mkdir(parents=True, exist_ok=True)
    target = yaml.safe_load((bundled_rules_dir() / "openrouter" / "target.yaml").read_text())
    for page in target["pages"]:
        page["url"] = page["url"].replace("/docs/api_reference/", "/docs/api/reference/")
    (rules / "target.yaml").write_text(yaml.safe_dump(target))
    common = ["--rules", str(work / "rules"), "--snapshots", str(work / "snapshots")]
    with LoopbackServer() as server:
        mirror = CorpusMirror(server, snapshot=OLDEST)
        assert main(["snapshot", *common, "--base-url", server.url]) == 0
        mirror.use(NEWEST)
        return main(["check", *common, "--base-url", server.url, *check_args])


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:16] + '"'


if __name__ == "__main__":  # python -m tests.mirror [SNAPSHOT]: serve a snapshot for manual runs
    import sys

    snapshot = sys.argv[1] if len(sys.argv) > 1 else NEWEST
    with LoopbackServer() as srv:
        CorpusMirror(srv, snapshot=snapshot)
        print(f"serving {snapshot} at {srv.url}", flush=True)
        while True:
            time.sleep(3600)
