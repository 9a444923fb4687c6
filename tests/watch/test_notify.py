"""Webhook posting (retries, timeout, no secrets) and the once-per-change dedupe state."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from msgspec.structs import replace

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


def test_a_webhook_that_answers_late_gets_the_post_once_per_run_with_a_stable_key(tmp_path):
    state = tmp_path / ".notified.json"
    with Webhook(delay=1.0) as hook:  # processes the post at once, answers after the timeout
        for _ in range(2):
            with pytest.raises(NotifyError) as info:
                notify(sample_report(), hook.url, state, timeout=0.3, attempts=3, now=NOW)
        assert hook.attempts == 2  # one per run, never a retry after the whole post was sent
    assert "not resent" in info.value.message and not state.exists()
    assert hook.keys[0] and hook.keys == [hook.keys[0]] * 2
    assert hook.posts[0]["idempotency_key"] == hook.keys[0]


def test_retries_asked_for_by_the_status_reuse_the_key_and_other_statuses_are_not_retried():
    with Webhook(fail_first=2, fail_status=429) as hook:
        post_json(hook.url, {"text": "hi", "idempotency_key": "k1"}, attempts=3, backoff=0.01)
    assert hook.keys == ["k1"] * 3 and len(hook.posts) == 1
    with Webhook(fail_first=2, fail_status=500) as hook:
        with pytest.raises(NotifyError):
            post_json(hook.url, {"text": "hi", "idempotency_key": "k2"}, attempts=3, backoff=0.01)
    assert hook.attempts == 1  # a 500 may have processed it


def test_the_key_depends_on_what_is_notified_not_on_the_order():
    report = sample_report()
    forward = build_payload(report, report.findings)["idempotency_key"]
    assert build_payload(report, list(reversed(report.findings)))["idempotency_key"] == forward
    assert build_payload(report, report.findings[1:])["idempotency_key"] != forward
    changed = replace(report.findings[0], after="something else")
    assert build_payload(report, [changed, *report.findings[1:]])["idempotency_key"] != forward


def test_the_post_retries_a_refused_connection(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on: the request never left
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(NotifyError) as info:
        post_json(f"http://127.0.0.1:{port}/hook", {"text": "hi"}, attempts=2, backoff=0.01)
    assert "ConnectError" in info.value.message and "not resent" not in info.value.message


def test_a_slow_webhook_post_does_not_hold_the_store_lock_a_check_needs(tmp_path):
    import argparse
    import threading
    from types import SimpleNamespace

    from checker.commands.watch import _Runner
    from checker.errors import LockBusy
    from checker.store.snapshots import SnapshotStore

    store = SnapshotStore(tmp_path, "t")
    with Webhook(delay=1.5) as hook:
        args = argparse.Namespace(notify=hook.url, notify_on="warning", notify_timeout=5.0)
        runner = _Runner(args, SimpleNamespace(snapshots_dir=tmp_path, target="t"))
        result: list[str] = []
        poster = threading.Thread(target=lambda: result.append(runner._notify(sample_report())))
        poster.start()
        while hook.attempts == 0 and poster.is_alive():
            threading.Event().wait(0.02)
        with store.writing(timeout=0.5):  # a check applying its update is not blocked by the post
            pass
        with pytest.raises(LockBusy):  # a second notifier is: the state file is read-modify-write
            with store.notifying(timeout=0.2):
                pass
        poster.join(10)
    assert result and "notified" in result[0] and len(hook.posts) == 1
