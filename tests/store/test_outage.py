"""Honest about outages: nothing fetched is exit 2 (unless --offline), a partial outage says
which sources were checked against the snapshot, a fallback spec URL is reported."""
from __future__ import annotations

import socket
from datetime import date


from tests.store.site import run, run_json


def _closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def test_nothing_fetched_exits_2_and_points_at_offline(work, capsys):
    capsys.readouterr()
    assert run(work, _closed_port(), "check", "--quick") == 2
    err = capsys.readouterr().err
    assert "no source could be fetched; last good snapshot from" in err and "ago" in err
    assert "pass --offline to check against it deliberately" in err
    assert err.count("Could not connect") == 0  # one summary, not a warning per source or attempt


def test_offline_checks_the_snapshot_deliberately(work, capsys):
    capsys.readouterr()
    assert run(work, _closed_port(), "check", "--quick", "--offline") == 0
    assert "offline: using the snapshot in" in capsys.readouterr().out


def test_a_partial_outage_is_one_finding_per_source_and_a_note(site, work, capsys):
    site.fault("/docs/limits", "503")
    code, report = run_json(work, site.url, "check")
    assert code == 0
    failed = [f for f in report["findings"] if f["location"]["source"] == "limits"]
    assert [f["code"] for f in failed] == ["fetch-http-error"]
    assert "after 3 attempts" in failed[0]["message"]
    assert {s["id"]: s["status"] for s in report["sources"]}["limits"] == "error"
    capsys.readouterr()
    run(work, site.url, "check")
    out = capsys.readouterr().out
    assert f"1 source(s) checked against the snapshot from {date.today().isoformat()}: limits" in out


def test_a_spec_read_from_its_fallback_url_is_reported(site, work):
    site.route("/api/v1/openapi.json", body=site.routes["/openapi.json"].body, content_type="application/json")
    site.fault("/openapi.json", "404")
    code, report = run_json(work, site.url, "check")
    [used] = [f for f in report["findings"] if f["code"] == "fetch-fallback-used"]
    assert used["severity"] == "info" and used["kind"] == "fetch"
    assert "https://openrouter.ai/api/v1/openapi.json" in used["message"]
    assert code == 0
