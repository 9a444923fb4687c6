"""No secret reaches any output: keys planted in every field of every input kind (hypothesis).

Each example plants distinct secrets (sk-or- keys, Bearer tokens, URL userinfo passwords, token
query values) in every field of a capture line, a HAR entry and a payload file, plus the --spec
URL and --base-url; then runs `validate` with all seven formats and asserts that no report,
stdout/stderr line or written capture holds any of them.
"""
from __future__ import annotations

import io
import json
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from checker.cli import main
from checker.comply import read_captures, write_captures
from tests.loopback import LoopbackServer

MINI_SPEC = Path(__file__).parent.parent / "comply" / "openapi-mini.json"
FORMATS = ("console", "json", "sarif", "junit", "github", "markdown", "html")
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

_hex = st.text("0123456789abcdef", min_size=16, max_size=48)
api_keys = _hex.map(lambda h: "sk-or-v1-" + h)
tokens = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=12, max_size=32).map(lambda t: "tq" + t)


class Planted:
    """Hands out secrets and remembers them, so the test can count and look for each."""

    def __init__(self, draw: Any) -> None:
        self.draw, self.all = draw, []

    def key(self) -> str:
        return self._keep(self.draw(api_keys))

    def token(self) -> str:
        return self._keep(self.draw(tokens))

    def _keep(self, secret: str) -> str:
        self.all.append(secret)
        return secret


def _request(p: Planted) -> dict[str, Any]:
    """One request with a secret in every field a capture has."""
    body = {
        "model": "openai/gpt-4o",
        "messages": [{"role": "user", "content": f"my key is {p.key()}"},
                     {"role": p.key(), "content": [{"type": p.key(), "text": "x", p.key(): 1}]}],
        p.key(): {p.key(): [p.key()]},
        "user": f"Bearer {p.token()}",
    }
    return {
        "method": "POST",
        "url": f"https://u:{p.token()}@openrouter.ai/api/v1/{p.key()}/x?token={p.token()}&q={p.key()}",
        "headers": [["Authorization", f"Bearer {p.token()}"], ["X-Api-Key", p.token()],
                    [p.key(), "v"], ["X-Title", p.key()], ["Cookie", f"s={p.token()}"]],
        "body": body,
    }


@st.composite
def planted_inputs(draw: Any) -> tuple[Planted, list[dict[str, Any]], str]:
    p = Planted(draw)
    records = [_request(p) for _ in range(draw(st.integers(1, 2)))]
    records.append({"method": "GET", "url": f"https://openrouter.ai/api/v1/models?api_key={p.token()}",
                    "headers": {"authorization": p.key()}})
    records.append({"method": "POST", "url": "https://openrouter.ai/api/v1/chat/completions",
                    "headers": {}, "body": f"not json {p.key()} Bearer {p.token()}"})
    return p, records, p.token()


def _har(records: list[dict[str, Any]]) -> dict[str, Any]:
    entries = []
    for r in records:
        headers = r["headers"].items() if isinstance(r["headers"], dict) else r["headers"]
        body = r.get("body")
        text = body if isinstance(body, str) else json.dumps(body)
        entries.append({"request": {"method": r["method"], "url": r["url"],
                                    "headers": [{"name": n, "value": v} for n, v in headers],
                                    "postData": {"mimeType": "application/json", "text": text}}})
    return {"log": {"version": "1.2", "entries": entries}}


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue() + err.getvalue()


def _leaks(secrets: list[str], texts: dict[str, str]) -> list[tuple[str, str]]:
    return [(secret, where) for secret in secrets for where, text in texts.items() if secret in text]


