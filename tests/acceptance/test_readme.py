"""Every command of the README's fenced examples runs, in order, against a loopback mirror of the
bundled target (or, for the few that cannot run in a test, parses, each with its reason).

The install lines are tested copies: `pip install .` is what test_installed_wheel.py does, and the
test command is the one .ci/run runs.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from checker.cli import build_parser, main
from tests.loopback import LoopbackServer
from tests.sites import SPEC, serve_openrouter

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MIRROR = "http://127.0.0.1:8080"  # the README's example mirror; the test's own replaces it
PARSE_ONLY = {  # command line prefix -> why it is parsed, not run
    "checker watch --cron": "a scheduler runs until stopped, and its webhook is on the internet",
}
CLIENT_TEST = """\
import json, os, urllib.request

def test_chat():
    req = urllib.request.Request(os.environ["OPENROUTER_BASE_URL"] + "/chat/completions", method="POST",
        data=json.dumps({"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "hi"}]}).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Bearer sk-or-v1-abc"})
    assert urllib.request.urlopen(req).status == 200
"""


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.S | re.M)


def segments(block: str) -> list[list[str]]:
    """Each `a && b` part of each line, as argv lists (comments dropped)."""
    out = []
    for line in block.splitlines():
        line = line.strip().removeprefix("- run:").strip()
        if not line:
            continue
        words = shlex.split(line, comments=True)
        while words:
            part = words[: words.index("&&")] if "&&" in words else words
            out.append(part)
            words = words[len(part) + 1:]
    return out


def readme_commands() -> list[list[str]]:
    commands = [seg for block in blocks("sh") for seg in segments(block) if seg and seg[0] == "checker"]
    for block in blocks("yaml"):
        for line in block.splitlines():
            if "- run:" in line:
                commands += [seg for seg in segments(line) if seg and seg[0] == "checker"]
    return commands


def test_the_two_commands_are_the_tested_ones():
    install, tests = blocks("sh")[:2]
    assert ["pip", "install", "."] in segments(install)  # non-editable: what test_installed_wheel.py runs
    assert ["checker", "--quick"] in segments(install)
    ci = (ROOT / ".ci" / "run").read_text()
    line = next(line for line in tests.splitlines() if "pytest" in line)
    test_command = line[line.index("pip install"):]
    assert test_command in ci


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("CHECKER_SNAPSHOTS", "CHECKER_RULES", "CHECKER_SPEC", "CHECKER_NOTIFY_URL", "CHECKER_FAIL_ON"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    (tmp_path / ".git").mkdir()  # no config file above this directory applies
    payloads = tmp_path / "tests" / "payloads"
    payloads.mkdir(parents=True)
    (payloads / "chat.json").write_text(json.dumps({"model": "__MODEL__", "messages": [{"role": "user", "content": "hi"}]}))
    (tmp_path / "tests" / "integration").mkdir()
    (tmp_path / "tests" / "integration" / "test_client.py").write_text(CLIENT_TEST)
    shutil.copy(ROOT / "tests" / "fixtures" / "captures" / "openai-sdk.jsonl", tmp_path / "traffic.jsonl")
    shutil.copy(ROOT / "tests" / "fixtures" / "captures" / "browser.har", tmp_path / "app.har")
    shutil.copy(ROOT / "tests" / "comply" / "models-catalog.json", tmp_path / "models.json")
    (tmp_path / "old-openapi.json").write_text(json.dumps(SPEC))
    new = json.loads(json.dumps(SPEC))
    new["paths"]["/chat/completions"]["post"]["requestBody"]["content"]["application/json"]["schema"]["required"] += ["model"]
    (tmp_path / "new-openapi.json.gz").write_bytes(gzip.compress(json.dumps(new).encode()))
    return tmp_path


def test_every_readme_command_runs(workdir, monkeypatch, capsys):
    commands = readme_commands()
    assert len(commands) >= 15
    state = {"rev": 0}
    ran = []
    with LoopbackServer() as server:
        serve_openrouter(server, state)
        monkeypatch.setenv("CHECKER_BASE_URL", server.url)
        for argv in commands:
            line = shlex.join(argv)
            reason = next((why for prefix, why in PARSE_ONLY.items() if line.startswith(prefix)), None)
            args = [server.url if a == MIRROR else a for a in argv[1:]]
            if reason:
                build_parser().parse_args(args)
                continue
            code = main(args)
            err = capsys.readouterr().err
            assert code in (0, 1), f"`{line}` exited {code}: {err}"
            assert "Traceback" not in err and "internal error" not in err, line
            ran.append(line)
            if argv[1:] == ["snapshot"]:
                state["rev"] += 1  # the docs change after the baseline: `check` has drift to show
    assert len(ran) == len(commands) - len(PARSE_ONLY)
    for written in ("report.json", "drift.sarif", "client.sarif"):
        assert (workdir / written).is_file(), written
    assert json.loads((workdir / "client.sarif").read_text())["version"] == "2.1.0"


def test_history_example_shows_the_change(workdir, monkeypatch, capsys):
    state = {"rev": 0}
    with LoopbackServer() as server:
        serve_openrouter(server, state)
        assert main(["snapshot", "--base-url", server.url, "-q"]) == 0
        state["rev"] = 1
        assert main(["check", "--base-url", server.url, "-f", "json=r.json"]) == 1
    capsys.readouterr()
    assert main(["history", "api_reference/overview"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 recorded change(s) of api_reference/overview")


def test_the_configuration_example_is_a_valid_config(tmp_path, monkeypatch):
    from checker.cli import parse

    (block,) = blocks("toml")
    (tmp_path / "pyproject.toml").write_text(block)
    monkeypatch.chdir(tmp_path)
    args = parse(build_parser(), ["check"])
    assert args._config_path == tmp_path / "pyproject.toml"
    assert args.rules == tmp_path / "ci" / "rules" and args.fail_on == "warning"
    assert list(zip(args.format, args.output)) == [("sarif", "drift.sarif")] and args.format[1:] == ["console"]
