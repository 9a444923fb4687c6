"""The GitHub workflow and the composite action parse, and run only `checker` commands that exist."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from checker.cli import build_parser, parse

ROOT = Path(__file__).resolve().parents[2]
FILES = [ROOT / ".github" / "workflows" / "drift.yml", ROOT / "action.yml",
         *sorted((ROOT / ".github" / "workflows").glob("*.yml"))]


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict), path
    return data


def _steps(data: dict) -> list[dict]:
    if "runs" in data:
        return data["runs"]["steps"]
    return [step for job in data["jobs"].values() for step in job["steps"]]


def _commands(path: Path) -> list[list[str]]:
    """Every `checker ...` command line of the run scripts, with env/inputs put in and shell
    arrays replaced by an example."""
    data = _load(path)
    defaults = {k: str(v.get("default", "")) for k, v in (data.get("inputs") or {}).items()}
    found = []
    for step in _steps(data):
        env = {k: re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: defaults[m.group(1)], str(v))
               for k, v in (step.get("env") or {}).items()}
        for line in str(step.get("run", "")).splitlines():
            line = line.strip()
            if not line.startswith("checker "):
                continue
            line = line.replace('"${args[@]}"', "--captures example.jsonl")
            line = re.sub(r"\$\{?(\w+)\}?", lambda m, env=env: env.get(m.group(1), "x"), line)
            found.append(shlex.split(line))
    return found


@pytest.mark.parametrize("path", sorted(set(FILES)), ids=lambda p: p.name)
def test_yaml_parses_and_every_checker_command_exists(path):
    parser = build_parser()
    for argv in _commands(path):
        parser.parse_args(argv[1:])  # SystemExit (an unknown command or option) fails the test


def _parsed(argv: list[str]):
    """The command as checker sees it: settings and -f/-o pairs resolved (no config file in tmp)."""
    return parse(build_parser(), argv)


def test_drift_workflow_runs_nightly_and_on_demand(tmp_path, monkeypatch):
    data = _load(ROOT / ".github" / "workflows" / "drift.yml")
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
    steps = _steps(data)
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert uses["github/codeql-action/upload-sarif"]["with"]["sarif_file"] == "drift.sarif"
    artifacts = {s["with"]["name"]: s["with"]["path"] for s in steps if "upload-artifact" in s.get("uses", "")}
    assert "drift.html" in artifacts["drift-report"] and "snapshots/" in artifacts["drift-snapshots"]
    assert uses["peter-evans/create-pull-request"]["with"]["add-paths"].startswith("snapshots")
    assert "pr-body.md" in uses["peter-evans/create-pull-request"]["with"]["body-path"]
    (command,) = _commands(ROOT / ".github" / "workflows" / "drift.yml")
    monkeypatch.chdir(tmp_path)
    args = _parsed(command[1:])
    assert args.command == "watch" and args.once and args.full and args.update_snapshots
    assert list(zip(args.format, args.output)) == [("sarif", "drift.sarif"), ("html", "drift.html"),
                                                   ("markdown", "drift.md")]
    assert args.format[3:] == ["github"]


def test_only_the_pull_request_job_can_write(tmp_path):
    data = _load(ROOT / ".github" / "workflows" / "drift.yml")
    assert data["permissions"] == {}
    jobs = data["jobs"]
    assert jobs["drift"]["permissions"] == {"contents": "read", "security-events": "write"}
    assert jobs["snapshot-pr"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert all("checker" not in str(step.get("run", "")) for step in jobs["snapshot-pr"]["steps"])


def test_action_validates_captures_with_annotations_and_sarif(tmp_path, monkeypatch):
    (command,) = _commands(ROOT / "action.yml")
    monkeypatch.chdir(tmp_path)
    args = _parsed(command[1:])
    assert args.command == "validate" and args.captures == ["example.jsonl"]
    assert list(zip(args.format, args.output)) == [("sarif", "checker.sarif")] and args.format[1:] == ["github"]
    data = _load(ROOT / "action.yml")
    assert data["runs"]["using"] == "composite" and {"captures", "fail-on", "sarif"} <= set(data["inputs"])
    steps = data["runs"]["steps"]
    install = next(s for s in steps if s.get("name", "").startswith("Install checker"))
    assert "-e " not in install["run"] and '"$GITHUB_ACTION_PATH"' in install["run"]
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert "steps.validate.outputs.sarif-written == 'true'" in upload["if"]


PINNED = re.compile(r"^\s*-?\s*uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+(\.\d+)*)\s*$")


@pytest.mark.parametrize("path", sorted(set(FILES)), ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_the_tag_in_a_comment(path):
    lines = [line for line in path.read_text().splitlines() if re.match(r"^\s*-?\s*uses:", line)]
    assert lines
    assert [line for line in lines if not PINNED.match(line)] == []


@pytest.mark.parametrize("path", sorted((ROOT / ".github" / "workflows").glob("*.yml")), ids=lambda p: p.name)
def test_workflows_declare_permissions_and_keep_no_credentials(path):
    data = _load(path)
    assert "permissions" in data
    for job in data["jobs"].values():
        assert "permissions" in job or data["permissions"] != {}
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", sorted(set(FILES)), ids=lambda p: p.name)
def test_run_scripts_are_valid_bash(path):
    import shutil
    import subprocess

    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    for step in _steps(_load(path)):
        if "run" in step:
            script = re.sub(r"\$\{\{[^}]*\}\}", "x", step["run"])
            result = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
            assert result.returncode == 0, (step.get("name"), result.stderr)
