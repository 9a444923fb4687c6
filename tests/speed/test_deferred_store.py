"""A quick run defers parsing the stored files (checker.store.snapshots.Deferred): when every source
answers 304 and the rule memo knows the content, no stored file is parsed and the report is the one
a run that parses everything gives; anything that reads content (a memo miss, a change) parses it,
and a stored file that does not parse is corrupt as when read eagerly. Real runs on a loopback site."""
from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import checker.sources.page
import checker.sources.spec
from checker.errors import InputError
from checker.pipeline import CheckOptions, run_check
from checker.sources.target import load_target
from checker.store.snapshots import Deferred, SnapshotStore
from tests.loopback import LoopbackServer
from tests.sites import STREAMING_RULE, TRANSFORMS_RULE, site_rules
from tests.speed.test_replay import serve_with_etags

RULES = "rules:\n" + STREAMING_RULE + TRANSFORMS_RULE


@pytest.fixture
def site(tmp_path, monkeypatch):
    """The two-source 'site' target answering 304 to its validators, a recorded baseline, a user
    cache, and a count of stored files parsed (per kind)."""
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    rules = site_rules(tmp_path)
    (rules / "site" / "checks.yaml").write_text(RULES.format(hint="see the streaming guide"))
    loads: list[str] = []
    for kind in (checker.sources.page.PageKind, checker.sources.spec.SpecKind):
        real = kind.load

        def counted(self, text, real=real, name=kind.name):
            loads.append(name)
            return real(self, text)

        monkeypatch.setattr(kind, "load", counted)
    state = {"rev": 0}
    with LoopbackServer() as server:
        serve_with_etags(server, state)
        where = dict(target="site", rules_dir=rules, snapshots_dir=tmp_path / "snapshots", base_url=server.url)
        run_check(CheckOptions(**where, update_snapshots=True))  # the baseline
        misses = iter(range(10**6))
        yield {"run": lambda: run_check(CheckOptions(**where, quick=True)), "loads": loads, "rules": rules,
               "state": state, "store": tmp_path / "snapshots" / "site",
               "memo_miss": lambda: (rules / "site" / "checks.yaml").write_text(RULES.format(hint=f"hint {next(misses)}"))}


def report_of(report) -> tuple[list[dict], list[tuple]]:
    return ([f.to_dict() for f in report.findings],
            [(s.id, s.status, s.http_status, s.sha256) for s in report.sources])


def test_a_cold_quick_run_parses_no_stored_file_and_reports_what_parsing_reports(site, monkeypatch):
    site["run"]()  # the memo learns this content
    site["loads"].clear()
    cold = site["run"]()
    assert site["loads"] == []
    assert {s.http_status for s in cold.sources} == {304}
    monkeypatch.setenv("CHECKER_CACHE_DIR", "")  # no memo: the rules run on the parsed files
    parsed = site["run"]()
    assert sorted(site["loads"]) == ["page", "spec"]
    assert report_of(cold) == report_of(parsed)
    assert {f.code for f in cold.findings} == {"page-phrase-missing", "spec-property-missing"}


def test_a_rule_memo_miss_parses_the_stored_files(site):
    site["run"]()
    (site["rules"] / "site" / "checks.yaml").write_text(RULES.format(hint="use plugins instead"))
    site["loads"].clear()
    report = site["run"]()
    assert sorted(site["loads"]) == ["page", "spec"]
    assert any("use plugins instead" in f.message for f in report.findings)


def test_a_changed_page_is_diffed_against_the_parsed_stored_one(site):
    site["run"]()
    site["state"]["rev"] = 1
    site["loads"].clear()
    report = site["run"]()
    assert "page" in site["loads"]
    assert {s.id: s.status for s in report.sources}["guide"] == "changed"
    changed = [f for f in report.findings if f.kind == "page"]
    assert changed and all(f.location.source == "guide" for f in changed)
    assert any("Revision 1" in json.dumps([f.before, f.after]) for f in changed)


