"""A snapshot update is atomic as a whole: killed after any write step, the next run reports
exactly what it would have reported had the update not crashed (journal: roll back or forward)."""
from __future__ import annotations

import shutil

import pytest

from checker.store import journal
from tests.store.site import drift, run, run_json, serve_v1, serve_v2


class Killed(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing in checker catches it."""


@pytest.fixture
def baseline(site, work):
    """A v1 baseline; the site then serves v2 (drift in every source)."""
    serve_v2(site)
    return work


def _copy(work, name):
    dest = work / name
    shutil.copytree(work / "snapshots", dest)
    return dest


def _leftovers(store):
    return sorted(str(p.relative_to(store)) for p in store.rglob(".*")
                  if p.is_file() and p.name != ".lock")


def _steps(site, work, monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(journal, "STEP_HOOK", seen.append)
    run(work, site.url, "check", "--update-snapshots", snapshots=_copy(work, "steps"))
    monkeypatch.setattr(journal, "STEP_HOOK", None)
    return seen


def test_every_write_step_killed_keeps_the_drift(site, baseline, monkeypatch):
    work = baseline
    steps = _steps(site, work, monkeypatch)
    # three files written beside, the journal, three renames, the manifest, the journal removed
    assert len(steps) == 9 and steps.index("journal") == 3, steps

    # what a plain check reports against the untouched baseline (the drift a crash must not lose)
    drift_code, drift_run = run_json(work, site.url, "check", snapshots=_copy(work, "untouched"))
    assert drift_code == 1 and any(f["code"] == "request-property-removed" for f in drift_run["findings"])
    reference = _copy(work, "reference")
    update_code, _ = run_json(work, site.url, "check", "--update-snapshots", snapshots=reference)
    assert update_code == 0  # the drift was accepted
    next_code, next_run = run_json(work, site.url, "check", snapshots=reference)
    assert next_code == 0 and drift(next_run) == []

    for k, step in enumerate(steps):
        store_root = _copy(work, f"crash-{k}")

        def kill(name, at=step):
            if name == at:
                raise Killed(at)

        monkeypatch.setattr(journal, "STEP_HOOK", kill)
        with pytest.raises(Killed):
            run(work, site.url, "check", "--update-snapshots", snapshots=store_root)
        monkeypatch.setattr(journal, "STEP_HOOK", None)
        code, after = run_json(work, site.url, "check", snapshots=store_root)
        committed = k >= steps.index("journal")
        expected_code, expected = (next_code, next_run) if committed else (drift_code, drift_run)
        assert (code, drift(after)) == (expected_code, drift(expected)), f"killed after {step}"
        assert _leftovers(store_root / "site") == [], f"killed after {step}"


def test_stale_temp_files_are_removed_at_start(site, baseline):
    store = baseline / "snapshots" / "site"
    (store / ".openapi.json.x1y2.tmp").write_text("half a spec")
    (store / "pages" / ".guide.md.abc.next").write_text("half a page")
    serve_v1(site)
    code, report = run_json(baseline, site.url, "check")
    assert code == 0 and drift(report) == []
    assert _leftovers(store) == []


def test_a_journal_that_never_finished_writing_rolls_back(site, baseline):
    store = baseline / "snapshots" / "site"
    before = (store / "openapi.json").read_bytes()
    (store / "openapi.json.next").write_text("{}")
    (store / ".journal.json").write_text('{"moves": [["openapi.json.next", "openapi.json"]], "manif')
    code, report = run_json(baseline, site.url, "check")
    assert code == 1 and any(f["code"] == "request-property-removed" for f in report["findings"])
    assert (store / "openapi.json").read_bytes() == before
    assert not (store / ".journal.json").exists()