@given(planted_inputs())
@SETTINGS
def test_no_planted_secret_reaches_any_report_format_or_capture(tmp_path_factory, planted):
    p, records, spec_token = planted
    tmp = tmp_path_factory.mktemp("leak")
    (tmp / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (tmp / "c.har").write_text(json.dumps(_har(records)))
    (tmp / "p.json").write_text(json.dumps(records[0]["body"]))
    with LoopbackServer() as server:
        server.route("/openapi.json", body=MINI_SPEC.read_bytes(), content_type="application/json")
        spec_url = f"{server.url}/openapi.json?token={spec_token}"
        argv = ["validate", str(tmp / "p.json"), "--captures", str(tmp / "c.jsonl"), "--captures",
                str(tmp / "c.har"), "--spec", spec_url, "--catalog", str(MINI_SPEC.parent / "models-catalog.json")]
        for fmt in FORMATS:
            argv += ["--format", fmt, "--output", str(tmp / f"report.{fmt}")]
        code, stream = _run(argv + ["--format", "console"])
    assert code == 1  # the planted fields are findings: the run did its job
    write_captures(read_captures(tmp / "c.jsonl") + read_captures(tmp / "c.har"), tmp / "out.jsonl")
    texts = {f.name: f.read_text() for f in tmp.iterdir() if f.name.startswith(("report.", "out."))}
    texts["stdout+stderr"] = stream
    assert len(texts) == len(FORMATS) + 2
    assert _leaks(p.all, texts) == []
    assert json.loads(texts["report.json"])["findings"]  # the reports are real, not empty


def _dead_origin() -> str:
    with LoopbackServer() as server:
        return server.url  # stopped on exit: every fetch from it fails to connect


def _assert_one_error_without(secrets: list[str], argv: list[str]) -> None:
    code, stream = _run(argv)
    assert code == 2 and stream.startswith("checker: error:") and stream.count("\n") <= 2, stream
    assert _leaks(secrets, {"stream": stream}) == [], stream


@given(st.lists(tokens, min_size=2, max_size=2, unique=True))
@settings(max_examples=10, deadline=None, derandomize=True)
def test_a_token_in_a_spec_url_never_reaches_stderr(secrets):
    dead = _dead_origin()
    _assert_one_error_without(secrets, ["validate", str(MINI_SPEC), "--spec",
                                        f"{dead}/openapi.json?access_token={secrets[0]}"])
    _assert_one_error_without(secrets, ["diff", f"{dead}/openapi.json?token={secrets[1]}", str(MINI_SPEC)])


def test_base_url_credentials_never_reach_stderr_reports_or_the_snapshot(tmp_path):
    secret = "tqBASEURLPASSWORD42"
    origin = _dead_origin().replace("http://", f"http://user:{secret}@")
    argv = ["--quick", "--snapshots", str(tmp_path / "snap"), "--base-url", origin]
    _assert_one_error_without([secret], argv)
    written = [f.read_text(errors="replace") for f in tmp_path.rglob("*") if f.is_file()]
    assert not any(secret in text for text in written)


def test_a_token_in_a_fetched_spec_url_is_masked_in_sources(tmp_path):
    with LoopbackServer() as server:
        server.route("/openapi.json", body=MINI_SPEC.read_bytes(), content_type="application/json")
        code, stream = _run(["validate", str(MINI_SPEC), "--format", "json", "--spec",
                             f"{server.url}/openapi.json?token=tqSPECTOKEN99"])
    report = json.loads(stream)
    assert report["sources"][0]["url"].endswith("/openapi.json?token=[REDACTED]")
    assert "tqSPECTOKEN99" not in stream


LEAKY_CLIENT = '''
import os, sys, httpx
base, keys = os.environ["OPENROUTER_API_BASE"], sys.argv[1:]
headers = {"Authorization": "Bearer " + keys[0], "X-Api-Key": keys[1], "X-Title": keys[2]}
body = {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": keys[3]}], keys[4]: {keys[5]: 1}}
httpx.post(base + "/chat/completions?token=" + keys[6], json=body, headers=headers)
httpx.post(base + "/" + keys[7] + "/x", json={"k": keys[8]}, headers=headers)
httpx.get(base + "/models?api_key=" + keys[9], headers=headers)
print("sent with", keys[0])  # the client's own output is not ours to redact
'''


@given(st.lists(api_keys, min_size=10, max_size=10, unique=True))
@settings(max_examples=2, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_record_keeps_keys_out_of_captures_out_and_every_report(tmp_path_factory, keys):
    tmp = tmp_path_factory.mktemp("record")
    (tmp / "client.py").write_text(LEAKY_CLIENT)
    argv = ["record", "--spec", str(MINI_SPEC), "--captures-out", str(tmp / "out.jsonl")]
    for fmt in FORMATS:
        argv += ["--format", fmt, "--output", str(tmp / f"report.{fmt}")]
    code, stream = _run(argv + ["--", sys.executable, str(tmp / "client.py"), *keys])
    assert code == 1
    records = [json.loads(line) for line in (tmp / "out.jsonl").read_text().splitlines()]
    assert [r["method"] for r in records] == ["POST", "POST", "GET"]
    texts = {f.name: f.read_text() for f in tmp.iterdir() if f.name != "client.py"}
    texts["stdout+stderr"] = stream
    assert _leaks(keys, texts) == []


def test_watch_log_lines_are_redacted(caplog):
    import logging

    from checker.redact import RedactingFilter

    record = logging.LogRecord("checker.watch.schedule", logging.INFO, __file__, 1,
                               "run %d failed: %s", (1, "cannot reach http://u:tqLOGPASS1234@h/x?key=sk-or-v1-ab12"),
                               None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "run 1 failed: cannot reach http://[REDACTED]@h/x?key=[REDACTED]"


def test_watch_keeps_base_url_and_webhook_credentials_out_of_logs_snapshots_history_and_posts(tmp_path):
    import os
    import subprocess

    from tests.watch.test_watch_e2e import PAGE, SPEC, TARGET_YAML
    from tests.watch.webhook import Webhook

    secrets = ["tqWATCHBASEPASS77", "tqWEBHOOKTOKEN88"]
    (tmp_path / "rules" / "synth").mkdir(parents=True)
    (tmp_path / "rules" / "synth" / "target.yaml").write_text(TARGET_YAML)
    page = {"providers": "OpenAI and Anthropic"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKER_")}
    with LoopbackServer() as docs, Webhook() as hook:
        docs.route("/openapi.json", body=json.dumps(SPEC), content_type="application/json")
        docs.route("/docs/guide", body=lambda _req: PAGE.format(**page))
        base = docs.url.replace("http://", f"http://watcher:{secrets[0]}@")
        common = ["--rules", "rules", "--target", "synth", "--snapshots", "snaps", "--base-url", base,
                  "--notify", f"{hook.url}?token={secrets[1]}", "--format", "json", "--output", "drift.json"]
        logs = ""
        for command in ("watch", "snapshot", "watch"):  # first sight, the baseline, then the drift
            if command == "watch" and logs:
                page["providers"] = "OpenAI only"
            argv = ["watch", "--once", *common] if command == "watch" else ["snapshot", *common[:8]]
            done = subprocess.run([sys.executable, "-m", "checker", *argv], cwd=tmp_path,
                                  env=env, capture_output=True, text=True, timeout=60)
            logs += done.stdout + done.stderr
    assert done.returncode == 1 and "run 1:" in logs  # the drift was seen and logged
    assert len(hook.posts) == 1 and hook.posts[0]["findings"]
    texts = {str(f.relative_to(tmp_path)): f.read_text(errors="replace") for f in tmp_path.rglob("*") if f.is_file()}
    texts["logs"], texts["posts"] = logs, json.dumps(hook.posts)
    assert any(name.startswith("snaps/") for name in texts) and "drift.json" in texts
    assert _leaks(secrets, texts) == []
