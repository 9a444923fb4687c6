"""The fast replay (checker.commands.replay): a check whose command line, surroundings and replay
record are unchanged, and whose every source answers 304, writes the text the last such run wrote
without parsing its command line. It must write what rendering the report writes, for every view,
and step aside (a slower replay or a full run, same output) whenever anything it depends on changed.

Real `checker` processes against a loopback site answering conditional requests; which path a run
took is read from the modules it loaded: the fast replay imports no msgspec, a slower replay no
pipeline."""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.sources.target import bundled_rules_dir
from checker.store import views
from tests.loopback import LoopbackServer
from tests.speed.test_replay import SECRET, run_logged, started

FAST, SLOW, FULL = "fast replay", "replay", "full run"


def path_of(modules: set[str]) -> str:
    """Which way a run went, by what it imported."""
    return FAST if "msgspec" not in modules else SLOW if "checker.pipeline" not in modules else FULL


class Site:
    def __init__(self, tmp: Path, server: LoopbackServer, state: dict) -> None:
        self.tmp, self.server, self.state = tmp, server, state
        self.rules = tmp / "rules"
        shutil.copytree(bundled_rules_dir(), self.rules)
        for path in (self.rules / "openrouter").glob("*.yaml"):  # warnings: the threshold decides the exit code
            path.write_text(path.read_text().replace("severity: error", "severity: warning"))
        self.snapshots = tmp / "snapshots"
        self.record = self.snapshots / "openrouter" / views.FILE
        self.cache = tmp / "cache"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("CHECKER_", "NO_COLOR", "FORCE_COLOR"))}
        self.env.update(CHECKER_CACHE_DIR=str(self.cache), OPENROUTER_API_KEY=SECRET, COLUMNS="100")

    def run(self, *argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str, str]:
        """(exit code, stdout, stderr, which path: FAST, SLOW or FULL)."""
        proc, modules = run_logged(self, list(argv), {**self.env, **(env or {})})
        return proc.returncode, proc.stdout, proc.stderr, path_of(modules)

    def forget_views(self) -> None:
        data = json.loads(self.record.read_text())
        data.pop("views", None)
        self.record.write_text(json.dumps(data))


@pytest.fixture
def site(tmp_path):
    with started(Site, tmp_path, "-q") as s:
        yield s


def untimed(text: str) -> str:
    """The text without this run's duration and start time (console header, JSON fields)."""
    text = re.sub(r"\| \d+ ms$", "| - ms", text, flags=re.M)
    text = re.sub(r'"duration_ms": \d+', '"duration_ms": -', text)
    return re.sub(r'"started_at": "[^"]+"', '"started_at": -', text)


VIEWS = {
    "default": ([], {}),
    "--all": (["--all"], {}),
    "-q": (["-q"], {}),
    "--min-severity": (["--min-severity", "warning"], {}),
    "--only": (["--only", "rule"], {}),
    "--fail-on info": (["--fail-on", "info"], {}),
    "--strict": (["--strict"], {}),
    "--color always": (["--color", "always"], {}),
    "FORCE_COLOR": ([], {"FORCE_COLOR": "1"}),
    "FORCE_COLOR over NO_COLOR": ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}),
    "NO_COLOR": ([], {"NO_COLOR": "1", "CLICOLOR_FORCE": "0"}),
    "COLUMNS=50": ([], {"COLUMNS": "50"}),
    "json": (["-f", "json"], {}),
    "console and json": (["-f", "console", "-f", "json"], {}),
}


@pytest.mark.parametrize("view", list(VIEWS))
def test_the_fast_replay_writes_what_rendering_the_report_writes(site, view):
    argv, env = VIEWS[view]
    full = site.run("--quick", *argv, env=env)
    assert full[3] == FULL and site.record.is_file()
    fast = site.run("--quick", *argv, env=env)
    assert fast[3] == FAST, "the full run remembered its view: the next run is a fast replay"
    site.forget_views()
    slow = site.run("--quick", *argv, env=env)
    assert slow[3] == SLOW
    assert "rule-failed" in full[1] or "guide-" in full[1] or full[1].count("\n") > 3, "a real report"
    for other in (fast, slow):
        assert (other[0], untimed(other[1]), other[2]) == (full[0], untimed(full[1]), full[2])
    assert site.run("--quick", *argv, env=env)[3] == FAST, "the slower replay remembered the view again"


def test_views_differ_where_they_should(site):
    """The comparisons above are about different texts and exit codes, not one text every time."""
    texts = {name: site.run("--quick", *argv, env=env)[:2] for name, (argv, env) in VIEWS.items()}
    assert len({t for _, t in texts.values()}) >= 9
    assert {texts["--fail-on info"][0], texts["default"][0]} == {0, 1}
    assert "\033[" in texts["--color always"][1] and "\033[" in texts["FORCE_COLOR over NO_COLOR"][1]
    assert "\033[" not in texts["NO_COLOR"][1] + texts["default"][1]


CHANGED = {
    "another option": (["--all"], {}),
    "another width": ([], {"COLUMNS": "60"}),
    "colour forced": ([], {"FORCE_COLOR": "1"}),
    "a setting from the environment": ([], {"CHECKER_FAIL_ON": "info"}),
}


@pytest.mark.parametrize("change", list(CHANGED))
def test_a_changed_view_is_not_written_from_another_views_text(site, change):
    site.run("--quick")
    assert site.run("--quick")[3] == FAST
    argv, env = CHANGED[change]
    changed = site.run("--quick", *argv, env=env)
    assert changed[3] == SLOW
    site.record.unlink()
    full = site.run("--quick", *argv, env=env)
    assert (changed[0], untimed(changed[1])) == (full[0], untimed(full[1]))


