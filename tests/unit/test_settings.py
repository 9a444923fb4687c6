"""Settings: flag, else environment, else checker.toml / [tool.checker], else default; `checker config`."""
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cli import build_parser, main, parse
from checker.commands.settings import find_config

VARS = ("CHECKER_BASE_URL", "CHECKER_SNAPSHOTS", "CHECKER_RULES", "CHECKER_TIMEOUT", "CHECKER_FAIL_ON",
        "CHECKER_SPEC", "CHECKER_NOTIFY_URL")


@pytest.fixture(autouse=True)
def _clean(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # the search for a config file stops here, not in the repository
    for name in VARS:
        monkeypatch.delenv(name, raising=False)


PYPROJECT = """\
[project]
name = "my-client"

[tool.checker]
target = "site"
rules = "ci/rules"
snapshots = "ci/snaps"
base-url = "http://127.0.0.1:9/"
timeout = 4
fail_on = "warning"
format = ["console", "sarif=drift.sarif"]
"""


def test_pyproject_values_apply_relative_to_the_file(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # found from a subdirectory too
    args = parse(build_parser(), ["check"])
    assert (args.target, args.rules, args.snapshots) == ("site", tmp_path / "ci/rules", tmp_path / "ci/snaps")
    assert (args.base_url, args.timeout, args.fail_on) == ("http://127.0.0.1:9", 4.0, "warning")
    assert (args.format, args.output) == (["sarif", "console"], ["drift.sarif"])
    assert args._sources["target"] == str(tmp_path / "pyproject.toml")


def test_flags_beat_environment_beat_config(tmp_path, monkeypatch):
    (tmp_path / "checker.toml").write_text('timeout = 4\nsnapshots = "a"\nformat = ["json=r.json"]\n')
    monkeypatch.setenv("CHECKER_TIMEOUT", "7")
    monkeypatch.setenv("CHECKER_SNAPSHOTS", "from-env")
    args = parse(build_parser(), ["check", "--timeout", "9", "-o", "x.md"])
    assert args.timeout == 9.0 and args._sources["timeout"] == "command line"
    assert str(args.snapshots) == "from-env" and args._sources["snapshots"] == "environment CHECKER_SNAPSHOTS"
    assert (args.format, args.output) == (["markdown"], ["x.md"])  # flags replace the configured reports
    args = parse(build_parser(), ["check"])
    assert args.timeout == 7.0


def test_checker_toml_wins_over_pyproject_in_the_same_directory(tmp_path):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "checker.toml").write_text('target = "other"\n')
    assert find_config().values == {"target": "other"}


def test_a_pyproject_without_the_table_is_no_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config().path is None


@pytest.mark.parametrize("text, message", [
    ('[tool.checker]\ntarrget = "x"\n', "unknown key 'tarrget'"),
    ('[tool.checker]\ntimeout = "fast"\n', "key 'timeout' must be a number"),
    ('[tool.checker]\ntimeout = 0\n', "--timeout must be positive"),
    ('[tool.checker]\nfail-on = "fatal"\n', "--fail-on must be error, warning or info"),
    ('[tool.checker]\nformat = [1]\n', "key 'format' must be a list of strings"),
    ('[tool.checker\n', "not valid TOML"),
])
def test_bad_config_is_one_line_naming_the_file(tmp_path, text, message, capsys):
    (tmp_path / "pyproject.toml").write_text(text)
    assert main(["check", "--offline"]) == 2
    first = capsys.readouterr().err.splitlines()[0]
    assert message in first and "pyproject.toml" in first


def test_unknown_key_gets_a_close_match(tmp_path, capsys):
    (tmp_path / "checker.toml").write_text('snapshot = "x"\n')
    assert main(["config"]) == 2
    assert "did you mean 'snapshots'?" in capsys.readouterr().err


def test_bad_environment_value(monkeypatch, capsys):
    monkeypatch.setenv("CHECKER_TIMEOUT", "soon")
    assert main(["check"]) == 2
    assert "CHECKER_TIMEOUT: expected a number, got 'soon'" in capsys.readouterr().err


def test_config_command_says_where_each_value_came_from(tmp_path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    monkeypatch.setenv("CHECKER_NOTIFY_URL", "https://hooks.example/x")
    assert main(["config", "--json", "--timeout", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    where = str(tmp_path / "pyproject.toml")
    assert data["config_file"] == where
    s = data["settings"]
    assert s["timeout"] == {"value": 3.0, "from": "command line"}
    assert s["notify"] == {"value": "https://hooks.example/x", "from": "environment CHECKER_NOTIFY_URL"}
    assert s["format"] == {"value": ["sarif=drift.sarif", "console"], "from": where}
    assert s["spec"] == {"value": None, "from": "default"}
    assert s["rules"] == {"value": str(tmp_path / "ci" / "rules"), "from": where}
    assert main(["config"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"config file: {where}") and "target     site  [" in text


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.text(max_size=40))
def test_hostile_config_text_never_crashes(text):
    from pathlib import Path

    Path("checker.toml").write_text(text, encoding="utf-8")
    try:
        find_config()
    except Exception as exc:  # noqa: BLE001 - only the one-line ConfigError is allowed
        from checker.errors import ConfigError

        assert isinstance(exc, ConfigError) and "checker.toml" in exc.message


def test_config_names_the_rules_in_use(tmp_path, capsys):
    from checker.sources.target import bundled_rules_dir
    from tests.sites import site_rules

    assert main(["config", "--json"]) == 0
    rules = json.loads(capsys.readouterr().out)["settings"]["rules"]
    assert rules == {"value": str(bundled_rules_dir()), "from": "bundled with checker"}
    site_rules(tmp_path)
    assert main(["config", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["settings"]["rules"] == {"value": "rules", "from": "this directory's rules/"}
