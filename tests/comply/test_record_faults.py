"""`checker record --fault KIND@N`: the Nth request is broken on purpose; the findings say what the client did."""
from __future__ import annotations

import json
import sys

import pytest

from checker.cli import main
from checker.comply.request import ClientRequest
from checker.record.faults import Fault, judge, parse_fault
from tests.comply.conftest import MINI_SPEC
from tests.comply.test_sdk_clients import CLIENTS, needs

CLIENT = str(CLIENTS / "fault_client.py")


def run(capsys, spec, action: str, *faults: str) -> tuple[int, dict]:
    args = [a for fault in faults for a in ("--fault", fault)]
    code = main(["record", "--spec", str(spec), "--format", "json", *args, "--", sys.executable, CLIENT, action])
    return code, json.loads(capsys.readouterr().out)


def fault_findings(report: dict) -> list[tuple[str, str, str]]:
    return [(f["code"], f["severity"], f["location"].get("request") or f["location"]["source"]) for f in report["findings"]
            if f["code"].startswith("fault-")]


@pytest.mark.parametrize("text, expected", [("429@2", Fault("429", 2)), ("mid-stream-error@3", Fault("mid-stream-error", 3)),
                                            (" 503@1 ", Fault("503", 1))])
def test_fault_syntax(text, expected):
    assert parse_fault(text) == expected


@pytest.mark.parametrize("bad", ["429", "429@0", "200@1", "timeout@2", "429@x", "@3", "429@1@2"])
def test_a_bad_fault_is_a_one_line_usage_error(capsys, bad):
    assert main(["record", "--spec", str(MINI_SPEC), "--fault", bad, "--", sys.executable, "-c", "pass"]) == 2
    err = capsys.readouterr().err.strip().splitlines()  # the error line, then its hint
    assert err[0] == f"checker: error: --fault must be STATUS@N or mid-stream-error@N, got '{bad}'"
    assert len(err) == 2 and err[1] == "checker: hint: e.g. 429@2 or mid-stream-error@3 (N counts requests from 1)"


def test_the_openai_sdk_waits_for_retry_after(capsys):
    needs("openai")
    code, report = run(capsys, MINI_SPEC, "sdk", "429@1")
    assert code == 0
    assert fault_findings(report) == [("fault-retried", "info", "#1 POST /api/v1/chat/completions")]
    [finding] = [f for f in report["findings"] if f["code"] == "fault-retried"]
    waited = float(finding["message"].split(" s after")[0].rsplit(" ", 1)[1])
    assert waited >= 1 and "Retry-After: 1 was honoured" in finding["message"]


def test_a_client_retrying_at_once_is_warned(capsys):
    code, report = run(capsys, MINI_SPEC, "impatient", "503@1")
    assert fault_findings(report) == [("fault-retry-too-soon", "warning", "#1 POST /api/v1/chat/completions")]
    assert code == 0  # a warning; the default --fail-on is error


def test_a_mid_stream_error_reaches_the_sdk_which_does_not_retry(capsys, newest_spec_path):
    needs("openai")
    code, report = run(capsys, newest_spec_path, "stream", "mid-stream-error@1")
    assert code == 0  # the client script exits 1 unless the SDK raised on the error event
    assert fault_findings(report) == [("fault-not-retried", "info", "#1 POST /api/v1/chat/completions")]
    assert [f for f in report["findings"] if f["severity"] == "error"] == []


def test_a_fault_past_the_last_request_is_not_reached(capsys):
    needs("openai")
    code, report = run(capsys, MINI_SPEC, "sdk", "429@5")
    assert code == 0 and fault_findings(report) == [("fault-not-reached", "info", "#1 POST /api/v1/chat/completions")]
    assert "sent 1 request(s)" in report["findings"][-1]["message"]


def _requests(*bodies: dict) -> list[ClientRequest]:
    return [ClientRequest("POST", "https://openrouter.ai/api/v1/chat/completions", body=b, source=f"record:{n}")
            for n, b in enumerate(bodies, 1)]


def test_judging_what_the_client_did():
    same, other = {"model": "a/b"}, {"model": "c/d"}
    retried = judge([Fault("429", 1)], _requests(same, same), [10.0, 11.5], {1})
    assert [(f.code, f.location.source) for f in retried] == [("fault-retried", "record:1")]
    assert "1.50 s" in retried[0].message
    assert [f.code for f in judge([Fault("429", 1)], _requests(same, same), [10.0, 10.2], {1})] == [
        "fault-retry-too-soon"]
    assert [f.code for f in judge([Fault("500", 1)], _requests(same, same), [10.0, 10.2], {1})] == [
        "fault-retried"]  # no Retry-After on a 500: any resend is a retry
    assert [f.code for f in judge([Fault("429", 1)], _requests(same, other), [10.0, 12.0], {1})] == [
        "fault-not-retried"]
    assert [f.code for f in judge([Fault("mid-stream-error", 1)], _requests(same), [1.0], set())] == [
        "fault-not-reached"]  # a request that did not stream was not broken
    [late] = judge([Fault("429", 1)], _requests(same), [1.0], set())  # the pytest fixture's fault() came too late
    assert late.code == "fault-not-reached" and "request #1 was sent before the fault was added" in late.message


def test_the_commands_stdout_does_not_mix_into_the_report(tmp_path):
    import subprocess

    script = "print('hello from the client')"
    done = subprocess.run([sys.executable, "-m", "checker", "record", "--spec", str(MINI_SPEC), "--format", "json",
                           "--", sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["mode"] == "record"  # stdout is the report alone
    assert "hello from the client" in done.stderr
