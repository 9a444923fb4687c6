"""Profile facts from rules, captures (--learn stored and reloaded) and --code."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from checker.cli import main
from checker.comply import read_captures
from checker.profile import Fact, Profile, build_profile, load_profile, profile_path
from checker.profile.code_scan import scan, tracked_files
from checker.profile.from_requests import profile_from_requests
from checker.profile.from_rules import profile_from_rules
from checker.rules.load import load_rules
from tests.comply.conftest import MINI_SPEC

RULES = Path(__file__).parent / "fixtures" / "rules"
KEY = "sk-or-v1-0123456789abcdef"


def origins(profile: Profile, fact: Fact) -> list[tuple]:
    return [(o.via, o.file, o.line, o.ref) for o in profile.facts.get(fact, [])]


def test_rules_facts_carry_rule_file_and_line():
    profile = profile_from_rules(load_rules(RULES, "demo"))
    rule_file = "rules/demo/demo.yaml"
    # the server prefix the rule wrote is dropped: paths are relative to servers[0].url
    assert origins(profile, Fact("operation", "POST /chat/completions")) == [("rule", rule_file, 2, "tool-choice")]
    assert Fact("value", "auto", "POST /chat/completions", scope="tool_choice") in profile.facts
    assert Fact("field", "image_url.url", schema="ChatContentImage") in profile.facts
    assert origins(profile, Fact("response-field", "data.id", "GET /models")) == [
        ("rule", rule_file, 12, "image-url")]
    assert Fact("section", "Keys", scope="guides/auth") in profile.facts  # a nested check's own page
    assert Fact("section", "Tool Choice", scope="guides/tools") in profile.facts
    assert origins(profile, Fact("header", "x-openrouter-title")) == [("rule", rule_file, 30, "title-header")]
    assert {f.name for f in profile.of_kind("page")} == {"guides/tools", "guides/auth"}


def write_captures(path: Path) -> Path:
    records = [
        {"method": "POST", "url": "https://openrouter.ai/api/v1/chat/completions",
         "headers": {"Authorization": f"Bearer {KEY}", "X-Title": "my app"},
         "body": {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": "private words"}],
                  "metadata": {KEY: "x"}, "stream": False}},
        {"method": "GET", "url": f"https://openrouter.ai/api/v1/models?token={KEY}", "headers": [["Accept", "*/*"]]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_captures_profile_keeps_names_enum_values_and_models_only(tmp_path):
    spec = json.loads(MINI_SPEC.read_text())
    profile = profile_from_requests(read_captures(write_captures(tmp_path / "caps.jsonl")), spec)
    op = "POST /chat/completions"
    assert Fact("operation", "GET /models") in profile.facts
    [origin] = profile.facts[Fact("field", "messages.role", op)]
    assert (origin.via, origin.line, origin.pointer) == ("capture", 1, "/messages/0/role")
    assert Fact("value", "user", op, scope="messages.role") in profile.facts  # the spec's enum
    assert Fact("model", "openai/gpt-4o") in profile.facts
    assert {f.name for f in profile.of_kind("header")} == {"authorization", "x-title", "accept"}
    text = json.dumps(profile.to_dict())
    for secret in (KEY, "private words", "my app", "Bearer"):
        assert secret not in text


def test_validate_learn_stores_profile_and_check_profile_reloads_it(tmp_path, capsys):
    caps = write_captures(tmp_path / "caps.jsonl")
    snaps = tmp_path / "snaps"
    code = main(["validate", "--captures", str(caps), "--spec", str(MINI_SPEC), "--learn",
                 "--snapshots", str(snaps), "--format", "json"])
    assert code in (0, 1)
    stored = profile_path(snaps, "openrouter")
    raw = stored.read_text()
    assert KEY not in raw and "private words" not in raw
    learned = load_profile(stored)
    assert Fact("field", "messages.content", "POST /chat/completions") in learned.facts
    capsys.readouterr()
    assert main(["profile", "--rules", str(RULES), "--target", "demo", "--snapshots", str(snaps)]) == 0
    # the learned profile belongs to the openrouter target; the demo target has rules only
    assert "openai/gpt-4o" not in capsys.readouterr().out
    (snaps / "demo").mkdir()
    stored.rename(profile_path(snaps, "demo"))
    assert main(["profile", "--rules", str(RULES), "--target", "demo", "--snapshots", str(snaps),
                 "--format", "json"]) == 0
    facts = json.loads(capsys.readouterr().out)["facts"]
    model = next(f for f in facts if f["kind"] == "model")
    assert model["name"] == "openai/gpt-4o" and model["origins"][0]["line"] == 1
    assert any(f["kind"] == "value" and f["origins"][0]["via"] == "rule" for f in facts)


def test_corrupt_stored_profile_is_a_one_line_error(tmp_path, capsys):
    stored = profile_path(tmp_path, "demo")
    stored.parent.mkdir(parents=True)
    stored.write_text('{"facts": [{"kind": "nonsense"}]}')
    assert main(["profile", "--rules", str(RULES), "--target", "demo", "--snapshots", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "profile.json" in err and "Traceback" not in err


def make_repo(root: Path, git: bool) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "src" / "client.py").write_text(
        'import httpx\n\nURL = "https://openrouter.ai/api/v1/chat/completions"\n'
        'body = {"model": "openai/gpt-4o",\n        "tool_choice": \'auto\'}\n'
        "headers = {'X-OpenRouter-Title': title}  # tool_choice in a comment is no literal\n")
    (root / "build").mkdir()
    (root / "build" / "copy.py").write_text('x = "tool_choice"\n')
    (root / "notes.log").write_text('"tool_choice"\n')
    (root / "image.bin").write_bytes(b'\0"tool_choice"')
    (root / ".gitignore").write_text("build/\n*.log\n")
    if git:
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


@pytest.mark.parametrize("git", [False, True], ids=["walk", "git"])
def test_code_scan_finds_literals_and_honours_gitignore(tmp_path, git):
    root = make_repo(tmp_path / "repo", git)
    assert "build/copy.py" not in tracked_files(root) and "notes.log" not in tracked_files(root)
    hits = scan(root, ["tool_choice", "x-openrouter-title", "openai/gpt-4o"], ["/chat/completions"])
    assert hits["tool_choice"] == [("src/client.py", 5)]
    assert hits["x-openrouter-title"] == [("src/client.py", 6)]  # header names match in any case
    assert hits["/chat/completions"] == [("src/client.py", 3)]
    assert hits["openai/gpt-4o"] == [("src/client.py", 4)]


def test_profile_code_attaches_file_and_line(tmp_path, capsys):
    root = make_repo(tmp_path / "repo", git=False)
    profile = build_profile("demo", rules_dir=RULES, snapshots=tmp_path / "none", code=root)
    code_origins = [(o.file, o.line) for o in profile.facts[Fact("field", "tool_choice", "POST /chat/completions")]
                    if o.via == "code"]
    assert code_origins == [("src/client.py", 5)]
    assert main(["profile", "--rules", str(RULES), "--target", "demo", "--snapshots", str(tmp_path / "none"),
                 "--code", str(root)]) == 0
    assert "code src/client.py:6" in capsys.readouterr().out  # the title header


def test_code_dir_that_does_not_exist_is_exit_2(tmp_path, capsys):
    assert main(["profile", "--rules", str(RULES), "--target", "demo", "--code", str(tmp_path / "nope")]) == 2
    assert "not a directory" in capsys.readouterr().err


def test_code_scan_does_not_follow_symlinks_out_of_the_repository(tmp_path):
    outside = tmp_path / "outside.py"
    outside.write_text('"tool_choice"\n')
    root = tmp_path / "repo"
    root.mkdir()
    (root / "link.py").symlink_to(outside)
    (root / "real.py").write_text("x = 1\n'tool_choice'\n")
    assert scan(root, ["tool_choice"]) == {"tool_choice": [("real.py", 2)]}


@settings(max_examples=40, derandomize=True, deadline=None)
@given(st.binary(max_size=300))
def test_code_scan_survives_any_file_content(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("hostile")
    (root / "f.txt").write_bytes(data + b'\n"max_tokens"\n')
    hits = scan(root, ["max_tokens"])
    if b"\0" not in data[:8192]:  # text files are scanned; the literal is on the last line
        assert hits["max_tokens"][-1] == ("f.txt", data.count(b"\n") + 2)
    else:
        assert hits == {}  # binary: skipped


def test_validate_code_attaches_the_line_naming_the_invalid_field(tmp_path, capsys):
    from tests.comply.conftest import PAYLOADS

    root = make_repo(tmp_path / "repo", git=True)
    (root / "src" / "chat.py").write_text('msg = {\n    "role": role,\n}\n')
    (root / "build" / "role.py").write_text('"role"\n')  # ignored by .gitignore
    code = main(["validate", str(PAYLOADS / "bad-role.json"), "--spec", str(MINI_SPEC), "--code", str(root),
                 "--format", "json"])
    assert code == 1
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert finding["relevance"] == "used"
    reasons = finding["relevant_because"]
    assert "code src/chat.py:2 names 'role'" in reasons and not any("build/" in r for r in reasons)


JSONS = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                         st.sampled_from(["kind", "name", "operation", "scope", "origins", "via", "line", "x"]),
                         inner, max_size=4), max_leaves=12)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(JSONS, max_size=3))
def test_a_hostile_stored_profile_loads_or_is_one_input_error(facts):
    from checker.errors import InputError

    try:
        profile = Profile.from_dict({"facts": facts}, "p.json")
    except InputError as exc:
        assert exc.message.startswith("p.json: ")
    else:
        assert Profile.from_dict(profile.to_dict()).facts == profile.facts  # what loads round-trips


def test_relevance_stage_marks_findings_and_adds_code_lines(tmp_path):
    from checker.models import Finding, Kind, Location, Severity
    from checker.profile import relevance_stage

    root = make_repo(tmp_path / "repo", git=False)
    profile = build_profile("demo", rules_dir=RULES, snapshots=tmp_path / "none")
    removed = Finding(kind=Kind.SPEC, code="request-property-removed", severity=Severity.ERROR,
                      message="POST /chat/completions: request body property 'tool_choice' was removed.",
                      official_url="https://openrouter.ai/docs/x",
                      location=Location("openapi", "/components/schemas/ChatRequest/properties/tool_choice",
                                        "POST /chat/completions"))
    [marked] = relevance_stage([removed], profile, root)
    assert (marked.relevance, marked.severity) == ("used", Severity.ERROR)
    assert "rules/demo/demo.yaml:2" in marked.relevant_because[0]
    assert "code src/client.py:5 names 'tool_choice'" in marked.relevant_because
