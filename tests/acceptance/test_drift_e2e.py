"""`checker snapshot` then `checker check` end to end, against a loopback site with synthetic docs."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

from checker.cli import main
from tests.loopback import LoopbackServer

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "servers": [{"url": "https://openrouter.ai/api/v1"}],
    "paths": {"/chat/completions": {"post": {
        "tags": ["Chat"], "summary": "Create a chat completion", "operationId": "sendChat",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["messages"],
            "properties": {"model": {"type": "string"}, "messages": {"type": "array"}}}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"id": {"type": "string"}}}}}}},
    }}},
}

TARGET = """\
origin: https://openrouter.ai
spec:
  url: https://openrouter.ai/openapi.json
pages:
  - id: guide
    url: https://openrouter.ai/docs/guide
    quick: true
  - id: limits
    url: https://openrouter.ai/docs/limits
"""


def page_html(body: str) -> str:
    noise = uuid.uuid4().hex
    return (f"<html><head><title>Guide</title><script>window.__BUILD_ID__='{noise}'</script></head>"
            f"<body class='css-{noise[:6]}'><nav><a href='/docs'>Docs</a> {noise}</nav>"
            f"<main><article><h1>Guide</h1>{body}</article></main>"
            f"<footer>Rendered at {datetime.now(timezone.utc).isoformat()}</footer></body></html>")


GUIDE = ("<p>Send the <code>tools</code> array on every request.</p>"
         "<h2 id='usage'>Usage</h2><p>Call POST /chat/completions with your model.</p>"
         "<h2 id='errors'>Errors</h2><p>A 429 means you are rate limited.</p>")
LIMITS = "<p>Free models allow 20 requests per minute.</p><h2 id='credits'>Credits</h2><p>Buy credits.</p>"


@pytest.fixture
def site():
    with LoopbackServer() as server:
        server.route("/openapi.json", body=json.dumps(SPEC), content_type="application/json")
        server.route("/docs/guide", body=lambda _req: page_html(GUIDE))
        server.route("/docs/limits", body=lambda _req: page_html(LIMITS))
        yield server


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "rules" / "site").mkdir(parents=True)
    (tmp_path / "rules" / "site" / "target.yaml").write_text(TARGET)
    return tmp_path


def run(workdir: Path, base_url: str, *args: str) -> int:
    return main([*args, "--target", "site", "--rules", str(workdir / "rules"),
                 "--snapshots", str(workdir / "snapshots"), "--base-url", base_url])


def json_report(workdir: Path, base_url: str, *args: str) -> tuple[int, dict]:
    out = workdir / "report.json"
    code = run(workdir, base_url, *args, "--format", "json", "--output", str(out))
    return code, json.loads(out.read_text())


def snapshot_files(workdir: Path) -> dict[str, bytes]:
    root = workdir / "snapshots" / "site"
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".lock" not in p.name and ".cache" not in p.parts}


def test_unchanged_mirror_with_fresh_noise_gives_no_findings(site, workdir):
    assert run(workdir, site.url, "snapshot") == 0
    assert (workdir / "snapshots" / "site" / "pages" / "guide.md").is_file()
    code, report = json_report(workdir, site.url, "check")
    assert code == 0
    assert report["findings"] == []
    assert {s["status"] for s in report["sources"]} == {"unchanged"}
    assert all(s["url"].startswith("https://openrouter.ai/") for s in report["sources"])


def test_docs_change_exits_1_with_official_urls(site, workdir):
    assert run(workdir, site.url, "snapshot") == 0
    site.route("/docs/guide", body=lambda _req: page_html(GUIDE.replace("429", "402")))
    code, report = json_report(workdir, site.url, "check")
    assert code == 1
    [finding] = report["findings"]
    assert finding["code"] == "page-section-changed"
    assert finding["official_url"] == "https://openrouter.ai/docs/guide#errors"
    assert "429" in finding["before"] and "402" in finding["after"]
    # not accepted yet: the same drift again; accepted: gone
    assert run(workdir, site.url, "check") == 1
    code, report = json_report(workdir, site.url, "check", "--update-snapshots")
    assert code == 0  # the drift was accepted: nothing left to fail on
    assert [f["code"] for f in report["findings"]] == ["page-section-changed"]  # still reported
    assert "accepted 1 changed source(s) as the new baseline: guide" in report["notes"]
    assert run(workdir, site.url, "check") == 0


def test_moved_page_is_reported_with_new_official_url(site, workdir):
    assert run(workdir, site.url, "snapshot") == 0
    site.route("/docs/guides/guide", body=lambda _req: page_html(GUIDE))
    site.redirect("/docs/guide", "/docs/guides/guide", status=308)
    code, report = json_report(workdir, site.url, "check")
    moved = [f for f in report["findings"] if f["code"] == "page-moved"]
    assert len(moved) == 1
    assert moved[0]["official_url"] == "https://openrouter.ai/docs/guides/guide"
    assert [s["status"] for s in report["sources"] if s["id"] == "guide"] == ["moved"]


def test_unreachable_origin_without_snapshot_exits_2(workdir, capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends: connection refused
    code = run(workdir, f"http://127.0.0.1:{port}", "check", "--timeout", "2")
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[0].startswith("checker: error: the OpenAPI spec is unavailable")
    assert "Traceback" not in "\n".join(err)


@pytest.mark.parametrize("fault", ["500", "503", "429", "timeout", "slow-body", "truncated", "garbage",
                                   "challenge", "redirect-loop", "offhost-redirect", "oversized", "drop"])
def test_fault_gives_a_finding_and_keeps_the_snapshot(site, workdir, fault):
    assert run(workdir, site.url, "snapshot") == 0
    before = snapshot_files(workdir)
    options = {"timeout": {"delay": 3}, "slow-body": {"chunk": 16, "interval": 0.5},
               "429": {"retry_after": "1"}}.get(fault, {})
    site.fault("/docs/guide", fault, **options)
    code, report = json_report(workdir, site.url, "check", "--update-snapshots", "--timeout", "1")
    findings = [f for f in report["findings"] if f["location"]["source"] == "guide"]
    assert findings, f"no finding for fault {fault}"
    assert all(f["kind"] == "fetch" for f in findings)
    assert findings[0]["official_url"] == "https://openrouter.ai/docs/guide"
    assert [s["status"] for s in report["sources"] if s["id"] == "guide"] == ["error"]
    after = snapshot_files(workdir)
    assert after["pages/guide.md"] == before["pages/guide.md"]
    assert after["openapi.json"] == before["openapi.json"]


def test_429_with_retry_after_recovers(site, workdir):
    assert run(workdir, site.url, "snapshot") == 0
    site.fault("/docs/guide", "429", times=1, retry_after="1")
    code, report = json_report(workdir, site.url, "check")
    assert code == 0 and report["findings"] == []
    assert site.hits("/docs/guide") >= 3  # snapshot + 429 + retry


def test_quick_fetches_only_quick_pages(site, workdir):
    assert run(workdir, site.url, "snapshot") == 0
    site.reset_log()
    code, report = json_report(workdir, site.url, "--quick")
    assert code == 0
    assert sorted(s["id"] for s in report["sources"]) == ["guide", "openapi"]
    assert site.hits("/docs/limits") == 0


def test_offline_uses_snapshot_and_says_its_age(site, workdir, capsys):
    assert run(workdir, site.url, "snapshot") == 0
    capsys.readouterr()
    site.reset_log()
    assert run(workdir, site.url, "--quick", "--offline") == 0
    out = capsys.readouterr().out
    assert "offline" in out and "ago" in out
    assert site.requests == []


def test_console_script_runs_and_bad_input_exits_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "checker", "diff", str(tmp_path / "missing.json"),
                             str(tmp_path / "missing.json")], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_full_run_keeps_history_once_per_change(site, workdir, capsys):
    assert run(workdir, site.url, "snapshot") == 0
    site.route("/docs/guide", body=lambda _req: page_html(GUIDE.replace("429", "402")))
    assert run(workdir, site.url, "check") == 1
    assert run(workdir, site.url, "check") == 1  # the same change seen twice is kept once
    capsys.readouterr()
    code = main(["history", "guide", "--target", "site", "--snapshots", str(workdir / "snapshots")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count("guide") >= 1
    versions = list((workdir / "snapshots" / "site" / "history").rglob("*.md"))
    assert len(versions) == 1
    assert "429" in versions[0].read_text()


def test_several_formats_in_one_run(site, workdir):
    assert run(workdir, site.url, "snapshot") == 0
    site.route("/docs/guide", body=lambda _req: page_html(GUIDE.replace("429", "402")))
    sarif, junit, html = (workdir / n for n in ("r.sarif", "r.xml", "r.html"))
    code = run(workdir, site.url, "check", "--format", "sarif", "--output", str(sarif), "--format", "junit",
               "--output", str(junit), "--format", "html", "--output", str(html))
    assert code == 1
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    import xml.etree.ElementTree as ET
    assert ET.parse(junit).getroot().iter("failure")
    text = html.read_text()
    assert "https://openrouter.ai/docs/guide#errors" in text and "<script src" not in text
