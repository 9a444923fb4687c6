"""Small synthetic OpenRouter sites on a loopback server, for CLI, install and README tests.

`serve_openrouter(server, state)` answers the bundled openrouter target: a minimal spec at both
spec URLs and a small docs page for every /docs/... path (state["rev"] changes them all). `site_snapshot(tmp_path)` records a baseline
of a two-page synthetic target so offline runs have something to check.
"""
from __future__ import annotations

import json
from pathlib import Path

from tests.catalog.fixtures import CATALOG_BODY
from tests.loopback import LoggedRequest, LoopbackServer, Route

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "OpenRouter API", "version": "1"},
    "servers": [{"url": "https://openrouter.ai/api/v1"}],
    "paths": {"/chat/completions": {"post": {
        "tags": ["Chat"], "summary": "Create a chat completion", "operationId": "sendChat",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["messages"],
            "properties": {"model": {"type": "string"}, "messages": {"type": "array", "items": {
                "type": "object", "required": ["role"],
                "properties": {"role": {"type": "string", "enum": ["system", "user", "assistant", "tool"]},
                               "content": {"type": "string"}}}}}}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"id": {"type": "string"}}}}}}},
    }}},
}
PAGE = ("<html><head><title>Docs</title></head><body><main><article><h1>{title}</h1>"
        "<p>Send <code>model</code> and <code>messages</code>.</p><h2 id='usage'>Usage</h2>"
        "<p>POST /chat/completions with an Authorization: Bearer header. Revision {rev}.</p>"
        "</article></main></body></html>")
SITE_TARGET = """\
origin: https://openrouter.ai
spec:
  url: https://openrouter.ai/openapi.json
pages:
  - id: guide
    url: https://openrouter.ai/docs/guide
    quick: true
"""


def serve_openrouter(server: LoopbackServer, state: dict | None = None) -> LoopbackServer:
    """Answer the bundled target; bump state["rev"] to change every docs page."""
    spec = json.dumps(SPEC).encode()
    state = {"rev": 0} if state is None else state

    def answer(request: LoggedRequest) -> Route | None:
        path = request.path.rstrip("/")
        if path in ("/openapi.json", "/api/v1/openapi.json"):
            return Route(body=spec, content_type="application/json")
        if path == "/api/v1/models":  # the corpus has no catalog: a small fixed one (tests/catalog)
            return Route(body=CATALOG_BODY, content_type="application/json")
        if path.startswith("/docs/"):
            return Route(body=PAGE.format(title=path.rsplit("/", 1)[-1], rev=state.get("rev", 0)))
        return None

    server.fallback(answer)
    return server


# Two rules of the 'site' target for the speed tests (rule memo, deferred store): one reads the
# guide page (its hint is a format field, so a test can change the rule), one the spec.
STREAMING_RULE = """\
  - id: guide-mentions-streaming
    assumes: the guide documents streaming
    page: guide
    hint: {hint}
    check: {{kind: page-phrase, phrase: "stream: true"}}
"""
TRANSFORMS_RULE = """\
  - id: chat-has-transforms
    assumes: chat completions take transforms
    page: guide
    check: {{kind: spec-property, operation: POST /chat/completions, path: transforms}}
"""


def site_rules(root: Path) -> Path:
    """A rules directory with the two-source 'site' target; returns the rules directory."""
    (root / "rules" / "site").mkdir(parents=True, exist_ok=True)
    (root / "rules" / "site" / "target.yaml").write_text(SITE_TARGET)
    return root / "rules"


def site_snapshot(root: Path) -> Path:
    """Record a baseline of the 'site' target under root/snapshots; returns the snapshots directory."""
    from checker.cli import main

    rules = site_rules(root)
    with LoopbackServer() as server:
        serve_openrouter(server)
        code = main(["snapshot", "--target", "site", "--rules", str(rules), "--snapshots", str(root / "snapshots"),
                     "--base-url", server.url, "-q"])
    assert code == 0
    return root / "snapshots"
