"""A tiny target (a spec and two pages) served on loopback, and helpers to run checker against it."""
from __future__ import annotations

import copy
import json
from pathlib import Path

from checker.cli import main
from tests.loopback import LoopbackServer

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "servers": [{"url": "https://openrouter.ai/api/v1"}],
    "paths": {"/chat/completions": {"post": {
        "tags": ["Chat"], "summary": "Create a chat completion",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["messages"],
            "properties": {"model": {"type": "string"}, "messages": {"type": "array"}}}}}},
        "responses": {"200": {"description": "ok"}},
    }}},
}

TARGET = """\
origin: https://openrouter.ai
spec:
  url: https://openrouter.ai/openapi.json
  fallback_urls: [https://openrouter.ai/api/v1/openapi.json]
pages:
  - id: guide
    url: https://openrouter.ai/docs/guide
    quick: true
  - id: limits
    url: https://openrouter.ai/docs/limits
"""


def page(title: str, sections: dict[str, str]) -> str:
    body = "".join(f"<h2 id='{h.lower()}'>{h}</h2><p>{text}</p>" for h, text in sections.items())
    return f"<html><body><main><article><h1>{title}</h1><p>Intro.</p>{body}</article></main></body></html>"


def serve_v1(server: LoopbackServer) -> None:
    server.route("/openapi.json", body=json.dumps(SPEC), content_type="application/json", etag=True)
    server.route("/docs/guide", body=page("Guide", {"Usage": "Call it.", "Errors": "429 means slow down."}), etag=True)
    server.route("/docs/limits", body=page("Limits", {"Credits": "Buy credits."}), etag=True)


def serve_v2(server: LoopbackServer) -> None:
    """Drift in every source: a removed request property, changed sections."""
    spec = copy.deepcopy(SPEC)
    schema = spec["paths"]["/chat/completions"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    del schema["properties"]["model"]
    server.route("/openapi.json", body=json.dumps(spec), content_type="application/json", etag=True)
    server.route("/docs/guide", body=page("Guide", {"Usage": "Call it.", "Errors": "402 means pay."}), etag=True)
    server.route("/docs/limits", body=page("Limits", {"Credits": "Credits are free."}), etag=True)


def workdir(tmp_path: Path, target: str = TARGET) -> Path:
    (tmp_path / "rules" / "site").mkdir(parents=True)
    (tmp_path / "rules" / "site" / "target.yaml").write_text(target)
    return tmp_path


def run(work: Path, base_url: str, *args: str, snapshots: Path | None = None) -> int:
    return main([*args, "--target", "site", "--rules", str(work / "rules"),
                 "--snapshots", str(snapshots or work / "snapshots"), "--base-url", base_url])


def run_json(work: Path, base_url: str, *args: str, snapshots: Path | None = None) -> tuple[int, dict]:
    out = work / "report.json"
    code = run(work, base_url, *args, "--format", "json", "--output", str(out), snapshots=snapshots)
    return code, json.loads(out.read_text())


def drift(report: dict) -> list[tuple[str, str, str]]:
    """What a report says changed, in a comparable form."""
    return sorted((f["code"], f["severity"], f["fingerprint"]) for f in report["findings"])
