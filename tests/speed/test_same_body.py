"""A body identical to the one the stored content came from is not parsed again
(checker.store.bodies): same findings, same exit code, and a changed byte is parsed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import checker.sources.page
import checker.sources.spec
from checker.cli import main
from checker.store.bodies import FILE
from tests.loopback import LoopbackServer
from tests.sites import serve_openrouter, site_rules


@pytest.fixture()
def site(tmp_path, monkeypatch):
    """The two-source 'site' target on a server that sends no ETag or Last-Modified (always 200)."""
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path / "cache"))
    state = {"rev": 0}
    with LoopbackServer() as server:
        serve_openrouter(server, state)
        args = ["--target", "site", "--rules", str(site_rules(tmp_path)), "--snapshots", str(tmp_path / "snapshots"),
                "--base-url", server.url, "-q"]
        assert main(["snapshot", *args]) == 0
        yield args, state, tmp_path / "snapshots" / "site"


def quick(args: list[str], tmp_path: Path, capsys) -> tuple[int, list[dict], list[dict]]:
    capsys.readouterr()
    code = main(["--quick", *args, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return code, report["findings"], [{k: s[k] for k in ("id", "status", "sha256")} for s in report["sources"]]


def _refuse_parsing(monkeypatch) -> None:
    def refuse(self, source, fetched):
        raise AssertionError(f"{source.id} parsed although its body is the stored one's")

    monkeypatch.setattr(checker.sources.page.PageKind, "parse", refuse)
    monkeypatch.setattr(checker.sources.spec.SpecKind, "parse", refuse)


def test_unchanged_bodies_are_not_parsed_and_the_report_is_the_same(site, tmp_path, capsys, monkeypatch):
    args, state, store = site
    parsed = quick(args, tmp_path, capsys)  # records which bodies gave the stored content
    assert (store / FILE).is_file()
    _refuse_parsing(monkeypatch)
    assert quick(args, tmp_path, capsys) == parsed
    assert {s["status"] for s in parsed[2]} == {"unchanged"}


def test_a_changed_body_is_parsed_and_reported(site, tmp_path, capsys):
    args, state, store = site
    quick(args, tmp_path, capsys)
    state["rev"] = 1
    code, findings, sources = quick(args, tmp_path, capsys)
    assert {s["id"]: s["status"] for s in sources}["guide"] == "changed"
    assert any(f["code"].startswith("page-") and f["location"]["source"] == "guide" for f in findings)


@pytest.mark.parametrize("damage", ["", "[1, 2]", '{"guide": ["x"]}', '{"guide": ["x", "y"], "openapi": 3}'])
def test_a_damaged_or_foreign_map_is_a_miss(site, tmp_path, capsys, damage):
    args, state, store = site
    expected = quick(args, tmp_path, capsys)
    (store / FILE).write_text(damage)
    assert quick(args, tmp_path, capsys) == expected


def test_an_entry_for_other_stored_content_is_not_used(site, tmp_path, capsys, monkeypatch):
    """The map names the body of rev 0; the store now holds rev 1's page: rev 0's body must be parsed."""
    args, state, store = site
    quick(args, tmp_path, capsys)
    stale = (store / FILE).read_text()
    state["rev"] = 1
    assert main(["check", "--quick", "--update-snapshots", *args]) in (0, 1)
    (store / FILE).write_text(stale)
    state["rev"] = 0
    code, findings, sources = quick(args, tmp_path, capsys)
    assert {s["id"]: s["status"] for s in sources}["guide"] == "changed"
