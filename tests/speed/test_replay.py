"""The replay record (checker.store.verdict): a run whose every source answers 304 with unchanged
inputs renders the last run's report without the pipeline; any changed input is a full run.

Each run is a real `checker` process against a loopback site that answers conditional requests;
whether it replayed is read from the modules it loaded (a replay never imports checker.pipeline)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from checker.sources.target import bundled_rules_dir
from checker.store import verdict, views
from tests.loopback import LoggedRequest, LoopbackServer, Route
from tests.sites import serve_openrouter

SECRET = "sk-or-v1-" + "5e" * 20
RUN = """\
import atexit, sys
out = sys.argv[1]
exec(sys.argv[2])
def dump():
    modules = sorted(sys.modules)
    import json
    open(out, "w").write(json.dumps(modules))
atexit.register(dump)
from checker.cli import main
sys.exit(main(sys.argv[3:]))
"""
TIMING = ("started_at", "duration_ms")


def serve_with_etags(server: LoopbackServer, state: dict) -> None:
    """The synthetic OpenRouter site (tests/sites.py), each answer with an ETag of its body."""
    serve_openrouter(server, state)
    plain = server._fallback

    def answer(request: LoggedRequest) -> Route | None:
        route = plain(request)
        return replace(route, etag=True) if route is not None else None

    server.fallback(answer)


class Site:
    def __init__(self, tmp: Path, server: LoopbackServer, state: dict) -> None:
        self.tmp, self.server, self.state = tmp, server, state
        self.rules = tmp / "rules"
        shutil.copytree(bundled_rules_dir(), self.rules)
        self.snapshots = tmp / "snapshots"
        self.record = self.snapshots / "openrouter" / verdict.FILE
        self.env = {**os.environ, "CHECKER_CACHE_DIR": str(tmp / "cache"), "OPENROUTER_API_KEY": SECRET}

    def run(self, *argv: str, setup: str = "") -> tuple[int, dict | None, bool]:
        """(exit code, the JSON report or None, whether the run replayed)."""
        proc, modules = run_logged(self, [*argv, "-q"], self.env, setup)
        report = json.loads(proc.stdout) if "json" in argv else None
        return proc.returncode, report, "checker.pipeline" not in modules

    def check(self, *extra: str, setup: str = "") -> tuple[int, dict, bool]:
        code, report, replayed = self.run("--quick", "-f", "json", *extra, setup=setup)
        assert report is not None
        return code, {k: v for k, v in report.items() if k not in TIMING}, replayed


@contextmanager
def started(site_class: type, tmp_path: Path, *snapshot_argv: str) -> Iterator:
    """A site of `site_class` on a loopback server, its snapshot taken."""
    state = {"rev": 0}
    with LoopbackServer() as server:
        serve_with_etags(server, state)
        s = site_class(tmp_path, server, state)
        assert s.run("snapshot", *snapshot_argv)[0] == 0
        yield s


def run_logged(site: Any, argv: list[str], env: dict[str, str], setup: str = "", *,
               rules: bool = True) -> tuple[Any, set[str]]:
    """checker's main on `argv` and the site's base URL, snapshots and (with `rules`) rules, in a
    fresh process: the process and the modules it imported. It must neither fail nor show the key."""
    out = site.tmp / "modules.json"
    args = [*argv, "--base-url", site.server.url, "--snapshots", str(site.snapshots)]
    args += ["--rules", str(site.rules)] if rules else []
    proc = subprocess.run([sys.executable, "-c", RUN, str(out), setup, *args], capture_output=True, text=True,
                          cwd=site.tmp, env=env, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    assert SECRET not in proc.stdout + proc.stderr
    return proc, set(json.loads(out.read_text()))


@pytest.fixture
def site(tmp_path):
    with started(Site, tmp_path) as s:
        yield s


def test_a_replayed_run_reports_what_the_full_run_reported(site):
    first = site.check()
    assert not first[2] and site.record.is_file(), "the first run records"
    again = site.check()
    assert again[2], "every source answered 304 and nothing changed: a replay"
    assert again[:2] == first[:2]
    assert first[1]["findings"], "the comparison is about real findings"
    assert {s["http_status"] for s in again[1]["sources"]} == {304}
    assert SECRET not in site.record.read_text()


def test_the_console_report_of_a_replay_is_the_full_runs(site):
    argv = [sys.executable, "-m", "checker", "--quick", "--base-url", site.server.url, "--snapshots",
            str(site.snapshots), "--rules", str(site.rules), "--color", "never"]
    env = {**site.env, "COLUMNS": "100"}
    full = subprocess.run(argv, capture_output=True, text=True, cwd=site.tmp, env=env)
    assert site.record.is_file()
    replayed = subprocess.run(argv, capture_output=True, text=True, cwd=site.tmp, env=env)
    untimed = lambda text: re.sub(r"\| \d+ ms\n", "| - ms\n", text, count=1)  # noqa: E731
    assert "rule-failed" in full.stdout
    assert (replayed.returncode, untimed(replayed.stdout)) == (full.returncode, untimed(full.stdout))


def _edit_rule_file(site: Site) -> None:
    path = next(p for p in sorted((site.rules / "openrouter").glob("*.yaml"))
                if p.name not in ("target.yaml", "suppressions.yaml"))
    path.write_text(path.read_text() + "\n# reviewed\n")


def _suppress_one(site: Site, report: dict) -> None:
    finding = report["findings"][0]
    (site.rules / "openrouter" / "suppressions.yaml").write_text(
        f"suppressions:\n  - fingerprint: {finding['fingerprint']}\n    reason: accepted in review\n")


CHANGES = {
    "a rule file edited": lambda site, report: _edit_rule_file(site),
    "the target edited": lambda site, report: (site.rules / "openrouter" / "target.yaml").write_text(
        (site.rules / "openrouter" / "target.yaml").read_text() + "\n# reviewed\n"),
    "a suppression added": _suppress_one,
    "a source answering 200": lambda site, report: site.state.update(rev=1),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_each_changed_input_is_a_full_run(site, change):
    _, report, _ = site.check()
    CHANGES[change](site, report)
    code, after, replayed = site.check()
    assert not replayed
    site.record.unlink()  # what a run without any record reports
    assert site.check()[:2] == (code, after)


def test_a_suppression_added_changes_the_report(site):
    _, report, _ = site.check()
    _suppress_one(site, report)
    _, after, replayed = site.check()
    assert not replayed
    assert report["findings"][0]["fingerprint"] not in {f["fingerprint"] for f in after["findings"]}


@pytest.mark.parametrize("setup", [
    "import checker; checker.__version__ = '99.0'",
    "import checker.store.views as v; v.today = lambda: ('2099-01-01', '2099-01-01')",
], ids=["another version", "another day"])
def test_another_version_or_day_is_a_full_run(site, setup):
    site.check()
    assert site.check()[2]
    assert not site.check(setup=setup)[2]


def test_a_full_run_is_not_the_quick_runs_replay(site):
    site.check()
    assert not site.run("check", "--full", "-f", "json")[2]
    assert site.run("check", "--full", "-f", "json")[2], "the full run recorded its own"
    assert not site.check()[2], "one record: the last run's"


def _inputs(site: Site) -> dict:
    return {"mode": "quick", "target": "openrouter", "rules_dir": str(site.rules),
            "store_dir": str(site.snapshots / "openrouter"), "base_url": site.server.url}


def test_the_base_url_is_part_of_the_key(site):
    site.check()
    record = verdict.read(site.snapshots / "openrouter")
    inputs = _inputs(site)
    assert record is not None and views.key(inputs, record.data["plan"]) == record.key
    assert views.key({**inputs, "base_url": "http://127.0.0.1:9"}, record.data["plan"]) != record.key


def test_a_base_url_with_a_secret_is_never_part_of_the_key(site):
    """The key is stored as it is (no digest): a base URL with a password or a token has no record."""
    site.check()
    record = verdict.read(site.snapshots / "openrouter")
    inputs = _inputs(site)
    assert record is not None and views.key(inputs, record.data["plan"]) == record.key
    for url in (site.server.url.replace("//", f"//user:{SECRET}@"), f"{site.server.url}/?token={SECRET}"):
        assert views.key({**inputs, "base_url": url}, record.data["plan"]) is None


def test_an_edit_keeping_size_and_mtime_changes_the_key(site):
    """Rule files are stamped by content too (CRC-32), not only by size and modification time."""
    site.check()
    record = verdict.read(site.snapshots / "openrouter")
    inputs = _inputs(site)
    assert record is not None and views.key(inputs, record.data["plan"]) == record.key
    path = site.rules / "openrouter" / "target.yaml"
    before, text = path.stat(), path.read_text()
    path.write_text(text.replace("openrouter", "openrouteR", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert views.key(inputs, record.data["plan"]) != record.key


@pytest.mark.parametrize("flag", ["--offline", "--code"])
def test_offline_and_code_runs_neither_replay_nor_record(site, flag):
    extra = ["--code", str(site.tmp)] if flag == "--code" else [flag]
    site.check(*extra)
    assert not site.record.exists()
    site.check()
    assert not site.check(*extra)[2]


def test_a_damaged_record_is_a_full_run_and_is_replaced(site):
    expected = site.check()[:2]
    site.record.write_text('{"format": 1, "key": "x", "plan": [{"id": 3}], "report": ')
    code, report, replayed = site.check()
    assert not replayed and (code, report) == expected
    assert verdict.read(site.record.parent.parent) is not None, "the run recorded a good one"
    assert site.check()[2]


def test_snapshot_and_update_snapshots_keep_the_record_consistent(site):
    site.check()
    site.state.update(rev=1)
    assert site.run("snapshot")[0] == 0
    code, after, replayed = site.check()
    assert not replayed
    assert {s["status"] for s in after["sources"]} == {"unchanged"}
    assert site.check()[2]
    site.state.update(rev=2)
    site.run("--quick", "--update-snapshots")
    code, after, replayed = site.check()
    assert not replayed and {s["status"] for s in after["sources"]} == {"unchanged"}
    assert site.check()[:2] == (code, after)


def test_a_record_only_holds_runs_whose_every_source_answered_304(site):
    site.state.update(rev=1)  # every page answers 200 with new content
    site.check()
    assert not site.record.exists()


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=12)


@settings(max_examples=60, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["format", "key", "plan", "report"]), value=JSON)
def test_a_record_with_any_field_damaged_is_a_miss(tmp_path, field, value):
    good = {"format": 1, "key": "k", "plan": [{"id": "a", "url": "u", "fallback_urls": [], "etag": '"1"',
                                              "last_modified": None, "authorized": False}],
            "report": {"mode": "quick", "target": "t", "sources": [], "findings": [], "notes": []}}
    (tmp_path / ".cache").mkdir(exist_ok=True)
    (tmp_path / verdict.FILE).write_text(json.dumps({**good, field: value}))
    valid = value == good[field] or (field == "key" and isinstance(value, str)) or (field == "plan" and value == [])
    record = verdict.read(tmp_path)
    assert (record is not None and record.load() is not None) == valid


def test_a_source_url_with_a_token_is_never_recorded(site):
    target = site.rules / "openrouter" / "target.yaml"
    page = "url: https://openrouter.ai/docs/app-attribution\n"
    assert page in target.read_text()
    target.write_text(target.read_text().replace(page, page.replace("\n", "?token=s3cr3t-value\n")))
    assert site.run("snapshot")[0] == 0
    _, report, _ = site.check()
    assert {s["http_status"] for s in report["sources"]} == {304}, "a run that would have been recorded"
    assert not site.record.exists()


def test_the_threshold_is_applied_to_the_replayed_findings(site):
    """--fail-on changes the exit code, not the findings: a replay under another threshold exits as a
    full run under it does."""
    lenient = site.check("--fail-on", "error")
    strict_replay = site.check("--fail-on", "info")
    assert strict_replay[2]
    site.record.unlink()
    strict_full = site.check("--fail-on", "info")
    assert strict_replay[:2] == strict_full[:2]
    assert lenient[1] == strict_full[1]
