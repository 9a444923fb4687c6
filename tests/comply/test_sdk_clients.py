"""Real clients (openrouter and openai SDKs, a raw httpx client) run through `checker record` on the newest corpus spec."""
from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from checker.cli import main
from tests.comply.conftest import HERE

CLIENTS = HERE / "clients"


def record(capsys, tmp_path, spec_path, *client: str) -> tuple[int, dict, list[dict]]:
    captures = tmp_path / "sent.jsonl"
    code = main(["record", "--spec", str(spec_path), "--format", "json", "--captures-out", str(captures),
                 "--", sys.executable, *client])
    report = json.loads(capsys.readouterr().out)
    sent = [json.loads(line) for line in captures.read_text().splitlines()]
    return code, report, sent


def needs(package: str) -> None:
    if importlib.util.find_spec(package) is None:
        pytest.skip(f"the '{package}' package is not installed (pip install -e '.[test]')")


def errors(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["severity"] == "error"]


@pytest.mark.parametrize("action, method, path", [
    ("chat", "POST", "/api/v1/chat/completions"),
    ("stream", "POST", "/api/v1/chat/completions"),
    ("models", "GET", "/api/v1/models?offset=0&limit=500"),
])
def test_openrouter_sdk_passes(capsys, tmp_path, newest_spec_path, action, method, path):
    needs("openrouter")
    code, report, sent = record(capsys, tmp_path, newest_spec_path, str(CLIENTS / "openrouter_sdk.py"), action)
    assert code == 0, report["findings"]
    assert errors(report) == []
    [request] = sent
    assert (request["method"], request["url"]) == (method, "https://openrouter.ai" + path)
    headers = {k.lower(): v for k, v in request["headers"]}
    assert headers["x-openrouter-title"] == "My App" and headers["authorization"] == "Bearer [REDACTED]"
    if action == "stream":
        assert request["body"]["stream"] is True and headers["accept"] == "text/event-stream"


def test_openai_sdk_with_base_url_and_lowercase_headers_passes(capsys, tmp_path, newest_spec_path):
    needs("openai")
    code, report, sent = record(capsys, tmp_path, newest_spec_path, str(CLIENTS / "openai_sdk.py"))
    assert code == 0 and errors(report) == []
    assert len(sent) == 2
    names = [name for name, _ in sent[0]["headers"]]
    assert "http-referer" in names and "x-openrouter-title" in names
    assert any(name.startswith("x-stainless-") for name in names)
    assert sent[0]["body"]["provider"] == {"sort": "price"}  # extra_body arrives at top level


def test_client_sending_x_title_only_gets_the_legacy_warning(capsys, tmp_path, newest_spec_path):
    code, report, _ = record(capsys, tmp_path, newest_spec_path, str(CLIENTS / "raw_http.py"), "legacy")
    assert code == 0
    [finding] = [f for f in report["findings"] if f["code"] == "header-deprecated"]
    assert finding["severity"] == "warning"
    assert finding["official_url"] == "https://openrouter.ai/docs/app-attribution#x-openrouter-title"


def test_openrouter_sdk_gets_two_tool_calls_in_one_answer_and_sends_both_results(capsys, tmp_path, newest_spec_path):
    needs("openrouter")
    code, report, sent = record(capsys, tmp_path, newest_spec_path, str(CLIENTS / "openrouter_sdk.py"), "tools")
    assert code == 0, report["findings"]  # the client asserts two calls, then a message
    assert errors(report) == [] and len(sent) == 2
    follow_up = sent[1]["body"]["messages"]
    assert [m["role"] for m in follow_up] == ["user", "assistant", "tool", "tool"]
    assert [m["tool_call_id"] for m in follow_up[2:]] == [c["id"] for c in follow_up[1]["tool_calls"]]
