"""Stored files are verified on load; corrupt ones become a finding and are repaired; file modes; lock."""
from __future__ import annotations

import os
import stat
import threading

import pytest

from checker.errors import LockBusy
from checker.store.snapshots import SnapshotStore
from tests.store.site import drift, run, run_json, workdir


def _codes(report):
    return [f["code"] for f in report["findings"]]


@pytest.mark.parametrize("damage", ["truncate", "conflict"])
def test_a_corrupt_spec_is_a_finding_fetched_unconditionally_and_repaired(site, work, damage):
    spec = work / "snapshots" / "site" / "openapi.json"
    text = spec.read_text()
    spec.write_text(text[: len(text) // 2] if damage == "truncate"
                    else f"<<<<<<< HEAD\n{text}=======\n{text}>>>>>>> nightly\n")
    site.reset_log()
    code, report = run_json(work, site.url, "check")
    assert code == 0  # a warning: the live spec was read afresh
    [corrupt] = [f for f in report["findings"] if f["code"] == "snapshot-corrupt"]
    assert corrupt["kind"] == "fetch" and corrupt["severity"] == "warning"
    assert "openapi.json" in corrupt["message"]
    spec_requests = [r for r in site.requests if r.path == "/openapi.json"]
    # the last one is bare (one with the manifest's validators may go first: checker.observation.ask_early)
    assert spec_requests and "if-none-match" not in spec_requests[-1].headers
    assert {s["id"]: s["http_status"] for s in report["sources"]}["openapi"] == 200
    assert run(work, site.url, "snapshot") == 0
    code, report = run_json(work, site.url, "check")
    assert code == 0 and drift(report) == []


def test_a_page_with_a_merge_conflict_marker_is_corrupt_not_an_internal_error(site, work, capsys):
    page = work / "snapshots" / "site" / "pages" / "guide.md"
    page.write_text(page.read_text().replace("## Errors", "<<<<<<< HEAD\n## Errors", 1))
    code, report = run_json(work, site.url, "check")
    assert "snapshot-corrupt" in _codes(report)
    assert "page-section-changed" not in _codes(report)  # no diff against a damaged baseline
    assert "internal error" not in capsys.readouterr().err


def test_a_conflicted_manifest_stops_check_and_snapshot_rebuilds_it(site, work, capsys):
    manifest = work / "snapshots" / "site" / "manifest.json"
    text = manifest.read_text()
    manifest.write_text(f"<<<<<<< HEAD\n{text}=======\n{text}>>>>>>> nightly\n")
    capsys.readouterr()
    assert run(work, site.url, "check") == 2
    error = capsys.readouterr().err.splitlines()[0]
    assert "manifest.json is unreadable" in error and "internal error" not in error
    code, report = run_json(work, site.url, "snapshot")
    assert code == 0 and "snapshot-corrupt" in _codes(report)
    code, report = run_json(work, site.url, "check")
    assert code == 0 and drift(report) == []


def test_offline_with_a_corrupt_spec_exits_2_naming_the_file(site, work, capsys):
    spec = work / "snapshots" / "site" / "openapi.json"
    spec.write_text("{")
    assert run(work, site.url, "check", "--offline") == 2
    error, *rest = capsys.readouterr().err.strip().splitlines()
    assert "openapi.json" in error and "no usable snapshot" in error and "internal error" not in error
    assert all(line.startswith("checker: hint:") for line in rest)


def test_snapshot_files_follow_the_umask(site, tmp_path):
    old = os.umask(0o022)
    try:
        work = workdir(tmp_path)
        assert run(work, site.url, "snapshot") == 0
    finally:
        os.umask(old)
    store = work / "snapshots" / "site"
    for name in ("openapi.json", "manifest.json", "pages/guide.md"):
        assert stat.S_IMODE((store / name).stat().st_mode) == 0o644, name


def test_a_waiting_run_says_whom_it_waits_for_once(tmp_path):
    holder, release = threading.Event(), threading.Event()

    def hold():
        with SnapshotStore(tmp_path, "t").writing():
            holder.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        holder.wait(5)
        said: list[str] = []
        with pytest.raises(LockBusy) as caught:
            with SnapshotStore(tmp_path, "t", on_wait=said.append).reading(timeout=0.3):
                pass
        assert len(said) == 1 and said[0].startswith(f"waiting for run {os.getpid()} since 20")
        assert "remove" not in str(caught.value) and "delete" not in str(caught.value)
    finally:
        release.set()
        thread.join()


def test_readers_do_not_wait_for_each_other(tmp_path):
    said: list[str] = []
    with SnapshotStore(tmp_path, "t").reading():
        with SnapshotStore(tmp_path, "t", on_wait=said.append).reading(timeout=0.2):
            pass
    assert said == []


def test_the_lock_is_not_held_while_fetching(site, work, capsys):
    """`--quick --offline` runs to the end while a full update is still waiting on a slow page."""
    site.route("/docs/limits", body=b"<html><body><main><h1>x</h1></main></body></html>", delay=3)
    slow = threading.Thread(target=run, args=(work, site.url, "check", "--update-snapshots"))
    slow.start()
    try:
        while not any(r.path == "/docs/limits" for r in site.requests):
            threading.Event().wait(0.02)
        assert run(work, site.url, "check", "--quick", "--offline") == 0
        assert slow.is_alive()  # the offline run did not wait for it
        assert "waiting for run" not in capsys.readouterr().err
    finally:
        slow.join()
