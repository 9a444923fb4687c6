"""Webhook posting (retries, timeout, no secrets) and the once-per-change dedupe state."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from checker.watch.notify import NotifyError, build_payload, notify, post_json
from tests.report.sample import sample_report
from tests.watch.webhook import Webhook

NOW = datetime(2026, 8, 22, 3, 0, tzinfo=timezone.utc)


def test_each_finding_is_notified_once_until_it_changes(tmp_path):
    state = tmp_path / ".notified.json"
    report = sample_report()
    with Webhook() as hook:
        assert notify(report, hook.url, state, now=NOW) == 5  # error + warning findings
        assert notify(report, hook.url, state, now=NOW) == 0
        changed = sample_report()
        changed.findings[1] = replace(changed.findings[1], after="Supported providers: none.")
        assert notify(changed, hook.url, state, now=NOW) == 1
    assert len(hook.posts) == 2
    assert [f["code"] for f in hook.posts[1]["findings"]] == ["page-section-changed"]
    assert json.loads(state.read_text())["schema_version"] == 1


def test_min_severity_and_forgetting_findings_unseen_for_long(tmp_path):
    state = tmp_path / ".notified.json"
    with Webhook() as hook:
        assert notify(sample_report(), hook.url, state, min_severity=sample_report().findings[0].severity,
                      now=NOW) == 2  # errors only
        empty = sample_report()
        empty.findings = []
        notify(empty, hook.url, state, now=NOW + timedelta(days=31))
        assert json.loads(state.read_text())["notified"] == {}
        assert notify(sample_report(), hook.url, state, now=NOW + timedelta(days=32)) == 5


def test_payload_is_slack_compatible_and_carries_findings_without_secrets():
    report = sample_report()
    report.findings[3] = replace(report.findings[3], before="Authorization: Bearer sk-or-v1-0123456789abcdef")
    payload = build_payload(report, report.findings)
    assert payload["text"].startswith("checker: 6 new drift finding(s) for openrouter (2 error, 3 warning, 1 info)")
    assert "https://openrouter.ai/docs/api_reference/streaming#stream-cancellation" in payload["text"]
    assert payload["findings"][1]["location"]["section"] == "Stream cancellation"
    assert "0123456789abcdef" not in json.dumps(payload)


def test_post_retries_server_errors_then_succeeds():
    with Webhook(fail_first=2) as hook:
        post_json(hook.url, {"text": "hi"}, attempts=3, backoff=0.05)
    assert hook.attempts == 3 and hook.posts == [{"text": "hi"}]


def test_post_gives_up_on_a_client_error_without_showing_the_url(tmp_path):
    with Webhook(fail_first=5, fail_status=404) as hook:
        with pytest.raises(NotifyError) as info:
            post_json(hook.url, {"text": "hi"}, attempts=3, backoff=0.05)
        assert hook.attempts == 1  # 4xx is not retried
    assert "HTTP 404" in info.value.message and "secret-token" not in str(info.value)


def test_post_times_out_and_a_failed_post_keeps_the_findings_pending(tmp_path):
    state = tmp_path / ".notified.json"
    with Webhook(delay=2.0) as hook:
        with pytest.raises(NotifyError) as info:
            notify(sample_report(), hook.url, state, timeout=0.3, attempts=2, now=NOW)
    assert "Timeout" in info.value.message and not state.exists()