def test_a_stored_file_that_does_not_parse_is_corrupt_and_fetched_again(site):
    """When the run reads it (here: a memo miss). On a memo hit with nothing changed the file is not
    read at all: its bytes are the ones the manifest recorded with the content hash the memo knows."""
    (site["rules"] / "site" / "checks.yaml").write_text(RULES.format(hint="a new hint makes a memo miss"))
    store = site["store"]
    manifest = json.loads((store / "manifest.json").read_text())
    entry = manifest["sources"]["guide"]
    broken = b"# Docs\nnot a section header\n"  # the manifest vouches for these bytes, the loader refuses them
    (store / entry["file"]).write_bytes(broken)
    entry["file_sha256"] = hashlib.sha256(broken).hexdigest()
    (store / "manifest.json").write_text(json.dumps(manifest))
    eager = SnapshotStore(store.parent, "site")
    guide = next(s for s in load_target("site", site["rules"]).sources if s.id == "guide")
    assert isinstance(eager.read(guide, defer=True).content, Deferred)
    reason = eager.read(guide).corrupt
    assert reason and "cannot be read" in reason
    report = site["run"]()
    corrupt = [f for f in report.findings if f.code == "snapshot-corrupt"]
    assert [f.location.source for f in corrupt] == ["guide"] and reason in corrupt[0].message
    result = {s.id: s for s in report.sources}["guide"]
    assert (result.status, result.http_status) == ("new", 200)  # fetched without its validators


@settings(max_examples=12, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200) | st.text(max_size=120).map(str.encode))
@example(b"# Docs\n").via("a page with a title and no sections parses")
def test_any_bytes_the_manifest_vouches_for_give_a_report_never_a_crash(site, data):
    """Hostile stored bytes with a matching manifest hash, read on a memo miss: parsed, or corrupt
    and fetched again; the run reports either way, as a run that reads the files eagerly does."""
    store = site["store"]
    manifest = json.loads((store / "manifest.json").read_text())
    entry = manifest["sources"]["guide"]
    (store / entry["file"]).write_bytes(data)
    entry["file_sha256"] = hashlib.sha256(data).hexdigest()
    (store / "manifest.json").write_text(json.dumps(manifest))
    guide = next(s for s in load_target("site", site["rules"]).sources if s.id == "guide")
    corrupt = SnapshotStore(store.parent, "site").read(guide).corrupt  # what the eager read says
    site["memo_miss"]()
    report = site["run"]()
    flagged = [f for f in report.findings if f.code == "snapshot-corrupt"]
    status = {s.id: (s.status, s.http_status) for s in report.sources}["guide"]
    if corrupt:
        assert len(flagged) == 1 and corrupt in flagged[0].message and status == ("new", 200)
    else:
        assert flagged == [] and status[1] == 304


def test_failing_rules_alone_are_judged_as_with_the_profile(site, monkeypatch):
    """A run whose every finding is a failing rule is judged without building the profile (no learned
    profile to read, no --code): the same relevance, reasons and severity as through the profile."""
    import checker.profile
    import checker.profile.build as build

    built: list[int] = []
    real = build.build_profile
    counted = lambda *a, **k: built.append(1) or real(*a, **k)  # noqa: E731
    monkeypatch.setattr(build, "build_profile", counted)
    monkeypatch.setattr(checker.profile, "build_profile", counted, raising=False)  # the package keeps what it loaded
    alone = site["run"]()
    assert built == [] and {f.kind for f in alone.findings} == {"rule"}
    assert {f.relevance for f in alone.findings} == {"used"}
    (site["store"] / "profile.json").write_text(json.dumps({"version": 1, "facts": []}))
    profiled = site["run"]()
    assert built == [1]
    assert report_of(alone) == report_of(profiled)
    (site["store"] / "profile.json").write_text("{not json")
    with pytest.raises(InputError, match="profile.json"):  # a broken learned profile is still reported
        site["run"]()