def test_a_config_file_appearing_or_edited_is_not_written_from_the_old_text(site):
    lenient = site.run("--quick")
    assert site.run("--quick")[3] == FAST
    (site.tmp / "checker.toml").write_text('fail_on = "info"\n')
    strict = site.run("--quick")
    assert strict[3] == SLOW and (strict[0], lenient[0]) == (1, 0)
    assert site.run("--quick")[3] == FAST
    (site.tmp / "checker.toml").write_text('fail_on = "error"\n')  # the same size: the stamp has its CRC
    edited = site.run("--quick")
    assert edited[3] == SLOW and (edited[0], untimed(edited[1])) == (lenient[0], untimed(lenient[1]))
    assert site.run("--quick")[3] == FAST


def test_a_local_rules_directory_appearing_is_not_written_from_the_old_text(site):
    """Without --rules, ./rules/<target>/target.yaml replaces the bundled rules: another resolution."""
    (site.tmp / "rules").rename(site.tmp / "rules-kept")

    def run() -> str:
        return path_of(run_logged(site, ["--quick"], site.env, rules=False)[1])

    assert run() == FULL and run() == FAST
    shutil.copytree(bundled_rules_dir(), site.tmp / "rules")  # the same rules, from ./rules now
    assert run() == FULL, "another rules directory: another key"
    assert run() == FAST


def test_a_source_answering_200_is_not_written_from_the_old_text(site):
    site.run("--quick")
    assert site.run("--quick")[3] == FAST
    site.state.update(rev=1)
    changed = site.run("--quick")
    assert changed[3] == FULL and "| 0 changed or moved" not in changed[1].splitlines()[0]
    assert site.run("--quick")[3] == FULL, "no record of a run that saw a change"


@pytest.mark.parametrize("damage", [
    lambda v: {**v, "text": [7, "x"]},
    lambda v: {**v, "exit": "1"},
    lambda v: {**v, "inputs": {**v["inputs"], "rules_dir": 3}},
    lambda v: {**v, "timeout": True},
    lambda v: {**v, "inputs": {**v["inputs"], "rules_dir": "/nowhere"}},
    lambda v: "not a view",
], ids=["text", "exit", "inputs", "timeout", "rules elsewhere", "not a view"])
def test_a_damaged_view_is_a_miss_never_a_crash(site, damage):
    full = site.run("--quick")
    data = json.loads(site.record.read_text())
    data["views"] = [damage(data["views"][0])]
    site.record.write_text(json.dumps(data))
    after = site.run("--quick")
    assert after[3] == SLOW
    assert (after[0], untimed(after[1]), after[2]) == (full[0], untimed(full[1]), full[2])


def test_a_damaged_pointer_file_is_a_miss(site):
    full = site.run("--quick")
    (site.cache / "replays.json").write_text('["not", "a", "mapping"')
    after = site.run("--quick")
    assert after[3] == SLOW and untimed(after[1]) == untimed(full[1])
    assert site.run("--quick")[3] == FAST


def test_no_secret_reaches_the_record_or_the_user_cache(site):
    site.run("--quick")
    assert site.run("--quick")[3] == FAST
    hook = {"CHECKER_NOTIFY_URL": f"https://hooks.example/notify?token={SECRET}"}
    site.run("--quick", env=hook)
    assert site.run("--quick", env=hook)[3] == SLOW, "a witness holding a secret is never remembered"
    for path in (site.record, site.cache / "replays.json"):
        assert SECRET not in path.read_text()


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                                   max_size=4), max_leaves=16)
GOOD = {"witness": "w", "inputs": {"mode": "quick", "target": "t", "rules_dir": "r", "store_dir": "s",
                                   "base_url": None}, "rules": None, "timeout": 15.0, "text": ["a", 0, "b", 1],
        "exit": 0}


@settings(max_examples=150, derandomize=True)
@given(field=st.sampled_from(sorted(GOOD)), value=JSON)
def test_a_view_with_any_field_damaged_is_a_miss_or_fills(field, value):
    view = {**GOOD, field: value}
    found = views.view_of({"views": [view]}, "w")
    assert found is None or found == view
    if found is not None:
        assert isinstance(views.fill(found["text"], 12), str)
        assert type(found["exit"]) is int and isinstance(found["inputs"]["rules_dir"], str)


@settings(max_examples=60, derandomize=True)
@given(value=JSON)
def test_any_views_field_is_a_miss_or_a_view(value):
    found = views.view_of({"views": value}, "w")
    assert found is None or found["witness"] == "w"
    kept = views.with_view({"views": value}, GOOD)["views"]
    assert kept[0] == GOOD and len(kept) <= views.MAX_VIEWS


def test_the_holes_are_where_the_duration_and_start_go():
    render = lambda ms, started: f"took {ms} ms at {started}; 7 rules\n"  # noqa: E731
    parts = views.holes(render)
    assert parts == ["took ", views.DURATION, " ms at ", views.STARTED, "; 7 rules\n"]
    assert views.fill(parts, 42, "2030-01-01T00:00:00+00:00") == "took 42 ms at 2030-01-01T00:00:00+00:00; 7 rules\n"
    assert views.holes(lambda ms, started: f"{'x' * (ms % 5)} {ms}") is None, "depends on the duration otherwise"
    assert views.holes(lambda ms, started: None) is None


@settings(max_examples=80, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(columns=st.none() | st.text(alphabet="0123456789 -+x", max_size=5))
def test_the_terminal_width_is_shutils(monkeypatch, columns):
    """What the fast replay's witness and the reporters' width read: shutil's answer, without shutil."""
    import shutil

    from checker.commands.surroundings import terminal_width

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_width() == shutil.get_terminal_size((100, 24)).columns
    assert terminal_width(fallback=120) == shutil.get_terminal_size((120, 24)).columns
