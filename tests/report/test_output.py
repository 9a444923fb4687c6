"""The command side of reporting (checker/commands/output.py): pairing, files, context gathering."""
from __future__ import annotations

import argparse
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from checker.commands.output import emit, gather
from checker.store.history import HISTORY_DIR, INDEX, record_change
from checker.store.snapshots import Entry, SnapshotStore, Update
from tests.report.sample import sample_report


def _args(**values) -> argparse.Namespace:
    return argparse.Namespace(**{"format": [], "output": [], **values})


def _store(root: Path) -> Path:
    """A store whose manifest names files no default layout would guess."""
    store = SnapshotStore(root, "openrouter")
    entry = dict(url="u", final_url="u", sha256="a" * 64, fetched_at="2026-08-22T03:00:00+00:00")
    store.commit(Update(files={"openapi": (Entry(**entry, file="specs/v2.json"), "{}"),
                               "api_reference/streaming": (Entry(**entry, file="md/streaming.txt"), "# Streaming\n")}))
    return store.dir


def test_formats_pair_with_outputs_in_order_and_the_rest_go_to_stdout(tmp_path, capsys):
    out_json, out_junit = tmp_path / "r.json", tmp_path / "sub" / "r.xml"
    emit(sample_report(), _args(format=["json", "junit", "console"], output=[str(out_json), str(out_junit)]))
    assert json.loads(out_json.read_text())["summary"] == sample_report().summary
    assert ET.fromstring(out_junit.read_text()).tag == "testsuites"
    stdout = capsys.readouterr().out
    assert stdout.startswith("checker full | target openrouter") and '"schema_version"' not in stdout


def test_no_format_means_console_on_stdout(capsys):
    emit(sample_report(), _args())
    assert capsys.readouterr().out.splitlines()[-1] == "2 error(s), 3 warning(s), 1 info"


def test_github_format_appends_the_step_summary_the_environment_names(tmp_path, capsys, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    emit(sample_report(), _args(format=["github"]))
    text = summary.read_text()
    assert text.startswith("earlier step\n## checker full — openrouter") and "page-section-changed" in text
    assert capsys.readouterr().out.startswith("::error ")


def test_an_unwritable_step_summary_is_a_warning_not_a_lost_report(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path))  # a directory
    emit(sample_report(), _args(format=["github"]))
    out, err = capsys.readouterr()
    assert out.count("\n") == len(sample_report().findings) + 1
    assert err.startswith(f"checker: warning: cannot append to {tmp_path}") and err.count("\n") == 1


def test_sarif_points_at_the_files_the_manifest_names(tmp_path):
    store_dir = _store(tmp_path)
    context = gather(sample_report(), {"artifacts"}, tmp_path)
    assert context.artifacts == {"openapi": str(store_dir / "specs/v2.json"),
                                 "api_reference/streaming": str(store_dir / "md/streaming.txt")}
    out = tmp_path / "drift.sarif"
    emit(sample_report(), _args(format=["sarif"], output=[str(out)], snapshots=tmp_path))
    uris = {r["ruleId"]: r["locations"][0].get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "")
            for r in json.loads(out.read_text())["runs"][0]["results"]}
    assert uris["request-property-removed"].endswith("openrouter/specs/v2.json")
    assert uris["page-section-changed"].endswith("openrouter/md/streaming.txt")
    assert uris["fetch-timeout"] == ""  # changelog has no stored file


def test_an_unreadable_manifest_leaves_logical_locations_only(tmp_path):
    (_store(tmp_path) / "manifest.json").write_text("{not json")
    assert gather(sample_report(), {"artifacts"}, tmp_path).artifacts == {}


def test_history_is_read_only_for_reporters_that_need_it(tmp_path):
    record_change(tmp_path / "openrouter", "openapi", old_text="{}", old_sha="4" * 64, new_sha="5" * 64,
                  seen_at="2026-08-05T03:00:00+00:00")
    assert gather(sample_report(), set(), tmp_path).history == ()
    [event] = gather(sample_report(), {"history"}, tmp_path).history
    assert (event.source_id, event.new_sha) == ("openapi", "5" * 64)
    out = tmp_path / "report.html"
    emit(sample_report(), _args(format=["html"], output=[str(out)], snapshots=tmp_path))
    assert "44444444 → 55555555" in out.read_text()


def test_an_unreadable_history_costs_the_timeline_not_the_report(tmp_path):
    index = tmp_path / "openrouter" / HISTORY_DIR / INDEX
    index.parent.mkdir(parents=True)
    index.write_text("[1, 2")
    assert gather(sample_report(), {"history"}, tmp_path).history == ()
