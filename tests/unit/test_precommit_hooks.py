"""The pre-commit hooks run checker commands that exist, and `validate` takes the files pre-commit passes."""
import json
import shlex
from pathlib import Path

import yaml

from checker.cli import build_parser, main
from tests.sites import SPEC

ROOT = Path(__file__).resolve().parents[2]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def test_hooks_are_complete_and_their_commands_parse():
    ids = [h["id"] for h in HOOKS]
    assert ids == ["checker-quick-offline", "checker-validate-captures", "checker-validate-payloads"]
    parser = build_parser()
    for hook in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
        argv = shlex.split(hook["entry"])
        assert argv[0] == "checker"
        rest = argv[1:] if argv[1] != "--quick" else ["check", *argv[1:]]
        extra = [] if hook.get("pass_filenames") is False else ["a.json"]
        parser.parse_args(rest + extra)


def test_validate_reads_jsonl_and_har_arguments_as_captures(capsys, tmp_path, monkeypatch):
    """pre-commit appends file names; a capture file among them is read as a capture, not a body."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec.json").write_text(json.dumps(SPEC))
    capture = tmp_path / "c.jsonl"
    capture.write_text(json.dumps({"method": "POST", "url": "https://openrouter.ai/api/v1/chat/completions",
                                   "headers": {"Authorization": "Bearer x"},
                                   "body": {"model": "a/b", "messages": [{"role": "wizard"}]}}) + "\n")
    body = tmp_path / "ok.json"
    body.write_text(json.dumps({"model": "a/b", "messages": [{"role": "user", "content": "hi"}]}))
    code = main(["validate", str(body), str(capture), "--spec", "spec.json", "-f", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["notes"][0] == "validated 2 request(s)"  # then: which catalog checked the models, or none
    assert any(f["location"]["request"] == "c.jsonl:1" and "/messages/0/role" in (f["location"].get("pointer") or "")
               for f in report["findings"])
