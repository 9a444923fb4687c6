"""History of changed sources: recording, dedupe, the --keep bound, and `checker history`."""
from __future__ import annotations

import json

from checker.cli import main
from checker.store.history import load_history, record_change


def _record(store, sid, n, old_text=None, **kw):
    return record_change(store, sid, old_text=old_text if old_text is not None else f"version {n}",
                         old_sha=f"{n:064x}", new_sha=f"{n + 1:064x}",
                         seen_at=f"2026-08-{n:02d}T03:00:00+00:00", **kw)


def test_record_keeps_the_previous_version_under_history(tmp_path):
    event = _record(tmp_path, "guides/features/plugins", 3)
    assert event.file == "guides/features/plugins/20260803T030000Z_00000000.md"
    assert event.path(tmp_path).read_text() == "version 3"
    spec = record_change(tmp_path, "openapi", old_text="{}", old_sha="ab" * 32, new_sha="cd" * 32,
                         seen_at="2026-08-04T03:00:00+00:00", ext="json")
    assert spec.file == "openapi/20260804T030000Z_abababab.json"
    index = json.loads((tmp_path / "history" / "index.json").read_text())
    assert set(index["sources"]) == {"guides/features/plugins", "openapi"}


def test_the_same_change_seen_by_several_runs_is_recorded_once(tmp_path):
    first = record_change(tmp_path, "changelog", old_text="a", old_sha="1" * 64, new_sha="2" * 64,
                          seen_at="2026-08-01T03:00:00+00:00")
    again = record_change(tmp_path, "changelog", old_text="a", old_sha="1" * 64, new_sha="2" * 64,
                          seen_at="2026-08-02T03:00:00+00:00")
    assert first is not None and again is None
    other = record_change(tmp_path, "changelog", old_text="a", old_sha="1" * 64, new_sha="3" * 64,
                          seen_at="2026-08-03T03:00:00+00:00")
    assert other is not None  # a different change of the same baseline
    assert [e.new_sha[0] for e in load_history(tmp_path, "changelog")] == ["2", "3"]
    assert record_change(tmp_path, "changelog", old_text="x", old_sha="4" * 64, new_sha="4" * 64,
                         seen_at="2026-08-04T03:00:00+00:00") is None


def test_keep_bounds_the_history_and_deletes_old_files(tmp_path):
    events = [_record(tmp_path, "openapi", n, keep=3) for n in range(1, 7)]
    kept = load_history(tmp_path, "openapi")
    assert [e.seen_at[:10] for e in kept] == ["2026-08-04", "2026-08-05", "2026-08-06"]
    assert not events[0].path(tmp_path).exists() and events[-1].path(tmp_path).exists()
    assert len(list((tmp_path / "history" / "openapi").iterdir())) == 3


def test_a_new_source_is_an_event_without_a_file(tmp_path):
    event = record_change(tmp_path, "app-attribution", old_text=None, old_sha=None, new_sha="9" * 64,
                          seen_at="2026-08-01T03:00:00+00:00")
    assert event.file is None and load_history(tmp_path) == [event]


def test_history_command_lists_changes(tmp_path, capsys):
    store = tmp_path / "openrouter"
    _record(store, "api_reference/streaming", 1)
    _record(store, "api_reference/streaming", 5)
    _record(store, "openapi", 3)
    assert main(["history", "api_reference/streaming", "--snapshots", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("2 recorded change(s) of api_reference/streaming")
    assert out[1].startswith("2026-08-05T03:00:00+00:00  api_reference/streaming  00000000 -> 00000000")
    assert "previous version: " in out[1]
    assert main(["history", "--snapshots", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["source_id"] for e in data["events"]] == ["api_reference/streaming", "openapi",
                                                        "api_reference/streaming"]


def test_history_command_unknown_source_exits_2_with_a_hint(tmp_path, capsys):
    _record(tmp_path / "openrouter", "openapi", 1)
    assert main(["history", "nope", "--snapshots", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no history for 'nope'" in err and "sources with history: openapi" in err
